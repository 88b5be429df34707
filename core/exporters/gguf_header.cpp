#include "core/exporters/gguf_header.h"

#include <cstring>
#include <type_traits>

namespace qb::exporters {

namespace {

template <typename T>
void put(std::string& out, T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.append(b, sizeof(T));
}

void putString(std::string& out, const std::string& s) {
    put<uint64_t>(out, s.size());
    out += s;
}

// A value without its type id (array elements carry none of their own).
void putPayload(std::string& out, const gguf::Value& v) {
    std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::string>) {
                putString(out, x);
            } else if constexpr (std::is_same_v<T, gguf::Array>) {
                put<uint32_t>(out, uint32_t(x.type));
                put<uint64_t>(out, x.items.size());
                for (const gguf::Value& item : x.items) putPayload(out, item);
            } else if constexpr (std::is_same_v<T, bool>) {
                put<uint8_t>(out, x ? 1 : 0);
            } else {
                put<T>(out, x);
            }
        },
        v.v);
}

} // namespace

std::string ggufHeader(const GgufMetadata& metadata, const std::vector<GgufTensorHeader>& tensors,
                       uint64_t alignment) {
    std::string out = "GGUF";
    put<uint32_t>(out, kGgufVersion);
    put<uint64_t>(out, tensors.size());
    put<uint64_t>(out, metadata.size());
    for (const auto& [key, value] : metadata) {
        putString(out, key);
        put<uint32_t>(out, uint32_t(value.type()));
        putPayload(out, value);
    }
    for (const GgufTensorHeader& t : tensors) {
        putString(out, t.name);
        put<uint32_t>(out, uint32_t(t.shape.size()));
        for (auto d = t.shape.rbegin(); d != t.shape.rend(); ++d) put<uint64_t>(out, uint64_t(*d));
        put<uint32_t>(out, t.ggmlType);
        put<uint64_t>(out, t.offset);
    }
    out.resize(size_t(alignUp(out.size(), alignment)), '\0');
    return out;
}

} // namespace qb::exporters
