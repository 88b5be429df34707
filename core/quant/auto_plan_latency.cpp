// AutoPlanner::plan with a latency target: the size-budget walk of auto_plan.cpp over candidates
// whose cost is change + mu * time, mu found by bisection, then a greedy fill under both limits.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/quant/auto_plan.h"
#include "core/quant/latency_model.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"

namespace qb::quant {

// A candidate with its time. Declared in auto_plan.h, which only names it.
struct TimedOption {
    const Scheme* scheme;
    bool int8; // W8A8: act_bits 8 on the int8 kernels
    uint64_t bytes;
    double delta;
    double ms;
};

namespace {

using Options = std::vector<std::vector<TimedOption>>;

std::string ms(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.4g ms", v);
    return b;
}

// The choice of least sum(delta + mu * ms) with sum(bytes) <= budget, or empty when even the
// smallest choice is larger: per layer the lower convex hull over (bytes, cost), hull steps taken
// by cost per byte while they fit, then any single change that lowers the cost and fits.
std::vector<size_t> solve(const Options& options, uint64_t budget, double mu) {
    const auto cost = [&](const TimedOption& o) { return o.delta + mu * o.ms; };
    struct Step {
        size_t layer, from, to;
        double slope;
    };
    std::vector<size_t> choice(options.size());
    std::vector<Step> steps;
    uint64_t used = 0;
    for (size_t l = 0; l < options.size(); ++l) {
        std::vector<size_t> order(options[l].size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            const auto &x = options[l][a], &y = options[l][b];
            // On a tie the weight-only candidate first: the W8A8 one's change is a lower bound.
            if (x.bytes != y.bytes) return x.bytes < y.bytes;
            return cost(x) != cost(y) ? cost(x) < cost(y) : !x.int8 && y.int8;
        });
        std::vector<size_t> kept; // bytes rising, cost falling
        for (const size_t i : order)
            if (kept.empty() || cost(options[l][i]) < cost(options[l][kept.back()])) {
                if (!kept.empty() && options[l][kept.back()].bytes == options[l][i].bytes) kept.pop_back();
                kept.push_back(i);
            }
        std::vector<size_t> hull;
        const auto slope = [&](size_t a, size_t b) {
            return (cost(options[l][b]) - cost(options[l][a])) / double(options[l][b].bytes - options[l][a].bytes);
        };
        for (const size_t i : kept) {
            while (hull.size() >= 2 && slope(hull.back(), i) <= slope(hull[hull.size() - 2], hull.back())) hull.pop_back();
            hull.push_back(i);
        }
        choice[l] = hull[0];
        used += options[l][hull[0]].bytes;
        for (size_t k = 1; k < hull.size(); ++k) steps.push_back({l, hull[k - 1], hull[k], slope(hull[k - 1], hull[k])});
    }
    if (used > budget) return {};
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.slope < b.slope; });
    for (const Step& s : steps) {
        const uint64_t more = options[s.layer][s.to].bytes - options[s.layer][s.from].bytes;
        if (used + more > budget) break;
        used += more;
        choice[s.layer] = s.to;
    }
    for (;;) { // what is left: the best single change per byte that fits
        double best = 0;
        size_t bl = 0, bo = 0;
        for (size_t l = 0; l < options.size(); ++l) {
            const auto& now = options[l][choice[l]];
            for (size_t o = 0; o < options[l].size(); ++o) {
                const auto& x = options[l][o];
                if (cost(x) >= cost(now) || used - now.bytes + x.bytes > budget) continue;
                const double gain = (cost(now) - cost(x)) / double(std::max<uint64_t>(1, x.bytes > now.bytes ? x.bytes - now.bytes : 1));
                if (gain > best) best = gain, bl = l, bo = o;
            }
        }
        if (best <= 0) break;
        used = used - options[bl][choice[bl]].bytes + options[bl][bo].bytes;
        choice[bl] = bo;
    }
    return choice;
}

double latencyOf(const Options& options, const std::vector<size_t>& choice, double rest) {
    double sum = rest;
    for (size_t l = 0; l < options.size(); ++l) sum += options[l][choice[l]].ms;
    return sum;
}

} // namespace

std::vector<std::vector<TimedOption>> AutoPlanner::timedOptions(const ProjectLatency& table) const {
    Options out;
    for (const Layer& layer : layers_) {
        const LayerLatency* time = table.find(layer.name);
        if (!time) throw Error(layer.name, "the latency table has no time for this layer (measure it again)");
        std::vector<TimedOption> o;
        for (const Candidate& c : layer.candidates) o.push_back({c.scheme, false, c.bytes, c.delta, time->f32Ms});
        // The W8A8 candidate, as runtimePrecision decides it.
        LayerPlan w8a8;
        w8a8.name = layer.name;
        w8a8.scheme = findScheme("int8_channel_sym");
        w8a8.actBits = kActBits;
        if (runtimePrecision(model_, w8a8, table) == RunPrecision::Int8)
            for (const Candidate& c : layer.measured)
                if (c.scheme == w8a8.scheme) o.push_back({c.scheme, true, c.bytes, c.delta, time->int8Ms});
        out.push_back(std::move(o));
    }
    return out;
}

