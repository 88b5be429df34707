// W8A8 layer data for a real graph model, shared by the int8 engine tests: RTN
// int8 per-channel weights in the quantized_layer.h orientation and a u8 activation grid over each
// layer's observed input range.
#pragma once
#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/engine/cpu_isa.h"
#include "core/model/model.h"
#include "core/quant/quantize_model.h"
#include "core/domain/quantized_layer.h"
#include "core/quant/rtn.h"
#include "core/quant/weight_matrix.h"

namespace qb::test {

/// Seeded Gaussian values for synthetic weights and inputs: gaussian(n, scale) gives n draws of
/// N(0, scale^2), continuing the same stream from call to call.
class GaussianValues {
public:
    explicit GaussianValues(unsigned seed) : rng_(seed) {}
    std::vector<float> operator()(size_t n, float scale) {
        std::vector<float> v(n);
        for (auto& e : v) e = scale * normal_(rng_);
        return v;
    }

private:
    std::mt19937 rng_;
    std::normal_distribution<float> normal_{0.f, 1.f};
};

/// Input activation range (min, max) per weight tensor name.
using ActivationRanges = std::map<std::string, std::pair<double, double>>;

/// One W8A8 layer per tensor of `m` named in `ranges`, in the orientation of weight_matrix.h:
/// RTN int8_channel_sym (no clip search), activations u8 over [min(lo, 0), max(hi, 0)] (a zero
/// point when lo < 0), or with `asQuantized` the grid `quantbench-cli quantize` gives
/// (quant::activationFromRange: symmetric when lo < 0).
inline std::vector<quant::QuantizedLayer> w8a8Layers(const Model& m, const ActivationRanges& ranges,
                                                     bool asQuantized = false) {
    std::vector<quant::QuantizedLayer> out;
    for (const auto& [name, range] : ranges) {
        const TensorEntry* t = m.find(name);
        if (!t) continue;
        const quant::WeightMatrix w = quant::weightMatrix(*t);
        quant::QuantizedLayer q;
        q.name = name;
        q.method = "rtn";
        q.weight = quant::quantizeRtn(quant::scheme("int8_channel_sym"), w.values, w.rows, w.cols, q.name,
                                      {.clipSearch = false});
        if (asQuantized) {
            q.activation = quant::activationFromRange(range.first, range.second, 8);
            out.push_back(std::move(q));
            continue;
        }
        const double lo = std::min(range.first, 0.0), hi = std::max(range.second, 0.0);
        quant::ActivationQuant a;
        a.isUnsigned = true;
        a.scale = hi > lo ? float((hi - lo) / 255) : 1.f;
        a.zero = int32_t(std::lround(-lo / a.scale));
        q.activation = a;
        out.push_back(std::move(q));
    }
    return out;
}

/// Largest magnitude of v.
inline double maxAbs(const std::vector<double>& v) {
    double m = 0;
    for (const double x : v) m = std::max(m, std::abs(x));
    return m;
}

/// Largest |got - want| over want's elements.
inline double maxDiff(std::span<const float> got, const std::vector<double>& want) {
    double m = 0;
    for (size_t k = 0; k < want.size(); ++k) m = std::max(m, std::abs(double(got[k]) - want[k]));
    return m;
}

/// Whether int8 layers chain here: only with the full 8-bit activation range (VNNI).
inline bool chainsOnThisCpu() { return engine::maxActivationCode(engine::ActivationRange::Auto) >= 255; }
inline constexpr const char* kNoChainsReason =
    "no VNNI on this CPU: activations take the reduced 7-bit range, where int8 layers are not chained";

} // namespace qb::test
