// Quantizes a model's layers as a resolved plan says, one layer at a time: RTN, GPTQ, AWQ or
// SmoothQuant for the weights, and static activation ranges from calibration for act_bits.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/domain/calibration.h"
#include "core/model/model.h"
#include "core/quant/layer_inputs.h"
#include "core/quant/llm_block_inputs.h"
#include "core/quant/plan.h"
#include "core/domain/quantized_layer.h"
#include "core/util/job.h"

namespace qb::quant {

/// A layer an earlier, interrupted run finished already (a resume journal), or nullopt to
/// quantize it. It must be exactly what quantizing the entry would give.
using KnownLayer = std::function<std::optional<QuantizedLayer>(const LayerPlan&)>;

/// What the data-aware parts need; either may be null when the plan does not need it.
struct QuantizeSources {
    const Calibration* calibration = nullptr;                   ///< activation ranges (act_bits)
    const std::map<std::string, LayerInputs>* inputs = nullptr; ///< GPTQ/AWQ/SmoothQuant inputs
    KnownLayer known = {};                                      ///< layers not to quantize again
};

/// True if some layer uses GPTQ, AWQ or SmoothQuant (needs QuantizeSources::inputs).
bool needsLayerInputs(std::span<const LayerPlan> plan);
/// True if some layer quantizes its activations by a calibrated range (needs ::calibration).
bool needsActivationRanges(std::span<const LayerPlan> plan);

/// Whether the runtime that evaluates `model` can run weight `t` with a quantized input (act_bits):
/// for ONNX, engine::int8Capable() of its engine::weightReader() (engine/weight_readers.h).
/// In ONNX and Keras graphs that is the int8 engine (engine/graph_executor.h), which runs a weight
/// that a Conv, Gemm or MatMul takes as its weight input, directly or through Reshape, Flatten,
/// Squeeze, Unsqueeze or Identity (Keras Conv2D, DepthwiseConv2D and Dense become those), or that
/// a ConvTranspose of the patch form (engine/graph_fusion.h isPatchConvTranspose()) takes directly;
/// another ConvTranspose, a Keras Conv2DTranspose or an embedding weight stays weight-only. LLM checkpoints
/// quantize every matmul's input in the Transformer. quantizeModel() asks this for every layer.
bool takesQuantizedInput(const Model& model, const TensorEntry& t);

/// The static per-tensor activation grid for a calibrated range [lo, hi] (lo <= 0 <= hi):
/// signed symmetric when lo < 0, unsigned from 0 otherwise.
ActivationQuant activationFromRange(double lo, double hi, int bits);

/// Takes each quantized layer as soon as it is finished (a project writer, a collector). The
/// quantizer keeps nothing of a layer once handed over; an exception from the sink stops it.
using LayerSink = std::function<void(QuantizedLayer&&)>;

/// Hands `sink` one QuantizedLayer per planned layer that is not kept in f32, in plan order.
/// Layers a data-aware method has no inputs for (a token embedding) are quantized by RTN. Each
/// weight is decoded from the model only while its layer is quantized; the mapped file's pages
/// of it are released right after (MappedFile::releasePages), so the resident set stays near
/// one layer's size whatever the model's. Reports "layer k/n: METHOD" and checks cancel between
/// layers; a layer sources.known gives is handed on as it is, without a report. Throws
/// qb::Error naming the layer.
void quantizeModel(const Model& model, std::span<const LayerPlan> plan, const QuantizeSources& sources,
                   const LayerSink& sink, const JobContext& job = {});
/// The same, collected (every layer held in memory at once).
std::vector<QuantizedLayer> quantizeModel(const Model& model, std::span<const LayerPlan> plan,
                                          const QuantizeSources& sources, const JobContext& job = {});

/// quantizeModel() for a llama model whose GPTQ, AWQ and SmoothQuant layers take their inputs
/// from `inputs` one decoder block at a time (llm_block_inputs.h): block b's layers are quantized
/// from inputs that went through blocks 0..b-1 already quantized, and only one block's inputs are
/// held at once. The head comes last; weights without inputs (an untied embedding) take RTN. The
/// propagated states see quantized weights but not quantized activations. `sink` gets the layers
/// in the order they finish: those without inputs first, then block by block, the head last.
/// A layer `known` gives is not quantized but still moves the states through its block; a block
/// whose layers are all known is not collected (only propagated), so a resumed run costs one
/// forward pass per finished block.
void quantizeLlmSequential(const Model& model, std::span<const LayerPlan> plan, const Calibration* calibration,
                           LlmBlockInputs& inputs, const LayerSink& sink, const JobContext& job = {},
                           const KnownLayer& known = {});
/// The same, collected and put back in plan order.
std::vector<QuantizedLayer> quantizeLlmSequential(const Model& model, std::span<const LayerPlan> plan,
                                                  const Calibration* calibration, LlmBlockInputs& inputs,
                                                  const JobContext& job = {});

/// Size of the planned weights: sum of sizeBytes per layer (f32 layers at 4 bytes a weight).
struct PlanSize {
    uint64_t bytes = 0;
    uint64_t weights = 0;
    double bitsPerWeight() const { return weights ? 8.0 * double(bytes) / double(weights) : 0.0; }
};
/// Throws qb::Error naming a layer whose size does not fit the layout or overflows.
PlanSize planSize(std::span<const LayerPlan> plan);
/// The same for layers already quantized (the layers kept in f32 are not among them).
PlanSize quantizedSize(std::span<const QuantizedLayer> layers);

} // namespace qb::quant
