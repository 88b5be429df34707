// Content hash of a model (file, or every regular file of a folder) so a project can tell when
// the model it was calibrated on has changed.
#pragma once
#include <cstdint>
#include <string>

#include "core/util/job.h"

namespace qb {

/// "fnv1a64x4:" + 16 lowercase hex digits (docs/PROJECT_FORMAT.md, "Model hash"): four FNV-1a
/// lanes over 8-byte words, so a 140 GB checkpoint hashes at memory speed rather than at one
/// byte per multiply. A folder hashes, in byte-wise name order, each regular file's name and then
/// its bytes. Reports "hashing the model" per 64 MiB. Throws qb::Error if a file cannot be read.
std::string modelHash(const std::string& path, const JobContext& job = {});

/// The hash of `path` by the algorithm `recorded` was made with: "fnv1a64:" (byte-wise 64-bit
/// FNV-1a over the same stream, what projects before fnv1a64x4 hold) or the current one.
std::string modelHashLike(const std::string& recorded, const std::string& path, const JobContext& job = {});

} // namespace qb
