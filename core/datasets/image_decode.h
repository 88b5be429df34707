// PNG (libpng) and JPEG (libjpeg-turbo) decoding to 8-bit RGB or grey, and bilinear resizing.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace qb {

struct Image {
    int64_t rows = 0, cols = 0, channels = 0;
    std::vector<uint8_t> pixels; ///< rows x cols x channels, interleaved
};

/// Decodes a .png or .jpg/.jpeg file (by content) to `channels` 1 (grey: ITU-R BT.601 luma of
/// RGB, as PIL's convert("L")) or 3 (RGB; grey sources are replicated, alpha is dropped).
/// Throws qb::Error(path, ...) on unreadable, corrupt or implausibly large images.
Image decodeImage(const std::string& path, int channels);

/// Bilinear resize with half-pixel centres and clamped edges (OpenCV INTER_LINEAR, PIL without
/// antialiasing), rounded to the nearest byte.
Image resizeBilinear(const Image& src, int64_t rows, int64_t cols);

} // namespace qb
