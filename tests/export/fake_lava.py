"""A tiny stand-in for the parts of lava-nc that export/lava/spikeforge_lava.py uses, so the loader's
Lava code paths (build_lava, run_lava, the custom ProcessModels' run_spk) can run where Lava is not
installable. It is NOT Lava: its runtime steps the process graph in Lava's documented order
(RingBuffer sends data[:, t]; each Dense sends what it computed the step before; LIF uses Lava's
bit-accurate rule via spikeforge_lava.lif_step; custom processes run their own ProcessModel.run_spk).
What it checks is the loader's plumbing: constructor arguments, connections, bias switching between
runs, monitor read-out and alignment.

install() puts the fake modules into sys.modules; uninstall() removes them.
"""
import enum
import sys
import types

import numpy as np

CALLS = []  # (kind, kwargs) of every process constructed


class Var:
    def __init__(self, shape, init=0):
        self.value = np.broadcast_to(np.asarray(init), shape).astype(np.int64).copy()

    def get(self):
        return self.value.copy()

    def set(self, v):
        self.value = np.asarray(v, dtype=np.int64).copy()


class Port:
    def __init__(self, shape, owner=None, name=""):
        self.shape, self.owner, self.name, self.peer = shape, owner, name, None

    def connect(self, other):
        self.peer = other


class AbstractProcess:
    _count = 0

    def __init__(self, **kw):
        AbstractProcess._count += 1
        self.proc_params = kw
        self.name = kw.get("name") or f"Process_{AbstractProcess._count}"

    def __setattr__(self, key, value):
        if isinstance(value, (Port, Var)):
            value.owner, value.name = self, key
        object.__setattr__(self, key, value)

    def run(self, condition, run_cfg):
        assert run_cfg.select_tag == "fixed_pt"
        RUNTIME.run(self, condition.num_steps)

    def stop(self):
        RUNTIME.stopped = True


class RingBuffer(AbstractProcess):
    def __init__(self, data):
        super().__init__(data=data)
        CALLS.append(("RingBuffer", {"shape": np.shape(data)}))
        self.data = Var(np.shape(data), data)
        self.s_out = Port(np.shape(data)[:-1])


class Dense(AbstractProcess):
    def __init__(self, *, weights, name=None, **kw):
        super().__init__(weights=weights, name=name, **kw)
        CALLS.append(("Dense", dict(kw, shape=np.shape(weights))))
        self.weights = Var(np.shape(weights), weights)
        self.s_in = Port((np.shape(weights)[1],))
        self.a_out = Port((np.shape(weights)[0],))


class Sparse(Dense):
    """Lava's Sparse takes a scipy.sparse matrix and runs Dense's arithmetic on it; the fake keeps it dense."""

    def __init__(self, *, weights, name=None, **kw):
        if not hasattr(weights, "tocsr"):
            raise TypeError("Sparse: weights must be a scipy.sparse matrix")
        super().__init__(weights=weights.toarray(), name=name, **kw)
        CALLS[-1] = ("Sparse", dict(CALLS[-1][1], nnz=int(weights.nnz)))


class LIF(AbstractProcess):
    def __init__(self, *, shape, du=0, dv=0, vth=10, bias_mant=0, bias_exp=0, name=None):
        super().__init__(shape=shape, name=name)
        CALLS.append(("LIF", {"shape": shape, "du": du, "dv": dv, "vth": vth, "bias_exp": bias_exp}))
        self.a_in, self.s_out = Port(shape), Port(shape)
        self.u, self.v = Var(shape, 0), Var(shape, 0)
        self.du, self.dv, self.vth = Var((1,), du), Var((1,), dv), Var((1,), vth)
        self.bias_mant, self.bias_exp = Var(shape, bias_mant), Var(shape, bias_exp)


class Monitor(AbstractProcess):
    def __init__(self):
        super().__init__()
        object.__setattr__(self, "target", None)

    def probe(self, target, num_steps):
        object.__setattr__(self, "target", target)  # not AbstractProcess.__setattr__: the Var keeps its owner
        self.num_steps = num_steps

    def get_data(self):
        owner = self.target.owner
        rec = RUNTIME.records[id(owner)][self.target.name]
        return {owner.name: {self.target.name: np.asarray(rec)[: self.num_steps]}}


