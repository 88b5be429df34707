// What every exporter reports: where the file went, how big it is, and what the target format
// could not express as planned (and what it did instead), for the pre-export check and the CLI's
// `fallbacks` JSON key.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace qb::exporters {

enum class ExportFormat { OnnxQdq, Gguf, GptqSafetensors, Hdf5 };

/// "onnx-qdq", "gguf", "gptq-safetensors", "hdf5" (the CLI's --format values).
std::string formatName(ExportFormat f);
/// The format named `name`; throws qb::Error("--format", ...) listing the names for anything else.
ExportFormat parseFormat(const std::string& name);

/// One layer the target cannot hold as planned, and what the export does instead.
struct Fallback {
    std::string layer;    ///< the weight tensor's name in the model
    std::string planned;  ///< the scheme the project holds ("q4_k", "int3_g32_asym")
    std::string written;  ///< what the file holds instead ("q5_0", "f16")
    std::string reason;   ///< why ("rows of 64 weights are not a multiple of Q4_K's 256")
};

/// The pre-export check: fallbacks that will happen, and problems that refuse the export (each
/// naming its layer, with the nearest types the target has).
struct ExportCheck {
    std::vector<Fallback> fallbacks;
    std::vector<std::string> problems;
};

struct ExportResult {
    std::string output;
    ExportFormat format = ExportFormat::Gguf;
    uint64_t sizeBytes = 0;  ///< of the file written
    size_t layers = 0;       ///< the project's quantized layers written
    std::vector<Fallback> fallbacks;
};

} // namespace qb::exporters
