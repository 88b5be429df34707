// SmoothQuant (Xiao et al. 2022): divide each input channel of a linear layer by s_j and multiply
// the weight's column j by it, moving activation outliers into the weights so that one per-tensor
// activation scale (W8A8) fits the smoothed inputs; the layer's fp32 output is unchanged.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/quant/rtn.h"
#include "core/quant/effective_weight.h"
#include "core/quant/layer_inputs.h"
#include "core/domain/quantized_layer.h"

namespace qb::quant {

struct SmoothQuantOptions {
    double alpha = 0.5; ///< migration strength in [0, 1]
    int actBits = 8;    ///< per-tensor symmetric activation bits, 2..16
};

/// s_j = max|x_j|^alpha / max_i|w_ij|^(1-alpha) for the [rows, cols] weight w; 1 for a channel
/// whose inputs or weights are all zero, or whose factor is not a normal float.
std::vector<float> smoothScales(std::span<const float> absMax, std::span<const float> w, int64_t rows, int64_t cols,
                                double alpha);

/// The symmetric per-tensor activation quantization of inputs whose per-channel max |x| is absMax,
/// after division by inputScale (empty: no division). Scale 1 when every input is zero.
ActivationQuant activationQuant(std::span<const float> absMax, std::span<const float> inputScale, int bits);

/// SmoothQuant of the [rows, cols] weight `w` (rows = output channels) named `tensor`: weight =
/// codes of W diag(s) in scheme s (RTN with clip search), inputScale = s, activation from
/// activationQuant, method "smoothquant". Throws qb::Error(tensor, ...) for sizes, inputs of
/// another width, alpha outside [0, 1], unsupported actBits, or as quantizeRtn.
QuantizedLayer quantizeSmoothQuant(const Scheme& s, std::span<const float> w, int64_t rows, int64_t cols,
                                   const LayerInputs& inputs, std::string_view tensor,
                                   const SmoothQuantOptions& opt = {});

/// What the layer does to its input before the matmul, in place on x [rows, cols]: divide by
/// layer.inputScale (if any), then fake-quantize to layer.activation (if any): round(x / scale) +
/// zero clamped to the signed or unsigned bits-wide integer range, mapped back to float.
/// Throws qb::Error(layer.name, ...) when the sizes or the activation parameters do not fit.
void transformInput(const QuantizedLayer& layer, std::span<float> x, int64_t cols);

/// transformInput() followed by multiplying each column back by layer.inputScale: the input as the
/// layer's effectiveWeight() (W' = dequantized / s) must see it, since (s * q(x / s)) W'^T equals
/// q(x / s) (W s)^T. The weight tensor keeps its unscaled meaning, so a weight the model also uses
/// elsewhere (llama2c's embedding tied to the output head) stays right there.
void fakeQuantizeInput(const QuantizedLayer& layer, std::span<float> x, int64_t cols);

} // namespace qb::quant
