#include "core/formats/gguf_file.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <limits>
#include <set>

#include "core/util/error.h"

namespace qb::gguf {

static_assert(std::endian::native == std::endian::little, "GGUF fields are read as little-endian");

namespace {

constexpr uint64_t kMaxKeyLength = 65535;   // keys are short ASCII paths
constexpr int kMaxArrayDepth = 8;           // real files nest at most once; bounds recursion
constexpr uint32_t kMaxDims = 4;            // GGML_MAX_DIMS
constexpr size_t kShownItems = 5;           // array items shown in Value::text()

// Smallest number of bytes one value of `t` takes, to bound counts by the bytes left.
uint64_t minEncodedSize(ValueType t) {
    switch (t) {
    case ValueType::U8: case ValueType::I8: case ValueType::Bool: return 1;
    case ValueType::U16: case ValueType::I16: return 2;
    case ValueType::U32: case ValueType::I32: case ValueType::F32: return 4;
    case ValueType::U64: case ValueType::I64: case ValueType::F64: return 8;
    case ValueType::String: return 8;  // the length
    case ValueType::Array: return 12;  // element type + count
    }
    return 1;
}

bool knownType(uint32_t t) { return t <= uint32_t(ValueType::F64); }

class Reader {
public:
    Reader(std::span<const std::byte> bytes, const std::string& path) : b_(bytes), path_(path) {}

    uint64_t pos() const { return pos_; }
    uint64_t remaining() const { return b_.size() - pos_; }
    [[noreturn]] void fail(const std::string& what) const { throw Error(path_, what); }

