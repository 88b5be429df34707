#include "core/formats/onnx_tensor.h"

#include <charconv>

#include "core/util/error.h"

namespace qb {
namespace fs = std::filesystem;
using TP = onnx::TensorProto;

namespace {

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string r = "[";
    for (size_t i = 0; i < shape.size(); ++i) r += (i ? "," : "") + std::to_string(shape[i]);
    return r + "]";
}

std::optional<uint64_t> parseU64(const std::string& s) {
    uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

// Typed fields whose element layout equals the raw little-endian layout are viewed in place; the
// proto stays alive in Model::storage.
template <typename T>
std::span<const std::byte> viewOf(const google::protobuf::RepeatedField<T>& f) {
    return std::as_bytes(std::span<const T>(f.data(), size_t(f.size())));
}

// Narrow types travel widened in int32_data/uint64_data (f16/bf16 as their 16-bit patterns):
// convert them into an owned buffer with the raw layout.
template <typename Dst, typename Src>
std::span<const std::byte> convertInto(const google::protobuf::RepeatedField<Src>& f,
                                       Dst (*conv)(Src),
                                       std::vector<std::shared_ptr<const void>>& storage) {
    auto buf = std::make_shared<std::vector<Dst>>();
    buf->reserve(size_t(f.size()));
    for (const Src v : f) buf->push_back(conv(v));
    storage.push_back(buf);
    return std::as_bytes(std::span<const Dst>(*buf));
}

constexpr int32_t kUint4 = 21, kInt4 = 22; // TensorProto.DataType

// `count` 4-bit values, the first in the low nibble of each byte, as one byte each (signed ones
// sign-extended) in an owned buffer.
std::span<const std::byte> unpackNibbles(std::span<const std::byte> packed, uint64_t count, bool isSigned,
                                         std::vector<std::shared_ptr<const void>>& storage) {
    auto buf = std::make_shared<std::vector<uint8_t>>(size_t(count));
    for (uint64_t i = 0; i < count; ++i) {
        const auto nibble = uint8_t((uint8_t(packed[size_t(i / 2)]) >> (4 * (i % 2))) & 0xF);
        (*buf)[size_t(i)] = isSigned && nibble >= 8 ? uint8_t(nibble | 0xF0) : nibble;
    }
    storage.push_back(buf);
    return std::as_bytes(std::span<const uint8_t>(*buf));
}

} // namespace

std::optional<DType> dtypeFromOnnx(int32_t onnxType) {
    switch (onnxType) {
    case TP::FLOAT: return DType::F32;
    case TP::UINT8: return DType::U8;
    case TP::INT8: return DType::I8;
    case TP::UINT16: return DType::U16;
    case TP::INT16: return DType::I16;
    case TP::INT32: return DType::I32;
    case TP::INT64: return DType::I64;
    case TP::BOOL: return DType::Bool;
    case TP::FLOAT16: return DType::F16;
    case TP::DOUBLE: return DType::F64;
    case TP::UINT32: return DType::U32;
    case TP::UINT64: return DType::U64;
    case TP::BFLOAT16: return DType::BF16;
    case TP::STRING:
    case TP::COMPLEX64:
    case TP::COMPLEX128: return DType::Unsupported;
    default: return std::nullopt;
    }
}

OnnxTensorLoader::OnnxTensorLoader(std::string modelPath,
                                   std::vector<std::shared_ptr<const void>>& storage)
    : modelPath_(std::move(modelPath)), folder_(fs::path(modelPath_).parent_path()),
      storage_(storage) {}

TensorEntry OnnxTensorLoader::load(const TP& t, const std::string& name) {
    const auto fail = [&](const std::string& what) {
        return Error(modelPath_, "tensor '" + name + "': " + what);
    };
    TensorEntry e;
    e.name = name;
    // 4-bit integers (IR 9, opset 21: the codes of QDQ exports at 4 bits and fewer) are unpacked
    // into int8/uint8; the ONNX library here predates their enum values.
    const bool nibbles = t.data_type() == kInt4 || t.data_type() == kUint4;
    const auto dtype = nibbles ? std::optional(t.data_type() == kInt4 ? DType::I8 : DType::U8) : dtypeFromOnnx(t.data_type());
    if (!dtype) throw fail("unknown data_type " + std::to_string(t.data_type()));
    e.dtype = *dtype;

    int64_t count = 1;
    e.shape.reserve(size_t(t.dims_size()));
    for (int i = 0; i < t.dims_size(); ++i) {
        const int64_t d = t.dims(i);
        if (d < 0) throw fail("dimension " + std::to_string(i) + " is negative (" + std::to_string(d) + ")");
        if (__builtin_mul_overflow(count, d, &count))
            throw fail("element count of the shape overflows int64 (at dimension " + std::to_string(i) + ")");
        e.shape.push_back(d);
    }
    if (t.has_segment()) throw fail("segmented tensors are not supported");

    if (t.data_type() == TP::STRING) { // no byte layout to view; the strings stay in the proto
        if (t.string_data_size() != count)
            throw fail("string_data holds " + std::to_string(t.string_data_size()) + " strings but shape " +
                       shapeText(e.shape) + " needs " + std::to_string(count));
        return e;
    }
    // Complex numbers are pairs of floats/doubles: describable, not decodable.
    const uint64_t complexParts = t.data_type() == TP::COMPLEX64 || t.data_type() == TP::COMPLEX128 ? 2 : 1;
    std::optional<uint64_t> bytes;
    if (complexParts == 2) {
        const uint64_t part = t.data_type() == TP::COMPLEX64 ? 4 : 8;
        uint64_t b = 0;
        if (!__builtin_mul_overflow(uint64_t(count), 2 * part, &b)) bytes = b;
    } else if (nibbles) {
        bytes = uint64_t(count) / 2 + uint64_t(count) % 2; // two a byte, the last one's high nibble unused
    } else {
        bytes = storageBytes(e.dtype, uint64_t(count));
    }
    if (!bytes) throw fail("byte size of shape " + shapeText(e.shape) + " overflows");
    if (nibbles && t.data_location() != TP::EXTERNAL && !t.has_raw_data())
        throw fail("4-bit values outside raw_data or external data are not supported");

    if (t.data_location() == TP::EXTERNAL) {
        e.data = externalData(t, name, *bytes, e.fileOffset);
    } else if (t.has_raw_data()) {
        if (t.raw_data().size() != *bytes) {
            const std::string type = !nibbles ? std::string(dtypeName(e.dtype)) : t.data_type() == kInt4 ? "int4" : "uint4";
            throw fail("raw_data holds " + std::to_string(t.raw_data().size()) + " bytes but shape " +
                       shapeText(e.shape) + " of " + type + " needs " + std::to_string(*bytes));
        }
        e.data = std::as_bytes(std::span(t.raw_data().data(), t.raw_data().size()));
    } else {
        e.data = typedData(t, name, uint64_t(count) * complexParts);
        if (e.data.size() != *bytes) // a converted buffer must match the shape like raw data
            throw fail("typed data decodes to " + std::to_string(e.data.size()) + " bytes, shape needs " +
                       std::to_string(*bytes));
    }
    if (nibbles) {
        e.data = unpackNibbles(e.data, uint64_t(count), t.data_type() == kInt4, storage_);
        e.fileOffset = 0; // an owned buffer now
    }
    return e;
}

std::span<const std::byte> OnnxTensorLoader::typedData(const TP& t, const std::string& name,
                                                       uint64_t count) {
    const auto check = [&](const char* field, int have) {
        if (uint64_t(have) == count) return;
        if (have == 0)
            throw Error(modelPath_, "tensor '" + name + "': holds no data (no raw_data, " + field +
                                        " or external data) but its shape needs " + std::to_string(count) +
                                        " values");
        throw Error(modelPath_, "tensor '" + name + "': " + field + " holds " + std::to_string(have) +
                                    " values but its shape needs " + std::to_string(count));
    };
    switch (t.data_type()) {
    case TP::FLOAT:
    case TP::COMPLEX64: check("float_data", t.float_data_size()); return viewOf(t.float_data());
    case TP::DOUBLE:
    case TP::COMPLEX128: check("double_data", t.double_data_size()); return viewOf(t.double_data());
    case TP::INT64: check("int64_data", t.int64_data_size()); return viewOf(t.int64_data());
    case TP::INT32: check("int32_data", t.int32_data_size()); return viewOf(t.int32_data());
    case TP::UINT64: check("uint64_data", t.uint64_data_size()); return viewOf(t.uint64_data());
    case TP::UINT32:
        check("uint64_data", t.uint64_data_size());
        return convertInto<uint32_t, uint64_t>(
            t.uint64_data(), +[](uint64_t v) { return uint32_t(v); }, storage_);
    case TP::INT8:
        check("int32_data", t.int32_data_size());
        return convertInto<int8_t, int32_t>(
            t.int32_data(), +[](int32_t v) { return int8_t(v); }, storage_);
    case TP::UINT8:
        check("int32_data", t.int32_data_size());
        return convertInto<uint8_t, int32_t>(
            t.int32_data(), +[](int32_t v) { return uint8_t(v); }, storage_);
    case TP::BOOL:
        check("int32_data", t.int32_data_size());
        return convertInto<uint8_t, int32_t>(
            t.int32_data(), +[](int32_t v) { return uint8_t(v != 0); }, storage_);
    case TP::INT16:
        check("int32_data", t.int32_data_size());
        return convertInto<int16_t, int32_t>(
            t.int32_data(), +[](int32_t v) { return int16_t(v); }, storage_);
    case TP::UINT16:
    case TP::FLOAT16:
    case TP::BFLOAT16:
        check("int32_data", t.int32_data_size());
        return convertInto<uint16_t, int32_t>(
            t.int32_data(), +[](int32_t v) { return uint16_t(v); }, storage_);
    default:
        throw Error(modelPath_, "tensor '" + name + "': data_type " + std::to_string(t.data_type()) +
                                    " has no typed data field");
    }
}

std::span<const std::byte> OnnxTensorLoader::externalData(const TP& t, const std::string& name,
                                                          uint64_t bytes, uint64_t& fileOffset) {
    const auto fail = [&](const std::string& what) {
        return Error(modelPath_, "tensor '" + name + "': " + what);
    };
    std::string location;
    uint64_t offset = 0;
    std::optional<uint64_t> length;
    for (const auto& kv : t.external_data()) {
        if (kv.key() == "location") {
            location = kv.value();
        } else if (kv.key() == "offset" || kv.key() == "length") {
            const auto v = parseU64(kv.value());
            if (!v) throw fail("external data " + kv.key() + " '" + kv.value() + "' is not a byte count");
            (kv.key() == "offset" ? offset : length.emplace()) = *v;
        }
    }
    if (location.empty()) throw fail("external data has no location");
    // The spec makes locations relative to the model's folder; refusing escapes keeps a
    // downloaded model from pointing at arbitrary files.
    const fs::path rel(location);
    bool escapes = rel.is_absolute();
    for (const auto& part : rel) escapes = escapes || part == "..";
    if (escapes) throw fail("external data location '" + location + "' leaves the model's folder");
    const std::string file = (folder_ / rel).string();
    const std::string where = "external data in '" + file + "' (offset " + std::to_string(offset) + ")";
    if (length && *length != bytes)
        throw fail(where + ": length " + std::to_string(*length) + " but its shape needs " +
                   std::to_string(bytes) + " bytes");

    auto& mapped = externalFiles_[file];
    if (!mapped) {
        try {
            mapped = MappedFile::open(file);
        } catch (const Error& e) {
            externalFiles_.erase(file);
            throw fail(where + ": " + e.what());
        }
        storage_.push_back(mapped);
    }
    if (offset > mapped->size() || bytes > mapped->size() - offset)
        throw fail(where + ": " + std::to_string(bytes) + " bytes lie past the end of the file (" +
                   std::to_string(mapped->size()) + " bytes)");
    fileOffset = offset;
    return {mapped->data() + offset, size_t(bytes)};
}

} // namespace qb
