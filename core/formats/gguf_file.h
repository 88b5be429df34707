// A parsed GGUF file (v2/v3): every metadata key with its typed value (arrays included) and the
// tensor infos. Parsing validates every count, size and offset against the bytes it is given, so
// later steps (tokenizer, exporters) can trust what they read here.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/tensor/dtype.h"

namespace qb::gguf {

/// gguf_metadata_value_type ids, as stored in the file.
enum class ValueType : uint32_t {
    U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, Bool = 7,
    String = 8, Array = 9, U64 = 10, I64 = 11, F64 = 12,
};
std::string_view typeName(ValueType t);

struct Value;
struct Array {
    ValueType type = ValueType::U8; ///< element type (Array for nested arrays)
    std::vector<Value> items;
};

/// One metadata value. The variant's index equals the ValueType id.
struct Value {
    std::variant<uint8_t, int8_t, uint16_t, int16_t, uint32_t, int32_t, float, bool, std::string,
                 Array, uint64_t, int64_t, double>
        v;

    ValueType type() const { return ValueType(v.index()); }
    /// Any integer type (or bool) as int64; nullopt for other types or u64 values past int64.
    std::optional<int64_t> asInt() const;
    /// Any numeric type as double.
    std::optional<double> asDouble() const;
    const std::string* asString() const { return std::get_if<std::string>(&v); }
    const Array* asArray() const { return std::get_if<Array>(&v); }
    /// Display text: the value, or "[N x type] v0, v1, ..." for arrays (first few items).
    std::string text() const;
};

struct TensorInfo {
    std::string name;
    std::vector<int64_t> shape; ///< row-major, outermost first (GGUF stores innermost first)
    uint32_t ggmlType = 0;
    DType dtype = DType::F32;
    uint64_t offset = 0;        ///< relative to File::dataStart
    uint64_t bytes = 0;
};

struct File {
    uint32_t version = 0;
    uint64_t alignment = 32;
    uint64_t dataStart = 0;     ///< absolute offset of the aligned tensor data section
    std::vector<std::pair<std::string, Value>> metadata; ///< in file order
    std::vector<TensorInfo> tensors;                      ///< in file order

    const Value* find(std::string_view key) const;
};

/// Parses and validates header, metadata and tensor infos of the GGUF held in `bytes`; `path`
/// names the file in errors. Tensor data is not read, only checked to lie inside `bytes`.
File parse(std::span<const std::byte> bytes, const std::string& path);

} // namespace qb::gguf
