// quantbench-cli calibrate: runs calibration samples through the fp32 model and writes a project
// (.qbproj) with per-layer weight and activation statistics. SIGINT cancels: the job unwinds and
// no project or temporary file is left behind.
#include <chrono>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/cli_job.h"
#include "app/cli/commands.h"
#include "core/formats/project_file.h"
#include "core/pipeline/calibrate.h"
#include "core/pipeline/open_input.h"
#include "core/util/parallel.h"

namespace qb::cli {

int runCalibrate(const CalibrateOptions& o) {
    CliJob job(o.model, o.out);
    return job.run([&] {
        if (o.threads > 0) setThreadCount(o.threads);
        const auto t0 = std::chrono::steady_clock::now();
        const pipeline::DataSpec data = o.data.spec();
        const pipeline::OpenedInput in = pipeline::openInput(o.model);
        CalibrationSettings s;
        s.samples = o.samples;
        s.seed = o.seed;
        const Project p = pipeline::calibrate(in.model, data, s, job.context());
        writeProject(o.out, p, job.context());
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
    });
}

} // namespace qb::cli
