// A QuantBench project: a model (by path and content hash), its calibration and, once quantized,
// its quantized layers. core/formats/project_file.h reads and writes it as a .qbproj file.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/domain/calibration.h"
#include "core/domain/latency.h"
#include "core/domain/quantized_layer.h"
#include "core/domain/sensitivity.h"

namespace qb {

/// The result of `quantize`: the plan it followed and every quantized layer.
struct ProjectQuantization {
    std::string plan;    ///< the plan JSON as given (or as built from --bits ...)
    std::string method;  ///< the default method of the plan ("rtn", "gptq"...)
    std::vector<quant::QuantizedLayer> layers; ///< layers kept in f32 are absent
};

struct Project {
    std::string modelPath;  ///< absolute
    std::string modelHash;  ///< modelHash() of the model when the project was written
    Calibration calibration; ///< empty (no layers, 0 samples) when quantized without data
    std::optional<ProjectQuantization> quantization;
    std::optional<ProjectSensitivity> sensitivity; ///< absent in projects that never measured it
    /// The plan worked on (plan JSON), kept with or without a quantization: what the plan editor
    /// shows on reopen and what `quantize` follows when given none. Absent in older projects.
    std::optional<std::string> plan;
    /// Per-layer kernel times on the machine that measured them (check LatencyKey before use);
    /// absent in projects that never measured them.
    std::optional<ProjectLatency> latency;
};

} // namespace qb
