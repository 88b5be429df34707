#include "core/pipeline/export.h"

#include "core/exporters/gguf_export.h"
#include "core/exporters/gptq_safetensors_export.h"
#include "core/exporters/hdf5_archive_export.h"
#include "core/exporters/onnx_qdq_export.h"
#include "core/util/error.h"

namespace qb::pipeline {

exporters::ExportCheck checkExport(exporters::ExportFormat format, const Model& model, const Project& project) {
    switch (format) {
    case exporters::ExportFormat::Gguf: return exporters::checkGguf(model, project);
    case exporters::ExportFormat::OnnxQdq: return exporters::checkOnnxQdq(model, project);
    case exporters::ExportFormat::GptqSafetensors: return exporters::checkGptqSafetensors(model, project);
    case exporters::ExportFormat::Hdf5: return exporters::checkHdf5Archive(model, project);
    }
    throw Error("--format", "unknown export format");
}

exporters::ExportResult exportProject(exporters::ExportFormat format, const std::shared_ptr<const Model>& model,
                                      const Project& project, const std::string& out, const JobContext& job) {
    if (!model) throw Error(out, "no model to export");
    switch (format) {
    case exporters::ExportFormat::Gguf: return exporters::writeGguf(*model, project, out, job);
    case exporters::ExportFormat::OnnxQdq: return exporters::writeOnnxQdq(*model, project, out, job);
    case exporters::ExportFormat::GptqSafetensors: return exporters::writeGptqSafetensors(*model, project, out, job);
    case exporters::ExportFormat::Hdf5: return exporters::writeHdf5Archive(*model, project, out, job);
    }
    throw Error("--format", "unknown export format");
}

} // namespace qb::pipeline
