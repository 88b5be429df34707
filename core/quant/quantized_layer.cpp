#include "core/quant/quantized_layer.h"

#include <cmath>

#include "core/util/error.h"

namespace qb::quant {

std::vector<float> effectiveWeight(const QuantizedLayer& layer) {
    std::vector<float> w = dequantize(layer.weight);
    if (layer.inputScale.empty()) return w;
    const int64_t cols = layer.weight.cols;
    if (int64_t(layer.inputScale.size()) != cols)
        throw Error(layer.name, "input scale has " + std::to_string(layer.inputScale.size()) +
                                    " factors for " + std::to_string(cols) + " columns");
    for (float s : layer.inputScale)
        if (!(s > 0) || !std::isfinite(s)) throw Error(layer.name, "input scale factor is not a positive number");
    for (size_t i = 0; i < w.size(); ++i) w[i] /= layer.inputScale[i % size_t(cols)];
    return w;
}

} // namespace qb::quant
