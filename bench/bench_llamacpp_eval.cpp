// QuantBench's perplexity evaluation against llama.cpp's prompt evaluation (npm node-llama-cpp,
// bench/llama_eval.mjs) on the same GGUF files, in one run: a synthetic llama (hidden 1024, ffn
// 2816, 8 layers, 16 heads with 4 KV heads, stories260K's 512-token vocabulary, N(0, 0.02)
// weights) written in F32, Q8_0 and Q4_0, windows of 256 tokens, rounds alternating which tool
// goes first. Prints tokens/s of each (wall and CPU time, model loading excluded) and the ratio
// QuantBench / llama.cpp per round and as the median over rounds. The machine may be shared:
// the per-round ratios and the CPU-time figures are the ones to trust.
//
//   bench_llamacpp_eval [--rounds 3] [--windows 16] [--threads 2] [--dir DIR] [--types f32,q8_0,q4_0]
//                       [--qb-only] [--f32-path]
//
// --f32-path runs QuantBench with the integer kernels off (Q8_0/Q4_0 expanded to f32, as before).
// Files are written once into DIR (default $TMPDIR/quantbench-bench-llamacpp) and reused.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_support.h"
#include "core/eval/perplexity.h"
#include "core/exporters/gguf_header.h"
#include "core/exporters/gguf_vocab.h"
#include "core/formats/model_reader.h"
#include "core/llm/transformer.h"
#include "core/quant/ggml_quantize.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace {

using qb::bench::cpuSeconds;

namespace fs = std::filesystem;
using qb::DType;

constexpr int64_t kContext = 256;

// $QB_SHARED_DIR, else the one the build was configured with.
std::string sharedDir() {
    if (const char* env = std::getenv("QB_SHARED_DIR")) return env;
    return QB_SHARED_DIR;
}

struct Shape {
    int64_t dim = 1024, ffn = 2816, layers = 8, heads = 16, kvHeads = 4, vocab = 0;
};

// Writes the synthetic llama as a GGUF of `type` (norms stay F32) through a temporary file.
void writeSyntheticGguf(const std::string& path, DType type, const Shape& s, const qb::exporters::GgufMetadata& vocab) {
    using qb::gguf::Value;
    auto u32 = [](int64_t v) { return Value{uint32_t(v)}; };
    qb::exporters::GgufMetadata meta;
    meta.emplace_back("general.architecture", Value{std::string("llama")});
    meta.emplace_back("general.name", Value{std::string("synthetic-llama-1024")});
    meta.emplace_back("general.file_type", u32(type == DType::F32 ? 0 : type == DType::Q8_0 ? 7 : 2));
    meta.emplace_back("general.quantization_version", u32(2));
    meta.emplace_back("general.alignment", u32(int64_t(qb::exporters::kGgufAlignment)));
    meta.emplace_back("llama.context_length", u32(2048));
    meta.emplace_back("llama.embedding_length", u32(s.dim));
    meta.emplace_back("llama.block_count", u32(s.layers));
    meta.emplace_back("llama.feed_forward_length", u32(s.ffn));
    meta.emplace_back("llama.rope.dimension_count", u32(s.dim / s.heads));
    meta.emplace_back("llama.attention.head_count", u32(s.heads));
    meta.emplace_back("llama.attention.head_count_kv", u32(s.kvHeads));
    meta.emplace_back("llama.attention.layer_norm_rms_epsilon", Value{1e-5f});
    meta.emplace_back("llama.rope.freq_base", Value{10000.f});
    meta.emplace_back("llama.vocab_size", u32(s.vocab));
    for (const auto& kv : vocab) meta.push_back(kv);

    struct Tensor {
        std::string name;
        std::vector<int64_t> shape;
    };
    std::vector<Tensor> tensors = {{"token_embd.weight", {s.vocab, s.dim}},
                                   {"output_norm.weight", {s.dim}},
                                   {"output.weight", {s.vocab, s.dim}}};
    const int64_t kv = s.dim / s.heads * s.kvHeads;
    for (int64_t l = 0; l < s.layers; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        tensors.push_back({b + "attn_norm.weight", {s.dim}});
        tensors.push_back({b + "attn_q.weight", {s.dim, s.dim}});
        tensors.push_back({b + "attn_k.weight", {kv, s.dim}});
        tensors.push_back({b + "attn_v.weight", {kv, s.dim}});
        tensors.push_back({b + "attn_output.weight", {s.dim, s.dim}});
        tensors.push_back({b + "ffn_norm.weight", {s.dim}});
        tensors.push_back({b + "ffn_gate.weight", {s.ffn, s.dim}});
        tensors.push_back({b + "ffn_up.weight", {s.ffn, s.dim}});
        tensors.push_back({b + "ffn_down.weight", {s.dim, s.ffn}});
    }
    std::vector<qb::exporters::GgufTensorHeader> headers;
    std::vector<DType> types;
    uint64_t offset = 0;
    for (const Tensor& t : tensors) {
        const DType dt = t.shape.size() == 1 ? DType::F32 : type;
        int64_t n = 1;
        for (int64_t d : t.shape) n *= d;
        headers.push_back({t.name, t.shape, *qb::ggmlId(dt), offset});
        types.push_back(dt);
        offset = qb::exporters::alignUp(offset + *qb::storageBytes(dt, uint64_t(n)), qb::exporters::kGgufAlignment);
    }
    const std::string header = qb::exporters::ggufHeader(meta, headers);
    const std::string tmp = path + ".tmp";
    std::ofstream out(tmp, std::ios::binary);
    out.write(header.data(), std::streamsize(header.size()));
    std::mt19937 rng(11);
    std::normal_distribution<float> dist(0.f, 0.02f);
    uint64_t written = 0;
    for (size_t i = 0; i < tensors.size(); ++i) {
        int64_t n = 1;
        for (int64_t d : tensors[i].shape) n *= d;
        std::vector<float> v(static_cast<size_t>(n));
        for (auto& x : v) x = tensors[i].shape.size() == 1 ? 1.f : dist(rng);
        std::vector<char> bytes(*qb::storageBytes(types[i], uint64_t(n)));
        if (types[i] == DType::F32)
            std::memcpy(bytes.data(), v.data(), bytes.size());
        else
            qb::quant::ggmlQuantizeRef(types[i])(v.data(), bytes.data(), n);
        out.write(bytes.data(), std::streamsize(bytes.size()));
        written += bytes.size();
        const uint64_t pad = qb::exporters::alignUp(written, qb::exporters::kGgufAlignment) - written;
        out.write(std::string(pad, '\0').data(), std::streamsize(pad));
        written += pad;
    }
    out.close();
    if (!out) throw qb::Error(tmp, "cannot write the synthetic GGUF");
    fs::rename(tmp, path);
}

