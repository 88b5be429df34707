// Q8_0 and Q4_0 encoding speed in GB/s of f32 input, single thread, reference against the fast
// path, with a memcpy of the same buffer as the same-run baseline. ggml's own quantize_row
// reaches about 15.6 GB/s (Q8_0) and 3.0 GB/s (Q4_0) on this kind of machine. Also Q4_K and
// Q6_K: the plain encoders against the scale search (what quantize uses).
#include <cstring>
#include <random>
#include <vector>

#include "core/quant/ggml_quantize.h"
#include "bench_support.h"
#include "ratio_reporter.h"

namespace {

// 4096 x 1024 f32 (16 MiB): larger than the caches, like a real weight matrix.
const std::vector<float>& weights() {
    static const std::vector<float> w = qb::bench::gaussian(size_t(4096) * 1024, 0.02f);
    return w;
}

void BM_Memcpy(benchmark::State& state) { qb::bench::memcpyBaseline(state, weights()); }

void encode(benchmark::State& state, qb::quant::QuantizeRowFn fn, int blockBytes) {
    const auto& w = weights();
    std::vector<unsigned char> dst(w.size() / 32 * size_t(blockBytes)); // blockBytes per 32 weights
    for (auto _ : state) {
        fn(w.data(), dst.data(), int64_t(w.size()));
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(w.size() * sizeof(float)));
}

void BM_Q8_0_Ref(benchmark::State& s) { encode(s, qb::quant::ggmlQuantizeRef(qb::DType::Q8_0), 34); }
void BM_Q8_0_Fast(benchmark::State& s) { encode(s, qb::quant::ggmlQuantizeFast(qb::DType::Q8_0), 34); }
void BM_Q4_0_Ref(benchmark::State& s) { encode(s, qb::quant::ggmlQuantizeRef(qb::DType::Q4_0), 18); }
void BM_Q4_0_Fast(benchmark::State& s) { encode(s, qb::quant::ggmlQuantizeFast(qb::DType::Q4_0), 18); }
void BM_Q4_K_Plain(benchmark::State& s) { encode(s, qb::quant::ggmlQuantizeRef(qb::DType::Q4_K), 18); }
void BM_Q4_K_Search(benchmark::State& s) { encode(s, qb::quant::ggmlQuantizeSearch(qb::DType::Q4_K), 18); }
void BM_Q6_K_Plain(benchmark::State& s) { encode(s, qb::quant::ggmlQuantizeRef(qb::DType::Q6_K), 27); }
void BM_Q6_K_Search(benchmark::State& s) { encode(s, qb::quant::ggmlQuantizeSearch(qb::DType::Q6_K), 27); }

} // namespace

BENCHMARK(BM_Memcpy)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Q8_0_Ref)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Q8_0_Fast)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Q4_0_Ref)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Q4_0_Fast)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Q4_K_Plain)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Q4_K_Search)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Q6_K_Plain)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Q6_K_Search)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    weights();
    qb::bench::RatioReporter reporter;
    reporter.addRatio("BM_Q8_0_Fast", "BM_Memcpy");
    reporter.addRatio("BM_Q8_0_Fast", "BM_Q8_0_Ref");
    reporter.addRatio("BM_Q4_0_Fast", "BM_Memcpy");
    reporter.addRatio("BM_Q4_0_Fast", "BM_Q4_0_Ref");
    reporter.addRatio("BM_Q4_K_Search", "BM_Memcpy");
    reporter.addRatio("BM_Q6_K_Search", "BM_Memcpy");
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
