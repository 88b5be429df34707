// ONNX QDQ export: the original ONNX graph with every quantized weight replaced by its integer
// codes, scale and zero point feeding a DequantizeLinear node, and a QuantizeLinear ->
// DequantizeLinear pair on the input of each W8A8 layer, so that ONNX Runtime and other QDQ
// consumers run the quantized model. Layers kept in fp32 stay as they are.
//
// Mapping of the schemes (scheme.h):
//  - integer per-tensor / per-channel: int8 codes q = u - 2^(b-1) without a zero point
//    (symmetric) or uint8 codes u with a zero point (asymmetric), DequantizeLinear with `axis` on
//    the stored tensor's output-channel axis; opset 13. Fewer than 8 bits: the same grid in 8-bit
//    codes (lossless, one byte per weight; reported as a fallback).
//  - integer group-wise: the [rows, cols] code matrix, a blocked DequantizeLinear (block_size,
//    opset 21) along the rows, then Reshape (and Transpose) into the stored layout.
//  - f16: the f16 tensor and a Cast to float.
//  - ggml block formats: refused (no ONNX form), with the nearest integer scheme named.
//  - input scales (AWQ/SmoothQuant): a Div of the dequantized weight by the scales; with W8A8 a
//    Div of the MatMul/Gemm input before its QuantizeLinear.
// Models below the opset a scheme needs are raised with ONNX's version converter (which rewrites
// ops whose form changed, e.g. Clip-11's min/max inputs); the check reports it.
#pragma once
#include <string>

#include "core/domain/project.h"
#include "core/exporters/export_report.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb::exporters {

/// What the QDQ export of `project` (quantizing `model`) will do differently from the plan, and
/// what refuses it: a model that is not ONNX, an unquantized project, ggml schemes, activation
/// widths other than 8, input scales on layers whose input cannot take them.
ExportCheck checkOnnxQdq(const Model& model, const Project& project);

/// Writes the QDQ model to `out` (a temporary file beside it, renamed at the end: an existing file
/// stays intact on error or cancel). Reads the graph from project.modelPath. Reports progress per
/// layer. Throws qb::Error (with every problem of checkOnnxQdq), qb::Cancelled.
ExportResult writeOnnxQdq(const Model& model, const Project& project, const std::string& out, const JobContext& job);

} // namespace qb::exporters
