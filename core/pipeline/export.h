// The export use case: a quantized project written in a format another runtime loads, after a
// pre-export check that lists what the format cannot hold (and refuses when it must).
#pragma once
#include <memory>
#include <string>

#include "core/domain/project.h"
#include "core/exporters/export_report.h"
#include "core/exporters/layer_source.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb::pipeline {

/// What exporting `project` to `format` would do: fallbacks per layer, and the problems that
/// refuse it. Throws qb::Error for a format not built in yet or a model it cannot read at all.
exporters::ExportCheck checkExport(exporters::ExportFormat format, const Model& model,
                                   const exporters::LayerSource& project);

/// The size of the file exporting `project` to `format` writes (checkExport's predictedBytes; 0
/// when the check refuses it): GGUF and GPTQ safetensors lay the file out, ONNX QDQ builds the
/// graph, the HDF5 archive writes its layout without data to a sparse temporary file.
uint64_t predictedExportBytes(exporters::ExportFormat format, const Model& model, const exporters::LayerSource& project);

/// Writes `out` (a temporary file renamed at the end: on any error or on cancel nothing is left
/// and an existing `out` stays as it was). Throws qb::Error listing every problem of the check
/// before anything is written, qb::Error(out, ...) on I/O errors, qb::Cancelled.
exporters::ExportResult exportProject(exporters::ExportFormat format, const std::shared_ptr<const Model>& model,
                                      const exporters::LayerSource& project, const std::string& out,
                                      const JobContext& job);

/// exportProject of the project file at `projectPath`, its quantized layers read from the file
/// one at a time as they are written (a project larger than memory exports). Opens the model the
/// project names, refused when it changed since. Throws as openInput and exportProject do.
exporters::ExportResult exportProjectFile(exporters::ExportFormat format, const std::string& projectPath,
                                          const std::string& out, const JobContext& job);

} // namespace qb::pipeline
