#!/usr/bin/env python3
"""Group `perf script` samples of pss-fix by pipeline phase.

Input: `perf script -F tid,ip,sym` output of a `perf record --call-graph dwarf` run, passed
through `swift demangle --simplified`. Each sample goes to the innermost frame of its stack
that matches a phase below (leaf to root), so `libyaml` under the Verifier's re-parse counts as
libyaml and the Verifier's own work as Verifier. Prints the share of samples per phase, the
top leaf functions inside each, and the split between the main thread and the workers.

    python3 Benchmarks/perf_phases.py perf-check.txt [LEAVES_PER_PHASE]
"""
import collections
import re
import sys

PHASES = [
    ("libyaml (yaml_*)", r"^yaml_"),
    ("YAMLParser: MarkConverter", r"MarkConverter"),
    ("YAMLParser: TreeBuilder (tree building)", r"TreeBuilder"),
    ("SourceText.init (line starts)", r"SourceText\.init"),
    ("template-marker scan", r"containsTemplateMarkers"),
    ("Node.effectivePairs (merge-key expansion)", r"Node\.effectivePairs"),
    ("Node.subscript (key lookup)", r"Node\.subscript"),
    ("Workload.find / PodView", r"Workload\.|PodView|ContainerView"),
    ("fixer planning", r"ManifestChecker\.fixable|Fixer\.plan|Fixer.*plan\(|FixerRegistry"),
    ("Evaluator / checks", r"Evaluator\.|Check\.evaluate"),
    ("Verifier: SemanticValue", r"SemanticValue"),
    ("Verifier (other)", r"Verifier"),
    ("EditPlanner / EditRenderer", r"EditPlanner|EditRenderer|DocumentIndex|DocumentStyle"),
    ("TextPatcher (other)", r"TextPatcher"),
    ("LineDiff", r"LineDiff"),
    ("UnifiedDiff (other)", r"UnifiedDiff"),
    ("JSON report rendering", r"JSONCheckReporter"),
    ("SARIF / text report rendering", r"SARIFReporter|TextCheckReporter"),
    ("FixSummary (stderr report)", r"FixSummary"),
    ("file read", r"FileProcessor\.read|FileManager.*contents"),
    ("input walk (InputCollector)", r"InputCollector"),
    ("YAMLParser.parse (other)", r"YAMLParser\.parse"),
    ("ManifestChecker.check (other)", r"ManifestChecker\.check"),
    ("ManifestFixer.fix (other)", r"ManifestFixer\.fix"),
    ("Fix.execute (other)", r"Fix\.execute"),
    ("Check.execute (other)", r"Check\.execute"),
]


def samples(path):
    cur, tid = None, None
    for line in open(path, errors="replace"):
        if not line.strip():
            if cur is not None:
                yield tid, cur
            cur = None
            continue
        if not line[0].isspace():
            tid, cur = line.split()[0], []
            continue
        parts = line.strip().split(None, 1)
        if cur is not None:
            cur.append(parts[1] if len(parts) > 1 else "?")
    if cur is not None:
        yield tid, cur


def main():
    rules = [(label, re.compile(rx)) for label, rx in PHASES]
    per_phase = collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    threads = collections.Counter()
    total = 0
    for tid, stack in samples(sys.argv[1]):
        total += 1
        threads[tid] += 1
        label = None
        for frame in stack:
            for name, rx in rules:
                if rx.search(frame):
                    label = name
                    break
            if label:
                break
        per_phase[label or "unattributed (runtime, kernel, start-up)"] += 1
        leaves[label or "unattributed (runtime, kernel, start-up)"][stack[0] if stack else "?"] += 1
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    for label, count in per_phase.most_common():
        print("%6.2f%%  %s" % (100.0 * count / total, label))
        for leaf, m in leaves[label].most_common(n):
            print("            %5.2f%%  %s" % (100.0 * m / total, leaf[:120]))
    print("samples: %d; per thread: %s" % (total, ", ".join("%s %.1f%%" % (t, 100.0 * c / total) for t, c in threads.most_common())))


if __name__ == "__main__":
    main()
