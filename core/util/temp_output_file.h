// A file written under a temporary name beside its destination and renamed over it only when
// complete, so a failed, cancelled or killed writer (an export, outputs, a report) leaves no
// partial file and an existing file at the destination stays as it was until the new one is whole.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace qb {

class TempOutputFile {
public:
    /// Creates an unnamed file in the destination's folder (O_TMPFILE), or where the file system
    /// lacks that `<path>.tmp-<pid>-<n>` exclusively. Throws qb::Error(path, ...) naming the reason.
    explicit TempOutputFile(std::string path);
    /// Removes the temporary file unless commit() succeeded.
    ~TempOutputFile();
    TempOutputFile(const TempOutputFile&) = delete;
    TempOutputFile& operator=(const TempOutputFile&) = delete;

    /// Appends bytes (buffered). Throws qb::Error(path, "cannot write ...: <errno text>") on a
    /// failed write (a full disk) with the offset it failed at.
    void write(const void* data, uint64_t n);
    /// Appends zero bytes up to the next multiple of `alignment`.
    void padTo(uint64_t alignment);
    /// Bytes written so far.
    uint64_t position() const { return position_; }
    /// Flushes, syncs and closes the file, links it as `<path>.tmp-<pid>-<n>` if unnamed, then renames
    /// it over the destination.
    void commit();

    const std::string& path() const { return path_; }

private:
    void flush();

    std::string path_, temp_;
    int fd_ = -1;
    bool committed_ = false;
    bool unnamed_ = false; ///< O_TMPFILE: no name until commit()
    bool linked_ = false;
    uint64_t position_ = 0;
    std::vector<char> buffer_;
};

/// Writes `bytes` to `path` through a TempOutputFile. Throws qb::Error(path, ...) with the reason.
void writeFileAtomically(const std::string& path, std::span<const char> bytes);

} // namespace qb