struct Timing {
    double tokensPerSecond = 0, tokensPerCpuSecond = 0;
    double matmulShare = 0, attentionShare = 0; ///< QuantBench: of the wall time, in weight and attention matmuls
};

Timing runQuantBench(const std::string& path, const std::vector<int32_t>& tokens, bool integer) {
    const qb::Model model = qb::openModel(path);
    qb::Transformer t(model);
    t.setIntegerMatmuls(integer);
    { // warm-up: one window, so that both tools start with the weights in memory
        qb::KvCache cache = t.newCache(1, kContext);
        std::vector<float> logits;
        t.forward(std::span(tokens).first(size_t(kContext)), cache, logits);
    }
    t.resetTimers();
    const double cpu0 = cpuSeconds();
    const qb::PerplexityResult r = qb::evaluatePerplexity(t, tokens, 1, {.context = kContext});
    const double cpu = cpuSeconds() - cpu0;
    const double n = double(r.windows * kContext); // BOS + 255 tokens forwarded per window
    return {n / r.seconds, n / cpu, t.matmulSeconds() / r.seconds, t.attentionMatmulSeconds() / r.seconds};
}

Timing runLlamaCpp(const std::string& path, const std::vector<std::vector<int32_t>>& windows, int threads,
                   const std::string& dir) {
    const std::string req = dir + "/request.json";
    std::ofstream(req) << nlohmann::json{{"model", path}, {"windows", windows}, {"threads", threads}, {"contextSize", kContext}}.dump();
    const std::string cmd = "'" + std::string(QB_NODE) + "' '" + QB_LLAMA_EVAL_SCRIPT + "' '" + req + "'";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) throw qb::Error(cmd, "cannot start node");
    std::string text;
    std::array<char, 4096> buf{};
    while (const size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) text.append(buf.data(), n);
    const int status = ::pclose(pipe);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw qb::Error(QB_LLAMA_EVAL_SCRIPT, "llama.cpp run failed (exit " + std::to_string(WEXITSTATUS(status)) +
                                                  "); install node-llama-cpp with `npm ci --ignore-scripts`");
    const auto j = nlohmann::json::parse(text);
    const double n = j.at("tokens").get<double>();
    return {n / j.at("seconds").get<double>(), n / j.at("userSeconds").get<double>()};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

} // namespace

