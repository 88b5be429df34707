// safetensors reading: a small llama checkpoint written here (single file and two shards with an
// index, with config.json), every plain dtype, and every malformed header case.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/formats/model_reader.h"
#include "core/formats/safetensors_reader.h"
#include "core/model/model.h"
#include "core/util/error.h"
#include "test_support.h"

using namespace qb;
using nlohmann::json;
using test::TempDir;

namespace {

struct StTensor {
    std::string name;
    std::string dtype;
    std::vector<int64_t> shape;
    std::vector<unsigned char> bytes;
};

template <typename T>
std::vector<unsigned char> raw(const std::vector<T>& v) {
    std::vector<unsigned char> b(v.size() * sizeof(T));
    std::memcpy(b.data(), v.data(), b.size());
    return b;
}

std::vector<float> ramp(int64_t n, float scale) {
    std::vector<float> v(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) v[size_t(i)] = float(i) * scale;
    return v;
}

// An 8-byte length, the JSON header, then the data: the layout the safetensors spec describes.
std::vector<unsigned char> fileBytes(const std::string& header, const std::vector<unsigned char>& data) {
    const uint64_t n = header.size();
    std::vector<unsigned char> b(8 + header.size() + data.size());
    std::memcpy(b.data(), &n, 8);
    std::copy(header.begin(), header.end(), b.begin() + 8);
    std::copy(data.begin(), data.end(), b.begin() + 8 + std::ptrdiff_t(header.size()));
    return b;
}

std::vector<unsigned char> safetensors(const std::vector<StTensor>& ts, const json& metadata = nullptr) {
    json h = json::object();
    std::vector<unsigned char> data;
    for (const auto& t : ts) {
        h[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {data.size(), data.size() + t.bytes.size()}}};
        data.insert(data.end(), t.bytes.begin(), t.bytes.end());
    }
    if (!metadata.is_null()) h["__metadata__"] = metadata;
    return fileBytes(h.dump(), data);
}

// dim 8, ffn 12, vocab 16, one layer, 2 heads, 1 KV head (head_dim 4, kv dim 4).
std::vector<StTensor> llamaTensors() {
    const uint16_t f16[2] = {0x3c00, 0xc000};  // 1, -2
    const uint16_t bf16[2] = {0x3f80, 0xc040}; // 1, -3
    std::vector<uint16_t> q(64), k(32);
    for (size_t i = 0; i < q.size(); ++i) q[i] = f16[i % 2];
    for (size_t i = 0; i < k.size(); ++i) k[i] = bf16[i % 2];
    return {
        {"model.embed_tokens.weight", "F32", {16, 8}, raw(ramp(128, 0.5f))},
        {"model.layers.0.input_layernorm.weight", "F32", {8}, raw(ramp(8, 1.0f))},
        {"model.layers.0.self_attn.q_proj.weight", "F16", {8, 8}, raw(q)},
        {"model.layers.0.self_attn.k_proj.weight", "BF16", {4, 8}, raw(k)},
        {"model.layers.0.self_attn.v_proj.weight", "F32", {4, 8}, raw(ramp(32, -1.0f))},
        {"model.layers.0.self_attn.o_proj.weight", "F32", {8, 8}, raw(ramp(64, 0.25f))},
        {"model.layers.0.post_attention_layernorm.weight", "F32", {8}, raw(ramp(8, 2.0f))},
        {"model.layers.0.mlp.gate_proj.weight", "F32", {12, 8}, raw(ramp(96, 1.0f))},
        {"model.layers.0.mlp.up_proj.weight", "F32", {12, 8}, raw(ramp(96, 2.0f))},
        {"model.layers.0.mlp.down_proj.weight", "F32", {8, 12}, raw(ramp(96, 3.0f))},
        {"model.norm.weight", "F32", {8}, raw(ramp(8, 1.0f))},
        {"lm_head.weight", "F32", {16, 8}, raw(ramp(128, -0.5f))},
    };
}

const json kConfig = {
    {"architectures", {"LlamaForCausalLM"}}, {"model_type", "llama"}, {"hidden_size", 8},
    {"intermediate_size", 12}, {"num_hidden_layers", 1}, {"num_attention_heads", 2},
    {"num_key_value_heads", 1}, {"vocab_size", 16}, {"max_position_embeddings", 128},
    {"rope_theta", 500000.0}, {"rms_norm_eps", 1e-5}, {"tie_word_embeddings", false},
    {"torch_dtype", "float32"},
};

void writeText(const std::string& path, const std::string& text) { test::writeAll(path, text.data(), text.size()); }

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

