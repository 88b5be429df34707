// Writes a llama-shaped Hugging Face checkpoint folder as the big models are published: shards
// model-0000k-of-0000n.safetensors with model.safetensors.index.json, config.json and a stand-in
// tokenizer.json, in F16 or BF16. Dense shards hold heavy-tailed values (Student's t with 4
// degrees of freedom, std 0.02; norms near 1) for real compute; sparse shards are holes (read as
// zeros) that cost no disk, for tests of size alone.
#pragma once
#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/tensor/dtype.h"
#include "core/util/error.h"
#include "core/util/parallel.h"
#include "llama_checkpoint.h"

namespace qb::bench {

struct ShardOptions {
    bool dense = true;           ///< values written; false: holes
    bool bf16 = false;           ///< BF16 instead of F16
    uint64_t shardBytes = 4ull << 30; ///< a shard closes once it reaches this many bytes of tensors
    uint64_t seed = 1;
};

/// BF16 of f, rounded to nearest even (no NaNs are generated here).
inline uint16_t floatToBf16(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return uint16_t((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

// A cheap counter-based generator (splitmix64): value i of tensor t is the same whichever thread
// writes it, so a checkpoint is reproducible from its seed.
inline uint64_t mix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}
inline double unit(uint64_t bits) { return (double(bits >> 11) + 0.5) * 0x1.0p-53; } // (0, 1)

/// Student's t(4) scaled to standard deviation `sd` (t4 has variance 2): a normal over
/// sqrt(chi-square(4) / 4), chi-square(4) = -2 ln(u1 u2).
inline float heavyTailed(uint64_t key, float sd) {
    const double u1 = unit(mix(key)), u2 = unit(mix(key ^ 0x5555555555555555ull)), u3 = unit(mix(key + 0x1234567ull)),
                 u4 = unit(mix(key * 3 + 1));
    const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    const double chi = -2.0 * std::log(u3 * u4);
    return float(z / std::sqrt(chi / 4.0) * (double(sd) / std::sqrt(2.0)));
}

/// Writes the folder; returns the bytes of all shards.
inline uint64_t writeLlamaShards(const std::string& dir, const LlamaShape& s, const ShardOptions& o) {
    const TensorShapes tensors = llamaTensors(s);
    const char* dtype = o.bf16 ? "BF16" : "F16";
    // Tensors in order, a new shard whenever the current one has reached shardBytes.
    std::vector<std::vector<size_t>> shards(1);
    uint64_t inShard = 0;
    for (size_t i = 0; i < tensors.size(); ++i) {
        uint64_t n = 2;
        for (int64_t d : tensors[i].second) n *= uint64_t(d);
        if (inShard > 0 && inShard + n > o.shardBytes) {
            shards.emplace_back();
            inShard = 0;
        }
        shards.back().push_back(i);
        inShard += n;
    }
    char name[64];
    nlohmann::json weightMap = nlohmann::json::object();
    uint64_t total = 0, fileBytes = 0;
    std::vector<uint16_t> buffer;
    for (size_t k = 0; k < shards.size(); ++k) {
        std::snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", k + 1, shards.size());
        const std::string path = dir + "/" + name;
        nlohmann::json h = nlohmann::json::object();
        uint64_t offset = 0;
        for (const size_t i : shards[k]) {
            uint64_t n = 2;
            for (int64_t d : tensors[i].second) n *= uint64_t(d);
            h[tensors[i].first] = {{"dtype", dtype}, {"shape", tensors[i].second}, {"data_offsets", {offset, offset + n}}};
            weightMap[tensors[i].first] = name;
            offset += n;
        }
        std::string header = h.dump();
        header.resize((header.size() + 7) / 8 * 8, ' '); // data 8-aligned, as safetensors pads
        const uint64_t len = header.size();
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) throw Error(path, "cannot create");
        bool ok = ::write(fd, &len, 8) == 8 && ::write(fd, header.data(), len) == ssize_t(len) &&
                  ::ftruncate(fd, off_t(8 + len + offset)) == 0;
        uint64_t at = 8 + len;
        for (const size_t i : shards[k]) {
            uint64_t count = 1;
            for (int64_t d : tensors[i].second) count *= uint64_t(d);
            const bool norm = tensors[i].second.size() == 1;
            if (o.dense) {
                const uint64_t chunk = uint64_t(1) << 22;
                for (uint64_t first = 0; first < count && ok; first += chunk) {
                    const uint64_t n = std::min(chunk, count - first);
                    buffer.resize(size_t(n));
                    parallelRanges(int64_t(n), 65536, [&](int, int64_t r0, int64_t r1) {
                        for (int64_t r = r0; r < r1; ++r) {
                            const uint64_t key = mix(o.seed * 0x100000001ull + i) ^ (first + uint64_t(r));
                            const float v = norm ? 1.0f + heavyTailed(key, 0.05f) : heavyTailed(key, 0.02f);
                            buffer[size_t(r)] = o.bf16 ? floatToBf16(v) : qb::floatToHalf(v);
                        }
                    });
                    ok = ok && ::pwrite(fd, buffer.data(), n * 2, off_t(at + first * 2)) == ssize_t(n * 2);
                }
            }
            at += count * 2;
        }
        ok = ::close(fd) == 0 && ok;
        if (!ok) throw Error(path, "cannot write the shard");
        total += offset;
        fileBytes += 8 + len + offset;
    }
    std::ofstream index(dir + "/model.safetensors.index.json");
    index << nlohmann::json{{"metadata", {{"total_size", total}}}, {"weight_map", weightMap}}.dump(2);
    if (!index.good()) throw Error(dir + "/model.safetensors.index.json", "cannot write");
    writeLlamaConfig(dir, s, o.bf16 ? "bfloat16" : "float16");
    writeLlamaTokenizer(dir, s.vocab);
    return fileBytes;
}

} // namespace qb::bench
