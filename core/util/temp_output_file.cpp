#include "core/util/temp_output_file.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

#include "core/util/error.h"

namespace qb {

namespace {
constexpr size_t kBufferBytes = size_t(1) << 20;
}

TempOutputFile::TempOutputFile(std::string path) : path_(std::move(path)) {
    // Beside the destination so that the rename stays on one file system.
    static std::atomic<unsigned> serial{0};
    temp_ = path_ + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(serial++);
    // An unnamed file first (O_TMPFILE): a process killed while writing leaves nothing at all. File
    // systems without it get the named temporary file, removed on every error but a kill.
    const std::string dir = std::filesystem::path(path_).parent_path().string();
    fd_ = ::open(dir.empty() ? "." : dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    if (fd_ >= 0) {
        unnamed_ = true;
    } else {
        fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd_ < 0) throw Error(path_, std::string("cannot create a temporary file beside it: ") + std::strerror(errno));
    }
    buffer_.reserve(kBufferBytes);
}

TempOutputFile::~TempOutputFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && (!unnamed_ || linked_)) ::unlink(temp_.c_str());
}

void TempOutputFile::flush() {
    size_t done = 0;
    while (done < buffer_.size()) {
        const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            throw Error(path_, "cannot write at offset " + std::to_string(position_ - buffer_.size() + done) + ": " +
                                   (n < 0 ? std::strerror(errno) : "no progress"));
        done += size_t(n);
    }
    buffer_.clear();
}

void TempOutputFile::write(const void* data, uint64_t n) {
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
        const size_t take = size_t(std::min<uint64_t>(n, kBufferBytes - buffer_.size()));
        buffer_.insert(buffer_.end(), p, p + take);
        p += take;
        n -= take;
        position_ += take;
        if (buffer_.size() == kBufferBytes) flush();
    }
}

void TempOutputFile::padTo(uint64_t alignment) {
    static const char zeros[64] = {};
    uint64_t pad = (alignment - position_ % alignment) % alignment;
    while (pad > 0) {
        const uint64_t take = std::min<uint64_t>(pad, sizeof zeros);
        write(zeros, take);
        pad -= take;
    }
}

void TempOutputFile::commit() {
    flush();
    if (::fsync(fd_) != 0) throw Error(path_, std::string("cannot write: ") + std::strerror(errno));
    if (unnamed_) { // give it the temporary name (linkat cannot replace), then rename over the destination
        const std::string self = "/proc/self/fd/" + std::to_string(fd_);
        if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, temp_.c_str(), AT_SYMLINK_FOLLOW) != 0)
            throw Error(path_, std::string("cannot name the written file: ") + std::strerror(errno));
        linked_ = true;
    }
    const int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) throw Error(path_, std::string("cannot write: ") + std::strerror(errno));
    if (::rename(temp_.c_str(), path_.c_str()) != 0)
        throw Error(path_, std::string("cannot replace: ") + std::strerror(errno));
    committed_ = true;
}

void writeFileAtomically(const std::string& path, std::span<const char> bytes) {
    TempOutputFile f(path);
    f.write(bytes.data(), bytes.size());
    f.commit();
}

} // namespace qb
