"""Load a spikeforge ``lava.json`` ("spikeforge.lava/1") and run it in Intel Lava.

Targets lava-nc 0.9 / 0.10 (APIs used: ``lava.proc.io.source.RingBuffer``,
``lava.proc.dense.process.Dense`` and ``lava.proc.sparse.process.Sparse`` (a
``scipy.sparse.csr_matrix``; needs SciPy, as Lava itself does) with
``weight_exp``/``num_weight_bits``/``sign_mode`` keyword arguments, ``lava.proc.lif.process.LIF``, ``lava.proc.monitor.process.Monitor``,
``lava.magma.core.run_configs.Loihi2SimCfg(select_tag="fixed_pt")``,
``lava.magma.core.run_conditions.RunSteps``).

Two parts:

* Pure Python + NumPy (importable without Lava): ``load_spec`` reads and checks the JSON,
  ``dense_effective_weights`` / ``lif_step`` re-implement Lava's bit-accurate Dense and LIF
  (``PyDenseModelBitAcc``, ``PyLifModelBitAcc``; docs/fixed-point.md),
  ``simulate_lava_steps`` steps the whole network in Lava's order (one step of delay per Dense) and
  ``simulate_numpy`` returns spikes and voltages aligned to spikeforge's golden model.
* Lava (imported lazily inside ``build_lava`` / ``run_lava``): builds the processes, including two
  custom processes with bit-accurate fixed-point models that Lava lacks: ``LIFResetSubtract``
  (reset by subtracting vth << 6 at the next step, undecayed, inside the 24-bit saturation) and
  ``LIFNonSpiking`` (the output integrator: never spikes, never resets).

Timing (also stated in the JSON's "timing" object): layer l's golden step t (1-based) is Lava step
t + l. The run is T + L Lava steps with L zero steps appended to the input (RingBuffer repeats its
data), and layer l's bias is switched on only from Lava step l + 1 so that the leading steps keep the
state at zero, as the golden model starts.

Usage::

    import spikeforge_lava as sfl
    spec = sfl.load_spec("lava.json")
    result = sfl.run_lava(spec, spikes)         # spikes: T x n_in array of 0/1, needs Lava
    result = sfl.simulate_numpy(spec, spikes)   # same numbers without Lava
    result["spikes"][l]   # T x n_l bool, layer l (0-based) at golden steps 1..T
    result["v"][l]        # T x n_l int64
    result["output_v"]    # n_L int64: the output layer's v after step T (argmax = prediction)
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

FORMAT = "spikeforge.lava/1"
LAVA_VERSION = "lava-nc 0.9 / 0.10"

SIGN_MIXED, SIGN_EXCITATORY, SIGN_INHIBITORY = 1, 2, 3
V_MAX = (1 << 23) - 1          # v saturates to +-V_MAX
U_WRAP = 1 << 23               # u wraps once at +-2^23
DECAY_UNITY = 4096
VTH_SHIFT = 6
ACT_SHIFT = 6
LIF_TYPES = ("LIF", "LIFResetSubtract", "LIFNonSpiking")


class SpecError(ValueError):
    """A malformed lava.json: the message names the file, process, field and value."""


# --------------------------------------------------------------------------------------------
# Reading and checking lava.json
# --------------------------------------------------------------------------------------------
def _need(obj: Dict[str, Any], key: str, where: str, source: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise SpecError(f"{source}: {where}: missing field '{key}'")
    return obj[key]


def _int_field(obj, key, where, source, lo, hi) -> int:
    v = _need(obj, key, where, source)
    if isinstance(v, bool) or not isinstance(v, int) or v < lo or v > hi:
        raise SpecError(f"{source}: {where}: {key} = {v!r} is not an integer in [{lo}, {hi}]")
    return v


def _csr_weights(d: Dict[str, Any], where: str, source: str, n_in: int) -> np.ndarray:
    """A Sparse process's CSR arrays as a dense int64 matrix (n_out x n_in), with the checks the C++
    reader makes: indptr from 0 to nnz and never decreasing, columns in range and ascending within a
    row (scipy would add duplicates), weights in [-256, 255]."""
    shape = _need(d, "shape", where, source)
    if not isinstance(shape, list) or len(shape) != 2 or shape[1] != n_in or shape[0] < 1:
        raise SpecError(f"{source}: {where}: shape = {shape!r}, expected [n_out, {n_in}]")
    csr = _need(d, "csr", where, source)
    indptr = np.asarray(_need(csr, "indptr", where + " csr", source), dtype=np.int64)
    indices = np.asarray(_need(csr, "indices", where + " csr", source), dtype=np.int64)
    data = np.asarray(_need(csr, "data", where + " csr", source), dtype=np.int64)
    n_out = int(shape[0])
    if indptr.shape != (n_out + 1,):
        raise SpecError(f"{source}: {where} csr: indptr has {indptr.size} entries, expected {n_out + 1}")
    if indices.shape != data.shape or indices.ndim != 1:
        raise SpecError(f"{source}: {where} csr: indices ({indices.size}) and data ({data.size}) differ in length")
    if indptr[0] != 0 or indptr[-1] != data.size or np.any(np.diff(indptr) < 0):
        raise SpecError(f"{source}: {where} csr: indptr must rise from 0 to {data.size}")
    if data.size and (indices.min() < 0 or indices.max() >= n_in):
        raise SpecError(f"{source}: {where} csr: a column index is outside [0, {n_in})")
    if data.size and (data.min() < -256 or data.max() > 255):
        raise SpecError(f"{source}: {where} csr: a weight is outside [-256, 255]")
    w = np.zeros((n_out, n_in), dtype=np.int64)
    for r in range(n_out):
        cols = indices[indptr[r]:indptr[r + 1]]
        if np.any(np.diff(cols) <= 0):
            raise SpecError(f"{source}: {where} csr: columns of row {r} do not ascend (or repeat)")
        w[r, cols] = data[indptr[r]:indptr[r + 1]]
    return w


def parse_spec(doc: Dict[str, Any], source: str = "lava.json") -> Dict[str, Any]:
    """Checks a parsed lava.json document and returns a spec: a dict with "steps" (T), "layers"
    (list of dicts with numpy arrays: connection ("Dense" | "Sparse"), weights (dense n_out x n_in
    either way), weight_exp, num_weight_bits, sign_mode, du, dv, vth,
    bias_mant, bias_exp, reset, spiking, type), "inputs", "timing". Raises SpecError."""
    if _need(doc, "format", "document", source) != FORMAT:
        raise SpecError(f"{source}: document: format = {doc.get('format')!r}, expected {FORMAT!r}")
    timing = _need(doc, "timing", "document", source)
    steps = _int_field(timing, "steps", "timing", source, 1, 1 << 30)
    procs = _need(doc, "processes", "document", source)
    if not isinstance(procs, list) or len(procs) < 3 or len(procs) % 2 != 1:
        raise SpecError(f"{source}: processes: expected an input RingBuffer then Dense/LIF pairs")
    if procs[0].get("type") != "RingBuffer":
        raise SpecError(f"{source}: processes[0]: type = {procs[0].get('type')!r}, expected 'RingBuffer'")
    n_in = int(_need(procs[0], "shape", "process 'input'", source)[0])
    layers: List[Dict[str, Any]] = []
    prev = n_in
    for k in range(1, len(procs), 2):
        d, n = procs[k], procs[k + 1]
        dw, nw = f"process '{d.get('name', k)}'", f"process '{n.get('name', k + 1)}'"
        if d.get("type") not in ("Dense", "Sparse"):
            raise SpecError(f"{source}: {dw}: type = {d.get('type')!r}, expected 'Dense' or 'Sparse'")
        if d["type"] == "Sparse":
            w = _csr_weights(d, dw, source, prev)
        else:
            w = np.asarray(_need(d, "weights", dw, source), dtype=np.int64)
        if w.ndim != 2 or w.shape[1] != prev:
            raise SpecError(f"{source}: {dw}: weights shape {w.shape} does not take {prev} inputs")
        if n.get("type") not in LIF_TYPES:
            raise SpecError(f"{source}: {nw}: type = {n.get('type')!r}, expected one of {LIF_TYPES}")
        bias = np.asarray(_need(n, "bias_mant", nw, source), dtype=np.int64)
        if bias.shape != (w.shape[0],):
            raise SpecError(f"{source}: {nw}: bias_mant has shape {bias.shape}, expected ({w.shape[0]},)")
        layer = {
            "name": n.get("name", f"lif{len(layers) + 1}"),
            "type": n["type"],
            "connection": d["type"],
            "weights": w,
            "weight_exp": _int_field(d, "weight_exp", dw, source, -16, 16),
            "num_weight_bits": _int_field(d, "num_weight_bits", dw, source, 1, 8),
            "sign_mode": _int_field(d, "sign_mode", dw, source, 1, 3),
            "du": _int_field(n, "du", nw, source, 0, 4095),
            "dv": _int_field(n, "dv", nw, source, 0, 4095),
            "vth": _int_field(n, "vth", nw, source, 0, (1 << 17) - 1),
            "bias_mant": bias,
            "bias_exp": _int_field(n, "bias_exp", nw, source, 0, 7),
            "reset": _need(n, "reset", nw, source),
            "spiking": bool(_need(n, "spiking", nw, source)),
        }
        if layer["reset"] not in ("zero", "subtract"):
            raise SpecError(f"{source}: {nw}: reset = {layer['reset']!r}, expected 'zero' or 'subtract'")
        if layer["spiking"] != (n["type"] != "LIFNonSpiking"):
            raise SpecError(f"{source}: {nw}: spiking = {layer['spiking']} disagrees with type {n['type']!r}")
        layers.append(layer)
        prev = w.shape[0]
    return {"steps": steps, "inputs": n_in, "layers": layers, "timing": timing,
            "run_config": doc.get("run_config", {}), "source": source}


def load_spec(path: str) -> Dict[str, Any]:
    """Reads lava.json (see parse_spec)."""
    with open(path, "r", encoding="utf-8") as f:
        doc = json.load(f)
    return parse_spec(doc, str(path))


# --------------------------------------------------------------------------------------------
# Bit-accurate NumPy re-implementation of Lava's fixed-point Dense and LIF
# --------------------------------------------------------------------------------------------
def dense_effective_weights(weights: np.ndarray, num_weight_bits: int, sign_mode: int) -> np.ndarray:
    """Lava's one-time Dense weight preparation: clip by sign mode, drop the low bits."""
    w = np.asarray(weights, dtype=np.int64)
    mixed = sign_mode == SIGN_MIXED
    k = 8 - num_weight_bits + (1 if mixed else 0)
    if sign_mode == SIGN_MIXED:
        w = np.clip(w, -256, 255)
        return np.left_shift(np.right_shift(w, k), k)
    if sign_mode == SIGN_EXCITATORY:
        w = np.clip(w, 0, 255)
        return np.left_shift(np.right_shift(w, k), k)
    w = np.clip(w, -255, 0)
    return -np.left_shift(np.right_shift(-w, k), k)


