"""The leaner OCR graphs (``ocr_graph``): exact rewrites, judged by onnxruntime running the
original graph, on a small graph built here and on the shipped models; and the white-padded
detection of the inked area (``ocr_detect``)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from scanmaker import needs_ocr

from jixiao.readers import ocr as ocr_module
from jixiao.readers import ocr_graph
from jixiao.readers.ocr_detect import detect, ink_box

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")


def _small_model() -> bytes:
    """conv 3x3 → scale, shift → hard-swish → scale, shift → conv 1x1 → scale, shift → hard-swish
    → scale, shift → depthwise conv 3x3 with padding: every pattern the rewrite knows, once."""
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(3)
    values: dict[str, np.ndarray] = {
        "w1": rng.normal(size=(4, 3, 3, 3)), "b1": rng.normal(size=4), "w2": rng.normal(size=(2, 4, 1, 1)),
        "b2": rng.normal(size=2), "w3": rng.normal(size=(2, 1, 3, 3)), "b3": rng.normal(size=2),
        "zero": np.array(0.0), "three": np.array(3.0), "six": np.array(6.0),
        "s1": np.array(1.5), "t1": np.array(0.25), "s2": np.array(0.5), "t2": np.array(-0.1),
        "s3": np.array(2.0), "t3": np.array(0.3), "s4": np.array(0.7), "t4": np.array(0.2)}
    nodes = []

    def swish(x: str, tag: str) -> str:
        nodes.extend([helper.make_node("Add", [x, "three"], [f"{tag}a"]),
                      helper.make_node("Clip", [f"{tag}a", "zero", "six"], [f"{tag}c"]),
                      helper.make_node("Mul", [x, f"{tag}c"], [f"{tag}m"]),
                      helper.make_node("Div", [f"{tag}m", "six"], [f"{tag}d"])])
        return f"{tag}d"

    def affine(x: str, s: str, t: str) -> str:
        nodes.extend([helper.make_node("Mul", [s, x], [f"{x}{s}"]), helper.make_node("Add", [f"{x}{s}", t], [f"{x}{t}"])])
        return f"{x}{t}"

    nodes.append(helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]))
    h = affine(swish(affine("c1", "s1", "t1"), "h1"), "s2", "t2")
    nodes.append(helper.make_node("Conv", [h, "w2", "b2"], ["c2"]))
    h = affine(swish(affine("c2", "s3", "t3"), "h2"), "s4", "t4")
    nodes.append(helper.make_node("Conv", [h, "w3", "b3"], ["y"], pads=[1, 1, 1, 1], group=2))
    graph = helper.make_graph(
        nodes, "small", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, None, None])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(v.astype(np.float32), k) for k, v in values.items()])
    return bytes(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)]).SerializeToString())


def _run(model: bytes, x: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, {"x": x})[0])


def _ops(model: bytes) -> list[str]:
    return [n.op_type for n in onnx.load_from_string(model).graph.node]


def test_the_rewrite_folds_what_it_can_and_computes_the_same() -> None:
    original = _small_model()
    lean = ocr_graph.rewrite(original)
    assert lean is not None
    # 19 nodes become 9: the scalars after each conv are in its weights, hard-swish is two nodes,
    # the scale and shift before the 1x1 conv are in it; those before the padded conv stay
    assert _ops(lean) == ["Conv", "HardSigmoid", "Mul", "Conv", "HardSigmoid", "Mul", "Mul", "Add", "Conv"]
    x = np.random.default_rng(11).uniform(-2, 2, (1, 3, 17, 23)).astype(np.float32)
    np.testing.assert_allclose(_run(lean, x), _run(original, x), rtol=1e-4, atol=1e-4)
    assert ocr_graph.equivalent(original, lean)


def test_a_rewrite_that_changes_the_outputs_is_refused() -> None:
    from onnx import numpy_helper

    original = _small_model()
    model = onnx.load_from_string(original)
    for k, init in enumerate(model.graph.initializer):
        if init.name == "w3":
            model.graph.initializer[k].CopyFrom(numpy_helper.from_array(numpy_helper.to_array(init) * 1.01, "w3"))
    assert not ocr_graph.equivalent(original, bytes(model.SerializeToString()))


def test_the_rewritten_graph_is_stored_and_found_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "small.onnx"
    source.write_bytes(_small_model())
    folder = tmp_path / "models"
    first = ocr_graph.lean_bytes(source, folder)
    assert first is not None and len(list(folder.glob("small-*-lean*.onnx"))) == 1

    def no_rewrite(data: bytes) -> bytes:
        raise AssertionError("the stored graph should be used")

    monkeypatch.setattr(ocr_graph, "rewrite", no_rewrite)
    assert ocr_graph.lean_bytes(source, folder) == first


def test_without_the_onnx_package_the_original_model_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "small.onnx"
    source.write_bytes(_small_model())
    monkeypatch.setitem(sys.modules, "onnx", None)          # import onnx raises ImportError
    assert ocr_graph.lean_bytes(source, tmp_path / "models") is None
    assert not (tmp_path / "models").exists()


@needs_ocr
def test_the_shipped_models_rewrite_to_the_same_recognition(tmp_path: Path) -> None:
    import cv2
    import rapidocr_onnxruntime

    models = Path(rapidocr_onnxruntime.__file__).parent / "models"
    rec = next(models.glob("*rec*.onnx"))
    lean = ocr_graph.lean_bytes(rec, None)
    assert lean is not None
    assert "Clip" not in _ops(lean) and _ops(lean).count("HardSigmoid") > 10
    line = np.full((48, 400, 3), 255, np.uint8)                  # a printed line of digits
    cv2.putText(line, "2021 98.00 100%", (8, 36), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (0, 0, 0), 2)
    x = ((line.astype(np.float32) / 255 - 0.5) / 0.5).transpose(2, 0, 1)[None]
    want = _run(rec.read_bytes(), x)
    got = _run(lean, x)
    assert (want.argmax(axis=2) == got.argmax(axis=2)).all()
    assert float(np.abs(want - got).max()) < 1e-3


def test_the_ink_box_keeps_a_margin_and_a_blank_page_has_none() -> None:
    page = np.full((800, 1000), 255, np.uint8)
    assert ink_box(page) is None
    page[600:650, 700:780] = 0
    assert ink_box(page) == (568, 682, 668, 812)       # 32 px of white kept on each side
    page[5:8, 990:1000] = 0
    assert ink_box(page) == (0, 682, 668, 1000)        # clipped to the page


@needs_ocr
def test_lines_are_found_where_they_are_on_the_page_whatever_the_margins() -> None:
    import cv2

    page = np.full((1754, 1241), 255, np.uint8)
    cv2.putText(page, "12345.67", (820, 1500), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)   # lower right
    cv2.putText(page, "2021", (140, 260), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)        # upper left
    boxes = detect(ocr_module._engine(), page, 1280 / 1754)
    centres = sorted((float(b[:, 0].mean()), float(b[:, 1].mean())) for b in boxes)
    assert len(centres) == 2
    (x1, y1), (x2, y2) = centres
    assert 140 < x1 < 140 + 100 and 225 < y1 < 265            # "2021": about 90 px wide, baseline 260
    assert 820 < x2 < 820 + 200 and 1465 < y2 < 1505          # "12345.67": about 190 px wide, baseline 1500
