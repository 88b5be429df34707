// GPTQ-layout safetensors export of a llama-family project quantized with an integer scheme, for
// the readers of the original GPTQ checkpoints (transformers with optimum / auto-gptq / gptqmodel,
// vLLM): a folder with model.safetensors (qweight, qzeros, scales, g_idx per quantized linear,
// fp16 for everything else, Hugging Face names), config.json with quantization_config, and
// quantize_config.json. Layout and rules: docs/GPTQ_SAFETENSORS.md.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/domain/project.h"
#include "core/exporters/export_report.h"
#include "core/exporters/layer_source.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb::exporters {

/// One tensor of model.safetensors.
struct GptqTensorPlan {
    std::string name;            ///< "model.layers.0.self_attn.q_proj.qweight"
    std::string source;          ///< the model's tensor name (float tensors) or the project layer's name
    std::string dtype;           ///< safetensors dtype: "I32" or "F16"
    std::vector<int64_t> shape;
    enum class Part { Float, QWeight, QZeros, Scales, GIdx } part = Part::Float;
    int layer = -1;              ///< index into the project's quantized layers, or -1
    /// llama2.c/GGUF q/k weights: rows of each head go from adjacent RoPE pairs to Hugging Face's
    /// rotate-half order (transformers' conversion permute); 0 = none.
    int64_t permuteHeads = 0;
    uint64_t bytes = 0;
    uint64_t offset = 0;         ///< in the data section
};

struct GptqPlan {
    ExportCheck check;
    std::vector<GptqTensorPlan> tensors;
    int bits = 0;
    int64_t groupSize = -1;      ///< -1: one group per output channel
    bool symmetric = true;
    std::vector<std::string> quantizedRoles;  ///< "self_attn.q_proj", ... quantized in every block
    std::string header;          ///< the safetensors header JSON, padded to 8 bytes
    uint64_t predictedBytes = 0; ///< model.safetensors
};

/// Everything the export will write, and what it refuses (check.problems, each naming its layer).
GptqPlan planGptqSafetensors(const Model& model, const LayerSource& project);

/// planGptqSafetensors().check.
ExportCheck checkGptqSafetensors(const Model& model, const LayerSource& project);

/// Writes the folder `out` (created if missing): model.safetensors through a temporary file
/// renamed at the end, then config.json and quantize_config.json the same way. Throws qb::Error
/// listing every problem of the check (nothing written), qb::Error(out, ...) on I/O errors and
/// qb::Cancelled. Reports "tensor k/n" progress. ExportResult::sizeBytes is model.safetensors'.
/// Holds one quantized layer at a time.
ExportResult writeGptqSafetensors(const Model& model, const LayerSource& project, const std::string& out,
                                  const JobContext& job = {});

} // namespace qb::exporters
