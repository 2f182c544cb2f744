#!/usr/bin/env python3
"""Checks issue 21's four properties on a real kustomize tree (used for the real-tree runs).

Usage: Tools/kustomize-tree-check.py TREE PATH... [-- EXTRA ARGS]
  (PSSFIX=path/to/pss-fix; default .build/debug/pss-fix; needs kubectl, python3-yaml, and the
  helm stand-in in .build/helm-venv for helmCharts)

Copies TREE (the original is never touched), runs `pss-fix --in-place --level restricted PATH...`
in the copy, and for every kustomization root (one no other kustomization of the tree builds):
the render after has no automatically fixable violation left (for roots inside the paths), no
object changed outside securityContext/seccomp fields, no file outside the paths was written,
and a second run changes nothing. Prints OK or the problems, and the copy's path.
"""
import os, sys, shutil, subprocess, tempfile, yaml, json, re
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B = os.environ.get("PSSFIX", os.path.join(ROOT, ".build/debug/pss-fix"))
tree, paths = sys.argv[1], sys.argv[2:]
extra = []
if "--" in paths:
    i = paths.index("--"); extra = paths[i+1:]; paths = paths[:i]
work = tempfile.mkdtemp(prefix="props-")
copy = os.path.join(work, "t")
shutil.copytree(tree, copy, symlinks=True, ignore=shutil.ignore_patterns(".git"))
os.makedirs(os.path.join(copy, ".git"))
def snapshot():
    out = {}
    for d, ds, fs in os.walk(copy):
        if ".git" in d.split(os.sep): continue
        for f in fs:
            p = os.path.join(d, f)
            if os.path.islink(p): continue
            out[os.path.relpath(p, copy)] = open(p, "rb").read()
    return out
def roots():
    found = []
    for d, ds, fs in os.walk(copy):
        if ".git" in d: continue
        for n in ("kustomization.yaml", "kustomization.yml", "Kustomization"):
            if n in fs:
                try: k = yaml.safe_load(open(os.path.join(d, n)))
                except Exception: k = None
                if isinstance(k, dict) and k.get("kind") == "Component": break
                found.append(d); break
    built = set()
    for d in found:
        for n in ("kustomization.yaml", "kustomization.yml", "Kustomization"):
            f = os.path.join(d, n)
            if os.path.exists(f):
                try: k = yaml.safe_load(open(f)) or {}
                except Exception: k = {}
                for key in ("resources", "bases", "components"):
                    for e in k.get(key) or []:
                        if isinstance(e, str): built.add(os.path.normpath(os.path.join(d, e)))
                break
    return sorted(d for d in found if os.path.normpath(d) not in built)
helm = os.path.join(ROOT, ".build/helm-venv/bin/helm")
def render(d):
    r = subprocess.run(["kubectl", "kustomize", "--enable-helm", "--helm-command", helm, d], capture_output=True)
    return r.stdout if r.returncode == 0 else None
def objects(b):
    out = {}
    for doc in yaml.safe_load_all(b):
        if not isinstance(doc, dict): continue
        m = doc.get("metadata") or {}
        out[f'{doc.get("kind")} {m.get("namespace","")}/{m.get("name")}'] = doc
    return out
def diffs(a, b, path=()):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in set(a) | set(b):
            if k not in a or k not in b: yield path + (k,)
            else: yield from diffs(a[k], b[k], path + (k,))
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)): yield from diffs(x, y, path + (str(i),))
    elif a != b: yield path
allowed = re.compile(r"securityContext|seccomp")
rs = roots()
before = snapshot()
renders = {r: render(r) for r in rs}
env = dict(os.environ, PATH=os.path.dirname(helm) + ":" + os.environ["PATH"])
run = subprocess.run([B, "--in-place", "--level", "restricted", *extra, *paths], cwd=copy, capture_output=True, text=True, env=env)
print(f"== in-place exit {run.returncode}")
print(run.stderr.replace(copy + "/", ""))
after = snapshot()
changed = [f for f in set(before) | set(after) if before.get(f) != after.get(f)]
problems = []
given = [os.path.realpath(os.path.join(copy, p)) for p in paths]
for f in changed:
    full = os.path.realpath(os.path.join(copy, f))
    if not any(full == g or full.startswith(g + "/") for g in given): problems.append(f"written outside the given paths: {f}")
print("changed:", sorted(changed))
for r in rs:
    rel = os.path.relpath(r, copy)
    old, new = renders[r], render(r)
    if old is None:
        if new is not None: problems.append(f"{rel}: renders now, did not before")
        continue
    if new is None: problems.append(f"{rel}: no longer renders"); continue
    a, b = objects(old), objects(new)
    if set(a) != set(b): problems.append(f"{rel}: objects differ {set(a) ^ set(b)}")
    for key in a:
        if key not in b: continue
        for p in diffs(a[key], b[key]):
            if not any(allowed.search(str(x)) for x in p): problems.append(f"{rel}: {key} changed at {'.'.join(p)}")
    given_root = any(os.path.realpath(r) == g or os.path.realpath(r).startswith(g + "/") for g in given)
    if given_root and new.strip():
        c = subprocess.run([B, "-", "--diff", "--level", "restricted", *extra], input=new, capture_output=True)
        if c.stdout.strip(): problems.append(f"{rel}: still automatically fixable in its render:\n{c.stdout.decode()[:1500]}")
again = subprocess.run([B, "--diff", "--level", "restricted", *extra, *paths], cwd=copy, capture_output=True, text=True, env=env)
if again.stdout.strip(): problems.append("second run changes something:\n" + again.stdout[:2000])
print("PROBLEMS:" if problems else "OK: all four properties hold", *problems, sep="\n  ")
print("copy:", copy)
