// Cancel at pseudo-random points of every core job (the use cases the CLI and the GUI's jobs run):
// the k-th progress report sets the cancel flag, for k drawn with a printed seed from the reports
// an uncancelled run makes. Each cancelled run must end as Cancelled within a bounded time, leave
// no file beside the output (none at all when there was none, the old bytes when there was
// one), and a later uncancelled run must give exactly what a run never cancelled gave.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <sstream>

#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/pipeline/calibrate.h"
#include "core/pipeline/compare.h"
#include "core/pipeline/evaluate.h"
#include "core/pipeline/export.h"
#include "core/pipeline/latency.h"
#include "core/pipeline/quantize.h"
#include "core/pipeline/sensitivity.h"
#include "core/quant/plan.h"
#include "core/util/error.h"
#include "test_support.h"

namespace qb {
namespace {

namespace fs = std::filesystem;
using exporters::ExportFormat;

// A cancel is seen at the next check: one layer or one batch of these small models, well under
// a second; 10 s leaves room for a loaded CI machine.
constexpr double kMaxSecondsToStop = 10.0;
constexpr int kPointsPerJob = 3;

// A job: runs in `dir` with `job`, writes `output` there (empty: writes nothing) and returns
// what it produced as text (the file's bytes, or the figures of its result).
struct CancellableJob {
    std::string name;
    std::string output;
    std::function<std::string(const std::string& dir, const JobContext& job)> run;
};

std::string fileBytes(const std::string& path) {
    const auto b = test::readAll(path);
    return std::string(b.begin(), b.end());
}

std::vector<std::string> listing(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::recursive_directory_iterator(dir)) names.push_back(fs::relative(e.path(), dir).string());
    std::sort(names.begin(), names.end());
    return names;
}

// Runs `job` uncancelled, then cancelled at kPointsPerJob reports chosen by `seed`, then again
// uncancelled; checks what the file header says.
void cancelAtRandomPoints(const CancellableJob& job, uint64_t seed) {
    SCOPED_TRACE(job.name + ", seed " + std::to_string(seed));
    std::printf("[ cancel   ] %s: seed %llu\n", job.name.c_str(), static_cast<unsigned long long>(seed));
    test::TempDir refDir;
    int64_t reports = 0;
    JobContext counting;
    counting.progress = [&](double, std::string_view) { ++reports; };
    const std::string reference = job.run(refDir.path(), counting);
    ASSERT_GT(reports, 0) << "the job reports no progress, so it cannot be cancelled at a report";

    std::mt19937_64 rng(seed);
    test::TempDir dir;
    const std::string out = job.output.empty() ? "" : dir.file(job.output);
    for (int point = 0; point < kPointsPerJob; ++point) {
        const int64_t k = 1 + int64_t(rng() % uint64_t(reports));
        const bool existing = !out.empty() && point % 2 == 0;
        const std::string old = "an older file that must survive\n";
        if (existing) {
            fs::create_directories(fs::path(out).parent_path());
            test::writeAll(out, old.data(), old.size());
        }
        std::atomic<bool> cancel{false};
        int64_t seen = 0;
        std::chrono::steady_clock::time_point cancelledAt;
        JobContext ctx;
        ctx.cancel = &cancel;
        ctx.progress = [&](double, std::string_view) {
            if (++seen == k) {
                cancelledAt = std::chrono::steady_clock::now();
                cancel = true;
            }
        };
        bool threw = false;
        try {
            job.run(dir.path(), ctx);
        } catch (const Cancelled&) {
            threw = true;
        }
        const double stop = std::chrono::duration<double>(std::chrono::steady_clock::now() - cancelledAt).count();
        // At its last report a job may have nothing left to check: it may finish, as a whole.
        if (!threw && k == reports) {
            if (!out.empty()) EXPECT_EQ(fileBytes(out), reference) << "finished at its last report";
            if (!out.empty()) fs::remove_all(dir.file(fs::path(job.output).begin()->string()));
            continue;
        }
        EXPECT_TRUE(threw) << "cancelled at report " << k << " of " << reports << " but it finished";
        EXPECT_LT(stop, kMaxSecondsToStop) << "report " << k;
        const auto files = listing(dir.path());
        if (existing) {
            std::vector<std::string> expected; // the output and the folders it is in
            for (fs::path f = job.output; !f.empty(); f = f.parent_path()) expected.insert(expected.begin(), f.string());
            EXPECT_EQ(files, expected) << "report " << k;
            EXPECT_EQ(fileBytes(out), old) << "report " << k;
        } else {
            EXPECT_TRUE(files.empty()) << "report " << k << ": left " << files.front();
        }
        if (!out.empty()) fs::remove_all(dir.file(fs::path(job.output).begin()->string()));
    }
    reports = 0;
    EXPECT_EQ(job.run(dir.path(), counting), reference) << "a run after the cancelled ones differs";
}

uint64_t seedOf(const std::string& name) {
    const char* env = std::getenv("QB_CANCEL_SEED");
    return env ? std::strtoull(env, nullptr, 10) : std::hash<std::string>{}(name) % 100000;
}

const std::string kMnist = test::model("onnx/mnist-12.onnx");
const std::string kStories = test::model("llama2c/stories260K.bin");
const std::string kText = test::shared("data/tinystories/TinyStories-validation-excerpt.txt");

std::shared_ptr<const Model> mnist() {
    static const auto m = std::make_shared<const Model>(openModel(kMnist));
    return m;
}
std::shared_ptr<const Model> stories() {
    static const auto m = std::make_shared<const Model>(openModel(kStories));
    return m;
}

pipeline::DataSpec mnistData() {
    pipeline::DataSpec d;
    d.path = test::shared("data/mnist");
    return d;
}
pipeline::DataSpec storiesData() {
    pipeline::DataSpec d;
    d.path = kText;
    d.context = 64;
    return d;
}

CalibrationSettings mnistSettings() {
    CalibrationSettings cs;
    cs.samples = 32;
    cs.seed = 7;
    return cs;
}

const Project& mnistCalibrated() {
    static const Project p = pipeline::calibrate(mnist(), mnistData(), mnistSettings(), {});
    return p;
}

pipeline::QuantizeRequest request(const std::string& planJson, const pipeline::DataSpec& data, int64_t samples) {
    pipeline::QuantizeRequest r;
    r.plan = quant::parsePlan(planJson, "plan");
    r.planSource = "plan";
    r.data = data;
    r.calibration.samples = samples;
    return r;
}

const Project& mnistW8A8() {
    static const Project p =
        pipeline::quantize(mnist(), mnistCalibrated(), request(R"({"default": {"bits": 8, "act_bits": 8}})", {}, 32), {})
            .project;
    return p;
}

// What GGUF and GPTQ safetensors can hold of stories260K: its 172-wide FFN and the embeddings in F16.
const char* kStoriesPlan =
    R"({"default": {"bits": 4, "group": 32}, "layers": {"token_embd.weight": "fp16", "blk.*.ffn_*": "fp16"}})";

const Project& storiesW4() {
    static const Project p =
        pipeline::quantize(stories(), std::nullopt, request(kStoriesPlan, {}, 4), {})
            .project;
    return p;
}

// A project's file bytes stand for it (the writer is deterministic).
std::string projectText(const Project& p, const std::string& dir) {
    const std::string path = dir + "/fingerprint.qbproj";
    writeProject(path, p);
    std::string s = fileBytes(path);
    fs::remove(path);
    return s;
}

CancellableJob exportJob(const std::string& name, ExportFormat f, std::shared_ptr<const Model> (*model)(),
                         const Project& (*project)(), const std::string& file) {
    return {name, file, [=](const std::string& dir, const JobContext& job) {
                const std::string out = dir + "/" + file;
                pipeline::exportProject(f, model(), project(), out, job);
                return fileBytes(out);
            }};
}

CancellableJob quantizeJob(const std::string& method, const std::string& planJson) {
    return {"quantize " + method, "", [=](const std::string& dir, const JobContext& job) {
                const auto r = pipeline::quantize(stories(), std::nullopt, request(planJson, storiesData(), 4), job);
                return projectText(r.project, dir);
            }};
}

std::vector<CancellableJob> everyJob() {
    return {
        {"calibrate", "",
         [](const std::string& dir, const JobContext& job) {
             return projectText(pipeline::calibrate(mnist(), mnistData(), mnistSettings(), job), dir);
         }},
        quantizeJob("rtn", R"({"default": {"bits": 4, "group": 32, "method": "rtn"}})"),
        quantizeJob("gptq", R"({"default": {"bits": 4, "group": 32, "method": "gptq"}})"),
        quantizeJob("awq", R"({"default": {"bits": 4, "group": 32, "method": "awq"}})"),
        quantizeJob("smoothquant", R"({"default": {"bits": 8, "act_bits": 8, "method": "smoothquant"}})"),
        {"quantize W8A8 (calibrates first)", "",
         [](const std::string& dir, const JobContext& job) {
             const auto r = pipeline::quantize(mnist(), std::nullopt,
                                               request(R"({"default": {"bits": 8, "act_bits": 8}})", mnistData(), 16), job);
             return projectText(r.project, dir);
         }},
        {"evaluate", "",
         [](const std::string&, const JobContext& job) {
             const auto r = pipeline::evaluate(mnist(), &*mnistW8A8().quantization, mnistData(), {.limit = 200}, job);
             std::ostringstream s;
             const auto& c = r.classifier->counts;
             s << c.top1 << " " << c.top5 << " / " << c.samples;
             return s.str();
         }},
        {"compare", "",
         [](const std::string&, const JobContext& job) {
             const std::vector<pipeline::CompareVariant> v{{"w8a8", *mnistW8A8().quantization}};
             const auto r = pipeline::compareRuns(mnist(), v, mnistData(),
                                                  {.limit = 64, .latencySamples = 2, .layerSamples = 2}, job);
             std::ostringstream s; // latency and throughput differ run to run
             s.precision(17);
             for (const auto& f : r.runs) s << f.name << " " << f.value << " " << f.samples << " " << f.sizeBytes << "\n";
             return s.str();
         }},
        {"sensitivity", "",
         [](const std::string&, const JobContext& job) {
             pipeline::SensitivityRequest req;
             req.data = mnistData();
             req.limit = 8;
             req.bits = {4, 8};
             const auto r = pipeline::measureSensitivity(mnist(), mnistCalibrated(), req, job);
             std::ostringstream s;
             s.precision(17);
             for (const auto& e : r.entries) s << e.layer << " " << e.scheme << " " << e.kl << " " << e.metricDelta << "\n";
             return s.str();
         }},
        {"latency", "",
         [](const std::string&, const JobContext& job) {
             const auto r = pipeline::measureLatency(mnist(), mnistCalibrated(),
                                                     {.warmup = 1, .minRepetitions = 2, .minSeconds = 0, .maxRepetitions = 2}, job);
             std::string names; // timings differ run to run; the layers and repetitions must not
             for (const auto& l : r.layers) names += l.layer + " ";
             return names + std::to_string(r.repetitions);
         }},
        exportJob("export onnx-qdq", ExportFormat::OnnxQdq, mnist, mnistW8A8, "m.onnx"),
        exportJob("export hdf5", ExportFormat::Hdf5, mnist, mnistW8A8, "m.h5"),
        exportJob("export gguf", ExportFormat::Gguf, stories, storiesW4, "s.gguf"),
        // A folder: model.safetensors, config.json, quantize_config.json.
        {"export gptq-safetensors", "gptq/model.safetensors",
         [](const std::string& dir, const JobContext& job) {
             pipeline::exportProject(ExportFormat::GptqSafetensors, stories(), storiesW4(), dir + "/gptq", job);
             std::string all;
             for (const char* f : {"model.safetensors", "config.json", "quantize_config.json"})
                 all += fileBytes(dir + "/gptq/" + f);
             return all;
         }},
        {"save project", "p.qbproj",
         [](const std::string& dir, const JobContext& job) {
             writeProject(dir + "/p.qbproj", storiesW4(), job);
             return fileBytes(dir + "/p.qbproj");
         }},
    };
}

} // namespace

class CancelJobs : public testing::TestWithParam<size_t> {};

TEST_P(CancelJobs, AtRandomReportsEndsCancelledLeavesNoFileAndReruns) {
    const auto job = everyJob()[GetParam()];
    cancelAtRandomPoints(job, seedOf(job.name));
}

INSTANTIATE_TEST_SUITE_P(EveryJob, CancelJobs, testing::Range<size_t>(0, everyJob().size()),
                         [](const testing::TestParamInfo<size_t>& i) {
                             std::string n = everyJob()[i.param].name;
                             for (auto& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });

} // namespace qb
