// The bytes of a GGUF v3 header (GGUF spec, ggml docs/gguf.md): magic, version, counts, the
// metadata key/value pairs, the tensor infos, then zeros up to the alignment where the tensor
// data starts. Little-endian throughout; dimensions are written innermost first.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/formats/gguf_file.h"

namespace qb::exporters {

inline constexpr uint32_t kGgufVersion = 3;
inline constexpr uint64_t kGgufAlignment = 32;

struct GgufTensorHeader {
    std::string name;
    std::vector<int64_t> shape; ///< outermost first, as TensorEntry::shape
    uint32_t ggmlType = 0;
    uint64_t offset = 0;        ///< from the start of the data section, a multiple of the alignment
};

using GgufMetadata = std::vector<std::pair<std::string, gguf::Value>>;

/// The header, padded to `alignment`; its size is where the tensor data starts.
std::string ggufHeader(const GgufMetadata& metadata, const std::vector<GgufTensorHeader>& tensors,
                       uint64_t alignment = kGgufAlignment);

inline uint64_t alignUp(uint64_t n, uint64_t alignment) { return (n + alignment - 1) / alignment * alignment; }

} // namespace qb::exporters
