#include "core/formats/hdf5_util.h"

#include <algorithm>
#include <cstring>

#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb::h5 {

namespace {

// Attributes are small metadata; a count beyond this is a corrupt dataspace, not a real list.
constexpr hssize_t kMaxAttributeElements = 1 << 20;
constexpr uint64_t kMaxAttributeBytes = uint64_t(256) << 20;

std::vector<std::string> readStrings(const std::string& file, hid_t attr, const std::string& where) {
    Id type(H5Aget_type(attr), H5Tclose);
    Id space(H5Aget_space(attr), H5Sclose);
    if (!type || !space) throw Error(file, where + ": cannot read its type: " + lastError());
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n < 0 || n > kMaxAttributeElements)
        throw Error(file, where + ": implausible element count " + std::to_string(n));
    if (H5Tget_class(type.get()) != H5T_STRING) {
        if (n == 0) return {};
        throw Error(file, where + ": is not a string attribute");
    }
    std::vector<std::string> out;
    out.reserve(size_t(n));
    const htri_t variable = H5Tis_variable_str(type.get());
    if (variable < 0) throw Error(file, where + ": cannot read its string type: " + lastError());
    if (n == 0) return out; // an empty list: H5Aread refuses the null buffer of an empty vector
    if (variable) {
        Id mem(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(mem.get(), H5T_VARIABLE);
        H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
        std::vector<char*> buf(size_t(n), nullptr);
        if (H5Aread(attr, mem.get(), buf.data()) < 0)
            throw Error(file, where + ": cannot read: " + lastError());
        for (const char* s : buf) out.emplace_back(s ? s : "");
        H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, buf.data());
        return out;
    }
    const size_t size = H5Tget_size(type.get());
    if (size == 0 || uint64_t(size) > kMaxAttributeBytes / uint64_t(n ? n : 1))
        throw Error(file, where + ": implausible string size " + std::to_string(size));
    Id mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.get(), size);
    H5Tset_strpad(mem.get(), H5T_STR_NULLPAD);
    std::vector<char> buf(size * size_t(n));
    if (n > 0 && H5Aread(attr, mem.get(), buf.data()) < 0)
        throw Error(file, where + ": cannot read: " + lastError());
    for (hssize_t i = 0; i < n; ++i) {
        const char* s = buf.data() + size_t(i) * size;
        out.emplace_back(s, strnlen(s, size));
    }
    return out;
}

std::optional<std::vector<std::string>> readAttribute(const std::string& file, hid_t obj,
                                                      const std::string& name, const std::string& what) {
    if (!hasAttribute(obj, name)) return std::nullopt;
    const std::string where = what + ": attribute '" + name + "'";
    Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
    if (!attr) throw Error(file, where + ": cannot open: " + lastError());
    return readStrings(file, attr.get(), where);
}

herr_t collectInnermost(unsigned, const H5E_error2_t* err, void* data) {
    auto* out = static_cast<std::string*>(data);
    if (out->empty() && err->desc && *err->desc) *out = err->desc;
    return 0;
}

struct ChildQuery {
    H5O_type_t type;
    std::vector<std::string> names;
};

herr_t collectChild(hid_t group, const char* name, const H5L_info_t*, void* data) {
    auto* q = static_cast<ChildQuery*>(data);
    H5O_info_t info;
    // Dangling soft links and external links that cannot be resolved are skipped, not fatal.
    if (H5Oget_info_by_name2(group, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) >= 0 && info.type == q->type)
        q->names.emplace_back(name);
    return 0;
}

herr_t collectDataset(hid_t, const char* name, const H5O_info_t* info, void* data) {
    if (info->type == H5O_TYPE_DATASET) static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
}

} // namespace

QuietErrors::QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietErrors::~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

std::string lastError() {
    std::string out;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collectInnermost, &out);
    // Read once, then dropped: records left on a worker thread's stack outlive the thread's jobs,
    // and HDF5 cannot close its library at exit while they hold IDs.
    H5Eclear2(H5E_DEFAULT);
    if (out.empty()) return "unknown HDF5 error";
    // A failed read or write of the file driver carries the system's reason deep inside a long
    // record (time, file name, descriptor, buffer address...): "error message = 'No space left on
    // device'". That reason is what the user needs.
    const std::string key = "error message = '";
    if (const size_t at = out.find(key); at != std::string::npos) {
        const size_t end = out.find('\'', at + key.size());
        if (end != std::string::npos) {
            const std::string op = out.find("write failed") != std::string::npos  ? "write failed"
                                   : out.find("read failed") != std::string::npos ? "read failed"
                                                                                  : "I/O failed";
            return "HDF5: " + op + ": " + out.substr(at + key.size(), end - at - key.size());
        }
    }
    return "HDF5: " + out;
}

namespace {
// HDF5 1.10 frees a file whose close failed (a write error while the close flushed it, as on a full
// disk) yet leaves its ID registered; the library's exit-time cleanup then closes that ID again
// and crashes (HDFFV-11052, fixed in 1.14). Every file QuantBench opens is closed by QuantBench, so
// that cleanup has nothing else to do and is switched off before the library starts.
[[maybe_unused]] const herr_t kNoExitCleanup = H5dont_atexit();
} // namespace

