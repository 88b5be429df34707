// A weight tensor's quantized bytes in one scheme of the table (see Scheme for the layouts).
#pragma once
#include <cstdint>
#include <vector>

#include "core/domain/scheme.h"

namespace qb::quant {

struct QuantizedTensor {
    const Scheme* scheme = nullptr; ///< the scheme actually used (after resolve())
    int64_t rows = 0, cols = 0;
    std::vector<uint8_t> bytes;     ///< layout of scheme (see Scheme), sizeBytes(*scheme, rows, cols) long
};

} // namespace qb::quant
