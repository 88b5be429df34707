// Calibration cost over the plain fp32 forward pass on the same samples, in the same run:
// mnist-12 on MNIST test images, squeezenet_cifar10 on synthetic 32x32 RGB noise (no CIFAR data
// ships in ../shared; the engine's time does not depend on pixel values) and stories260K on
// TinyStories windows of 256 tokens. Both sides build their executor or transformer and run the
// samples one batch as calibration does; calibration also observes every tapped activation and
// computes the per-layer statistics and clip searches at the end. Target: at most 1.3x.
// After the benchmarks, peak RSS of a calibration at 32 and 256 samples, each in a fresh process
// (`bench_calibrate --rss MODEL N`).
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "core/calib/calibration_stats.h"
#include "core/calib/graph_calibration.h"
#include "core/calib/llm_calibration.h"
#include "core/engine/graph_executor.h"
#include "core/datasets/image_dataset.h"
#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/llm/transformer.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "bench_support.h"
#include "ratio_reporter.h"

extern char** environ;

namespace {

constexpr int64_t kContext = 256;       // text windows, incl. BOS
constexpr int64_t kDynamicBatch = 16;   // as calibrateGraph batches a dynamic first dimension
constexpr double kTarget = 1.3;
const char* const kModels[] = {"mnist-12", "squeezenet", "stories260K"};

struct Workload {
    qb::Model model;
    qb::ImageDataset images;
    std::vector<int32_t> tokens;
    int32_t bos = 1;
    bool text = false;
    int64_t sampleBytes = 0;            ///< f32 input bytes per sample
};

qb::ImageDataset noiseImages(int64_t count, int64_t side) {
    qb::ImageDataset d;
    d.imagesPath = "synthetic-noise";
    d.count = count;
    d.rows = d.cols = side;
    d.channels = 3;
    d.pixels.resize(size_t(count * side * side * 3));
    std::mt19937 rng(7);
    for (auto& p : d.pixels) p = uint8_t(rng());
    d.labels.assign(size_t(count), 0);
    return d;
}

Workload load(const std::string& name) {
    const std::string shared = qb::bench::sharedDir();
    Workload w;
    if (name == "mnist-12") {
        w.model = qb::openModel(shared + "/models/onnx/mnist-12.onnx");
        w.images = qb::loadDataset(shared + "/data/mnist");
    } else if (name == "squeezenet") {
        w.model = qb::openModel(shared + "/models/onnx/squeezenet_cifar10.onnx");
        w.images = noiseImages(256, 32);
    } else {
        w.model = qb::openModel(shared + "/models/gguf/stories260K.gguf");
        const qb::BpeTokenizer tok = qb::loadTokenizer(w.model);
        w.tokens = qb::loadTextDataset(shared + "/data/tinystories/TinyStories-validation-excerpt.txt", tok).tokens;
        w.bos = tok.bos();
        w.text = true;
        w.sampleBytes = kContext * int64_t(sizeof(int32_t));
        return w;
    }
    w.sampleBytes = w.images.sampleSize() * int64_t(sizeof(float));
    return w;
}

Workload& workload(const std::string& name) {
    static std::map<std::string, std::unique_ptr<Workload>> cache;
    auto& w = cache[name];
    if (!w) w = std::make_unique<Workload>(load(name));
    return *w;
}

qb::CalibrationSettings settings(int64_t samples) {
    qb::CalibrationSettings s;
    s.samples = samples;
    s.seed = 1;
    s.context = kContext;
    return s;
}

// The forward half of calibrateGraph: same samples, batches and input copy, no taps.
void forwardImages(const Workload& w, int64_t samples) {
    qb::engine::Executor ex(w.model);
    const auto& decl = ex.inputs()[0].shape;
    const int64_t batch = decl[0] > 0 ? decl[0] : kDynamicBatch, values = w.images.sampleSize();
    const auto chosen = qb::chooseSamples(w.images.count, samples, 1);
    const auto n = int64_t(chosen.size());
    std::vector<qb::engine::Tensor> in(1);
    for (int64_t start = 0; start < n; start += batch) {
        const int64_t b = std::min(batch, n - start);
        qb::engine::Shape shape{b};
        shape.insert(shape.end(), decl.begin() + 1, decl.end());
        if (in[0].shape != shape) in[0].allocate(qb::DType::F32, shape);
        for (int64_t k = 0; k < b; ++k)
            for (int64_t p = 0; p < values; ++p)
                in[0].f[size_t(k * values + p)] = w.images.value(size_t(chosen[size_t(start + k)] * values + p));
        benchmark::DoNotOptimize(ex.run(in));
    }
}

// The forward half of calibrateLlm: the same windows, one at a time, no observer.
void forwardText(const Workload& w, int64_t samples) {
    qb::Transformer tf(w.model);
    const auto chunks = qb::textChunks(w.tokens, kContext, "text");
    std::vector<float> logits;
    std::vector<int32_t> window;
    for (const int64_t k : qb::chooseSamples(int64_t(chunks.size()), samples, 1)) {
        window.assign(1, w.bos);
        window.insert(window.end(), chunks[size_t(k)].begin(), chunks[size_t(k)].end());
        qb::KvCache cache = tf.newCache(1, int64_t(window.size()));
        tf.forward(window, cache, logits);
        benchmark::DoNotOptimize(logits.data());
    }
}

qb::Calibration calibrate(const Workload& w, int64_t samples) {
    if (w.text) return qb::calibrateLlm(w.model, w.tokens, w.bos, settings(samples));
    return qb::calibrateGraph(w.model, w.images, qb::Preprocess{}, settings(samples));
}

void run(benchmark::State& state, const std::string& name, int64_t samples, bool calib) {
    const Workload& w = workload(name);
    for (auto _ : state) {
        if (calib) {
            benchmark::DoNotOptimize(calibrate(w, samples).layers.data());
        } else if (w.text) {
            forwardText(w, samples);
        } else {
            forwardImages(w, samples);
        }
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * samples * w.sampleBytes);
    state.counters["ms_per_sample"] =
        benchmark::Counter(double(samples) * 1e-3, benchmark::Counter::kIsIterationInvariantRate |
                                                       benchmark::Counter::kInvert);
}

// Peak RSS in a fresh process: after loading the model and data, and after calibrating.
int rssChild(const std::string& name, int64_t samples) {
    const Workload& w = workload(name);
    rusage before{}, after{};
    getrusage(RUSAGE_SELF, &before);
    const auto layers = calibrate(w, samples).layers.size();
    getrusage(RUSAGE_SELF, &after);
    std::printf("%ld %ld %zu\n", before.ru_maxrss, after.ru_maxrss, layers);
    return 0;
}

void printRss() {
    std::printf("\npeak RSS of one calibration, each in a fresh process (KiB: after loading -> after calibrating)\n");
    for (const char* name : kModels)
        for (const char* samples : {"32", "256"}) {
            int fd[2];
            if (pipe(fd) != 0) return;
            posix_spawn_file_actions_t actions;
            posix_spawn_file_actions_init(&actions);
            posix_spawn_file_actions_adddup2(&actions, fd[1], STDOUT_FILENO);
            posix_spawn_file_actions_addclose(&actions, fd[0]);
            char self[] = "/proc/self/exe", flag[] = "--rss";
            std::string model = name, count = samples;
            char* argv[] = {self, flag, model.data(), count.data(), nullptr};
            pid_t pid = 0;
            const int rc = posix_spawn(&pid, self, &actions, nullptr, argv, environ);
            posix_spawn_file_actions_destroy(&actions);
            close(fd[1]);
            char buf[128] = {};
            const ssize_t got = rc == 0 ? read(fd[0], buf, sizeof buf - 1) : -1;
            close(fd[0]);
            int status = 0;
            if (rc == 0) waitpid(pid, &status, 0);
            long a = 0, b = 0;
            size_t layers = 0;
            if (got <= 0 || std::sscanf(buf, "%ld %ld %zu", &a, &b, &layers) != 3) {
                std::printf("  %-12s %4s samples: child failed\n", name, samples);
                continue;
            }
            std::printf("  %-12s %4s samples: %7ld -> %7ld KiB (+%ld), %zu layers\n", name, samples, a, b, b - a, layers);
        }
}

// Prints calibration time over forward time per model and sample count (the medians when
// repeated), since the two rates are per sample, not per byte of a shared baseline.
class TimeRatioReporter : public qb::bench::RatioReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        RatioReporter::ReportRuns(runs);
        for (const auto& r : runs)
            if (r.run_type != Run::RT_Aggregate || r.aggregate_name == "median")
                time_[r.run_name.function_name] = r.GetAdjustedRealTime();
    }
    void Finalize() override {
        RatioReporter::Finalize();
        for (const auto& [name, t] : time_) {
            if (name.rfind("calibrate/", 0) != 0) continue;
            const auto fwd = time_.find("forward/" + name.substr(10));
            if (fwd == time_.end() || fwd->second <= 0) continue;
            const double ratio = t / fwd->second;
            std::printf("time %s / forward = %.2fx%s\n", name.c_str(), ratio,
                        ratio <= kTarget ? "  [target <= 1.3x met]" : "  [ABOVE 1.3x TARGET]");
        }
    }

private:
    std::map<std::string, double> time_;
};

} // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::strcmp(argv[1], "--rss") == 0) return rssChild(argv[2], std::atoll(argv[3]));
    benchmark::Initialize(&argc, argv);
    TimeRatioReporter reporter;
    for (const char* model : kModels)
        for (const int64_t n : {int64_t(32), int64_t(256)}) {
            const std::string suffix = std::string(model) + "/" + std::to_string(n);
            for (const bool calib : {false, true})
                benchmark::RegisterBenchmark(((calib ? "calibrate/" : "forward/") + suffix).c_str(),
                                             [=](benchmark::State& s) { run(s, model, n, calib); })
                    ->Unit(benchmark::kMillisecond)
                    ->UseRealTime();
        }
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    printRss();
    return 0;
}
