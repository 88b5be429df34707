// Peak memory of quantization: a Llama-2-7B-shaped F16 safetensors checkpoint (13.5 GB, sparse:
// holes read as zeros, the first KB of each tensor real values) quantized with RTN W4 g32, three
// ways, each in a child process of its own so each has its own peak RSS (wait4's ru_maxrss):
//   before   as quantizeModel worked before streaming: each weight decoded from the mapping and
//            quantized, its pages left mapped, the layers gathered in a vector, then writeProject:
//            the whole checkpoint and every quantized layer end up resident;
//   collect  quantizeModel's collecting overload (pages released, layers gathered), writeProject;
//   stream   each layer handed to a ProjectWriter as it finishes, each weight's mapped pages
//            released once decoded: the peak is a few layers plus a fixed margin.
//   pipeline what `quantize` runs end to end (pipeline::quantizeToFile): open, hash, quantize into
//            the project file as layers finish.
// A last child hashes the checkpoint alone (modelHash, as `quantize` records it in the project).
//   bench_quantize_memory [--small] [--dir DIR] [--fill-kb N]
//   bench_quantize_memory [--small] [--fill-kb N] --generate FOLDER
// --small runs a quarter-width, 4-layer shape in seconds. The checkpoint and outputs are deleted;
// --generate only writes the checkpoint folder and keeps it (for `/usr/bin/time quantbench-cli
// quantize FOLDER --bits 4 --group 32 --out x.qbproj`).
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/formats/model_hash.h"
#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/quant/rtn.h"
#include "core/quant/weight_matrix.h"
#include "core/util/error.h"
#include "bench_support.h"
#include "child_peak.h"
#include "llama_checkpoint.h"

namespace {

namespace fs = std::filesystem;

using Outcome = qb::bench::ChildOutcome;
using qb::bench::inChild;

// The project quantize writes, without its layers: the model and an RTN W4 g32 quantization.
qb::Project header(const std::string& model, const qb::quant::Plan& plan) {
    qb::Project p;
    p.modelPath = model;
    p.modelHash = "fnv1a64:0000000000000000"; // hashing is measured on its own
    p.quantization = qb::ProjectQuantization{qb::quant::planJson(plan), "rtn", {}};
    return p;
}

qb::quant::Plan rtnW4g32() {
    qb::quant::PlanSettings s;
    s.bits = 4;
    s.group = 32;
    s.symmetric = true;
    return qb::quant::uniformPlan(s);
}

// The loop quantizeModel ran for an RTN plan before it streamed: nothing released.
uint64_t beforeStreaming(const std::string& model, const std::string& out) {
    const qb::Model m = qb::openModel(model);
    const auto plan = rtnW4g32();
    qb::Project p = header(model, plan);
    for (const qb::quant::LayerPlan& lp : qb::quant::resolvePlan(plan, m, "--bits")) {
        const qb::quant::WeightMatrix w = qb::quant::weightMatrix(*m.find(lp.name));
        qb::quant::QuantizedLayer q;
        q.name = lp.name;
        q.method = "rtn";
        q.weight = qb::quant::quantizeRtn(*lp.scheme, w.values, w.rows, w.cols, lp.name);
        p.quantization->layers.push_back(std::move(q));
    }
    qb::writeProject(out, p);
    return p.quantization->layers.size();
}

uint64_t collectThenWrite(const std::string& model, const std::string& out) {
    const qb::Model m = qb::openModel(model);
    const auto plan = rtnW4g32();
    const auto layers = qb::quant::resolvePlan(plan, m, "--bits");
    qb::Project p = header(model, plan);
    p.quantization->layers = qb::quant::quantizeModel(m, layers, {});
    qb::writeProject(out, p);
    return p.quantization->layers.size();
}

uint64_t streamToWriter(const std::string& model, const std::string& out) {
    const qb::Model m = qb::openModel(model);
    const auto plan = rtnW4g32();
    const auto layers = qb::quant::resolvePlan(plan, m, "--bits");
    qb::ProjectWriter w(out, header(model, plan));
    qb::quant::quantizeModel(m, layers, {}, w.sink());
    w.commit();
    return w.layerCount();
}

// What `quantbench-cli quantize` runs: open, hash, resolve, quantize straight into the project file.
uint64_t pipelineToFile(const std::string& model, const std::string& out) {
    qb::pipeline::QuantizeRequest request;
    request.plan = rtnW4g32();
    request.planSource = "--bits";
    const qb::pipeline::OpenedInput in = qb::pipeline::openInput(model);
    return qb::pipeline::quantizeToFile(in.model, std::nullopt, request, out, {}).quantizedLayers;
}

double gb(double kb) { return qb::bench::kbToGb(kb); }

void print(const char* what, const Outcome& o, const std::string& out) {
    if (!o.ok) {
        std::printf("%-8s failed: %s\n", what, o.error);
        return;
    }
    std::printf("%-8s peak RSS %8.3f GB  %7.1f s  %llu layers  output %.3f GB\n", what, gb(double(o.peakKb)), o.seconds,
                static_cast<unsigned long long>(o.value), double(qb::bench::outputBytes(out)) / 1e9);
}

} // namespace

