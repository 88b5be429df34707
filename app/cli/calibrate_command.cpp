// quantbench-cli calibrate: runs calibration samples through the fp32 model and writes a project
// (.qbproj) with per-layer weight and activation statistics. SIGINT cancels: the job unwinds and
// no project or temporary file is left behind.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/eval_text.h"
#include "core/calib/graph_calibration.h"
#include "core/calib/llm_calibration.h"
#include "core/calib/model_hash.h"
#include "core/eval/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::cli {

namespace {

std::atomic<bool> gCancel{false};

extern "C" void onInterrupt(int) { gCancel.store(true); }

std::vector<float> numbers(const std::string& option, const std::string& text) {
    std::vector<float> r;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        size_t used = 0;
        try {
            r.push_back(std::stof(item, &used));
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size()) throw Error(option, "'" + text + "' is not a comma-separated list of numbers");
    }
    if (r.empty()) throw Error(option, "needs at least one value");
    return r;
}

Calibration run(const Model& m, const CalibrateOptions& o, CalibrationSettings s, const JobContext& job) {
    if (isTextData(o.data)) {
        if (!m.llama)
            throw Error(o.model, "text data needs a llama-family language model (this is '" + m.architecture + "')");
        const BpeTokenizer tok = loadTokenizer(m);
        const TextDataset text = loadTextDataset(o.data, tok);
        s.preprocessing = "text windows";
        return calibrateLlm(m, text.tokens, tok.bos(), s, job);
    }
    Preprocess pre;
    pre.scale = o.scale;
    pre.mean = numbers("--mean", o.mean);
    pre.std = numbers("--std", o.std);
    pre.layout = o.layout == "nchw" ? Layout::NCHW : o.layout == "nhwc" ? Layout::NHWC : Layout::Auto;
    s.preprocessing = "scale " + std::to_string(o.scale) + ", mean " + o.mean + ", std " + o.std +
                      (o.layout.empty() ? "" : ", layout " + o.layout);
    engine::Executor probe(m); // the geometry image folders are decoded to
    const ImageDataset data = loadDataset(o.data, inputGeometry(probe, pre.layout));
    return calibrateGraph(m, data, pre, s, job);
}

} // namespace

int runCalibrate(const CalibrateOptions& o) {
    gCancel.store(false);
    struct sigaction sa{}, old{};
    sa.sa_handler = onInterrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    try {
        if (o.threads > 0) setThreadCount(o.threads);
        const auto t0 = std::chrono::steady_clock::now();
        JobContext job;
        job.cancel = &gCancel;
        int lastDecile = -1;
        job.progress = [&](double f, std::string_view stage) {
            if (int(f * 10) == lastDecile) return; // one line per 10%
            lastDecile = int(f * 10);
            std::fprintf(stderr, "%.*s\n", int(stage.size()), stage.data());
        };
        const Model m = openModel(o.model);
        Project p;
        p.modelPath = std::filesystem::absolute(o.model).lexically_normal().string();
        p.modelHash = modelHash(o.model, job);
        CalibrationSettings s;
        s.dataPath = std::filesystem::absolute(o.data).lexically_normal().string();
        s.samples = o.samples;
        s.seed = o.seed;
        s.context = o.context;
        p.calibration = run(m, o, s, job);
        writeProject(o.out, p, job);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (o.json) {
            std::cout << nlohmann::json{{"output", o.out},
                                        {"seconds", seconds},
                                        {"layers", p.calibration.layers.size()},
                                        {"samples", p.calibration.samplesUsed},
                                        {"model_hash", p.modelHash}}
                             .dump(2)
                      << "\n";
        } else {
            std::printf("%s: %zu layers calibrated on %lld samples in %.2f s\n", o.out.c_str(),
                        p.calibration.layers.size(), static_cast<long long>(p.calibration.samplesUsed), seconds);
        }
        sigaction(SIGINT, &old, nullptr);
        return 0;
    } catch (const Cancelled&) {
        std::fprintf(stderr, "error: %s: cancelled, nothing written\n", o.out.c_str());
        sigaction(SIGINT, &old, nullptr);
        return 130;
    } catch (const Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        sigaction(SIGINT, &old, nullptr);
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s: %s\n", o.model.c_str(), e.what());
        sigaction(SIGINT, &old, nullptr);
        return 1;
    }
}

} // namespace qb::cli
