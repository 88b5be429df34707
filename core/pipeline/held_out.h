// Text windows for an honest evaluation of a plan chosen on calibration text: windows that neither
// the sensitivity table (the first windows of the text) nor the quantization's calibration (its
// samples chosen by seed among all windows, as GPTQ/AWQ inputs are) read.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "core/domain/calibration.h"
#include "core/domain/project.h"
#include "core/model/model.h"
#include "core/pipeline/data_spec.h"
#include "core/util/job.h"

namespace qb::pipeline {

struct HeldOutText {
    std::vector<int32_t> tokens;                   ///< the whole text, BOS first
    std::vector<std::span<const int32_t>> windows; ///< views into tokens: full windows of context-1 tokens
    std::vector<int64_t> indexes;                  ///< each window's index among the text's windows
    int32_t bos = 0;

    HeldOutText() = default;
    HeldOutText(HeldOutText&&) = default; // the windows keep viewing the moved buffer
    HeldOutText& operator=(HeldOutText&&) = default;
    HeldOutText(const HeldOutText&) = delete;
    HeldOutText& operator=(const HeldOutText&) = delete;
};

/// `count` full windows of `data` (effectiveContext tokens with the BOS), evenly spread over the
/// windows that are neither among the first `firstWindows` nor among those any of `calibrations`
/// chooses (its samples and seed over all windows): one calibration per quantization the windows
/// are to judge. Throws qb::Error naming the model for one that reads no text, naming the data
/// when fewer windows are left than `count`.
HeldOutText heldOutWindows(const Model& model, const DataSpec& data, int64_t count, int64_t firstWindows,
                           const std::vector<CalibrationSettings>& calibrations);

/// The mean NLL of each held-out window (windowNll) for `model` as stored (quantization null) or
/// with `quantization` applied as evaluate runs it. Throws qb::Error, qb::Cancelled.
std::vector<double> heldOutNll(const Model& model, const ProjectQuantization* quantization, const HeldOutText& text,
                               const JobContext& job = {});

} // namespace qb::pipeline
