#!/usr/bin/python3
"""Checks the out dir of `spikeforge run`.

  check_report_html.py DIR --artifacts    every artifact exists and report.json has every figure
  check_report_html.py DIR --render       report.html renders in headless Chromium without script
                                          errors and every figure is drawn and non-empty
  [--screenshot PNG]                      also writes a screenshot (1280x4000) of the page

Exit 0 on success, 1 with the reasons on stderr otherwise.
"""
import argparse
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

FIGURES = ["fig-summary", "fig-training", "fig-residuals", "fig-confusion", "fig-rates", "fig-raster",
           "fig-quant-error", "fig-verify", "fig-energy", "fig-hardware", "fig-stages"]
# Figures that must contain a drawn chart (an <svg> with shapes) when every stage ran.
SVG_FIGURES = ["fig-training", "fig-residuals", "fig-confusion", "fig-rates", "fig-raster", "fig-quant-error",
               "fig-verify", "fig-energy"]
CHROMIUM = "/usr/bin/chromium"
# The page's script runs in well under a second; the budget is virtual time, so generous is free.
VIRTUAL_TIME_BUDGET_MS = 10000
CHROMIUM_TIMEOUT_S = 180


def fail(errors):
    for e in errors:
        print("check_report_html: " + e, file=sys.stderr)
    sys.exit(1)


def check_artifacts(d):
    errors = []
    for f in ["net.json", "net.q.json", "lava.json", "net.net", "net.nir", "mem/manifest.json", "report.json",
              "report.html", "state.json", "config.json"]:
        p = os.path.join(d, f)
        if not os.path.exists(p) or os.path.getsize(p) == 0:
            errors.append("missing or empty artifact " + f)
    if errors:
        fail(errors)
    r = json.load(open(os.path.join(d, "report.json")))
    need = {
        "train": ["history", "train_acc", "sizes"],
        "eval": ["accuracy", "confusion", "firing_rates", "raster"],
        "quantize": ["profiles", "primary"],
        "export": ["files"],
        "verify": ["matched", "samples", "spike_exact"],
        "energy": ["estimates"],
        "hardware": ["cells", "note"],
    }
    for sec, keys in need.items():
        if sec not in r:
            errors.append("report.json has no '%s'" % sec)
            continue
        for k in keys:
            if k not in r[sec]:
                errors.append("report.json %s has no '%s'" % (sec, k))
    if errors:
        fail(errors)
    if not r["train"]["history"] or "train_acc" not in r["train"]["history"][-1]:
        errors.append("training history is empty or lacks train_acc")
    if not any("_res" in k or k == "loss" for row in r["train"]["history"] for k in row):
        errors.append("training history has neither residuals nor a loss")
    n = len(r["eval"]["confusion"])
    if n == 0 or sum(sum(row) for row in r["eval"]["confusion"]) != r["eval"]["samples"]:
        errors.append("float confusion matrix does not sum to the sample count")
    if not 0.0 <= r["eval"]["accuracy"] <= 1.0:
        errors.append("float accuracy out of [0, 1]")
    profiles = r["quantize"]["profiles"]
    for p in ["spikeforge-core", "loihi"]:
        if p not in profiles:
            errors.append("quantize has no profile " + p)
        elif not 0.0 <= profiles[p]["fixed_accuracy"] <= 1.0 or not profiles[p]["layers"]:
            errors.append("quantize profile %s lacks accuracy or layers" % p)
    if "loihi" in profiles and not profiles["loihi"].get("reset_consequence"):
        errors.append("loihi (zero reset only) has no reset_consequence statement")
    if len(r["eval"]["raster"]["layers"]) < 2:
        errors.append("raster has fewer than 2 layers")
    if r["verify"]["samples"] <= 0:
        errors.append("verify ran no samples")
    if not r["energy"]["estimates"] or not all(e["energy_per_inference_j"] > 0 for e in r["energy"]["estimates"]):
        errors.append("energy estimates missing or non-positive")
    if not any(e.get("ann_energy_per_inference_j") for e in r["energy"]["estimates"]):
        errors.append("no energy estimate prices the equivalent ANN")
    if [s["status"] for s in r["stages"]] != ["done"] * 6:
        errors.append("not every stage is done: %s" % [s["status"] for s in r["stages"]])
    if errors:
        fail(errors)


