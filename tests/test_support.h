// Helpers shared by the test executables: where the real models are, scratch folders, files.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace qb::test {

inline std::string shared(const std::string& rel) { return std::string(QB_SHARED_DIR) + "/" + rel; }
inline std::string model(const std::string& rel) { return shared("models/" + rel); }

/// A fresh folder under the system temp dir, removed with everything in it at scope exit.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("qbtest-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::vector<unsigned char> readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void writeAll(const std::string& path, const void* data, size_t n) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(static_cast<const char*>(data), std::streamsize(n));
}
inline void writeAll(const std::string& path, const std::vector<unsigned char>& bytes) {
    writeAll(path, bytes.data(), bytes.size());
}

/// A line of /proc/self/status in bytes ("VmHWM:" is the peak resident set, "VmRSS:" the
/// current one); -1 if it cannot be read.
inline long long statusBytes(const char* key) {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind(key, 0) == 0) return std::stoll(line.substr(std::strlen(key))) * 1024;
    return -1;
}

/// Resets VmHWM to the current resident set (Linux 4.0 and later), so that the peak of what
/// follows can be read; false if refused.
inline bool resetPeakRss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return bool(out) && statusBytes("VmHWM:") >= 0;
}

template <typename T>
void putLE(std::vector<unsigned char>& b, size_t offset, T v) {
    std::memcpy(b.data() + offset, &v, sizeof(T));
}

} // namespace qb::test
