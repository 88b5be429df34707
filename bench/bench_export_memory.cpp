// Peak memory of export: the Llama-2-7B-shaped F16 safetensors checkpoint of
// bench_quantize_memory (13.5 GB, sparse) with a stand-in tokenizer.json, quantized with RTN W4
// g32 symmetric into a project file as `quantize` writes it (pipeline::quantizeToFile), the
// embeddings and lm_head kept in fp16 (GPTQ readers keep them in float), then exported, each run
// in a child process of its own so each has its own peak RSS (wait4's ru_maxrss):
//   gguf        what `export --format gguf` runs (pipeline::exportProjectFile): the quantized
//               layers read from the project file one at a time, int4_g32_sym re-encoded as Q4_0;
//   gptq        the same as GPTQ safetensors (qweight/qzeros/scales/g_idx per layer);
//   gguf-whole  as `export` worked before: the whole project read (openInput), then exportProject.
//   bench_export_memory [--small] [--dir DIR] [--fill-kb N] [--skip-whole] [--keep]
//   bench_export_memory --reuse DIR [--skip-whole]
// Measured (2 shared cores, 23 GB RAM; project 4.168 GB): gguf peak RSS 0.550 GB (169 s), gptq
// 0.805 GB (249 s, model.safetensors 4.27 GB), gguf-whole 4.454 GB (146 s); quantize 0.854 GB.
// --small runs a quarter-width, 4-layer shape in seconds. Everything written is deleted at the end
// unless --keep is given; --reuse exports DIR/model.qbproj (of DIR/model) that such a run kept.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "bench_support.h"
#include "child_peak.h"
#include "core/formats/project_file.h"
#include "core/pipeline/export.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/plan.h"
#include "llama_checkpoint.h"

namespace {

namespace fs = std::filesystem;
using qb::bench::ChildOutcome;
using qb::bench::inChild;
using qb::bench::kbToGb;
using qb::exporters::ExportFormat;

constexpr const char* kPlan = R"({"default": {"bits": 4, "group": 32, "symmetric": true, "method": "rtn"},
  "layers": {"model.embed_tokens.weight": "fp16", "lm_head.weight": "fp16"}})";

uint64_t quantize(const std::string& model, const std::string& project) {
    qb::pipeline::QuantizeRequest request;
    request.plan = qb::quant::parsePlan(kPlan, "bench plan");
    request.planSource = "bench plan";
    const qb::pipeline::OpenedInput in = qb::pipeline::openInput(model);
    return qb::pipeline::quantizeToFile(in.model, std::nullopt, request, project, {}).quantizedLayers;
}

uint64_t exportFromFile(ExportFormat format, const std::string& project, const std::string& out) {
    return qb::pipeline::exportProjectFile(format, project, out, {}).sizeBytes;
}

uint64_t exportWhole(ExportFormat format, const std::string& project, const std::string& out) {
    const qb::pipeline::OpenedInput in = qb::pipeline::openInput(project);
    return qb::pipeline::exportProject(format, in.model, *in.project, out, {}).sizeBytes;
}

void print(const char* what, const ChildOutcome& o, uint64_t projectBytes) {
    if (!o.ok) {
        std::printf("%-10s failed: %s\n", what, o.error);
        return;
    }
    const double peak = kbToGb(double(o.peakKb));
    std::printf("%-10s peak RSS %7.3f GB  %7.1f s  output %.3f GB  peak / project %.3f\n", what, peak, o.seconds,
                double(o.value) / 1e9, peak * 1e9 / double(projectBytes));
}

} // namespace

int main(int argc, char** argv) {
    qb::bench::LlamaShape shape = qb::bench::LlamaShape::llama2_7b();
    std::string where = "/tmp";
    uint64_t fillKb = 64;
    bool whole = true, keep = false;
    std::string reuse;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--small") shape = qb::bench::LlamaShape::small();
        else if (a == "--dir" && i + 1 < argc) where = argv[++i];
        else if (a == "--fill-kb" && i + 1 < argc) fillKb = std::stoull(argv[++i]);
        else if (a == "--skip-whole") whole = false;
        else if (a == "--keep") keep = true;
        else if (a == "--reuse" && i + 1 < argc) reuse = argv[++i];
        else {
            std::fprintf(stderr, "usage: %s [--small] [--dir DIR] [--fill-kb N] [--skip-whole] [--keep] [--reuse DIR]\n",
                         argv[0]);
            return 2;
        }
    }
    int rc = 0;
    try {
        const auto scratch = reuse.empty() ? std::make_unique<qb::bench::ScratchDir>(where, "qb-export-memory", keep)
                                           : std::make_unique<qb::bench::ScratchDir>(reuse);
        const std::string dir = scratch->path().string();
        const std::string model = dir + "/model", project = dir + "/model.qbproj";
        if (reuse.empty()) {
            fs::create_directories(model);
            const uint64_t size = qb::bench::writeLlamaFolder(model, shape, fillKb * 1024);
            qb::bench::writeLlamaTokenizer(model, shape.vocab);
            std::printf("checkpoint  %s: hidden %lld, ffn %lld, %lld layers, vocab %lld; %.2f GB F16 (sparse, %llu KB real per tensor)\n",
                        model.c_str(), static_cast<long long>(shape.dim), static_cast<long long>(shape.ffn),
                        static_cast<long long>(shape.layers), static_cast<long long>(shape.vocab), double(size) / 1e9,
                        static_cast<unsigned long long>(fillKb));
            const ChildOutcome q = inChild([&] { return quantize(model, project); });
            if (!q.ok) throw qb::Error(project, std::string("quantize failed: ") + q.error);
            std::printf("project     RTN W4 g32 symmetric, embeddings and lm_head fp16: %llu layers (quantize: peak RSS "
                        "%.3f GB, %.1f s)\n",
                        static_cast<unsigned long long>(q.value), kbToGb(double(q.peakKb)), q.seconds);
        }
        const uint64_t projectBytes = qb::bench::outputBytes(project);
        std::printf("project     %s: %.3f GB\n", project.c_str(), double(projectBytes) / 1e9);

        struct Run { const char* name; ExportFormat format; bool fromFile; const char* out; };
        const Run runs[] = {{"gguf", ExportFormat::Gguf, true, "/out.gguf"},
                            {"gptq", ExportFormat::GptqSafetensors, true, "/out-gptq"},
                            {"gguf-whole", ExportFormat::Gguf, false, "/whole.gguf"}};
        long streamedPeakKb = 0;
        for (const Run& r : runs) {
            if (!r.fromFile && !whole) continue;
            const std::string out = dir + r.out;
            const ChildOutcome o = inChild([&] {
                return r.fromFile ? exportFromFile(r.format, project, out) : exportWhole(r.format, project, out);
            });
            print(r.name, o, projectBytes);
            if (!o.ok) rc = 1;
            if (r.fromFile) streamedPeakKb = std::max(streamedPeakKb, o.peakKb);
            qb::bench::removeOutput(out);
        }
        const double peak = kbToGb(double(streamedPeakKb));
        std::printf("target      layer-by-layer exports under 2 GB: %s (largest peak %.3f GB, project %.3f GB)\n",
                    peak < 2.0 ? "yes" : "NO", peak, double(projectBytes) / 1e9);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        rc = 1;
    }
    return rc;
}
