#include "core/quant/effective_weight.h"

#include "core/quant/rtn.h"

#include <cmath>

#include "core/util/error.h"

namespace qb::quant {

std::vector<float> scaleColumns(std::span<const float> w, std::span<const float> s, bool divide) {
    std::vector<float> out(w.size());
    scaleColumnsInto(w, s, divide, out);
    return out;
}

void scaleColumnsInto(std::span<const float> w, std::span<const float> s, bool divide, std::span<float> out) {
    const size_t cols = s.size();
    if (divide)
        for (size_t i = 0; i < w.size(); ++i) out[i] = w[i] / s[i % cols];
    else
        for (size_t i = 0; i < w.size(); ++i) out[i] = w[i] * s[i % cols];
}

std::vector<float> effectiveWeight(const QuantizedLayer& layer) {
    std::vector<float> w = dequantize(layer.weight);
    if (layer.inputScale.empty()) return w;
    const int64_t cols = layer.weight.cols;
    if (int64_t(layer.inputScale.size()) != cols)
        throw Error(layer.name, "input scale has " + std::to_string(layer.inputScale.size()) +
                                    " factors for " + std::to_string(cols) + " columns");
    for (float s : layer.inputScale)
        if (!(s > 0) || !std::isfinite(s)) throw Error(layer.name, "input scale factor is not a positive number");
    return scaleColumns(w, layer.inputScale, true);
}

} // namespace qb::quant
