#include "core/tensor/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/error.h"

namespace qb {

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
    }
    ::close(fd); // the mapping keeps the file alive
    return f;
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(const_cast<std::byte*>(data_), size_t(size_));
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
