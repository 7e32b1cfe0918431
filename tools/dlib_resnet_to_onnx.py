#!/usr/bin/python3
"""Builds an ONNX graph of dlib's face recognition ResNet from face-api's weights.

@vladmandic/face-api ships dlib_face_recognition_resnet_model_v1 (public
domain) as a TensorFlow.js weights file without a graph:
model/face_recognition_model.bin plus face_recognition_model-weights_manifest.json
(117 tensors in manifest order; most are uint8-quantised per tensor, value =
min + scale * q; the rest are float32 little-endian).

The graph is face-api's faceRecognitionNet written out layer by layer
(src/faceRecognitionNet/FaceRecognitionNet.ts, residualLayer.ts,
convLayer.ts there):

  conv32_down: 7x7 stride 2 'valid' conv + per-channel affine (scale layer) + relu
  (every conv's affine is folded into its filters and bias)
  max-pool 3x3 stride 2 'valid'
  residual x3 (32), residualDown + residual x3 (64), residualDown + residual x2 (128),
  residualDown + residual x2 (256), residualDown (256 out)
  global average pool, 256 -> 128 matrix product (no bias)

  residual(x):     relu(affine(conv3x3(relu(affine(conv3x3(x))))) + x), 'same' padding
  residualDown(x): conv branch: 3x3 stride 2 'valid' conv (+affine, relu), 3x3 'same' conv (+affine)
                   shortcut: 2x2 stride 2 'valid' average pool of x, its channels
                   zero-extended when the block widens them; when the pool output
                   is larger than the conv branch (8 -> 4 and 4 -> 2 at 150 px) the
                   conv branch gets a zero row and column at its end, as face-api does.

Input: "input" [1, 3, 150, 150], RGB, (x - [122.782, 117.001, 104.298]) / 256
(face-api's normalisation; done by the caller). Output: "embedding" [1, 128].

Opset 11 and only layers Debian's OpenCV 4.6 importer reads: the channel
zero-extension is a fixed 1x1 identity convolution rather than a Pad on the
channel axis.

Usage: dlib_resnet_to_onnx.py PACKAGE_DIR OUTPUT.onnx
  PACKAGE_DIR is the unpacked npm tarball's root (holding package/model/...).
Deterministic: the same weights give the same bytes (the lock pins its SHA-256).
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

INPUT_SIZE = 150
MODEL_DIR = os.path.join("package", "model")
MANIFEST = "face_recognition_model-weights_manifest.json"
WEIGHTS = "face_recognition_model.bin"
EXPECTED_TENSORS = 117


def read_weights(package_dir):
    """Tensors by name, dequantised to float32, in the manifest's shapes."""
    with open(os.path.join(package_dir, MODEL_DIR, MANIFEST)) as f:
        manifest = json.load(f)
    with open(os.path.join(package_dir, MODEL_DIR, WEIGHTS), "rb") as f:
        data = f.read()
    entries = [w for group in manifest for w in group["weights"]]
    if len(entries) != EXPECTED_TENSORS:
        sys.exit("expected %d tensors in the manifest, found %d" % (EXPECTED_TENSORS, len(entries)))
    tensors, offset = {}, 0
    for e in entries:
        count = int(np.prod(e["shape"]))
        q = e.get("quantization")
        if q:
            if q["dtype"] != "uint8":
                sys.exit("unsupported quantisation %s for %s" % (q["dtype"], e["name"]))
            raw = np.frombuffer(data, dtype=np.uint8, count=count, offset=offset).astype(np.float64)
            values = (q["min"] + q["scale"] * raw).astype(np.float32)
            offset += count
        else:
            if e["dtype"] != "float32":
                sys.exit("unsupported dtype %s for %s" % (e["dtype"], e["name"]))
            values = np.frombuffer(data, dtype="<f4", count=count, offset=offset).astype(np.float32)
            offset += 4 * count
        tensors[e["name"]] = values.reshape(e["shape"])
    if offset != len(data):
        sys.exit("weights file has %d bytes, the manifest describes %d" % (len(data), offset))
    return tensors


