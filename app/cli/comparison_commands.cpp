#include "app/cli/comparison_commands.h"

#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "app/cli/cli_job.h"
#include "core/datasets/npy_file.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/run_outputs.h"
#include "core/util/parallel.h"

namespace qb::cli {

namespace {

struct RunOptions {
    std::string model, out;
    DataOptions data;
    int64_t limit = 0;
    int threads = 0;
    bool json = false;
};

int runRun(const RunOptions& o) {
    CliJob job(o.model, o.out);
    return job.run([&] {
        if (o.threads > 0) setThreadCount(o.threads);
        const pipeline::OpenedInput in = pipeline::openInput(o.model);
        const ProjectQuantization* q = in.project && in.project->quantization ? &*in.project->quantization : nullptr;
        const pipeline::RawOutputs r = pipeline::runModel(in.model, q, o.data.spec(), o.limit, job.context());
        job.context().checkCancel();
        writeNpy(o.out, r.values, r.shape);
        if (o.json) {
            std::cout << nlohmann::json{{"output", o.out},      {"samples", r.samples()}, {"shape", r.shape},
                                        {"seconds", r.seconds}, {"quantized", q != nullptr}}
                             .dump(2)
                      << "\n";
        } else {
            std::string shape;
            for (const int64_t d : r.shape) shape += (shape.empty() ? "" : "x") + std::to_string(d);
            std::printf("%s: %lld samples, outputs %s, %.2f s\n", o.out.c_str(), static_cast<long long>(r.samples()),
                        shape.c_str(), r.seconds);
        }
        return 0;
    });
}

} // namespace

std::function<int()> addComparisonCommands(CLI::App& app, void (*preparation)(CLI::App*, DataOptions&)) {
    auto ro = std::make_shared<RunOptions>();
    auto* ru = app.add_subcommand("run", "Run a model (or a project with its quantization) on data and write its raw outputs to a .npy file");
    ru->add_option("model", ro->model, "Model file or folder, or a project (.qbproj) whose quantization is applied")->required();
    ru->add_option("--data", ro->data.path, "Input data: as eval's --data; labels are not needed (a bare .npy works)")->required();
    ru->add_option("--out", ro->out, "The .npy file to write: images [samples, output dims...], text [tokens, vocab] logits")->required();
    ru->add_option("--limit", ro->limit, "Run only the first N samples (text: windows)")->check(CLI::NonNegativeNumber);
    preparation(ru, ro->data);
    ru->add_option("--threads", ro->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    ru->add_flag("--json", ro->json, "Print one JSON document on stdout");

    return [ru, ro]() -> int {
        if (*ru) return runRun(*ro);
        return -1;
    };
}

} // namespace qb::cli
