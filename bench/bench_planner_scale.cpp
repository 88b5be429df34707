// The automatic planner at 70B scale, where the GUI runs it on its own thread at every budget
// change: a Llama-70B-shaped model (80 blocks of 7 matrices, embedding and output: 562 layers, no
// weight data needed) with a 12-scheme sensitivity table of made-up KLs. Prints the median time of
// AutoPlanner construction, plan() at 4.0 bits per weight and pareto(), each as a ratio to one
// resolvePlan of a uniform plan over the same model (the baseline, measured in the same run):
// construction checks which schemes the method takes once per scheme, so it should cost a few
// resolves, not one per layer and scheme (6744 here).
//   bench_planner_scale [--repeats N]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/quant/auto_plan.h"
#include "core/quant/plan.h"
#include "core/domain/scheme.h"

namespace {

using namespace qb;

Model llama70bShape() {
    Model m;
    m.path = "llama-70b-shape";
    m.format = "gguf";
    const int64_t d = 8192, kv = 1024, ffn = 28672, vocab = 32000;
    auto add = [&](std::string name, std::string kind, int64_t rows, int64_t cols) {
        TensorEntry t;
        t.name = std::move(name);
        t.kind = std::move(kind);
        t.shape = {rows, cols};
        t.quantizable = true;
        m.tensors.push_back(std::move(t));
    };
    add("token_embd.weight", "embedding", vocab, d);
    for (int b = 0; b < 80; ++b) {
        const std::string p = "blk." + std::to_string(b) + ".";
        add(p + "attn_q.weight", "attn_q", d, d);
        add(p + "attn_k.weight", "attn_k", kv, d);
        add(p + "attn_v.weight", "attn_v", kv, d);
        add(p + "attn_output.weight", "attn_output", d, d);
        add(p + "ffn_gate.weight", "ffn_gate", ffn, d);
        add(p + "ffn_up.weight", "ffn_up", ffn, d);
        add(p + "ffn_down.weight", "ffn_down", d, ffn);
    }
    add("output.weight", "output", vocab, d);
    return m;
}

template <typename F>
double medianSeconds(int repeats, F&& f) {
    f(); // untimed: first-touch allocations
    std::vector<double> t;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    int repeats = 9;
    for (int i = 1; i + 1 < argc; ++i)
        if (!std::strcmp(argv[i], "--repeats")) repeats = std::max(1, std::atoi(argv[++i]));

    const Model m = llama70bShape();
    const char* schemes[] = {"int8_channel_sym", "int6_g32_sym", "int5_g32_sym", "int4_g32_sym",
                             "int4_g128_sym",    "int4_g128_asym", "int3_g32_sym", "int3_g32_asym",
                             "q8_0",             "q6_k",         "q4_k",          "q4_0"};
    ProjectSensitivity table;
    std::mt19937 rng(1);
    std::uniform_real_distribution<double> noise(0.5, 2.0);
    size_t layers = 0;
    for (const TensorEntry& t : m.tensors) {
        ++layers;
        for (const char* s : schemes) {
            if (!quant::findScheme(s)) {
                std::fprintf(stderr, "no scheme %s\n", s);
                return 1;
            }
            // Fewer bits, more KL: 2^-bits-ish times a per-layer, per-scheme factor.
            const double bits = quant::scheme(s).bitsPerWeight;
            table.entries.push_back({t.name, s, noise(rng) * std::exp2(-bits), 0, 0, 0, 0, 0});
        }
    }
    std::printf("%zu layers x %zu schemes, median of %d\n", layers, std::size(schemes), repeats);

    quant::PlanSettings int4;
    int4.bits = 4;
    int4.group = 32;
    const quant::Plan uniform = quant::uniformPlan(int4);
    const double resolve = medianSeconds(repeats, [&] { (void)quant::resolvePlan(uniform, m, "bench"); });
    std::optional<quant::AutoPlanner> planner;
    const double construct = medianSeconds(repeats, [&] { planner.emplace(m, table); });
    double bpw = 0;
    const double plan = medianSeconds(repeats, [&] {
        const auto p = planner->plan(planner->budgetBytes(4.0));
        bpw = p.size.bitsPerWeight();
    });
    size_t points = 0;
    const double pareto = medianSeconds(repeats, [&] { points = planner->pareto().size(); });

    std::printf("baseline: resolvePlan of a uniform int4 g32 plan  %9.3f ms\n", resolve * 1e3);
    std::printf("AutoPlanner construction                          %9.3f ms  ratio %.1f resolves\n", construct * 1e3,
                construct / resolve);
    std::printf("plan() at 4.0 bits per weight (%.3f bpw)          %9.3f ms  ratio %.1f resolves\n", bpw, plan * 1e3,
                plan / resolve);
    std::printf("pareto() (%zu points)                             %9.3f ms  ratio %.1f resolves\n", points,
                pareto * 1e3, pareto / resolve);
    return 0;
}
