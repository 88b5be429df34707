// The Quantize job: the pipeline's quantization of the open model by a plan, on top of the open
// project, off the GUI thread.
#pragma once
#include <QString>
#include <memory>

#include "core/domain/project.h"
#include "core/model/model.h"
#include "core/quant/plan.h"
#include "core/util/job.h"

namespace qb {

/// What Model > Quantize… asks for: a plan file, or the uniform settings of `quantize --bits`.
struct QuantizationRequest {
    QString planPath;              ///< non-empty: this plan file, `settings` unused
    quant::PlanSettings settings;  ///< bits, group, symmetric, method, act_bits
    int64_t samples = 64;          ///< calibration text windows for GPTQ/AWQ/SmoothQuant
    /// Non-empty: each layer goes straight into this project file as it finishes
    /// (pipeline::quantizeToFile), so a model whose result does not fit in memory quantizes; the
    /// open project stays as it was.
    QString outputPath;
    uint64_t memoryBudget = 0;     ///< bytes of their block-by-block pass (0: no limit), pipeline::QuantizeRequest::memory
};

/// Whether quantizing `model` in memory would hold more than half of this machine's RAM: its
/// quantizable weights at `bitsPerWeight` plus the rest as stored. The dialog then writes to a
/// file by default.
bool resultOutgrowsMemory(const Model& model, double bitsPerWeight);

/// The plan `request` asks for: its plan file read, or a uniform plan of its settings. Throws
/// qb::Error for a plan file that cannot be read or is not JSON.
quant::Plan requestedPlan(const QuantizationRequest& request);

/// The quantized project, how many of its layers came unchanged from the base project, and how
/// many from the journal of a quantization that was cancelled (or crashed) with the same inputs.
struct QuantizationOutcome {
    Project project;
    size_t reusedLayers = 0;
    size_t resumedLayers = 0;
};

/// Where the Quantize job keeps its resume journal (pipeline::QuantizeRequest::journal): a folder
/// in the user's cache; empty when there is none.
std::string quantizationJournal();

/// Quantizes `model` by `plan` (pipeline::quantize) on top of `base` (the open project, or null:
/// a new project of the model); layers whose entry did not change are kept from `base`.
/// Activation ranges and GPTQ/AWQ/SmoothQuant inputs come from the project's calibration. Each
/// finished layer goes to quantizationJournal(), so asked again after a Cancel (or a crash) with
/// the same inputs it continues where it stopped. `planSource` is what plan errors name, `samples`
/// the calibration text windows of GPTQ/AWQ/SmoothQuant, `memoryBudget` the bytes their
/// block-by-block pass may hold before activations spill to a temporary file (0: no limit).
/// Throws qb::Error naming what is missing, and qb::Cancelled.
QuantizationOutcome quantizeModelJob(const std::shared_ptr<const Model>& model, const std::shared_ptr<const Project>& base,
                         const quant::Plan& plan, const std::string& planSource, int64_t samples, const JobContext& job,
                         uint64_t memoryBudget = 0);
/// The same streamed into the project file `output` (pipeline::quantizeToFile: a temporary file
/// renamed at the end, resumable from `output`.partial); returns how many layers were quantized.
size_t quantizeModelToFile(const std::shared_ptr<const Model>& model, const std::shared_ptr<const Project>& base,
                           const quant::Plan& plan, const std::string& planSource, int64_t samples,
                           const std::string& output, const JobContext& job, uint64_t memoryBudget = 0);

} // namespace qb
