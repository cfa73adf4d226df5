#!/usr/bin/python3
"""Checks that two JSON documents agree exactly on the given top-level keys (issue #8: results of
np = 1 and np = K that are sums of integer counts, hence exactly equal).

Usage: compare_keys.py A.json B.json KEY [KEY ...]
"""
import json
import sys


def main():
    a = json.load(open(sys.argv[1]))
    b = json.load(open(sys.argv[2]))
    for key in sys.argv[3:]:
        if key not in a or key not in b:
            sys.exit(f"{key}: missing in {sys.argv[1] if key not in a else sys.argv[2]}")
        if a[key] != b[key]:
            sys.exit(f"{key}: {a[key]} vs {b[key]}")
    print("ok: " + ", ".join(f"{k} = {a[k]}" for k in sys.argv[3:] if not isinstance(a[k], (dict, list))))


if __name__ == "__main__":
    main()
