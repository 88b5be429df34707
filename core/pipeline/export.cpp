#include "core/pipeline/export.h"

#include "core/exporters/gguf_export.h"
#include "core/exporters/gptq_safetensors_export.h"
#include "core/exporters/onnx_qdq_export.h"
#include "core/util/error.h"

namespace qb::pipeline {

namespace {

// HDF5 is wired in as their exporters land.
[[noreturn]] void notBuiltIn(exporters::ExportFormat format) {
    throw Error("--format", exporters::formatName(format) + " export is not built in yet");
}

} // namespace

exporters::ExportCheck checkExport(exporters::ExportFormat format, const Model& model, const Project& project) {
    switch (format) {
    case exporters::ExportFormat::Gguf: return exporters::checkGguf(model, project);
    case exporters::ExportFormat::OnnxQdq: return exporters::checkOnnxQdq(model, project);
    case exporters::ExportFormat::GptqSafetensors: return exporters::checkGptqSafetensors(model, project);
    case exporters::ExportFormat::Hdf5: break;
    }
    notBuiltIn(format);
}

exporters::ExportResult exportProject(exporters::ExportFormat format, const std::shared_ptr<const Model>& model,
                                      const Project& project, const std::string& out, const JobContext& job) {
    if (!model) throw Error(out, "no model to export");
    switch (format) {
    case exporters::ExportFormat::Gguf: return exporters::writeGguf(*model, project, out, job);
    case exporters::ExportFormat::OnnxQdq: return exporters::writeOnnxQdq(*model, project, out, job);
    case exporters::ExportFormat::GptqSafetensors:
        return exporters::writeGptqSafetensors(*model, project, out, job);
    case exporters::ExportFormat::Hdf5: break;
    }
    notBuiltIn(format);
}

} // namespace qb::pipeline
