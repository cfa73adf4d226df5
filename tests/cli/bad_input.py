#!/usr/bin/env python3
"""Bad-input table of docs/reliability.md: one case per class of input or output fault.

Usage: bad_input.py SPIKEFORGE TESTS_DATA_DIR CASE [TEST_DRIVER]   (CASE = a function name below, or --list)
TEST_DRIVER is the same command line with the test-only hooks (--fail-stage); default SPIKEFORGE.
Each case runs the CLI in a fresh temp directory and checks the exit code, that the message names
the file/option/value, and that no file was lost or clobbered. Exit 0 = pass.
"""
import fcntl
import json
import os
import shutil
import stat
import struct
import subprocess
import sys
import tempfile

CLI = ""
DRIVER = ""
DATA = ""
TMP = ""


def sf(*args, expect, match=None, cwd=None, exe=None):
    """Runs spikeforge with args, checks the exit code and that stderr contains every `match` string."""
    p = subprocess.run([exe or CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd or TMP, timeout=240)
    if p.returncode != expect:
        raise AssertionError(f"{' '.join(map(str, args))}: exit {p.returncode}, expected {expect}\n{p.stderr}")
    for m in [match] if isinstance(match, str) else (match or []):
        if m not in p.stderr:
            raise AssertionError(f"{' '.join(map(str, args))}: stderr lacks {m!r}:\n{p.stderr}")
    return p


def path(*parts):
    return os.path.join(TMP, *parts)


def write(p, text):
    with open(p, "w") as f:
        f.write(text)


def read(p):
    with open(p) as f:
        return f.read()


def float_net():
    return os.path.join(DATA, "eval_net.json")


def fixed_net():
    return os.path.join(DATA, "tiny.q.json")


# 1. devices and symlinks as --out
def out_device_written_through():
    sf("quantize", "--net", float_net(), "--profile", "spikeforge-core", "--out", "/dev/null", expect=0)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null is no longer a character device"


def out_symlink_followed():
    os.mkdir(path("real"))
    write(path("real", "net.q.json"), "OLD")
    os.symlink(path("real", "net.q.json"), path("link.q.json"))
    sf("quantize", "--net", float_net(), "--profile", "spikeforge-core", "--out", path("link.q.json"), expect=0)
    assert os.path.islink(path("link.q.json")), "the symlink was replaced"
    assert json.loads(read(path("real", "net.q.json")))["format"].startswith("spikeforge.fixed"), "target not written"


def out_directory_refused():
    os.mkdir(path("d"))
    write(path("d", "mine.txt"), "mine")
    for cmd in (["quantize", "--net", float_net(), "--profile", "spikeforge-core", "--out", path("d")],
                ["export", "--net", fixed_net(), "--format", "lava", "--out", path("d")],
                ["simulate", "--net", fixed_net(), "--input", os.path.join(DATA, "tiny_spikes.json"), "--out", path("d")]):
        sf(*cmd, expect=2, match=["--out", path("d"), "is a directory"])
    assert read(path("d", "mine.txt")) == "mine"


# 2. export --format rtl over a file or a foreign directory
def export_rtl_never_deletes():
    write(path("file"), "precious")
    sf("export", "--net", fixed_net(), "--format", "rtl", "--out", path("file"), expect=2,
       match=[path("file"), "not a directory"])
    assert read(path("file")) == "precious"
    os.mkdir(path("home"))
    write(path("home", "notes.txt"), "mine")
    sf("export", "--net", fixed_net(), "--format", "rtl", "--out", path("home"), expect=2, match="without manifest.json")
    assert read(path("home", "notes.txt")) == "mine"
    sf("export", "--net", fixed_net(), "--format", "rtl", "--out", path("mem"), expect=0)
    sf("export", "--net", fixed_net(), "--format", "rtl", "--out", path("mem"), expect=0)  # its own: replaced
    assert os.path.isfile(path("mem", "manifest.json"))


# 3. a failed command leaves its outputs untouched
def failed_command_keeps_outputs():
    write(path("net.q.json"), "OLD")
    sf("quantize", "--net", float_net(), "--profile", "spikeforge-core", "--out", path("net.q.json"),
       "--report", path("no", "such", "dir", "r.json"), expect=2, match=["--report", "does not exist"])
    assert read(path("net.q.json")) == "OLD", "net.q.json was replaced by a failing command"
    write(path("net.json"), "OLD")
    sf("train", "--dataset", "synthetic", "--hidden", "4", "--iters", "1", "--out", path("net.json"),
       "--report", path("d_missing", "r.json"), expect=2, match="--report")
    assert read(path("net.json")) == "OLD"


# 4. problems found before the work
def unwritable_out_before_training():
    p = sf("train", "--dataset", "synthetic", "--hidden", "4", "--out", path("nodir", "net.json"), expect=2,
           match=["train --out", "does not exist"])
    assert "[train]" not in p.stderr, "training started before the --out check"


def run_config_checked_before_stages():
    for doc, key in ((('{"quantize": {"weight_bits": 99}}'), "weight_bits"),
                     ('{"energy": {"constants": ["nope"]}}', "nope")):
        write(path("c.json"), doc)
        p = sf("run", "--quick", "--config", path("c.json"), "--out", path("r"), expect=2, match=key)
        assert "[run 1/" not in p.stderr, "a stage ran before the config was checked"
    write(path("c.json"), '{"quantize": {"profiles": ["' + path("none.json") + '"]}}')
    sf("run", "--quick", "--config", path("c.json"), "--out", path("r"), expect=3, match="none.json")


# 5. run directory lock, stale artifacts
def run_dir_locked():
    os.mkdir(path("r"))
    with open(path("r", ".lock"), "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        f.write("pid 424242 on testhost since now\n")
        f.flush()
        sf("run", "--quick", "--stages", "train", "--out", path("r"), expect=2, match=["in use by pid 424242", path("r")])
    assert not os.path.exists(path("r", "state.json")), "a refused run wrote state.json"


def run_stale_artifacts_marked():
    os.mkdir(path("r"))
    write(path("r", "net.q.json"), "from an old run")
    write(path("r", "net.json"), "from an old run")
    sf("run", "--quick", "--stages", "train,eval,quantize", "--fail-stage", "eval", "--out", path("r"), expect=1, exe=DRIVER)
    state = json.loads(read(path("r", "state.json")))
    assert "net.q.json" in state["stale_from_previous_run"], state
    assert "net.json" not in state["stale_from_previous_run"], state  # rewritten by this run's train stage


# 9./10. --resume verifies artifacts and removes stale temp files
def run_resume_verifies_artifacts():
    sf("run", "--quick", "--stages", "train,eval,quantize", "--out", path("r"), expect=0)
    state = json.loads(read(path("r", "state.json")))
    assert "net.q.json" in state["artifacts"]["quantize"], state["artifacts"]
    os.remove(path("r", "net.q.json"))
    write(path("r", ".lava.json.tmp.99999.0"), "half written")
    sf("run", "--quick", "--stages", "train,eval,quantize", "--resume", "--out", path("r"), expect=0,
       match=["removed stale temp file .lava.json.tmp.99999.0", "stage quantize is not intact (net.q.json: missing)"])
    assert os.path.isfile(path("r", "net.q.json")), "the quantize stage was not run again"
    assert not os.path.exists(path("r", ".lava.json.tmp.99999.0"))
    with open(path("r", "net.json"), "a") as f:
        f.write(" ")
    sf("run", "--quick", "--stages", "train,eval,quantize", "--resume", "--out", path("r"), expect=0,
       match="stage train is not intact (net.json: size")


# 6. numeric policy in the CLI and the run config
def cli_numbers():
    cases = [
        (["train", "--dataset", "synthetic", "--hidden", "4", "--out", path("n.json"), "--train-samples", "-1"], "--train-samples"),
        (["train", "--dataset", "synthetic", "--hidden", "4", "--out", path("n.json"), "--seed", "-1"], "--seed"),
        (["train", "--dataset", "synthetic", "--hidden", "4", "--out", path("n.json"), "--iters", "0"], "iterations = 0"),
        (["train", "--dataset", "synthetic", "--hidden", "4", "--out", path("n.json"), "--steps", "2.5"], "--steps"),
        (["eval", "--net", float_net(), "--samples", "-1"], "--samples"),
        (["quantize", "--net", float_net(), "--profile", "spikeforge-core", "--out", path("q.json"),
          "--finetune-samples", "-1"], "--finetune-samples"),
        (["verify", "--net", fixed_net(), "--samples", "99999999999999999999"], "--samples"),
        (["import", "--nir", path("x.nir"), "--out", path("n.json"), "--steps", "0"], "--steps"),
    ]
    for args, opt in cases:
        sf(*args, expect=2, match=opt)
    assert not os.path.exists(path("n.json"))


def run_config_numbers():
    for doc, key in (('{"verify": {"samples": -1}}', "verify.samples = -1"),
                     ('{"data": {"steps": 2.5}}', "data.steps = 2.5"),
                     ('{"train": {"hidden": [16.7]}}', "train.hidden[0] = 16.7"),
                     ('{"data": {"steps": 1e10}}', "data.steps = 10000000000")):
        write(path("c.json"), doc)
        sf("run", "--quick", "--config", path("c.json"), "--out", path("r"), expect=2, match=key)


def clamped_counts_warned():
    sf("train", "--dataset", "synthetic", "--hidden", "4", "--iters", "1", "--train-samples", "1000000000000",
       "--test-samples", "0", "--out", path("n.json"), expect=0, match="warning: --train-samples 1000000000000 >")


# 7. directories and missing files as inputs
def directory_inputs():
    os.mkdir(path("d"))
    sf("eval", "--net", path("d"), expect=3, match=[path("d"), "is a directory"])
    sf("export", "--net", path("d"), "--format", "lava", "--out", path("l.json"), expect=3, match=[path("d"), "is a directory"])
    sf("simulate", "--net", fixed_net(), "--input", path("d"), "--out", path("t.json"), expect=3,
       match=["--input", path("d"), "is a directory"])
    sf("run", "--quick", "--config", path("d"), "--out", path("r"), expect=3, match=["--config", path("d"), "is a directory"])
    sf("import", "--nir", path("d"), "--out", path("n.json"), expect=3, match=[path("d"), "is a directory"])


def missing_inputs():
    sf("export", "--net", path("none.q.json"), "--format", "lava", "--out", path("l.json"), expect=3,
       match=["none.q.json", "does not exist"])
    sf("import", "--nir", path("none.nir"), "--out", path("n.json"), expect=3, match="none.nir")
    sf("quantize", "--net", path("none.json"), "--profile", "spikeforge-core", "--out", path("q.json"), expect=3,
       match="none.json")


# 8. forged IDX header
def forged_idx_header():
    os.mkdir(path("fm"))
    claim = 0xFFFFFFFF
    for split in ("train", "t10k"):
        write_bytes = lambda p, b: open(p, "wb").write(b)
        write_bytes(path("fm", f"{split}-images-idx3-ubyte"), struct.pack(">IIII", 0x803, claim, 28, 28) + b"\0\0")
        write_bytes(path("fm", f"{split}-labels-idx1-ubyte"), struct.pack(">II", 0x801, claim) + b"\1\2")
    sf("data", "--dataset", "fashion-mnist", "--data-dir", path("fm"), expect=3,
       match=["labels-idx1-ubyte", "truncated", "file ends after 2"])


def main():
    global CLI, DRIVER, DATA, TMP
    cases = {k: v for k, v in globals().items() if callable(v) and v.__module__ == "__main__"
             and k not in ("sf", "path", "write", "read", "float_net", "fixed_net", "main")}
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        print("\n".join(cases))
        return 0
    if len(sys.argv) not in (4, 5) or sys.argv[3] not in cases:
        print(__doc__, file=sys.stderr)
        return 2
    CLI, DATA = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    DRIVER = os.path.abspath(sys.argv[4]) if len(sys.argv) == 5 else CLI
    TMP = tempfile.mkdtemp(prefix="spikeforge-bad-input-")
    try:
        cases[sys.argv[3]]()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    print("ok:", sys.argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
