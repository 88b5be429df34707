#include "core/quant/rtn.h"
#include "core/quant/effective_weight.h"
#include "core/quant/smoothquant.h"

#include <algorithm>
#include <cmath>

#include "core/quant/awq.h"
#include "core/util/error.h"

namespace qb::quant {

namespace {

constexpr int kMinActBits = 2, kMaxActBits = 16;

void checkBits(int bits, const std::string& where) {
    if (bits < kMinActBits || bits > kMaxActBits)
        throw Error(where, "activation bits must be " + std::to_string(kMinActBits) + ".." +
                               std::to_string(kMaxActBits) + " (got " + std::to_string(bits) + ")");
}

} // namespace

std::vector<float> smoothScales(std::span<const float> absMax, std::span<const float> w, int64_t rows, int64_t cols,
                                double alpha) {
    int64_t n = 0;
    if (rows <= 0 || cols <= 0 || __builtin_mul_overflow(rows, cols, &n) || uint64_t(n) != w.size() ||
        absMax.size() != size_t(cols))
        throw Error("smoothquant", "weight of " + std::to_string(w.size()) + " values and " +
                                       std::to_string(absMax.size()) + " input ranges do not form a " +
                                       std::to_string(rows) + " x " + std::to_string(cols) + " layer");
    std::vector<float> wMax(size_t(cols), 0.f);
    for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < cols; ++j) wMax[size_t(j)] = std::max(wMax[size_t(j)], std::fabs(w[size_t(i * cols + j)]));
    std::vector<float> s(size_t(cols), 1.f);
    for (size_t j = 0; j < s.size(); ++j) {
        if (!(absMax[j] > 0) || !(wMax[j] > 0)) continue; // nothing to migrate
        const auto v = float(std::pow(double(absMax[j]), alpha) / std::pow(double(wMax[j]), 1 - alpha));
        if (std::isnormal(v)) s[j] = v;
    }
    return s;
}

ActivationQuant activationQuant(std::span<const float> absMax, std::span<const float> inputScale, int bits) {
    checkBits(bits, "activation quantization");
    if (!inputScale.empty() && inputScale.size() != absMax.size())
        throw Error("activation quantization", std::to_string(inputScale.size()) + " input scales for " +
                                                   std::to_string(absMax.size()) + " channels");
    double amax = 0;
    for (size_t j = 0; j < absMax.size(); ++j)
        amax = std::max(amax, double(absMax[j]) / (inputScale.empty() ? 1.0 : double(inputScale[j])));
    ActivationQuant a;
    a.bits = bits;
    const double top = double((1 << (bits - 1)) - 1);
    if (amax > 0 && std::isnormal(float(amax / top))) a.scale = float(amax / top);
    return a;
}

QuantizedLayer quantizeSmoothQuant(const Scheme& s, std::span<const float> w, int64_t rows, int64_t cols,
                                   const LayerInputs& inputs, std::string_view tensor, const SmoothQuantOptions& opt) {
    checkLayerInputs(w, rows, cols, inputs, tensor);
    if (!(opt.alpha >= 0 && opt.alpha <= 1))
        throw Error(std::string(tensor), "SmoothQuant alpha must be in [0, 1] (got " + std::to_string(opt.alpha) + ")");
    checkBits(opt.actBits, std::string(tensor));
    QuantizedLayer out;
    out.name = std::string(tensor);
    out.method = "smoothquant";
    out.inputScale = smoothScales(inputs.absMax(), w, rows, cols, opt.alpha);
    out.weight = quantizeRtn(s, scaleColumns(w, out.inputScale), rows, cols, tensor);
    out.activation = activationQuant(inputs.absMax(), out.inputScale, opt.actBits);
    return out;
}

namespace {

// The code range [lo, hi] of the layer's activation grid, after checking that x (n values) splits
// into rows of `cols` and that the input scales and grid fit; {0, 0} without a grid.
std::pair<double, double> checkedCodeRange(const QuantizedLayer& layer, size_t n, int64_t cols) {
    if (cols <= 0 || n % size_t(cols) != 0)
        throw Error(layer.name, std::to_string(n) + " inputs do not split into rows of " + std::to_string(cols));
    if (!layer.inputScale.empty() && int64_t(layer.inputScale.size()) != cols)
        throw Error(layer.name, "input scale has " + std::to_string(layer.inputScale.size()) + " factors for " +
                                    std::to_string(cols) + " input channels");
    if (!layer.activation) return {0, 0};
    const ActivationQuant& a = *layer.activation;
    checkBits(a.bits, layer.name);
    if (!(a.scale > 0) || !std::isfinite(a.scale)) throw Error(layer.name, "activation scale is not a positive number");
    const double lo = a.isUnsigned ? 0 : -double(1 << (a.bits - 1));
    const double hi = a.isUnsigned ? double((1 << a.bits) - 1) : double((1 << (a.bits - 1)) - 1);
    if (a.zero < lo || a.zero > hi) throw Error(layer.name, "activation zero point " + std::to_string(a.zero) + " is out of range");
    return {lo, hi};
}

} // namespace

void transformInput(const QuantizedLayer& layer, std::span<float> x, int64_t cols) {
    const auto [lo, hi] = checkedCodeRange(layer, x.size(), cols);
    if (!layer.inputScale.empty())
        for (size_t i = 0; i < x.size(); ++i) x[i] /= layer.inputScale[i % size_t(cols)];
    if (!layer.activation) return;
    const ActivationQuant& a = *layer.activation;
    for (float& v : x) {
        const double q = std::clamp(std::nearbyint(double(v) / a.scale) + a.zero, lo, hi);
        v = float((q - a.zero) * a.scale);
    }
}

void fakeQuantizeInput(const QuantizedLayer& layer, std::span<float> x, int64_t cols) {
    const auto [lo, hi] = checkedCodeRange(layer, x.size(), cols);
    if (!layer.activation) return; // (x / s) * s: the input itself
    // One pass in float: per column, x / (s * scale) + zero, clamped to the integer codes and
    // rounded (clamping first keeps the value small enough for the add-and-subtract rounding,
    // which std::nearbyint's library call is not), back as (q - zero) * scale * s.
    const ActivationQuant& a = *layer.activation;
    std::vector<float> in(static_cast<size_t>(cols)), out(static_cast<size_t>(cols));
    for (int64_t j = 0; j < cols; ++j) {
        const double s = layer.inputScale.empty() ? 1.0 : double(layer.inputScale[size_t(j)]);
        out[size_t(j)] = float(s * a.scale);
        in[size_t(j)] = float(1.0 / (s * a.scale));
    }
    const float z = float(a.zero), flo = float(lo), fhi = float(hi);
    constexpr float kRound = 12582912.f; // 1.5 * 2^23: rounds to nearest even below 2^22
    for (size_t r = 0; r < x.size() / size_t(cols); ++r) {
        float* row = x.data() + r * size_t(cols);
        for (int64_t j = 0; j < cols; ++j) {
            const float t = std::clamp(row[j] * in[size_t(j)] + z, flo, fhi);
            row[j] = (((t + kRound) - kRound) - z) * out[size_t(j)];
        }
    }
}

} // namespace qb::quant
