// The clip search's inner loop (searchGrid, integer_grid.h): the squared rounding errors of one
// group on a block of candidate grids, a candidate per vector lane, and the block's grids, with
// one kernel per instruction set. Internal to core/quant.
#pragma once
#include <span>

#include "core/quant/integer_grid.h"

namespace qb::quant::clip {

// kBlock candidate grids, one per lane (unused lanes repeat lane 0), with what the error needs:
// 1 / scale (0 for a zero scale, where every value rounds to the zero level) and the code range
// less the zero point.
constexpr int kBlock = 16;
struct CandidateBlock {
    alignas(64) float inv[kBlock], lo[kBlock], hi[kBlock], step[kBlock];
    alignas(64) int zero[kBlock];
};

inline void setLane(CandidateBlock& b, int l, const Grid& g, const Codes& r) {
    b.zero[l] = g.zero;
    b.step[l] = g.scale;
    b.inv[l] = g.scale == 0 ? 0.f : 1.f / g.scale;
    b.lo[l] = float(r.lo - g.zero);
    b.hi[l] = float(r.hi - g.zero);
}

// What fills a block: candidate j (0 the min-max grid) has, for fp16 scales, shrink 1 - j * step
// and the nearest fp16 scale to its raw scale; for scale codes, code top - j and the shrink that
// code's scale is of the raw scale. The same arithmetic as gridFor and gridWithScale, lane by
// lane without branches, so that the compiler vectorizes it.
struct CandidateSource {
    bool symmetric, codes;
    int top, half;        // largest code; 2^(bits-1)
    double span, divisor; // the range (amax, or hi - lo) and its codes (rawScale)
    double lo;            // the extent's low end
    double shrinkStep, raw;
    float super;
    Codes r;
};

// Each kernel writes the errors of the block's lanes into err and returns true, or returns false
// as soon as every lane's partial sum reaches `bound` (a lane that does cannot end below it: the
// terms are >= 0 and rounding is monotonic). A candidate wins only strictly below the best error
// so far, and blocks go in the search's order, so a dropped block never held the winner.
using BlockErrors = bool (*)(std::span<const float> x, const CandidateBlock& b, double bound, double* err);
/// Fills the block's lanes with candidates first, first + 1, ... of `c` (lanes past the last
/// candidate hold whatever follows; searchGrid overwrites them).
using FillBlock = void (*)(const CandidateSource& c, int first, CandidateBlock& b);

struct Kernels {
    BlockErrors errors;
    FillBlock fill;
};
/// The kernels of the instruction set pinSearchIsa() chose, else of the best one the CPU has.
Kernels kernels();
/// That instruction set: the pinned one when the CPU has it (Portable when not), else the best.
/// The K-quant search (kquant_search_kernels.h) follows the same choice.
SearchIsa activeIsa();

} // namespace qb::quant::clip
