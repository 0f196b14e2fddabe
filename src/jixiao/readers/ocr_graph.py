"""A leaner, equivalent graph for the OCR models (same weights, fewer passes over memory).

The PP-OCRv4 detector and recogniser (PP-LCNetV3 backbone) were exported with every
activation spelled out as elementwise steps: a convolution is followed by a scalar scale and
shift, then hard-swish as ``x · clip(x + 3, 0, 6) / 6``, then another scalar scale and shift.
On one CPU thread those steps cost about half of the recognition time, because each walks a
whole feature map. Three exact rewrites remove them:

* a scalar ``Mul``/``Add`` right after a convolution is folded into its weights and bias;
* the hard-swish chain becomes ``x · HardSigmoid(x)`` (α = 1/6, β = 0.5, opset 6, so the
  model's opset and every other operator's meaning stay as they are), which onnxruntime fuses
  into the convolution before it;
* a scalar scale and shift in front of a convolution without padding (1×1) is folded into it
  (a padded convolution would see the shift on its zero border, so those are left alone).

The rewritten model is checked against the original on a fixed input before it is used and
kept beside the OCR cache, keyed by the original's hash, so the ``onnx`` package is imported
once per machine, not per process. Without ``onnx``, or when anything fails, the original
model is used: only the speed differs.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

VERSION = "1"                  # bump when the rewrites change: stored graphs are rebuilt
_TOLERANCE = 1e-3              # largest output difference accepted on the check input


def lean_bytes(path: Path, folder: Path | None) -> bytes | None:
    """The rewritten model for ``path`` (stored in ``folder`` when given), or None to use the original."""
    source = path.read_bytes()
    name = f"{path.stem}-{hashlib.sha256(source).hexdigest()[:16]}-lean{VERSION}.onnx"
    stored = folder / name if folder is not None else None
    if stored is not None and stored.is_file():
        return stored.read_bytes()
    try:
        lean = rewrite(source)
    except Exception:
        return None
    if lean is None or not equivalent(source, lean):
        return None
    if stored is not None:
        _store(stored, lean)
    return lean


def _store(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError:
        pass                   # a read-only cache only costs the rewrite next time


def equivalent(original: bytes, lean: bytes) -> bool:
    """Both models give the same outputs (within float rounding) on a fixed pseudo-random image."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 4
    a = ort.InferenceSession(original, options, providers=["CPUExecutionProvider"])
    b = ort.InferenceSession(lean, options, providers=["CPUExecutionProvider"])
    feed_name = a.get_inputs()[0].name
    for height in (48, 64):              # the recogniser's input height; the detector wants multiples of 32
        x = np.random.default_rng(7).uniform(-1, 1, (1, 3, height, 192)).astype(np.float32)
        try:
            want = a.run(None, {feed_name: x})[0]
        except Exception:
            continue
        got = b.run(None, {feed_name: x})[0]
        return want.shape == got.shape and float(np.abs(want - got).max()) <= _TOLERANCE * max(
            1.0, float(np.abs(want).max()))
    return False


def rewrite(source: bytes) -> bytes | None:
    """The serialised rewritten model, or None when no rule applied."""
    import onnx

    model = onnx.load_from_string(source)
    graph = _Graph(model.graph)
    changes = graph.fold_into_convs() + graph.hard_swish() + graph.fold_before_convs()
    if not changes:
        return None
    graph.store()
    return bytes(model.SerializeToString())