// Checks what every variant of the written llama checkpoint must show.
void expectLlamaCheckpoint(const Model& m) {
    EXPECT_EQ(m.format, "safetensors");
    EXPECT_EQ(m.architecture, "llama");
    ASSERT_EQ(m.tensors.size(), 12u);
    // Params by hand: 128 + 8 + 64 + 32 + 32 + 64 + 8 + 3*96 + 8 + 128 = 760. Bytes: q and k are
    // 2-byte (64*2 + 32*2 = 192), the other 664 values f32 (2656): 2848.
    EXPECT_EQ(m.totalParams(), 760);
    EXPECT_EQ(m.totalBytes(), 2848u);

    ASSERT_TRUE(m.llama);
    const auto& c = *m.llama;
    EXPECT_EQ(c.dim, 8);
    EXPECT_EQ(c.hiddenDim, 12);
    EXPECT_EQ(c.layers, 1);
    EXPECT_EQ(c.heads, 2);
    EXPECT_EQ(c.kvHeads, 1);
    EXPECT_EQ(c.vocab, 16);
    EXPECT_EQ(c.maxSeqLen, 128);
    EXPECT_EQ(c.headDim, 4);
    EXPECT_EQ(c.ropeDim, 4);
    EXPECT_DOUBLE_EQ(c.ropeTheta, 500000.0);
    EXPECT_DOUBLE_EQ(c.normEps, 1e-5);
    EXPECT_FALSE(c.tiedEmbeddings);

    auto prop = [&](const std::string& k) {
        for (const auto& [key, v] : m.properties)
            if (key == k) return v;
        return std::string("(missing)");
    };
    EXPECT_EQ(prop("config.hidden_size"), "8");
    EXPECT_EQ(prop("config.architectures"), "[\"LlamaForCausalLM\"]");
    EXPECT_EQ(prop("config.torch_dtype"), "float32");

    const std::pair<const char*, const char*> kinds[] = {
        {"model.layers.0.self_attn.q_proj.weight", "attn_q"}, {"model.layers.0.self_attn.k_proj.weight", "attn_k"},
        {"model.layers.0.self_attn.v_proj.weight", "attn_v"}, {"model.layers.0.self_attn.o_proj.weight", "attn_output"},
        {"model.layers.0.mlp.gate_proj.weight", "ffn_gate"},  {"model.layers.0.mlp.up_proj.weight", "ffn_up"},
        {"model.layers.0.mlp.down_proj.weight", "ffn_down"},  {"model.embed_tokens.weight", "embedding"},
        {"lm_head.weight", "output"},                         {"model.norm.weight", "norm"},
        {"model.layers.0.input_layernorm.weight", "norm"},
    };
    for (const auto& [name, kind] : kinds) {
        const auto* t = m.find(name);
        ASSERT_TRUE(t) << name;
        EXPECT_EQ(t->kind, kind) << name;
        EXPECT_EQ(t->quantizable, std::string(kind) != "norm") << name;
        EXPECT_EQ(t->channelAxis, 0);
    }
    EXPECT_EQ(m.find("model.layers.0.mlp.down_proj.weight")->shape, (std::vector<int64_t>{8, 12}));

    const auto q = toFloat(*m.find("model.layers.0.self_attn.q_proj.weight"));
    EXPECT_EQ(q[0], 1.0f);
    EXPECT_EQ(q[63], -2.0f);
    const auto k = toFloat(*m.find("model.layers.0.self_attn.k_proj.weight"));
    EXPECT_EQ(k[1], -3.0f);
    EXPECT_EQ(toFloat(*m.find("model.embed_tokens.weight"))[127], 63.5f);
    EXPECT_EQ(toFloat(*m.find("lm_head.weight"))[3], -1.5f);
    EXPECT_EQ(toFloat(*m.find("model.layers.0.mlp.down_proj.weight"))[95], 285.0f);
}

} // namespace

TEST(SafetensorsReader, SingleFileWithConfig) {
    TempDir dir;
    test::writeAll(dir.file("model.safetensors"), safetensors(llamaTensors(), {{"format", "pt"}}));
    writeText(dir.file("config.json"), kConfig.dump());

    for (const auto& path : {dir.path().string(), dir.file("config.json"), dir.file("model.safetensors")}) {
        SCOPED_TRACE(path);
        const Model m = openModel(path);
        expectLlamaCheckpoint(m);
        EXPECT_EQ(m.path, path);
        EXPECT_EQ(m.storage.size(), 1u);
        bool sawMeta = false;
        for (const auto& [k, v] : m.properties) sawMeta |= k == "metadata.format" && v == "pt";
        EXPECT_TRUE(sawMeta);
    }
    // Data is a view into the mapped file: the first tensor starts right after the header.
    const Model m = readSafetensors(dir.file("model.safetensors"));
    const auto bytes = test::readAll(dir.file("model.safetensors"));
    uint64_t headerLen;
    std::memcpy(&headerLen, bytes.data(), 8);
    EXPECT_EQ(m.tensors[0].name, "model.embed_tokens.weight"); // in data order
    EXPECT_EQ(m.tensors[0].fileOffset, 8 + headerLen);
    EXPECT_EQ(std::memcmp(m.tensors[0].data.data(), bytes.data() + 8 + headerLen, m.tensors[0].bytes()), 0);
}

