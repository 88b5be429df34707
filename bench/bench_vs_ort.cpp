// fp32 throughput of our engine against ONNX Runtime (npm onnxruntime-node, run by
// tests/ort/ort_run.js in a node child process) on the shared ONNX models, with the same inputs,
// batch and thread count (2 and 1), measured in the same run. The machine is shared and noisy,
// so the two sides alternate in rounds and each side keeps its best round's median.
//
//   bench_vs_ort [--seconds S] [--threads 2,1] [model-file-substring...]
// Needs node and `npm ci --ignore-scripts` at the repository top (bench/bench_vs_ort.sh does it).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

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
    double budget = 0.5; // seconds per side per round
    std::vector<int> threads = {2, 1};
    std::vector<std::string> filters;
    for (int k = 1; k < argc; ++k) {
        const std::string a = argv[k];
        if (a == "--seconds" && k + 1 < argc) budget = std::atof(argv[++k]);
        else if (a == "--threads" && k + 1 < argc) threads = intList(argv[++k]);
        else filters.push_back(a);
    }
    const std::string shared = ortSharedDir(), script = repositoryRoot() + "/tests/ort/ort_run.js";
    const ImageSets images{qb::readIdxDataset(shared + "/data/mnist"), qb::readIdxDataset(shared + "/data/fashion-mnist")};
    constexpr int kRounds = 3;
    const auto work = std::filesystem::temp_directory_path() / ("qb-bench-ort-" + std::to_string(::getpid()));
    std::filesystem::create_directories(work);
    int below = 0;
    std::printf("%-36s %-16s %3s %10s %10s %9s\n", "model", "input", "thr", "ours ms", "ORT ms", "ours/ORT");
    try {
        for (const auto& cfg : kConfigs) {
            if (!filters.empty() &&
                std::none_of(filters.begin(), filters.end(),
                             [&](const std::string& f) { return cfg.file.find(f) != std::string::npos; }))
                continue;
            const std::string path = shared + "/models/onnx/" + cfg.file;
            const qb::Model model = qb::readOnnx(path);
            for (const int t : threads) {
                qb::setThreadCount(t); // before the plan is built: oneDNN sizes its kernels by the team
                qb::engine::Executor ex(model);
                auto inputs = modelInputs(cfg.file, ex.inputs()[0].name, images, cfg.size);
                const std::vector<qb::engine::Tensor> in{inputs[0].tensor};
                // Size the loops from one run so that each side takes about `budget` seconds a round.
                const double once = timeOurs(ex, in, 1, 1);
                const int iterations = std::clamp(int(budget / std::max(once, 1e-6)), 5, 2000);
                const int warmup = std::max(2, iterations / 10);
                OrtRequest req;
                req.model = path;
                req.threads = t;
                req.warmup = warmup;
                req.iterations = iterations;
                req.keepOutputs = false;
                req.cases.push_back(std::move(inputs));
                double ours = 1e30, ort = 1e30;
                for (int r = 0; r < kRounds; ++r) {
                    ours = std::min(ours, timeOurs(ex, in, warmup, iterations));
                    ort = std::min(ort, median(runOrt(nodeProgram(), script, req, work).at(0).seconds));
                }
                const double ratio = ort / ours; // throughput ratio: same work per run on both sides
                below += ratio < 1.0;
                std::printf("%-36s %-16s %3d %10.3f %10.3f %8.2fx%s\n", cfg.file.c_str(),
                            qb::engine::shapeText(in[0].shape).c_str(), t, ours * 1e3, ort * 1e3, ratio,
                            ratio >= 1.0 ? "" : "  [below 1.0]");
                std::fflush(stdout);
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        std::filesystem::remove_all(work);
        return 2;
    }
    std::filesystem::remove_all(work);
    std::printf("%d configuration(s) below 1.0x\n", below);
    return 0;
}
