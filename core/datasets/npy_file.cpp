#include "core/datasets/npy_file.h"
#include "core/util/temp_output_file.h"

#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb {

namespace {

// ------------------------------------------------------------------ .npy header dict
// numpy writes a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }

class HeaderParser {
public:
    HeaderParser(std::string_view text, const std::string& where) : s_(text), where_(where) {}

    void parse(std::string& descr, bool& fortran, std::vector<int64_t>& shape) {
        bool haveDescr = false, haveFortran = false, haveShape = false;
        expect('{');
        while (true) {
            skipSpace();
            if (peek() == '}') break;
            const std::string key = quoted();
            expect(':');
            skipSpace();
            if (key == "descr") {
                descr = quoted();
                haveDescr = true;
            } else if (key == "fortran_order") {
                fortran = boolean();
                haveFortran = true;
            } else if (key == "shape") {
                shape = tuple();
                haveShape = true;
            } else {
                throw fail("unknown header key '" + key + "'");
            }
            skipSpace();
            if (peek() == ',') ++pos_;
        }
        if (!haveDescr || !haveFortran || !haveShape) throw fail("header lacks one of 'descr', 'fortran_order', 'shape'");
    }

private:
    Error fail(const std::string& what) const {
        return Error(where_, "npy header: " + what + " (header offset " + std::to_string(pos_) + ")");
    }
    char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
    void skipSpace() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n')) ++pos_;
    }
    void expect(char c) {
        skipSpace();
        if (peek() != c) throw fail(std::string("expected '") + c + "'");
        ++pos_;
    }
    std::string quoted() {
        skipSpace();
        const char q = peek();
        if (q != '\'' && q != '"') throw fail("expected a quoted string");
        const size_t end = s_.find(q, pos_ + 1);
        if (end == std::string_view::npos) throw fail("unterminated string");
        std::string r(s_.substr(pos_ + 1, end - pos_ - 1));
        pos_ = end + 1;
        return r;
    }
    bool boolean() {
        if (s_.substr(pos_, 4) == "True") return pos_ += 4, true;
        if (s_.substr(pos_, 5) == "False") return pos_ += 5, false;
        throw fail("expected True or False");
    }
    std::vector<int64_t> tuple() {
        expect('(');
        std::vector<int64_t> r;
        while (true) {
            skipSpace();
            if (peek() == ')') break;
            if (peek() < '0' || peek() > '9') throw fail("expected a dimension size");
            int64_t v = 0;
            while (peek() >= '0' && peek() <= '9') {
                if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, peek() - '0', &v))
                    throw fail("dimension size overflows");
                ++pos_;
            }
            r.push_back(v);
            if (r.size() > 32) throw fail("more than 32 dimensions");
            skipSpace();
            if (peek() == ',') ++pos_;
            else if (peek() != ')') throw fail("expected ',' or ')'");
        }
        ++pos_;
        return r;
    }

    std::string_view s_;
    const std::string& where_;
    size_t pos_ = 0;
};

template <typename T>
T loadLE(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
}

// ------------------------------------------------------------------ zip

struct ZipReader {
    std::span<const uint8_t> b;
    const std::string& path;

    void need(uint64_t at, uint64_t n, const char* what) const {
        if (at > b.size() || n > b.size() - at)
            throw Error(path, std::string("zip: ") + what + " at offset " + std::to_string(at) + " runs past the end of the " +
                                  std::to_string(b.size()) + "-byte file");
    }
    uint16_t u16(uint64_t at) const { return need(at, 2, "field"), loadLE<uint16_t>(b.data() + at); }
    uint32_t u32(uint64_t at) const { return need(at, 4, "field"), loadLE<uint32_t>(b.data() + at); }
    uint64_t u64(uint64_t at) const { return need(at, 8, "field"), loadLE<uint64_t>(b.data() + at); }
};