TEST(SafetensorsReader, TwoShardsWithIndex) {
    TempDir dir;
    auto all = llamaTensors();
    const std::vector<StTensor> first(all.begin(), all.begin() + 5), second(all.begin() + 5, all.end());
    test::writeAll(dir.file("model-00001-of-00002.safetensors"), safetensors(first));
    test::writeAll(dir.file("model-00002-of-00002.safetensors"), safetensors(second));
    json index = {{"metadata", {{"total_size", 2848}}}, {"weight_map", json::object()}};
    for (const auto& t : first) index["weight_map"][t.name] = "model-00001-of-00002.safetensors";
    for (const auto& t : second) index["weight_map"][t.name] = "model-00002-of-00002.safetensors";
    writeText(dir.file("model.safetensors.index.json"), index.dump());
    writeText(dir.file("config.json"), kConfig.dump());

    for (const auto& path : {dir.path().string(), dir.file("model.safetensors.index.json")}) {
        SCOPED_TRACE(path);
        const Model m = openModel(path);
        expectLlamaCheckpoint(m);
        EXPECT_EQ(m.storage.size(), 2u); // one mapping per shard
        EXPECT_EQ(m.tensors[0].name, "model.embed_tokens.weight");
        EXPECT_EQ(m.tensors[5].name, "model.layers.0.self_attn.o_proj.weight"); // first of shard 2
    }

    // The index must agree with the shards.
    index["weight_map"]["model.norm.weight"] = "model-00001-of-00002.safetensors";
    writeText(dir.file("model.safetensors.index.json"), index.dump());
    EXPECT_NE(errorOf([&] { openModel(dir.path().string()); })
                  .find("tensor 'model.norm.weight' is stored here but the index places it in model-00001-of-00002"),
              std::string::npos);
    index["weight_map"]["model.norm.weight"] = "model-00002-of-00002.safetensors";
    index["weight_map"]["model.extra.weight"] = "model-00002-of-00002.safetensors";
    writeText(dir.file("model.safetensors.index.json"), index.dump());
    EXPECT_NE(errorOf([&] { openModel(dir.path().string()); })
                  .find("tensor 'model.extra.weight' is listed in shard model-00002-of-00002.safetensors but that file "
                        "does not hold it"),
              std::string::npos);
    index["weight_map"]["model.extra.weight"] = "../elsewhere.safetensors";
    writeText(dir.file("model.safetensors.index.json"), index.dump());
    EXPECT_NE(errorOf([&] { openModel(dir.path().string()); }).find("not a file in the checkpoint folder"),
              std::string::npos);
}

TEST(SafetensorsReader, EveryPlainDtype) {
    TempDir dir;
    const auto path = dir.file("dtypes.safetensors");
    test::writeAll(path, safetensors({
                             {"f64", "F64", {2}, raw(std::vector<double>{1.5, -0.25})},
                             {"i64", "I64", {2}, raw(std::vector<int64_t>{-5, 7})},
                             {"i32", "I32", {1}, raw(std::vector<int32_t>{-100000})},
                             {"i16", "I16", {1}, raw(std::vector<int16_t>{-300})},
                             {"i8", "I8", {2, 1}, raw(std::vector<int8_t>{-128, 127})},
                             {"u8", "U8", {2}, raw(std::vector<uint8_t>{0, 255})},
                             {"flags", "BOOL", {2}, raw(std::vector<uint8_t>{1, 0})},
                             {"scalar", "F32", {}, raw(std::vector<float>{4.0f})},
                             {"empty", "F32", {0, 3}, {}},
                         }));
    const Model m = readSafetensors(path);
    EXPECT_EQ(m.architecture, ""); // no config.json
    EXPECT_FALSE(m.llama);
    EXPECT_EQ(toFloat(*m.find("f64")), (std::vector<float>{1.5f, -0.25f}));
    EXPECT_EQ(toFloat(*m.find("i64")), (std::vector<float>{-5.0f, 7.0f}));
    EXPECT_EQ(toFloat(*m.find("i32")), (std::vector<float>{-100000.0f}));
    EXPECT_EQ(toFloat(*m.find("i16")), (std::vector<float>{-300.0f}));
    EXPECT_EQ(toFloat(*m.find("i8")), (std::vector<float>{-128.0f, 127.0f}));
    EXPECT_FALSE(m.find("i8")->quantizable); // a matrix, but not of floats
    EXPECT_EQ(toFloat(*m.find("u8")), (std::vector<float>{0.0f, 255.0f}));
    EXPECT_EQ(m.find("flags")->dtype, DType::Bool);
    EXPECT_EQ(m.find("scalar")->params(), 1);
    EXPECT_EQ(m.find("empty")->params(), 0);
}

