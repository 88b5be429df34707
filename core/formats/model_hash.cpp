#include "core/formats/model_hash.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <span>
#include <vector>

#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb {

namespace {

constexpr uint64_t kBasis = 0xcbf29ce484222325ull;
constexpr uint64_t kPrime = 0x100000001b3ull;
constexpr size_t kChunk = size_t(1) << 26; // cancel and progress every 64 MiB (a multiple of 32)

// Bytes hashed of how many: the fraction reported ("hashing the model" of a 70B checkpoint takes
// minutes).
struct Progress {
    uint64_t done = 0, total = 0;
};

enum class Algorithm { Fnv1a64, Fnv1a64x4 };

// One segment (a file's name, or its bytes). Byte-wise FNV-1a folds the segment into `h`
// directly; the four-lane form hashes the segment on its own and folds that in as one word.
class SegmentHash {
public:
    SegmentHash(Algorithm a, uint64_t& h) : algorithm_(a), h_(h) {
        for (size_t i = 0; i < lanes_.size(); ++i) lanes_[i] = kBasis ^ i;
    }
    // Chunks of one segment, in order; all but the last a multiple of 32 bytes long.
    void add(std::span<const std::byte> bytes) {
        length_ += bytes.size();
        if (algorithm_ == Algorithm::Fnv1a64) {
            for (std::byte b : bytes) h_ = (h_ ^ uint64_t(b)) * kPrime;
            return;
        }
        // Lanes in locals: the bytes are std::byte, which may alias a member, so the compiler would
        // otherwise store and reload the lanes around every word.
        uint64_t l0 = lanes_[0], l1 = lanes_[1], l2 = lanes_[2], l3 = lanes_[3];
        const std::byte* p = bytes.data();
        const size_t whole = bytes.size() / 32 * 32;
        for (size_t at = 0; at < whole; at += 32) {
            uint64_t w[4];
            std::memcpy(w, p + at, 32); // little-endian on every target we build
            l0 = (l0 ^ w[0]) * kPrime;
            l1 = (l1 ^ w[1]) * kPrime;
            l2 = (l2 ^ w[2]) * kPrime;
            l3 = (l3 ^ w[3]) * kPrime;
        }
        for (size_t k = whole; k < bytes.size(); ++k) l0 = (l0 ^ uint64_t(p[k])) * kPrime;
        lanes_ = {l0, l1, l2, l3};
    }
    void finish() {
        if (algorithm_ == Algorithm::Fnv1a64) return;
        uint64_t r = length_;
        for (uint64_t l : lanes_) r = (r ^ l) * kPrime;
        // MurmurHash3's 64-bit finalizer: every input bit reaches every output bit.
        r ^= r >> 33;
        r *= 0xff51afd7ed558ccdull;
        r ^= r >> 33;
        r *= 0xc4ceb9fe1a85ec53ull;
        r ^= r >> 33;
        h_ = (h_ ^ r) * kPrime;
    }

private:
    Algorithm algorithm_;
    uint64_t& h_;
    std::array<uint64_t, 4> lanes_;
    uint64_t length_ = 0;
};

void mix(SegmentHash& s, std::span<const std::byte> bytes, const JobContext& job, Progress& progress) {
    for (size_t at = 0; at < bytes.size(); at += kChunk) {
        job.checkCancel();
        if (progress.total > 0) job.report(double(progress.done) / double(progress.total), "hashing the model");
        const size_t end = std::min(bytes.size(), at + kChunk);
        s.add(bytes.subspan(at, end - at));
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

void mixFile(Algorithm a, uint64_t& h, const std::string& path, const JobContext& job, Progress& progress) {
    SegmentHash s(a, h);
    if (fileSize(path) > 0) mix(s, MappedFile::open(path)->bytes(), job, progress); // an empty file maps nothing
    s.finish();
}

std::string hashOf(Algorithm a, const std::string& path, const JobContext& job) {
    namespace fs = std::filesystem;
    uint64_t h = kBasis;
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
            SegmentHash name(a, h);
            name.add(std::as_bytes(std::span(tagged.data(), tagged.size())));
            name.finish();
            mixFile(a, h, (fs::path(path) / n).string(), job, progress);
        }
    } else {
        if (!fs::is_regular_file(path, ec)) throw Error(path, "model file not found");
        Progress progress{0, fileSize(path)};
        mixFile(a, h, path, job, progress);
    }
    char text[40];
    std::snprintf(text, sizeof text, "%s:%016llx", a == Algorithm::Fnv1a64 ? "fnv1a64" : "fnv1a64x4",
                  static_cast<unsigned long long>(h));
    return text;
}

} // namespace

std::string modelHash(const std::string& path, const JobContext& job) { return hashOf(Algorithm::Fnv1a64x4, path, job); }

std::string modelHashLike(const std::string& recorded, const std::string& path, const JobContext& job) {
    return hashOf(recorded.rfind("fnv1a64:", 0) == 0 ? Algorithm::Fnv1a64 : Algorithm::Fnv1a64x4, path, job);
}

} // namespace qb
