// ggml's block layouts (ggml-common.h) as structs: fields in file order, little-endian, halves as
// their IEEE binary16 bits. The static_asserts pin each size to the format, so no padding can
// creep in. Stored blocks may sit at any byte offset (mmap), so code copies a block into one of
// these with memcpy rather than casting a pointer.
#pragma once
#include <cstddef>
#include <cstdint>

namespace qb::ggml {

inline constexpr int kQK = 32;    ///< elements per block of the legacy formats
inline constexpr int kQK_K = 256; ///< elements per K-quant super-block
inline constexpr int kScalesK = 12; ///< bytes of Q4_K/Q5_K's eight packed 6-bit (scale, min) pairs

using Half = uint16_t;

/// Element j in the low nibble of qs[j], element j+16 in the high nibble; value (q - 8) * d.
struct BlockQ4_0 {
    Half d;
    uint8_t qs[kQK / 2];
};
/// As Q4_0 with value q * d + m.
struct BlockQ4_1 {
    Half d, m;
    uint8_t qs[kQK / 2];
};
/// As Q4_0 plus the fifth bit of element i at bit i of qh (little-endian u32); value (q - 16) * d.
struct BlockQ5_0 {
    Half d;
    uint8_t qh[4];
    uint8_t qs[kQK / 2];
};
/// As Q5_0 with value q * d + m.
struct BlockQ5_1 {
    Half d, m;
    uint8_t qh[4];
    uint8_t qs[kQK / 2];
};
struct BlockQ8_0 {
    Half d;
    int8_t qs[kQK];
};
/// s = d * sum(qs), for dot products; decoding ignores it.
struct BlockQ8_1 {
    Half d, s;
    int8_t qs[kQK];
};
/// scales: low nibble scale, high nibble min, per 16 elements.
struct BlockQ2_K {
    uint8_t scales[kQK_K / 16];
    uint8_t qs[kQK_K / 4];
    Half d, dmin;
};
struct BlockQ3_K {
    uint8_t hmask[kQK_K / 8];
    uint8_t qs[kQK_K / 4];
    uint8_t scales[12];
    Half d;
};
struct BlockQ4_K {
    Half d, dmin;
    uint8_t scales[kScalesK];
    uint8_t qs[kQK_K / 2];
};
struct BlockQ5_K {
    Half d, dmin;
    uint8_t scales[kScalesK];
    uint8_t qh[kQK_K / 8];
    uint8_t qs[kQK_K / 2];
};
struct BlockQ6_K {
    uint8_t ql[kQK_K / 2];
    uint8_t qh[kQK_K / 4];
    int8_t scales[kQK_K / 16];
    Half d;
};
/// bsums: sums of each 16 qs, for dot products.
struct BlockQ8_K {
    float d;
    int8_t qs[kQK_K];
    int16_t bsums[kQK_K / 16];
};

static_assert(sizeof(BlockQ4_0) == 18);
static_assert(sizeof(BlockQ4_1) == 20);
static_assert(sizeof(BlockQ5_0) == 22);
static_assert(sizeof(BlockQ5_1) == 24);
static_assert(sizeof(BlockQ8_0) == 34);
static_assert(sizeof(BlockQ8_1) == 36);
static_assert(sizeof(BlockQ2_K) == 84);
static_assert(sizeof(BlockQ3_K) == 110);
static_assert(sizeof(BlockQ4_K) == 144);
static_assert(sizeof(BlockQ5_K) == 176);
static_assert(sizeof(BlockQ6_K) == 210);
static_assert(sizeof(BlockQ8_K) == 292);
static_assert(offsetof(BlockQ5_0, qs) == 6 && offsetof(BlockQ5_1, qs) == 8 && offsetof(BlockQ6_K, d) == 208);

} // namespace qb::ggml
