#include "core/tensor/dtype.h"

#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/tensor/ggml_block_types.h"
#include "core/tensor/ggml_blocks.h"

namespace qb {

float halfToFloat(uint16_t h) {
    const uint32_t sign = uint32_t(h & 0x8000) << 16;
    const uint32_t exp = (h >> 10) & 0x1f;
    const uint32_t mant = h & 0x3ff;
    uint32_t bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else { // subnormal: value = mant * 2^-24
            const float f = float(mant) * 0x1p-24f;
            bits = sign | std::bit_cast<uint32_t>(f);
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else {
        bits = sign | ((exp + 112) << 23) | (mant << 13);
    }
    return std::bit_cast<float>(bits);
}

float bf16ToFloat(uint16_t h) { return std::bit_cast<float>(uint32_t(h) << 16); }

uint16_t floatToHalf(float f) {
    // Round to nearest even, with overflow to inf and gradual underflow.
    const uint32_t x = std::bit_cast<uint32_t>(f);
    const uint32_t sign = (x >> 16) & 0x8000;
    const uint32_t absx = x & 0x7fffffff;
    if (absx >= 0x7f800000) return uint16_t(sign | 0x7c00 | (absx > 0x7f800000 ? 0x200 : 0));
    if (absx >= 0x477ff000) return uint16_t(sign | 0x7c00); // rounds past 65504
    if (absx < 0x38800000) { // subnormal or zero in half
        const float a = std::bit_cast<float>(absx);
        const uint32_t m = uint32_t(std::nearbyint(a * 0x1p24f));
        return uint16_t(sign | m);
    }
    const uint32_t e = (absx >> 23) - 112;
    uint32_t m = absx & 0x7fffff;
    uint32_t h = (e << 10) | (m >> 13);
    const uint32_t rem = m & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) ++h;
    return uint16_t(sign | h);
}

namespace {

template <typename T>
void plainToFloat(const void* src, float* dst, int64_t n) {
    const auto* p = static_cast<const unsigned char*>(src);
    for (int64_t i = 0; i < n; ++i) {
        T v;
        std::memcpy(&v, p + i * sizeof(T), sizeof(T));
        dst[i] = static_cast<float>(v);
    }
}
void f16ToFloat(const void* src, float* dst, int64_t n) {
    const auto* p = static_cast<const unsigned char*>(src);
    for (int64_t i = 0; i < n; ++i) {
        uint16_t v;
        std::memcpy(&v, p + 2 * i, 2);
        dst[i] = halfToFloat(v);
    }
}
void bf16ArrayToFloat(const void* src, float* dst, int64_t n) {
    const auto* p = static_cast<const unsigned char*>(src);
    for (int64_t i = 0; i < n; ++i) {
        uint16_t v;
        std::memcpy(&v, p + 2 * i, 2);
        dst[i] = bf16ToFloat(v);
    }
}

// Indexed by DType. ggml block decoders live in ggml_blocks.cpp.
const std::array<DTypeTraits, size_t(DType::Unsupported) + 1> kTraits = {{
    {DType::F32, "f32", 1, 4, true, plainToFloat<float>},
    {DType::F16, "f16", 1, 2, true, f16ToFloat},
    {DType::BF16, "bf16", 1, 2, true, bf16ArrayToFloat},
    {DType::F64, "f64", 1, 8, true, plainToFloat<double>},
    {DType::I8, "i8", 1, 1, false, plainToFloat<int8_t>},
    {DType::U8, "u8", 1, 1, false, plainToFloat<uint8_t>},
    {DType::I16, "i16", 1, 2, false, plainToFloat<int16_t>},
    {DType::U16, "u16", 1, 2, false, plainToFloat<uint16_t>},
    {DType::I32, "i32", 1, 4, false, plainToFloat<int32_t>},
    {DType::U32, "u32", 1, 4, false, plainToFloat<uint32_t>},
    {DType::I64, "i64", 1, 8, false, plainToFloat<int64_t>},
    {DType::U64, "u64", 1, 8, false, plainToFloat<uint64_t>},
    {DType::Bool, "bool", 1, 1, false, plainToFloat<uint8_t>},
    {DType::Q4_0, "q4_0", ggml::kQK, sizeof(ggml::BlockQ4_0), false, ggml::dequantQ4_0},
    {DType::Q4_1, "q4_1", ggml::kQK, sizeof(ggml::BlockQ4_1), false, ggml::dequantQ4_1},
    {DType::Q5_0, "q5_0", ggml::kQK, sizeof(ggml::BlockQ5_0), false, ggml::dequantQ5_0},
    {DType::Q5_1, "q5_1", ggml::kQK, sizeof(ggml::BlockQ5_1), false, ggml::dequantQ5_1},
    {DType::Q8_0, "q8_0", ggml::kQK, sizeof(ggml::BlockQ8_0), false, ggml::dequantQ8_0},
    {DType::Q8_1, "q8_1", ggml::kQK, sizeof(ggml::BlockQ8_1), false, ggml::dequantQ8_1},
    {DType::Q2_K, "q2_k", ggml::kQK_K, sizeof(ggml::BlockQ2_K), false, ggml::dequantQ2_K},
    {DType::Q3_K, "q3_k", ggml::kQK_K, sizeof(ggml::BlockQ3_K), false, ggml::dequantQ3_K},
    {DType::Q4_K, "q4_k", ggml::kQK_K, sizeof(ggml::BlockQ4_K), false, ggml::dequantQ4_K},
    {DType::Q5_K, "q5_k", ggml::kQK_K, sizeof(ggml::BlockQ5_K), false, ggml::dequantQ5_K},
    {DType::Q6_K, "q6_k", ggml::kQK_K, sizeof(ggml::BlockQ6_K), false, ggml::dequantQ6_K},
    {DType::Q8_K, "q8_k", ggml::kQK_K, sizeof(ggml::BlockQ8_K), false, ggml::dequantQ8_K},
    {DType::Unsupported, "unsupported", 1, 0, false, nullptr},
}};

struct GgmlPair {
    uint32_t id;
    DType type;
};
// ggml_type enum values (ggml.h); ids 4 and 5 were retired upstream.
constexpr GgmlPair kGgml[] = {
    {0, DType::F32},   {1, DType::F16},   {2, DType::Q4_0},  {3, DType::Q4_1},  {6, DType::Q5_0},
    {7, DType::Q5_1},  {8, DType::Q8_0},  {9, DType::Q8_1},  {10, DType::Q2_K}, {11, DType::Q3_K},
    {12, DType::Q4_K}, {13, DType::Q5_K}, {14, DType::Q6_K}, {15, DType::Q8_K}, {24, DType::I8},
    {25, DType::I16},  {26, DType::I32},  {27, DType::I64},  {28, DType::F64},  {30, DType::BF16},
};

} // namespace

const DTypeTraits& traits(DType t) { return kTraits.at(size_t(t)); }
std::string_view dtypeName(DType t) { return traits(t).name; }

std::optional<DType> dtypeFromName(std::string_view name) {
    for (const auto& tr : kTraits)
        if (tr.name == name && tr.type != DType::Unsupported) return tr.type;
    return std::nullopt;
}

std::optional<uint64_t> storageBytes(DType t, uint64_t n) {
    const auto& tr = traits(t);
    if (tr.blockBytes == 0) return std::nullopt;
    if (n % uint64_t(tr.blockElems) != 0) return std::nullopt;
    const uint64_t blocks = n / uint64_t(tr.blockElems);
    if (blocks > std::numeric_limits<uint64_t>::max() / uint64_t(tr.blockBytes)) return std::nullopt;
    return blocks * uint64_t(tr.blockBytes);
}

std::optional<DType> dtypeFromGgml(uint32_t id) {
    for (const auto& p : kGgml)
        if (p.id == id) return p.type;
    return std::nullopt;
}

std::optional<uint32_t> ggmlId(DType t) {
    for (const auto& p : kGgml)
        if (p.type == t) return p.id;
    return std::nullopt;
}

} // namespace qb
