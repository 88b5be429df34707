// What the fuzz targets of the non-model readers do with one input file, shared with the replay
// test (tests/core/test_fuzz_regressions.cpp) so that a saved finding is replayed through exactly
// the calls that once failed on it. Each function returns normally or throws qb::Error.
#pragma once
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/datasets/idx_dataset.h"
#include "core/datasets/image_decode.h"
#include "core/datasets/npy_file.h"
#include "core/formats/hf_config.h"
#include "core/formats/llama2c_tokenizer.h"
#include "core/formats/project_file.h"
#include "core/quant/plan.h"
#include "core/tokenizer/hf_tokenizer_json.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"

namespace qb::fuzz {

/// Encoded by every tokenizer that loads: spaces, a tab, multi-byte UTF-8, the space symbol
/// itself, special-token spellings and a control byte no piece spells.
inline constexpr std::string_view kSampleText =
    "Once upon a time,  a cat \xE2\x96\x81sat\tin \xC3\xA9t\xC3\xA9 <s></s>\x01";

inline void encodeSample(const BpeTokenizer& tok) { (void)tok.decode(tok.encode(kSampleText, true)); }

/// Four quantizable matrices and a norm vector, named as in a GGUF llama; zero weights.
inline const Model& planTestModel() {
    static const Model m = [] {
        Model m;
        m.architecture = "llama";
        const auto zeros = std::make_shared<std::vector<std::byte>>(64 * 128 * 4);
        m.storage.push_back(zeros);
        const auto add = [&](const char* name, const char* kind, std::vector<int64_t> shape, bool quantizable) {
            TensorEntry t;
            t.name = name;
            t.kind = kind;
            t.shape = std::move(shape);
            t.quantizable = quantizable;
            t.data = std::span<const std::byte>(zeros->data(), size_t(t.params()) * 4);
            m.tensors.push_back(std::move(t));
        };
        add("blk.0.attn_q.weight", "attn_q", {64, 64}, true);
        add("blk.0.ffn_up.weight", "ffn_up", {128, 64}, true);
        add("blk.1.attn_q.weight", "attn_q", {64, 64}, true);
        add("output.weight", "output", {64, 128}, true);
        add("blk.0.attn_norm.weight", "norm", {64}, false);
        return m;
    }();
    return m;
}

/// A plan that parses must read back unchanged from planJson, and checking and resolving it
/// against planTestModel (glob matching of every key) must give a result or a qb::Error.
inline void openPlan(const std::string& path) {
    const quant::Plan plan = quant::readPlan(path);
    const quant::Plan again = quant::parsePlan(quant::planJson(plan), path + " (rewritten)");
    if (!again.problems.empty() || !(again.defaults == plan.defaults) || !(again.layers == plan.layers)) std::abort();
    (void)quant::planProblems(plan, planTestModel());
    (void)quant::resolvePlan(plan, planTestModel(), path);
}

inline void openHfTokenizer(const std::string& path) { encodeSample(readHfTokenizerJson(path)); }

inline void openHfConfig(const std::string& path) { (void)readHfConfig(path); }

/// The vocabulary size is not in a llama2.c tokenizer file, so an input is two little-endian
/// bytes giving it (value + 1) followed by the file, which is written to `scratch`.
inline void openLlama2cTokenizer(const std::string& path, const std::string& scratch) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (bytes.size() < 2) return;
    const int64_t vocab = 1 + (int64_t(uint8_t(bytes[0])) | int64_t(uint8_t(bytes[1])) << 8);
    {
        std::ofstream out(scratch, std::ios::binary | std::ios::trunc);
        out.write(bytes.data() + 2, std::streamsize(bytes.size() - 2));
        if (!out) std::abort();
    }
    encodeSample(tokenizerFromLlama2c(readLlama2cTokenizer(scratch, vocab), scratch));
}

/// Arrays that read must convert to float and to int64 (or refuse that with a qb::Error).
inline void convertNpy(const NpyArray& a, const std::string& where) {
    if (a.count() > (1 << 20)) return;
    (void)a.toFloat();
    try {
        (void)a.toInt(where);
    } catch (const Error&) { // a float array holding a fraction, NaN or a value past int64
    }
}

inline void openNpy(const std::string& path) { convertNpy(readNpy(path), path); }

inline void openNpz(const std::string& path) {
    for (const auto& [name, a] : readNpz(path)) convertNpy(a, path + ": member '" + name + "'");
}

inline void openIdx(const std::string& path) { (void)readIdx(path); }

/// Decoded as RGB, resized as a dataset does, and decoded again as grey.
inline void openImage(const std::string& path) {
    (void)resizeBilinear(decodeImage(path, 3), 7, 5);
    (void)decodeImage(path, 1);
}

inline void openProject(const std::string& path) { (void)readProject(path); }

} // namespace qb::fuzz
