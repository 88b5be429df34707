// W8A8 throughput over fp32 on the shared CNNs, both measured in the same run on the same inputs:
// every Conv/Gemm/MatMul and patch ConvTranspose whose weight is a model tensor runs on oneDNN's
// int8 kernels (RTN int8_channel_sym weights, a static activation grid from the input range seen
// on the benchmark batch), everything else stays fp32. The two sides alternate in rounds; each
// keeps its best round's median. Target: at least 1.8x (../shared/STACK.md measured about 2x for big int8 convs).
//   bench_int8 [--threads N] [--no-chain] [--batch N] [model-file-substring...]
// --no-chain: every int8 layer quantizes its f32 input itself (Int8Options::chain off).
// chained: int8 Convs writing their readers' codes; codes: Concat/Mul/Add nodes joining or writing codes.
// --batch N: every model but mnist-12 (whose Reshape fixes batch 1) at batch N.
// --profile: then each node's fastest run in fp32 and W8A8 (Executor::setProfiling), slowest
// W8A8 first, with its kernels and precisions: where the int8 graph loses.
// Times are wall and process CPU (the machine is shared: CPU time is what a busy core leaves alone).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "bench_support.h"
#include "core/quant/rtn.h"
#include "core/engine/graph_executor.h"
#include "core/engine/graph_fusion.h"
#include "core/formats/onnx_reader.h"
#include "core/quant/quantize_model.h"
#include "core/quant/weight_matrix.h"
#include "core/util/parallel.h"
#include "tests/ort/model_inputs.h"

