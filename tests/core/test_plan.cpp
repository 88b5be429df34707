// The editable Plan: JSON round trip (parse -> write -> parse), the mutators, writePlan's
// temporary file, the method table, and validation against stories260K (every problem at once,
// GPTQ refused a GGML block format before any work).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/formats/model_reader.h"
#include "core/quant/methods.h"
#include "core/quant/plan.h"
#include "core/util/error.h"
#include "test_support.h"

namespace qb::quant {
namespace {

const Model& stories() {
    static const Model m = openModel(test::model("gguf/stories260K.gguf"));
    return m;
}

size_t countOf(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(PlanJson, ParseWriteParseGivesAnEqualPlan) {
    const char* plans[] = {
        // globs, a string entry, per-layer method options, a later tie
        R"({"default": {"bits": 4, "group": 32, "symmetric": true, "method": "gptq"},
            "layers": {"blk.0.attn_q.weight": {"bits": 8}, "output.weight": "fp16", "blk.*.ffn_down*": {"bits": 6},
                       "blk.[01].*": {"method": "gptq", "act_order": true, "damp": 0.05},
                       "blk.?.ffn_up.weight": {"method": "smoothquant", "alpha": 0.8, "act_bits": 8}}})",
        // GGML formats by string and by key, an asymmetric group, f32 kept
        R"({"default": "q4_0", "layers": {"blk.*": {"format": "q6_k", "method": "awq"}, "token_embd.weight": "fp32",
            "blk.3.attn_k.weight": {"bits": 3, "group": 128, "symmetric": false}}})",
        // uniform plans, as quantize --bits builds them
        R"({"default": {"bits": 8, "act_bits": 8}})",
        R"({"default": {"bits": 2, "group": 64, "symmetric": false, "method": "rtn", "damp": 0.1, "alpha": 0.3333333333333333}})",
        // an empty default and a pattern that needs escaping in JSON
        R"({"default": {}, "layers": {"odd \"name\"\\*": {"bits": 5}}})",
    };
    for (const char* text : plans) {
        const Plan a = parsePlan(text, "a.json");
        ASSERT_TRUE(a.problems.empty()) << text << "\n" << a.problems.front();
        const std::string written = planJson(a);
        const Plan b = parsePlan(written, "b.json");
        EXPECT_EQ(a, b) << text << "\nwritten as\n" << written;
        EXPECT_EQ(planJson(b), written); // the writer is a fixed point
    }
    // The file order of entries survives (ties between equal globs depend on it).
    const Plan p = parsePlan(plans[0], "p");
    ASSERT_EQ(p.layers.size(), 5u);
    EXPECT_EQ(p.layers[3].pattern, "blk.[01].*");
    EXPECT_EQ(p.layers[3].settings.damp, 0.05);
    EXPECT_EQ(p.layers[1].settings.format, "f16");
    EXPECT_NE(planJson(p).find("\"output.weight\": \"f16\""), std::string::npos) << planJson(p);
}

TEST(PlanJson, EqualityComparesEverySetting) {
    const Plan a = parsePlan(R"({"default": {"bits": 4}, "layers": {"blk.*": {"damp": 0.05}}})", "a");
    EXPECT_NE(a, parsePlan(R"({"default": {"bits": 4}, "layers": {"blk.*": {"damp": 0.06}}})", "b"));
    EXPECT_NE(a, parsePlan(R"({"default": {"bits": 4, "symmetric": true}, "layers": {"blk.*": {"damp": 0.05}}})", "b"));
    EXPECT_NE(a, parsePlan(R"({"default": {"bits": 4}, "layers": {"blk.?": {"damp": 0.05}}})", "b"));
    EXPECT_NE(a, parsePlan(R"({"default": {"bits": 4}})", "b"));
    EXPECT_EQ(a, parsePlan("{\n  \"layers\": {\"blk.*\": {\"damp\": 0.05}},\n  \"default\": {\"bits\": 4}\n}", "b"));
}