int main(int argc, char** argv) {
    qb::bench::LlamaShape shape = qb::bench::LlamaShape::llama2_7b();
    std::string where = "/tmp";
    uint64_t fillKb = 64;
    std::string generate;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--small") shape = qb::bench::LlamaShape::small();
        else if (a == "--dir" && i + 1 < argc) where = argv[++i];
        else if (a == "--fill-kb" && i + 1 < argc) fillKb = std::stoull(argv[++i]);
        else if (a == "--generate" && i + 1 < argc) generate = argv[++i];
        else {
            std::fprintf(stderr, "usage: %s [--small] [--dir DIR] [--fill-kb N] [--generate FOLDER]\n", argv[0]);
            return 2;
        }
    }
    if (!generate.empty()) {
        try {
            fs::create_directories(generate);
            const uint64_t size = qb::bench::writeLlamaFolder(generate, shape, fillKb * 1024);
            std::printf("%s: %.2f GB F16 (sparse)\n", generate.c_str(), double(size) / 1e9);
            return 0;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "error: %s\n", e.what());
            return 1;
        }
    }
    int rc = 0;
    try {
        const qb::bench::ScratchDir scratch(where, "qb-quantize-memory");
        const std::string dir = scratch.path().string();
        const std::string model = dir + "/model";
        fs::create_directories(model);
        const uint64_t size = qb::bench::writeLlamaFolder(model, shape, fillKb * 1024);
        // The largest layer decoded to f32 bounds what streaming holds at once.
        const double largestF32 = double(std::max(shape.vocab, shape.ffn) * shape.dim) * 4;
        std::printf("checkpoint  %s: hidden %lld, ffn %lld, %lld layers, vocab %lld; %.2f GB F16 (sparse, %llu KB real per tensor)\n",
                    model.c_str(), static_cast<long long>(shape.dim), static_cast<long long>(shape.ffn),
                    static_cast<long long>(shape.layers), static_cast<long long>(shape.vocab), double(size) / 1e9,
                    static_cast<unsigned long long>(fillKb));
        std::printf("scheme      RTN W4 g32 symmetric; largest layer as f32: %.3f GB\n", largestF32 / 1e9);

        const std::string out0 = dir + "/before.qbproj", outA = dir + "/collect.qbproj", outB = dir + "/stream.qbproj";
        const Outcome before = inChild([&] { return beforeStreaming(model, out0); });
        print("before", before, out0);
        fs::remove(out0);
        const Outcome a = inChild([&] { return collectThenWrite(model, outA); });
        print("collect", a, outA);
        fs::remove(outA);
        const Outcome b = inChild([&] { return streamToWriter(model, outB); });
        print("stream", b, outB);
        fs::remove(outB);
        const std::string outP = dir + "/pipeline.qbproj";
        const Outcome pl = inChild([&] { return pipelineToFile(model, outP); });
        print("pipeline", pl, outP);
        fs::remove(outP);
        const Outcome h = inChild([&] { return uint64_t(qb::modelHash(model).size()); });
        if (h.ok) std::printf("%-8s peak RSS %8.3f GB  %7.1f s  (modelHash of the folder, for reference)\n", "hash", gb(double(h.peakKb)), h.seconds);
        else std::printf("hash     failed: %s\n", h.error);
        if (before.ok && a.ok && b.ok && pl.ok) {
            std::printf("ratio       before / stream peak RSS: %.1fx; collect / stream: %.1fx; before / pipeline: %.1fx\n",
                        double(before.peakKb) / double(b.peakKb), double(a.peakKb) / double(b.peakKb),
                        double(before.peakKb) / double(pl.peakKb));
            const bool under = gb(double(b.peakKb)) < 1.5 && gb(double(pl.peakKb)) < 1.5;
            std::printf("target      stream and pipeline under 1.5 GB: %s\n", under ? "yes" : "NO");
        } else {
            rc = 1;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        rc = 1;
    }
    return rc;
}
