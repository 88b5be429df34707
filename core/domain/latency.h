// Per-layer latency of a model on this machine: for each quantizable layer, the time of the
// runtime's own kernel for it in each precision the runtime can execute it in, measured once
// (pipeline/latency.h) and kept in the project (docs/PROJECT_FORMAT.md, /latency). A plan's
// predicted latency is the sum of its layers' times in the precision each runs in, plus the rest
// of the model (quant/latency_model.h).
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace qb {

/// What a measurement depends on besides the model: another CPU, oneDNN ISA, thread count or
/// input size makes the times of a table meaningless, so a table whose key differs is stale.
struct LatencyKey {
    std::string cpu;     ///< the CPU's model name (/proc/cpuinfo), "unknown" when unreadable
    std::string isa;     ///< oneDNN's effective ISA ("avx2", "avx512_core_amx", ...)
    int threads = 0;     ///< worker threads the runtime ran on
    int64_t batch = 0;   ///< graphs: images per run (1); language models: tokens per window

    bool operator==(const LatencyKey&) const = default;
};

struct LayerLatency {
    std::string layer;  ///< the weight tensor's name
    double f32Ms = 0;   ///< its kernel(s) in f32: also what every weight-only scheme runs
    /// Its kernel as the int8 W8A8 path runs it (s8 weights, u8/s8 activations); NaN when the
    /// runtime has no int8 kernel for it (a ConvTranspose whose patches overlap, a language model today).
    double int8Ms = std::numeric_limits<double>::quiet_NaN();
    bool hasInt8() const { return std::isfinite(int8Ms); }

    bool operator==(const LayerLatency& o) const {
        return layer == o.layer && f32Ms == o.f32Ms && (int8Ms == o.int8Ms || (std::isnan(int8Ms) && std::isnan(o.int8Ms)));
    }
};

struct ProjectLatency {
    LatencyKey key;
    int64_t repetitions = 0; ///< timed forward passes per precision (after warm-up); times are medians
    /// Median time of the whole fp32 forward pass, and of the pass with every int8-capable layer
    /// in int8 (NaN when no layer can run in int8).
    double f32TotalMs = 0;
    double int8TotalMs = std::numeric_limits<double>::quiet_NaN();
    /// Everything but the quantizable layers' kernels (other ops, reorders, the runtime's own
    /// work), taken as f32TotalMs minus the layers' f32 times: not measured on its own.
    double restMs = 0;
    std::vector<LayerLatency> layers; ///< model order

    const LayerLatency* find(const std::string& name) const {
        for (const LayerLatency& l : layers)
            if (l.layer == name) return &l;
        return nullptr;
    }
    bool operator==(const ProjectLatency& o) const {
        const auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
        return key == o.key && repetitions == o.repetitions && same(f32TotalMs, o.f32TotalMs) &&
               same(int8TotalMs, o.int8TotalMs) && restMs == o.restMs && layers == o.layers;
    }
};

} // namespace qb
