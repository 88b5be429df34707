// ONNX QDQ export: the original ONNX graph with every quantized weight replaced by its integer
// codes, scale and zero point feeding a DequantizeLinear node, and a QuantizeLinear ->
// DequantizeLinear pair on the input of each W8A8 layer, so that ONNX Runtime and other QDQ
// consumers run the quantized model. Layers kept in fp32 stay as they are.
//
// Mapping of the schemes (scheme.h):
//  - integer per-tensor / per-channel: codes q = u - 2^(b-1) without a zero point (symmetric) or
//    u with a zero point (asymmetric), DequantizeLinear with `axis` on the stored tensor's
//    output-channel axis. 8 bits: int8/uint8, opset 13; 4 bits: int4/uint4, opset 21 (ONNX Runtime
//    1.20 runs both). 2-3 and 5-7 bits: the same grid in the next wider type (a fallback).
//  - integer group-wise: the [rows, cols] code matrix, a blocked DequantizeLinear (block_size,
//    opset 21) along the rows, then Reshape (and Transpose) into the stored layout.
//  - scales are written as f32 (the project holds f16; the values are the same).
//  - f16: the f16 tensor and a Cast to float.
//  - ggml block formats: refused (no ONNX form), with the nearest integer scheme named.
//  - input scales (AWQ/SmoothQuant): a Div of the dequantized weight by the scales (weight-only;
//    with W8A8 they are refused, as the graph engine's int8 layers refuse them).
// Models below the opset a scheme needs are raised with ONNX's version converter (which rewrites
// ops whose form changed, e.g. Clip-11's min/max inputs; 12 -> 13 is done here, see the .cpp);
// the check reports it as a fallback of layer "(model)".
#pragma once
#include <string>

#include "core/domain/project.h"
#include "core/exporters/export_report.h"
#include "core/exporters/layer_source.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb::exporters {

/// What the QDQ export of `project` (quantizing `model`) will do differently from the plan, and
/// what refuses it: a model that is not ONNX, an unquantized project, ggml schemes, activation
/// widths other than 8, input scales with activation quantization, W8A8 on a weight no Conv, Gemm
/// or MatMul reads.
ExportCheck checkOnnxQdq(const Model& model, const LayerSource& project);

/// Writes the QDQ model to `out` (a temporary file beside it, renamed at the end: an existing file
/// stays intact on error or cancel). Reads the graph from project.modelPath. Reports progress per
/// layer. Throws qb::Error (with every problem of checkOnnxQdq), qb::Cancelled. The layers are
/// read one at a time, but the graph is built whole in memory (protobuf serializes a whole
/// message; ONNX files stay below protobuf's 2 GB anyway).
ExportResult writeOnnxQdq(const Model& model, const LayerSource& project, const std::string& out, const JobContext& job);

} // namespace qb::exporters
