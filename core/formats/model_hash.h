// Content hash of a model (file, or every regular file of a folder) so a project can tell when
// the model it was calibrated on has changed.
#pragma once
#include <cstdint>
#include <string>

#include "core/util/job.h"

namespace qb {

/// 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime 0x100000001b3) over the file's bytes. A
/// folder hashes, in byte-wise name order, each regular file's name, a 0 byte, then its bytes.
/// Returned as "fnv1a64:" + 16 lowercase hex digits. Throws qb::Error if a file cannot be read.
std::string modelHash(const std::string& path, const JobContext& job = {});

} // namespace qb
