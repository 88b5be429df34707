// Sizes as users type them: "512M", "1.5G", "4096K", "2GiB", "1000000" (bytes). K, M, G and T
// are binary (1024-based), as memory is counted.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace qb {

/// The bytes `text` means, or nullopt when it is not a size (empty, negative, an unknown unit,
/// or more than 2^63 bytes).
std::optional<uint64_t> parseByteSize(std::string_view text);

} // namespace qb
