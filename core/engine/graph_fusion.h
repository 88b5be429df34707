// Graph rewrites the engine applies before planning, on constant data only.
// Each rewrite applies only where the intermediate values it removes have no other reader
// (graph outputs count as readers), so every remaining value keeps its meaning.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/engine/host_tensor.h"
#include "core/model/model.h"

namespace qb::engine {

/// A 2-D ConvTranspose with constant weights whose kernel equals its strides, without pads, output
/// padding, output_shape, dilation or groups: every input pixel writes its own patch, so it runs as
/// a 1x1 Conv to M * patch channels and a pixel shuffle (dnnl_conv_ops.cpp) and takes the folds and
/// post-ops below like a Conv ("Conv" in their descriptions includes it).
bool isPatchConvTranspose(const GraphNode& n, const std::map<std::string, Tensor>& constants);
/// The same test for a node whose weight input is a constant of shape `weightShape` (the model's
/// initializer, before any fold: folds keep its shape and the node's attributes).
bool isPatchConvTranspose(const GraphNode& n, const Shape& weightShape);

/// Folds each inference BatchNormalization that directly follows a Conv with constant weights
/// (and bias), when nothing else reads the Conv's output, into new Conv weights and bias:
/// w' = w * s, b' = (b - mean) * s + beta with s = gamma / sqrt(var + eps) per output channel.
/// Saves a full pass over the activations per BN (paddle2onnx exports leave them unfolded).
void foldConvBatchNorm(std::vector<GraphNode>& nodes, std::map<std::string, Tensor>& constants,
                       const std::vector<GraphValue>& outputs);

/// Folds a Mul or Add by a constant that is a scalar or per-output-channel ([1,M,1,1], [M,1,1])
/// into the Conv that produces its other input: w' = w * s, b' = b * s, or b' = b + t. mnist's
/// Conv+Add bias and paddle2onnx's Conv+Mul+Add scales become a single biased Conv.
void foldConvAffine(std::vector<GraphNode>& nodes, std::map<std::string, Tensor>& constants,
                    const std::vector<GraphValue>& outputs);

/// Turns paddle2onnx's hard_swish, Div(Mul(a, Clip(Add(a, 3), 0, 6)), 6), into one HardSwish
/// node (the same function), which fuseActivations() can then move into a Conv.
void recognizeHardSwish(std::vector<GraphNode>& nodes, const std::map<std::string, Tensor>& constants,
                        const std::vector<GraphValue>& outputs, int opset);

/// All rewrites, in the order that lets each enable the next.
void optimizeGraph(std::vector<GraphNode>& nodes, std::map<std::string, Tensor>& constants,
                   const std::vector<GraphValue>& outputs, int opset);

/// Node attributes through which fuseActivations() hands an activation to the Conv, Gemm or
/// MatMul kernel that absorbs it ('#' keeps them apart from ONNX attribute names): the absorbed
/// op type and its parameters (alpha, beta: LeakyRelu slope, Clip bounds, HardSigmoid alpha/beta).
inline constexpr const char* kFusedActivation = "#activation";
inline constexpr const char* kFusedActivationParams = "#activation_params";

/// Attributes a fold leaves on the Conv whose weights it replaced, so that per-layer data keyed by
/// the model's weight name (int8 codes) still finds its layer: the original weight name, and the
/// per-output-channel factors the folded weights were multiplied by (w' = w * s[m]).
inline constexpr const char* kWeightSource = "#weight_source";
inline constexpr const char* kWeightChannelScale = "#weight_channel_scale";
/// Set by a frontend whose Conv weight is a re-laid-out copy of the model's tensor (Keras HWIO ->
/// OIHW): the node weight's axes in the order the model weight's layer codes ([output channels,
/// rest], quantized_layer.h) hold them, e.g. {0, 2, 3, 1} for codes [O, H, W, I]. Absent: the
/// node's own order.
inline constexpr const char* kWeightCodesAxes = "#weight_codes_axes";
/// Set by the int8 chaining (Int8Options::chain) on a Concat whose inputs are 8-bit codes, or on a
/// Mul or Add that may write its readers' codes: the grid, value = scale * (code - zero), and
/// whether the codes are s8 (1) or u8 (0). A Concat joins codes; a Mul/Add writes them when
/// oneDNN runs it (else its readers quantize its f32 output themselves).
inline constexpr const char* kCodesScale = "#codes_scale";
inline constexpr const char* kCodesZero = "#codes_zero";
inline constexpr const char* kCodesSigned = "#codes_signed";

/// Moves Relu, LeakyRelu, Clip (constant bounds), Sigmoid, HardSigmoid, HardSwish and Tanh into
/// the Conv, Gemm (bias-only C) or MatMul that produces their input when nothing else reads that
/// intermediate: oneDNN applies them as post-ops while the output is still in cache.
void fuseActivations(std::vector<GraphNode>& nodes, const std::map<std::string, Tensor>& constants,
                     const std::vector<GraphValue>& outputs, int opset);

/// Where a Conv, Gemm or MatMul absorbed a Mul, Add, Sub or Div by a constant scalar after its
/// fused activation (PP-OCRv4's "learnable affine" blocks: act(conv) * a + b): y = a * y + b as
/// floats {a, b}, applied by the kernel after the activation.
inline constexpr const char* kFusedLinear = "#linear";

/// Moves a Mul, Add, Sub or Div by a constant scalar into the Conv, Gemm or MatMul that produces
/// its other input when nothing else reads that intermediate (a chain of them composes into one
/// kFusedLinear). Runs after fuseActivations(); scalars right after a Conv without an activation
/// were already folded into its weights by foldConvAffine().
void fuseScalarAffine(std::vector<GraphNode>& nodes, const std::map<std::string, Tensor>& constants,
                      const std::vector<GraphValue>& outputs);

} // namespace qb::engine
