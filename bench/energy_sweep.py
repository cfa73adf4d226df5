#!/usr/bin/env python3
"""Accuracy-energy sweep of candidate `spikeforge run` configurations (issue #13, docs/bench/energy-sweep.md).

For every configuration (trainer x encoding x T x BPTT spike budget) it runs, one at a time and niced:
  spikeforge train    --method M --dataset fashion-mnist --encoding E --steps T --hidden 256
                      --train-samples 20000 --test-samples 0 [BPTT: --epochs 8 --spike-budget L]
  spikeforge quantize --profile spikeforge-core --dataset fashion-mnist --samples 0   (10000 test images)
  spikeforge energy   --constants horowitz-45nm --samples S                          (RTL counters)
and prints one markdown table row per configuration. Results are cached per configuration in
OUT/<name>/ (a finished step is not re-run), so an interrupted sweep resumes.

usage: bench/energy_sweep.py --spikeforge build/ci/cli/spikeforge --out /tmp/esweep [--only NAME ...]
                             [--energy-samples 200] [--configs bptt|admm|all]
"""
import argparse
import json
import os
import subprocess
import sys
import time


def configs(which):
    out = []
    if which in ("bptt", "all"):
        for enc in ("latency", "rate"):
            for steps in (25, 10):
                for lam in (0.0, 1.0, 4.0):
                    out.append({"method": "bptt", "encoding": enc, "steps": steps, "budget": lam})
    if which in ("admm", "all"):
        for enc in ("rate", "latency"):
            for steps in (25, 10):
                out.append({"method": "admm", "encoding": enc, "steps": steps, "budget": None})
    return out


def name_of(c):
    b = "" if c["budget"] is None else f"-b{c['budget']:g}"
    return f"{c['method']}-{c['encoding']}-T{c['steps']}{b}"


def run(cmd, log):
    t0 = time.time()
    with open(log, "a") as f:
        f.write("$ " + " ".join(cmd) + "\n")
        f.flush()
        r = subprocess.run(["nice", "-n", "10"] + cmd, stdout=f, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)} (log {log})")
    return time.time() - t0


def measure(sf, c, out_dir, energy_samples):
    d = os.path.join(out_dir, name_of(c))
    os.makedirs(d, exist_ok=True)
    log = os.path.join(d, "log.txt")
    net, qnet = os.path.join(d, "net.json"), os.path.join(d, "net.q.json")
    trep, qrep, erep = (os.path.join(d, f) for f in ("train.json", "quantize.json", "energy.json"))
    if not os.path.exists(trep):
        cmd = [sf, "train", "--method", c["method"], "--dataset", "fashion-mnist", "--encoding", c["encoding"],
               "--steps", str(c["steps"]), "--hidden", "256", "--train-samples", "20000", "--test-samples", "0",
               "--out", net, "--report", trep]
        if c["method"] == "bptt":
            cmd += ["--epochs", "8", "--spike-budget", str(c["budget"])]
        run(cmd, log)
    if not os.path.exists(qrep):
        run([sf, "quantize", "--net", net, "--profile", "spikeforge-core", "--out", qnet, "--dataset", "fashion-mnist",
             "--samples", "0", "--report", qrep], log)
    if not os.path.exists(erep):
        run([sf, "energy", "--net", qnet, "--dataset", "fashion-mnist", "--samples", str(energy_samples),
             "--constants", "horowitz-45nm", "--report", erep], log)
    t, q, e = (json.load(open(p)) for p in (trep, qrep, erep))
    est = e["estimates"]["horowitz-45nm"]
    n = e["samples"]
    rates = t.get("hidden_rates")
    return {
        "name": name_of(c), **c,
        "train_s": t["seconds_train"],
        "hidden_rate": rates[0] if rates else None,
        "float_acc": q["evaluation"]["float_accuracy"] if "evaluation" in q else q.get("float_accuracy"),
        "fixed_acc": q["evaluation"]["fixed_accuracy"] if "evaluation" in q else q.get("fixed_accuracy"),
        "energy_uj": est["energy_per_inference_j"] * 1e6,
        "snn_ann": est["snn_over_ann"],
        "sops": e["counts"]["synaptic_ops"] / n,
        "hidden_spikes": e["counts"]["spikes"] / n,
        "samples": n,
    }


def row(m):
    b = "–" if m["budget"] is None else f"{m['budget']:g}"
    hr = "–" if m["hidden_rate"] is None else f"{m['hidden_rate']:.4f}"
    return (f"| {m['method']} | {m['encoding']} | {m['steps']} | {b} | {m['float_acc'] * 100:.2f} | {m['fixed_acc'] * 100:.2f} | "
            f"{hr} | {m['hidden_spikes']:.0f} | {m['sops']:.0f} | {m['energy_uj']:.3f} | {m['snn_ann']:.3f} | {m['train_s']:.0f} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spikeforge", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--energy-samples", type=int, default=200)
    ap.add_argument("--configs", default="all", choices=("bptt", "admm", "all"))
    ap.add_argument("--only", nargs="*", default=None)
    a = ap.parse_args()
    print("| trainer | encoding | T | spike budget λ | float acc % | fixed acc % | hidden rate (train) | "
          "hidden spikes / inf. | synaptic ops / inf. | energy µJ | SNN/ANN | train s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for c in configs(a.configs):
        if a.only and name_of(c) not in a.only:
            continue
        print(row(measure(a.spikeforge, c, a.out, a.energy_samples)), flush=True)


if __name__ == "__main__":
    main()
