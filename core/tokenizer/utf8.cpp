#include "core/tokenizer/utf8.h"

#include <cstdint>

namespace qb::utf8 {

size_t codePointLength(std::string_view s, size_t i) {
    const auto byte = [&](size_t k) { return uint8_t(s[i + k]); };
    const uint8_t b0 = byte(0);
    if (b0 < 0x80) return 1;
    size_t n;
    uint32_t cp;
    if ((b0 & 0xE0) == 0xC0) n = 2, cp = b0 & 0x1F;
    else if ((b0 & 0xF0) == 0xE0) n = 3, cp = b0 & 0x0F;
    else if ((b0 & 0xF8) == 0xF0) n = 4, cp = b0 & 0x07;
    else return 0;
    if (s.size() - i < n) return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((byte(k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (byte(k) & 0x3F);
    }
    static constexpr uint32_t kMinForLength[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

std::optional<size_t> firstInvalid(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const size_t n = codePointLength(s, i);
        if (n == 0) return i;
        i += n;
    }
    return std::nullopt;
}

} // namespace qb::utf8