int main(int argc, char** argv) try {
    int rounds = 3, windows = 16, threads = 2;
    bool qbOnly = false, f32Path = false;
    std::string dir = (fs::temp_directory_path() / "quantbench-bench-llamacpp").string();
    std::vector<std::string> typeNames = {"f32", "q8_0", "q4_0"};
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw qb::Error(a, "needs a value");
            return argv[++i];
        };
        if (a == "--rounds") rounds = std::stoi(next());
        else if (a == "--windows") windows = std::stoi(next());
        else if (a == "--threads") threads = std::stoi(next());
        else if (a == "--dir") dir = next();
        else if (a == "--qb-only") qbOnly = true;
        else if (a == "--f32-path") f32Path = true;
        else if (a == "--types") {
            typeNames.clear();
            std::string list = next();
            for (size_t p = 0; p <= list.size();) {
                const size_t q = std::min(list.find(',', p), list.size());
                typeNames.push_back(list.substr(p, q - p));
                p = q + 1;
            }
        } else throw qb::Error(a, "unknown option (see the comment at the top of bench_llamacpp_eval.cpp)");
    }
    fs::create_directories(dir);
    qb::setThreadCount(threads);

    const qb::Model stories = qb::openModel(sharedDir() + "/models/gguf/stories260K.gguf");
    const qb::exporters::GgufMetadata vocab = qb::exporters::ggufVocabulary(stories);
    Shape shape;
    shape.vocab = stories.llama->vocab;

    std::map<std::string, std::string> files;
    for (const std::string& name : typeNames) {
        const auto type = qb::dtypeFromName(name);
        if (!type || (*type != DType::F32 && *type != DType::Q8_0 && *type != DType::Q4_0))
            throw qb::Error(name, "the benchmark writes f32, q8_0 or q4_0");
        files[name] = dir + "/synthetic-llama-1024-" + name + ".gguf";
        if (!fs::exists(files[name])) {
            std::printf("writing %s\n", files[name].c_str());
            writeSyntheticGguf(files[name], *type, shape, vocab);
        }
    }

    // BOS, then windows * 255 random tokens (ids past the control tokens 0..2).
    std::mt19937 rng(5);
    std::vector<int32_t> tokens = {1};
    for (int64_t i = 0; i < int64_t(windows) * (kContext - 1); ++i) tokens.push_back(int32_t(3 + rng() % uint32_t(shape.vocab - 3)));
    std::vector<std::vector<int32_t>> llamaWindows;
    for (int w = 0; w < windows; ++w) {
        std::vector<int32_t> win = {1};
        win.insert(win.end(), tokens.begin() + 1 + w * (kContext - 1), tokens.begin() + 1 + (w + 1) * (kContext - 1));
        llamaWindows.push_back(std::move(win));
    }

    std::printf("synthetic llama: hidden %lld, ffn %lld, %lld layers, vocab %lld; %d windows of %lld tokens, %d threads, "
                "QuantBench %s\n",
                (long long)shape.dim, (long long)shape.ffn, (long long)shape.layers, (long long)shape.vocab, windows,
                (long long)kContext, threads, f32Path ? "f32 path (integer kernels off)" : "integer kernels on");
    std::map<std::string, std::vector<double>> ratio, ratioCpu, qbRate, llamaRate;
    for (int r = 0; r < rounds; ++r)
        for (const std::string& name : typeNames) {
            Timing qb, llama;
            const bool qbFirst = r % 2 == 0;
            if (qbFirst) qb = runQuantBench(files[name], tokens, !f32Path);
            if (!qbOnly) llama = runLlamaCpp(files[name], llamaWindows, threads, dir);
            if (!qbFirst) qb = runQuantBench(files[name], tokens, !f32Path);
            qbRate[name].push_back(qb.tokensPerSecond);
            std::printf("round %d %-5s QuantBench %7.1f tok/s (%7.1f per CPU s; matmuls %2.0f%%, attention %2.0f%%)", r + 1,
                        name.c_str(), qb.tokensPerSecond, qb.tokensPerCpuSecond, 100 * qb.matmulShare, 100 * qb.attentionShare);
            if (!qbOnly) {
                llamaRate[name].push_back(llama.tokensPerSecond);
                ratio[name].push_back(qb.tokensPerSecond / llama.tokensPerSecond);
                ratioCpu[name].push_back(qb.tokensPerCpuSecond / llama.tokensPerCpuSecond);
                std::printf("   llama.cpp %7.1f tok/s (%7.1f per CPU s)   ratio %.2fx (CPU %.2fx)", llama.tokensPerSecond,
                            llama.tokensPerCpuSecond, ratio[name].back(), ratioCpu[name].back());
            }
            std::printf("\n");
            std::fflush(stdout);
        }
    std::printf("median over %d rounds:\n", rounds);
    for (const std::string& name : typeNames) {
        std::printf("  %-5s QuantBench %7.1f tok/s", name.c_str(), median(qbRate[name]));
        if (!qbOnly)
            std::printf("   llama.cpp %7.1f tok/s   QuantBench/llama.cpp %.2fx wall, %.2fx CPU time", median(llamaRate[name]),
                        median(ratio[name]), median(ratioCpu[name]));
        std::printf("\n");
    }
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "bench_llamacpp_eval: %s\n", e.what());
    return 1;
}
