// The K-quant scale search's inner loop (searchQ4_KSub and searchQ6_KSub, ggml_quantize.cpp): the
// least-squares sums of one sub-block's codes on all of its candidate grids, a candidate per
// vector lane, with one kernel per instruction set (the clip search's choice, pinSearchIsa in
// integer_grid.h). Internal to core/quant.
#pragma once

namespace qb::quant::kquant {

// The candidates are the range divisions (levels - 1 + t/10), t = -10..10; lanes past the last
// repeat lane 0 and are ignored.
constexpr int kCandidates = 21, kLanes = 24;

// Per lane, the least-squares fit of the candidate's codes q (value ~ scale * q + offset) and its
// squared error, exactly as fitCodes in ggml_quantize.cpp computed it for that candidate alone.
struct Fits {
    alignas(64) float scale[kLanes], offset[kLanes];
    alignas(64) double err[kLanes];
};

/// Q4_K, 32 values x: q = clamp(roundNear((x - lo) * inv[lane]), 0, 15), the offset at most 0.
using Q4_KFits = void (*)(const float* x, float lo, const float* inv, Fits& f);
/// Q6_K, 16 values x: q = clamp(roundNear(x * inv[lane]), -32, 31), no offset.
using Q6_KFits = void (*)(const float* x, const float* inv, Fits& f);

struct Kernels {
    Q4_KFits q4k;
    Q6_KFits q6k;
};
/// The kernels of the instruction set the clip search uses (pinned or the best the CPU has).
Kernels kernels();

} // namespace qb::quant::kquant
