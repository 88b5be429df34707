// GPTQ (Frantar et al. 2022, "GPTQ: Accurate Post-Training Quantization for Generative
// Pre-trained Transformers"): quantizes a linear layer's weight one input column at a time and
// moves each column's rounding error onto the columns not yet quantized, weighted by the inverse
// Hessian of the layer objective ||W X^T - W' X^T||^2 built from calibration inputs.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

#include "core/quant/layer_inputs.h"
#include "core/quant/rtn.h"
#include "core/util/job.h"

namespace qb::quant {

struct GptqOptions {
    double dampening = 0.01; ///< lambda = dampening * mean(diag H) added to the diagonal
    int64_t blockSize = 512; ///< columns per lazy block (rounded to whole sub-blocks and groups)
    /// Quantize columns by descending diag H. With groups, scales come from the original weights
    /// up front ("static groups") so that groups stay runs of contiguous columns.
    bool actOrder = false;
    /// Each group's grid by the MSE clip search of RTN (rtn.h), from the weights as they are when
    /// the sweep reaches the group; off: the plain min-max grid.
    bool clipSearch = true;
    double minShrink = 0.5;
    double shrinkStep = 0.01;
};

/// Quantizes a row-major [rows, cols] weight (rows = output channels) into an integer scheme of
/// the table (after resolve(s, cols)), in the same layout quantizeRtn writes; dequantize() decodes
/// it. Scales and zero points are each group's grid (see GptqOptions::clipSearch). `inputs` must have
/// `cols` columns and at least one row. Throws qb::Error(tensor, ...) for a float or ggml scheme,
/// a size mismatch, a non-finite weight, or a Hessian that stays singular; qb::Cancelled.
QuantizedTensor quantizeGptq(const Scheme& s, std::span<const float> w, int64_t rows, int64_t cols,
                             const LayerInputs& inputs, std::string_view tensor, const GptqOptions& opt = {},
                             const JobContext& job = {});

} // namespace qb::quant
