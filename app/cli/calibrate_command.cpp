// quantbench-cli calibrate: runs calibration samples through the fp32 model and writes a project
// (.qbproj) with per-layer weight and activation statistics. SIGINT cancels: the job unwinds and
// no project or temporary file is left behind.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/calibration_data.h"
#include "app/cli/commands.h"
#include "app/cli/eval_text.h"
#include "app/cli/interrupt.h"
#include "core/calib/graph_calibration.h"
#include "core/calib/llm_calibration.h"
#include "core/formats/model_hash.h"
#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::cli {

int runCalibrate(const CalibrateOptions& o) {
    std::atomic<bool> cancel{false};
    const CancelOnInterrupt onInterrupt(cancel);
    try {
        if (o.threads > 0) setThreadCount(o.threads);
        const auto t0 = std::chrono::steady_clock::now();
        JobContext job;
        job.cancel = &cancel;
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
        s.samples = o.samples;
        s.seed = o.seed;
        s.context = o.context;
        p.calibration = calibrateOn(m, o.data, {o.scale, o.mean, o.std, o.layout}, s, job);
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
        return 0;
    } catch (const Cancelled&) {
        std::fprintf(stderr, "error: %s: cancelled, nothing written\n", o.out.c_str());
        return 130;
    } catch (const Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s: %s\n", o.model.c_str(), e.what());
        return 1;
    }
}

} // namespace qb::cli
