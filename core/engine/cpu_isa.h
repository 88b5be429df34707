// Which int8 activation range the CPU computes exactly. Without VNNI, oneDNN's int8 kernels sum
// pairs of u8*s8 products in saturating int16 (vpmaddubsw) before widening to int32: two products
// of 255 * 127 overflow it, so full-range u8 activations give wrong results (errors of tens of
// thousands in the accumulator). With u8 codes kept in [0, 127] a pair stays below
// 2 * 127 * 128 = 32512 and the result is exact; that costs one bit of activation resolution.
// With VNNI (vpdpbusd) products are accumulated in int32 directly and the full u8 range is exact.
#pragma once
#include <cstdint>
#include <string>

#include "core/domain/quantized_layer.h"

namespace qb::engine {

struct Int8Isa {
    std::string isa; ///< oneDNN's effective ISA ("avx2", "avx512_core_vnni", ...)
    bool vnni = false;
};

/// The ISA oneDNN's int8 kernels run with: the CPU's, capped by ONEDNN_MAX_CPU_ISA when set.
/// This and not cpuid decides, because oneDNN picks its kernels by it.
Int8Isa int8Isa();

enum class ActivationRange {
    Auto,    ///< Full with VNNI, Reduced without
    Full,    ///< u8 codes 0..255 (exact only with VNNI)
    Reduced, ///< u8 codes 0..127 (7 bits; exact on every ISA)
};

/// The largest u8 activation code a range uses (Auto resolved for this CPU): 255 or 127.
int maxActivationCode(ActivationRange r);

/// One line for the CLI and GUI, e.g. "int8: avx2 without VNNI, 7-bit activations (u8 0..127)".
std::string int8Summary(ActivationRange r = ActivationRange::Auto);

/// How the engine quantizes a layer's input: u = clamp(round(x / scale) + zero, 0, maxCode).
struct ActivationGrid {
    float scale = 1;
    int32_t zero = 0;
    int32_t maxCode = 255;
};

/// The u8 grid covering the real range of `a` (its codes' span times its scale) with at most
/// maxCode + 1 levels: `a` itself when it is unsigned and fits, a zero point shifted by 128 for
/// signed 8-bit codes on the full range, else the same real range requantized onto 0..maxCode
/// (scale times (2^bits - 1) / maxCode). Throws qb::Error(tensor, ...) for a scale that is not
/// positive and finite, bits outside 2..8 or a zero point outside the code range.
ActivationGrid activationGrid(const quant::ActivationQuant& a, int maxCode, const std::string& tensor);

} // namespace qb::engine
