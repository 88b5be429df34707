// Re-quantizing a project after a plan edit (pipeline::quantize with a base project): layers
// whose entry did not change are taken from the base, not quantized again; and the plan is kept
// in the project file with or without a quantization.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/formats/project_file.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/plan.h"
#include "test_support.h"

namespace qb {
namespace {

quant::Plan int4Plan(const std::string& method = "rtn") {
    quant::PlanSettings s;
    s.bits = 4;
    s.group = 32;
    s.method = method;
    return quant::uniformPlan(s);
}

pipeline::QuantizeResult run(const pipeline::OpenedInput& in, std::optional<Project> base, const quant::Plan& plan,
                             std::vector<std::string>* stages = nullptr) {
    pipeline::QuantizeRequest r{plan, "test", {}, {}};
    JobContext job;
    if (stages) job.progress = [stages](double, std::string_view s) { stages->emplace_back(s); };
    return pipeline::quantize(in.model, std::move(base), r, job);
}

std::map<std::string, const quant::QuantizedLayer*> byName(const Project& p) {
    std::map<std::string, const quant::QuantizedLayer*> out;
    for (const quant::QuantizedLayer& l : p.quantization->layers) out[l.name] = &l;
    return out;
}

TEST(QuantizeReuse, OnlyChangedEntriesAreQuantizedAgain) {
    const pipeline::OpenedInput in = pipeline::openInput(test::model("llama2c/stories260K.bin"));
    Project first = run(in, std::nullopt, int4Plan()).project;
    ASSERT_EQ(first.quantization->layers.size(), 36u);
    // Mark one layer of the base: were it quantized again, the mark would be gone.
    const std::string marked = "blk.0.attn_q.weight";
    for (quant::QuantizedLayer& l : first.quantization->layers)
        if (l.name == marked) l.weight.bytes[100] ^= 0x5a;

    quant::Plan edited = int4Plan();
    edited.setEntry("blk.1.ffn_up.weight", {.bits = 8});
    edited.setEntry("blk.2.attn_v.weight", {.format = std::string("q8_0")});
    std::vector<std::string> stages;
    const pipeline::QuantizeResult second = run(in, first, edited, &stages);
    EXPECT_EQ(second.quantizedLayers, 36u);
    EXPECT_EQ(second.reusedLayers, 34u);
    // Progress names only the two layers quantized: "layer k/2".
    size_t layerStages = 0;
    for (const std::string& s : stages)
        if (s.rfind("layer ", 0) == 0) {
            ++layerStages;
            EXPECT_NE(s.find("/2:"), std::string::npos) << s;
        }
    EXPECT_EQ(layerStages, 2u);

    const Project fresh = run(in, std::nullopt, edited).project;
    const auto now = byName(second.project), old = byName(first), clean = byName(fresh);
    ASSERT_EQ(now.size(), 36u);
    for (const auto& [name, layer] : now) {
        if (name == marked) {
            EXPECT_EQ(layer->weight.bytes, old.at(name)->weight.bytes) << "the marked layer was quantized again";
            EXPECT_NE(layer->weight.bytes, clean.at(name)->weight.bytes);
        } else {
            EXPECT_EQ(layer->weight.bytes, clean.at(name)->weight.bytes) << name;
            EXPECT_EQ(layer->weight.scheme, clean.at(name)->weight.scheme) << name;
        }
    }
    EXPECT_EQ(now.at("blk.1.ffn_up.weight")->weight.scheme->name, "int8_g32_sym"); // group from the default
    EXPECT_EQ(now.at("blk.2.attn_v.weight")->weight.scheme->name, "q8_0");
    // In plan order, and the project keeps the plan it follows.
    for (size_t i = 0; i < second.layers.size(); ++i)
        EXPECT_EQ(second.project.quantization->layers[i].name, second.layers[i].name);
    EXPECT_EQ(second.project.plan, quant::planJson(edited));
}

TEST(QuantizeReuse, DataAwarePlansAreQuantizedWhole) {
    const pipeline::OpenedInput in = pipeline::openInput(test::model("llama2c/stories260K.bin"));
    pipeline::QuantizeRequest r{int4Plan("gptq"), "test", {}, {}};
    r.data.path = test::shared("data/tinystories/TinyStories-validation-excerpt.txt");
    r.data.context = 64;
    r.calibration.samples = 2;
    const Project first = pipeline::quantize(in.model, std::nullopt, r, {}).project;
    r.plan.setEntry("blk.4.ffn_down.weight", {.bits = 8});
    const pipeline::QuantizeResult second = pipeline::quantize(in.model, first, r, {});
    EXPECT_EQ(second.reusedLayers, 0u);
    EXPECT_EQ(second.quantizedLayers, 36u);
}

TEST(QuantizeReuse, ThePlanIsSavedWithOrWithoutAQuantization) {
    const pipeline::OpenedInput in = pipeline::openInput(test::model("llama2c/stories260K.bin"));
    test::TempDir dir;
    Project p = pipeline::newProject(*in.model, {});
    const std::string plain = dir.file("plain.qbproj");
    writeProject(plain, p, {});
    EXPECT_FALSE(readProject(plain).plan.has_value()); // as projects written before plans were kept

    quant::Plan plan = int4Plan();
    plan.setEntry("output.weight", {.bits = 6});
    p.plan = quant::planJson(plan);
    const std::string withPlan = dir.file("plan.qbproj");
    writeProject(withPlan, p, {});
    const Project back = readProject(withPlan);
    ASSERT_TRUE(back.plan.has_value());
    EXPECT_TRUE(quant::parsePlan(*back.plan, "test") == plan);
    EXPECT_FALSE(back.quantization.has_value());

    // A writer may replace the plan it was given.
    ProjectWriter writer(withPlan, p, {});
    writer.setPlan(quant::planJson(int4Plan()));
    writer.commit();
    EXPECT_EQ(readProject(withPlan).plan, quant::planJson(int4Plan()));
}

} // namespace
} // namespace qb
