// Reader for a llama2.c checkpoint (.bin, legacy version-0 layout).
#pragma once
#include <string>

#include "core/model/model.h"

namespace qb {

/// Opens without reading tensor data (views into a memory map where the format allows).
/// Throws qb::Error("<file>", "<what>") naming the tensor or offset on any malformed input.
Model readLlama2c(const std::string& path);

} // namespace qb
