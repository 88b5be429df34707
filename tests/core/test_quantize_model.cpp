// Whole-model quantization on stories260K (GGUF): plan resolution (globs, specificity, fallbacks,
// problems), the size arithmetic, the per-layer progress stages and cancel between layers, and
// the static activation grid from a calibrated range.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/domain/calibration.h"
#include "core/calib/llm_taps.h"
#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/quant/llm_inputs.h"
#include "core/quant/gptq.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/quant/rtn.h"
#include "core/quant/weight_matrix.h"
#include "core/tensor/mapped_file.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"
#include "engine_test_support.h"
#include "test_support.h"

namespace qb::quant {
namespace {

const Model& stories() {
    static const Model m = openModel(test::model("gguf/stories260K.gguf"));
    return m;
}

// The tokenizer, the TinyStories excerpt and 4 calibration windows of 128 tokens.
struct StoriesText {
    BpeTokenizer tok;
    TextDataset text;
    CalibrationSettings cs;
};
const StoriesText& storiesText() {
    static const StoriesText t = [] {
        StoriesText s{loadTokenizer(stories()), {}, {}};
        s.text = loadTextDataset(test::shared("data/tinystories/TinyStories-validation-excerpt.txt"), s.tok);
        s.cs.samples = 4;
        s.cs.context = 128;
        return s;
    }();
    return t;
}

const LayerPlan& layer(const std::vector<LayerPlan>& plan, const std::string& name) {
    for (const auto& l : plan)
        if (l.name == name) return l;
    throw Error(name, "not in the plan");
}

TEST(QuantizePlan, MoreSpecificEntriesWinAndFallbacksApply) {
    const Plan p = parsePlan(R"({"default": {"bits": 4, "group": 32, "method": "gptq"},
        "layers": {"blk.*": {"bits": 3}, "blk.1.*": {"bits": 6, "group": 64}, "blk.1.attn_q.weight": {"method": "rtn"},
                   "output.weight": {"format": "q8_0", "method": "rtn"}, "token_embd.weight": "fp16"}})",
                             "plan.json");
    const auto plan = resolvePlan(p, stories(), "plan.json");
    ASSERT_EQ(plan.size(), 37u); // 5 x 7 matmuls, the output head and the embedding
    EXPECT_EQ(layer(plan, "blk.0.attn_q.weight").scheme->name, "int3_g32_sym");
    EXPECT_EQ(layer(plan, "blk.0.attn_q.weight").method, "gptq");
    // "blk.1.*" has more literal characters than "blk.*"; the exact name only changes the method.
    EXPECT_EQ(layer(plan, "blk.1.attn_q.weight").scheme->name, "int6_g64_sym");
    EXPECT_EQ(layer(plan, "blk.1.attn_q.weight").method, "rtn");
    EXPECT_EQ(layer(plan, "blk.1.attn_k.weight").method, "gptq");
    // 172 input columns are no whole group of 32 or 64: one scale per output channel.
    EXPECT_EQ(layer(plan, "blk.0.ffn_down.weight").scheme->name, "int3_channel_sym");
    EXPECT_EQ(layer(plan, "blk.1.ffn_down.weight").scheme->name, "int6_channel_sym");
    EXPECT_EQ(layer(plan, "output.weight").scheme->name, "q8_0");
    EXPECT_EQ(layer(plan, "token_embd.weight").scheme->name, "f16");
    EXPECT_EQ(layer(plan, "token_embd.weight").method, "float");
    EXPECT_TRUE(needsLayerInputs(plan));
    EXPECT_FALSE(needsActivationRanges(plan));
}

TEST(QuantizePlan, MethodOptionsReachEachLayer) {
    const Plan p = parsePlan(R"({"default": {"bits": 4, "method": "gptq", "damp": 0.05},
        "layers": {"blk.0.*": {"act_order": true}, "blk.1.*": {"method": "smoothquant", "bits": 8, "alpha": 0.8}}})",
                             "p");
    const auto plan = resolvePlan(p, stories(), "p");
    EXPECT_TRUE(layer(plan, "blk.0.attn_q.weight").actOrder);
    EXPECT_DOUBLE_EQ(layer(plan, "blk.0.attn_q.weight").damp, 0.05);
    EXPECT_FALSE(layer(plan, "blk.2.attn_q.weight").actOrder);
    EXPECT_DOUBLE_EQ(layer(plan, "blk.1.ffn_up.weight").alpha, 0.8);
    EXPECT_DOUBLE_EQ(layer(plan, "blk.2.ffn_up.weight").alpha, 0.5); // SmoothQuant's default
    try {
        resolvePlan(parsePlan(R"({"default": {"bits": 4, "damp": 2, "alpha": "high", "act_order": 1}})", "q"), stories(), "q");
        FAIL() << "accepted bad method options";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("3 problems"), std::string::npos) << m;
        EXPECT_NE(m.find("default: damp must be a number from 0 to 1, not 2"), std::string::npos) << m;
        EXPECT_NE(m.find("default: alpha must be a number from 0 to 1, not \"high\""), std::string::npos) << m;
        EXPECT_NE(m.find("default: act_order must be true or false, not 1"), std::string::npos) << m;
    }
}