std::vector<uint8_t> inflateRaw(std::span<const uint8_t> in, uint64_t outSize, const std::string& where) {
    std::vector<uint8_t> out(static_cast<size_t>(outSize));
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw Error(where, "zlib: cannot initialise inflate");
    z.next_in = const_cast<Bytef*>(in.data());
    z.next_out = out.data();
    // Feed at most 1 GiB per call: zlib's counters are 32-bit.
    int rc = Z_OK;
    size_t inLeft = in.size(), outLeft = out.size();
    while (rc == Z_OK) {
        const uInt inChunk = uInt(std::min<size_t>(inLeft, size_t(1) << 30));
        const uInt outChunk = uInt(std::min<size_t>(outLeft, size_t(1) << 30));
        z.avail_in = inChunk;
        z.avail_out = outChunk;
        rc = inflate(&z, Z_NO_FLUSH);
        inLeft -= inChunk - z.avail_in;
        outLeft -= outChunk - z.avail_out;
        if (rc == Z_OK && inChunk == z.avail_in && outChunk == z.avail_out) rc = Z_BUF_ERROR; // no progress
    }
    const bool ended = rc == Z_STREAM_END;
    inflateEnd(&z);
    if (!ended)
        throw Error(where, std::string("deflate data is corrupt or does not decompress to the declared ") + std::to_string(outSize) +
                               " bytes (zlib: " + (z.msg ? z.msg : std::to_string(rc)) + ")");
    if (outLeft != 0)
        throw Error(where, "decompresses to " + std::to_string(outSize - outLeft) + " bytes, the zip directory declares " +
                               std::to_string(outSize));
    return out;
}

} // namespace

int64_t NpyArray::count() const {
    int64_t n = 1;
    for (const int64_t d : shape) n *= d;
    return n;
}

std::vector<float> NpyArray::toFloat() const {
    const size_t n = size_t(count());
    std::vector<float> r(n);
    const uint8_t* p = bytes.data();
    for (size_t k = 0; k < n; ++k) {
        const uint8_t* e = p + k * size_t(itemSize);
        switch (kind == 'f' ? itemSize : kind == 'i' ? -itemSize : 10 + itemSize) {
        case 4: r[k] = loadLE<float>(e); break;
        case 8: r[k] = float(loadLE<double>(e)); break;
        case -1: r[k] = float(loadLE<int8_t>(e)); break;
        case -2: r[k] = float(loadLE<int16_t>(e)); break;
        case -4: r[k] = float(loadLE<int32_t>(e)); break;
        case -8: r[k] = float(loadLE<int64_t>(e)); break;
        case 11: r[k] = float(*e); break; // u1 and b1
        case 12: r[k] = float(loadLE<uint16_t>(e)); break;
        case 14: r[k] = float(loadLE<uint32_t>(e)); break;
        default: r[k] = float(loadLE<uint64_t>(e)); break;
        }
    }
    return r;
}

std::vector<int64_t> NpyArray::toInt(const std::string& where) const {
    const size_t n = size_t(count());
    std::vector<int64_t> r(n);
    if (kind == 'f') {
        const auto f = toFloat();
        for (size_t k = 0; k < n; ++k) {
            if (!(std::fabs(f[k]) < 9.0e15f) || f[k] != std::floor(f[k]))
                throw Error(where, "element " + std::to_string(k) + " (" + std::to_string(f[k]) + ") is not an integer");
            r[k] = int64_t(f[k]);
        }
        return r;
    }
    const uint8_t* p = bytes.data();
    for (size_t k = 0; k < n; ++k) {
        const uint8_t* e = p + k * size_t(itemSize);
        switch (kind == 'i' ? -itemSize : itemSize) {
        case -1: r[k] = loadLE<int8_t>(e); break;
        case -2: r[k] = loadLE<int16_t>(e); break;
        case -4: r[k] = loadLE<int32_t>(e); break;
        case -8: r[k] = loadLE<int64_t>(e); break;
        case 1: r[k] = *e; break;
        case 2: r[k] = loadLE<uint16_t>(e); break;
        case 4: r[k] = loadLE<uint32_t>(e); break;
        default: {
            const uint64_t v = loadLE<uint64_t>(e);
            if (v > uint64_t(INT64_MAX)) throw Error(where, "element " + std::to_string(k) + " exceeds the int64 range");
            r[k] = int64_t(v);
        }
        }
    }
    return r;
}

