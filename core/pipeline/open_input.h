// What every command opens first: a model file or folder, or a project and the model it names.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "core/domain/project.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb::pipeline {

struct OpenedInput {
    std::shared_ptr<const Model> model;
    std::optional<Project> project; ///< set when the path was a project
};

/// A model (any format openModel reads), or a .qbproj project and its model, which is refused when
/// it changed since the project was written. Throws qb::Error naming the file.
OpenedInput openInput(const std::string& path, const JobContext& job = {});

/// A new, empty project of `model`: its absolute path and content hash ("hashing the model").
Project newProject(const Model& model, const JobContext& job);

} // namespace qb::pipeline