TEST(QuantizePlan, SizeIsTheSumOfTheSchemesArithmetic) {
    const auto plan = resolvePlan(parsePlan(R"({"default": {"bits": 8}, "layers": {"token_embd.weight": "fp32"}})", "p"),
                                  stories(), "p");
    uint64_t bytes = 0, weights = 0;
    for (const auto& l : plan) {
        const uint64_t n = uint64_t(l.rows * l.cols);
        weights += n;
        bytes += l.name == "token_embd.weight" ? 4 * n : n + 2 * uint64_t(l.rows); // int8 codes + fp16 row scales
    }
    const PlanSize s = planSize(plan);
    EXPECT_EQ(s.weights, weights);
    EXPECT_EQ(s.bytes, bytes);
    EXPECT_DOUBLE_EQ(s.bitsPerWeight(), 8.0 * double(bytes) / double(weights));
}

TEST(QuantizePlan, ProblemsAreListedTogether) {
    try {
        resolvePlan(parsePlan(R"({"default": {"bits": 4, "colour": 1}, "layers": {"nothing.*": {"bits": 4},
                                  "output_norm.weight": {"bits": 4}, "blk.0.attn_q.weight": {"format": "q9_9"}}})",
                              "p.json"),
                    stories(), "p.json");
        FAIL() << "accepted a wrong plan";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_EQ(e.where(), "p.json");
        EXPECT_NE(m.find("4 problems in the plan"), std::string::npos) << m;
        EXPECT_NE(m.find("default: unknown key 'colour'"), std::string::npos) << m;
        EXPECT_NE(m.find("unknown format \"q9_9\""), std::string::npos) << m;
        EXPECT_NE(m.find("layers.\"nothing.*\": matches no quantizable layer"), std::string::npos) << m;
        EXPECT_NE(m.find("layers.\"output_norm.weight\": names a tensor that is not quantizable"), std::string::npos) << m;
    }
}

TEST(QuantizeModel, ReportsEveryLayerUnderItsStageAndCancelsBetweenLayers) {
    const Model& m = stories();
    const auto& [tok, text, cs] = storiesText();
    const auto inputs = collectLlmInputs(m, text.tokens, tok.bos(), cs);
    const auto plan = resolvePlan(parsePlan(R"({"default": {"bits": 4, "group": 32, "method": "gptq"}})", "p"), m, "p");
    std::vector<std::pair<double, std::string>> stages;
    JobContext job;
    job.progress = [&](double f, std::string_view s) { stages.emplace_back(f, std::string(s)); };
    const auto layers = quantizeModel(m, plan, {.inputs = &inputs}, job);
    ASSERT_EQ(layers.size(), 37u);
    // The plan's GPTQ options are the ones used: act-order changes the codes of a real layer.
    const auto ordered = resolvePlan(parsePlan(R"({"default": {"bits": 4, "group": 32, "method": "gptq", "act_order": true}})", "p"), m, "p");
    const std::vector<LayerPlan> one{layer(ordered, "blk.2.attn_q.weight")};
    const auto withOrder = quantizeModel(m, one, {.inputs = &inputs});
    const WeightMatrix w = weightMatrix(*m.find("blk.2.attn_q.weight"));
    const auto direct = quantizeGptq(*one[0].scheme, w.values, w.rows, w.cols, inputs.at("blk.2.attn_q.weight"),
                                     "blk.2.attn_q.weight", {.actOrder = true});
    EXPECT_EQ(withOrder.at(0).weight.bytes, direct.bytes);
    for (const auto& l : layers)
        if (l.name == "blk.2.attn_q.weight") EXPECT_NE(l.weight.bytes, direct.bytes);
    for (const auto& l : layers) EXPECT_EQ(l.method, l.name == "token_embd.weight" ? "rtn" : "gptq") << l.name;
    ASSERT_FALSE(stages.empty());
    EXPECT_EQ(stages.front().second, "layer 1/37: GPTQ");
    EXPECT_EQ(stages.back().second, "quantized 37 layers");
    EXPECT_EQ(stages.back().first, 1.0);
    bool inner = false;
    for (size_t i = 1; i < stages.size(); ++i) {
        EXPECT_GE(stages[i].first, stages[i - 1].first) << stages[i].second;
        inner = inner || stages[i].second.find("/37: GPTQ (GPTQ blk.") != std::string::npos;
    }
    EXPECT_TRUE(inner); // GPTQ's own progress, under the layer's stage

    // Cancelled after the third layer: nothing more is quantized.
    std::atomic<bool> cancel{false};
    int reports = 0;
    JobContext stop;
    stop.cancel = &cancel;
    stop.progress = [&](double, std::string_view s) {
        if (std::string(s).rfind("layer 4/", 0) == 0) cancel = true;
        ++reports;
    };
    EXPECT_THROW(quantizeModel(m, plan, {.inputs = &inputs}, stop), Cancelled);
}

