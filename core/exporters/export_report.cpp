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

} // namespace qb::exporters
