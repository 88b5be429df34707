// W8A8 throughput: our int8 engine on a quantized project against ONNX Runtime (npm
// onnxruntime-node, run by tests/ort/ort_run.js in a node child process) on the ONNX QDQ export of
// the same project, with the same inputs, batch and thread count, measured in the same run. The
// sides alternate in rounds and each keeps its best round's median (the machine is shared).
// Projects: calibrated on the model_inputs.h images (tests/ort), quantized W8A8 per channel (RTN).
//
//   bench_qdq_ort [--seconds S] [--threads 2,1] [model-file-substring...]
// Needs node and `npm ci --ignore-scripts` at the repository top.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "bench_support.h"
#include "core/calib/graph_calibration.h"
#include "core/engine/graph_executor.h"
#include "core/exporters/onnx_qdq_export.h"
#include "core/formats/onnx_reader.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/apply_quantized.h"
#include "core/util/parallel.h"
#include "ort_timing.h"
#include "tests/ort/model_inputs.h"

namespace {

using namespace qb::ortref;
using namespace qb::bench;
using qb::engine::Tensor;


struct Config {
    std::string file;
    InputSize calibration, size;
};

const std::vector<Config> kConfigs = {
    {"mnist-12.onnx", {64}, {1}},
    {"squeezenet_cifar10.onnx", {64}, {32}},
    {"ch_ppocr_mobile_v2.0_cls_infer.onnx", {32}, {16}},
    {"ch_PP-OCRv4_det_infer.onnx", {8, 0, 320, 320}, {1, 8, 320, 320}},
};

// The model_inputs.h images as a channels-last data set, for calibration.
qb::ImageDataset datasetOf(const Tensor& t, bool nhwc) {
    qb::ImageDataset d;
    d.count = t.shape[0];
    d.channels = nhwc ? t.shape[3] : t.shape[1];
    d.rows = nhwc ? t.shape[1] : t.shape[2];
    d.cols = nhwc ? t.shape[2] : t.shape[3];
    if (nhwc) {
        d.values.assign(t.f.begin(), t.f.end());
        return d;
    }
    const int64_t c = d.channels, h = d.rows, w = d.cols;
    d.values.resize(t.f.size());
    for (int64_t k = 0; k < d.count; ++k)
        for (int64_t ch = 0; ch < c; ++ch)
            for (int64_t y = 0; y < h; ++y)
                for (int64_t x = 0; x < w; ++x)
                    d.values[size_t(((k * h + y) * w + x) * c + ch)] = t.f[size_t(((k * c + ch) * h + y) * w + x)];
    return d;
}

// W8A8 per channel as quantize gives it (a ConvTranspose gets an activation grid only in the patch
// form the int8 engine runs).
qb::Project w8a8(const std::shared_ptr<const qb::Model>& m, const Tensor& calibration, bool nhwc) {
    qb::CalibrationSettings cs;
    cs.samples = calibration.shape[0];
    qb::Project base = qb::pipeline::newProject(*m, {});
    base.calibration = qb::calibrateGraph(*m, datasetOf(calibration, nhwc), {}, cs);
    qb::quant::PlanSettings s;
    s.bits = 8;
    s.actBits = 8;
    qb::pipeline::QuantizeRequest r;
    r.plan = qb::quant::uniformPlan(s);
    r.planSource = "--bits 8 --act-bits 8";
    return qb::pipeline::quantize(m, std::move(base), r, {}).project;
}

} // namespace

int main(int argc, char** argv) {
    const OrtBenchOptions o = parseOrtBenchOptions(argc, argv);
    const std::string shared = ortSharedDir();
    const ImageSets images{qb::readIdxDataset(shared + "/data/mnist"), qb::readIdxDataset(shared + "/data/fashion-mnist")};
    const qb::bench::ScratchDir scratch(std::filesystem::temp_directory_path(), "qb-bench-qdq");
    const std::filesystem::path& work = scratch.path();
    std::printf("%-36s %-16s %3s %12s %12s %9s\n", "model (W8A8)", "input", "thr", "ours ms", "ORT QDQ ms", "ours/ORT");
    try {
        for (const auto& cfg : kConfigs) {
            if (!o.wants(cfg.file)) continue;
            const auto model = std::make_shared<const qb::Model>(qb::readOnnx(shared + "/models/onnx/" + cfg.file));
            const std::string input = model->graphInputs[0].name;
            const bool nhwc = cfg.file == "squeezenet_cifar10.onnx";
            const qb::Project project = w8a8(model, modelInputs(cfg.file, input, images, cfg.calibration)[0].tensor, nhwc);
            const std::string qdq = (work / "model.qdq.onnx").string();
            qb::exporters::writeOnnxQdq(*model, project, qdq, {});
            const auto q = qb::quant::quantizedModel(*model, project.quantization->layers);
            for (const int t : o.threads) {
                qb::setThreadCount(t);
                qb::engine::Executor ex(q.model, {.layers = q.activationLayers});
                auto inputs = modelInputs(cfg.file, input, images, cfg.size);
                const std::string shape = qb::engine::shapeText(inputs[0].tensor.shape);
                const SideBySide s = timeSideBySide(ex, std::move(inputs), qdq, t, o.budget, work);
                std::printf("%-36s %-16s %3d %12.3f %12.3f %8.2fx\n", cfg.file.c_str(), shape.c_str(), t, s.ours * 1e3,
                            s.ort * 1e3, s.ort / s.ours);
                std::fflush(stdout);
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    }
    return 0;
}