    template <typename T>
    T read(const std::string& what) {
        need(sizeof(T), what);
        T v;
        std::memcpy(&v, b_.data() + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }

    std::string readString(const std::string& what, uint64_t maxLength = UINT64_MAX) {
        const uint64_t at = pos_;
        const auto len = read<uint64_t>(what + " length");
        if (len > remaining())
            fail(what + ": string length " + std::to_string(len) + " at offset " + std::to_string(at) +
                 " runs past the end of the file (" + std::to_string(remaining()) + " bytes left)");
        if (len > maxLength)
            fail(what + ": string length " + std::to_string(len) + " at offset " + std::to_string(at) +
                 " is implausibly long");
        std::string s(reinterpret_cast<const char*>(b_.data() + pos_), size_t(len));
        pos_ += len;
        return s;
    }

    Value readValue(ValueType t, const std::string& what, int depth) {
        Value v;
        switch (t) {
        case ValueType::U8: v.v = read<uint8_t>(what); break;
        case ValueType::I8: v.v = read<int8_t>(what); break;
        case ValueType::U16: v.v = read<uint16_t>(what); break;
        case ValueType::I16: v.v = read<int16_t>(what); break;
        case ValueType::U32: v.v = read<uint32_t>(what); break;
        case ValueType::I32: v.v = read<int32_t>(what); break;
        case ValueType::F32: v.v = read<float>(what); break;
        case ValueType::U64: v.v = read<uint64_t>(what); break;
        case ValueType::I64: v.v = read<int64_t>(what); break;
        case ValueType::F64: v.v = read<double>(what); break;
        case ValueType::Bool: {
            const uint64_t at = pos_;
            const auto b = read<uint8_t>(what);
            if (b > 1) fail(what + ": bool byte " + std::to_string(b) + " at offset " + std::to_string(at) + " is not 0 or 1");
            v.v = b != 0;
            break;
        }
        case ValueType::String: v.v = readString(what); break;
        case ValueType::Array: v.v = readArray(what, depth); break;
        }
        return v;
    }

private:
    void need(uint64_t n, const std::string& what) const {
        if (n > remaining())
            fail("truncated at offset " + std::to_string(pos_) + " while reading " + what + " (" +
                 std::to_string(n) + " bytes needed, " + std::to_string(remaining()) + " left)");
    }

    Array readArray(const std::string& what, int depth) {
        if (depth >= kMaxArrayDepth)
            fail(what + ": arrays nested deeper than " + std::to_string(kMaxArrayDepth) + " at offset " +
                 std::to_string(pos_));
        const uint64_t at = pos_;
        const auto type = read<uint32_t>(what + " array element type");
        if (!knownType(type))
            fail(what + ": unknown array element type " + std::to_string(type) + " at offset " + std::to_string(at));
        const uint64_t countAt = pos_;
        const auto count = read<uint64_t>(what + " array count");
        Array a;
        a.type = ValueType(type);
        // Each element takes at least minEncodedSize bytes, so a hostile count cannot make us
        // allocate more than the file could possibly describe.
        if (count > remaining() / minEncodedSize(a.type))
            fail(what + ": array count " + std::to_string(count) + " at offset " + std::to_string(countAt) +
                 " runs past the end of the file (" + std::to_string(remaining()) + " bytes left)");
        a.items.reserve(size_t(count));
        for (uint64_t i = 0; i < count; ++i)
            a.items.push_back(readValue(a.type, what + "[" + std::to_string(i) + "]", depth + 1));
        return a;
    }

    std::span<const std::byte> b_;
    const std::string& path_;
    uint64_t pos_ = 0;
};

template <typename F>
std::string shortest(F v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string quoted(const std::string& s) {
    std::string r = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            r += '\\';
            r += char(c);
        } else if (c < 0x20 || c == 0x7f) {
            static const char* hex = "0123456789abcdef";
            r += "\\x";
            r += hex[c >> 4];
            r += hex[c & 15];
        } else {
            r += char(c);
        }
    }
    return r + "\"";
}

std::string shapeText(const std::vector<int64_t>& s) {
    std::string r = "[";
    for (size_t i = 0; i < s.size(); ++i) r += (i ? "," : "") + std::to_string(s[i]);
    return r + "]";
}

// The tensor infos: name, dims, type, offset; checks each alone, then their layout together.
void readTensorInfos(Reader& r, File& f, uint64_t count, uint64_t fileSize) {
    std::set<std::string> names;
    for (uint64_t i = 0; i < count; ++i) {
        const std::string idx = "tensor info #" + std::to_string(i);
        TensorInfo t;
        t.name = r.readString(idx + " name", kMaxKeyLength);
        const std::string what = "tensor '" + t.name + "'";
        if (!names.insert(t.name).second) r.fail(what + ": name appears twice");
        const uint64_t dimsAt = r.pos();
        const auto nDims = r.read<uint32_t>(what + " dimension count");
        if (nDims == 0 || nDims > kMaxDims)
            r.fail(what + ": " + std::to_string(nDims) + " dimensions at offset " + std::to_string(dimsAt) +
                   " (GGUF allows 1 to 4)");
        std::vector<uint64_t> ne(nDims);
        // The product of the non-zero dimensions must fit: a zero dimension does not make the
        // others harmless to whoever multiplies the shape in another order.
        uint64_t nonZero = 1;
        bool empty = false;
        for (uint32_t d = 0; d < nDims; ++d) {
            ne[d] = r.read<uint64_t>(what + " dimension " + std::to_string(d));
            if (ne[d] == 0) {
                empty = true;
                continue;
            }
            if (ne[d] > uint64_t(std::numeric_limits<int64_t>::max()) ||
                nonZero > uint64_t(std::numeric_limits<int64_t>::max()) / ne[d])
                r.fail(what + ": element count overflows (dimension " + std::to_string(d) + " = " +
                       std::to_string(ne[d]) + ")");
            nonZero *= ne[d];
        }
        const uint64_t elems = empty ? 0 : nonZero;
        for (auto it = ne.rbegin(); it != ne.rend(); ++it) t.shape.push_back(int64_t(*it));
        const uint64_t typeAt = r.pos();
        t.ggmlType = r.read<uint32_t>(what + " type");
        const auto dt = dtypeFromGgml(t.ggmlType);
        if (!dt)
            r.fail(what + ": unknown ggml type id " + std::to_string(t.ggmlType) + " at offset " +
                   std::to_string(typeAt));
        t.dtype = *dt;
        const auto& tr = traits(t.dtype);
        if (ne[0] % uint64_t(tr.blockElems) != 0)
            r.fail(what + ": row length " + std::to_string(ne[0]) + " is not a multiple of the " +
                   std::string(tr.name) + " block size " + std::to_string(tr.blockElems));
        const auto bytes = storageBytes(t.dtype, elems);
        if (!bytes) r.fail(what + ": byte size of shape " + shapeText(t.shape) + " overflows");
        t.bytes = *bytes;
        t.offset = r.read<uint64_t>(what + " data offset");
        f.tensors.push_back(std::move(t));
    }

    // The data section starts at the next multiple of the alignment after the infos.
    const uint64_t pos = r.pos();
    const uint64_t pad = (f.alignment - pos % f.alignment) % f.alignment;
    f.dataStart = pos + pad; // pos <= file size < 2^63, pad < alignment <= 2^32: no overflow
    if (!f.tensors.empty() && f.dataStart > fileSize)
        r.fail("tensor data section would start at offset " + std::to_string(f.dataStart) +
               ", past the end of the file (" + std::to_string(fileSize) + " bytes)");
    const uint64_t dataSize = fileSize - std::min(fileSize, f.dataStart);
    for (const auto& t : f.tensors) {
        const std::string what = "tensor '" + t.name + "'";
        if (t.offset % f.alignment != 0)
            r.fail(what + ": data offset " + std::to_string(t.offset) + " is not a multiple of the alignment " +
                   std::to_string(f.alignment));
        if (t.offset > dataSize || t.bytes > dataSize - t.offset)
            r.fail(what + ": data [" + std::to_string(f.dataStart) + "+" + std::to_string(t.offset) + ", +" +
                   std::to_string(t.bytes) + " bytes) lies past the end of the file (" + std::to_string(fileSize) +
                   " bytes)");
    }
    std::vector<const TensorInfo*> byOffset;
    for (const auto& t : f.tensors)
        if (t.bytes > 0) byOffset.push_back(&t);
    std::sort(byOffset.begin(), byOffset.end(),
              [](const TensorInfo* a, const TensorInfo* b) { return a->offset < b->offset; });
    for (size_t i = 1; i < byOffset.size(); ++i) {
        const auto* prev = byOffset[i - 1];
        const auto* cur = byOffset[i];
        if (cur->offset < prev->offset + prev->bytes)
            r.fail("tensor '" + cur->name + "': data at offset " + std::to_string(cur->offset) +
                   " overlaps tensor '" + prev->name + "' (offset " + std::to_string(prev->offset) + ", " +
                   std::to_string(prev->bytes) + " bytes)");
    }
}

} // namespace

std::string_view typeName(ValueType t) {
    static constexpr std::string_view names[] = {"u8",  "i8",   "u16",    "i16",   "u32", "i32", "f32",
                                                 "bool", "string", "array", "u64", "i64", "f64"};
    return names[size_t(t)];
}

std::optional<int64_t> Value::asInt() const {
    return std::visit(
        [](const auto& x) -> std::optional<int64_t> {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, uint64_t>) {
                if (x > uint64_t(std::numeric_limits<int64_t>::max())) return std::nullopt;
                return int64_t(x);
            } else if constexpr (std::is_integral_v<T>) {
                return int64_t(x);
            } else {
                return std::nullopt;
            }
        },
        v);
}