namespace {

using qb::bench::cpuSeconds;

using qb::engine::Executor;
using qb::engine::Tensor;

struct Config {
    std::string file;
    qb::ortref::InputSize size;
};

const std::vector<Config> kConfigs = {
    {"mnist-12.onnx", {1}}, // its Reshape fixes batch 1
    {"fashion_mnist_cnn.onnx", {64}},
    {"squeezenet_cifar10.onnx", {32}},
    {"ch_ppocr_mobile_v2.0_cls_infer.onnx", {16}},
    {"ch_PP-OCRv4_det_infer.onnx", {1, 0, 320, 320}},
};

struct Timing {
    double wall = 1e30, cpu = 1e30; // medians of a round's runs
};

Timing medianSeconds(Executor& ex, const std::vector<Tensor>& in, int iterations) {
    std::vector<double> wall, cpu;
    for (int k = 0; k < iterations; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpuSeconds();
        ex.run(in);
        cpu.push_back(cpuSeconds() - c0);
        wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

// Each node's fastest run over `runs` runs in both graphs, the W8A8 graph's slowest first.
void printProfile(Executor& fp, Executor& q, const std::vector<Tensor>& in, int runs) {
    std::map<std::string, qb::engine::NodeProfile> f32;
    fp.setProfiling(true);
    for (int k = 0; k < runs; ++k) fp.run(in);
    for (auto& p : fp.profile()) f32[p.node] = p;
    fp.setProfiling(false);
    q.setProfiling(true);
    for (int k = 0; k < runs; ++k) q.run(in);
    auto nodes = q.profile();
    q.setProfiling(false);
    std::sort(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) { return a.bestSeconds > b.bestSeconds; });
    double total = 0, totalF = 0;
    for (const auto& p : nodes) total += p.bestSeconds;
    for (const auto& [name, p] : f32) totalF += p.bestSeconds;
    std::printf("  nodes' fastest runs add up to fp32 %.3f ms, W8A8 %.3f ms\n", totalF * 1e3, total * 1e3);
    std::printf("  %-44s %-14s %-16s %-28s %8s %8s %s\n", "node", "op", "shape", "W8A8 kernel", "fp32 ms", "W8A8 ms",
                "precision / reorders");
    for (const auto& p : nodes) {
        const auto f = f32.find(p.node);
        std::string reorders;
        for (const auto& r : p.reorders) reorders += " " + r;
        std::printf("  %-44s %-14s %-16s %-28s %8.4f %8.4f %s%s%s %s->%s%s\n", p.node.substr(0, 44).c_str(), p.op.c_str(),
                    qb::engine::shapeText(p.output).c_str(), p.impl.c_str(), f == f32.end() ? 0.0 : f->second.bestSeconds * 1e3,
                    p.bestSeconds * 1e3, p.int8 ? "int8 " : "", p.depthwise ? "dw " : "", p.src.c_str(), p.weights.c_str(),
                    p.dst.c_str(), reorders.c_str());
    }
}

// W8A8 layers for every Conv/Gemm/MatMul/ConvTranspose input range seen while the fp32 model runs
// `in`. Folded Convs report their model weight through kWeightSource; weights that are no model
// tensor (a reshaped constant) or that the int8 engine cannot run (a ConvTranspose whose patches
// overlap: quant::takesQuantizedInput) are left in fp32.
std::vector<qb::quant::QuantizedLayer> w8a8(const qb::Model& m, Executor& fp, const std::vector<Tensor>& in) {
    std::map<std::string, std::pair<double, double>> range;
    fp.run(in, [&](const qb::GraphNode& n, std::span<const Tensor* const> inputs) {
        if ((n.op != "Conv" && n.op != "Gemm" && n.op != "MatMul" && n.op != "ConvTranspose") || inputs.size() < 2 ||
            !inputs[0])
            return;
        const auto src = n.attrs.find(qb::engine::kWeightSource);
        auto& r = range[src != n.attrs.end() ? src->second.s : n.inputs[1]];
        for (const float v : inputs[0]->f) r = {std::min(r.first, double(v)), std::max(r.second, double(v))};
    });
    std::vector<qb::quant::QuantizedLayer> layers;
    for (const auto& [name, r] : range) {
        const qb::TensorEntry* t = m.find(name);
        if (!t || !t->quantizable || !qb::quant::takesQuantizedInput(m, *t)) continue;
        const qb::quant::WeightMatrix w = qb::quant::weightMatrix(*t);
        qb::quant::QuantizedLayer l;
        l.name = name;
        l.method = "rtn";
        l.weight = qb::quant::quantizeRtn(qb::quant::scheme("int8_channel_sym"), w.values, w.rows, w.cols, name);
        l.activation = qb::quant::activationFromRange(r.first, r.second, 8);
        layers.push_back(std::move(l));
    }
    return layers;
}

} // namespace

int main(int argc, char** argv) {
    int threads = qb::threadCount();
    bool chain = true, profile = false;
    int64_t batch = 0;
    std::vector<std::string> filters;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--threads" && i + 1 < argc) threads = std::atoi(argv[++i]);
        else if (a == "--no-chain") chain = false;
        else if (a == "--profile") profile = true;
        else if (a == "--batch" && i + 1 < argc) batch = std::max(1, std::atoi(argv[++i]));
        else filters.push_back(a);
    }
    qb::setThreadCount(threads);
    const std::string shared = qb::bench::sharedDir();
    const qb::ortref::ImageSets images{qb::readIdxDataset(shared + "/data/mnist"),
                                       qb::readIdxDataset(shared + "/data/fashion-mnist")};
    std::printf("%s, %d threads\n", qb::engine::int8Summary().c_str(), threads);
    std::printf("%-36s %-16s %7s %7s %5s %10s %10s %9s %11s %11s %9s\n", "model", "input", "int8 ly", "chained", "codes",
                "fp32 ms", "W8A8 ms", "fp32/W8A8", "fp32 cpu ms", "W8A8 cpu ms", "cpu ratio");
    constexpr int kRounds = 3;
    for (auto cfg : kConfigs) {
        if (batch && cfg.file != "mnist-12.onnx") cfg.size.batch = batch;
        if (!filters.empty() && std::none_of(filters.begin(), filters.end(),
                                             [&](const std::string& f) { return cfg.file.find(f) != std::string::npos; }))
            continue;
        const qb::Model model = qb::readOnnx(shared + "/models/onnx/" + cfg.file);
        Executor fp(model);
        const auto named = qb::ortref::modelInputs(cfg.file, fp.inputs()[0].name, images, cfg.size);
        const std::vector<Tensor> in{named[0].tensor};
        const auto layers = w8a8(model, fp, in);
        Executor q(model, {.layers = layers, .chain = chain});
        // About 0.3 s a side a round.
        const double once = std::max(medianSeconds(fp, in, 3).wall, 1e-6);
        const int iterations = std::clamp(int(0.3 / once), 5, 1000);
        Timing tf, tq;
        for (int r = 0; r < kRounds; ++r) {
            const Timing f = medianSeconds(fp, in, iterations), w = medianSeconds(q, in, iterations);
            tf = {std::min(tf.wall, f.wall), std::min(tf.cpu, f.cpu)};
            tq = {std::min(tq.wall, w.wall), std::min(tq.cpu, w.cpu)};
        }
        std::printf("%-36s %-16s %7zu %7zu %5zu %10.3f %10.3f %8.2fx %11.3f %11.3f %8.2fx%s\n", cfg.file.c_str(),
                    qb::engine::shapeText(in[0].shape).c_str(), layers.size(), q.chainedInt8Layers(), q.codeNodes(),
                    tf.wall * 1e3, tq.wall * 1e3, tf.wall / tq.wall, tf.cpu * 1e3, tq.cpu * 1e3, tf.cpu / tq.cpu,
                    tf.wall / tq.wall >= 1.8 ? "" : "  [below 1.8]");
        std::fflush(stdout);
        if (profile) printProfile(fp, q, in, std::max(5, iterations / 4));
    }
    return 0;
}
