// Reader for a safetensors checkpoint: one file, a sharded index, or a folder holding them with config.json.
#pragma once
#include <string>

#include "core/model/model.h"

namespace qb {

/// Opens without reading tensor data (views into a memory map where the format allows).
/// Throws qb::Error("<file>", "<what>") naming the tensor or offset on any malformed input.
Model readSafetensors(const std::string& path);

} // namespace qb
