// HDF5 archive of a quantized project for other tools: plain, unpacked integer codes with their
// scales and zero points per layer, the plan and the provenance (model hash, calibration data,
// versions), readable with h5dump or h5py. Layout: docs/HDF5_ARCHIVE.md.
#pragma once
#include <string>

#include "core/domain/project.h"
#include "core/exporters/export_report.h"
#include "core/exporters/layer_source.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb::exporters {

/// Problems: an unquantized project, a layer whose weight the model lacks, a plan that does not
/// resolve against the model. Fallbacks: ggml block layers (raw blocks plus a float32
/// `dequantized` dataset) and float-scheme layers (float32 `dequantized` only).
ExportCheck checkHdf5Archive(const Model& model, const LayerSource& project);

/// Writes the archive to a temporary file beside `out`, renamed over it at the end: an existing
/// file stays intact on error or cancel. Reports "layer k/n" progress. Throws qb::Error (every
/// problem of the check, or naming `out` and the layer on HDF5 errors) and qb::Cancelled. Holds
/// one quantized layer at a time.
ExportResult writeHdf5Archive(const Model& model, const LayerSource& project, const std::string& out,
                              const JobContext& job = {});

} // namespace qb::exporters
