// Reader for a Keras HDF5 full-model save (model_config + model_weights).
#pragma once
#include <string>

#include "core/model/model.h"

namespace qb {

/// Opens without reading tensor data (views into a memory map where the format allows).
/// Throws qb::Error("<file>", "<what>") naming the tensor or offset on any malformed input.
Model readKerasH5(const std::string& path);
/// The same read without the probe (hdf5_guard.h): what the probe program quantbench-h5probe runs.
/// Nothing else may call it, since a corrupt file can crash libhdf5 inside it.
void readKerasH5ForProbe(const std::string& path);

} // namespace qb
