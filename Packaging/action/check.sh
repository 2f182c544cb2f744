#!/usr/bin/env bash
# The GitHub Action's check step (action.yml): `pss-fix check` as text in the log and as SARIF
# in a file for code scanning; sets the outputs exit-code and sarif-file. Exit code 1
# (violations) fails the step only with fail-on-violations; 2 (input or usage error) always does.
#
# Environment: PSS_FIX_PATHS (default "."), PSS_FIX_ARGS, PSS_FIX_SARIF (default
# pss-fix.sarif), PSS_FIX_FAIL_ON_VIOLATIONS (default true), the runner's GITHUB_OUTPUT.
set -uo pipefail
: "${GITHUB_OUTPUT:?}"

read -ra paths <<< "${PSS_FIX_PATHS:-.}"
read -ra args <<< "${PSS_FIX_ARGS:-}"
[ "${#paths[@]}" -gt 0 ] || paths=(.)
sarif=${PSS_FIX_SARIF:-pss-fix.sarif}

command -v pss-fix >/dev/null || { echo "::error title=pss-fix::pss-fix is not on PATH (the install step failed?)" >&2; exit 2; }
pss-fix --version
# Text for the log (its exit code is the same as the SARIF run's below).
pss-fix check --color never "${args[@]}" "${paths[@]}"
status=0
pss-fix check --format sarif "${args[@]}" "${paths[@]}" > "$sarif" || status=$?
echo "exit-code=$status" >> "$GITHUB_OUTPUT"
[ -s "$sarif" ] && echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"
case "$status" in
    0) echo "pss-fix: every workload passes" ;;
    1)
        if [ "${PSS_FIX_FAIL_ON_VIOLATIONS:-true}" = true ]; then
            echo "::error title=pss-fix::workloads violate their Pod Security Standard (details above and in code scanning); fix them with: pss-fix --in-place ${paths[*]}"
            exit 1
        fi
        echo "::warning title=pss-fix::workloads violate their Pod Security Standard (fail-on-violations is off)"
        ;;
    *) echo "::error title=pss-fix::pss-fix check failed with exit code $status (an input or usage error, see above)"; exit "$status" ;;
esac