class Dom(html.parser.HTMLParser):
    """Collects body attributes and, per figure id, the tags and text inside it."""
    VOID = {"meta", "link", "br", "img", "input", "hr", "area", "base", "col", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.body = {}
        self.stack = []          # open figure ids (innermost last) with their depth
        self.depth = 0
        self.figs = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        for fid, _ in self.stack:
            self.figs[fid]["tags"].append(tag)
        if tag == "figure" and a.get("id"):
            self.figs[a["id"]] = {"attrs": a, "tags": [], "text": ""}
            self.stack.append((a["id"], self.depth))
        if tag not in self.VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        for fid, _ in self.stack:
            self.figs[fid]["tags"].append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        self.depth -= 1
        if tag == "figure" and self.stack and self.stack[-1][1] == self.depth:
            self.stack.pop()

    def handle_data(self, data):
        for fid, _ in self.stack:
            self.figs[fid]["text"] += data


def chromium(args, tmp):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--user-data-dir=" + os.path.join(tmp, "profile")] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_S)


def check_render(d, screenshot):
    page = os.path.abspath(os.path.join(d, "report.html"))
    text = open(page, encoding="utf-8").read()
    errors = []
    for bad in ["http://", "https://", "//cdn"]:
        for line in text.splitlines():
            if bad in line and "www.w3.org/2000/svg" not in line:
                errors.append("report.html references the network: " + line.strip()[:120])
                break
    tmp = tempfile.mkdtemp(prefix="sf-chromium-")
    try:
        res = chromium(["--virtual-time-budget=%d" % VIRTUAL_TIME_BUDGET_MS, "--dump-dom", "file://" + page], tmp)
        if res.returncode != 0 or "<body" not in res.stdout:
            fail(errors + ["chromium failed (exit %d): %s" % (res.returncode, res.stderr[-2000:])])
        dom = Dom()
        dom.feed(res.stdout)
        if dom.body.get("data-js-errors"):
            errors.append("script errors: " + dom.body["data-js-errors"])
        if dom.body.get("data-rendered") != "1":
            errors.append("the page's script did not finish (no data-rendered on <body>)")
        for fid in FIGURES:
            f = dom.figs.get(fid)
            if f is None:
                errors.append("figure %s is missing" % fid)
                continue
            if f["attrs"].get("data-ok") != "1":
                errors.append("figure %s was not drawn (no data-ok)" % fid)
            if len(f["tags"]) < 3 or not f["text"].strip():
                errors.append("figure %s is empty" % fid)
            if fid in SVG_FIGURES:
                shapes = sum(f["tags"].count(t) for t in ("rect", "polyline", "circle"))
                if "svg" not in f["tags"] or shapes == 0:
                    errors.append("figure %s has no drawn SVG chart" % fid)
        if screenshot:
            res = chromium(["--virtual-time-budget=%d" % VIRTUAL_TIME_BUDGET_MS, "--hide-scrollbars",
                            "--screenshot=" + os.path.abspath(screenshot), "--window-size=1280,4000",
                            "file://" + page], tmp)
            if res.returncode != 0 or not os.path.exists(screenshot):
                errors.append("screenshot failed: " + res.stderr[-1000:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if errors:
        fail(errors)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--artifacts", action="store_true")
    ap.add_argument("--render", action="store_true")
    ap.add_argument("--screenshot")
    a = ap.parse_args()
    if not a.artifacts and not a.render:
        ap.error("give --artifacts and/or --render")
    if a.artifacts:
        check_artifacts(a.dir)
    if a.render:
        check_render(a.dir, a.screenshot)
    print("check_report_html: ok")


if __name__ == "__main__":
    main()
