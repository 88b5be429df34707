#include "core/quant/rtn.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>

#include "core/quant/code_packing.h"
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

// A tensor is quantized a part at a time, each part whole rows; every function takes a part `w`
// that starts at weight `first` of the tensor, so that positions in errors and bytes written are
// the tensor's.
void checkFinite(std::span<const float> w, uint64_t first, int64_t cols, std::string_view tensor) {
    // A pass over the exponent bits (all ones: infinite or NaN) that the compiler vectorizes; the
    // element-wise search below runs only to name the first bad weight.
    uint32_t bad = 0;
    for (float v : w) {
        uint32_t b;
        std::memcpy(&b, &v, 4);
        bad |= uint32_t((b & 0x7f800000u) == 0x7f800000u);
    }
    if (!bad) return;
    for (size_t i = 0; i < w.size(); ++i)
        if (!std::isfinite(w[i]))
            throw Error(std::string(tensor), std::string("weight ") + position(first + i, cols) + " is " +
                                                 (std::isnan(w[i]) ? "NaN" : "infinite") + "; cannot quantize");
}

struct IntegerState {
    IntLayout l;
    Codes r;
    ClipSearch search;
    float super = 0;
    std::vector<Grid> grids;
};

// Grids of the part's groups (the costly search, in parallel), then its codes. Packing runs
// after the search because neighbouring groups can share a byte of codes.
void quantizeIntegerPart(const Scheme& s, IntegerState& st, std::span<const float> w, uint64_t first,
                         QuantizedTensor& q, std::string_view tensor) {
    const IntLayout& l = st.l;
    if (l.groups == 0) return; // no weights
    const uint64_t g0 = first / l.groupLen, groups = std::min<uint64_t>(w.size() / l.groupLen, l.groups - g0);
    parallelRanges(int64_t(groups), std::max<int64_t>(1, 16384 / int64_t(std::max<uint64_t>(1, l.groupLen))),
                   [&](int, int64_t begin, int64_t end) {
                       for (int64_t g = begin; g < end; ++g)
                           st.grids[g0 + uint64_t(g)] =
                               searchGrid(s, w.subspan(uint64_t(g) * l.groupLen, l.groupLen), st.search, st.super);
                   });
    for (uint64_t g = 0; g < groups; ++g)
        if (!std::isfinite(st.grids[g0 + g].scale)) {
            char amax[32]; // %g: std::to_string printed 3e38 with all 39 digits
            std::snprintf(amax, sizeof amax, "%g", double(extentOf(w.subspan(g * l.groupLen, l.groupLen)).amax));
            throw Error(std::string(tensor), std::string("weights up to ") + amax + " in group " + std::to_string(g0 + g) + " need a scale beyond fp16 (" + s.name + ")");
        }
    packRoundedCodes(s, l, st.grids, st.r, w, q.bytes.data(), first, groups * l.groupLen);
}

