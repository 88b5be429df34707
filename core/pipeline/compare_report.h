// compare's HTML report: one self-contained file (inline CSS, plots as inline SVG, no scripts and
// no network), for the CLI's --report and the GUI's export.
#pragma once
#include <cstdint>
#include <string>

#include "core/pipeline/compare.h"

namespace qb::pipeline {

struct ReportContext {
    std::string model, data;  ///< what was compared on what, as the user named them
    int64_t samples = 20;     ///< sample records per quantized run, largest KL first
};

/// The whole document.
std::string comparisonHtml(const Comparison& comparison, const ReportContext& context);

/// Writes comparisonHtml() to `path` through a temporary file renamed over it: on failure nothing
/// is left at `path`. Throws qb::Error(path, ...).
void writeComparisonHtml(const std::string& path, const Comparison& comparison, const ReportContext& context);

} // namespace qb::pipeline