NpyArray parseNpy(std::span<const uint8_t> f, const std::string& where) {
    static const uint8_t magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    if (f.size() < 10 || std::memcmp(f.data(), magic, 6) != 0) throw Error(where, "not a .npy file (no \\x93NUMPY magic at offset 0)");
    const int major = f[6];
    if (major < 1 || major > 3) throw Error(where, "npy format version " + std::to_string(major) + " is not supported (offset 6)");
    const size_t lenBytes = major == 1 ? 2 : 4;
    if (f.size() < 8 + lenBytes) throw Error(where, "truncated npy header length (offset 8)");
    const uint64_t headerLen = major == 1 ? loadLE<uint16_t>(f.data() + 8) : loadLE<uint32_t>(f.data() + 8);
    const uint64_t dataStart = 8 + lenBytes + headerLen;
    if (dataStart > f.size())
        throw Error(where, "npy header of " + std::to_string(headerLen) + " bytes runs past the end of the " +
                               std::to_string(f.size()) + "-byte file (offset 8)");
    const std::string_view header(reinterpret_cast<const char*>(f.data()) + 8 + lenBytes, size_t(headerLen));

    NpyArray a;
    std::string descr;
    bool fortran = false;
    HeaderParser(header, where).parse(descr, fortran, a.shape);
    if (fortran) throw Error(where, "fortran_order arrays are not supported; save with np.ascontiguousarray");
    const bool little = !descr.empty() && (descr[0] == '<' || descr[0] == '|' || descr[0] == '=');
    if (descr.size() != 3 || !little || std::string("fiub").find(descr[1]) == std::string::npos)
        throw Error(where, "dtype '" + descr + "' is not supported (little-endian f4 f8 i1-i8 u1-u8 b1)");
    a.kind = descr[1];
    a.itemSize = descr[2] - '0';
    const bool okSize = a.kind == 'f' ? (a.itemSize == 4 || a.itemSize == 8)
                        : a.kind == 'b' ? a.itemSize == 1
                                        : (a.itemSize == 1 || a.itemSize == 2 || a.itemSize == 4 || a.itemSize == 8);
    if (!okSize || (a.itemSize > 1 && descr[0] == '|'))
        throw Error(where, "dtype '" + descr + "' is not supported (little-endian f4 f8 i1-i8 u1-u8 b1)");
    uint64_t count = 1, bytes = 0;
    for (const int64_t d : a.shape)
        if (__builtin_mul_overflow(count, uint64_t(d), &count)) throw Error(where, "shape overflows 64 bits");
    if (__builtin_mul_overflow(count, uint64_t(a.itemSize), &bytes) || bytes > uint64_t(INT64_MAX))
        throw Error(where, "shape overflows 64 bits");
    if (f.size() - dataStart != bytes)
        throw Error(where, "shape and dtype '" + descr + "' need " + std::to_string(bytes) + " data bytes, the file holds " +
                               std::to_string(f.size() - dataStart) + " (offset " + std::to_string(dataStart) + ")");
    a.bytes.assign(f.begin() + ptrdiff_t(dataStart), f.end());
    return a;
}

NpyArray readNpy(const std::string& path) {
    const auto map = MappedFile::open(path);
    const auto b = map->bytes();
    return parseNpy({reinterpret_cast<const uint8_t*>(b.data()), b.size()}, path);
}

