// AWQ (Lin et al. 2023, "Activation-aware Weight Quantization"): scale each input channel of a
// linear layer by a power of its mean input magnitude before quantizing, so the channels that
// carry large activations lose less precision, then shrink each group's range where that lowers
// the layer's output error.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/quant/rtn.h"
#include "core/quant/layer_inputs.h"
#include "core/domain/quantized_layer.h"
#include "core/util/job.h"

namespace qb::quant {

struct AwqOptions {
    /// Exponents alpha = k / gridPoints for k = 0 .. gridPoints-1 are tried (1: plain RTN scales).
    int gridPoints = 20;
    /// Scale candidates round on RTN's MSE-clipped grid (off: min-max); then, per group, max |w|
    /// shrunk to 1, 0.95, ..., 0.55 is tried for the least output error, kept when the whole
    /// layer's error falls.
    bool clipSearch = true;
    /// Layers wider than 4 x searchRank score the scale candidates on a rank-searchRank pivoted
    /// Cholesky factor of the input gram (plus its residual diagonal) at rows x cols x searchRank
    /// flops each instead of rows x cols^2, and rescore the best two of that ranking exactly; the
    /// clip check stays exact. 0: every candidate exact at any width.
    int64_t searchRank = 256;
};

/// Throws qb::Error(tensor, ...) unless w is a [rows, cols] matrix and `inputs` are cols wide
/// with at least one row seen.
void checkLayerInputs(std::span<const float> w, int64_t rows, int64_t cols, const LayerInputs& inputs,
                      std::string_view tensor);

/// The layer output error tr(D G D^T) of D = w - approx ([rows, cols] row-major) for the input
/// gram G = sum x^T x: the squared error of x W^T summed over every input row seen.
double outputError(std::span<const float> w, std::span<const float> approx, int64_t rows, int64_t cols,
                   const LayerInputs& inputs);

/// Input-channel scales s_j = m_j^alpha / sqrt(max_k m_k^alpha * min_k m_k^alpha) from the mean
/// magnitudes m (each m_j^alpha floored at 1e-4 first, so silent channels keep a usable scale).
std::vector<float> awqScales(std::span<const float> meanAbs, double alpha);

/// AWQ of the [rows, cols] weight `w` (rows = output channels) named `tensor` into scheme s:
/// weight = codes of W diag(s) (clipped per group when opt.clipSearch), inputScale = s,
/// method "awq". Throws qb::Error(tensor, ...) for a size mismatch, inputs of another width, no
/// input rows, or as quantizeRtn; qb::Cancelled when job is cancelled.
QuantizedLayer quantizeAwq(const Scheme& s, std::span<const float> w, int64_t rows, int64_t cols,
                           const LayerInputs& inputs, std::string_view tensor, const AwqOptions& opt = {},
                           const JobContext& job = {});

} // namespace qb::quant
