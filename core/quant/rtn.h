// Round-to-nearest quantization of one weight tensor into any scheme of the table, with an
// MSE-optimal clipping search for the integer schemes, and the matching dequantization.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/quantized_tensor.h"
#include "core/domain/scheme.h"

namespace qb::quant {

struct RtnOptions {
    /// Integer schemes: per group, try scales shrunk by 1, 1-step, ... down to minShrink times the
    /// min-max scale and keep the one with the least squared error (ties keep the larger scale).
    /// Q4_K and Q6_K: the least-squares sub-block scale search of ggml_quantize.h.
    bool clipSearch = true;
    double minShrink = 0.5;
    double shrinkStep = 0.01;
    /// ggml schemes: use the fast encoder when the CPU has one (bytes are identical either way).
    bool fast = true;
};


/// Quantizes a row-major [rows, cols] tensor named `tensor` (rows = output channels; a 1-D tensor
/// is one row). Groups (integer) and rows (ggml) run in parallel on qb::threadCount() threads.
/// Throws qb::Error(tensor, ...) for a size mismatch, a NaN/Inf weight (naming its index), or
/// weights whose scale or f16 value does not fit in fp16.
QuantizedTensor quantizeRtn(const Scheme& s, std::span<const float> w, int64_t rows, int64_t cols,
                            std::string_view tensor, const RtnOptions& opt = {});

/// Decodes rows [begin, end) of a row-major [rows, cols] matrix into `out` ((end - begin) * cols
/// values).
using RowReader = std::function<void(int64_t begin, int64_t end, std::span<float> out)>;

/// quantizeRtn() of a matrix read a part of about `partElems` weights (whole rows) at a time, so
/// that it is never whole in f32: the bytes are those quantizeRtn() gives for the whole matrix.
/// Integer schemes with scale codes read every part twice (the super-scale spans the tensor); a
/// per-tensor grid reads the matrix whole. Throws as quantizeRtn() does.
QuantizedTensor quantizeRtnRows(const Scheme& s, const RowReader& read, int64_t rows, int64_t cols,
                                std::string_view tensor, const RtnOptions& opt = {},
                                uint64_t partElems = uint64_t(1) << 22);

/// The values the quantized tensor stands for, row-major. Throws qb::Error when the bytes do not
/// match the scheme and shape.
std::vector<float> dequantize(const QuantizedTensor& q);
/// dequantize() into y, which must hold rows x cols values: lets a search reuse one buffer (a fresh
/// layer-sized vector costs its page faults and zeroing each time).
void dequantizeInto(const QuantizedTensor& q, std::span<float> y);

} // namespace qb::quant