// Block by block (GPTQ's sequential order): block 0 has no quantized predecessor, so its inputs
// and codes equal the all-at-once collection's; every later layer sees quantized blocks before
// it and gets other codes. Each collect() holds one block's inputs only.
TEST(QuantizeModel, SequentialBlocksAgreeWithAllAtOnceOnTheFirstBlock) {
    const Model& m = stories();
    const auto& [tok, text, cs] = storiesText();
    const auto all = collectLlmInputs(m, text.tokens, tok.bos(), cs);
    {
        LlmBlockInputs blocks(m, text.tokens, tok.bos(), cs);
        EXPECT_THROW(blocks.collect(1), Error); // block 0 first
        const auto in0 = blocks.collect(0);
        ASSERT_EQ(in0.size(), 7u);
        for (const auto& [name, in] : in0) EXPECT_EQ(name.rfind("blk.0.", 0), 0u) << name;
    }
    // Block by block with the model's weights is the plain forward pass: blk.2's inputs as the
    // whole decoder's observer sees them (reservoir seeds 1 + the index of the group's first tap).
    Transformer tf(m);
    const std::vector<LlmTap> taps = llmTaps(m);
    std::map<std::string, LayerInputs> direct;
    tf.setObserver([&](int64_t l, const char* role, const float* x, int64_t rows, int64_t cols) {
        if (l != 2) return;
        const int64_t i = llmTapIndex(*m.llama, l, role), first = taps[size_t(i)].sameInputAs >= 0 ? taps[size_t(i)].sameInputAs : i;
        auto it = direct.try_emplace(taps[size_t(i)].weight->name, cols, LayerInputOptions{.seed = 1 + uint64_t(first)}).first;
        it->second.add(std::span(x, size_t(rows * cols)), rows);
    });
    runWindows(tf, llmWindows(m, text.tokens, cs), tok.bos(), "direct", {});
    ASSERT_EQ(direct.size(), 7u);
    for (const auto& [name, in] : direct) {
        EXPECT_EQ(all.at(name).gram(), in.gram()) << name;
        EXPECT_EQ(all.at(name).sample(), in.sample()) << name;
    }
    const auto plan = resolvePlan(parsePlan(R"({"default": {"bits": 4, "group": 32, "method": "gptq"}})", "p"), m, "p");
    const auto once = quantizeModel(m, plan, {.inputs = &all});
    LlmBlockInputs blocks(m, text.tokens, tok.bos(), cs);
    std::vector<std::string> stages;
    JobContext job;
    job.progress = [&](double, std::string_view s) { stages.emplace_back(s); };
    const auto seq = quantizeLlmSequential(m, plan, nullptr, blocks, job);
    ASSERT_EQ(seq.size(), once.size());
    int differ = 0;
    for (size_t i = 0; i < seq.size(); ++i) {
        EXPECT_EQ(seq[i].name, once[i].name);
        EXPECT_EQ(seq[i].method, once[i].method) << seq[i].name;
        if (seq[i].name.rfind("blk.0.", 0) == 0 || seq[i].name == "token_embd.weight")
            EXPECT_EQ(seq[i].weight.bytes, once[i].weight.bytes) << seq[i].name;
        else
            differ += seq[i].weight.bytes != once[i].weight.bytes;
    }
    EXPECT_EQ(differ, 29); // 4 blocks x 7 and the head
    ASSERT_FALSE(stages.empty());
    EXPECT_EQ(stages.front(), "layer 1/37: GPTQ");
    EXPECT_EQ(stages.back(), "quantized 37 layers");
}

