#!/usr/bin/python3
"""Writes a small TensorFlow.js graph model (model.json + weights bin) that
uses every op family tools/tfjs_graph_to_onnx.py converts, with seeded random
weights: a stride-2 'SAME' _FusedConv2D (BiasAdd), a PReLU written as TF
writes it (Relu, Abs, Sub, Mul, Add), a FusedDepthwiseConv2dNative (BiasAdd,
Relu), Pad + 'VALID' Conv2D, relu6 as Maximum/Minimum against scalar
constants, a residual Add, Mean over H and W, Reshape, a _FusedMatMul
(BiasAdd) and a Sigmoid head, input 1x24x24x3 NHWC.

Usage: tfjs_fixture.py OUTPUT_DIR  (writes OUTPUT_DIR/model.json, model.bin)
"""
import base64
import json
import os
import sys

import numpy as np

rng = np.random.default_rng(11)
weights = []  # (name, array) in manifest order


def w(name, shape, scale=0.5):
    weights.append((name, rng.normal(0, scale, shape).astype(np.float32)))
    return name


def b64(s):
    return base64.b64encode(s.encode()).decode()


def node(name, op, inputs, **attr):
    return {"name": name, "op": op, "input": inputs, "attr": attr}


def const(name, dtype="DT_FLOAT", shape=None, values=None):
    tensor = {"dtype": dtype, "tensorShape": {"dim": [{"size": str(d)} for d in (shape or [])]}}
    if values is not None:
        tensor["floatVal" if dtype == "DT_FLOAT" else "intVal"] = values
    return node(name, "Const", [], dtype={"type": dtype}, value={"tensor": tensor})


def conv_attrs(strides, padding, fused):
    return {"strides": {"list": {"i": [str(s) for s in strides]}}, "padding": {"s": b64(padding)},
            "data_format": {"s": b64("NHWC")}, "dilations": {"list": {"i": ["1", "1", "1", "1"]}},
            "fused_ops": {"list": {"s": [b64(f) for f in fused]}}, "num_args": {"i": "1"}}


nodes = [node("input", "Placeholder", [], dtype={"type": "DT_FLOAT"},
              shape={"shape": {"dim": [{"size": "-1"}, {"size": "24"}, {"size": "24"}, {"size": "3"}]}})]
for name, shape in [("c1/W", [3, 3, 3, 8]), ("c1/B", [8]), ("p1/alpha", [8]), ("d1/W", [3, 3, 8, 1]),
                    ("d1/B", [8]), ("c2/W", [3, 3, 8, 8]), ("fc/W", [8, 5]), ("fc/B", [5])]:
    w(name, shape)
    nodes.append(const(name, shape=shape))
nodes += [
    const("pad/amounts", "DT_INT32", [4, 2]),
    const("zero", values=[0.0]), const("six", values=[6.0]),
    const("mean/axes", "DT_INT32", [2]), const("reshape/shape", "DT_INT32", [2]),
    node("c1", "_FusedConv2D", ["input", "c1/W", "c1/B"], **conv_attrs([1, 2, 2, 1], "SAME", ["BiasAdd"])),
    node("p1/relu", "Relu", ["c1"]), node("p1/abs", "Abs", ["c1"]), node("p1/sub", "Sub", ["c1", "p1/abs"]),
    node("p1/mul", "Mul", ["p1/sub", "p1/alpha"]), node("p1", "Add", ["p1/relu", "p1/mul"]),
    node("d1", "FusedDepthwiseConv2dNative", ["p1", "d1/W", "d1/B"],
         **conv_attrs([1, 1, 1, 1], "SAME", ["BiasAdd", "Relu"])),
    node("pad", "Pad", ["d1", "pad/amounts"]),
    node("c2", "Conv2D", ["pad", "c2/W"], **conv_attrs([1, 1, 1, 1], "VALID", [])),
    node("r6/max", "Maximum", ["c2", "zero"]), node("r6", "Minimum", ["r6/max", "six"]),
    node("res", "AddV2", ["r6", "d1"]),
    node("mean", "Mean", ["res", "mean/axes"], keep_dims={"b": False}),
    node("flat", "Reshape", ["mean", "reshape/shape"]),
    node("fc", "_FusedMatMul", ["flat", "fc/W", "fc/B"], fused_ops={"list": {"s": [b64("BiasAdd")]}},
         transpose_a={"b": False}, transpose_b={"b": False}),
    node("out", "Sigmoid", ["fc"]),
]
# Integer constants travel in the weights file, as the TF.js converter writes them.
ints = [("pad/amounts", np.array([[0, 0], [1, 1], [1, 1], [0, 0]], np.int32)),
        ("mean/axes", np.array([1, 2], np.int32)), ("reshape/shape", np.array([-1, 8], np.int32))]

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
manifest = [{"name": n, "shape": list(a.shape), "dtype": "float32"} for n, a in weights]
manifest += [{"name": n, "shape": list(a.shape), "dtype": "int32"} for n, a in ints]
with open(os.path.join(out, "model.bin"), "wb") as f:
    for _, a in weights + ints:
        f.write(a.astype("<f4" if a.dtype == np.float32 else "<i4").tobytes())
with open(os.path.join(out, "model.json"), "w") as f:
    json.dump({"format": "graph-model", "modelTopology": {"node": nodes},
               "weightsManifest": [{"paths": ["model.bin"], "weights": manifest}]}, f)
