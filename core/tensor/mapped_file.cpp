#include "core/tensor/mapped_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/error.h"

namespace qb {

namespace {

// Live mappings by start address, so releasePages() never advises memory it does not own: on a
// heap buffer MADV_DONTNEED would zero the caller's data.
struct Mappings {
    std::mutex lock;
    std::map<const std::byte*, uint64_t> sizes;
};
Mappings& mappings() {
    static Mappings m;
    return m;
}

} // namespace

std::shared_ptr<const MappedFile> MappedFile::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(path, std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int e = errno;
        ::close(fd);
        throw Error(path, std::string("cannot stat: ") + std::strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw Error(path, "is a directory, not a file");
    }
    std::shared_ptr<MappedFile> f(new MappedFile());
    f->path_ = path;
    f->size_ = uint64_t(st.st_size);
    if (f->size_ > 0) {
        void* p = ::mmap(nullptr, size_t(f->size_), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int e = errno;
            ::close(fd);
            throw Error(path, std::string("cannot map: ") + std::strerror(e));
        }
        f->data_ = static_cast<const std::byte*>(p);
        const std::lock_guard hold(mappings().lock);
        mappings().sizes[f->data_] = f->size_;
    }
    ::close(fd); // the mapping keeps the file alive
    return f;
}

MappedFile::~MappedFile() {
    if (!data_) return;
    {
        const std::lock_guard hold(mappings().lock);
        mappings().sizes.erase(data_);
    }
    ::munmap(const_cast<std::byte*>(data_), size_t(size_));
}

uint64_t MappedFile::releasePages(std::span<const std::byte> bytes) {
    if (bytes.empty()) return 0;
    const std::lock_guard hold(mappings().lock); // the mapping stays alive while we advise it
    auto& sizes = mappings().sizes;
    auto it = sizes.upper_bound(bytes.data());
    if (it == sizes.begin()) return 0;
    --it;
    const uintptr_t start = reinterpret_cast<uintptr_t>(it->first);
    const uintptr_t end = start + it->second;
    uintptr_t lo = reinterpret_cast<uintptr_t>(bytes.data());
    uintptr_t hi = lo + bytes.size();
    if (lo >= end || hi > end) return 0; // not (wholly) inside this mapping
    static const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    lo &= ~(page - 1); // the mapping starts on a page, so rounding stays inside it
    hi = std::min(end, (hi + page - 1) & ~(page - 1));
    if (::madvise(reinterpret_cast<void*>(lo), size_t(hi - lo), MADV_DONTNEED) != 0) return 0;
    return uint64_t(hi - lo);
}

std::span<const std::byte> MappedFile::slice(uint64_t offset, uint64_t length,
                                             const std::string& what) const {
    if (offset > size_ || length > size_ - offset)
        throw Error(path_, what + ": bytes [" + std::to_string(offset) + ", " +
                               std::to_string(offset) + "+" + std::to_string(length) +
                               ") lie past the end of the file (" + std::to_string(size_) +
                               " bytes)");
    return {data_ + offset, size_t(length)};
}

} // namespace qb