def dense_output(eff_weights: np.ndarray, spikes_in: np.ndarray, weight_exp: int) -> np.ndarray:
    """acc = W s, shifted by weight_exp (arithmetic right shift for negative exponents)."""
    acc = eff_weights @ np.asarray(spikes_in, dtype=np.int64)
    if weight_exp >= 0:
        return acc * (1 << weight_exp)
    return np.right_shift(acc, -weight_exp)


def _trunc12(x: np.ndarray) -> np.ndarray:
    return np.sign(x) * np.right_shift(np.abs(x), 12)


def effective_bias(bias_mant: np.ndarray, bias_exp: int) -> np.ndarray:
    b = np.asarray(bias_mant, dtype=np.int64)
    return b * (1 << bias_exp) if bias_exp >= 0 else np.right_shift(b, -bias_exp)


def lif_step(u, v, a_in, du, dv, bias, vth, reset="zero", spiking=True, spiked_prev=None):
    """One bit-accurate LIF step (Lava's PyLifModelBitAcc, plus spikeforge's subtract reset and the
    non-spiking integrator). Returns new (u, v, s) as int64/bool arrays; inputs are not modified."""
    u = np.asarray(u, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    a = np.asarray(a_in, dtype=np.int64)
    u_new = _trunc12(u * (DECAY_UNITY - (du + 1))) + a * (1 << ACT_SHIFT)
    # Lava's single wrap: > 2^23 -> -2^24; <= -2^23 -> +2^24 (so -2^23 becomes +2^23).
    wrapped = np.where(u_new > U_WRAP, u_new - 2 * U_WRAP, u_new)
    wrapped = np.where(wrapped <= -U_WRAP, u_new + 2 * U_WRAP, wrapped)
    v_new = _trunc12(v * (DECAY_UNITY - dv)) + wrapped + np.asarray(bias, dtype=np.int64)
    th = int(vth) << VTH_SHIFT
    if reset == "subtract" and spiked_prev is not None:
        v_new = v_new - th * np.asarray(spiked_prev, dtype=np.int64)
    v_new = np.clip(v_new, -V_MAX, V_MAX)
    if spiking:
        s = v_new > th
    else:
        s = np.zeros(v_new.shape, dtype=bool)
    if spiking and reset == "zero":
        v_new = np.where(s, 0, v_new)
    return wrapped, v_new, s


def _as_raster(spikes, steps: int, n_in: int) -> np.ndarray:
    r = np.asarray(spikes)
    if r.shape != (steps, n_in):
        raise ValueError(f"input spikes have shape {r.shape}, expected (T, n_in) = ({steps}, {n_in})")
    if not np.all((r == 0) | (r == 1)):
        raise ValueError("input spikes must be 0 or 1")
    return r.astype(np.int64)


def simulate_lava_steps(spec: Dict[str, Any], lava_input: np.ndarray, num_steps: int,
                        bias_enable_step: Optional[Sequence[int]] = None) -> Dict[str, List[np.ndarray]]:
    """Plain Lava semantics, step by step: RingBuffer -> Dense -> LIF -> Dense -> ... Each Dense sends
    at step k the activation it computed at step k - 1. ``lava_input`` is (num_steps, n_in) (row k-1 is
    sent at Lava step k). ``bias_enable_step[l]`` = last Lava step at which layer l's bias is still
    off (0 = bias on from the start, Lava's default). Returns per-layer (num_steps, n) arrays
    "u", "v", "s" indexed by Lava step - 1."""
    layers = spec["layers"]
    eff = [dense_effective_weights(L["weights"], L["num_weight_bits"], L["sign_mode"]) for L in layers]
    bias = [effective_bias(L["bias_mant"], L["bias_exp"]) for L in layers]
    enable = list(bias_enable_step) if bias_enable_step is not None else [0] * len(layers)
    n = [L["weights"].shape[0] for L in layers]
    u = [np.zeros(k, dtype=np.int64) for k in n]
    v = [np.zeros(k, dtype=np.int64) for k in n]
    s_prev = [np.zeros(k, dtype=bool) for k in n]
    a_buff = [np.zeros(k, dtype=np.int64) for k in n]
    rec = {key: [np.zeros((num_steps, k), dtype=np.int64) for k in n] for key in ("u", "v", "s")}
    for step in range(1, num_steps + 1):
        s_below = np.asarray(lava_input[step - 1], dtype=np.int64)
        for i, L in enumerate(layers):
            a_in = a_buff[i]                                     # computed last step (Dense delay)
            a_buff[i] = dense_output(eff[i], s_below, L["weight_exp"])
            b = bias[i] if step > enable[i] else np.zeros_like(bias[i])
            u[i], v[i], s = lif_step(u[i], v[i], a_in, L["du"], L["dv"], b, L["vth"], L["reset"],
                                     L["spiking"], s_prev[i])
            s_prev[i] = s
            rec["u"][i][step - 1] = u[i]
            rec["v"][i][step - 1] = v[i]
            rec["s"][i][step - 1] = s
            s_below = s.astype(np.int64)
    return rec


def lava_schedule(spec: Dict[str, Any]) -> Dict[str, Any]:
    """The run plan the timing object prescribes: run_steps, per-layer offsets and bias switch-on."""
    depth = len(spec["layers"])
    t = spec["timing"]
    offsets = list(t.get("layer_offset", range(1, depth + 1)))
    return {
        "steps": spec["steps"],
        "run_steps": int(t.get("run_steps", spec["steps"] + depth)),
        "padding": int(t.get("input_padding", depth)),
        "offsets": offsets,
        "bias_enable_step": list(t.get("bias_enable_step", offsets)),
    }


def padded_input(spec: Dict[str, Any], spikes) -> np.ndarray:
    """The golden input raster (T, n_in) followed by the zero padding: (run_steps, n_in)."""
    plan = lava_schedule(spec)
    raster = _as_raster(spikes, spec["steps"], spec["inputs"])
    pad = np.zeros((plan["run_steps"] - spec["steps"], spec["inputs"]), dtype=np.int64)
    return np.vstack([raster, pad])


def align_to_golden(spec: Dict[str, Any], rec: Dict[str, List[np.ndarray]]) -> Dict[str, Any]:
    """Cuts each layer's Lava-step records down to golden steps 1..T (layer l at Lava t + l)."""
    plan = lava_schedule(spec)
    T = plan["steps"]
    out: Dict[str, Any] = {"spikes": [], "u": [], "v": []}
    for i, off in enumerate(plan["offsets"]):
        out["spikes"].append(rec["s"][i][off:off + T].astype(bool))
        out["u"].append(rec["u"][i][off:off + T])
        out["v"].append(rec["v"][i][off:off + T])
    out["output_v"] = out["v"][-1][T - 1].copy()
    out["prediction"] = int(np.argmax(out["output_v"]))
    return out


def simulate_numpy(spec: Dict[str, Any], spikes) -> Dict[str, Any]:
    """What run_lava returns, computed with NumPy only, following Lava's update order (Dense delay,
    bias switched on at bias_enable_step). Results aligned to the golden model's steps."""
    plan = lava_schedule(spec)
    rec = simulate_lava_steps(spec, padded_input(spec, spikes), plan["run_steps"], plan["bias_enable_step"])
    return align_to_golden(spec, rec)


# --------------------------------------------------------------------------------------------
# Lava part (imported lazily: Lava is optional for everything above)
# --------------------------------------------------------------------------------------------
_CUSTOM = None


def _custom_processes():
    """Defines (once) the custom processes and their bit-accurate fixed_pt ProcessModels."""
    global _CUSTOM
    if _CUSTOM is not None:
        return _CUSTOM
    from lava.magma.core.process.process import AbstractProcess
    from lava.magma.core.process.variable import Var
    from lava.magma.core.process.ports.ports import InPort, OutPort
    from lava.magma.core.sync.protocols.loihi_protocol import LoihiProtocol
    from lava.magma.core.model.py.ports import PyInPort, PyOutPort
    from lava.magma.core.model.py.type import LavaPyType
    from lava.magma.core.model.py.model import PyLoihiProcessModel
    from lava.magma.core.resources import CPU
    from lava.magma.core.decorator import implements, requires, tag

    class _SpikeforgeLIF(AbstractProcess):
        def __init__(self, *, shape, du=0, dv=0, vth=0, bias_mant=0, bias_exp=0, name=None):
            super().__init__(shape=shape, name=name)
            self.a_in = InPort(shape=shape)
            self.s_out = OutPort(shape=shape)
            self.u = Var(shape=shape, init=0)
            self.v = Var(shape=shape, init=0)
            self.du = Var(shape=(1,), init=du)
            self.dv = Var(shape=(1,), init=dv)
            self.vth = Var(shape=(1,), init=vth)
            self.bias_mant = Var(shape=shape, init=bias_mant)
            self.bias_exp = Var(shape=shape, init=bias_exp)

    class LIFResetSubtract(_SpikeforgeLIF):
        """LIF whose reset subtracts vth << 6 at the step after a spike (spikeforge's reset)."""

    class LIFNonSpiking(_SpikeforgeLIF):
        """The output integrator: LIF dynamics, never spikes, never resets."""

    class _ModelBase(PyLoihiProcessModel):
        a_in: PyInPort = LavaPyType(PyInPort.VEC_DENSE, np.int32, precision=24)
        s_out: PyOutPort = LavaPyType(PyOutPort.VEC_DENSE, np.int32, precision=24)
        u: np.ndarray = LavaPyType(np.ndarray, np.int32, precision=24)
        v: np.ndarray = LavaPyType(np.ndarray, np.int32, precision=24)
        du: np.ndarray = LavaPyType(np.ndarray, np.int32, precision=12)
        dv: np.ndarray = LavaPyType(np.ndarray, np.int32, precision=12)
        vth: np.ndarray = LavaPyType(np.ndarray, np.int32, precision=17)
        bias_mant: np.ndarray = LavaPyType(np.ndarray, np.int32, precision=13)
        bias_exp: np.ndarray = LavaPyType(np.ndarray, np.int32, precision=3)
        RESET = "zero"
        SPIKING = True

        def __init__(self, proc_params):
            super().__init__(proc_params)
            self._spiked_prev = None

        def run_spk(self):
            a_in = self.a_in.recv()
            if self._spiked_prev is None:
                self._spiked_prev = np.zeros(self.v.shape, dtype=bool)
            bias = effective_bias(self.bias_mant, int(np.asarray(self.bias_exp).flat[0]))
            u, v, s = lif_step(self.u, self.v, a_in, int(self.du[0]), int(self.dv[0]), bias,
                               int(self.vth[0]), self.RESET, self.SPIKING, self._spiked_prev)
            self.u[:] = u
            self.v[:] = v
            self._spiked_prev = s
            self.s_out.send(s.astype(np.int32))

    @implements(proc=LIFResetSubtract, protocol=LoihiProtocol)
    @requires(CPU)
    @tag("fixed_pt")
    class PyLIFResetSubtractModel(_ModelBase):
        RESET = "subtract"

    @implements(proc=LIFNonSpiking, protocol=LoihiProtocol)
    @requires(CPU)
    @tag("fixed_pt")
    class PyLIFNonSpikingModel(_ModelBase):
        SPIKING = False

    # Lava finds ProcessModels by searching the process's module: publish them at module level.
    globals().update(LIFResetSubtract=LIFResetSubtract, LIFNonSpiking=LIFNonSpiking,
                     PyLIFResetSubtractModel=PyLIFResetSubtractModel,
                     PyLIFNonSpikingModel=PyLIFNonSpikingModel)
    _CUSTOM = {"LIFResetSubtract": LIFResetSubtract, "LIFNonSpiking": LIFNonSpiking}
    return _CUSTOM


def build_lava(spec: Dict[str, Any], spikes) -> Dict[str, Any]:
    """Builds and connects the Lava processes for one sample (spikes: T x n_in 0/1). Biases start at
    zero; run_lava switches them on per the schedule. Returns the processes and monitors."""
    from lava.proc.io.source import RingBuffer
    from lava.proc.dense.process import Dense
    from lava.proc.lif.process import LIF
    from lava.proc.monitor.process import Monitor
    from lava.utils.weightutils import SignMode

    plan = lava_schedule(spec)
    data = padded_input(spec, spikes).T.astype(np.int32)          # (n_in, run_steps): time last
    source = RingBuffer(data=data)
    custom = None
    prev_port = source.s_out
    denses, lifs, monitors = [], [], []
    for i, L in enumerate(spec["layers"]):
        conn = dict(weight_exp=L["weight_exp"], num_weight_bits=L["num_weight_bits"],
                    sign_mode=SignMode(L["sign_mode"]))
        if L.get("connection") == "Sparse":
            from lava.proc.sparse.process import Sparse
            from scipy.sparse import csr_matrix
            dense = Sparse(weights=csr_matrix(L["weights"].astype(np.int32)), name=f"sparse{i + 1}", **conn)
        else:
            dense = Dense(weights=L["weights"].astype(np.int32), name=f"dense{i + 1}", **conn)
        shape = (L["weights"].shape[0],)
        zero_bias = np.zeros(shape, dtype=np.int32)
        if L["type"] == "LIF":
            lif = LIF(shape=shape, du=L["du"], dv=L["dv"], vth=L["vth"], bias_mant=zero_bias,
                      bias_exp=L["bias_exp"], name=L["name"])
        else:
            custom = custom or _custom_processes()
            lif = custom[L["type"]](shape=shape, du=L["du"], dv=L["dv"], vth=L["vth"],
                                    bias_mant=zero_bias, bias_exp=L["bias_exp"], name=L["name"])
        prev_port.connect(dense.s_in)
        dense.a_out.connect(lif.a_in)
        mon_v, mon_u, mon_s = Monitor(), Monitor(), Monitor()
        mon_v.probe(lif.v, plan["run_steps"])
        mon_u.probe(lif.u, plan["run_steps"])
        mon_s.probe(lif.s_out, plan["run_steps"])
        denses.append(dense)
        lifs.append(lif)
        monitors.append((mon_u, mon_v, mon_s))
        prev_port = lif.s_out
    return {"source": source, "dense": denses, "lif": lifs, "monitors": monitors, "plan": plan}


def _monitor_array(monitor, proc, var_name) -> np.ndarray:
    data = monitor.get_data()[proc.name][var_name]
    return np.asarray(data).reshape(data.shape[0], -1).astype(np.int64)


def run_lava(spec: Dict[str, Any], spikes) -> Dict[str, Any]:
    """Runs one sample in Lava (Loihi2SimCfg(select_tag="fixed_pt")) and returns what simulate_numpy
    returns: spikes/u/v per layer at golden steps 1..T, output_v, prediction. Needs lava-nc."""
    from lava.magma.core.run_configs import Loihi2SimCfg
    from lava.magma.core.run_conditions import RunSteps

    net = build_lava(spec, spikes)
    plan = net["plan"]
    cfg = Loihi2SimCfg(select_tag="fixed_pt")
    first = net["source"]
    done = 0
    try:
        # Switch biases on one layer at a time: layer l's bias is off through Lava step enable[l].
        for i, enable in sorted(enumerate(plan["bias_enable_step"]), key=lambda p: p[1]):
            if enable > done:
                first.run(condition=RunSteps(num_steps=enable - done), run_cfg=cfg)
                done = enable
            L = spec["layers"][i]
            net["lif"][i].bias_mant.set(np.asarray(L["bias_mant"], dtype=np.int32))
        if plan["run_steps"] > done:
            first.run(condition=RunSteps(num_steps=plan["run_steps"] - done), run_cfg=cfg)
        rec = {"u": [], "v": [], "s": []}
        for lif, (mon_u, mon_v, mon_s) in zip(net["lif"], net["monitors"]):
            rec["u"].append(_monitor_array(mon_u, lif, "u"))
            rec["v"].append(_monitor_array(mon_v, lif, "v"))
            rec["s"].append(_monitor_array(mon_s, lif, "s_out"))
    finally:
        first.stop()
    return align_to_golden(spec, rec)


if __name__ == "__main__":  # pragma: no cover - manual use: python3 spikeforge_lava.py lava.json
    import sys

    s = load_spec(sys.argv[1])
    print(f"{s['source']}: {len(s['layers'])} layers, T = {s['steps']}, inputs = {s['inputs']}")
