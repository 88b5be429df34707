// Every export of the shared models against the size its pre-export check predicted: within 1%
// (measured: exact for every format), and the prediction the check shows equals the one the
// export reports. GGUF and GPTQ lay their files out before writing; the ONNX prediction is the
// built graph's serialized size; the HDF5 one is the archive's layout written without data.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/formats/model_reader.h"
#include "core/pipeline/export.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "test_support.h"

namespace qb {
namespace {

using exporters::ExportFormat;

struct Case {
    const char* model;   ///< under the shared models folder
    const char* plan;    ///< plan JSON
    ExportFormat format;
};

// The GPTQ plans keep stories260K's embeddings and FFN in fp16, as the GPTQ export tests do.
const Case kCases[] = {
    {"llama2c/stories260K.bin", R"({"default": "q8_0"})", ExportFormat::Gguf},
    {"llama2c/stories260K.bin", R"({"default": "q4_k"})", ExportFormat::Gguf},
    {"gguf/stories260K.gguf", R"({"default": "q4_0"})", ExportFormat::Gguf},
    {"gguf/stories260K.gguf",
     R"({"default": {"bits": 4, "group": 32, "symmetric": false}, "layers": {"blk.*.ffn_down.weight": "fp16"}})",
     ExportFormat::Gguf},
    {"llama2c/stories260K.bin",
     R"({"default": {"bits": 4, "group": 32}, "layers": {"token_embd.weight": "fp16", "blk.*.ffn_*": "fp16"}})",
     ExportFormat::GptqSafetensors},
    {"gguf/stories260K.gguf",
     R"({"default": {"bits": 8}, "layers": {"token_embd.weight": "fp16", "output.weight": "fp16", "blk.*.ffn_*": "fp16"}})",
     ExportFormat::GptqSafetensors},
    {"llama2c/stories260K.bin", R"({"default": {"bits": 4, "group": 32, "symmetric": false}})", ExportFormat::Hdf5},
    {"gguf/stories260K.gguf", R"({"default": "q4_0"})", ExportFormat::Hdf5},
    {"onnx/mnist-12.onnx", R"({"default": {"bits": 8}})", ExportFormat::OnnxQdq},
    {"onnx/mnist-8.onnx", R"({"default": {"bits": 8}})", ExportFormat::OnnxQdq},
    {"onnx/fashion_mnist_cnn.onnx", R"({"default": {"bits": 4, "group": 32}})", ExportFormat::OnnxQdq},
    {"onnx/squeezenet_cifar10.onnx", R"({"default": {"bits": 4, "group": 32}})", ExportFormat::OnnxQdq},
    {"onnx/squeezenet_cifar10.onnx", R"({"default": {"bits": 3, "symmetric": false}})", ExportFormat::OnnxQdq},
    {"onnx/ch_ppocr_mobile_v2.0_cls_infer.onnx", R"({"default": {"bits": 8}})", ExportFormat::OnnxQdq},
    {"onnx/ch_PP-OCRv4_det_infer.onnx", R"({"default": {"bits": 4, "group": 32}})", ExportFormat::OnnxQdq},
    {"onnx/squeezenet_cifar10.onnx", R"({"default": {"bits": 8}})", ExportFormat::Hdf5},
    {"keras/mnist_cnn.h5", R"({"default": {"bits": 4, "group": 32}})", ExportFormat::Hdf5},
    // 8-bit group scales go out as their values (fp16 in GPTQ, f32 in QDQ and HDF5).
    {"llama2c/stories260K.bin",
     R"({"default": {"bits": 4, "group": 32, "scale_bits": 8}, "layers": {"token_embd.weight": "fp16", "blk.*.ffn_*": "fp16"}})",
     ExportFormat::GptqSafetensors},
    {"llama2c/stories260K.bin", R"({"default": {"bits": 4, "group": 32, "symmetric": false, "scale_bits": 8}})", ExportFormat::Hdf5},
    {"onnx/fashion_mnist_cnn.onnx", R"({"default": {"bits": 4, "group": 32, "scale_bits": 8}})", ExportFormat::OnnxQdq},
};

TEST(ExportPrediction, EveryExportOfTheSharedModelsIsWithinOnePercentOfItsPrediction) {
    test::TempDir dir;
    int k = 0;
    for (const Case& c : kCases) {
        const std::string name = std::string(c.model) + " " + exporters::formatName(c.format) + " " + c.plan;
        SCOPED_TRACE(name);
        const auto model = std::make_shared<const Model>(openModel(test::model(c.model)));
        Project p;
        p.modelPath = model->path;
        const auto layers = quant::resolvePlan(quant::parsePlan(c.plan, "plan"), *model, "plan");
        p.quantization = ProjectQuantization{c.plan, "rtn", quant::quantizeModel(*model, layers, {})};

        const exporters::ExportCheck check = pipeline::checkExport(c.format, *model, p);
        ASSERT_TRUE(check.problems.empty()) << check.problems.front();
        ASSERT_GT(check.predictedBytes, 0u);
        EXPECT_EQ(pipeline::predictedExportBytes(c.format, *model, p), check.predictedBytes);
        const std::string out = dir.file("export-" + std::to_string(k++));
        const exporters::ExportResult r = pipeline::exportProject(c.format, model, p, out, {});
        const std::string written = c.format == ExportFormat::GptqSafetensors ? out + "/model.safetensors" : out;
        const uint64_t size = std::filesystem::file_size(written);
        EXPECT_EQ(r.sizeBytes, size);
        EXPECT_EQ(r.predictedBytes, check.predictedBytes);
        const uint64_t weights = quant::quantizedSize(p.quantization->layers).bytes;
        const double off = (double(size) - double(check.predictedBytes)) / double(check.predictedBytes);
        std::printf("[ %s ] file %llu bytes, predicted %llu (%+.3f%%); quantized weights %llu bytes\n", name.c_str(),
                    (unsigned long long)size, (unsigned long long)check.predictedBytes, 100.0 * off,
                    (unsigned long long)weights);
        EXPECT_LE(std::abs(off), 0.01);
    }
}

} // namespace
} // namespace qb
