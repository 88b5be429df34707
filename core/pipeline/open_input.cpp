#include "core/pipeline/open_input.h"

#include "core/formats/model_hash.h"
#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/pipeline/runners.h"

namespace qb::pipeline {

OpenedInput openInput(const std::string& path, const JobContext& job) {
    OpenedInput in;
    if (isProjectFile(path)) {
        in.project = openProject(path);
        job.checkCancel();
        in.model = std::make_shared<const Model>(openModel(in.project->modelPath));
    } else {
        in.model = std::make_shared<const Model>(openModel(path));
    }
    job.checkCancel();
    return in;
}

Project newProject(const Model& model, const JobContext& job) {
    Project p;
    p.modelPath = absolutePath(model.path);
    job.report(0, "hashing the model");
    p.modelHash = modelHash(model.path, job);
    return p;
}

} // namespace qb::pipeline
