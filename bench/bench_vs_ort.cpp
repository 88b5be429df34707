// fp32 throughput of our engine against ONNX Runtime (npm onnxruntime-node, run by
// tests/ort/ort_run.js in a node child process) on the shared ONNX models, with the same inputs,
// batch and thread count (2 and 1), measured in the same run. The machine is shared and noisy,
// so the two sides alternate in rounds and each side keeps its best round's median.
//
//   bench_vs_ort [--seconds S] [--threads 2,1] [model-file-substring...]
// Needs node and `npm ci --ignore-scripts` at the repository top (bench/bench_vs_ort.sh does it).
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "bench_support.h"
#include "core/engine/graph_executor.h"
#include "core/formats/onnx_reader.h"
#include "core/util/parallel.h"
#include "ort_timing.h"
#include "tests/ort/model_inputs.h"

namespace {

using namespace qb::ortref;
using namespace qb::bench;


struct Config {
    std::string file;
    InputSize size;
};

// Batch 1 (latency) and a larger batch (throughput) where the graph allows it.
const std::vector<Config> kConfigs = {
    {"mnist-8.onnx", {1}},
    {"mnist-12.onnx", {1}},
    {"fashion_mnist_cnn.onnx", {1}},
    {"fashion_mnist_cnn.onnx", {64}},
    {"squeezenet_cifar10.onnx", {1}},
    {"squeezenet_cifar10.onnx", {32}},
    {"ch_ppocr_mobile_v2.0_cls_infer.onnx", {1}},
    {"ch_ppocr_mobile_v2.0_cls_infer.onnx", {16}},
    {"ch_PP-OCRv4_det_infer.onnx", {1, 0, 320, 320}},
};

} // namespace

int main(int argc, char** argv) {
    const OrtBenchOptions o = parseOrtBenchOptions(argc, argv);
    const std::string shared = ortSharedDir();
    const ImageSets images{qb::readIdxDataset(shared + "/data/mnist"), qb::readIdxDataset(shared + "/data/fashion-mnist")};
    const qb::bench::ScratchDir scratch(std::filesystem::temp_directory_path(), "qb-bench-ort");
    const std::filesystem::path& work = scratch.path();
    int below = 0;
    std::printf("%-36s %-16s %3s %10s %10s %9s\n", "model", "input", "thr", "ours ms", "ORT ms", "ours/ORT");
    try {
        for (const auto& cfg : kConfigs) {
            if (!o.wants(cfg.file)) continue;
            const std::string path = shared + "/models/onnx/" + cfg.file;
            const qb::Model model = qb::readOnnx(path);
            for (const int t : o.threads) {
                qb::setThreadCount(t); // before the plan is built: oneDNN sizes its kernels by the team
                qb::engine::Executor ex(model);
                auto inputs = modelInputs(cfg.file, ex.inputs()[0].name, images, cfg.size);
                const std::string shape = qb::engine::shapeText(inputs[0].tensor.shape);
                const SideBySide s = timeSideBySide(ex, std::move(inputs), path, t, o.budget, work);
                const double ratio = s.ort / s.ours; // throughput ratio: same work per run on both sides
                below += ratio < 1.0;
                std::printf("%-36s %-16s %3d %10.3f %10.3f %8.2fx%s\n", cfg.file.c_str(), shape.c_str(), t,
                            s.ours * 1e3, s.ort * 1e3, ratio, ratio >= 1.0 ? "" : "  [below 1.0]");
                std::fflush(stdout);
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    }
    std::printf("%d configuration(s) below 1.0x\n", below);
    return 0;
}
