#!/usr/bin/python3
"""Checks the output of `spikeforge explore` (cli/cmd_explore.cpp).

  check_explore.py DIR N     explore.json has N points, all done and spike-exact, each with a run
                             directory holding report.json; the Pareto front and the recommended
                             point agree with a brute-force recomputation from the points; and
                             explore.html, rendered in headless Chromium, draws N point markers and
                             the front (when /usr/bin/chromium exists; otherwise that part is
                             reported as not run and the check fails, so it is never silently skipped).
Exit 0 when every check passes, 1 with the list of failures otherwise.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_TIMEOUT_S = 120


def fail(errors):
    for e in errors:
        print("check_explore: " + e, file=sys.stderr)
    sys.exit(1)


class Shapes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.points = []
        self.front = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "circle" and "point" in (a.get("class") or "").split():
            self.points.append(a.get("data-id"))
        if tag == "polyline" and a.get("id") == "front":
            self.front = a.get("points", "")


def main():
    d, n = sys.argv[1], int(sys.argv[2])
    e = json.load(open(os.path.join(d, "explore.json")))
    errors = []
    pts = e["points"]
    if len(pts) != n:
        errors.append("%d points, expected %d" % (len(pts), n))
    for p in pts:
        if p.get("status") != "done":
            errors.append("point %s is %s" % (p["id"], p.get("status")))
            continue
        if not p["spike_exact"]:
            errors.append("point %s is not spike-exact on the RTL core" % p["id"])
        if not os.path.exists(os.path.join(d, p["dir"], "report.json")):
            errors.append("point %s has no report.json" % p["id"])
        if not (0.0 <= p["fixed_accuracy"] <= 1.0 and p["energy_j"] > 0.0):
            errors.append("point %s has implausible figures" % p["id"])
    done = [p for p in pts if p.get("status") == "done" and p["spike_exact"]]
    # Brute force: on the front iff no other point has energy <= and accuracy >= with one strict
    # (an exact duplicate keeps the earlier one).
    expect_front = []
    for i, p in enumerate(done):
        dominated = False
        for j, q in enumerate(done):
            if i == j:
                continue
            weak = q["energy_j"] <= p["energy_j"] and q["fixed_accuracy"] >= p["fixed_accuracy"]
            strict = q["energy_j"] < p["energy_j"] or q["fixed_accuracy"] > p["fixed_accuracy"]
            if weak and (strict or j < i):
                dominated = True
        if not dominated:
            expect_front.append(p["id"])
    if sorted(expect_front) != sorted(e["pareto_front"]):
        errors.append("front %s, brute force says %s" % (e["pareto_front"], expect_front))
    if done:
        best = max(p["fixed_accuracy"] for p in done)
        ok = [p for p in done if p["fixed_accuracy"] >= best - e["tolerance"]]
        cheapest = min(p["energy_j"] for p in ok)
        if e["recommended"] not in [p["id"] for p in ok if p["energy_j"] == cheapest]:
            errors.append("recommended %s is not the cheapest point within the tolerance" % e["recommended"])
    page = os.path.abspath(os.path.join(d, "explore.html"))
    text = open(page, encoding="utf-8").read()
    if "http://" in text.replace("http://www.w3.org/2000/svg", "") or "https://" in text:
        errors.append("explore.html references the network")
    if not os.path.exists(CHROMIUM):
        errors.append(CHROMIUM + " is missing: the page was not rendered")
    else:
        tmp = tempfile.mkdtemp(prefix="sf-chromium-")
        try:
            res = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                  "--disable-background-networking", "--user-data-dir=" + os.path.join(tmp, "p"),
                                  "--dump-dom", "file://" + page],
                                 capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_S)
            shapes = Shapes()
            shapes.feed(res.stdout)
            if res.returncode != 0:
                errors.append("chromium failed: " + res.stderr[-1000:])
            if sorted(shapes.points) != sorted(p["id"] for p in pts if p.get("status") == "done"):
                errors.append("rendered point markers %s differ from the points" % shapes.points)
            if not shapes.front or len(shapes.front.split()) != len(e["pareto_front"]):
                errors.append("the rendered front has %s vertices, expected %d" %
                              (len((shapes.front or "").split()), len(e["pareto_front"])))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if errors:
        fail(errors)
    print("check_explore: ok")


if __name__ == "__main__":
    main()
