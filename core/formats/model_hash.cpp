#include "core/formats/model_hash.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <span>
#include <vector>

#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb {

namespace {

constexpr uint64_t kPrime = 0x100000001b3ull;

// Bytes hashed of how many: the fraction reported ("hashing the model" of a 70B checkpoint takes
// minutes).
struct Progress {
    uint64_t done = 0, total = 0;
};

void mix(uint64_t& h, std::span<const std::byte> bytes, const JobContext& job, Progress& progress) {
    constexpr size_t kChunk = size_t(1) << 26; // check for cancel every 64 MiB
    for (size_t at = 0; at < bytes.size(); at += kChunk) {
        job.checkCancel();
        if (progress.total > 0) job.report(double(progress.done) / double(progress.total), "hashing the model");
        const size_t end = std::min(bytes.size(), at + kChunk);
        for (size_t k = at; k < end; ++k) h = (h ^ uint64_t(bytes[k])) * kPrime;
        // Hashed pages are not needed again: a 13.5 GB checkpoint would otherwise stay resident.
        MappedFile::releasePages(bytes.subspan(at, end - at));
        progress.done += end - at;
    }
}

uint64_t fileSize(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw Error(path, "cannot read: " + ec.message());
    return size;
}

void mixFile(uint64_t& h, const std::string& path, const JobContext& job, Progress& progress) {
    if (fileSize(path) == 0) return; // nothing to map
    mix(h, MappedFile::open(path)->bytes(), job, progress);
}

} // namespace

std::string modelHash(const std::string& path, const JobContext& job) {
    namespace fs = std::filesystem;
    uint64_t h = 0xcbf29ce484222325ull;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(path, ec))
            if (e.is_regular_file()) names.push_back(e.path().filename().string());
        if (ec) throw Error(path, "cannot list the folder: " + ec.message());
        std::sort(names.begin(), names.end());
        Progress progress;
        for (const auto& n : names) progress.total += fileSize((fs::path(path) / n).string());
        for (const auto& n : names) {
            std::string tagged = n;
            tagged.push_back('\0');
            Progress none;
            mix(h, std::as_bytes(std::span(tagged.data(), tagged.size())), job, none);
            mixFile(h, (fs::path(path) / n).string(), job, progress);
        }
    } else {
        if (!fs::is_regular_file(path, ec)) throw Error(path, "model file not found");
        Progress progress{0, fileSize(path)};
        mixFile(h, path, job, progress);
    }
    char text[32];
    std::snprintf(text, sizeof text, "fnv1a64:%016llx", static_cast<unsigned long long>(h));
    return text;
}

} // namespace qb
