#include "core/tensor/ggml_blocks.h"

#include <stdexcept>

namespace qb::ggml {
// PLACEHOLDER while the decoders are being written; replaced in this same change.
#define QB_TODO(fn) \
    void fn(const void*, float*, int64_t) { throw std::runtime_error(#fn " not written yet"); }
QB_TODO(dequantQ4_0) QB_TODO(dequantQ4_1) QB_TODO(dequantQ5_0) QB_TODO(dequantQ5_1)
QB_TODO(dequantQ8_0) QB_TODO(dequantQ8_1) QB_TODO(dequantQ2_K) QB_TODO(dequantQ3_K)
QB_TODO(dequantQ4_K) QB_TODO(dequantQ5_K) QB_TODO(dequantQ6_K) QB_TODO(dequantQ8_K)
} // namespace qb::ggml
