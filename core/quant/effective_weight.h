// The fp32 weight a quantized layer stands for, and the column scaling AWQ and SmoothQuant migrate.
#pragma once
#include <span>
#include <vector>

#include "core/domain/quantized_layer.h"

namespace qb::quant {

/// The fp32 weight the layer effectively applies, [rows, cols]: dequantize(weight) with each
/// column divided by inputScale (exact when no activation quantization follows the division).
/// Throws qb::Error(layer.name) for input scales that do not fit the columns or are not positive.
std::vector<float> effectiveWeight(const QuantizedLayer& layer);

/// w [rows, s.size()] row-major with column j multiplied by s[j] (divided, with `divide`): the
/// weight an input scale migrates into (AWQ, SmoothQuant), or back out of.
std::vector<float> scaleColumns(std::span<const float> w, std::span<const float> s, bool divide = false);
/// The same into `out` (w.size() values; `out` may be `w` itself): for loops that reuse a buffer.
void scaleColumnsInto(std::span<const float> w, std::span<const float> s, bool divide, std::span<float> out);

} // namespace qb::quant