// How many of the whole pages inside `bytes` are mapped into this process now (the "present"
// bit, 63, of each page's /proc/self/pagemap entry); -1 if pagemap cannot be read.
int64_t pagesPresent(std::span<const std::byte> bytes) {
    const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    const uintptr_t lo = (reinterpret_cast<uintptr_t>(bytes.data()) + page - 1) / page;
    const uintptr_t hi = (reinterpret_cast<uintptr_t>(bytes.data()) + bytes.size()) / page;
    const int fd = ::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int64_t present = 0;
    for (uintptr_t p = lo; p < hi && present >= 0; ++p) {
        uint64_t entry = 0;
        if (::pread(fd, &entry, 8, off_t(p * 8)) != 8) present = -1;
        else present += int64_t(entry >> 63);
    }
    ::close(fd);
    return present;
}

// The sink gets each layer as it is finished, in plan order, the same layers as the collected
// overload; a sink that throws stops the quantizer at once.
TEST(QuantizeModel, SinkGetsEachLayerAsItFinishes) {
    const Model& m = stories();
    const auto plan = resolvePlan(parsePlan(R"({"default": {"bits": 4, "group": 32}, "layers": {"blk.1.*": "f32"}})", "p"), m, "p");
    const auto collected = quantizeModel(m, plan, {});
    ASSERT_EQ(collected.size(), 30u); // blk.1's 7 matmuls stay f32
    std::vector<std::string> stages;
    std::vector<QuantizedLayer> got;
    JobContext job;
    job.progress = [&](double, std::string_view s) { stages.emplace_back(s); };
    quantizeModel(m, plan, {}, [&](QuantizedLayer&& q) {
        // Handed over before the next layer starts: the last stage is this layer's own.
        EXPECT_EQ(stages.back().rfind("layer ", 0), 0u);
        got.push_back(std::move(q));
    }, job);
    ASSERT_EQ(got.size(), collected.size());
    for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].name, collected[i].name);
        EXPECT_EQ(got[i].weight.bytes, collected[i].weight.bytes) << got[i].name;
    }
    int calls = 0;
    EXPECT_THROW(quantizeModel(m, plan, {}, [&](QuantizedLayer&&) {
                     if (++calls == 3) throw Error("sink", "disk full");
                 }),
                 Error);
    EXPECT_EQ(calls, 3);
}

// Block by block, the sink sees the layers without inputs first and the head last; the
// collected overload puts the same layers back in plan order.
TEST(QuantizeModel, SequentialSinkGetsLayersBlockByBlock) {
    const Model& m = stories();
    const auto& [tok, text, cs] = storiesText();
    const auto plan = resolvePlan(parsePlan(R"({"default": {"bits": 4, "group": 32, "method": "gptq"}})", "p"), m, "p");
    LlmBlockInputs a(m, text.tokens, tok.bos(), cs), b(m, text.tokens, tok.bos(), cs);
    const auto collected = quantizeLlmSequential(m, plan, nullptr, a);
    std::vector<QuantizedLayer> got;
    quantizeLlmSequential(m, plan, nullptr, b, [&](QuantizedLayer&& q) { got.push_back(std::move(q)); });
    ASSERT_EQ(got.size(), 37u);
    ASSERT_EQ(collected.size(), 37u);
    EXPECT_EQ(got.front().name, "token_embd.weight");
    EXPECT_EQ(got.back().name, "output.weight");
    for (size_t i = 1; i + 1 < got.size(); ++i)
        EXPECT_EQ(got[i].name.rfind("blk." + std::to_string((i - 1) / 7) + ".", 0), 0u) << got[i].name;
    for (size_t i = 0; i < plan.size(); ++i) {
        EXPECT_EQ(collected[i].name, plan[i].name);
        const auto same = std::find_if(got.begin(), got.end(), [&](const QuantizedLayer& q) { return q.name == plan[i].name; });
        ASSERT_NE(same, got.end()) << plan[i].name;
        EXPECT_EQ(same->weight.bytes, collected[i].weight.bytes) << plan[i].name;
    }
}