TEST(SafetensorsReader, RejectsMalformedFiles) {
    TempDir dir;
    const auto path = dir.file("bad.safetensors");
    auto has = [&](const std::vector<unsigned char>& bytes, const std::string& part) {
        test::writeAll(path, bytes);
        const auto e = errorOf([&] { readSafetensors(path); });
        EXPECT_NE(e.find(part), std::string::npos) << "error was: " << e << "\nexpected: " << part;
        EXPECT_EQ(e.rfind(path, 0), 0u) << "error must name the file: " << e;
    };
    auto entry = [](const char* dtype, json shape, uint64_t b, uint64_t e) {
        return json{{"dtype", dtype}, {"shape", shape}, {"data_offsets", {b, e}}};
    };
    const std::vector<unsigned char> data(64, 0);

    has({1, 2, 3}, "too short for the 8-byte header length");
    {
        auto b = fileBytes("{}", {});
        const uint64_t n = 1000;
        std::memcpy(b.data(), &n, 8);
        has(b, "header length 1000 (offset 0) runs past the end of the file (10 bytes)");
    }
    has(fileBytes("{\"a\": [1, 2", data), "header is not valid JSON");
    has(fileBytes("[1, 2]", data), "header is not a JSON object");
    has(fileBytes(json{{"w", entry("F32", {4}, 32, 80)}}.dump(), data),
        "tensor 'w': data_offsets [32, 80) lie past the end of the data (64 bytes after the header)");
    has(fileBytes(json{{"w", entry("F32", {0}, 16, 8)}}.dump(), data), "tensor 'w': data_offsets [16, 8) end before they begin");
    has(fileBytes(json{{"a", entry("F32", {4}, 0, 16)}, {"b", entry("F32", {4}, 8, 24)}}.dump(), data),
        "tensor 'b': data_offsets begin at 8, inside tensor 'a' [0, 16)");
    has(fileBytes(json{{"w", entry("F32", {3}, 0, 16)}}.dump(), data),
        "tensor 'w': data_offsets [0, 16) hold 16 bytes but shape [3] of F32 needs 12");
    has(fileBytes(json{{"w", entry("F32", {uint64_t(1) << 40, uint64_t(1) << 40}, 0, 16)}}.dump(), data),
        "tensor 'w': element count of shape [1099511627776,1099511627776] overflows");
    has(fileBytes(json{{"w", entry("F64", {uint64_t(1) << 62}, 0, 16)}}.dump(), data), "tensor 'w': byte size of shape");
    has(fileBytes(json{{"fp8.weight", entry("F8_E4M3", {4}, 0, 4)}}.dump(), data),
        "tensor 'fp8.weight': unsupported dtype F8_E4M3");
    has(fileBytes(json{{"w", entry("Q9", {4}, 0, 4)}}.dump(), data), "tensor 'w': unknown dtype 'Q9'");
    has(fileBytes(json{{"w", entry("F32", {-1}, 0, 4)}}.dump(), data), "tensor 'w' shape entry must be a non-negative integer");
    has(fileBytes(json{{"w", {{"dtype", "F32"}, {"shape", {1}}}}}.dump(), data), "tensor 'w': data_offsets must be [begin, end]");

    // A folder without a checkpoint, and a config.json that cannot describe a llama.
    TempDir empty;
    EXPECT_NE(errorOf([&] { readSafetensors(empty.path().string()); }).find("folder holds no .safetensors checkpoint"),
              std::string::npos);
    test::writeAll(empty.file("model.safetensors"), safetensors({{"x", "F32", {1}, raw(std::vector<float>{1})}}));
    json cfg = kConfig;
    cfg["num_key_value_heads"] = 3;
    writeText(empty.file("config.json"), cfg.dump());
    EXPECT_NE(errorOf([&] { readSafetensors(empty.path().string()); })
                  .find("config.json: num_key_value_heads 3 does not divide num_attention_heads 2"),
              std::string::npos);
    writeText(empty.file("config.json"), "{ not json");
    EXPECT_NE(errorOf([&] { readSafetensors(empty.path().string()); }).find("config.json: is not valid JSON"),
              std::string::npos);
}
