// Opens any supported model, choosing the reader by the file's content, not its extension.
#pragma once
#include <string>

#include "core/model/model.h"

namespace qb {

enum class ModelFormat { Onnx, Safetensors, Gguf, Llama2c, KerasH5 };

/// Detects the format of a file or folder by content. Throws qb::Error if it is none we read.
ModelFormat detectFormat(const std::string& path);
const char* formatName(ModelFormat f);

/// detectFormat + the matching reader.
Model openModel(const std::string& path);

} // namespace qb
