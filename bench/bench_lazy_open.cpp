// Opening is lazy: a Llama-2-7B-shaped safetensors checkpoint (F16, ~13.5 GB declared) must open
// in milliseconds with a resident set far below its size. The file is sparse (header written,
// then extended with ftruncate), so the benchmark needs no disk space; as a baseline the same run
// times reading 1 GB of that file, which is what an eager reader would pay per GB.
#include <sys/resource.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/formats/model_reader.h"
#include "core/util/error.h"
#include "llama_checkpoint.h"

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

long peakRssKb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss; // kilobytes on Linux
}

// Baseline: read `bytes` of the file sequentially, as an eager loader would.
double readMs(const std::string& path, uint64_t bytes) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) throw qb::Error(path, "cannot open");
    std::vector<char> buf(8u << 20);
    const auto t0 = Clock::now();
    uint64_t done = 0;
    while (done < bytes) {
        const ssize_t got = ::read(fd, buf.data(), buf.size());
        if (got <= 0) break;
        done += uint64_t(got);
    }
    const double ms = msSince(t0);
    ::close(fd);
    return ms;
}

} // namespace

int main() {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("qb-lazy-open-" + std::to_string(::getpid()) + ".safetensors")).string();
    int rc = 0;
    try {
        const uint64_t size = qb::bench::writeSparseSafetensors(path, qb::bench::llamaTensors(qb::bench::LlamaShape::llama2_7b()));
        const long rssBefore = peakRssKb();

        const auto t0 = Clock::now();
        const qb::Model m = qb::openModel(path);
        const double openMs = msSince(t0);

        const auto t1 = Clock::now();
        int64_t params = 0, quantizable = 0;
        uint64_t bytes = 0;
        for (const auto& t : m.tensors) {
            params += t.params();
            bytes += t.bytes();
            quantizable += t.quantizable ? 1 : 0;
        }
        const double inspectMs = msSince(t1);
        const long rssAfter = peakRssKb();

        const uint64_t gb = uint64_t(1) << 30;
        const double readGbMs = readMs(path, gb);

        std::printf("file            %s\n", path.c_str());
        std::printf("file size       %llu bytes (%.2f GB, sparse)\n", static_cast<unsigned long long>(size), double(size) / 1e9);
        std::printf("tensors         %zu (%lld quantizable), %lld params, %llu bytes\n", m.tensors.size(),
                    static_cast<long long>(quantizable), static_cast<long long>(params), static_cast<unsigned long long>(bytes));
        std::printf("open            %.2f ms\n", openMs);
        std::printf("inspect         %.3f ms\n", inspectMs);
        std::printf("peak RSS        %ld KB before open, %ld KB after open+inspect\n", rssBefore, rssAfter);
        std::printf("baseline        read 1 GB of the file: %.1f ms (%.2f GB/s)\n", readGbMs, 1.0 / (readGbMs / 1e3) * double(gb) / 1e9);
        std::printf("ratio           open is %.0fx faster than reading 1 GB; a full eager read would take ~%.1f s\n",
                    readGbMs / openMs, readGbMs / 1e3 * double(size) / double(gb));
    } catch (const qb::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        rc = 1;
    }
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return rc;
}
