// GGUF export of a quantized llama-family project (llama2.c, GGUF or safetensors source) for
// llama.cpp: its metadata keys, tensor names and per-tensor types, written straight from the
// project's bytes. ggml block schemes are copied, integer schemes with an exact ggml form
// (ggml_reencode.h) re-encoded, float layers and norms taken from the model. Layout of the
// result and the rules: README "Export".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/domain/project.h"
#include "core/exporters/export_report.h"
#include "core/exporters/gguf_header.h"
#include "core/exporters/layer_source.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb::exporters {

/// One tensor of the file: where its bytes come from and what they become.
struct GgufTensorPlan {
    std::string name;             ///< llama.cpp's name ("blk.0.attn_q.weight")
    std::string source;           ///< the model's tensor name
    std::vector<int64_t> shape;   ///< outermost first
    DType type = DType::F32;      ///< what the file holds
    int layer = -1;               ///< index into the project's quantized layers, or -1: from the model
    /// Hugging Face q/k weights: rows of each head go from rotate-half order back to the adjacent
    /// pairs llama.cpp rotates (the inverse of transformers' conversion permute); 0 = no permute.
    int64_t permuteHeads = 0;
    uint64_t bytes = 0;
    uint64_t offset = 0;          ///< in the data section
};

struct GgufPlan {
    ExportCheck check;
    GgufMetadata metadata;
    std::vector<GgufTensorPlan> tensors;
    uint64_t headerBytes = 0;     ///< where the data section starts
    uint64_t predictedBytes = 0;  ///< the whole file
};

/// Everything the export will write, and what it cannot (check.problems, each naming its layer,
/// or the tokenizer when the model has none we read).
GgufPlan planGguf(const Model& model, const LayerSource& project);

/// planGguf().check.
ExportCheck checkGguf(const Model& model, const LayerSource& project);

/// Writes the file: the header with every tensor's offset first, then each tensor in turn,
/// aligned to 32 bytes, into a temporary file renamed over `out` at the end. Throws qb::Error
/// listing every problem of the check (nothing written), qb::Error(out, ...) on I/O errors and
/// qb::Cancelled; `out` is untouched in all three cases. Reports "tensor k/n" progress. Holds one
/// quantized layer at a time.
ExportResult writeGguf(const Model& model, const LayerSource& project, const std::string& out, const JobContext& job = {});

} // namespace qb::exporters