std::map<std::string, NpyArray> readNpz(const std::string& path) {
    const auto map = MappedFile::open(path);
    const ZipReader z{{reinterpret_cast<const uint8_t*>(map->bytes().data()), map->bytes().size()}, path};
    const uint64_t size = z.b.size();
    // End of central directory: the last 0x06054b50 within 22 + 65535 (comment) bytes of the end.
    if (size < 22) throw Error(path, "too short for a zip (.npz) archive");
    uint64_t eocd = size - 22;
    while (z.u32(eocd) != 0x06054b50) {
        if (eocd == 0 || size - eocd > 22 + 65535) throw Error(path, "not a zip (.npz) archive: no end-of-central-directory record");
        --eocd;
    }
    uint64_t entries = z.u16(eocd + 10), cdSize = z.u32(eocd + 12), cdOffset = z.u32(eocd + 16);
    if (entries == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF) { // zip64
        if (eocd < 20 || z.u32(eocd - 20) != 0x07064b50) throw Error(path, "zip64 archive without its locator (offset " + std::to_string(eocd) + ")");
        const uint64_t rec = z.u64(eocd - 20 + 8);
        if (z.u32(rec) != 0x06064b50) throw Error(path, "zip64 end record not found at offset " + std::to_string(rec));
        entries = z.u64(rec + 32);
        cdSize = z.u64(rec + 40);
        cdOffset = z.u64(rec + 48);
    }
    z.need(cdOffset, cdSize, "central directory");
    if (entries > cdSize / 46) throw Error(path, "zip directory declares " + std::to_string(entries) + " entries in " + std::to_string(cdSize) + " bytes");

    std::map<std::string, NpyArray> out;
    uint64_t at = cdOffset;
    for (uint64_t e = 0; e < entries; ++e) {
        if (z.u32(at) != 0x02014b50) throw Error(path, "zip: bad central directory entry signature (offset " + std::to_string(at) + ")");
        const uint16_t flags = z.u16(at + 8), method = z.u16(at + 10);
        const uint32_t crc = z.u32(at + 16);
        uint64_t csize = z.u32(at + 20), usize = z.u32(at + 24);
        const uint16_t nameLen = z.u16(at + 28), extraLen = z.u16(at + 30), commentLen = z.u16(at + 32);
        uint64_t local = z.u32(at + 42);
        z.need(at + 46, uint64_t(nameLen) + extraLen + commentLen, "entry name");
        const std::string name(reinterpret_cast<const char*>(z.b.data() + at + 46), nameLen);
        const std::string where = path + ": member '" + name + "'";
        // zip64 extra field: the 64-bit values of the fields saturated above, in this order.
        for (uint64_t x = at + 46 + nameLen; x + 4 <= at + 46 + nameLen + extraLen;) {
            const uint16_t id = z.u16(x), len = z.u16(x + 2);
            if (x + 4 + len > at + 46 + nameLen + extraLen) break;
            if (id == 0x0001) {
                uint64_t p = x + 4;
                const auto take = [&](uint64_t& v) {
                    if (v != 0xFFFFFFFF) return;
                    if (p + 8 > x + 4 + len) throw Error(where, "zip64 extra field too short (offset " + std::to_string(x) + ")");
                    v = z.u64(p);
                    p += 8;
                };
                take(usize);
                take(csize);
                take(local);
            }
            x += 4 + uint64_t(len);
        }
        at += 46 + uint64_t(nameLen) + extraLen + commentLen;
        if (flags & 1) throw Error(where, "is encrypted");
        if (method != 0 && method != 8) throw Error(where, "compression method " + std::to_string(method) + " is not supported (stored or deflate)");
        if (z.u32(local) != 0x04034b50) throw Error(where, "bad local header signature (offset " + std::to_string(local) + ")");
        const uint64_t dataAt = local + 30 + z.u16(local + 26) + z.u16(local + 28);
        z.need(dataAt, csize, "member data");
        const std::span<const uint8_t> raw(z.b.data() + dataAt, size_t(csize));
        std::vector<uint8_t> plain;
        if (method == 0) {
            if (csize != usize) throw Error(where, "stored member sizes differ: " + std::to_string(csize) + " vs " + std::to_string(usize));
            plain.assign(raw.begin(), raw.end());
        } else {
            // Deflate cannot expand data more than about 1032:1; a larger claim is a lie.
            if (usize / 1032 > csize + 64) throw Error(where, "declares " + std::to_string(usize) + " bytes from " + std::to_string(csize) + " compressed");
            plain = inflateRaw(raw, usize, where);
        }
        uLong c = crc32(0L, Z_NULL, 0);
        for (size_t off = 0; off < plain.size(); off += size_t(1) << 30)
            c = crc32(c, plain.data() + off, uInt(std::min<size_t>(plain.size() - off, size_t(1) << 30)));
        if (uint32_t(c) != crc) throw Error(where, "CRC-32 mismatch: the data is corrupt");
        if (name.size() < 4 || name.compare(name.size() - 4, 4, ".npy") != 0) continue; // not an array
        out[name.substr(0, name.size() - 4)] = parseNpy(plain, where);
    }
    return out;
}

std::vector<uint8_t> npyBytes(std::span<const float> values, std::span<const int64_t> shape, const std::string& where) {
    int64_t count = 1;
    std::string dims;
    for (const int64_t d : shape) {
        if (d < 0) throw Error(where, "a negative dimension cannot be written");
        count *= d;
        dims += std::to_string(d) + ", ";
    }
    if (count != int64_t(values.size()))
        throw Error(where, "shape holds " + std::to_string(count) + " values, " + std::to_string(values.size()) + " given");
    if (shape.size() > 1) dims.resize(dims.size() - 2); // a 1-D shape keeps its trailing comma: (n,)
    else if (shape.empty()) dims.clear();
    else dims.pop_back();
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    // Magic (6) + version (2) + length (2) + header, padded with spaces to 64 bytes, ending in '\n'.
    const size_t total = (10 + header.size() + 1 + 63) / 64 * 64;
    header.append(total - 10 - header.size() - 1, ' ');
    header += '\n';
    std::vector<uint8_t> out{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, uint8_t(header.size() & 0xff), uint8_t(header.size() >> 8)};
    out.insert(out.end(), header.begin(), header.end());
    const auto* data = reinterpret_cast<const uint8_t*>(values.data()); // little-endian host (x86-64)
    out.insert(out.end(), data, data + values.size() * sizeof(float));
    return out;
}

void writeNpy(const std::string& path, std::span<const float> values, std::span<const int64_t> shape) {
    const std::vector<uint8_t> bytes = npyBytes(values, shape, path);
    writeFileAtomically(path, {reinterpret_cast<const char*>(bytes.data()), bytes.size()});
}

} // namespace qb