class _Runtime:
    def __init__(self):
        self.reset()

    def reset(self):
        self.records, self.a_buff, self.prev_spikes, self.models, self.step, self.stopped = {}, {}, {}, {}, 0, False

    def chain(self, source):
        procs, port = [], source.s_out
        while port is not None and port.peer is not None:
            dense = port.peer.owner
            lif = dense.a_out.peer.owner
            procs.append((dense, lif))
            port = lif.s_out
        return procs

    def run(self, source, n):
        import spikeforge_lava as sfl
        for _ in range(n):
            self.step += 1
            data = source.data.value
            s_below = data[..., (self.step - 1) % data.shape[-1]]
            for dense, lif in self.chain(source):
                p = dense.proc_params
                eff = sfl.dense_effective_weights(dense.weights.value, p["num_weight_bits"], int(p["sign_mode"]))
                a_in = self.a_buff.get(id(dense), np.zeros(eff.shape[0], np.int64))
                self.a_buff[id(dense)] = sfl.dense_output(eff, s_below, p["weight_exp"])
                s = self.step_lif(lif, a_in)
                rec = self.records.setdefault(id(lif), {"u": [], "v": [], "s_out": []})
                rec["u"].append(lif.u.value.copy())
                rec["v"].append(lif.v.value.copy())
                rec["s_out"].append(s.astype(np.int64))
                s_below = s.astype(np.int64)

    def step_lif(self, lif, a_in):
        import spikeforge_lava as sfl
        if type(lif) is LIF:  # Lava's own PyLifModelBitAcc
            bias = sfl.effective_bias(lif.bias_mant.value, int(lif.bias_exp.value.flat[0]))
            u, v, s = sfl.lif_step(lif.u.value, lif.v.value, a_in, int(lif.du.value[0]), int(lif.dv.value[0]),
                                   bias, int(lif.vth.value[0]))
            lif.u.value, lif.v.value = u, v
            return s
        # A custom process: find its ProcessModel the way Lava does (same module, implements_process).
        model = self.models.get(id(lif))
        if model is None:
            module = sys.modules[type(lif).__module__]
            classes = [c for c in vars(module).values() if isinstance(c, type)
                       and getattr(c, "implements_process", None) is type(lif)]
            assert len(classes) == 1, f"expected one ProcessModel for {type(lif).__name__}, found {classes}"
            model = classes[0]({})
            self.models[id(lif)] = model
        for name in ("u", "v", "du", "dv", "vth", "bias_mant", "bias_exp"):
            setattr(model, name, getattr(lif, name).value.copy())
        sent = []
        model.a_in = types.SimpleNamespace(recv=lambda: a_in)
        model.s_out = types.SimpleNamespace(send=sent.append)
        model.run_spk()
        lif.u.value, lif.v.value = np.asarray(model.u), np.asarray(model.v)
        return np.asarray(sent[0]).astype(bool)


RUNTIME = _Runtime()


def _decorator(*_a, **kw):
    def wrap(cls):
        if "proc" in kw:
            cls.implements_process = kw["proc"]
        return cls
    return wrap


class PyLoihiProcessModel:
    def __init__(self, proc_params):
        self.proc_params = proc_params


class _PortType:
    VEC_DENSE = "VEC_DENSE"


class SignMode(enum.IntEnum):
    NULL = 0
    MIXED = 1
    EXCITATORY = 2
    INHIBITORY = 3


MODULES = {
    "lava": {}, "lava.magma": {}, "lava.magma.core": {}, "lava.magma.core.process": {},
    "lava.magma.core.process.process": {"AbstractProcess": AbstractProcess},
    "lava.magma.core.process.variable": {"Var": Var},
    "lava.magma.core.process.ports": {},
    "lava.magma.core.process.ports.ports": {"InPort": Port, "OutPort": Port},
    "lava.magma.core.sync": {}, "lava.magma.core.sync.protocols": {},
    "lava.magma.core.sync.protocols.loihi_protocol": {"LoihiProtocol": object},
    "lava.magma.core.model": {}, "lava.magma.core.model.py": {},
    "lava.magma.core.model.py.ports": {"PyInPort": _PortType, "PyOutPort": _PortType},
    "lava.magma.core.model.py.type": {"LavaPyType": lambda *a, **k: None},
    "lava.magma.core.model.py.model": {"PyLoihiProcessModel": PyLoihiProcessModel},
    "lava.magma.core.resources": {"CPU": object},
    "lava.magma.core.decorator": {"implements": _decorator, "requires": _decorator, "tag": _decorator},
    "lava.magma.core.run_configs": {"Loihi2SimCfg": lambda select_tag: types.SimpleNamespace(select_tag=select_tag)},
    "lava.magma.core.run_conditions": {"RunSteps": lambda num_steps: types.SimpleNamespace(num_steps=num_steps)},
    "lava.proc": {}, "lava.proc.io": {}, "lava.proc.io.source": {"RingBuffer": RingBuffer},
    "lava.proc.dense": {}, "lava.proc.dense.process": {"Dense": Dense},
    "lava.proc.sparse": {}, "lava.proc.sparse.process": {"Sparse": Sparse},
    "lava.proc.lif": {}, "lava.proc.lif.process": {"LIF": LIF},
    "lava.proc.monitor": {}, "lava.proc.monitor.process": {"Monitor": Monitor},
    "lava.utils": {}, "lava.utils.weightutils": {"SignMode": SignMode},
}


def install():
    RUNTIME.reset()
    CALLS.clear()
    for name, attrs in MODULES.items():
        mod = types.ModuleType(name)
        mod.__dict__.update(attrs)
        sys.modules[name] = mod


def uninstall():
    for name in MODULES:
        sys.modules.pop(name, None)
