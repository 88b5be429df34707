#include "core/exporters/ggml_reencode.h"

#include <cmath>
#include <cstring>

#include "core/quant/integer_grid.h"
#include "core/tensor/ggml_block_types.h"
#include "core/util/error.h"

namespace qb::exporters {

namespace {

using quant::Scheme;

struct Group {
    uint16_t scale;  ///< fp16 bits
    int zero;        ///< asymmetric zero point (0 for symmetric)
    uint8_t u[ggml::kQK];
};

// Group g of the integer layout: its fp16 scale, zero point and 32 codes.
Group readGroup(const quant::QuantizedTensor& t, const quant::IntLayout& l, uint64_t g) {
    const Scheme& s = *t.scheme;
    Group out{};
    std::memcpy(&out.scale, t.bytes.data() + 2 * g, 2);
    if (!s.symmetric) out.zero = int(quant::getBits(t.bytes.data() + l.zerosAt, g * uint64_t(s.bits), s.bits));
    for (uint64_t j = 0; j < uint64_t(ggml::kQK); ++j)
        out.u[j] = uint8_t(quant::getBits(t.bytes.data() + l.codesAt, (g * l.groupLen + j) * uint64_t(s.bits), s.bits));
    return out;
}

// Low four bits: element j in the low nibble of qs[j], element j + 16 in its high nibble.
void packNibbles(const uint8_t* u, uint8_t* qs) {
    for (int j = 0; j < ggml::kQK / 2; ++j) qs[j] = uint8_t((u[j] & 0x0F) | ((u[j + ggml::kQK / 2] & 0x0F) << 4));
}

// Fifth bits: element j's at bit j of a little-endian u32.
void packHighBits(const uint8_t* u, uint8_t* qh) {
    uint32_t h = 0;
    for (int j = 0; j < ggml::kQK; ++j) h |= uint32_t((u[j] >> 4) & 1) << j;
    std::memcpy(qh, &h, 4);
}

// m = -z*s as fp16 bits, counting where fp16 cannot hold it exactly.
uint16_t minOf(const Group& g, Reencoded& r) {
    const double exact = -double(g.zero) * double(halfToFloat(g.scale));
    const uint16_t m = floatToHalf(float(exact));
    const double err = std::fabs(double(halfToFloat(m)) - exact);
    if (err > 0) {
        ++r.inexactMins;
        r.maxMinError = std::max(r.maxMinError, err);
    }
    return m;
}

// One legacy block of four- or five-bit codes: scale, min (the _1 types), fifth bits (the Q5 ones)
// and the nibbles.
template <typename Block>
void emit(std::vector<uint8_t>& out, uint64_t index, const Group& g, Reencoded& r) {
    Block b{};
    b.d = g.scale;
    if constexpr (requires { b.m; }) b.m = minOf(g, r);
    if constexpr (requires { b.qh; }) packHighBits(g.u, b.qh);
    packNibbles(g.u, b.qs);
    std::memcpy(out.data() + index * sizeof(Block), &b, sizeof(Block));
}

} // namespace

std::optional<DType> ggmlFormOf(const Scheme& s) {
    // Scale codes would re-encode exactly, but a GGUF then holds fp16 scales, at another size
    // than the project's: quantize with fp16 scales for GGUF.
    if (s.kind != quant::SchemeKind::Integer || s.granularity != quant::Granularity::Group || s.group != ggml::kQK ||
        s.scaleBits != 16)
        return std::nullopt;
    if (s.symmetric) {
        if (s.bits == 8) return DType::Q8_0;
        if (s.bits == 5) return DType::Q5_0;
        if (s.bits == 4) return DType::Q4_0;
    } else {
        if (s.bits == 5) return DType::Q5_1;
        if (s.bits == 4) return DType::Q4_1;
    }
    return std::nullopt;
}

uint64_t inexactMins(const quant::QuantizedTensor& t, double& maxError) {
    maxError = 0;
    if (!t.scheme || t.scheme->symmetric || t.scheme->kind != quant::SchemeKind::Integer) return 0;
    const quant::IntLayout l = quant::intLayout(*t.scheme, t.rows, t.cols);
    Reencoded r;
    for (uint64_t g = 0; g < l.groups; ++g) {
        Group grp{};
        std::memcpy(&grp.scale, t.bytes.data() + 2 * g, 2);
        grp.zero = int(quant::getBits(t.bytes.data() + l.zerosAt, g * uint64_t(t.scheme->bits), t.scheme->bits));
        minOf(grp, r);
    }
    maxError = r.maxMinError;
    return r.inexactMins;
}

Reencoded reencodeToGgml(const quant::QuantizedTensor& t, DType target, const std::string& name) {
    if (!t.scheme || ggmlFormOf(*t.scheme) != target)
        throw Error(name, "scheme " + (t.scheme ? t.scheme->name : std::string("(none)")) + " has no exact " +
                              std::string(dtypeName(target)) + " form");
    const auto expected = quant::sizeBytes(*t.scheme, t.rows, t.cols);
    if (!expected || *expected != t.bytes.size())
        throw Error(name, "holds " + std::to_string(t.bytes.size()) + " bytes, not the size of " + t.scheme->name +
                              " [" + std::to_string(t.rows) + ", " + std::to_string(t.cols) + "]");
    const quant::IntLayout l = quant::intLayout(*t.scheme, t.rows, t.cols);
    Reencoded r;
    r.bytes.resize(size_t(*storageBytes(target, l.groups * l.groupLen)));
    for (uint64_t g = 0; g < l.groups; ++g) {
        const Group grp = readGroup(t, l, g);
        switch (target) {
        case DType::Q8_0: {
            ggml::BlockQ8_0 b{};
            b.d = grp.scale;
            for (int j = 0; j < ggml::kQK; ++j) b.qs[j] = int8_t(int(grp.u[j]) - 128);
            std::memcpy(r.bytes.data() + g * sizeof b, &b, sizeof b);
            break;
        }
        case DType::Q4_0: emit<ggml::BlockQ4_0>(r.bytes, g, grp, r); break;
        case DType::Q5_0: emit<ggml::BlockQ5_0>(r.bytes, g, grp, r); break;
        case DType::Q4_1: emit<ggml::BlockQ4_1>(r.bytes, g, grp, r); break;
        case DType::Q5_1: emit<ggml::BlockQ5_1>(r.bytes, g, grp, r); break;
        default: break; // excluded by ggmlFormOf
        }
    }
    return r;
}

} // namespace qb::exporters
