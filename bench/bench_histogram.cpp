// Histogram speed: a 2048-bin histogram plus moments of a 4096x11008 f32 tensor (one LLaMA-7B
// FFN matrix), against a memcpy of the same buffer in the same run. Target: >= 0.5x memcpy.
#include <cstring>
#include <random>
#include <vector>

#include "core/stats/tensor_stats.h"
#include "core/util/parallel.h"
#include "bench_support.h"
#include "ratio_reporter.h"

namespace {

const std::vector<float>& weights() {
    static const std::vector<float> w = qb::bench::gaussian(size_t(4096) * 11008, 0.02f);
    return w;
}

void BM_Memcpy(benchmark::State& state) { qb::bench::memcpyBaseline(state, weights()); }

void BM_Histogram(benchmark::State& state) {
    const auto& w = weights();
    qb::setThreadCount(int(state.range(0)));
    for (auto _ : state) {
        auto s = qb::summarize(w, 2048);
        benchmark::DoNotOptimize(s.histogram.counts.data());
    }
    qb::setThreadCount(0);
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(w.size() * sizeof(float)));
}

} // namespace

BENCHMARK(BM_Memcpy)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Histogram)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    weights();
    qb::bench::RatioReporter reporter;
    reporter.addRatio("BM_Histogram/0", "BM_Memcpy", 0.5);
    reporter.addRatio("BM_Histogram/1", "BM_Memcpy");
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
