#!/usr/bin/python3
"""Checks the `distributed` block of train reports (issue #8).

Usage: check_report.py RANKS REPORT [REPORT2]
REPORT must say ranks = RANKS and, for RANKS > 1, a positive comm_bytes_per_iteration.
With REPORT2 (the same run on other sample counts): the bytes per iteration must be equal,
i.e. independent of the number of samples.
"""
import json
import sys


def load(path, ranks):
    r = json.load(open(path))
    d = r.get("distributed")
    if d is None:
        sys.exit(f"{path}: no 'distributed' block")
    if d["ranks"] != ranks:
        sys.exit(f"{path}: ranks = {d['ranks']}, expected {ranks}")
    if ranks > 1 and not d["comm_bytes_per_iteration"] > 0:
        sys.exit(f"{path}: comm_bytes_per_iteration = {d['comm_bytes_per_iteration']} must be > 0")
    return r


def main():
    ranks = int(sys.argv[1])
    a = load(sys.argv[2], ranks)
    da = a["distributed"]
    print(f"{sys.argv[2]}: {a['train_samples']} samples, {da['comm_bytes_per_iteration']:.0f} bytes/iteration")
    if len(sys.argv) > 3:
        b = load(sys.argv[3], ranks)
        db = b["distributed"]
        print(f"{sys.argv[3]}: {b['train_samples']} samples, {db['comm_bytes_per_iteration']:.0f} bytes/iteration")
        if a["train_samples"] == b["train_samples"]:
            sys.exit("the two reports must come from different sample counts")
        if da["comm_bytes_per_iteration"] != db["comm_bytes_per_iteration"]:
            sys.exit("bytes per iteration depend on the number of samples")


if __name__ == "__main__":
    main()
