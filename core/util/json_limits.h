// A linear scan of JSON text before it is parsed into a tree, so that hostile nesting or size is
// refused with a clear error in bounded time and memory: printing or walking a 100 000-level tree
// recurses past the stack, and nlohmann's ordered_json inserts each key by a linear search, so a
// million keys in one object take hours.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace qb {

/// Nesting far beyond any real config, plan or tokenizer file (they use fewer than 10 levels).
inline constexpr int kMaxJsonDepth = 256;

/// Throws qb::Error(where, ...) naming the byte offset (line and column) where `text` nests
/// arrays and objects more than `maxDepth` deep, or where one object or array reaches more than
/// `maxMembers` members. Syntax errors are left to the parser (the scan only follows brackets
/// outside strings).
void checkJsonLimits(std::string_view text, const std::string& where, int maxDepth = kMaxJsonDepth,
                     size_t maxMembers = size_t(-1));

} // namespace qb
