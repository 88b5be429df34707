#include "core/exporters/export_report.h"

#include "core/util/error.h"

namespace qb::exporters {

namespace {

constexpr ExportFormat kFormats[] = {ExportFormat::OnnxQdq, ExportFormat::Gguf, ExportFormat::GptqSafetensors,
                                     ExportFormat::Hdf5};

} // namespace

std::string formatName(ExportFormat f) {
    switch (f) {
    case ExportFormat::OnnxQdq: return "onnx-qdq";
    case ExportFormat::Gguf: return "gguf";
    case ExportFormat::GptqSafetensors: return "gptq-safetensors";
    case ExportFormat::Hdf5: return "hdf5";
    }
    return "?";
}

ExportFormat parseFormat(const std::string& name) {
    std::string names;
    for (const ExportFormat f : kFormats) {
        if (formatName(f) == name) return f;
        names += (names.empty() ? "" : ", ") + formatName(f);
    }
    throw Error("--format", "'" + name + "' is not an export format: " + names);
}

ExportResult exportResult(ExportFormat format, const std::string& out, uint64_t sizeBytes, size_t layers,
                          const ExportCheck& check) {
    ExportResult r;
    r.output = out;
    r.format = format;
    r.sizeBytes = sizeBytes;
    r.predictedBytes = check.predictedBytes;
    r.layers = layers;
    r.fallbacks = check.fallbacks;
    return r;
}

void refuseExport(ExportFormat format, const std::string& out, const ExportCheck& check) {
    const size_t n = check.problems.size();
    std::string msg = std::to_string(n) + (n == 1 ? " problem" : " problems") + " for " + formatName(format) +
                      ", nothing written: ";
    for (size_t i = 0; i < n; ++i) msg += (i ? "; " : "") + check.problems[i];
    throw Error(out, msg);
}

} // namespace qb::exporters
