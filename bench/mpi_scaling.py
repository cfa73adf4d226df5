#!/usr/bin/python3
"""Distributed ADMM scaling on one machine (issue #8): time per iteration, memory per rank and
bytes all-reduced per iteration, for K = 1 and K = 2 ranks on the same data.

Usage: bench/mpi_scaling.py SPIKEFORGE [--samples N] [--hidden H] [--steps T] [--iters I] [--out DIR]

Runs `spikeforge train --method admm` (Fashion-MNIST, rate encoding) as
  K=1, 1 thread   |  K=1, 2 threads  |  K=2 (mpirun -np 2), 1 thread per rank
and K=2 again on N/2 samples (bytes per iteration must not change; time should halve).
Time per iteration = (history seconds at the last iteration - at iteration 0) / iterations,
monitoring (Lagrangian, residuals, train accuracy with the readout refit) included (wall clock).
CPU s/rank = user + system CPU of the whole process (load, setup, iterations) of the busiest
rank: on a loaded machine it shows how the work divides even when the wall clock cannot.
Prints a Markdown table; the reports stay in --out.
"""
import argparse
import json
import os
import subprocess
import sys

MPI_ENV = {
    "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
    "OMPI_MCA_rmaps_base_oversubscribe": "1", "OMPI_MCA_btl_vader_single_copy_mechanism": "none",
    "OMPI_MCA_btl": "self,vader",
}


def run(cli, ranks, threads, samples, a, out):
    name = f"k{ranks}_t{threads}_n{samples}"
    report = os.path.join(out, name + ".report.json")
    cmd = [cli, "train", "--method", "admm", "--dataset", "fashion-mnist", "--steps", str(a.steps),
           "--hidden", str(a.hidden), "--train-samples", str(samples), "--test-samples", "0",
           "--iters", str(a.iters), "--threads", str(threads), "--seed", "1",
           "--out", os.path.join(out, name + ".json"), "--report", report]
    if ranks > 1:
        cmd = ["mpirun", "-np", str(ranks), "--bind-to", "none"] + cmd
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), **MPI_ENV)
    print("$ " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, env=env, stderr=subprocess.DEVNULL)
    r = json.load(open(report))
    h = r["history"]
    per_iter = (h[-1]["seconds"] - h[0]["seconds"]) / (len(h) - 1)
    comm = sum(r.get("time_comm_s", 0.0) for r in h[1:]) / (len(h) - 1)
    d = r["distributed"]
    return {
        "K": ranks, "threads/rank": threads, "N": samples, "s/iter": per_iter,
        "in sums s/iter (rank 0)": comm,
        "CPU s/rank (whole run)": max(d["cpu_seconds_per_rank"]),
        "peak RSS/rank [MiB]": max(d["peak_rss_bytes_per_rank"]) / 2**20,
        "ADMM state/rank [MiB]": r["state_bytes"] / 2**20,
        "all-reduce bytes/iter": d["comm_bytes_per_iteration"],
        "train_acc": r["train_acc"],
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cli")
    p.add_argument("--samples", type=int, default=4000)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--steps", type=int, default=25)
    p.add_argument("--iters", type=int, default=5)
    p.add_argument("--out", default="/tmp/spikeforge_mpi_bench")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rows = [run(a.cli, 1, 1, a.samples, a, a.out), run(a.cli, 1, 2, a.samples, a, a.out),
            run(a.cli, 2, 1, a.samples, a, a.out), run(a.cli, 2, 1, a.samples // 2, a, a.out)]
    keys = list(rows[0].keys())
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for r in rows:
        print("| " + " | ".join(f"{r[k]:.3f}" if isinstance(r[k], float) and k in ("s/iter", "train_acc", "CPU s/rank (whole run)", "in sums s/iter (rank 0)")
                                else f"{r[k]:.0f}" if isinstance(r[k], float) else str(r[k]) for k in keys) + " |")
    base = rows[0]["s/iter"]
    print(f"\nspeed-up vs K=1, 1 thread: K=1 2 threads {base / rows[1]['s/iter']:.2f}x, "
          f"K=2 {base / rows[2]['s/iter']:.2f}x")


if __name__ == "__main__":
    main()