void dequantizeInteger(const QuantizedTensor& q, std::span<float> y) {
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

void quantizeGgmlPart(const Scheme& s, std::span<const float> w, uint64_t first, QuantizedTensor& q,
                      std::string_view tensor, const RtnOptions& opt) {
    const QuantizeRowFn search = opt.clipSearch ? ggmlQuantizeSearch(s.storage) : nullptr;
    const QuantizeRowFn fn = search ? search : opt.fast ? ggmlQuantizeFast(s.storage) : ggmlQuantizeRef(s.storage);
    const auto& tr = traits(s.storage);
    const uint64_t rowBytes = uint64_t(q.cols / tr.blockElems) * uint64_t(tr.blockBytes);
    const int64_t row0 = q.cols ? int64_t(first / uint64_t(q.cols)) : 0, rows = q.cols ? int64_t(w.size()) / q.cols : 0;
    const int64_t rowsPerPart = std::max<int64_t>(1, 65536 / std::max<int64_t>(1, q.cols));
    parallelRanges(rows, rowsPerPart, [&](int, int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r)
            fn(w.data() + r * q.cols, q.bytes.data() + uint64_t(row0 + r) * rowBytes, q.cols);
    });
    // The block scale d (and Q4_1/Q5_1's min m, Q4_K's dmin) are fp16: weights too large for them
    // are an error.
    const bool hasMin = s.storage == DType::Q4_1 || s.storage == DType::Q5_1 || s.storage == DType::Q4_K;
    const size_t scaleAt = s.storage == DType::Q6_K ? 208 : 0;
    const uint64_t firstBlock = first / uint64_t(tr.blockElems), blocks = w.size() / uint64_t(tr.blockElems);
    for (uint64_t b = firstBlock; b < firstBlock + blocks; ++b) {
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

void quantizeFloatPart(const Scheme& s, std::span<const float> w, uint64_t first, QuantizedTensor& q,
                       std::string_view tensor) {
    if (s.storage == DType::F32) {
        if (!w.empty()) std::memcpy(q.bytes.data() + 4 * first, w.data(), w.size_bytes());
        return;
    }
    for (size_t i = 0; i < w.size(); ++i) {
        const uint16_t h = floatToHalf(w[i]);
        if (!std::isfinite(halfToFloat(h)))
            throw Error(std::string(tensor), "weight " + position(first + i, q.cols) + " = " + std::to_string(w[i]) +
                                                 " overflows f16");
        std::memcpy(q.bytes.data() + 2 * (first + i), &h, 2);
    }
}

// Rows [begin, end) of the tensor, row-major; valid until the next call.
using PartOf = std::function<std::span<const float>(int64_t begin, int64_t end)>;

// The quantizer over parts of `partRows` rows (the tensor whole when partRows >= rows). An
// integer scheme with scale codes reads every part twice: its super-scale spans the tensor.
QuantizedTensor quantizeParts(const Scheme& requested, const PartOf& partOf, int64_t rows, int64_t cols,
                              int64_t partRows, std::string_view tensor, const RtnOptions& opt) {
    const Scheme& s = resolve(requested, cols);
    const auto bytes = sizeBytes(s, rows, cols);
    if (!bytes) throw Error(std::string(tensor), "shape " + std::to_string(rows) + " x " + std::to_string(cols) +
                                                     " is too large for " + s.name);
    QuantizedTensor q{&s, rows, cols, std::vector<uint8_t>(*bytes, 0)};
    IntegerState st;
    if (s.kind == SchemeKind::Integer) {
        st.l = intLayout(s, rows, cols);
        st.r = codeRange(s);
        st.search = {opt.clipSearch, opt.minShrink, opt.shrinkStep};
        st.grids.resize(st.l.groups);
        // A group never spans rows (a group size divides cols) but a tensor-wide grid spans them
        // all; a part starts on a byte of codes.
        partRows = s.granularity == Granularity::Tensor ? rows : (partRows + 7) / 8 * 8;
    }
    partRows = std::max<int64_t>(1, partRows);
    const uint64_t ucols = uint64_t(cols);
    const bool superFirst = s.kind == SchemeKind::Integer && s.scaleBits != 16 && st.l.groups > 0;
    if (superFirst) { // 8-bit scales: the super-scale over every group first
        double top = 0;
        float amax = 0;
        for (int64_t r = 0; r < rows; r += partRows) {
            const auto w = partOf(r, std::min(rows, r + partRows));
            checkFinite(w, uint64_t(r) * ucols, cols, tensor);
            top = std::max(top, largestRawScale(s, w, st.l.groupLen));
            amax = std::max(amax, extentOf(w).amax);
        }
        st.super = superScaleFor(s, top);
        if (!std::isfinite(st.super))
            throw Error(std::string(tensor), "weights up to " + std::to_string(amax) + " need a super-scale beyond fp16 (" +
                                                 s.name + ")");
    }
    for (int64_t r = 0; r < rows; r += partRows) {
        const auto w = partOf(r, std::min(rows, r + partRows));
        const uint64_t first = uint64_t(r) * ucols;
        if (!superFirst) checkFinite(w, first, cols, tensor);
        switch (s.kind) {
        case SchemeKind::Integer: quantizeIntegerPart(s, st, w, first, q, tensor); break;
        case SchemeKind::Ggml: quantizeGgmlPart(s, w, first, q, tensor, opt); break;
        case SchemeKind::Float: quantizeFloatPart(s, w, first, q, tensor); break;
        }
    }
    if (s.kind == SchemeKind::Integer) packGrids(s, st.l, st.grids, q.bytes.data(), st.super);
    return q;
}

} // namespace

QuantizedTensor quantizeRtn(const Scheme& requested, std::span<const float> w, int64_t rows, int64_t cols,
                            std::string_view tensor, const RtnOptions& opt) {
    uint64_t n = 0;
    if (rows < 0 || cols < 0 || __builtin_mul_overflow(uint64_t(rows), uint64_t(cols), &n) || n != w.size())
        throw Error(std::string(tensor), "has " + std::to_string(w.size()) + " weights but shape " +
                                             std::to_string(rows) + " x " + std::to_string(cols));
    const auto part = [&](int64_t begin, int64_t end) {
        return w.subspan(uint64_t(begin) * uint64_t(cols), uint64_t(end - begin) * uint64_t(cols));
    };
    return quantizeParts(requested, part, rows, cols, rows, tensor, opt);
}

QuantizedTensor quantizeRtnRows(const Scheme& s, const RowReader& read, int64_t rows, int64_t cols,
                                std::string_view tensor, const RtnOptions& opt, uint64_t partElems) {
    uint64_t n = 0;
    if (rows < 0 || cols < 0 || __builtin_mul_overflow(uint64_t(rows), uint64_t(cols), &n))
        throw Error(std::string(tensor), "shape " + std::to_string(rows) + " x " + std::to_string(cols) + " is invalid");
    const int64_t partRows = int64_t(std::max<uint64_t>(1, partElems / std::max<uint64_t>(1, uint64_t(cols))));
    std::vector<float> buffer;
    const auto part = [&](int64_t begin, int64_t end) {
        buffer.resize(uint64_t(end - begin) * uint64_t(cols));
        read(begin, end, buffer);
        return std::span<const float>(buffer);
    };
    return quantizeParts(s, part, rows, cols, partRows, tensor, opt);
}

void dequantizeInto(const QuantizedTensor& q, std::span<float> y) {
    const auto expected = q.scheme ? sizeBytes(*q.scheme, q.rows, q.cols) : std::nullopt;
    if (!expected || *expected != q.bytes.size())
        throw Error("dequantize", "quantized tensor of " + std::to_string(q.bytes.size()) + " bytes does not match its " +
                                      (q.scheme ? q.scheme->name : std::string("missing")) + " scheme and shape " +
                                      std::to_string(q.rows) + " x " + std::to_string(q.cols));
    if (y.size() != size_t(q.rows) * size_t(q.cols))
        throw Error("dequantize", "output of " + std::to_string(y.size()) + " values for a " + std::to_string(q.rows) +
                                      " x " + std::to_string(q.cols) + " tensor");
    if (q.scheme->kind == SchemeKind::Integer)
        dequantizeInteger(q, y);
    else if (!y.empty())
        traits(q.scheme->storage).toFloat(q.bytes.data(), y.data(), int64_t(y.size()));
}

std::vector<float> dequantize(const QuantizedTensor& q) {
    std::vector<float> y(q.scheme ? size_t(q.rows) * size_t(q.cols) : 0);
    dequantizeInto(q, y);
    return y;
}

} // namespace qb::quant
