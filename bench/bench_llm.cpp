// Evaluation throughput of the llama decoder (batched windows, as the perplexity evaluator runs
// them): stories260K from ../shared, and a synthetic llama with hidden size 1024 and random
// weights. Counters: tokens/s, and the share of wall time spent in weight matmuls and in
// attention matmuls.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <random>

#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/llm/transformer.h"
#include "core/tokenizer/tokenizer_loader.h"

namespace {

// The models and data beside the repository: $QB_SHARED_DIR, else ../shared next to the source tree.
std::string sharedDir() {
    if (const char* env = std::getenv("QB_SHARED_DIR")) return env;
    const std::string self = __FILE__; // absolute: .../main/bench/bench_llm.cpp
    return self.substr(0, self.rfind("/bench/")) + "/../shared";
}
const std::string kShared = sharedDir();

// A llama-shaped model held in memory, with GGUF tensor names and N(0, 0.02) weights.
qb::Model syntheticLlama(const qb::LlamaConfig& c) {
    qb::Model m;
    m.path = "synthetic-llama";
    m.format = "gguf";
    m.architecture = "llama";
    m.llama = c;
    std::mt19937 rng(1);
    std::normal_distribution<float> dist(0.f, 0.02f);
    auto add = [&](const std::string& name, std::vector<int64_t> shape, bool norm) {
        auto data = std::make_shared<std::vector<float>>(size_t(shape.size() == 1 ? shape[0] : shape[0] * shape[1]));
        for (auto& v : *data) v = norm ? 1.f : dist(rng);
        qb::TensorEntry t;
        t.name = name;
        t.shape = std::move(shape);
        t.data = std::as_bytes(std::span<const float>(*data));
        m.tensors.push_back(std::move(t));
        m.storage.push_back(data);
    };
    const int64_t kv = c.kvHeads * c.headDim;
    add("token_embd.weight", {c.vocab, c.dim}, false);
    add("output_norm.weight", {c.dim}, true);
    add("output.weight", {c.vocab, c.dim}, false);
    for (int64_t l = 0; l < c.layers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        add(b + "attn_norm.weight", {c.dim}, true);
        add(b + "ffn_norm.weight", {c.dim}, true);
        add(b + "attn_q.weight", {c.heads * c.headDim, c.dim}, false);
        add(b + "attn_k.weight", {kv, c.dim}, false);
        add(b + "attn_v.weight", {kv, c.dim}, false);
        add(b + "attn_output.weight", {c.dim, c.heads * c.headDim}, false);
        add(b + "ffn_gate.weight", {c.hiddenDim, c.dim}, false);
        add(b + "ffn_up.weight", {c.hiddenDim, c.dim}, false);
        add(b + "ffn_down.weight", {c.dim, c.hiddenDim}, false);
    }
    return m;
}

// Runs `batch` windows of `context` tokens per iteration and reports the counters.
void evalWindows(benchmark::State& state, qb::Transformer& t, const std::vector<int32_t>& tokens, int64_t context,
                 int64_t batch) {
    std::vector<int32_t> input;
    for (int64_t b = 0; b < batch; ++b)
        input.insert(input.end(), tokens.begin() + b * context, tokens.begin() + (b + 1) * context);
    std::vector<float> logits;
    double wall = 0;
    t.resetTimers();
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        qb::KvCache cache = t.newCache(batch, context);
        t.forward(input, cache, logits);
        benchmark::DoNotOptimize(logits.data());
        wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    state.counters["tokens/s"] = benchmark::Counter(double(state.iterations() * batch * context), benchmark::Counter::kIsRate);
    state.counters["weight_matmul_share"] = t.matmulSeconds() / wall;
    state.counters["attention_matmul_share"] = t.attentionMatmulSeconds() / wall;
}

void BM_EvalStories260K(benchmark::State& state) {
    const int64_t context = state.range(0), batch = 4096 / context;
    const qb::Model m = qb::openModel(kShared + "/models/llama2c/stories260K.bin");
    const auto data = qb::loadTextDataset(kShared + "/data/tinystories/TinyStories-validation-excerpt.txt",
                                          qb::loadTokenizer(m));
    qb::Transformer t(m);
    evalWindows(state, t, data.tokens, context, batch);
}
BENCHMARK(BM_EvalStories260K)->Arg(256)->Arg(512)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_EvalSyntheticLlama1024(benchmark::State& state) {
    qb::LlamaConfig c;
    c.dim = 1024;
    c.hiddenDim = 2816;
    c.layers = 4;
    c.heads = 16;
    c.kvHeads = 4;
    c.headDim = 64;
    c.ropeDim = 64;
    c.vocab = 32000;
    c.maxSeqLen = 2048;
    const int64_t context = state.range(0), batch = state.range(1);
    qb::Transformer t(syntheticLlama(c));
    std::vector<int32_t> tokens(size_t(context * batch));
    std::mt19937 rng(2);
    for (auto& id : tokens) id = int32_t(rng() % uint32_t(c.vocab));
    evalWindows(state, t, tokens, context, batch);
}
BENCHMARK(BM_EvalSyntheticLlama1024)->Args({256, 1})->Args({256, 4})->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