TEST(PlanJson, WritePlanReplacesTheFileAndLeavesNoTemporary) {
    test::TempDir dir;
    const std::string path = dir.file("plan.json");
    Plan p = parsePlan(R"({"default": {"bits": 4, "group": 32}, "layers": {"output.weight": "q8_0"}})", "p");
    test::writeAll(path, std::vector<unsigned char>{'o', 'l', 'd'});
    writePlan(path, p);
    EXPECT_EQ(readPlan(path), p);
    p.setEntry("blk.*", {.bits = 8});
    writePlan(path, p);
    EXPECT_EQ(readPlan(path), p);
    size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) ++files, (void)e;
    EXPECT_EQ(files, 1u);

    const std::string missing = dir.file("no/such/folder/plan.json");
    try {
        writePlan(missing, p);
        FAIL() << "wrote into a folder that does not exist";
    } catch (const Error& e) {
        EXPECT_EQ(e.where(), missing);
    }
    EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST(PlanEdit, SetReplacesInPlaceRemoveAndDefaults) {
    Plan p = parsePlan(R"({"default": {"bits": 4}, "layers": {"blk.*": {"bits": 3}, "output.weight": "fp16"}})", "p");
    p.setEntry("blk.*", {.bits = 6, .group = 64});
    ASSERT_EQ(p.layers.size(), 2u);
    EXPECT_EQ(p.layers[0].pattern, "blk.*"); // replaced where it was
    EXPECT_EQ(p.layers[0].settings.bits, 6);
    EXPECT_EQ(p.layers[0].settings.group, 64);
    p.setEntry("blk.1.*", {.method = "gptq", .actOrder = true});
    ASSERT_EQ(p.layers.size(), 3u);
    EXPECT_EQ(p.layers[2].pattern, "blk.1.*");
    ASSERT_NE(p.entry("blk.1.*"), nullptr);
    EXPECT_EQ(p.entry("blk.1.*")->settings.actOrder, true);
    EXPECT_EQ(p.entry("blk.2.*"), nullptr);
    EXPECT_TRUE(p.removeEntry("output.weight"));
    EXPECT_FALSE(p.removeEntry("output.weight"));
    p.setDefaults({.bits = 8, .method = "awq"});

    const Plan expected = parsePlan(R"({"default": {"bits": 8, "method": "awq"},
        "layers": {"blk.*": {"bits": 6, "group": 64}, "blk.1.*": {"method": "gptq", "act_order": true}}})", "e");
    EXPECT_EQ(p, expected);
    EXPECT_EQ(planJson(p), planJson(expected));
    EXPECT_EQ(parsePlan(planJson(p), "again"), p);

    // Replacing an entry drops what parsing found wrong in it, and only that.
    Plan bad = parsePlan(R"({"default": {"bits": 4, "colour": 1}, "layers": {"blk.*": {"bits": 12}}})", "bad");
    ASSERT_EQ(bad.problems.size(), 2u);
    bad.setEntry("blk.*", {.bits = 3});
    ASSERT_EQ(bad.problems.size(), 1u);
    EXPECT_EQ(bad.problems[0], "default: unknown key 'colour'");
    bad.setDefaults({.bits = 4});
    EXPECT_TRUE(bad.problems.empty());
    EXPECT_TRUE(planProblems(bad, stories()).empty());
}

TEST(PlanProblems, GptqForAGgmlFormatIsRefusedNamingEntryAndLayer) {
    const Plan p = parsePlan(R"({"default": {"bits": 4, "group": 32, "method": "gptq"},
        "layers": {"blk.0.attn_q.weight": "q4_0", "output.weight": {"format": "q8_0", "method": "rtn"}}})", "bad.json");
    try {
        resolvePlan(p, stories(), "bad.json");
        FAIL() << "resolved GPTQ with q4_0";
    } catch (const Error& e) {
        const std::string m = e.what();
        EXPECT_EQ(e.where(), "bad.json");
        EXPECT_NE(m.find("1 problem in the plan: "), std::string::npos) << m;
        EXPECT_NE(m.find("layers.\"blk.0.attn_q.weight\" (default sets gptq): GPTQ takes no GGML block format "
                         "(q4_0, for blk.0.attn_q.weight)"),
                  std::string::npos)
            << m;
        EXPECT_NE(m.find("rtn, awq or smoothquant"), std::string::npos) << m;
    }
    // The same format with RTN, or GPTQ on an integer grid, resolves.
    Plan fixed = p;
    fixed.setEntry("blk.0.attn_q.weight", {.method = "rtn", .format = "q4_0"});
    const auto layers = resolvePlan(fixed, stories(), "fixed");
    for (const LayerPlan& l : layers)
        if (l.name == "blk.0.attn_q.weight") EXPECT_EQ(l.scheme->name, "q4_0");
}

TEST(PlanProblems, ManyLayersOfOneEntryMakeOneProblem) {
    const Plan p = parsePlan(R"({"default": {"format": "q8_0", "method": "gptq"}, "layers": {"token_embd.weight": "fp16"}})", "p");
    const auto problems = planProblems(p, stories());
    ASSERT_EQ(problems.size(), 1u);
    // 5 blocks x 7 matmuls + the output head; the f16 embedding is kept in float.
    EXPECT_EQ(problems[0].rfind("default: GPTQ takes no GGML block format (q8_0, for output.weight, blk.0.attn_q.weight, ", 0), 0u)
        << problems[0];
    EXPECT_NE(problems[0].find(" and 33 more)"), std::string::npos) << problems[0];
}

