// The first step of every export round-trip target: quantize the fuzzed model, export it into the
// target's private folder, and sort the input into a refusal (noted for the regression replay,
// the folder left empty) or an export the target goes on to read back.
#pragma once
#include <string>

#include "core/exporters/export_report.h"
#include "core/pipeline/export.h"
#include "core/util/error.h"
#include "fuzz/fuzz_quantized_input.h"
#include "fuzz/fuzz_roundtrip.h"

namespace qb::fuzz {

/// True when `q` quantized and exported to folder.file(name) and the folder holds just that;
/// false when the quantizer or the export refused (fuzz::refused noted why). Aborts on a
/// refusal that left anything behind.
inline bool quantizedAndExported(const char* format, const OutputFolder& folder, QuantizedModel& q,
                                 exporters::ExportFormat f, const std::string& name) {
    try {
        quantize(q);
        writeOrRefuse(format, folder, [&] { pipeline::exportProject(f, q.model, q.project, folder.file(name), {}); });
    } catch (const Error& e) {
        refused(e);
        return false;
    }
    folder.expectOnly(format, {name}, "the export");
    return true;
}

} // namespace qb::fuzz
