// The quantize use case: a model (and maybe its project) and a plan in, the quantized project out.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/project.h"
#include "core/model/model.h"
#include "core/pipeline/data_spec.h"
#include "core/quant/llm_block_inputs.h"
#include "core/quant/plan.h"
#include "core/util/job.h"

namespace qb::pipeline {

struct QuantizeRequest {
    quant::Plan plan;
    std::string planSource;  ///< what plan errors name: the plan file, or the options it came from
    /// Calibration data, used when the plan needs activation ranges the project lacks, and as the
    /// text of GPTQ/AWQ/SmoothQuant; an empty path means the project's calibration data.
    DataSpec data;
    CalibrationSettings calibration; ///< samples and seed of that calibration and of the layer inputs
    /// quantizeToFile: continue from the journal an interrupted run with the same inputs left
    /// beside the output; false discards it and starts over.
    bool resume = true;
    /// quantize(): a folder for the same resume journal (empty: none), e.g. in a cache folder, so
    /// that a cancelled quantization continues when asked for again; quantizeToFile uses OUTPUT.partial.
    std::string journal = {};
    /// GPTQ/AWQ/SmoothQuant on a language model: the memory of the block-by-block pass; its hidden
    /// states spill to a temporary file beyond it (quant::LlmBlockInputs). quantizeToFile spills
    /// beside its output when spillDir is empty. The result is the same whether they spill or not.
    quant::MemoryBudget memory = {};
};

struct QuantizeResult {
    Project project;
    std::vector<quant::LayerPlan> layers; ///< the resolved plan, one entry per quantizable layer
    size_t quantizedLayers = 0;           ///< layers not kept in float
    size_t reusedLayers = 0;              ///< of those, taken from the base project unchanged
    size_t resumedLayers = 0;             ///< of those, taken from an interrupted run's journal
    /// The block-by-block pass's memory plan (data-aware plans on language models only).
    std::optional<quant::BlockMemory> blockMemory;
    bool spilledActivations = false; ///< whether its hidden states went to a temporary file
};

/// Resolves the plan against the model before any work (every problem in one qb::Error), then
/// quantizes on top of `base` (its calibration is reused; its quantization replaced) or a new
/// project, whose plan becomes the request's. A layer of base's quantization whose resolved
/// entry is the same in both plans is reused as it is, not quantized again, unless the plan has
/// data-aware layers (GPTQ, AWQ, SmoothQuant: their results depend on every block before them
/// and on the text, so such plans are quantized whole). Calibrates first when activation ranges
/// are needed and missing (nothing is reused then). Reports "layer k/n: METHOD" per layer
/// quantized. With request.journal set, resumable as quantizeToFile is (below). Throws qb::Error
/// (naming what data is missing) and qb::Cancelled.
QuantizeResult quantize(const std::shared_ptr<const Model>& model, std::optional<Project> base,
                        const QuantizeRequest& request, const JobContext& job);

/// quantize() streaming each layer into the project file `output` as it finishes (a temporary
/// file renamed at the end; nothing is left on error or cancel). Memory stays at a few layers
/// whatever the model's size: the returned project's quantization holds no layers.
/// Resumable: each finished layer also goes to the journal `output`.partial (quantize_journal.h),
/// keyed by a fingerprint of the inputs (model hash, resolved plan, data path, hash and
/// preparation when the plan reads data, calibration, threads, QuantBench version). Started
/// again after a cancel or a crash with the same inputs, the journal's layers are taken, not
/// quantized again (GPTQ/AWQ/SmoothQuant blocks are only propagated), and the project is
/// byte-identical to an uninterrupted run's; reports "resuming: N of M layers already done". The journal goes once the project is
/// committed.
QuantizeResult quantizeToFile(const std::shared_ptr<const Model>& model, std::optional<Project> base,
                              const QuantizeRequest& request, const std::string& output, const JobContext& job);

} // namespace qb::pipeline
