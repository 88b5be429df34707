// Reader for a ONNX model (.onnx), weights from initializers, Constant nodes and external data.
#pragma once
#include <string>

#include "core/model/model.h"

namespace qb {

/// Opens without reading tensor data (views into a memory map where the format allows).
/// Throws qb::Error("<file>", "<what>") naming the tensor or offset on any malformed input.
Model readOnnx(const std::string& path);

} // namespace qb
