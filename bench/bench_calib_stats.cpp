// Calibration statistics speed: one ActivationObserver fed a 1M-float activation batch (a 4 MB
// conv or transformer activation), against a memcpy of the same batch in the same run. The
// observer runs once per tapped activation during calibration, so its bandwidth bounds how much
// calibration can cost over the plain fp32 forward pass.
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "core/stats/activation_observer.h"
#include "core/stats/clip_search.h"
#include "bench_support.h"
#include "ratio_reporter.h"

namespace {

constexpr size_t kBatch = size_t(32) * 128 * 16 * 16;

const std::vector<float>& batch() {
    static const std::vector<float> v = [] {
        auto b = qb::bench::gaussian(kBatch, 1.0f);
        for (auto& x : b) x = std::max(0.0f, x); // post-ReLU
        return b;
    }();
    return v;
}

void setBytes(benchmark::State& state) {
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(kBatch * sizeof(float)));
}

void BM_Memcpy(benchmark::State& state) { qb::bench::memcpyBaseline(state, batch()); }

void BM_Observer(benchmark::State& state) {
    qb::ActivationObserver obs;
    for (auto _ : state) obs.observe(batch());
    benchmark::DoNotOptimize(obs.count());
    setBytes(state);
}

// With per-channel magnitudes: NCHW [32, 128, 16, 16] along C, and tokens x hidden [256, 4096].
void BM_ObserverChannels(benchmark::State& state) {
    const bool tokens = state.range(0) == 1;
    const std::vector<int64_t> shape = tokens ? std::vector<int64_t>{256, 4096} : std::vector<int64_t>{32, 128, 16, 16};
    const qb::ChannelLayout layout{shape, tokens ? -1 : 1};
    qb::ActivationObserver obs;
    for (auto _ : state) obs.observe(batch(), layout);
    benchmark::DoNotOptimize(obs.count());
    setBytes(state);
}

// Two observers on the two halves in parallel, merged: how taps scale over threads.
void BM_ObserverTwoThreadsMerged(benchmark::State& state) {
    const auto& b = batch();
    const std::span<const float> all(b);
    qb::ActivationObserver total;
    for (auto _ : state) {
        qb::ActivationObserver a(qb::ObserverOptions{.seed = 1}), c(qb::ObserverOptions{.seed = 2});
        std::thread t([&] { c.observe(all.subspan(kBatch / 2)); });
        a.observe(all.first(kBatch / 2));
        t.join();
        a.merge(c);
        total.merge(a);
    }
    benchmark::DoNotOptimize(total.count());
    setBytes(state);
}

// The four clip searches over a full observer (once per layer after calibration, not per batch).
void BM_ClipSearch(benchmark::State& state) {
    qb::ActivationObserver obs;
    obs.observe(batch());
    const qb::ClipConfig cfg{.bits = 8, .symmetric = state.range(0) == 1};
    for (auto _ : state) benchmark::DoNotOptimize(qb::clipSearch(obs, cfg));
}

} // namespace

BENCHMARK(BM_ClipSearch)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Memcpy)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_Observer)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_ObserverChannels)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_ObserverTwoThreadsMerged)->Unit(benchmark::kMicrosecond)->UseRealTime();

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    batch();
    qb::bench::RatioReporter reporter;
    reporter.addRatio("BM_Observer/", "BM_Memcpy");
    reporter.addRatio("BM_ObserverChannels/0", "BM_Memcpy");
    reporter.addRatio("BM_ObserverChannels/1", "BM_Memcpy");
    reporter.addRatio("BM_ObserverTwoThreadsMerged", "BM_Memcpy");
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
