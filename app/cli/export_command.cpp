// quantbench-cli export: writes a quantized project in a format another runtime loads. The
// pre-export check runs first; any problem it finds is one error line listing them all, and
// nothing is written. SIGINT cancels: the destination stays as it was.
#include <chrono>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/cli_job.h"
#include "app/cli/commands.h"
#include "core/formats/project_file.h"
#include "core/pipeline/export.h"
#include "core/pipeline/open_input.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::cli {

int runExport(const ExportOptions& o) {
    CliJob job(o.project, o.out);
    return job.run([&] {
        if (o.threads > 0) setThreadCount(o.threads);
        const auto t0 = std::chrono::steady_clock::now();
        const exporters::ExportFormat format = exporters::parseFormat(o.format);
        if (!isProjectFile(o.project)) {
            (void)pipeline::openInput(o.project, job.context()); // names what is wrong with a file that is no model either
            throw Error(o.project, "is a model, not a project: quantize it first (quantize ... --out P.qbproj)");
        }
        // Layer by layer from the project file: a model larger than memory exports.
        const exporters::ExportResult r = pipeline::exportProjectFile(format, o.project, o.out, job.context());
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (o.json) {
            nlohmann::json fallbacks = nlohmann::json::array();
            for (const auto& f : r.fallbacks)
                fallbacks.push_back({{"layer", f.layer}, {"planned", f.planned}, {"written", f.written}, {"reason", f.reason}});
            std::cout << nlohmann::json{{"output", r.output},
                                        {"format", exporters::formatName(r.format)},
                                        {"size_bytes", r.sizeBytes},
                                        {"predicted_bytes", r.predictedBytes},
                                        {"layers", r.layers},
                                        {"seconds", seconds},
                                        {"fallbacks", fallbacks}}
                             .dump(2)
                      << "\n";
        } else {
            for (const auto& f : r.fallbacks)
                std::printf("fallback: %s: %s -> %s (%s)\n", f.layer.c_str(), f.planned.c_str(), f.written.c_str(),
                            f.reason.c_str());
            std::printf("%s: %s, %zu quantized layers, %llu bytes (predicted %llu), %.2f s\n", r.output.c_str(),
                        exporters::formatName(r.format).c_str(), r.layers, static_cast<unsigned long long>(r.sizeBytes),
                        static_cast<unsigned long long>(r.predictedBytes), seconds);
        }
        return 0;
    });
}

} // namespace qb::cli