TEST(PlanProblems, EveryProblemAtOnceIncludingEditedValues) {
    Plan p = parsePlan(R"({"default": {"bits": 4, "method": "fast"}, "layers": {"nothing.*": {"bits": 4}}})", "p");
    ASSERT_EQ(p.problems.size(), 1u); // the unknown method; the unmatched glob needs the model
    // Values set by code get a file's rules.
    p.setEntry("blk.0.*", {.bits = 12, .group = 48, .damp = 2.5});
    p.setEntry("blk.1.*", {.bits = 4, .format = "q4_0"});
    p.setEntry("blk.2.*", {.method = "magic", .actBits = 4, .format = "q9_9", .alpha = -1});
    const auto problems = planProblems(p, stories());
    std::string all;
    for (const auto& s : problems) all += s + "\n";
    EXPECT_EQ(problems.size(), 10u) << all;
    EXPECT_NE(all.find("default: method must be rtn, gptq, awq or smoothquant, not \"fast\""), std::string::npos) << all;
    EXPECT_NE(all.find("layers.\"blk.0.*\": bits must be an integer from 2 to 8, not 12"), std::string::npos) << all;
    EXPECT_NE(all.find("layers.\"blk.0.*\": group must be 32, 64 or 128, not 48"), std::string::npos) << all;
    EXPECT_NE(all.find("layers.\"blk.0.*\": damp must be a number from 0 to 1, not 2.5"), std::string::npos) << all;
    EXPECT_NE(all.find("layers.\"blk.1.*\": format and bits/group/symmetric exclude each other"), std::string::npos) << all;
    EXPECT_NE(all.find("layers.\"blk.2.*\": method must be rtn, gptq, awq or smoothquant, not \"magic\""), std::string::npos) << all;
    EXPECT_NE(all.find("layers.\"blk.2.*\": act_bits must be 8, not 4"), std::string::npos) << all;
    EXPECT_NE(all.find("layers.\"blk.2.*\": unknown format \"q9_9\""), std::string::npos) << all;
    EXPECT_NE(all.find("layers.\"blk.2.*\": alpha must be a number from 0 to 1, not -1"), std::string::npos) << all;
    EXPECT_NE(all.find("layers.\"nothing.*\": matches no quantizable layer"), std::string::npos) << all;
    EXPECT_EQ(countOf(all, "\n"), problems.size());
    try {
        resolvePlan(p, stories(), "edited");
        FAIL() << "resolved a plan with problems";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("10 problems in the plan: "), std::string::npos) << e.what();
    }
}

TEST(PlanMethods, TheTableDrivesDefaultsAndRules) {
    ASSERT_EQ(methods().size(), 4u);
    EXPECT_EQ(defaultMethod().name, "rtn");
    EXPECT_EQ(methodNames(), "rtn, gptq, awq or smoothquant");
    EXPECT_EQ(methodNames(SchemeKind::Ggml), "rtn, awq or smoothquant");
    EXPECT_EQ(methodNames(SchemeKind::Integer), "rtn, gptq, awq or smoothquant");
    EXPECT_EQ(findMethod("float"), nullptr);
    EXPECT_EQ(methodLabel("gptq"), "GPTQ");
    EXPECT_EQ(methodLabel("float"), "float");
    ASSERT_NE(findMethod("gptq"), nullptr);
    EXPECT_FALSE(findMethod("gptq")->accepts(SchemeKind::Ggml));
    EXPECT_TRUE(findMethod("gptq")->needsLayerInputs);
    EXPECT_FALSE(findMethod("rtn")->needsLayerInputs);
    EXPECT_DOUBLE_EQ(optionDefault("damp"), 0.01);
    EXPECT_DOUBLE_EQ(optionDefault("alpha"), 0.5);
    EXPECT_DOUBLE_EQ(optionDefault("act_order"), 0.0);
    EXPECT_THROW(optionDefault("colour"), Error);

    // A layer the plan gives no options gets the table's defaults.
    const auto layers = resolvePlan(parsePlan(R"({"default": {"bits": 4, "method": "gptq"}})", "p"), stories(), "p");
    ASSERT_FALSE(layers.empty());
    EXPECT_DOUBLE_EQ(layers[0].damp, 0.01);
    EXPECT_DOUBLE_EQ(layers[0].alpha, 0.5);
    EXPECT_FALSE(layers[0].actOrder);

    // The group sizes are the int*_g* rows of the scheme table, no more and no fewer.
    EXPECT_EQ(groupSizeNames(), "32, 64 or 128");
    std::vector<int64_t> inTable;
    for (const Scheme& s : schemes())
        if (s.kind == SchemeKind::Integer && s.granularity == Granularity::Group) {
            EXPECT_TRUE(isGroupSize(s.group)) << s.name;
            if (std::find(inTable.begin(), inTable.end(), s.group) == inTable.end()) inTable.push_back(s.group);
        }
    EXPECT_EQ(inTable, std::vector<int64_t>(groupSizes().begin(), groupSizes().end()));
    EXPECT_FALSE(isGroupSize(16));
}

} // namespace
} // namespace qb::quant
