// Integer schemes that ggml block formats hold without loss, re-encoded block by block: the
// integer layout's group of 32 weights along a row is exactly one ggml block.
//   int8_g32_sym  -> Q8_0  qs = q, d = s
//   int4_g32_sym  -> Q4_0  nibble = q + 8 (= our code u), d = s
//   int5_g32_sym  -> Q5_0  5-bit code = q + 16 (= u), d = s
//   int4_g32_asym -> Q4_1  nibble = u, d = s, m = -z*s rounded to fp16
//   int5_g32_asym -> Q5_1  as Q4_1 with 5-bit codes
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "core/domain/quantized_tensor.h"
#include "core/tensor/dtype.h"

namespace qb::exporters {

/// The ggml block type holding scheme s exactly (the asymmetric ones up to the min's fp16
/// rounding), or nullopt.
std::optional<DType> ggmlFormOf(const quant::Scheme& s);

struct Reencoded {
    std::vector<uint8_t> bytes;  ///< rows * cols/32 blocks of the target type, row by row
    uint64_t inexactMins = 0;    ///< asymmetric: groups whose -z*s is not an fp16 value
    double maxMinError = 0;      ///< the largest |fp16(m) - (-z*s)| among them
};

/// Groups of an asymmetric tensor whose min -z*s fp16 cannot hold exactly (reads only scales
/// and zero points); `maxError` gets the largest rounding. 0 for symmetric schemes.
uint64_t inexactMins(const quant::QuantizedTensor& t, double& maxError);

/// t (in a scheme ggmlFormOf maps to `target`) as ggml blocks; throws qb::Error naming `name`
/// when the scheme has no such form or the bytes do not match the shape.
Reencoded reencodeToGgml(const quant::QuantizedTensor& t, DType target, const std::string& name);

} // namespace qb::exporters
