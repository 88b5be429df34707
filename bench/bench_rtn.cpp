// quantizeRtn on one 4096 x 11008 f32 layer (a Llama-7B ffn matrix, 180 MB) with the worker pool:
// seconds per layer and GB/s of f32 input for the integer schemes with and without the clip
// search, and the GGML types, each against a memcpy of the same buffer in the same run.
#include <vector>

#include "core/quant/rtn.h"
#include "bench_support.h"
#include "ratio_reporter.h"

namespace {

constexpr int64_t kRows = 4096, kCols = 11008;

const std::vector<float>& weights() {
    static const std::vector<float> w = qb::bench::gaussian(size_t(kRows) * kCols, 0.02f);
    return w;
}

void BM_Memcpy(benchmark::State& state) { qb::bench::memcpyBaseline(state, weights()); }

void rtn(benchmark::State& state, const char* scheme, bool clipSearch) {
    const auto& w = weights();
    const auto& s = qb::quant::scheme(scheme);
    qb::quant::RtnOptions opt;
    opt.clipSearch = clipSearch;
    for (auto _ : state) {
        auto q = qb::quant::quantizeRtn(s, w, kRows, kCols, "bench", opt);
        benchmark::DoNotOptimize(q.bytes.data());
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(w.size() * sizeof(float)));
}

void BM_Int4G32_Search(benchmark::State& s) { rtn(s, "int4_g32_sym", true); }
void BM_Int4G32_MinMax(benchmark::State& s) { rtn(s, "int4_g32_sym", false); }
void BM_Int4G128Asym_Search(benchmark::State& s) { rtn(s, "int4_g128_asym", true); }
void BM_Int3G32Asym_Search(benchmark::State& s) { rtn(s, "int3_g32_asym", true); }
void BM_Int8Channel_Search(benchmark::State& s) { rtn(s, "int8_channel_sym", true); }
void BM_Q8_0(benchmark::State& s) { rtn(s, "q8_0", true); }
void BM_Q4_0(benchmark::State& s) { rtn(s, "q4_0", true); }
void BM_Q4_K_Search(benchmark::State& s) { rtn(s, "q4_k", true); }
void BM_Q6_K_Search(benchmark::State& s) { rtn(s, "q6_k", true); }

} // namespace

BENCHMARK(BM_Memcpy)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Int4G32_Search)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Int4G32_MinMax)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Int4G128Asym_Search)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Int3G32Asym_Search)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Int8Channel_Search)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Q8_0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Q4_0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Q4_K_Search)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Q6_K_Search)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    weights();
    qb::bench::RatioReporter reporter;
    for (const char* b : {"BM_Int4G32_Search", "BM_Int4G32_MinMax", "BM_Int4G128Asym_Search", "BM_Int3G32Asym_Search",
                          "BM_Int8Channel_Search", "BM_Q8_0", "BM_Q4_0", "BM_Q4_K_Search", "BM_Q6_K_Search"})
        reporter.addRatio(b, "BM_Memcpy");
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
