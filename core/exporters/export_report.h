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
    /// The size of the file the export will write, as the format lays it out (GPTQ safetensors:
    /// model.safetensors); 0 when a problem refuses the export.
    uint64_t predictedBytes = 0;
};

struct ExportResult {
    std::string output;
    ExportFormat format = ExportFormat::Gguf;
    uint64_t sizeBytes = 0;       ///< of the file written (GPTQ safetensors: model.safetensors)
    uint64_t predictedBytes = 0;  ///< what the check predicted for it
    size_t layers = 0;            ///< the project's quantized layers written
    std::vector<Fallback> fallbacks;
};

/// Every exporter's result: `sizeBytes` of the file written, `layers` quantized layers in it, the
/// fallbacks and the prediction from the check it ran.
ExportResult exportResult(ExportFormat format, const std::string& out, uint64_t sizeBytes, size_t layers,
                          const ExportCheck& check);

/// The one error every exporter throws when its check refuses: "<n> problem(s) for <format>,
/// nothing written: <problem>; <problem>".
[[noreturn]] void refuseExport(ExportFormat format, const std::string& out, const ExportCheck& check);

} // namespace qb::exporters
