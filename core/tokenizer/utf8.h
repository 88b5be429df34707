// UTF-8 checks for text that is about to be tokenized.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace qb::utf8 {

/// Byte length of the well-formed code point starting at s[i], or 0 if the bytes there are not
/// valid UTF-8 (bad lead byte, bad continuation, overlong form, surrogate, past U+10FFFF, cut off).
size_t codePointLength(std::string_view s, size_t i);

/// Offset of the first byte that is not part of well-formed UTF-8, or nullopt if all of it is.
std::optional<size_t> firstInvalid(std::string_view s);

} // namespace qb::utf8
