// A plan's predicted latency from the per-layer latency table (domain/latency.h): which kernel the
// runtime really executes for each planned layer, and the sum of their times plus the rest.
#pragma once
#include <span>

#include "core/domain/latency.h"
#include "core/model/model.h"
#include "core/quant/plan.h"

namespace qb::quant {

/// What the runtime executes for a planned layer:
/// - Int8 only for a graph (ONNX, Keras) layer planned int8_channel_sym with act_bits 8 whose
///   input the engine quantizes (takesQuantizedInput) and whose table entry has an int8 time:
///   the engine's W8A8 path (oneDNN int8 Conv/MatMul/inner product).
/// - F32 for everything else. Weight-only schemes (intK, ggml blocks, fp16) are dequantized to
///   f32 when the model is loaded and run the f32 kernel, so an INT4 layer is no faster than an
///   fp32 one today; language models expand every quantized weight to f32 and only fake-quantize
///   activations, so all their layers run f32.
enum class RunPrecision { F32, Int8 };
RunPrecision runtimePrecision(const Model& model, const LayerPlan& layer, const ProjectLatency& table);

/// table.restMs plus each planned layer's time in its runtimePrecision (a model's resolvePlan:
/// every quantizable layer, float ones included). Throws qb::Error(layer, ...) for a layer the
/// table lacks.
double predictLatencyMs(const ProjectLatency& table, const Model& model, std::span<const LayerPlan> plan);

} // namespace qb::quant
