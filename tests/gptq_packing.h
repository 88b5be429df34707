// The GPTQ checkpoint layout read back bit by bit, written apart from the exporter's packing so
// that the export tests and the GPTQ fuzz target check it against an independent decoder.
#pragma once
#include <cstdint>

namespace qb::test {

/// `bits` bits from bit `pos` of an LSB-first stream of int32 words (`word(n)`: its n-th word),
/// as qweight (codes down the input dimension) and qzeros (along the output dimension) pack them.
template <typename Word>
uint32_t fromStream(int64_t pos, int bits, Word word) {
    uint64_t v = word(pos / 32) >> (pos % 32);
    if (pos % 32 + bits > 32) v |= uint64_t(word(pos / 32 + 1)) << (32 - pos % 32);
    return uint32_t(v) & ((1u << bits) - 1);
}

} // namespace qb::test
