#include <algorithm>
#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/cli_job.h"
#include "app/cli/table_printer.h"
#include "core/calib/calibration_json.h"
#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/model/inspect_json.h"
#include "core/util/error.h"

namespace qb::cli {

namespace {

std::string shapeText(const std::vector<int64_t>& s) {
    std::string r = "[";
    for (size_t i = 0; i < s.size(); ++i) r += (i ? "," : "") + std::to_string(s[i]);
    return r + "]";
}

void printHuman(const Model& m) {
    std::printf("%s\n  format        %s\n  architecture  %s\n", m.path.c_str(), m.format.c_str(),
                m.architecture.c_str());
    for (const auto& [k, v] : m.properties) {
        if (v.size() > 100) continue; // long arrays (vocabularies) belong in --json
        std::printf("  %-13s %s\n", k.c_str(), v.c_str());
    }
    TablePrinter table({"name", "kind", "shape", "dtype", "params", "bytes", "quant"});
    for (const auto& t : m.tensors)
        table.add({t.name, t.kind, shapeText(t.shape), std::string(dtypeName(t.dtype)),
                   std::to_string(t.params()), std::to_string(t.bytes()), t.quantizable ? "yes" : ""});
    table.print(stdout);
    std::printf("%zu tensors, %lld parameters, %llu bytes\n", m.tensors.size(),
                static_cast<long long>(m.totalParams()), static_cast<unsigned long long>(m.totalBytes()));
}

// Each quantized layer's scheme on its `layers` entry (one is added for a layer that was not
// calibrated: quantized without data); layers kept in f32 get scheme "f32".
void addQuantization(nlohmann::json& j, const ProjectQuantization& q) {
    auto& layers = j["layers"];
    for (auto& l : layers) l["scheme"] = "f32";
    for (const auto& ql : q.layers) {
        auto it = std::find_if(layers.begin(), layers.end(), [&](const nlohmann::json& l) { return l["name"] == ql.name; });
        if (it == layers.end()) {
            layers.push_back({{"name", ql.name}});
            it = layers.end() - 1;
        }
        const quant::QuantizedTensor& w = ql.weight;
        (*it)["scheme"] = w.scheme ? w.scheme->name : "";
        (*it)["method"] = ql.method;
        (*it)["bits_per_weight"] = w.scheme ? quant::bitsPerWeight(*w.scheme, w.rows, w.cols).value_or(0.0) : 0.0;
        (*it)["act_bits"] = ql.activation ? ql.activation->bits : 0;
        (*it)["smoothed"] = !ql.inputScale.empty();
    }
    j["quantization"] = {{"method", q.method}, {"plan", nlohmann::json::parse(q.plan, nullptr, false)},
                         {"quantized_layers", q.layers.size()}};
}

} // namespace

// A project shows its model (refused if the model file changed) plus the per-layer statistics.
int inspectProject(const InspectOptions& o) {
    const Project p = openProject(o.path);
    const Model m = openModel(p.modelPath);
    if (o.json) {
        nlohmann::json j = inspectJson(m);
        j["project"] = {{"path", o.path}, {"model", p.modelPath}, {"model_hash", p.modelHash},
                        {"samples", p.calibration.samplesUsed}, {"data", p.calibration.settings.dataPath}};
        j["layers"] = layersJson(p.calibration);
        // Quantized without calibration: list the quantizable layers by name, so that the ones
        // kept in f32 show too.
        if (p.calibration.layers.empty())
            for (const TensorEntry& t : m.tensors)
                if (t.quantizable) j["layers"].push_back({{"name", t.name}});
        if (p.quantization) addQuantization(j, *p.quantization);
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    printHuman(m);
    std::printf("project %s: %zu calibrated layers on %lld samples\n", o.path.c_str(), p.calibration.layers.size(),
                static_cast<long long>(p.calibration.samplesUsed));
    TablePrinter table({"layer", "w min", "w max", "a min", "a max", "a p99.9"});
    for (const auto& l : p.calibration.layers)
        table.add({l.name, std::to_string(l.weight.min), std::to_string(l.weight.max), std::to_string(l.activation.min),
                   std::to_string(l.activation.max), std::to_string(l.activation.p99_9)});
    table.print(stdout);
    if (p.quantization) {
        std::printf("quantized (%s): %zu layers\n", p.quantization->method.c_str(), p.quantization->layers.size());
        TablePrinter q({"layer", "scheme", "method", "act bits"});
        for (const auto& l : p.quantization->layers)
            q.add({l.name, l.weight.scheme ? l.weight.scheme->name : "", l.method,
                   l.activation ? std::to_string(l.activation->bits) : "-"});
        q.print(stdout);
    }
    return 0;
}

int runInspect(const InspectOptions& o) {
    CliJob job(o.path);
    return job.run([&] {
        if (isProjectFile(o.path)) return inspectProject(o);
        const Model m = openModel(o.path);
        if (o.json)
            std::cout << inspectJson(m).dump(2) << "\n";
        else
            printHuman(m);
        return 0;
    });
}

} // namespace qb::cli