double AutoPlanner::fastestLatencyMs(uint64_t budget, const ProjectLatency& table) const {
    const Options options = timedOptions(table);
    // Time priced far above any change: the walk then buys time first and size only breaks ties.
    const std::vector<size_t> choice = solve(options, budget, 1e12);
    if (choice.empty()) throw Error("budget", std::to_string(budget) + " bytes is below the smallest plan of the table");
    return latencyOf(options, choice, table.restMs);
}

AutoPlan AutoPlanner::plan(uint64_t budget, const LatencyTarget& target) const {
    if (!target.table) throw Error("latency", "a latency target needs the latency table (run quantbench-cli latency)");
    const Options options = timedOptions(*target.table);
    const double rest = target.table->restMs;
    std::vector<size_t> choice = solve(options, budget, 0);
    if (choice.empty()) return plan(budget); // its error names the smallest plan
    if (latencyOf(options, choice, rest) > target.ms) {
        const std::vector<size_t> fastest = solve(options, budget, 1e12);
        if (latencyOf(options, fastest, rest) > target.ms)
            throw Error("latency", "the target " + ms(target.ms) + " is below the fastest plan within the budget: " +
                                       ms(latencyOf(options, fastest, rest)) + " (the rest of the model alone takes " +
                                       ms(rest) + ")");
        // Bisection on log(mu) between a price that misses the target and one that meets it.
        double lo = 1e-12, hi = 1e-12;
        choice = fastest;
        for (; hi < 1e12; hi *= 10) {
            const auto c = solve(options, budget, hi);
            if (latencyOf(options, c, rest) <= target.ms) {
                choice = c;
                break;
            }
            lo = hi;
        }
        for (int k = 0; k < 60 && hi / lo > 1 + 1e-9; ++k) {
            const double mid = std::sqrt(lo * hi);
            const auto c = solve(options, budget, mid);
            if (latencyOf(options, c, rest) <= target.ms) hi = mid, choice = c;
            else lo = mid;
        }
    }
    // Leftover bytes and time: the single change of most change saved per byte that keeps both.
    uint64_t used = 0;
    for (size_t l = 0; l < options.size(); ++l) used += options[l][choice[l]].bytes;
    double time = latencyOf(options, choice, rest);
    for (;;) {
        double best = 0;
        size_t bl = 0, bo = 0;
        for (size_t l = 0; l < options.size(); ++l) {
            const TimedOption& now = options[l][choice[l]];
            for (size_t o = 0; o < options[l].size(); ++o) {
                const TimedOption& x = options[l][o];
                if (x.delta >= now.delta || used - now.bytes + x.bytes > budget || time - now.ms + x.ms > target.ms) continue;
                const double gain = (now.delta - x.delta) / double(std::max<uint64_t>(1, x.bytes > now.bytes ? x.bytes - now.bytes : 1));
                if (gain > best) best = gain, bl = l, bo = o;
            }
        }
        if (best <= 0) break;
        const TimedOption &now = options[bl][choice[bl]], &x = options[bl][bo];
        used = used - now.bytes + x.bytes;
        time = time - now.ms + x.ms;
        choice[bl] = bo;
    }
    // A W8A8 layer costs what its weight-only twin does by the table, which cannot see the
    // activation rounding: each goes back to weight-only, least time saved first, while the
    // target still holds.
    std::vector<std::pair<double, size_t>> w8a8; // (time saved, layer)
    for (size_t l = 0; l < options.size(); ++l)
        if (options[l][choice[l]].int8)
            for (size_t o = 0; o < options[l].size(); ++o)
                if (!options[l][o].int8 && options[l][o].scheme == options[l][choice[l]].scheme)
                    w8a8.push_back({options[l][o].ms - options[l][choice[l]].ms, l});
    std::sort(w8a8.begin(), w8a8.end());
    for (const auto& [saved, l] : w8a8) {
        if (time + saved > target.ms) continue;
        for (size_t o = 0; o < options[l].size(); ++o)
            if (!options[l][o].int8 && options[l][o].scheme == options[l][choice[l]].scheme) {
                choice[l] = o;
                time += saved;
                break;
            }
    }

    AutoPlan p;
    p.plan.defaults.method = method_;
    for (size_t l = 0; l < layers_.size(); ++l) {
        const TimedOption& o = options[l][choice[l]];
        p.layers.push_back({layers_[l].name, o.scheme, o.bytes, o.delta, o.int8, o.ms});
        PlanSettings s = schemeSettings(*o.scheme);
        if (o.int8) s.actBits = kActBits;
        p.plan.setEntry(layers_[l].name, s);
        p.predictedDelta += o.delta;
    }
    const std::vector<LayerPlan> resolved = resolvePlan(p.plan, model_, "automatic plan");
    p.size = planSize(resolved);
    // From the plan as resolved, so the figure is what the runtime will run.
    p.predictedLatencyMs = predictLatencyMs(*target.table, model_, resolved);
    return p;
}

} // namespace qb::quant
