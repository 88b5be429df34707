#include "core/quant/rtn.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/quant/ggml_quantize.h"
#include "core/quant/integer_grid.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::quant {

namespace {

std::string position(uint64_t i, int64_t cols) {
    return std::to_string(i) + " (row " + std::to_string(i / uint64_t(cols)) + ", column " +
           std::to_string(i % uint64_t(cols)) + ")";
}

void quantizeInteger(const Scheme& s, std::span<const float> w, QuantizedTensor& q, std::string_view tensor,
                     const RtnOptions& opt) {
    const IntLayout l = intLayout(s, q.rows, q.cols);
    const Codes r = codeRange(s);
    const ClipSearch search{opt.clipSearch, opt.minShrink, opt.shrinkStep};
    // The search is the costly part and groups are independent; packing stays serial because
    // neighbouring groups can share a byte of codes or zero points.
    // 8-bit scales: the super-scale first, then each group's grid on its code grid.
    const float super = superScale(s, w, l.groupLen);
    if (!std::isfinite(super))
        throw Error(std::string(tensor), "weights up to " + std::to_string(extentOf(w).amax) +
                                             " need a super-scale beyond fp16 (" + s.name + ")");
    std::vector<Grid> grids(l.groups);
    parallelRanges(int64_t(l.groups), std::max<int64_t>(1, 16384 / int64_t(std::max<uint64_t>(1, l.groupLen))),
                   [&](int, int64_t begin, int64_t end) {
                       for (int64_t g = begin; g < end; ++g) {
                           const auto x = w.subspan(uint64_t(g) * l.groupLen, l.groupLen);
                           grids[size_t(g)] = searchGrid(s, x, search, super);
                       }
                   });
    for (uint64_t g = 0; g < l.groups; ++g)
        if (!std::isfinite(grids[g].scale))
            throw Error(std::string(tensor), "weights up to " + std::to_string(extentOf(w.subspan(g * l.groupLen, l.groupLen)).amax) +
                                                 " in group " + std::to_string(g) + " need a scale beyond fp16 (" + s.name + ")");
    packInteger(s, l, grids, [&](uint64_t i) { return codeOf(w[i], grids[i / l.groupLen], r); }, q.bytes.data(), super);
}

void dequantizeInteger(const QuantizedTensor& q, std::vector<float>& y) {
    const Scheme& s = *q.scheme;
    const IntLayout l = intLayout(s, q.rows, q.cols);
    const uint8_t* in = q.bytes.data();
    for (uint64_t g = 0; g < l.groups; ++g) {
        Grid grid;
        grid.scale = storedScale(s, l, in, g);
        grid.zero = s.symmetric ? 1 << (s.bits - 1) : int(getBits(in + l.zerosAt, g * uint64_t(s.bits), s.bits));
        if (s.bits == 8) { // a byte per code, read directly (every evaluation of a W8A8 project decodes its layers)
            const uint8_t* codes = in + l.codesAt + g * l.groupLen;
            float* out = y.data() + g * l.groupLen;
            for (uint64_t i = 0; i < l.groupLen; ++i) out[i] = valueOf(int(codes[i]), grid);
            continue;
        }
        for (uint64_t i = 0; i < l.groupLen; ++i) {
            const uint64_t k = g * l.groupLen + i;
            y[k] = valueOf(int(getBits(in + l.codesAt, k * uint64_t(s.bits), s.bits)), grid);
        }
    }
}

void quantizeGgml(const Scheme& s, std::span<const float> w, QuantizedTensor& q, std::string_view tensor,
                  const RtnOptions& opt) {
    const QuantizeRowFn search = opt.clipSearch ? ggmlQuantizeSearch(s.storage) : nullptr;
    const QuantizeRowFn fn = search ? search : opt.fast ? ggmlQuantizeFast(s.storage) : ggmlQuantizeRef(s.storage);
    const auto& tr = traits(s.storage);
    const uint64_t rowBytes = uint64_t(q.cols / tr.blockElems) * uint64_t(tr.blockBytes);
    const int64_t rowsPerPart = std::max<int64_t>(1, 65536 / std::max<int64_t>(1, q.cols));
    parallelRanges(q.rows, rowsPerPart, [&](int, int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r)
            fn(w.data() + r * q.cols, q.bytes.data() + uint64_t(r) * rowBytes, q.cols);
    });
    // The block scale d (and Q4_1/Q5_1's min m, Q4_K's dmin) are fp16: weights too large for them
    // are an error.
    const bool hasMin = s.storage == DType::Q4_1 || s.storage == DType::Q5_1 || s.storage == DType::Q4_K;
    const size_t scaleAt = s.storage == DType::Q6_K ? 208 : 0;
    for (uint64_t b = 0; b * uint64_t(tr.blockBytes) < q.bytes.size(); ++b) {
        const uint8_t* p = q.bytes.data() + b * uint64_t(tr.blockBytes) + scaleAt;
        for (int field = 0; field < (hasMin ? 2 : 1); ++field) {
            uint16_t h;
            std::memcpy(&h, p + 2 * field, 2);
            if (!std::isfinite(halfToFloat(h)))
                throw Error(std::string(tensor), "block " + std::to_string(b) + " (weights from index " +
                                                     std::to_string(b * uint64_t(tr.blockElems)) +
                                                     ") needs a " + (field ? "min" : "scale") +
                                                     " beyond fp16 (" + s.name + ")");
        }
    }
}