// A weight's pages of the mapped model leave the process as soon as it is decoded, before its
// layer reaches the sink; they read back the same when touched again. Memory that is not a
// mapping is never advised.
TEST(QuantizeModel, DecodedWeightsLeaveTheResidentSet) {
    const Model m = openModel(test::model("gguf/stories260K.gguf")); // a mapping of its own
    const TensorEntry& big = *m.find("token_embd.weight");
    const std::vector<std::byte> before(big.data.begin(), big.data.end());
    int64_t resident = 0;
    for (const TensorEntry& t : m.tensors) {
        for (size_t i = 0; i < t.data.size(); i += 512) (void)*static_cast<const volatile std::byte*>(&t.data[i]);
        resident += pagesPresent(t.data);
    }
    if (pagesPresent(big.data) < 0) GTEST_SKIP() << "/proc/self/pagemap cannot be read";
    ASSERT_GE(pagesPresent(big.data), 31); // 128 KB, all touched
    ASSERT_GE(resident, 200);
    const auto plan = resolvePlan(parsePlan(R"({"default": {"bits": 4, "group": 32}})", "p"), m, "p");
    std::vector<std::string> names;
    quantizeModel(m, plan, {}, [&](QuantizedLayer&& q) {
        names.push_back(q.name);
        EXPECT_EQ(pagesPresent(m.find(q.name)->data), 0) << q.name;
    });
    EXPECT_EQ(names.size(), 37u);
    EXPECT_TRUE(std::equal(before.begin(), before.end(), big.data.begin())); // read again from the file
    EXPECT_GE(pagesPresent(big.data), 31);

    std::vector<std::byte> heap(1 << 20, std::byte{7});
    EXPECT_EQ(MappedFile::releasePages(heap), 0u);
    EXPECT_EQ(std::count(heap.begin(), heap.end(), std::byte{7}), 1 << 20);
    EXPECT_GE(MappedFile::releasePages(big.data), big.data.size());
    EXPECT_EQ(pagesPresent(big.data), 0);
}

// F16 and BF16 weights are decoded a part of their rows at a time (never whole in f32); the layers
// are byte for byte those of the whole tensor decoded and quantized, over more than one part.
TEST(QuantizeModel, HalfWeightsReadInPartsGiveTheWholeDecodeBytes) {
    const int64_t rows = 1100, cols = 4096; // 4.5 M weights: two parts of at most 4 M
    std::mt19937 rng(5);
    std::student_t_distribution<float> heavy(4.0f);
    Model m;
    for (const DType type : {DType::F16, DType::BF16}) {
        auto bytes = std::make_shared<std::vector<uint16_t>>(size_t(rows * cols));
        for (uint16_t& h : *bytes) {
            const float v = 0.02f * heavy(rng);
            uint32_t u;
            std::memcpy(&u, &v, 4);
            h = type == DType::F16 ? floatToHalf(v) : uint16_t(u >> 16);
        }
        TensorEntry t;
        t.name = std::string(dtypeName(type)) + ".weight";
        t.shape = {rows, cols};
        t.dtype = type;
        t.quantizable = true;
        t.data = std::as_bytes(std::span<const uint16_t>(*bytes));
        m.tensors.push_back(t);
        m.storage.push_back(bytes);
    }
    std::vector<LayerPlan> plan;
    for (const TensorEntry& t : m.tensors)
        for (const char* s : {"int4_g128_sym", "int4_g32_asym_s8", "q4_k", "f16"})
            plan.push_back({t.name, &scheme(s), &scheme(s), "rtn", 0, false, 0.01, 0.5, rows, cols});
    const auto got = quantizeModel(m, plan, {});
    ASSERT_EQ(got.size(), plan.size());
    for (size_t i = 0; i < plan.size(); ++i) {
        const WeightMatrix w = weightMatrix(*m.find(plan[i].name));
        EXPECT_EQ(got[i].weight.bytes, quantizeRtn(*plan[i].scheme, w.values, rows, cols, "w").bytes)
            << plan[i].name << " " << plan[i].scheme->name;
    }
}

