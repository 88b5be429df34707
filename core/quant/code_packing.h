// RTN's codes written in bulk: round a run of weights of one group to its grid (codeOf's double
// arithmetic, a group's grid hoisted out of the loop so that the compiler vectorizes it) into a
// byte per code, then pack those bytes at the scheme's width. The bytes equal packCodes() with
// codeOf per weight (integer_grid.h). Internal to core/quant.
#pragma once
#include <cstdint>
#include <span>

#include "core/quant/integer_grid.h"

namespace qb::quant {

/// The instruction sets roundToCodes can use (Auto: the best the CPU has; Portable: plain C++).
/// All give the same codes; tests pin each in turn (one the CPU lacks falls back to Portable).
enum class CodeIsa { Auto, Avx512, Avx2, Sse2, Portable };
bool codeIsaAvailable(CodeIsa isa);
void pinCodeIsa(CodeIsa isa);

/// codeOf(x[i], g, r) for every i, into u (codes fit a byte: at most 8 bits).
void roundToCodes(std::span<const float> x, const Grid& g, const Codes& r, uint8_t* u);

/// Packs n codes (each below 2^bits) into p from a byte-aligned start: whole bytes are written,
/// a last partial byte is or-ed in, as BitWriter does.
void packCodeBytes(const uint8_t* u, uint64_t n, int bits, uint8_t* p);

/// packCodes(s, l, codeOf(w[i - first], grids[i / groupLen], r), out, first, count): w holds the
/// weights from `first` (a multiple of 8) on.
void packRoundedCodes(const Scheme& s, const IntLayout& l, std::span<const Grid> grids, const Codes& r,
                      std::span<const float> w, uint8_t* out, uint64_t first, uint64_t count);

} // namespace qb::quant
