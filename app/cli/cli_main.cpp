// quantbench-cli: the scriptable face of QuantBench. The contract is ../shared/CLI.md.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"

int main(int argc, char** argv) {
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
    ev->add_option("--data", eval.data, "MNIST-style IDX folder or images file (.gz or raw), a folder with one subfolder of PNG/JPEG images per class, a .npy/.npz file, or a UTF-8 .txt for language models")->required();
    ev->add_option("--limit", eval.limit, "Evaluate only the first N samples")->check(CLI::NonNegativeNumber);
    ev->add_option("--context", eval.context,
                   "Window length in tokens for text data (default: min(512, the model's maximum))")
        ->check(CLI::PositiveNumber);
    ev->add_option("--scale", eval.scale, "Multiply pixels (0..255) by S first (1/255 for [0,1] input)");
    ev->add_option("--mean", eval.mean, "Subtract M (one value, or one per channel) after scaling");
    ev->add_option("--std", eval.std, "Then divide by S (one value, or one per channel)");
    ev->add_option("--layout", eval.layout, "Input layout of multi-channel images (default: from the model's input shape)")->check(CLI::IsMember({"nchw", "nhwc"}));
    ev->add_option("--threads", eval.threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    ev->add_flag("--json", eval.json, "Print one JSON document on stdout");

    qb::cli::CalibrateOptions cal;
    auto* ca = app.add_subcommand("calibrate", "Run calibration samples through the model and save per-layer weight and activation statistics to a project");
    ca->add_option("model", cal.model, "Model file or folder")->required();
    ca->add_option("--data", cal.data, "Calibration data: as eval's --data")->required();
    ca->add_option("--out", cal.out, "Project file to write (.qbproj)")->required();
    ca->add_option("--samples", cal.samples, "Samples (images or text windows) to run (default 64)")->check(CLI::PositiveNumber);
    ca->add_option("--seed", cal.seed, "Chooses which samples (default 0)");
    ca->add_option("--context", cal.context, "Window length in tokens for text data")->check(CLI::PositiveNumber);
    ca->add_option("--scale", cal.scale, "Multiply pixels (0..255) by S first");
    ca->add_option("--mean", cal.mean, "Subtract M (one value, or one per channel) after scaling");
    ca->add_option("--std", cal.std, "Then divide by S (one value, or one per channel)");
    ca->add_option("--layout", cal.layout, "Input layout of multi-channel images")->check(CLI::IsMember({"nchw", "nhwc"}));
    ca->add_option("--threads", cal.threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    ca->add_flag("--json", cal.json, "Print one JSON document on stdout");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e); // prints help/version or the usage error
        return rc == 0 ? 0 : 2;
    }
    if (*ins) return qb::cli::runInspect(inspect);
    if (*ev) return qb::cli::runEval(eval);
    if (*ca) return qb::cli::runCalibrate(cal);
    return 2;
}
