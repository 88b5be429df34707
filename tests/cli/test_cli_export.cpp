// quantbench-cli export: the JSON keys of the contract (output, format, size_bytes, layers,
// seconds, fallbacks), a GGUF that our reader reopens, and the refusals: an int3 project exits 1
// with one error line naming the layers, writes nothing and leaves an existing destination byte
// for byte; a model instead of a project and an unknown format are refused too. The HDF5
// archive's keys.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

using qb::test::runCli;
using qb::test::shellQuote;

namespace {

const std::string kStories = qb::test::model("llama2c/stories260K.bin");

// Quantizes stories260K by `plan` (JSON text) into dir/name.qbproj.
std::string project(const qb::test::TempDir& dir, const std::string& name, const std::string& plan) {
    const std::string planFile = dir.file(name + ".json"), out = dir.file(name + ".qbproj");
    qb::test::writeAll(planFile, plan.data(), plan.size());
    const auto r = runCli("quantize " + shellQuote(kStories) + " --plan " + shellQuote(planFile) + " --out " + shellQuote(out));
    EXPECT_EQ(r.code, 0) << r.err;
    return out;
}

TEST(CliExport, GgufJsonKeysAndFallbacks) {
    qb::test::TempDir dir;
    const std::string p = project(dir, "q4k", R"({"default": "q4_k"})");
    const std::string out = dir.file("m.gguf");
    const auto r = runCli("export " + shellQuote(p) + " --format gguf --out " + shellQuote(out) + " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("output"), out);
    EXPECT_EQ(j.at("format"), "gguf");
    EXPECT_EQ(j.at("size_bytes").get<uint64_t>(), std::filesystem::file_size(out));
    // The pre-export check's prediction: GGUF lays the file out before writing it.
    EXPECT_EQ(j.at("predicted_bytes").get<uint64_t>(), j.at("size_bytes").get<uint64_t>());
    EXPECT_EQ(j.at("layers"), 36); // 5 x 7 matmuls and the embedding (the head is tied)
    EXPECT_GE(j.at("seconds").get<double>(), 0.0);
    // 64-wide rows take Q5_0 as llama.cpp's quantizer does; 172-wide ones f16.
    ASSERT_EQ(j.at("fallbacks").size(), 36u);
    for (const auto& f : j.at("fallbacks")) {
        EXPECT_EQ(f.at("planned"), "q4_k");
        const bool down = f.at("layer").get<std::string>().find("ffn_down") != std::string::npos;
        EXPECT_EQ(f.at("written"), down ? "f16" : "q5_0") << f.dump();
        EXPECT_FALSE(f.at("reason").get<std::string>().empty());
    }
    const auto inspect = runCli("inspect " + shellQuote(out) + " --json");
    ASSERT_EQ(inspect.code, 0) << inspect.err;
    EXPECT_EQ(nlohmann::json::parse(inspect.out).at("format"), "gguf");
}

TEST(CliExport, Int3IsRefusedAndNothingIsWritten) {
    qb::test::TempDir dir;
    const std::string p = project(dir, "int3", R"({"default": {"bits": 3, "group": 32}})");
    const std::string out = dir.file("keep.gguf");
    const std::string old = "an existing file\n";
    qb::test::writeAll(out, old.data(), old.size());
    const auto before = qb::test::filesIn(dir.file(""));
    const auto r = runCli("export " + shellQuote(p) + " --format gguf --out " + shellQuote(out) + " --json");
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.out.empty()) << r.out;
    // One error line listing every layer: 36 of them (ffn_down fell back to int3 per channel).
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.rfind("error: " + out + ": 36 problems", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("layer 'blk.2.attn_v.weight': int3_g32_sym has no GGUF type; nearest: Q4_K"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("layer 'blk.0.ffn_down.weight': int3_channel_sym"), std::string::npos) << r.err;
    EXPECT_EQ(qb::test::readAll(out), std::vector<unsigned char>(old.begin(), old.end()));
    EXPECT_EQ(qb::test::filesIn(dir.file("")), before);
}

// GPTQ safetensors: the folder's model.safetensors is what size_bytes counts, 20 attention linears
// quantized (the FFN's 172 features do not pack, so the plan keeps them in fp16 in every block).
TEST(CliExport, GptqSafetensorsJsonKeys) {
    qb::test::TempDir dir;
    const std::string p = project(dir, "int4", R"({"default": {"bits": 4, "group": 32, "symmetric": true},
        "layers": {"token_embd.weight": "fp16", "blk.*.ffn_*": "fp16"}})");
    const std::string out = dir.file("gptq");
    const auto r = runCli("export " + shellQuote(p) + " --format gptq-safetensors --out " + shellQuote(out) + " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("output"), out);
    EXPECT_EQ(j.at("format"), "gptq-safetensors");
    EXPECT_EQ(j.at("size_bytes").get<uint64_t>(), std::filesystem::file_size(out + "/model.safetensors"));
    EXPECT_EQ(j.at("predicted_bytes").get<uint64_t>(), j.at("size_bytes").get<uint64_t>());
    EXPECT_EQ(j.at("layers"), 20);
    EXPECT_GE(j.at("seconds").get<double>(), 0.0);
    EXPECT_TRUE(j.at("fallbacks").empty());
    EXPECT_TRUE(std::filesystem::exists(out + "/config.json"));
    EXPECT_TRUE(std::filesystem::exists(out + "/quantize_config.json"));
}

// mnist-12 W8A8 to ONNX QDQ from the command line: every weight behind a DequantizeLinear, every
// int8 layer's input behind a QuantizeLinear/DequantizeLinear pair (ONNX Runtime runs such files in
// tests/ort/test_onnx_qdq.cpp); the file reopens as an ONNX model.
TEST(CliExport, OnnxQdqFromTheCommandLine) {
    qb::test::TempDir dir;
    const std::string p = dir.file("w8a8.qbproj"), out = dir.file("mnist-qdq.onnx");
    auto r = runCli("quantize " + shellQuote(qb::test::model("onnx/mnist-12.onnx")) + " --bits 8 --act-bits 8 --data " +
                    shellQuote(qb::test::shared("data/mnist")) + " --samples 64 --out " + shellQuote(p));
    ASSERT_EQ(r.code, 0) << r.err;
    r = runCli("export " + shellQuote(p) + " --format onnx-qdq --out " + shellQuote(out) + " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("format"), "onnx-qdq");
    EXPECT_EQ(j.at("layers"), 3);
    EXPECT_EQ(j.at("size_bytes").get<uint64_t>(), std::filesystem::file_size(out));
    EXPECT_EQ(j.at("predicted_bytes").get<uint64_t>(), j.at("size_bytes").get<uint64_t>());
    // The shared models are opset 8-12: raising them to 13 is reported, on "(model)".
    ASSERT_FALSE(j.at("fallbacks").empty());
    EXPECT_EQ(j.at("fallbacks")[0].at("layer"), "(model)");
    const auto inspect = runCli("inspect " + shellQuote(out) + " --json");
    ASSERT_EQ(inspect.code, 0) << inspect.err;
    EXPECT_EQ(nlohmann::json::parse(inspect.out).at("format"), "onnx");
}

// The HDF5 archive (docs/HDF5_ARCHIVE.md): the contract's keys, every layer, the int4 layers as
// plain codes (no fallbacks), and a file h5dump-style readers take (our own inspect refuses it as
// a model, so only its HDF5 signature is checked).
TEST(CliExport, Hdf5ArchiveJsonKeys) {
    qb::test::TempDir dir;
    const std::string p = project(dir, "int4", R"({"default": {"bits": 4, "group": 32, "symmetric": false}})");
    const std::string out = dir.file("m.h5");
    const auto r = runCli("export " + shellQuote(p) + " --format hdf5 --out " + shellQuote(out) + " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("output"), out);
    EXPECT_EQ(j.at("format"), "hdf5");
    EXPECT_EQ(j.at("size_bytes").get<uint64_t>(), std::filesystem::file_size(out));
    EXPECT_EQ(j.at("predicted_bytes").get<uint64_t>(), j.at("size_bytes").get<uint64_t>());
    EXPECT_EQ(j.at("layers"), 36);
    EXPECT_GE(j.at("seconds").get<double>(), 0.0);
    EXPECT_TRUE(j.at("fallbacks").empty()) << j.dump();
    const auto bytes = qb::test::readAll(out);
    ASSERT_GE(bytes.size(), 8u);
    EXPECT_EQ(std::string(bytes.begin() + 1, bytes.begin() + 4), "HDF");
}

TEST(CliExport, BadInputsAreRefused) {
    qb::test::TempDir dir;
    const std::string out = dir.file("m.gguf");
    auto r = runCli("export " + shellQuote(kStories) + " --format gguf --out " + shellQuote(out));
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("not a project"), std::string::npos) << r.err;
    r = runCli("export " + shellQuote(kStories) + " --format tflite --out " + shellQuote(out));
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

} // namespace
