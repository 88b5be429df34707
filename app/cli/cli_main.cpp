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

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e); // prints help/version or the usage error
        return rc == 0 ? 0 : 2;
    }
    if (*ins) return qb::cli::runInspect(inspect);
    return 2;
}