class GraphBuilder:
    def __init__(self, tensors):
        self.tensors = tensors
        self.nodes = []
        self.initializers = []
        self.used = set()  # manifest tensors placed in the graph

    def constant(self, name, array):
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    def node(self, op, inputs, name, **attrs):
        self.nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def conv_affine(self, x, prefix, stride, pad, relu):
        """conv + bias, then the scale layer's per-channel affine, folded into one
        Conv: (w * x + b) * s + t = (w * s) * x + (b * s + t). Folding saves two
        passes over every feature map: 11.6 -> 9.4 ms per face on one core (docs/models.md)."""
        filters = self.tensors[prefix + "/conv/filters"].astype(np.float64)  # [kh, kw, in, out]
        scale = self.tensors[prefix + "/scale/weights"].astype(np.float64)
        shift = self.tensors[prefix + "/scale/biases"].astype(np.float64)
        bias = self.tensors[prefix + "/conv/bias"].astype(np.float64)
        k = filters.shape[0]
        w = self.constant(prefix + "/filters", (filters * scale).transpose(3, 2, 0, 1))  # HWIO -> OIHW
        b = self.constant(prefix + "/bias", bias * scale + shift)
        self.used.update(prefix + part for part in ("/conv/filters", "/conv/bias", "/scale/weights", "/scale/biases"))
        out = self.node("Conv", [x, w, b], prefix + "/conv", kernel_shape=[k, k], strides=[stride, stride],
                        pads=[pad, pad, pad, pad])
        return self.node("Relu", [out], prefix + "/relu") if relu else out

    def residual(self, x, prefix):
        out = self.conv_affine(x, prefix + "/conv1", 1, 1, True)
        out = self.conv_affine(out, prefix + "/conv2", 1, 1, False)
        out = self.node("Add", [out, x], prefix + "/add")
        return self.node("Relu", [out], prefix + "/out")

    def residual_down(self, x, prefix, in_channels, size):
        """Returns (output, output size)."""
        conv_size = (size - 3) // 2 + 1
        pool_size = (size - 2) // 2 + 1
        out = self.conv_affine(x, prefix + "/conv1", 2, 0, True)
        out = self.conv_affine(out, prefix + "/conv2", 1, 1, False)
        out_channels = self.tensors[prefix + "/conv2/conv/filters"].shape[3]
        if pool_size != conv_size:
            extra = pool_size - conv_size
            pads = prefix + "/pad/amounts"  # begin N,C,H,W then end N,C,H,W
            self.initializers.append(numpy_helper.from_array(np.array([0, 0, 0, 0, 0, 0, extra, extra], np.int64), pads))
            out = self.node("Pad", [out, pads], prefix + "/pad", mode="constant")
        pooled = self.node("AveragePool", [x], prefix + "/pool", kernel_shape=[2, 2], strides=[2, 2])
        if out_channels != in_channels:
            widen = np.zeros((out_channels, in_channels, 1, 1), dtype=np.float32)
            widen[np.arange(in_channels), np.arange(in_channels), 0, 0] = 1.0
            w = self.constant(prefix + "/widen", widen)
            pooled = self.node("Conv", [pooled, w], prefix + "/pool/widen", kernel_shape=[1, 1])
        out = self.node("Add", [out, pooled], prefix + "/add")
        return self.node("Relu", [out], prefix + "/out"), pool_size


def build_model(tensors):
    g = GraphBuilder(tensors)
    x = g.conv_affine("input", "conv32_down", 2, 0, True)
    size = (INPUT_SIZE - 7) // 2 + 1
    x = g.node("MaxPool", [x], "conv32_down/pool", kernel_shape=[3, 3], strides=[2, 2])
    size = (size - 3) // 2 + 1
    channels = 32
    for stage, downs, repeats in ((32, None, 3), (64, "conv64_down", 3), (128, "conv128_down", 2),
                                  (256, "conv256_down", 2)):
        if downs:
            x, size = g.residual_down(x, downs, channels, size)
            channels = stage
        for i in range(1, repeats + 1):
            x = g.residual(x, "conv%d_%d" % (stage, i))
    x, size = g.residual_down(x, "conv256_down_out", channels, size)
    x = g.node("GlobalAveragePool", [x], "global_mean")
    x = g.node("Flatten", [x], "flatten", axis=1)
    fc = g.constant("fc", tensors["fc"])
    g.used.add("fc")
    g.node("MatMul", [x, fc], "embedding")
    graph = helper.make_graph(
        g.nodes, "dlib_face_recognition_resnet_model_v1",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, INPUT_SIZE, INPUT_SIZE])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, [1, 128])], g.initializers)
    model = helper.make_model(graph, producer_name="idmatch tools/dlib_resnet_to_onnx.py",
                              opset_imports=[helper.make_opsetid("", 11)])
    model.ir_version = 6
    onnx.checker.check_model(model)
    return model, g.used


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-3])
    tensors = read_weights(sys.argv[1])
    model, used = build_model(tensors)
    unused = [n for n in tensors if n not in used]
    if unused:
        sys.exit("weights not placed in the graph: %s" % ", ".join(unused))
    tmp = sys.argv[2] + ".partial"
    with open(tmp, "wb") as f:
        f.write(model.SerializeToString())
    os.replace(tmp, sys.argv[2])


if __name__ == "__main__":
    main()
