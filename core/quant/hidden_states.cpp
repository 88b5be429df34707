#include "core/quant/hidden_states.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/util/error.h"

namespace qb::quant {

namespace {

std::string errnoText() { return std::strerror(errno); }

// Whole transfers at an offset: pread/pwrite may move fewer bytes than asked.
template <typename Io, typename Ptr>
bool transfer(Io io, int fd, Ptr p, uint64_t n, uint64_t at) {
    while (n > 0) {
        const ssize_t got = io(fd, p, size_t(std::min<uint64_t>(n, 1u << 30)), off_t(at));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        p += got;
        n -= uint64_t(got);
        at += uint64_t(got);
    }
    return true;
}

} // namespace

HiddenStates::HiddenStates(const std::string& spillDir) : dir_(spillDir) {
    if (dir_.empty()) return;
    fd_ = ::open(dir_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        // No O_TMPFILE on this file system: a named file, unlinked at once.
        std::string name = dir_ + "/.quantbench-activations-XXXXXX";
        fd_ = ::mkostemp(name.data(), O_CLOEXEC);
        if (fd_ >= 0) ::unlink(name.c_str());
    }
    if (fd_ < 0) throw Error(dir_, "cannot create the temporary file for spilled activations: " + errnoText());
}

HiddenStates::~HiddenStates() {
    if (fd_ >= 0) ::close(fd_);
}

void HiddenStates::append(const std::vector<float>& x) {
    offsets_.push_back(total_);
    sizes_.push_back(x.size());
    total_ += x.size();
    if (fd_ < 0) {
        memory_.push_back(x);
        return;
    }
    write(sizes_.size() - 1, x);
}

void HiddenStates::read(size_t w, std::vector<float>& x) const {
    if (fd_ < 0) {
        x = memory_.at(w);
        return;
    }
    x.resize(size_t(sizes_.at(w)));
    if (!transfer(::pread, fd_, reinterpret_cast<char*>(x.data()), sizes_[w] * sizeof(float), offsets_[w] * sizeof(float)))
        throw Error(dir_, "cannot read spilled activations back at byte " + std::to_string(offsets_[w] * sizeof(float)) +
                              ": " + (errno ? errnoText() : "end of file"));
}

void HiddenStates::write(size_t w, const std::vector<float>& x) {
    if (x.size() != sizes_.at(w)) throw Error(dir_.empty() ? "hidden states" : dir_, "a window's states changed size");
    if (fd_ < 0) {
        memory_[w] = x;
        return;
    }
    if (!transfer(::pwrite, fd_, reinterpret_cast<const char*>(x.data()), sizes_[w] * sizeof(float),
                  offsets_[w] * sizeof(float)))
        throw Error(dir_, "cannot write spilled activations at byte " + std::to_string(offsets_[w] * sizeof(float)) +
                              ": " + errnoText());
}

} // namespace qb::quant