class _Graph:
    """The node list with constants as arrays, rewritten in place and written back by ``store``."""

    def __init__(self, graph: Any) -> None:
        from onnx import numpy_helper

        self.graph = graph
        self.values: dict[str, np.ndarray] = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
        self.nodes: list[Any] = []
        for node in graph.node:
            if node.op_type == "Constant" and len(node.output) == 1 and node.attribute[0].name == "value":
                self.values[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
            else:
                self.nodes.append(node)
        self.outputs = {o.name for o in graph.output}
        self._fresh = 0

    def _users(self) -> dict[str, list[Any]]:
        users: dict[str, list[Any]] = {}
        for node in self.nodes:
            for name in node.input:
                users.setdefault(name, []).append(node)
        return users

    def _scalar(self, name: str) -> float | None:
        value = self.values.get(name)
        return float(value.ravel()[0]) if value is not None and value.size == 1 else None

    def _affine(self, node: Any) -> tuple[str, float, str] | None:
        """(Mul or Add, the scalar, the tensor input) of a node that scales or shifts by a constant."""
        if node.op_type not in ("Mul", "Add") or len(node.input) != 2:
            return None
        for k in (0, 1):
            scalar = self._scalar(node.input[k])
            other = node.input[1 - k]
            if scalar is not None and other not in self.values:
                return node.op_type, scalar, other
        return None

    def _only_user(self, users: dict[str, list[Any]], name: str) -> Any | None:
        found = users.get(name, [])
        return found[0] if len(found) == 1 and name not in self.outputs else None

    def _new(self, value: np.ndarray, hint: str) -> str:
        self._fresh += 1
        name = f"{hint}/lean{self._fresh}"
        self.values[name] = value.astype(np.float32)
        return name

    def _weights(self, conv: Any) -> tuple[np.ndarray, np.ndarray]:
        weight = self.values[conv.input[1]].astype(np.float32)
        bias = self.values[conv.input[2]] if len(conv.input) > 2 else np.zeros(weight.shape[0], np.float32)
        return weight, bias.astype(np.float32)

    def _set_weights(self, conv: Any, weight: np.ndarray, bias: np.ndarray) -> None:
        conv.input[1] = self._new(weight, conv.input[1])
        if len(conv.input) > 2:
            conv.input[2] = self._new(bias, conv.input[2])
        else:
            conv.input.append(self._new(bias, conv.input[1]))

    def fold_into_convs(self) -> int:
        """Conv → scalar Mul/Add: the scalar goes into the weights and bias (exact)."""
        done = 0
        users = self._users()
        for conv in list(self.nodes):
            if conv.op_type != "Conv" or conv.input[1] not in self.values:
                continue
            while (step := self._only_user(users, conv.output[0])) is not None and (affine := self._affine(step)):
                kind, scalar, _ = affine
                weight, bias = self._weights(conv)
                if kind == "Mul":
                    weight, bias = weight * scalar, bias * scalar
                else:
                    bias = bias + scalar
                self._set_weights(conv, weight, bias)
                users.pop(conv.output[0], None)
                conv.output[0] = step.output[0]
                self.nodes.remove(step)
                users = self._users()
                done += 1
        return done

    def hard_swish(self) -> int:
        """``x · clip(x + 3, 0, 6) / 6`` → ``x · HardSigmoid(x)``, the form onnxruntime fuses."""
        from onnx import helper

        done = 0
        users = self._users()
        for add in list(self.nodes):
            affine = self._affine(add)
            if affine is None or affine[:2] != ("Add", 3.0):
                continue
            x = affine[2]
            clip = self._only_user(users, add.output[0])
            if clip is None or clip.op_type != "Clip" or [self._scalar(i) for i in clip.input[1:]] != [0.0, 6.0]:
                continue
            mul = self._only_user(users, clip.output[0])
            if mul is None or mul.op_type != "Mul" or x not in mul.input:
                continue
            div = self._only_user(users, mul.output[0])
            if div is None or div.op_type != "Div" or self._scalar(div.input[1]) != 6.0:
                continue
            gate = f"{div.output[0]}/gate"
            at = self.nodes.index(add)
            for node in (add, clip, mul, div):
                self.nodes.remove(node)
            self.nodes[at:at] = [helper.make_node("HardSigmoid", [x], [gate], alpha=1 / 6, beta=0.5),
                                 helper.make_node("Mul", [x, gate], [div.output[0]])]
            done += 1
        return done

    def fold_before_convs(self) -> int:
        """scalar Mul → scalar Add → unpadded Conv: both go into the convolution (exact)."""
        from onnx import helper

        done = 0
        users = self._users()
        for mul in list(self.nodes):
            scale = self._affine(mul)
            if scale is None or scale[0] != "Mul":
                continue
            add = self._only_user(users, mul.output[0])
            shift = self._affine(add) if add is not None else None
            if add is None or shift is None or shift[0] != "Add":
                continue
            conv = self._only_user(users, add.output[0])
            if conv is None or conv.op_type != "Conv" or conv.input[0] != add.output[0] or conv.input[1] not in self.values:
                continue
            attrs = {a.name: helper.get_attribute_value(a) for a in conv.attribute}
            if any(attrs.get("pads", [0])) or attrs.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
                continue
            weight, bias = self._weights(conv)
            bias = bias + shift[1] * weight.sum(axis=(1, 2, 3))
            self._set_weights(conv, weight * scale[1], bias)
            conv.input[0] = scale[2]
            self.nodes.remove(mul)
            self.nodes.remove(add)
            users = self._users()
            done += 1
        return done

    def store(self) -> None:
        from onnx import numpy_helper

        used = {name for node in self.nodes for name in node.input}
        del self.graph.node[:]
        self.graph.node.extend(self.nodes)
        del self.graph.initializer[:]
        self.graph.initializer.extend(numpy_helper.from_array(v, k) for k, v in self.values.items() if k in used)
