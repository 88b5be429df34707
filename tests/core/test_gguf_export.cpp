// GGUF export of stories260K (llama2.c and GGUF sources) as Q8_0, Q4_0, Q4_K and RTN int4 g32
// through the lossless Q4_0 path, reopened with our own reader: the metadata llama.cpp reads, the
// tensor bytes against the project's, perplexity within 0.5% of the project's own evaluation,
// and the file size against the plan. Also the integer re-encodings one by one, the refusal of
// schemes GGUF lacks, and that a refused or cancelled export leaves an existing file as it was.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <iterator>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/exporters/ggml_reencode.h"
#include "core/exporters/gguf_export.h"
#include "core/formats/gguf_file.h"
#include "core/formats/model_reader.h"
#include "core/pipeline/evaluate.h"
#include "core/pipeline/export.h"
#include "core/quant/effective_weight.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/quant/rtn.h"
#include "core/tensor/mapped_file.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"
#include "hf_tokenizer_test_support.h"
#include "llm_test_support.h"
#include "test_support.h"

namespace qb {
namespace {

using exporters::ExportFormat;

const std::string kBin = test::model("llama2c/stories260K.bin");
const std::string kGguf = test::model("gguf/stories260K.gguf");
const std::string kText = test::shared("data/tinystories/TinyStories-validation-excerpt.txt");

struct Quantized {
    std::shared_ptr<const Model> model;
    Project project;
};

Quantized quantizeWith(const std::string& modelPath, const std::string& planJson) {
    Quantized q{std::make_shared<const Model>(openModel(modelPath)), {}};
    const quant::Plan plan = quant::parsePlan(planJson, "plan");
    const auto layers = quant::resolvePlan(plan, *q.model, "plan");
    q.project.modelPath = modelPath;
    q.project.quantization = ProjectQuantization{planJson, "rtn", quant::quantizeModel(*q.model, layers, {})};
    return q;
}

double perplexity(const std::shared_ptr<const Model>& model, const ProjectQuantization* quantization) {
    pipeline::DataSpec data;
    data.path = kText;
    data.context = 256;
    pipeline::EvaluateOptions o;
    o.limit = 20;
    o.sampleTokens = 0;
    return pipeline::evaluate(model, quantization, data, o, {}).language->perplexity;
}

struct Case {
    const char* name;
    std::string source;
    std::string plan;
    DType main; ///< the type of blk.0.attn_q.weight in the file
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::string caseName(const testing::TestParamInfo<Case>& info) { return info.param.name; }

class GgufExportCase : public testing::TestWithParam<Case> {};

TEST_P(GgufExportCase, ReopensWithTheProjectsBytesMetadataAndPerplexity) {
    const Case& c = GetParam();
    const Quantized q = quantizeWith(c.source, c.plan);
    const Model& src = *q.model;
    test::TempDir dir;
    const std::string out = dir.file("model.gguf");
    const exporters::GgufPlan plan = exporters::planGguf(src, q.project);
    ASSERT_TRUE(plan.check.problems.empty()) << plan.check.problems.front();
    const exporters::ExportResult r = pipeline::exportProject(ExportFormat::Gguf, q.model, q.project, out, {});
    EXPECT_EQ(r.layers, q.project.quantization->layers.size());

    // Size: the prediction is exact, and the data section is the plan's weights plus the f32
    // norms (and alignment padding) within 1%.
    const uint64_t size = std::filesystem::file_size(out);
    EXPECT_EQ(size, r.sizeBytes);
    EXPECT_EQ(size, plan.predictedBytes);
    uint64_t expectedData = quant::quantizedSize(q.project.quantization->layers).bytes;
    for (const auto& t : src.tensors)
        if (t.shape.size() == 1) expectedData += 4 * uint64_t(t.params());
    const auto file = MappedFile::open(out);
    const gguf::File g = gguf::parse(file->bytes(), out);
    EXPECT_NEAR(double(size - g.dataStart), double(expectedData), 0.01 * double(expectedData));

    // Metadata llama.cpp reads, against the source's config.
    auto u = [&](const std::string& key) { const auto* v = g.find(key); return v ? v->asInt().value_or(-1) : -1; };
    EXPECT_EQ(*g.find("general.architecture")->asString(), "llama");
    EXPECT_EQ(u("general.quantization_version"), 2);
    EXPECT_EQ(u("general.alignment"), 32);
    EXPECT_EQ(g.alignment, 32u);
    const LlamaConfig& cfg = *src.llama;
    EXPECT_EQ(u("llama.embedding_length"), cfg.dim);
    EXPECT_EQ(u("llama.feed_forward_length"), cfg.hiddenDim);
    EXPECT_EQ(u("llama.block_count"), cfg.layers);
    EXPECT_EQ(u("llama.attention.head_count"), cfg.heads);
    EXPECT_EQ(u("llama.attention.head_count_kv"), cfg.kvHeads);
    EXPECT_EQ(u("llama.rope.dimension_count"), cfg.ropeDim);
    EXPECT_EQ(u("llama.context_length"), cfg.maxSeqLen);
    EXPECT_FLOAT_EQ(float(g.find("llama.attention.layer_norm_rms_epsilon")->asDouble().value()), float(cfg.normEps));
    EXPECT_FLOAT_EQ(float(g.find("llama.rope.freq_base")->asDouble().value()), float(cfg.ropeTheta));
    EXPECT_EQ(*g.find("tokenizer.ggml.model")->asString(), "llama");
    EXPECT_EQ(u("tokenizer.ggml.bos_token_id"), 1);
    EXPECT_EQ(u("tokenizer.ggml.eos_token_id"), 2);
    EXPECT_EQ(u("tokenizer.ggml.unknown_token_id"), 0);
    EXPECT_EQ(g.find("tokenizer.ggml.tokens")->asArray()->items.size(), size_t(cfg.vocab));

    // The exported vocabulary tokenizes as the source's.
    const Model reopened = openModel(out);
    ASSERT_TRUE(reopened.llama);
    EXPECT_EQ(reopened.llama->tiedEmbeddings, cfg.tiedEmbeddings);
    const std::string text = "Once upon a time, Lily found a shiny red ball. \"Mom, look!\" she said.\n";
    EXPECT_EQ(loadTokenizer(reopened).encode(text, true), loadTokenizer(src).encode(text, true));

    // Every quantized layer: ggml bytes as the project holds them; re-encoded integers decode to
    // the project's values exactly. Norms are the model's f32.
    for (const auto& l : q.project.quantization->layers) {
        const TensorEntry* t = reopened.find(l.name);
        ASSERT_TRUE(t) << l.name;
        ASSERT_EQ(t->shape, (std::vector<int64_t>{l.weight.rows, l.weight.cols})) << l.name;
        if (l.weight.scheme->kind != quant::SchemeKind::Integer) {
            EXPECT_EQ(t->dtype, l.weight.scheme->storage) << l.name;
            EXPECT_TRUE(std::equal(l.weight.bytes.begin(), l.weight.bytes.end(),
                                   reinterpret_cast<const uint8_t*>(t->data.data()), reinterpret_cast<const uint8_t*>(t->data.data()) + t->data.size()) &&
                        l.weight.bytes.size() == t->data.size())
                << l.name;
        } else {
            EXPECT_EQ(t->dtype, *exporters::ggmlFormOf(*l.weight.scheme)) << l.name;
            EXPECT_EQ(toFloat(*t), quant::effectiveWeight(l)) << l.name;
        }
    }
    EXPECT_EQ(reopened.find("blk.0.attn_q.weight")->dtype, c.main);
    for (const auto& t : src.tensors)
        if (t.shape.size() == 1) {
            ASSERT_TRUE(reopened.find(t.name)) << t.name;
            EXPECT_EQ(reopened.find(t.name)->dtype, DType::F32);
            EXPECT_EQ(toFloat(*reopened.find(t.name)), toFloat(t)) << t.name;
        }

    // Perplexity of the reopened file within 0.5% of the project's own evaluation.
    const double project = perplexity(q.model, &*q.project.quantization);
    const double exported = perplexity(std::make_shared<const Model>(reopened), nullptr);
    std::printf("[ %s ] perplexity: project %.5f, reopened export %.5f, file %llu bytes (predicted %llu)\n", c.name,
                project, exported, static_cast<unsigned long long>(size), static_cast<unsigned long long>(plan.predictedBytes));
    EXPECT_NEAR(exported, project, 0.005 * project);
}

// int4 g32 cannot hold ffn_down's 172-wide rows (it would fall back to per-channel, which GGUF
// lacks), so those stay f16 by an entry of the plan.
const char* kInt4 = R"({"default": {"bits": 4, "group": 32, "method": "rtn"}, "layers": {"blk.*.ffn_down.weight": "fp16"}})";

INSTANTIATE_TEST_SUITE_P(
    Stories, GgufExportCase,
    testing::Values(Case{"llama2c_q8_0", kBin, R"({"default": "q8_0"})", DType::Q8_0},
                    Case{"llama2c_q4_0", kBin, R"({"default": "q4_0"})", DType::Q4_0},
                    Case{"llama2c_q4_k", kBin, R"({"default": "q4_k"})", DType::Q5_0},
                    Case{"llama2c_int4_g32", kBin, kInt4, DType::Q4_0},
                    Case{"gguf_q8_0", kGguf, R"({"default": "q8_0"})", DType::Q8_0},
                    Case{"gguf_q4_0", kGguf, R"({"default": "q4_0"})", DType::Q4_0},
                    Case{"gguf_q4_k", kGguf, R"({"default": "q4_k"})", DType::Q5_0},
                    Case{"gguf_int4_g32", kGguf, kInt4, DType::Q4_0}),
    caseName);

TEST(GgufExport, GgufSourceKeepsItsVocabularyAndNames) {
    const Quantized q = quantizeWith(kGguf, R"({"default": "q8_0"})");
    test::TempDir dir;
    const std::string out = dir.file("m.gguf");
    pipeline::exportProject(ExportFormat::Gguf, q.model, q.project, out, {});
    const auto a = MappedFile::open(kGguf), b = MappedFile::open(out);
    const gguf::File src = gguf::parse(a->bytes(), kGguf), dst = gguf::parse(b->bytes(), out);
    for (const auto& [key, value] : src.metadata) {
        if (key.rfind("tokenizer.ggml.", 0) != 0 && key != "general.name") continue;
        ASSERT_TRUE(dst.find(key)) << key;
        EXPECT_EQ(dst.find(key)->text(), value.text()) << key;
        if (const auto* arr = value.asArray()) {
            const auto* out2 = dst.find(key)->asArray();
            ASSERT_EQ(out2->items.size(), arr->items.size()) << key;
            for (size_t i = 0; i < arr->items.size(); ++i) ASSERT_EQ(out2->items[i].text(), arr->items[i].text()) << key << "[" << i << "]";
        }
    }
    std::vector<std::string> srcNames, dstNames;
    for (const auto& t : src.tensors) srcNames.push_back(t.name);
    for (const auto& t : dst.tensors) dstNames.push_back(t.name);
    std::sort(srcNames.begin(), srcNames.end());
    std::sort(dstNames.begin(), dstNames.end());
    EXPECT_EQ(dstNames, srcNames);
}

// A Hugging Face folder written from stories260K.gguf (q/k rows in rotate-half order, tok512 as a
// tokenizer.json): its export holds the very bytes of the GGUF source's export, so the q/k rows are
// back in llama.cpp's order, and its vocabulary (scores from the merge ranks) tokenizes the
// excerpt as the tokenizer.json does.
TEST(GgufExport, SafetensorsSourceGivesTheGgufSourcesTensors) {
    test::TempDir hfDir;
    test::writeHfLlamaFolderFromGguf(hfDir.path().string(), /*tieWordEmbeddings=*/false);
    std::ofstream(hfDir.file("tokenizer.json")) << test::tok512AsTokenizerJson().dump();
    const Quantized hf = quantizeWith(hfDir.path().string(), R"({"default": "q8_0"})");
    const Quantized gg = quantizeWith(kGguf, R"({"default": "q8_0"})");
    test::TempDir dir;
    pipeline::exportProject(ExportFormat::Gguf, hf.model, hf.project, dir.file("hf.gguf"), {});
    pipeline::exportProject(ExportFormat::Gguf, gg.model, gg.project, dir.file("gg.gguf"), {});
    const Model a = openModel(dir.file("hf.gguf")), b = openModel(dir.file("gg.gguf"));
    ASSERT_EQ(a.tensors.size(), b.tensors.size());
    for (const TensorEntry& t : b.tensors) {
        const TensorEntry* u = a.find(t.name);
        ASSERT_TRUE(u) << t.name;
        EXPECT_EQ(u->dtype, t.dtype) << t.name;
        EXPECT_TRUE(u->data.size() == t.data.size() && std::memcmp(u->data.data(), t.data.data(), t.data.size()) == 0) << t.name;
    }
    std::ifstream in(kText);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const std::vector<int32_t> ours = loadTokenizer(*hf.model).encode(text, true);
    EXPECT_EQ(ours.size(), 127608u); // tests/core/test_hf_tokenizer.cpp: as llama2.c's run.c
    EXPECT_EQ(loadTokenizer(a).encode(text, true), ours);
}

TEST(GgufExport, LlamaCppFallbacksAreReportedInTheCheck) {
    const Quantized q = quantizeWith(kBin, R"({"default": "q4_k", "layers": {"blk.0.ffn_gate.weight": "q6_k"}})");
    const exporters::ExportCheck check = pipeline::checkExport(ExportFormat::Gguf, *q.model, q.project);
    EXPECT_TRUE(check.problems.empty());
    auto find = [&](const std::string& layer) {
        for (const auto& f : check.fallbacks)
            if (f.layer == layer) return f;
        return exporters::Fallback{};
    };
    EXPECT_EQ(find("blk.0.attn_q.weight").planned, "q4_k");
    EXPECT_EQ(find("blk.0.attn_q.weight").written, "q5_0");
    EXPECT_NE(find("blk.0.attn_q.weight").reason.find("llama.cpp"), std::string::npos);
    EXPECT_EQ(find("blk.0.ffn_gate.weight").written, "q8_0");
    EXPECT_EQ(find("blk.0.ffn_down.weight").written, "f16"); // 172 is no whole block of 32 either
    EXPECT_EQ(check.fallbacks.size(), 36u); // every layer: all rows are 64 or 172 wide
}

// Each integer scheme with a ggml form, on random weights: the ggml decoder gives back exactly
// the values of our integer layout (asymmetric: up to the fp16 rounding of -z*s, counted).
TEST(GgufExport, IntegerSchemesReencodeExactly) {
    std::mt19937 rng(7);
    std::normal_distribution<float> dist(0.f, 0.05f);
    const int64_t rows = 6, cols = 96;
    std::vector<float> w(size_t(rows * cols));
    for (float& x : w) x = dist(rng);
    for (const char* name : {"int8_g32_sym", "int4_g32_sym", "int5_g32_sym", "int4_g32_asym", "int5_g32_asym"}) {
        const quant::Scheme& s = quant::scheme(name);
        quant::QuantizedLayer l;
        l.name = name;
        l.weight = quant::quantizeRtn(s, w, rows, cols, name);
        const DType target = *exporters::ggmlFormOf(s);
        const exporters::Reencoded r = exporters::reencodeToGgml(l.weight, target, name);
        ASSERT_EQ(r.bytes.size(), *storageBytes(target, uint64_t(rows * cols))) << name;
        std::vector<float> decoded(w.size());
        traits(target).toFloat(r.bytes.data(), decoded.data(), int64_t(w.size()));
        const std::vector<float> expected = quant::effectiveWeight(l);
        double err = 0;
        for (size_t i = 0; i < w.size(); ++i) err = std::max(err, double(std::fabs(decoded[i] - expected[i])));
        if (s.symmetric) {
            EXPECT_EQ(decoded, expected) << name;
            EXPECT_EQ(r.inexactMins, 0u);
        } else {
            // (u - z) * s against u * d + fp16(-z*s): only the min's rounding differs.
            EXPECT_LE(err, r.maxMinError + 1e-6) << name;
            double again = 0;
            EXPECT_EQ(exporters::inexactMins(l.weight, again), r.inexactMins) << name;
        }
    }
    EXPECT_FALSE(exporters::ggmlFormOf(quant::scheme("int4_g64_sym")));
    EXPECT_FALSE(exporters::ggmlFormOf(quant::scheme("int3_g32_sym")));
    EXPECT_FALSE(exporters::ggmlFormOf(quant::scheme("int8_channel_sym")));
}

// A group whose minimum -z*s is beyond fp16's range would be written as -inf in Q5_1/Q4_1: the
// error the check refuses on is infinite (fuzz_export_gguf found such a group: values to 1.3e5).
TEST(GgufExport, AMinimumBeyondFp16IsReportedInfinite) {
    std::vector<float> w(32);
    for (size_t i = 0; i < w.size(); ++i) w[i] = -1.3e5f + float(i) * 4.2e3f; // -130000 .. -200
    const quant::Scheme& s = quant::scheme("int5_g32_asym");
    const quant::QuantizedTensor t = quant::quantizeRtn(s, w, 1, 32, "huge");
    double err = 0;
    EXPECT_EQ(exporters::inexactMins(t, err), 1u);
    EXPECT_FALSE(std::isfinite(err));
}

// A scheme GGUF lacks refuses the export before anything is written, naming every layer with
// the types to use instead; an existing file at the destination stays byte for byte.
TEST(GgufExport, SchemesWithoutAGgufTypeAreRefusedAndNothingIsWritten) {
    const Quantized q = quantizeWith(kBin, R"({"default": {"bits": 3, "group": 32}, "layers": {"blk.*.ffn_down.weight": "q8_0"}})");
    const exporters::ExportCheck check = pipeline::checkExport(ExportFormat::Gguf, *q.model, q.project);
    EXPECT_EQ(check.problems.size(), 31u); // 5 x 6 matmuls and the embedding; ffn_down is q8_0 (f16)
    bool named = false;
    for (const auto& p : check.problems)
        named |= p.find("blk.3.attn_k.weight") != std::string::npos && p.find("int3_g32_sym") != std::string::npos &&
                 p.find("Q4_K") != std::string::npos;
    EXPECT_TRUE(named) << check.problems.front();

    test::TempDir dir;
    const std::string out = dir.file("keep.gguf");
    const std::vector<unsigned char> before = {'o', 'l', 'd', '\n'};
    test::writeAll(out, before);
    try {
        pipeline::exportProject(ExportFormat::Gguf, q.model, q.project, out, {});
        ADD_FAILURE() << "an int3 project was exported";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("31 problems"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("blk.0.attn_q.weight"), std::string::npos) << e.what();
    }
    EXPECT_EQ(test::readAll(out), before);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(GgufExport, CancelLeavesTheDestinationAsItWas) {
    const Quantized q = quantizeWith(kGguf, R"({"default": "q8_0"})");
    test::TempDir dir;
    const std::string out = dir.file("keep.gguf");
    const std::vector<unsigned char> before = {'k', 'e', 'e', 'p'};
    test::writeAll(out, before);
    std::atomic<bool> cancel{false};
    JobContext job;
    job.cancel = &cancel;
    int reports = 0;
    job.progress = [&](double, std::string_view stage) {
        if (stage.starts_with("tensor ") && ++reports == 20) cancel = true; // halfway through the tensors
    };
    EXPECT_THROW(pipeline::exportProject(ExportFormat::Gguf, q.model, q.project, out, job), Cancelled);
    EXPECT_EQ(reports, 20);
    EXPECT_EQ(test::readAll(out), before);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);

    // The same export uncancelled replaces the file.
    pipeline::exportProject(ExportFormat::Gguf, q.model, q.project, out, {});
    EXPECT_GT(std::filesystem::file_size(out), 100000u);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

// In a child process: an export killed with SIGKILL halfway through its tensors, and one whose
// writes fail as on a full disk (RLIMIT_FSIZE: EFBIG). Neither leaves a file behind, and the
// existing destination stays byte for byte.
int exportInChild(const Quantized& q, const std::string& out, bool killHalfway, uint64_t sizeLimit) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        JobContext job;
        int reports = 0;
        job.progress = [&](double, std::string_view stage) {
            if (killHalfway && stage.starts_with("tensor ") && ++reports == 20) ::raise(SIGKILL);
        };
        if (sizeLimit > 0) {
            ::signal(SIGXFSZ, SIG_IGN);
            const rlimit lim{sizeLimit, sizeLimit};
            ::setrlimit(RLIMIT_FSIZE, &lim);
        }
        try {
            pipeline::exportProject(ExportFormat::Gguf, q.model, q.project, out, job);
        } catch (const Error& e) {
            const std::string what = e.what();
            ::_exit(e.where() == out && what.find("cannot write") != std::string::npos &&
                            what.find(std::strerror(EFBIG)) != std::string::npos
                        ? 10
                        : 11);
        } catch (...) {
            ::_exit(12);
        }
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

TEST(GgufExport, KillAndFullDiskLeaveNoFileAndKeepTheDestination) {
    const Quantized q = quantizeWith(kGguf, R"({"default": "q8_0"})");
    test::TempDir dir;
    const std::string out = dir.file("keep.gguf");
    const std::vector<unsigned char> before = {'o', 'l', 'd'};
    test::writeAll(out, before);
    EXPECT_EQ(exportInChild(q, out, /*killHalfway=*/true, 0), 128 + SIGKILL);
    EXPECT_EQ(test::readAll(out), before);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
    EXPECT_EQ(exportInChild(q, out, false, /*sizeLimit=*/100000), 10);
    EXPECT_EQ(test::readAll(out), before);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
    EXPECT_EQ(exportInChild(q, out, false, 0), 0); // and without either, it is replaced
    EXPECT_GT(std::filesystem::file_size(out), 100000u);
}

TEST(GgufExport, AnUnwritableDestinationIsAnErrorNamingIt) {
    const Quantized q = quantizeWith(kGguf, R"({"default": "q8_0"})");
    const std::string out = "/nonexistent-dir/m.gguf";
    try {
        pipeline::exportProject(ExportFormat::Gguf, q.model, q.project, out, {});
        ADD_FAILURE() << "wrote into a missing folder";
    } catch (const Error& e) {
        EXPECT_EQ(e.where(), out);
    }
}

// llama.cpp cannot load a GGUF without a vocabulary: a llama2.c checkpoint without its tokenizer
// file beside it is a problem of the check, not an export.
TEST(GgufExport, AModelWithoutTokenizerIsAProblemOfTheCheck) {
    test::TempDir dir;
    const std::string bin = dir.file("stories260K.bin");
    std::filesystem::create_symlink(kBin, bin); // the same bytes, with no tok512.bin beside them
    const Quantized q = quantizeWith(bin, R"({"default": "q8_0"})");
    const exporters::ExportCheck check = pipeline::checkExport(ExportFormat::Gguf, *q.model, q.project);
    ASSERT_EQ(check.problems.size(), 1u);
    EXPECT_NE(check.problems[0].find("the vocabulary: " + bin + ": no tokenizer"), std::string::npos) << check.problems[0];
    EXPECT_THROW(pipeline::exportProject(ExportFormat::Gguf, q.model, q.project, dir.file("m.gguf"), {}), Error);
    EXPECT_FALSE(std::filesystem::exists(dir.file("m.gguf")));
}

} // namespace
} // namespace qb
