#include "core/domain/scheme.h"

#include <iterator>
#include <vector>

#include "core/util/error.h"

namespace qb::quant {

namespace {

constexpr int64_t kGroupSizes[] = {32, 64, 128};

Scheme floatScheme(DType t) {
    const int bits = int(traits(t).blockBytes * 8);
    return {std::string(dtypeName(t)), SchemeKind::Float, t, bits, true, Granularity::Tensor, 1, double(bits), ""};
}

// A row that does not split into whole blocks falls back as llama.cpp's quantizer does
// (llama_tensor_get_type): Q4_K to Q5_0 and Q6_K to Q8_0, whose 32-weight blocks fit more rows,
// then f16. llama.cpp refuses the legacy types on such rows; we keep them in f16.
Scheme ggmlScheme(DType t, int bits, bool symmetric, std::string fallback = "f16") {
    const auto& tr = traits(t);
    return {std::string(tr.name), SchemeKind::Ggml, t, bits, symmetric, Granularity::Group, tr.blockElems,
            double(tr.blockBytes * 8) / double(tr.blockElems), std::move(fallback)};
}

std::string intName(int bits, Granularity g, int64_t group, bool symmetric, int scaleBits) {
    const std::string gran = g == Granularity::Tensor ? "tensor"
                             : g == Granularity::Channel ? "channel"
                                                         : "g" + std::to_string(group);
    return "int" + std::to_string(bits) + "_" + gran + (symmetric ? "_sym" : "_asym") +
           (scaleBits == 16 ? "" : "_s" + std::to_string(scaleBits));
}

// A group scheme whose row length does not divide falls back to per-channel at the same bits and
// scale bits.
Scheme intScheme(int bits, Granularity g, int64_t group, bool symmetric, int scaleBits = 16) {
    const int zeroBits = symmetric ? 0 : bits;
    const double bpw = g == Granularity::Group ? bits + double(scaleBits + zeroBits) / double(group) : bits;
    return {intName(bits, g, group, symmetric, scaleBits), SchemeKind::Integer, DType::Unsupported, bits, symmetric, g,
            g == Granularity::Group ? group : 1, bpw,
            g == Granularity::Group ? intName(bits, Granularity::Channel, 1, symmetric, scaleBits) : "", scaleBits};
}

std::vector<Scheme> buildTable() {
    std::vector<Scheme> t;
    t.push_back(floatScheme(DType::F32));
    t.push_back(floatScheme(DType::F16));
    t.push_back(ggmlScheme(DType::Q8_0, 8, true));
    t.push_back(ggmlScheme(DType::Q6_K, 6, true, "q8_0"));
    t.push_back(ggmlScheme(DType::Q4_K, 4, false, "q5_0"));
    t.push_back(ggmlScheme(DType::Q5_0, 5, true));
    t.push_back(ggmlScheme(DType::Q5_1, 5, false));
    t.push_back(ggmlScheme(DType::Q4_0, 4, true));
    t.push_back(ggmlScheme(DType::Q4_1, 4, false));
    for (int bits = 8; bits >= 2; --bits) {
        for (bool sym : {true, false}) {
            t.push_back(intScheme(bits, Granularity::Tensor, 1, sym));
            t.push_back(intScheme(bits, Granularity::Channel, 1, sym));
            for (int64_t g : kGroupSizes) t.push_back(intScheme(bits, Granularity::Group, g, sym));
        }
    }
    // Scale codes (8, then 6 and 4 bits, as ggml's k-quants use): per channel and per group (one
    // scale per tensor has nothing to save).
    for (int scaleBits : {8, 6, 4})
        for (int bits = 8; bits >= 2; --bits) {
            for (bool sym : {true, false}) {
                t.push_back(intScheme(bits, Granularity::Channel, 1, sym, scaleBits));
                for (int64_t g : kGroupSizes) t.push_back(intScheme(bits, Granularity::Group, g, sym, scaleBits));
            }
        }
    return t;
}

const std::vector<Scheme>& table() {
    static const std::vector<Scheme> t = buildTable();
    return t;
}

bool mul(uint64_t a, uint64_t b, uint64_t& out) { return !__builtin_mul_overflow(a, b, &out); }
bool add(uint64_t a, uint64_t b, uint64_t& out) { return !__builtin_add_overflow(a, b, &out); }

// ceil(count * bits / 8) without overflow.
bool packedBytes(uint64_t count, int bits, uint64_t& out) {
    uint64_t totalBits;
    if (!mul(count, uint64_t(bits), totalBits)) return false;
    out = totalBits / 8 + (totalBits % 8 != 0);
    return true;
}

} // namespace

std::span<const int64_t> groupSizes() { return kGroupSizes; }

bool isScaleBits(int64_t b) { return b == 16 || b == 8 || b == 6 || b == 4; }

bool isGroupSize(int64_t g) {
    for (int64_t s : kGroupSizes)
        if (s == g) return true;
    return false;
}

std::string groupSizeNames() {
    std::string out;
    for (size_t i = 0; i < std::size(kGroupSizes); ++i) {
        out += i == 0 ? "" : i + 1 == std::size(kGroupSizes) ? " or " : ", ";
        out += std::to_string(kGroupSizes[i]);
    }
    return out;
}

std::span<const Scheme> schemes() { return table(); }

const Scheme* findScheme(std::string_view name) {
    for (const auto& s : table())
        if (s.name == name) return &s;
    return nullptr;
}

const Scheme& scheme(std::string_view name) {
    if (const Scheme* s = findScheme(name)) return *s;
    throw Error("scheme", "unknown quantization scheme '" + std::string(name) + "'");
}

const Scheme& resolve(const Scheme& s, int64_t cols) {
    const Scheme* cur = &s;
    while (cur->granularity == Granularity::Group && (cols <= 0 || cols % cur->group != 0))
        cur = &scheme(cur->fallback);
    return *cur;
}

std::optional<uint64_t> sizeBytes(const Scheme& s, int64_t rows, int64_t cols) {
    if (rows < 0 || cols < 0) return std::nullopt;
    uint64_t n;
    if (!mul(uint64_t(rows), uint64_t(cols), n)) return std::nullopt;
    if (s.granularity == Granularity::Group && cols % s.group != 0) return std::nullopt;
    if (s.kind != SchemeKind::Integer) return storageBytes(s.storage, n);

    const uint64_t groups = s.granularity == Granularity::Tensor ? (n > 0 ? 1 : 0)
                            : s.granularity == Granularity::Channel ? uint64_t(rows)
                                                                    : n / uint64_t(s.group);
    uint64_t scales, zeros = 0, codes, total;
    if (!packedBytes(groups, s.scaleBits, scales)) return std::nullopt;
    if (s.scaleBits != 16 && groups > 0) scales += 2; // the fp16 super-scale
    if (!s.symmetric && !packedBytes(groups, s.bits, zeros)) return std::nullopt;
    if (!packedBytes(n, s.bits, codes)) return std::nullopt;
    if (!add(scales, zeros, total) || !add(total, codes, total)) return std::nullopt;
    return total;
}

std::optional<double> bitsPerWeight(const Scheme& s, int64_t rows, int64_t cols) {
    const auto bytes = sizeBytes(s, rows, cols);
    if (!bytes || rows == 0 || cols == 0) return std::nullopt;
    return double(*bytes) * 8.0 / (double(rows) * double(cols));
}

} // namespace qb::quant
