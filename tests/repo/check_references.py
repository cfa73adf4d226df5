#!/usr/bin/env python3
"""Fails if a tracked file cites a file the repository does not hold.

The repository must explain itself: code comments, docs, the README and tests may point only at
files inside it. For every tracked text file this finds
  * every *.md name (a path like docs/admm.md, a relative link like ../README.md or bench/mpi.md,
    or a bare name like BENCHMARKS.md) and checks that it resolves to a file of the repository
    (bare names: some tracked file of that name);
  * every path into the repository's own folders (core/..., docs/..., tests/..., ...) ending in a
    file extension, and checks that the file exists;
  * every path into the team's workspace outside the repository (an absolute /work/ or /home/
    path, or a ../ path that leaves the repository), which is always an error.
It prints one line per broken reference (file:line: reference: why) and exits 1 if there is any.

Usage: check_references.py <repository root>
"""
import os
import re
import subprocess
import sys

# Documents that another branch is adding at the same time as the references to them. While such a
# document is absent, citing it is allowed, and so are the listed (file, reference) pairs that the
# same branch replaces. Once the document exists the entry has no effect: every reference must then
# resolve. Delete an entry when its document has landed.
PENDING = {
}

# Folders of the repository whose files a path may name (a path starting elsewhere, e.g. build/ or
# runs/, names an output, not a source file).
TEXT_EXTENSIONS = (".md", ".cpp", ".hpp", ".h", ".py", ".cmake", ".txt", ".json", ".sv", ".sh", ".ys",
                   ".yml", ".yaml", ".html")
FILE_EXTENSIONS = ("md", "cpp", "hpp", "h", "py", "cmake", "txt", "json", "sv", "sh", "ys", "hex")

MD_RE = re.compile(r"(?<![\w.~/-])((?:\.\.?/|/|~/)?[\w.-]+(?:/[\w.-]+)*\.md)(?![\w/-])")
OUTSIDE_RE = re.compile(r"(?<![\w.-])((?:/work|/home|/root|~)/[\w./+-]*|(?:\.\./)+shared\b[\w./-]*)")


def tracked_files(root):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z"], check=True, capture_output=True).stdout
        files = [f for f in out.decode().split("\0") if f]
        if files:
            return files
    except (OSError, subprocess.CalledProcessError):
        pass
    files = []  # a source tree without git: every file outside build outputs
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if x not in (".git", "build", "runs", "__pycache__")]
        files += [os.path.relpath(os.path.join(d, n), root) for n in names]
    return files


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    files = sorted(tracked_files(root))
    exists = set(files)
    basenames = {os.path.basename(f) for f in files}
    top_dirs = sorted({f.split("/", 1)[0] for f in files if "/" in f and not f.startswith(".")})
    path_re = re.compile(r"(?<![\w.<>*{}/-])((?:%s)/[\w./-]*\.(?:%s))(?![\w/<>*{}-])"
                         % ("|".join(map(re.escape, top_dirs)), "|".join(FILE_EXTENSIONS)))
    pending = {doc: info for doc, info in PENDING.items() if doc not in exists}
    pending_refs = set()
    for info in pending.values():
        pending_refs |= info["replaced_refs"]
    me = os.path.relpath(os.path.abspath(__file__), root)

    def resolves(src, ref):
        if ref.startswith(("/", "~")):
            return False
        here = os.path.dirname(src)
        candidates = [os.path.normpath(os.path.join(here, ref))]
        if not ref.startswith("."):
            candidates.append(os.path.normpath(ref))
        if any(c in exists or c in pending for c in candidates):
            return True
        return "/" not in ref and ref in basenames

    problems = []
    for src in files:
        if src == me or not src.endswith(TEXT_EXTENSIONS) or src.startswith("tests/data/"):
            continue
        try:
            with open(os.path.join(root, src), encoding="utf-8") as f:
                lines = f.readlines()
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        for number, line in enumerate(lines, 1):
            if line.lstrip().startswith("#include"):
                continue  # the compiler resolves includes (and the include rules are checked elsewhere)
            found = []
            for m in OUTSIDE_RE.finditer(line):
                found.append((m.group(1), "a path outside the repository"))
            for m in MD_RE.finditer(line):
                ref = m.group(1)
                if not resolves(src, ref):
                    found.append((ref, "no such document in the repository"))
            for m in path_re.finditer(line):
                ref = m.group(1).rstrip(".")
                if not resolves(src, ref) and not os.path.exists(os.path.join(root, ref)):
                    found.append((ref, "no such file in the repository"))
            seen = set()
            for ref, why in found:
                if ref in seen or (src, ref) in pending_refs:
                    continue
                seen.add(ref)
                problems.append(f"{src}:{number}: {ref}: {why}")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} reference(s) to files the repository does not hold; point them at an "
              "in-repo document (docs/architecture.md, docs/admm.md, docs/energy.md, docs/fixed-point.md, ...)")
        return 1
    note = "".join(f"; {doc} pending ({info['why']})" for doc, info in pending.items())
    print(f"{len(files)} tracked files: every cited file is in the repository{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
