// MNIST-style IDX data (images, labels if present; gzip-compressed or raw), read fully into memory after
// validating every header field against what the file actually holds.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/datasets/image_dataset.h"

namespace qb {

/// One IDX file of unsigned bytes: its dimensions and row-major data.
struct IdxArray {
    std::vector<int64_t> dims;
    std::vector<uint8_t> data;
};

/// Reads an IDX file of type 0x08 (unsigned byte), .gz or raw. Throws qb::Error(path, ...) on a
/// bad magic, an unsupported element type, a size that overflows or data that is short or long.
IdxArray readIdx(const std::string& path);

/// `path` is a folder holding one `*images-idx3-ubyte[.gz]` and one `*labels-idx1-ubyte[.gz]`
/// (t10k wins when train files sit beside it), or the images file itself (the labels file is the
/// same name with images-idx3 replaced by labels-idx1). Without a labels file the images come
/// unlabelled.
ImageDataset readIdxDataset(const std::string& path);

} // namespace qb
