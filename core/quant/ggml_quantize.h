// Encoders for ggml block formats. The legacy ones (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1) follow ggml's
// quantize_row_*_ref semantics so our bytes are the ones ggml would write; Q4_K and Q6_K are our own
// RTN and scale search in ggml's layouts. The decoders are in core/tensor/ggml_blocks.cpp. Inputs must be finite (callers
// check; see rtn.h).
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

#include "core/tensor/dtype.h"

namespace qb::quant {

/// Encodes n floats (a multiple of the block size) into blocks at dst.
using QuantizeRowFn = void (*)(const float* x, void* dst, int64_t n);

void quantizeQ8_0Ref(const float* x, void* dst, int64_t n);
void quantizeQ4_0Ref(const float* x, void* dst, int64_t n);
void quantizeQ4_1Ref(const float* x, void* dst, int64_t n);
void quantizeQ5_0Ref(const float* x, void* dst, int64_t n);
void quantizeQ5_1Ref(const float* x, void* dst, int64_t n);
/// n a multiple of 256. Plain RTN within the K-quant layouts (see the .cpp), not ggml's search.
void quantizeQ4_KRef(const float* x, void* dst, int64_t n);
void quantizeQ6_KRef(const float* x, void* dst, int64_t n);
/// Our own least-squares scale search per sub-block (see the .cpp); each block keeps the plain
/// encoding where that decodes with less squared error, so it never loses to the Ref encoders.
void quantizeQ4_KSearch(const float* x, void* dst, int64_t n);
void quantizeQ6_KSearch(const float* x, void* dst, int64_t n);

/// AVX2 forms, byte-identical to the reference (tests/core/test_quant_ggml.cpp). Call only when
/// cpuFeatures().f16c (core/util/cpu_features.h) is true.
void quantizeQ8_0Avx2(const float* x, void* dst, int64_t n);
void quantizeQ4_0Avx2(const float* x, void* dst, int64_t n);

/// One ggml block type: its layout (from the dtype traits, sized by ggml_block_types.h), decoder
/// and encoders.
struct GgmlFormat {
    DType type;
    std::string_view name;     ///< "q4_0"
    int64_t blockElems;        ///< weights per block: 32, or 256 for K-quants
    int64_t blockBytes;        ///< sizeof the block struct
    void (*decode)(const void* src, float* dst, int64_t n);
    QuantizeRowFn encode;       ///< reference encoder; null: we can read the type but not write it
    QuantizeRowFn encodeAvx2;   ///< byte-identical AVX2 form, or null
    QuantizeRowFn encodeSearch; ///< scale-searching encoder, or null
};

/// Every ggml block type we know, in DType order.
std::span<const GgmlFormat> ggmlFormats();
/// The row of t, or null when t is no ggml block type.
const GgmlFormat* ggmlFormat(DType t);

/// The reference encoder of a ggml block type, or null if we have none.
QuantizeRowFn ggmlQuantizeRef(DType t);
/// The fastest encoder this CPU runs (the reference when there is no fast path).
QuantizeRowFn ggmlQuantizeFast(DType t);
/// The scale-searching encoder (Q4_K, Q6_K), or null when the type has none.
QuantizeRowFn ggmlQuantizeSearch(DType t);

} // namespace qb::quant
