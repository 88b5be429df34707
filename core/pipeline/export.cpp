#include "core/pipeline/export.h"

#include "core/exporters/gguf_export.h"
#include "core/exporters/gptq_safetensors_export.h"
#include "core/exporters/hdf5_archive_export.h"
#include "core/exporters/onnx_qdq_export.h"
#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/util/error.h"

namespace qb::pipeline {

using exporters::LayerSource;

exporters::ExportCheck checkExport(exporters::ExportFormat format, const Model& model, const LayerSource& project) {
    switch (format) {
    case exporters::ExportFormat::Gguf: return exporters::checkGguf(model, project);
    case exporters::ExportFormat::OnnxQdq: return exporters::checkOnnxQdq(model, project);
    case exporters::ExportFormat::GptqSafetensors: return exporters::checkGptqSafetensors(model, project);
    case exporters::ExportFormat::Hdf5: return exporters::checkHdf5Archive(model, project);
    }
    throw Error("--format", "unknown export format");
}

uint64_t predictedExportBytes(exporters::ExportFormat format, const Model& model, const LayerSource& project) {
    return checkExport(format, model, project).predictedBytes;
}

exporters::ExportResult exportProject(exporters::ExportFormat format, const std::shared_ptr<const Model>& model,
                                      const LayerSource& project, const std::string& out, const JobContext& job) {
    if (!model) throw Error(out, "no model to export");
    switch (format) {
    case exporters::ExportFormat::Gguf: return exporters::writeGguf(*model, project, out, job);
    case exporters::ExportFormat::OnnxQdq: return exporters::writeOnnxQdq(*model, project, out, job);
    case exporters::ExportFormat::GptqSafetensors: return exporters::writeGptqSafetensors(*model, project, out, job);
    case exporters::ExportFormat::Hdf5: return exporters::writeHdf5Archive(*model, project, out, job);
    }
    throw Error("--format", "unknown export format");
}

exporters::ExportResult exportProjectFile(exporters::ExportFormat format, const std::string& projectPath,
                                          const std::string& out, const JobContext& job) {
    job.report(0, "reading the project");
    const ProjectLayerReader reader(projectPath);
    job.checkCancel();
    checkProjectModel(reader.project());
    job.checkCancel();
    const auto model = std::make_shared<const Model>(openModel(reader.project().modelPath));
    job.checkCancel();
    const LayerSource source(reader.project(), [&reader](size_t k) { return reader.weightBytes(k); });
    return exportProject(format, model, source, out, job);
}

} // namespace qb::pipeline
