// The integer kernels in the transformer, end to end: stories260K exported as Q8_0 and Q4_0 GGUF,
// perplexity on 20 windows of 256 tokens of the TinyStories excerpt with the integer kernels (the
// default) and with the f32 path (the same weights decoded, inputs unquantized). Measured:
// Q8_0 4.4712 vs 4.4705 (+0.015%), Q4_0 4.9461 vs 4.9458 (+0.007%); llama.cpp's perplexity on the
// same files is compared in tests/llamacpp. The quantized project itself (applyQuantized) runs on the
// same kernels with the same result.
#include <cstdio>
#include <memory>

#include "core/datasets/text_dataset.h"
#include "core/eval/perplexity.h"
#include "core/formats/model_reader.h"
#include "core/llm/transformer.h"
#include "core/pipeline/export.h"
#include "core/quant/apply_quantized.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "test_support.h"

namespace qb {
namespace {

TEST(LlmIntPerplexity, IntegerKernelsStayWithinAThousandthOfTheF32PathForFilesAndProjects) {
    const std::string source = test::model("gguf/stories260K.gguf");
    const auto model = std::make_shared<const Model>(openModel(source));
    const BpeTokenizer tok = loadTokenizer(*model);
    std::vector<int32_t> tokens =
        loadTextDataset(test::shared("data/tinystories/TinyStories-validation-excerpt.txt"), tok).tokens;
    tokens.resize(1 + 20 * 255);
    for (const char* type : {"q8_0", "q4_0"}) {
        const std::string planJson = std::string(R"({"default": ")") + type + "\"}";
        Project project;
        project.modelPath = source;
        const auto plan = quant::resolvePlan(quant::parsePlan(planJson, "plan"), *model, "plan");
        project.quantization = ProjectQuantization{planJson, "rtn", quant::quantizeModel(*model, plan, {})};
        test::TempDir dir;
        const std::string out = dir.file("export.gguf");
        pipeline::exportProject(exporters::ExportFormat::Gguf, model, project, out, {});

        const Model exported = openModel(out);
        size_t blockTensors = 0; // q8_0/q4_0 everywhere but where rows of 172 (ffn_down) are no whole blocks
        for (const TensorEntry& e : exported.tensors) blockTensors += e.dtype == DType::Q8_0 || e.dtype == DType::Q4_0;
        Transformer t(exported);
        EXPECT_GT(blockTensors, 20u);
        EXPECT_EQ(t.blockMatrices(), blockTensors);
        const double integer = evaluatePerplexity(t, tokens, tok.bos(), {.context = 256}).perplexity;
        t.setIntegerMatmuls(false);
        const double f32 = evaluatePerplexity(t, tokens, tok.bos(), {.context = 256}).perplexity;
        std::printf("[ %s ] perplexity, 20 windows of 256: integer kernels %.5f, f32 path %.5f (%+.4f%%)\n", type,
                    integer, f32, 100 * (integer / f32 - 1));
        EXPECT_NE(integer, f32); // the inputs were quantized
        EXPECT_NEAR(integer, f32, 0.001 * f32);

        // The quantized project as evaluation runs it keeps the same blocks: the same kernels, the same perplexity.
        Transformer fromProject(quant::quantizedModel(*model, project.quantization->layers).model);
        EXPECT_EQ(fromProject.blockMatrices(), blockTensors);
        EXPECT_EQ(evaluatePerplexity(fromProject, tokens, tok.bos(), {.context = 256}).perplexity, integer);
    }
}

} // namespace
} // namespace qb
