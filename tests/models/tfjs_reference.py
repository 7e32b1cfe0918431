#!/usr/bin/python3
"""An independent forward pass of a TensorFlow.js graph model in numpy, in
TensorFlow's own NHWC layout and semantics (no ONNX, no layout mapping), to
check tools/tfjs_graph_to_onnx.py: the converted graph run by OpenCV's DNN
must give the same values at the checked layers.

Usage: tfjs_reference.py MODEL.json CONVERTED.onnx [--output NODE] [--layers N1,N2]
Runs both on one deterministic input (a smooth random image in [-1, 1]),
prints the largest difference per checked node, exits 1 above the tolerance.
"""
import argparse
import base64
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
import tfjs_graph_to_onnx as converter  # noqa: E402  (only its weight reader)


def same_pad(size, k, s):
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def conv_nhwc(x, w, strides, padding, depthwise):
    """x [1,H,W,C]; w HWIO (or HWCM for depthwise); TF's SAME/VALID."""
    kh, kw = w.shape[:2]
    sh, sw = strides[1], strides[2]
    if padding == "SAME":
        pt, pb = same_pad(x.shape[1], kh, sh)
        pl, pr = same_pad(x.shape[2], kw, sw)
        x = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
    oh = (x.shape[1] - kh) // sh + 1
    ow = (x.shape[2] - kw) // sw + 1
    # patches [oh, ow, kh, kw, C]
    patches = np.empty((oh, ow, kh, kw, x.shape[3]), np.float64)
    for i in range(kh):
        for j in range(kw):
            patches[:, :, i, j, :] = x[0, i:i + sh * oh:sh, j:j + sw * ow:sw, :]
    if depthwise:
        c, m = w.shape[2], w.shape[3]
        out = np.einsum("hwijc,ijcm->hwcm", patches, w.astype(np.float64)).reshape(oh, ow, c * m)
    else:
        out = np.einsum("hwijc,ijco->hwo", patches, w.astype(np.float64))
    return out[None]


def run(model_json, tensors, x, wanted):
    nodes = model_json["modelTopology"]["node"]
    values = {}

    def get(name):
        name = name.split(":")[0]
        if name in values:
            return values[name]
        if name in tensors:
            return tensors[name].astype(np.float64)
        node = next(n for n in nodes if n["name"] == name)
        t = node["attr"]["value"]["tensor"]
        v = t.get("floatVal") or t.get("intVal")
        return np.array([float(a) for a in v])

    for n in nodes:
        op, name = n["op"], n["name"]
        ins = [i for i in n.get("input", []) if not i.startswith("^")]
        a = n.get("attr", {})
        fused = [base64.b64decode(s).decode() for s in a.get("fused_ops", {}).get("list", {}).get("s", [])]
        if op == "Placeholder":
            values[name] = x
        elif op == "Const":
            continue
        elif op in ("Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative"):
            strides = [int(s) for s in a["strides"]["list"]["i"]]
            padding = base64.b64decode(a["padding"]["s"]).decode()
            y = conv_nhwc(get(ins[0]), get(ins[1]), strides, padding, "Depthwise" in op)
            for f in fused:
                y = y + get(ins[2]).reshape(-1) if f == "BiasAdd" else np.maximum(y, 0) if f == "Relu" else \
                    np.clip(y, 0, 6) if f == "Relu6" else sys.exit("fused " + f)
            values[name] = y
        elif op in ("Add", "AddV2", "BiasAdd"):
            values[name] = get(ins[0]) + get(ins[1])
        elif op == "Sub":
            values[name] = get(ins[0]) - get(ins[1])
        elif op == "Mul":
            values[name] = get(ins[0]) * get(ins[1])
        elif op == "Maximum":
            values[name] = np.maximum(get(ins[0]), get(ins[1]))
        elif op == "Minimum":
            values[name] = np.minimum(get(ins[0]), get(ins[1]))
        elif op == "Relu":
            values[name] = np.maximum(get(ins[0]), 0)
        elif op == "Abs":
            values[name] = np.abs(get(ins[0]))
        elif op == "Pad":
            values[name] = np.pad(get(ins[0]), get(ins[1]).reshape(4, 2).astype(int))
        elif op == "Squeeze":
            values[name] = np.squeeze(get(ins[0]), axis=tuple(int(d) for d in a["squeeze_dims"]["list"]["i"]))
        elif op == "Mean":
            values[name] = get(ins[0]).mean(axis=tuple(int(v) for v in np.atleast_1d(get(ins[1]))))
        elif op == "Reshape":
            values[name] = get(ins[0]).reshape(get(ins[0]).shape[0], -1)
        elif op in ("MatMul", "_FusedMatMul"):
            y = get(ins[0]) @ get(ins[1])
            if fused and fused[0] == "BiasAdd":
                y = y + get(ins[2])
            values[name] = y
        else:
            continue  # heads after the checked outputs (Sigmoid, Softmax, normalisation)
        if wanted and all(w in values for w in wanted):
            break
    return values


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model_json")
    p.add_argument("onnx")
    p.add_argument("--output", required=True)
    p.add_argument("--layers", default="")
    args = p.parse_args()
    import cv2  # Debian's python3-opencv: the same OpenCV 4.6 DNN the service uses

    model_json = json.load(open(args.model_json))
    tensors = converter.read_weights(model_json, os.path.dirname(args.model_json))
    shape = model_json["modelTopology"]["node"]
    placeholder = next(n for n in shape if n["op"] == "Placeholder")
    dims = [int(d["size"]) for d in placeholder["attr"]["shape"]["shape"]["dim"]]
    rng = np.random.default_rng(7)
    coarse = rng.uniform(-1, 1, (1, dims[1] // 8, dims[2] // 8, dims[3]))
    x = np.kron(coarse, np.ones((1, 8, 8, 1)))  # smooth: like an image, not like noise
    checked = [l for l in args.layers.split(",") if l] + [args.output]
    ref = run(model_json, tensors, x, checked)
    net = cv2.dnn.readNetFromONNX(args.onnx)
    net.setInput(np.ascontiguousarray(x.transpose(0, 3, 1, 2), np.float32))
    worst = 0.0
    for layer in checked:
        got = net.forward(layer if layer == args.output else "onnx_node!" + layer)
        want = ref[layer]
        if want.ndim == 4:
            want = want.transpose(0, 3, 1, 2)
        want = want.reshape(got.shape)
        rel = float(np.abs(got - want).max() / (np.abs(want).max() + 1e-12))
        worst = max(worst, rel)
        print("%-70s shape %-18s max |diff| / max |ref| = %.2e" % (layer, list(got.shape), rel))
    sys.exit(0 if worst < 1e-4 else 1)


if __name__ == "__main__":
    main()