std::optional<double> Value::asDouble() const {
    return std::visit(
        [](const auto& x) -> std::optional<double> {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_arithmetic_v<T>) return double(x);
            else return std::nullopt;
        },
        v);
}

std::string Value::text() const {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, bool>) {
                return x ? "true" : "false";
            } else if constexpr (std::is_floating_point_v<T>) {
                return shortest(x);
            } else if constexpr (std::is_integral_v<T>) {
                return std::to_string(x);
            } else if constexpr (std::is_same_v<T, std::string>) {
                return x;
            } else {
                std::string r = "[" + std::to_string(x.items.size()) + " x " + std::string(typeName(x.type)) + "]";
                for (size_t i = 0; i < x.items.size() && i < kShownItems; ++i) {
                    const auto& it = x.items[i];
                    r += i ? ", " : " ";
                    r += it.asString() ? quoted(*it.asString()) : it.text();
                }
                if (x.items.size() > kShownItems) r += ", ...";
                return r;
            }
        },
        v);
}

const Value* File::find(std::string_view key) const {
    for (const auto& [k, v] : metadata)
        if (k == key) return &v;
    return nullptr;
}

File parse(std::span<const std::byte> bytes, const std::string& path) {
    Reader r(bytes, path);
    File f;
    const auto magic = r.read<uint32_t>("magic");
    if (std::memcmp(&magic, "GGUF", 4) != 0) r.fail("not a GGUF file (magic is not \"GGUF\")");
    f.version = r.read<uint32_t>("version");
    if (f.version == 1) r.fail("GGUF version 1 is not supported (only versions 2 and 3)");
    if (f.version != 2 && f.version != 3) {
        if (f.version >= 0x10000 && __builtin_bswap32(f.version) <= 3)
            r.fail("big-endian GGUF files are not supported");
        r.fail("GGUF version " + std::to_string(f.version) + " is not supported (only versions 2 and 3)");
    }
    const auto tensorCount = r.read<uint64_t>("tensor count");
    const auto kvCount = r.read<uint64_t>("metadata key count");
    // Every key/value takes at least 8 (key length) + 4 (type) + 1 bytes, every tensor info 8+4+8+4+8.
    if (kvCount > r.remaining() / 13)
        r.fail("metadata key count " + std::to_string(kvCount) + " is more than the file could hold");
    if (tensorCount > r.remaining() / 32)
        r.fail("tensor count " + std::to_string(tensorCount) + " is more than the file could hold");

    std::set<std::string> keys;
    for (uint64_t i = 0; i < kvCount; ++i) {
        const std::string idx = "metadata key #" + std::to_string(i);
        std::string key = r.readString(idx, kMaxKeyLength);
        const std::string what = idx + " '" + key + "'";
        if (!keys.insert(key).second) r.fail(what + ": key appears twice");
        const uint64_t typeAt = r.pos();
        const auto type = r.read<uint32_t>(what + " type");
        if (!knownType(type))
            r.fail(what + ": unknown value type " + std::to_string(type) + " at offset " + std::to_string(typeAt));
        Value v = r.readValue(ValueType(type), what + " value", 0);
        if (key == "general.alignment") {
            const auto a = v.asInt();
            if (!a || *a <= 0 || (*a & (*a - 1)) != 0 || *a > (int64_t(1) << 30))
                r.fail("general.alignment " + v.text() + " is not a power of two");
            f.alignment = uint64_t(*a);
        }
        f.metadata.emplace_back(std::move(key), std::move(v));
    }
    readTensorInfos(r, f, tensorCount, bytes.size());
    return f;
}

} // namespace qb::gguf
