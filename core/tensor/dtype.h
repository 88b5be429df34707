// Element types of stored tensors, including ggml's block-quantized types, and the one traits
// table that says how many bytes a run of elements takes and how to turn it into f32.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace qb {

enum class DType : uint8_t {
    F32, F16, BF16, F64, I8, U8, I16, U16, I32, U32, I64, U64, Bool,
    // ggml block formats (block sizes and layouts from the GGUF/ggml documentation)
    Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q8_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_K,
    // data we can describe but not turn into numbers (ONNX strings, complex, ...)
    Unsupported,
};

struct DTypeTraits {
    DType type;
    std::string_view name;   ///< "f32", "q4_0", ...
    int64_t blockElems;      ///< elements per block (1 for plain types)
    int64_t blockBytes;      ///< bytes per block
    bool isFloat;            ///< plain floating point (f16/bf16/f32/f64)
    /// Decodes n elements (a multiple of blockElems) starting at src; null if not supported.
    void (*toFloat)(const void* src, float* dst, int64_t n);
};

const DTypeTraits& traits(DType t);
std::string_view dtypeName(DType t);
std::optional<DType> dtypeFromName(std::string_view name);

/// Bytes needed for n elements, or nullopt if n is not a whole number of blocks or overflows.
std::optional<uint64_t> storageBytes(DType t, uint64_t n);

/// ggml_type id <-> DType (nullopt for ids we do not know).
std::optional<DType> dtypeFromGgml(uint32_t ggmlType);
std::optional<uint32_t> ggmlId(DType t);

float halfToFloat(uint16_t h);
float bf16ToFloat(uint16_t h);
uint16_t floatToHalf(float f);

} // namespace qb
