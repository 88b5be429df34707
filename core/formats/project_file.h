// The QuantBench project file (.qbproj): HDF5 holding the model's path and content hash, the
// calibration settings and per-layer statistics, and the quantized layers once quantized.
// Layout: docs/PROJECT_FORMAT.md.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/project.h"
#include "core/util/job.h"

namespace qb {

constexpr int kProjectVersion = 1;

/// True if `path` is an HDF5 file whose root carries the quantbench_project attribute.
bool isProjectFile(const std::string& path);

/// Writes a project as its quantized layers come, so they need not all be held in memory: the
/// constructor writes the header to a temporary file beside `path`, add() appends one layer under
/// /quantization, commit() completes the file and renames it over `path`. Destroyed without
/// commit (an error, a cancel, an exception in the quantizer), it removes the temporary file and
/// `path` stays as it was.
class ProjectWriter {
public:
    /// Writes `project`'s model path and hash, its calibration and, when it has a quantization,
    /// the plan and method and the layers it already holds, reporting "saving layer k/n" after
    /// each (commit() reports "saving" before its last cancel check). Throws qb::Error(path, ...),
    /// qb::Cancelled.
    ProjectWriter(const std::string& path, const Project& project, const JobContext& job = {});
    ~ProjectWriter();
    ProjectWriter(const ProjectWriter&) = delete;
    ProjectWriter& operator=(const ProjectWriter&) = delete;

    /// Appends `layer` as the next /quantization group. Throws qb::Error(path, ...) naming the
    /// layer when the project has no quantization, the layer has no scheme or its name was
    /// written already, or HDF5 fails; qb::Cancelled if the job was cancelled.
    void add(const quant::QuantizedLayer& layer);
    /// add() as a quant::LayerSink, for quantizeModel(..., writer.sink(), ...); valid while the
    /// writer lives.
    std::function<void(quant::QuantizedLayer&&)> sink();
    /// Quantized layers written so far.
    size_t layerCount() const;
    /// Replaces the plan JSON the project keeps (the project's own by default; nullopt: none).
    void setPlan(std::optional<std::string> planJson);
    /// Writes the layer count, closes the file and renames it over `path`. Checks cancel first.
    /// Throws qb::Error(path, ...), qb::Cancelled; the writer is done either way.
    void commit();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Removes the temporary files `<path>.tmp-<pid>-<n>` that writers (projects, HDF5 archives) of
/// processes no longer running left
/// (killed, or the machine lost power); those of live processes stay. Never throws.
void removeStaleTemporaries(const std::string& path);

/// A ProjectWriter given the whole project, committed: on any error or on cancel the temporary
/// file is removed and `path` is untouched. Throws qb::Error, qb::Cancelled.
void writeProject(const std::string& path, const Project& project, const JobContext& job = {});

/// Reads a project without looking at its model, first in the probe program (hdf5_guard.h) so that
/// a file that crashes or hangs HDF5 is an error. Throws qb::Error(path, ...) naming what is wrong
/// (unknown version, missing or malformed layer entries, quantized bytes that do not match their
/// scheme and shape).
Project readProject(const std::string& path);
/// The same read without the probe: what the probe program quantbench-h5probe runs. Nothing else
/// may call it, since a corrupt file can crash libhdf5 inside it.
void readProjectForProbe(const std::string& path);
/// Throws qb::Error unless `path` opens as HDF5 and carries the project marker: what the probe runs
/// for isProjectFile.
void checkProjectMarkerForProbe(const std::string& path);

/// A project file whose quantized layers are read one at a time, so that a project larger than
/// memory can be exported: project() holds everything but the layers' weight bytes (each
/// weight.bytes is empty; its stored size was checked against scheme and shape), and
/// weightBytes(k) reads layer k's. The whole file is read once in a forked child first, one layer
/// at a time, as readProject does. Not thread-safe (HDF5): one thread reads at a time.
class ProjectLayerReader {
public:
    /// Throws qb::Error(path, ...) as readProject does.
    explicit ProjectLayerReader(const std::string& path);
    ~ProjectLayerReader();
    ProjectLayerReader(const ProjectLayerReader&) = delete;
    ProjectLayerReader& operator=(const ProjectLayerReader&) = delete;

    const Project& project() const;
    const std::string& path() const;
    /// The weight bytes of project().quantization->layers[layer]; throws qb::Error(path, ...)
    /// naming the layer's group when the file changed underneath or cannot be read.
    std::vector<uint8_t> weightBytes(size_t layer) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Throws qb::Error(model path, ...) if the model file is missing or its hash differs from the
/// one recorded in the project.
void checkProjectModel(const Project& project);

/// readProject + checkProjectModel.
Project openProject(const std::string& path);

} // namespace qb
