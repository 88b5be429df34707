// A read-only memory map of a whole file. Opening maps the file but reads nothing: pages are
// faulted in only when a tensor's bytes are touched, so a 100 GB checkpoint opens instantly.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace qb {

class MappedFile {
public:
    /// Throws qb::Error("<path>", ...) if the file cannot be opened or mapped.
    static std::shared_ptr<const MappedFile> open(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::string& path() const { return path_; }
    uint64_t size() const { return size_; }
    const std::byte* data() const { return data_; }
    std::span<const std::byte> bytes() const { return {data_, size_t(size_)}; }
    /// Bytes [offset, offset+length); throws qb::Error naming `what` if out of bounds.
    std::span<const std::byte> slice(uint64_t offset, uint64_t length, const std::string& what) const;

    /// Drops the resident pages of `bytes` if they lie in a live MappedFile (whole pages, rounded
    /// outwards: the mapping is read-only, so a page dropped is read again from the file when next
    /// touched). Bytes not in a mapping (owned buffers) are left alone. This keeps a pass over a
    /// checkpoint larger than RAM at the size of the part being worked on. Returns the bytes dropped.
    static uint64_t releasePages(std::span<const std::byte> bytes);

private:
    MappedFile() = default;
    std::string path_;
    const std::byte* data_ = nullptr;
    uint64_t size_ = 0;
};

} // namespace qb
