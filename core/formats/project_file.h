// The QuantBench project file (.qbproj): HDF5 holding the model's path and content hash, the
// calibration settings and per-layer statistics, and the quantized layers once quantized.
// Layout: docs/PROJECT_FORMAT.md.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/domain/project.h"
#include "core/util/job.h"

namespace qb {

constexpr int kProjectVersion = 1;

/// True if `path` is an HDF5 file whose root carries the quantbench_project attribute.
bool isProjectFile(const std::string& path);

/// Writes to a temporary file beside `path`, then renames it over `path`; on any error or on
/// cancel the temporary file is removed and `path` is untouched. Throws qb::Error, qb::Cancelled.
void writeProject(const std::string& path, const Project& project, const JobContext& job = {});

/// Reads a project without looking at its model, first in a forked child (hdf5_guard.h) so that a
/// file that crashes or hangs HDF5 is an error. Throws qb::Error(path, ...) naming what is wrong
/// (unknown version, missing or malformed layer entries, quantized bytes that do not match their
/// scheme and shape).
Project readProject(const std::string& path);

/// Throws qb::Error(model path, ...) if the model file is missing or its hash differs from the
/// one recorded in the project.
void checkProjectModel(const Project& project);

/// readProject + checkProjectModel.
Project openProject(const std::string& path);

} // namespace qb
