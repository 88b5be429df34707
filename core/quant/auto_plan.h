// The automatic planner: per-layer schemes that minimise the summed predicted change (the
// sensitivity table's KL of each layer quantized alone) under a size budget, and the Pareto curve
// of size against predicted change.
#pragma once
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "core/domain/latency.h"
#include "core/domain/scheme.h"
#include "core/domain/sensitivity.h"
#include "core/model/model.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"

namespace qb::quant {

/// The plan entry that asks for exactly `s`: bits, group and symmetry for an integer scheme, the
/// format name otherwise.
PlanSettings schemeSettings(const Scheme& s);

struct PlannedLayer {
    std::string name;
    const Scheme* scheme = nullptr;
    uint64_t bytes = 0;
    double delta = 0; ///< the table's KL (or metric change) for this layer and scheme
    bool int8 = false; ///< W8A8 (act_bits 8): runs on the int8 kernels (plans with a latency target only)
    double ms = std::numeric_limits<double>::quiet_NaN(); ///< its predicted time (with a latency target)
};

struct AutoPlan {
    Plan plan;                        ///< the method as default, one exact entry per layer
    std::vector<PlannedLayer> layers; ///< model order
    PlanSize size;                    ///< planSize of the resolved plan
    double predictedDelta = 0;        ///< sum of the layers' deltas
    /// quant/latency_model.h's prediction, when planned with a latency target; NaN otherwise.
    double predictedLatencyMs = std::numeric_limits<double>::quiet_NaN();
};

/// A second constraint for AutoPlanner::plan: the predicted latency (latency_model.h) of the
/// plan at most `ms` by `table`, which holds every quantizable layer.
struct LatencyTarget {
    const ProjectLatency* table = nullptr;
    double ms = 0;
};

struct ParetoPoint {
    uint64_t bytes = 0;
    double bitsPerWeight = 0;
    double predictedDelta = 0;
};

/// What a layer's predicted change is: its KL against fp32, or its metric change (perplexity
/// increase or top-1 drop; noisier, and missing for unlabelled images).
enum class PlanObjective { Kl, Metric };

class AutoPlanner {
public:
    /// Candidates per quantizable layer: the table's schemes that the layer takes as they are
    /// (planProblems with `method` is empty, no fallback). Throws qb::Error(where, ...) listing
    /// the layers without any.
    AutoPlanner(const Model& model, const ProjectSensitivity& table, std::string method = "rtn",
                const std::string& where = "sensitivity", PlanObjective objective = PlanObjective::Kl);

    /// Bytes of `bitsPerWeight` over the model's quantizable weights.
    uint64_t budgetBytes(double bitsPerWeight) const;
    /// The plan of least predicted change whose size is at most `budget` bytes: the Lagrangian
    /// walk along each layer's lower convex hull, then the leftover budget filled greedily by the
    /// best change per byte. Throws qb::Error when even the smallest plan is larger.
    AutoPlan plan(uint64_t budget) const;
    /// plan(budget) whose predicted latency is also at most target.ms (auto_plan_latency.cpp). A
    /// graph layer that can run W8A8 (its table entry has an int8 time, the layer takes a
    /// quantized input, the sensitivity table measured int8_channel_sym) gets that as one more
    /// candidate: int8_channel_sym with act_bits 8, the int8 time, and the table's weight-only
    /// int8 change as its predicted change (activation rounding is not in the table, so that
    /// change is a lower bound). A second Lagrange multiplier prices time against change; the
    /// smallest one that meets the target is found by bisection, and the leftover budget and
    /// time are then spent greedily on the best change. Throws qb::Error("latency", ...) naming
    /// the fastest plan within the budget when the target is below it.
    AutoPlan plan(uint64_t budget, const LatencyTarget& target) const;
    /// The predicted latency of the fastest plan the planner finds within `budget`.
    double fastestLatencyMs(uint64_t budget, const ProjectLatency& table) const;
    /// The Lagrangian frontier from the smallest plan to the one of least change: each point the
    /// optimum for its size among plans on the layers' hulls.
    std::vector<ParetoPoint> pareto() const;
    /// Every scheme the table has for all layers (through the layer's fallback, as a uniform plan
    /// resolves), as a uniform plan's point (the marks beside the curve), in table order.
    struct UniformPoint {
        const Scheme* scheme;
        ParetoPoint point;
    };
    std::vector<UniformPoint> uniform() const;
    /// The predicted change of a resolved plan; throws qb::Error naming a layer whose scheme the
    /// table lacks (a layer kept in float predicts 0).
    double predict(std::span<const LayerPlan> layers) const;
    /// Quantizable weights of the model.
    uint64_t weights() const { return weights_; }

private:
    struct Candidate {
        const Scheme* scheme;
        uint64_t bytes;
        double delta;
    };
    struct Layer {
        std::string name;
        int64_t cols = 0;
        std::vector<Candidate> measured;   ///< every scheme of the table the layer takes
        std::vector<Candidate> candidates; ///< by bytes ascending, each smaller in delta than the one before
        std::vector<size_t> hull;          ///< indexes of candidates on the lower convex hull
    };
    // One hull step: layer `layer` from hull point `from` to the next, its slope (change per byte).
    struct Step {
        size_t layer;
        size_t to;
        double slope;
    };
    std::vector<Step> steps() const;
    AutoPlan build(const std::vector<size_t>& choice) const;
    std::vector<std::vector<struct TimedOption>> timedOptions(const ProjectLatency& table) const;

    const Model& model_;
    std::string method_;
    std::vector<Layer> layers_;
    uint64_t weights_ = 0;
};

} // namespace qb::quant
