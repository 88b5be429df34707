// Reader for a GGUF v2/v3 file: metadata, tensor infos, tensor data as views.
#pragma once
#include <string>

#include "core/model/model.h"

namespace qb {

/// Opens without reading tensor data (views into a memory map where the format allows).
/// Throws qb::Error("<file>", "<what>") naming the tensor or offset on any malformed input.
Model readGguf(const std::string& path);

} // namespace qb
