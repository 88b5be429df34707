// quantbench-cli: the scriptable face of QuantBench. The contract is ../shared/CLI.md.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/comparison_commands.h"
#include "app/cli/interrupt.h"
#include "app/cli/planning_commands.h"
#include "core/quant/methods.h"
#include "core/util/byte_size.h"

namespace {

// --scale, --mean, --std, --layout and --context: how eval, calibrate and quantize prepare --data.
void addPreparationOptions(CLI::App* cmd, qb::cli::DataOptions& d) {
    cmd->add_option("--context", d.context, "Window length in tokens for text data (default: min(512, the model's maximum))")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--scale", d.scale, "Multiply pixels (0..255) by S first (1/255 for [0,1] input)");
    cmd->add_option("--mean", d.mean, "Subtract M (one value, or one per channel) after scaling");
    cmd->add_option("--std", d.std, "Then divide by S (one value, or one per channel)");
    cmd->add_option("--layout", d.layout, "Input layout of multi-channel images (default: from the model's input shape)")
        ->check(CLI::IsMember({"nchw", "nhwc"}));
}

} // namespace

int main(int argc, char** argv) {
    qb::cli::watchInterrupts();
    CLI::App app{"QuantBench: inspect, calibrate, quantize, evaluate and export neural networks",
                 "quantbench-cli"};
    app.set_version_flag("--version", std::string("quantbench-cli ") + QB_VERSION);
    app.require_subcommand(1);

    qb::cli::InspectOptions inspect;
    auto* ins = app.add_subcommand("inspect", "Show a model's tensors, shapes, dtypes and sizes");
    ins->add_option("model", inspect.path, "Model file or folder (ONNX, safetensors, GGUF, "
                                           "llama2.c .bin, Keras .h5)")
        ->required();
    ins->add_flag("--json", inspect.json, "Print one JSON document on stdout");

    qb::cli::EvalOptions eval;
    auto* ev = app.add_subcommand("eval", "Evaluate a classifier (top-1/top-5) or a language model (perplexity) on a dataset");
    ev->add_option("model", eval.model, "Model file or folder")->required();
    ev->add_option("--data", eval.data.path, "MNIST-style IDX folder or images file (.gz or raw), a folder of PNG/JPEG images (one subfolder per class; a flat folder has no labels: calibration only), a .npy/.npz file (labels from y.npy beside it), or a UTF-8 .txt for language models")->required();
    ev->add_option("--limit", eval.limit, "Evaluate only the first N samples (text: windows)")->check(CLI::NonNegativeNumber);
    addPreparationOptions(ev, eval.data);
    ev->add_option("--threads", eval.threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    ev->add_flag("--json", eval.json, "Print one JSON document on stdout");

    qb::cli::CalibrateOptions cal;
    auto* ca = app.add_subcommand("calibrate", "Run calibration samples through the model and save per-layer weight and activation statistics to a project");
    ca->add_option("model", cal.model, "Model file or folder")->required();
    ca->add_option("--data", cal.data.path, "Calibration data: as eval's --data; labels are not needed")->required();
    ca->add_option("--out", cal.out, "Project file to write (.qbproj)")->required();
    ca->add_option("--samples", cal.samples, "Samples (images or text windows) to run (default 64)")->check(CLI::PositiveNumber);
    ca->add_option("--seed", cal.seed, "Chooses which samples (default 0)");
    addPreparationOptions(ca, cal.data);
    ca->add_option("--threads", cal.threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    ca->add_flag("--json", cal.json, "Print one JSON document on stdout");

    qb::cli::QuantizeOptions qo;
    auto* qu = app.add_subcommand("quantize", "Quantize a model or a calibrated project by a plan or uniform settings and save the result to a project");
    qu->add_option("model", qo.input, "Model file or folder, or a project (.qbproj) whose calibration is reused")->required();
    qu->add_option("--data", qo.data.path, "Calibration data for --act-bits and GPTQ/AWQ/SmoothQuant: as eval's --data (default: the project's)");
    auto* planOpt = qu->add_option("--plan", qo.plan, "Plan file (JSON): default settings plus per-layer entries by name or glob");
    auto* bitsOpt = qu->add_option("--bits", qo.bits, "Weight bits for every layer (2..8)")->check(CLI::Range(2, 8));
    planOpt->excludes(bitsOpt);
    auto* groupOpt = qu->add_option("--group", qo.group, "Weights per scale: " + qb::quant::groupSizeNames() + " (default: one scale per output channel)")
        ->check(CLI::IsMember(std::vector<int64_t>(qb::quant::groupSizes().begin(), qb::quant::groupSizes().end())));
    bool sym = false;
    auto* symOpt = qu->add_flag("--sym", sym, "Symmetric grid (default)");
    auto* asymOpt = qu->add_flag("--asym", qo.asym, "Asymmetric grid with zero points");
    symOpt->excludes(asymOpt);
    auto* methodOpt = qu->add_option("--method", qo.method, qb::quant::methodNames() + " (default " + std::string(qb::quant::defaultMethod().name) + ")")
        ->check(CLI::IsMember([] { std::vector<std::string> v; for (const auto& m : qb::quant::methods()) v.emplace_back(m.name); return v; }()));
    auto* actOpt = qu->add_option("--act-bits", qo.actBits, "Also quantize each layer's input statically to 8 bits")->check(CLI::IsMember({8}));
    auto* orderOpt = qu->add_flag("--act-order", qo.actOrder, "GPTQ: quantize columns by descending Hessian diagonal");
    auto* dampOpt = qu->add_option("--damp", qo.damp, "GPTQ: dampening as a fraction of the mean Hessian diagonal (default " + CLI::detail::to_string(qb::quant::optionDefault("damp")) + ")")
        ->check(CLI::Range(0.0, 1.0));
    auto* alphaOpt = qu->add_option("--alpha", qo.alpha, "SmoothQuant: migration strength (default " + CLI::detail::to_string(qb::quant::optionDefault("alpha")) + ")")->check(CLI::Range(0.0, 1.0));
    for (auto* opt : {groupOpt, symOpt, asymOpt, methodOpt, actOpt, orderOpt, dampOpt, alphaOpt}) opt->needs(bitsOpt);
    qu->add_option("--out", qo.out, "Project file to write (.qbproj)")->required();
    qu->add_option("--samples", qo.samples, "Calibration samples when calibration is needed (default 64)")->check(CLI::PositiveNumber);
    qu->add_option("--seed", qo.seed, "Chooses which calibration samples (default 0)");
    addPreparationOptions(qu, qo.data);
    qu->add_option("--threads", qo.threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    qu->add_flag("--json", qo.json, "Print one JSON document on stdout");
    qu->add_option("--memory-budget", qo.memoryBudget,
                   "GPTQ/AWQ/SmoothQuant on a language model: memory for one decoder block and the calibration activations "
                   "(e.g. 6G, 512M); activations beyond it spill to a temporary file beside --out (same result)")
        ->transform(CLI::Validator(
            [](std::string& v) {
                const auto bytes = qb::parseByteSize(v);
                if (!bytes || *bytes == 0) return std::string("'" + v + "' is not a size such as 6G, 512M or 100000 (bytes)");
                v = std::to_string(*bytes);
                return std::string();
            },
            "SIZE"));
    qu->add_flag("--no-resume", qo.noResume, "Start over: discard the journal (OUT.partial) an interrupted run left instead of continuing from it");

    const auto runPlanning = qb::cli::addPlanningCommands(app, addPreparationOptions);
    const auto runComparison = qb::cli::addComparisonCommands(app, addPreparationOptions);

    qb::cli::ExportOptions eo;
    auto* ex = app.add_subcommand("export", "Write a quantized project as a file another runtime loads (GGUF for llama.cpp; ONNX QDQ, GPTQ safetensors and HDF5 as they are built in)");
    ex->add_option("project", eo.project, "Quantized project (.qbproj)")->required();
    ex->add_option("--format", eo.format, "onnx-qdq, gguf, gptq-safetensors or hdf5")->required()
        ->check(CLI::IsMember({"onnx-qdq", "gguf", "gptq-safetensors", "hdf5"}));
    ex->add_option("--out", eo.out, "File to write (replaced only once the new one is complete)")->required();
    ex->add_option("--threads", eo.threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    ex->add_flag("--json", eo.json, "Print one JSON document on stdout");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e); // prints help/version or the usage error
        return rc == 0 ? 0 : 2;
    }
    if (*ins) return qb::cli::runInspect(inspect);
    if (*ev) return qb::cli::runEval(eval);
    if (*ca) return qb::cli::runCalibrate(cal);
    if (*qu) return qb::cli::runQuantize(qo);
    if (*ex) return qb::cli::runExport(eo);
    if (const int rc = runPlanning(); rc >= 0) return rc;
    if (const int rc = runComparison(); rc >= 0) return rc;
    return 2;
}
