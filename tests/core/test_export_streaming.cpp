// Exports read from the project file one layer at a time (pipeline::exportProjectFile, what the
// CLI runs): the same bytes as the export of the project held in memory, each layer read once
// when written (once more during planning only where the check needs the codes), and the
// ProjectLayerReader's layout and bytes against readProject.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/exporters/gguf_export.h"
#include "core/exporters/gptq_safetensors_export.h"
#include "core/exporters/hdf5_archive_export.h"
#include "core/exporters/layer_source.h"
#include "core/formats/model_hash.h"
#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/pipeline/export.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"
#include "test_support.h"

namespace qb {
namespace {

namespace fs = std::filesystem;
using exporters::ExportFormat;
using exporters::LayerSource;

const std::string kBin = test::model("llama2c/stories260K.bin");

// stories260K quantized by `planJson` and written to `path`; the project in memory is returned.
Project writeStoriesProject(const std::string& path, const std::string& planJson) {
    const Model m = openModel(kBin);
    Project p;
    p.modelPath = kBin;
    p.modelHash = modelHash(kBin);
    const auto layers = quant::resolvePlan(quant::parsePlan(planJson, "plan"), m, "plan");
    p.quantization = ProjectQuantization{planJson, "rtn", quant::quantizeModel(m, layers, {})};
    writeProject(path, p);
    return p;
}

std::string planOf(bool symmetric) {
    return std::string(R"({"default": {"bits": 4, "group": 32, "method": "rtn", "symmetric": )") +
           (symmetric ? "true" : "false") + R"(}, "layers": {"token_embd.weight": "fp16", "blk.*.ffn_*": "fp16"}})";
}

TEST(ExportStreaming, LayerReaderHoldsTheLayoutAndReadsEachLayersBytes) {
    test::TempDir dir;
    const std::string path = dir.file("p.qbproj");
    writeStoriesProject(path, planOf(false));
    const Project whole = readProject(path);
    const ProjectLayerReader reader(path);
    const auto& lazy = reader.project().quantization->layers;
    ASSERT_EQ(lazy.size(), whole.quantization->layers.size());
    ASSERT_GT(lazy.size(), 10u);
    for (size_t k = 0; k < lazy.size(); ++k) {
        const auto& w = whole.quantization->layers[k];
        EXPECT_EQ(lazy[k].name, w.name);
        EXPECT_EQ(lazy[k].weight.scheme, w.weight.scheme);
        EXPECT_EQ(lazy[k].weight.rows, w.weight.rows);
        EXPECT_TRUE(lazy[k].weight.bytes.empty()) << lazy[k].name;
        EXPECT_EQ(reader.weightBytes(k), w.weight.bytes) << w.name;
    }
    EXPECT_THROW(reader.weightBytes(lazy.size()), Error);
}

// Every quantized layer read through a counting reader: how often, and never two at once.
struct CountingSource {
    const ProjectLayerReader& reader;
    std::map<size_t, int> reads;
    LayerSource source() {
        return LayerSource(reader.project(), [this](size_t k) {
            ++reads[k];
            return reader.weightBytes(k);
        });
    }
};

TEST(ExportStreaming, FileExportsEqualInMemoryExportsAndReadEachLayerOnce) {
    test::TempDir dir;
    for (const bool symmetric : {true, false}) {
        SCOPED_TRACE(symmetric ? "int4_g32_sym" : "int4_g32_asym");
        const std::string path = dir.file(symmetric ? "sym.qbproj" : "asym.qbproj");
        const Project p = writeStoriesProject(path, planOf(symmetric));
        const auto model = std::make_shared<const Model>(openModel(kBin));
        const size_t n = p.quantization->layers.size();

        // GGUF (Q4_0 / Q4_1): byte for byte the in-memory export.
        const std::string a = dir.file("mem.gguf"), b = dir.file("file.gguf");
        pipeline::exportProject(ExportFormat::Gguf, model, p, a, {});
        const auto r = pipeline::exportProjectFile(ExportFormat::Gguf, path, b, {});
        EXPECT_EQ(r.layers, n);
        EXPECT_EQ(test::readAll(a), test::readAll(b));

        const ProjectLayerReader reader(path);
        {
            CountingSource c{reader, {}};
            exporters::writeGguf(*model, c.source(), dir.file("counted.gguf"));
            ASSERT_EQ(c.reads.size(), n);
            // Asymmetric layers are read once more while planning: the check looks at their minimums.
            for (const auto& [k, times] : c.reads) {
                const bool integer = p.quantization->layers[k].weight.scheme->kind == quant::SchemeKind::Integer;
                EXPECT_EQ(times, integer && !symmetric ? 2 : 1) << k;
            }
        }
        // GPTQ: four tensors per layer from one read.
        const std::string ga = dir.file("mem-gptq"), gb = dir.file("file-gptq");
        pipeline::exportProject(ExportFormat::GptqSafetensors, model, p, ga, {});
        pipeline::exportProjectFile(ExportFormat::GptqSafetensors, path, gb, {});
        EXPECT_EQ(test::readAll(ga + "/model.safetensors"), test::readAll(gb + "/model.safetensors"));
        EXPECT_EQ(test::readAll(ga + "/config.json"), test::readAll(gb + "/config.json"));
        {
            // The fp16 layers are written from the model's own weights, as GPTQ keeps them in float.
            size_t integer = 0;
            for (const auto& l : p.quantization->layers) integer += l.weight.scheme->kind == quant::SchemeKind::Integer;
            ASSERT_GT(integer, 10u);
            CountingSource c{reader, {}};
            exporters::writeGptqSafetensors(*model, c.source(), dir.file("counted-gptq"));
            ASSERT_EQ(c.reads.size(), integer);
            for (const auto& [k, times] : c.reads) EXPECT_EQ(times, symmetric ? 1 : 2) << k;
        }
        // HDF5: object headers carry times, so the same size and every layer once.
        const std::string ha = dir.file("mem.h5"), hb = dir.file("file.h5");
        pipeline::exportProject(ExportFormat::Hdf5, model, p, ha, {});
        pipeline::exportProjectFile(ExportFormat::Hdf5, path, hb, {});
        EXPECT_EQ(fs::file_size(ha), fs::file_size(hb));
        {
            CountingSource c{reader, {}};
            exporters::writeHdf5Archive(*model, c.source(), dir.file("counted.h5"));
            ASSERT_EQ(c.reads.size(), n);
            for (const auto& [k, times] : c.reads) EXPECT_EQ(times, 1) << k;
        }
    }
}

TEST(ExportStreaming, OnnxFromTheFileEqualsTheInMemoryExport) {
    test::TempDir dir;
    const std::string modelPath = test::model("onnx/mnist-12.onnx");
    const auto model = std::make_shared<const Model>(openModel(modelPath));
    const std::string planJson = R"({"default": {"bits": 8, "method": "rtn"}})";
    Project p;
    p.modelPath = modelPath;
    p.modelHash = modelHash(modelPath);
    p.quantization = ProjectQuantization{
        planJson, "rtn", quant::quantizeModel(*model, quant::resolvePlan(quant::parsePlan(planJson, "plan"), *model, "plan"), {})};
    const std::string path = dir.file("mnist.qbproj");
    writeProject(path, p);
    const std::string a = dir.file("mem.onnx"), b = dir.file("file.onnx");
    pipeline::exportProject(ExportFormat::OnnxQdq, model, p, a, {});
    const auto r = pipeline::exportProjectFile(ExportFormat::OnnxQdq, path, b, {});
    EXPECT_EQ(r.layers, p.quantization->layers.size());
    EXPECT_EQ(test::readAll(a), test::readAll(b));
}

TEST(ExportStreaming, ChangedModelIsRefusedBeforeAnythingIsWritten) {
    test::TempDir dir;
    const std::string copy = dir.file("stories.bin");
    fs::copy_file(kBin, copy);
    const Model m = openModel(copy);
    const std::string planJson = planOf(true);
    Project p;
    p.modelPath = copy;
    p.modelHash = modelHash(copy);
    p.quantization = ProjectQuantization{
        planJson, "rtn", quant::quantizeModel(m, quant::resolvePlan(quant::parsePlan(planJson, "plan"), m, "plan"), {})};
    const std::string path = dir.file("p.qbproj");
    writeProject(path, p);
    { // one byte of the model changes
        auto bytes = test::readAll(copy);
        bytes[bytes.size() / 2] ^= 1;
        test::writeAll(copy, bytes);
    }
    const std::string out = dir.file("out.gguf");
    try {
        pipeline::exportProjectFile(ExportFormat::Gguf, path, out, {});
        ADD_FAILURE() << "a changed model was exported";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("changed"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(out));
}

} // namespace
} // namespace qb