TEST(QuantizeModel, ActivationGridFromTheCalibratedRange) {
    // Signed: symmetric over max(|lo|, hi) with 127 steps; unsigned: [0, hi] over 255.
    const ActivationQuant s = activationFromRange(-2.0, 1.27, 8);
    EXPECT_FALSE(s.isUnsigned);
    EXPECT_FLOAT_EQ(s.scale, 2.0f / 127);
    EXPECT_EQ(s.zero, 0);
    const ActivationQuant u = activationFromRange(0.0, 255.0, 8);
    EXPECT_TRUE(u.isUnsigned);
    EXPECT_FLOAT_EQ(u.scale, 1.0f);
    EXPECT_EQ(activationFromRange(0.0, 0.0, 8).scale, 1.0f); // all zeros: any positive scale
    const auto plan = resolvePlan(parsePlan(R"({"default": {"bits": 8, "act_bits": 8}})", "p"), stories(), "p");
    EXPECT_TRUE(needsActivationRanges(plan));
    try {
        quantizeModel(stories(), plan, {});
        FAIL() << "quantized activations without their ranges";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("act_bits needs the calibrated activation range"), std::string::npos) << e.what();
    }
}

// Which weights get an activation grid: those the int8 engine runs (a Conv, Gemm or MatMul weight,
// also through a Reshape, and a patch ConvTranspose's: kernel = strides), not a ConvTranspose
// whose strides differ from its kernel or a MatMul weight behind a Transpose (the engine refuses
// both) nor an embedding table; a calibrated range is there for each of them.
TEST(QuantizeModel, ActBitsOnlyWhereTheInt8EngineRunsTheLayer) {
    test::GraphBuilder g;
    g.m.graphInputs = {{"x", {1, 4, 2, 2}}};
    g.m.graphOutputs = {{"y", {1, 4}}};
    const std::vector<float> w16(16, 0.5f);
    for (const char* name : {"conv_w", "deconv_w"}) g.constant(name, {4, 4, 1, 1}, w16);
    g.constant("patch_w", {4, 1, 2, 2}, w16);
    for (const char* name : {"mm_w", "mmt_w", "table"}) g.constant(name, {4, 4}, w16);
    g.constant("shape", {2}, std::vector<int64_t>{4, 4}, DType::I64);
    g.node("Conv", {"x", "conv_w"}, {"c"});
    Attribute strides;
    strides.kind = Attribute::Kind::Ints;
    strides.ints = {2, 2};
    g.node("ConvTranspose", {"c", "deconv_w"}, {"d"}).attrs["strides"] = strides; // 1x1 kernel: gaps, not patches
    g.node("ConvTranspose", {"c", "patch_w"}, {"p"}).attrs["strides"] = strides;
    g.node("ReduceMean", {"d"}, {"r"});
    g.node("Reshape", {"mm_w", "shape"}, {"mm_r"});
    g.node("MatMul", {"r", "mm_r"}, {"m"});
    g.node("Transpose", {"mmt_w"}, {"mmt_t"});
    g.node("MatMul", {"m", "mmt_t"}, {"y"});
    g.node("Gather", {"table", "ids"}, {"e"});
    Calibration cal;
    std::vector<LayerPlan> plan;
    for (auto& t : g.m.tensors) {
        if (t.name == "shape") continue;
        t.quantizable = true;
        LayerStats st;
        st.name = t.name;
        st.activation.clips[size_t(ClipMethod::Mse)] = {ClipMethod::Mse, -1.0, 2.0, 40.0};
        cal.layers.push_back(st);
        LayerPlan lp;
        lp.name = t.name;
        lp.rows = 4;
        lp.cols = 4;
        lp.scheme = &scheme("int8_channel_sym");
        lp.method = "rtn";
        lp.actBits = 8;
        plan.push_back(lp);
    }
    std::map<std::string, bool> act;
    for (const auto& l : quantizeModel(g.m, plan, {.calibration = &cal})) act[l.name] = l.activation.has_value();
    const std::map<std::string, bool> want{{"conv_w", true},  {"deconv_w", false}, {"patch_w", true},
                                           {"mm_w", true},    {"mmt_w", false},    {"table", false}};
    EXPECT_EQ(act, want);
    for (const auto& [name, w] : want) EXPECT_EQ(takesQuantizedInput(g.m, *g.m.find(name)), w) << name;
    // Keras kernels by layer class; a language model's matmuls all quantize their inputs.
    Model keras;
    keras.format = "keras_h5";
    TensorEntry k;
    for (const char* cls : {"Conv2D", "DepthwiseConv2D", "Dense", "Conv2DTranspose"}) {
        k.kind = cls;
        EXPECT_EQ(takesQuantizedInput(keras, k), k.kind != "Conv2DTranspose") << cls;
    }
    EXPECT_TRUE(takesQuantizedInput(stories(), *stories().find("blk.0.attn_q.weight")));
}

} // namespace
} // namespace qb::quant