bool hasAttribute(hid_t obj, const std::string& name) { return H5Aexists(obj, name.c_str()) > 0; }

std::optional<std::string> stringAttribute(const std::string& file, hid_t obj, const std::string& name,
                                           const std::string& what) {
    auto list = readAttribute(file, obj, name, what);
    if (!list) return std::nullopt;
    if (list->size() != 1)
        throw Error(file, what + ": attribute '" + name + "' holds " + std::to_string(list->size()) +
                              " strings, expected one");
    return std::move(list->front());
}

std::optional<std::vector<std::string>>
stringListAttribute(const std::string& file, hid_t obj, const std::string& name, const std::string& what) {
    return readAttribute(file, obj, name, what);
}

std::vector<std::string> childNames(const std::string& file, hid_t group, H5O_type_t type,
                                    const std::string& what) {
    ChildQuery q{type, {}};
    if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, collectChild, &q) < 0)
        throw Error(file, what + ": cannot list the group: " + lastError());
    return std::move(q.names);
}

std::vector<std::string> datasetsBelow(const std::string& file, hid_t group, const std::string& what) {
    std::vector<std::string> names;
    if (H5Ovisit2(group, H5_INDEX_NAME, H5_ITER_INC, collectDataset, &names, H5O_INFO_BASIC) < 0)
        throw Error(file, what + ": cannot walk the group: " + lastError());
    return names;
}

std::optional<std::string> corruptGlobalHeap(std::span<const std::byte> file) {
    const auto* b = reinterpret_cast<const unsigned char*>(file.data());
    const uint64_t size = file.size();
    auto readLE = [&](uint64_t at, unsigned n) {
        uint64_t v = 0;
        for (unsigned i = 0; i < n; ++i) v |= uint64_t(b[at + i]) << (8 * i);
        return v;
    };
    // Size of "lengths" from the superblock, found at 0 or a power of two from 512 on.
    static const unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    unsigned lengthSize = 0;
    for (uint64_t at = 0; at + 16 <= size; at = at ? at * 2 : 512)
        if (std::memcmp(b + at, kSignature, 8) == 0) {
            lengthSize = b[at + 8] < 2 ? b[at + 14] : b[at + 10]; // superblock versions 0-1 vs 2-3
            break;
        }
    if (lengthSize != 2 && lengthSize != 4 && lengthSize != 8) return std::nullopt; // H5Fopen rejects it

    const uint64_t headerSize = 8 + lengthSize;   // "GCOL", version, 3 reserved, collection size
    const uint64_t objectHeader = 8 + lengthSize; // index, reference count, reserved, object size
    // A mapped file's pages behind the scan are released as it goes, so scanning a project of
    // many GB does not leave it all resident (a page read again simply faults back in). One
    // memchr never runs past the next release point: a long stretch without a 'G' (the zeros of
    // an fp16 tensor of a sparse checkpoint) would otherwise be resident all at once.
    constexpr uint64_t kReleaseStep = uint64_t(64) << 20;
    const uint64_t last = size - headerSize + 1; // a header starts below this (size >= 16: a superblock was found)
    uint64_t released = 0;
    for (uint64_t at = 0; at < last; ++at) {
        if (at - released >= kReleaseStep) {
            MappedFile::releasePages(file.subspan(released, at - released));
            released = at;
        }
        const uint64_t stop = std::min(last, released + kReleaseStep);
        const void* g = std::memchr(b + at, 'G', size_t(stop - at));
        if (!g) {
            at = stop - 1; // the loop's ++at resumes at stop, where the pages before are released
            continue;
        }
        at = uint64_t(static_cast<const unsigned char*>(g) - b);
        if (std::memcmp(b + at, "GCOL", 4) != 0 || b[at + 4] != 1 || b[at + 5] || b[at + 6] || b[at + 7])
            continue;
        const std::string where = "global heap collection at offset " + std::to_string(at);
        const uint64_t collection = readLE(at + 8, lengthSize);
        // One running past the end of the file is left to HDF5, which reports the file truncated.
        if (collection > size - at) continue;
        if (collection < headerSize)
            return where + ": size " + std::to_string(collection) + " is below its header size";
        uint64_t pos = at + headerSize;
        const uint64_t end = at + collection;
        while (end - pos >= objectHeader) {
            const uint64_t index = readLE(pos, 2), objectSize = readLE(pos + 8, lengthSize);
            // Object 0 is the free space and its size counts its own header; others pad to 8 bytes.
            const uint64_t padded = objectSize > end - pos ? UINT64_MAX : (objectSize + 7) / 8 * 8;
            const uint64_t need =
                index == 0 ? objectSize : (padded == UINT64_MAX ? UINT64_MAX : objectHeader + padded);
            if (need == 0 || need > end - pos)
                return where + ": object " + std::to_string(index) + " (offset " + std::to_string(pos) +
                       ") has size " + std::to_string(objectSize) + ", past the collection's end";
            pos += need;
        }
    }
    return std::nullopt;
}

} // namespace qb::h5