void quantizeFloat(const Scheme& s, std::span<const float> w, QuantizedTensor& q, std::string_view tensor) {
    if (s.storage == DType::F32) {
        if (!w.empty()) std::memcpy(q.bytes.data(), w.data(), w.size_bytes());
        return;
    }
    for (size_t i = 0; i < w.size(); ++i) {
        const uint16_t h = floatToHalf(w[i]);
        if (!std::isfinite(halfToFloat(h)))
            throw Error(std::string(tensor), "weight " + position(i, q.cols) + " = " + std::to_string(w[i]) +
                                                 " overflows f16");
        std::memcpy(q.bytes.data() + 2 * i, &h, 2);
    }
}

} // namespace

QuantizedTensor quantizeRtn(const Scheme& requested, std::span<const float> w, int64_t rows, int64_t cols,
                            std::string_view tensor, const RtnOptions& opt) {
    uint64_t n = 0;
    if (rows < 0 || cols < 0 || __builtin_mul_overflow(uint64_t(rows), uint64_t(cols), &n) || n != w.size())
        throw Error(std::string(tensor), "has " + std::to_string(w.size()) + " weights but shape " +
                                             std::to_string(rows) + " x " + std::to_string(cols));
    for (size_t i = 0; i < w.size(); ++i) {
        if (!std::isfinite(w[i]))
            throw Error(std::string(tensor), std::string("weight ") + position(i, cols) + " is " +
                                                 (std::isnan(w[i]) ? "NaN" : "infinite") + "; cannot quantize");
    }
    const Scheme& s = resolve(requested, cols);
    const auto bytes = sizeBytes(s, rows, cols);
    if (!bytes) throw Error(std::string(tensor), "shape " + std::to_string(rows) + " x " + std::to_string(cols) +
                                                     " is too large for " + s.name);
    QuantizedTensor q{&s, rows, cols, std::vector<uint8_t>(*bytes, 0)};
    switch (s.kind) {
    case SchemeKind::Integer: quantizeInteger(s, w, q, tensor, opt); break;
    case SchemeKind::Ggml: quantizeGgml(s, w, q, tensor, opt); break;
    case SchemeKind::Float: quantizeFloat(s, w, q, tensor); break;
    }
    return q;
}

std::vector<float> dequantize(const QuantizedTensor& q) {
    const auto expected = q.scheme ? sizeBytes(*q.scheme, q.rows, q.cols) : std::nullopt;
    if (!expected || *expected != q.bytes.size())
        throw Error("dequantize", "quantized tensor of " + std::to_string(q.bytes.size()) + " bytes does not match its " +
                                      (q.scheme ? q.scheme->name : std::string("missing")) + " scheme and shape " +
                                      std::to_string(q.rows) + " x " + std::to_string(q.cols));
    std::vector<float> y(size_t(q.rows) * size_t(q.cols));
    if (q.scheme->kind == SchemeKind::Integer)
        dequantizeInteger(q, y);
    else if (!y.empty())
        traits(q.scheme->storage).toFloat(q.bytes.data(), y.data(), int64_t(y.size()));
    return y;
}

} // namespace qb::quant
