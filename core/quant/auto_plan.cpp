#include "core/quant/auto_plan.h"

#include <algorithm>
#include <map>

#include "core/quant/weight_matrix.h"
#include "core/util/error.h"

namespace qb::quant {

PlanSettings schemeSettings(const Scheme& s) {
    PlanSettings p;
    if (s.kind == SchemeKind::Integer && s.granularity != Granularity::Tensor) {
        p.bits = s.bits;
        if (s.granularity == Granularity::Group) p.group = s.group;
        p.symmetric = s.symmetric;
        if (s.scaleBits != 16) p.scaleBits = s.scaleBits;
    } else {
        p.format = s.name;
    }
    return p;
}

AutoPlanner::AutoPlanner(const Model& model, const ProjectSensitivity& table, std::string method, const std::string& where,
                         PlanObjective objective)
    : model_(model), method_(std::move(method)) {
    if (objective == PlanObjective::Metric && table.settings.metric.empty())
        throw Error(where, "the sensitivity table has no metric (unlabelled data): plan by KL");
    std::map<std::string, std::vector<const SensitivityEntry*>> byLayer;
    for (const SensitivityEntry& e : table.entries) byLayer[e.layer].push_back(&e);
    std::vector<std::string> missing;
    // Whether the method takes a scheme depends on the scheme and the method alone (a one-entry
    // plan's only possible problems), so it is checked once per scheme: per layer and scheme,
    // planProblems resolving the whole model made construction quadratic in the layer count.
    std::map<const Scheme*, bool> takes;
    auto methodTakes = [&](const Scheme* s, const std::string& layer) {
        auto [it, fresh] = takes.try_emplace(s, false);
        if (fresh) {
            Plan one;
            one.defaults.method = method_;
            one.setEntry(layer, schemeSettings(*s));
            it->second = planProblems(one, model).empty();
        }
        return it->second;
    };
    for (const TensorEntry& t : model.tensors) {
        if (!t.quantizable) continue;
        const WeightMatrix shape = matrixShape(t);
        weights_ += uint64_t(shape.rows * shape.cols);
        Layer layer{t.name, shape.cols, {}, {}, {}};
        for (const SensitivityEntry* e : byLayer[t.name]) {
            const Scheme* s = findScheme(e->scheme);
            if (!s || &resolve(*s, shape.cols) != s || !methodTakes(s, t.name)) continue;
            const auto bytes = sizeBytes(*s, shape.rows, shape.cols);
            if (bytes) layer.candidates.push_back({s, *bytes, objective == PlanObjective::Kl ? e->kl : e->metricDelta});
        }
        if (layer.candidates.empty()) {
            missing.push_back(t.name);
            continue;
        }
        layer.measured = layer.candidates;
        // Cheapest first; a candidate no better than a cheaper one is never worth choosing.
        auto& c = layer.candidates;
        std::sort(c.begin(), c.end(), [](const Candidate& a, const Candidate& b) {
            return a.bytes != b.bytes ? a.bytes < b.bytes : a.delta < b.delta;
        });
        std::vector<Candidate> kept;
        for (const Candidate& x : c)
            if (kept.empty() || x.delta < kept.back().delta) {
                if (!kept.empty() && kept.back().bytes == x.bytes) kept.pop_back();
                kept.push_back(x);
            }
        c = std::move(kept);
        // Lower convex hull over (bytes, delta): slopes rising (ever less negative).
        for (size_t i = 0; i < c.size(); ++i) {
            auto& h = layer.hull;
            while (h.size() >= 2) {
                const Candidate &a = c[h[h.size() - 2]], &b = c[h.back()], &x = c[i];
                const double s1 = (b.delta - a.delta) / double(b.bytes - a.bytes);
                const double s2 = (x.delta - b.delta) / double(x.bytes - b.bytes);
                if (s2 <= s1) h.pop_back();
                else break;
            }
            h.push_back(i);
        }
        layers_.push_back(std::move(layer));
    }
    if (!missing.empty()) {
        std::string list;
        for (size_t i = 0; i < missing.size() && i < 8; ++i) list += (i ? ", " : "") + missing[i];
        if (missing.size() > 8) list += ", ...";
        throw Error(where, std::to_string(missing.size()) + " layer(s) have no measured scheme they can take: " + list +
                               " (run sensitivity for them)");
    }
}

uint64_t AutoPlanner::budgetBytes(double bitsPerWeight) const {
    return uint64_t(bitsPerWeight * double(weights_) / 8.0);
}

std::vector<AutoPlanner::Step> AutoPlanner::steps() const {
    std::vector<Step> out;
    for (size_t l = 0; l < layers_.size(); ++l) {
        const Layer& layer = layers_[l];
        for (size_t k = 1; k < layer.hull.size(); ++k) {
            const Candidate &a = layer.candidates[layer.hull[k - 1]], &b = layer.candidates[layer.hull[k]];
            out.push_back({l, layer.hull[k], (b.delta - a.delta) / double(b.bytes - a.bytes)});
        }
    }
    // Steepest descent first; within a layer the hull's slopes already rise, so order is kept.
    std::stable_sort(out.begin(), out.end(), [](const Step& a, const Step& b) { return a.slope < b.slope; });
    return out;
}

AutoPlan AutoPlanner::build(const std::vector<size_t>& choice) const {
    AutoPlan p;
    p.plan.defaults.method = method_;
    for (size_t l = 0; l < layers_.size(); ++l) {
        const Candidate& c = layers_[l].candidates[choice[l]];
        p.layers.push_back({layers_[l].name, c.scheme, c.bytes, c.delta});
        p.plan.setEntry(layers_[l].name, schemeSettings(*c.scheme));
        p.predictedDelta += c.delta;
    }
    // Sizes from the plan as resolved, so the figures are what quantize will make.
    p.size = planSize(resolvePlan(p.plan, model_, "automatic plan"));
    return p;
}

AutoPlan AutoPlanner::plan(uint64_t budget) const {
    std::vector<size_t> choice(layers_.size(), 0); // hull[0] is candidate 0: the cheapest
    uint64_t used = 0;
    for (const Layer& l : layers_) used += l.candidates[0].bytes;
    if (used > budget)
        throw Error("budget", std::to_string(budget) + " bytes (" + std::to_string(8.0 * double(budget) / double(weights_)) +
                                  " bits per weight) is below the smallest plan of the table, " + std::to_string(used) +
                                  " bytes");
    // The Lagrangian walk: hull steps by change per byte while they fit.
    for (const Step& s : steps()) {
        const Layer& l = layers_[s.layer];
        const uint64_t more = l.candidates[s.to].bytes - l.candidates[choice[s.layer]].bytes;
        if (used + more > budget) break;
        used += more;
        choice[s.layer] = s.to;
    }
    // What is left: any single change that fits, best reduction per byte first, until none helps.
    for (;;) {
        double best = 0;
        size_t bl = 0, bc = 0;
        for (size_t l = 0; l < layers_.size(); ++l) {
            const Candidate& now = layers_[l].candidates[choice[l]];
            for (size_t c = 0; c < layers_[l].candidates.size(); ++c) {
                const Candidate& x = layers_[l].candidates[c];
                if (x.delta >= now.delta || used - now.bytes + x.bytes > budget) continue;
                const double gain = (now.delta - x.delta) / double(std::max<uint64_t>(1, x.bytes > now.bytes ? x.bytes - now.bytes : 1));
                if (gain > best) best = gain, bl = l, bc = c;
            }
        }
        if (best <= 0) break;
        used = used - layers_[bl].candidates[choice[bl]].bytes + layers_[bl].candidates[bc].bytes;
        choice[bl] = bc;
    }
    return build(choice);
}

std::vector<ParetoPoint> AutoPlanner::pareto() const {
    std::vector<size_t> choice(layers_.size(), 0);
    uint64_t used = 0;
    double delta = 0;
    for (const Layer& l : layers_) used += l.candidates[0].bytes, delta += l.candidates[0].delta;
    const auto point = [&] { return ParetoPoint{used, 8.0 * double(used) / double(weights_), delta}; };
    std::vector<ParetoPoint> out{point()};
    for (const Step& s : steps()) {
        const Candidate &from = layers_[s.layer].candidates[choice[s.layer]], &to = layers_[s.layer].candidates[s.to];
        used += to.bytes - from.bytes;
        delta += to.delta - from.delta;
        choice[s.layer] = s.to;
        out.push_back(point());
    }
    return out;
}

std::vector<AutoPlanner::UniformPoint> AutoPlanner::uniform() const {
    std::vector<UniformPoint> out;
    for (const Scheme& s : schemes()) {
        ParetoPoint p;
        bool everywhere = true;
        for (const Layer& l : layers_) {
            const Scheme* as = &resolve(s, l.cols);
            const auto c = std::find_if(l.measured.begin(), l.measured.end(), [&](const Candidate& x) { return x.scheme == as; });
            if (c == l.measured.end()) {
                everywhere = false;
                break;
            }
            p.bytes += c->bytes;
            p.predictedDelta += c->delta;
        }
        if (!everywhere || layers_.empty()) continue;
        p.bitsPerWeight = 8.0 * double(p.bytes) / double(weights_);
        out.push_back({&s, p});
    }
    return out;
}

double AutoPlanner::predict(std::span<const LayerPlan> plan) const {
    double sum = 0;
    for (const LayerPlan& lp : plan) {
        if (!lp.scheme || lp.scheme->kind == SchemeKind::Float) continue;
        const auto layer = std::find_if(layers_.begin(), layers_.end(), [&](const Layer& l) { return l.name == lp.name; });
        const Candidate* hit = nullptr;
        if (layer != layers_.end())
            for (const Candidate& c : layer->measured)
                if (c.scheme == lp.scheme) hit = &c;
        if (!hit) throw Error(lp.name, "the sensitivity table has no entry for scheme " + lp.scheme->name);
        sum += hit->delta;
    }
    return sum;
}

} // namespace qb::quant
