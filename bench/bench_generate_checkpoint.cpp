// Writes a llama-shaped safetensors checkpoint folder (llama_shards.h) for quantize and export to
// be measured on, of any width and depth:
//   bench_generate_checkpoint OUT_DIR [--shape 7b|70b|small] [--dim D] [--ffn F] [--layers L]
//       [--heads H] [--kv-heads K] [--vocab V] [--sparse] [--bf16] [--shard-gb G] [--seed S]
// Dense (the default) writes heavy-tailed values and takes disk; --sparse writes holes only.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "llama_shards.h"

int main(int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') {
        std::fprintf(stderr,
                     "usage: %s OUT_DIR [--shape 7b|70b|small] [--dim D] [--ffn F] [--layers L] [--heads H] "
                     "[--kv-heads K] [--vocab V] [--sparse] [--bf16] [--shard-gb G] [--seed S]\n",
                     argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    qb::bench::LlamaShape shape = qb::bench::LlamaShape::llama2_7b();
    qb::bench::ShardOptions o;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const bool value = i + 1 < argc;
        auto number = [&] { return std::stoll(argv[++i]); };
        if (a == "--shape" && value) {
            const std::string s = argv[++i];
            shape = s == "70b" ? qb::bench::LlamaShape::llama2_70b() : s == "small" ? qb::bench::LlamaShape::small()
                                                                                 : qb::bench::LlamaShape::llama2_7b();
        } else if (a == "--dim" && value) shape.dim = number();
        else if (a == "--ffn" && value) shape.ffn = number();
        else if (a == "--layers" && value) shape.layers = number();
        else if (a == "--heads" && value) shape.heads = number();
        else if (a == "--kv-heads" && value) shape.kvHeads = number();
        else if (a == "--vocab" && value) shape.vocab = number();
        else if (a == "--sparse") o.dense = false;
        else if (a == "--bf16") o.bf16 = true;
        else if (a == "--shard-gb" && value) o.shardBytes = uint64_t(std::stod(argv[++i]) * 1e9);
        else if (a == "--seed" && value) o.seed = uint64_t(number());
        else {
            std::fprintf(stderr, "unknown or incomplete option %s\n", a.c_str());
            return 2;
        }
    }
    try {
        const auto t0 = std::chrono::steady_clock::now();
        std::filesystem::create_directories(dir);
        const uint64_t bytes = qb::bench::writeLlamaShards(dir, shape, o);
        std::printf("%s: hidden %lld, ffn %lld, %lld layers, %lld/%lld heads, vocab %lld; %.2f GB %s %s in %.1f s\n",
                    dir.c_str(), static_cast<long long>(shape.dim), static_cast<long long>(shape.ffn),
                    static_cast<long long>(shape.layers), static_cast<long long>(shape.heads),
                    static_cast<long long>(shape.kv()), static_cast<long long>(shape.vocab), double(bytes) / 1e9,
                    o.bf16 ? "BF16" : "F16", o.dense ? "dense" : "sparse",
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
