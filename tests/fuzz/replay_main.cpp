// Replays the saved inputs of one export round-trip target (tests/fuzz/regressions/export_<x>/)
// in an ordinary build: linked with the target's source instead of libFuzzer, it feeds each file
// to LLVMFuzzerTestOneInput once. A writer/reader mismatch still aborts (the test fails); an
// input must then end as its folder's expected-errors.tsv says: refused with an error holding
// the listed text, or "(round-trips)" with no refusal at all.
// Usage: replay_fuzz_export_<x> FOLDER
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/expected_errors.h"
#include "fuzz/fuzz_roundtrip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;
constexpr const char* kRoundTrips = "(round-trips)";

std::vector<uint8_t> readAll(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s FOLDER\n", argv[0]);
        return 2;
    }
    const fs::path folder = argv[1];
    const auto table = qb::fuzz::expectedErrors(folder);
    std::vector<fs::path> inputs;
    for (const auto& e : fs::directory_iterator(folder))
        if (e.is_regular_file() && e.path().filename() != qb::fuzz::kExpectedErrors) inputs.push_back(e.path());
    std::sort(inputs.begin(), inputs.end());
    if (inputs.empty()) {
        std::fprintf(stderr, "%s: no inputs\n", folder.c_str());
        return 1;
    }
    int failed = 0;
    for (const auto& file : inputs) {
        const auto expected = table.find(file.filename().string());
        if (expected == table.end()) {
            std::printf("FAIL %s: not listed in %s\n", file.c_str(), qb::fuzz::kExpectedErrors);
            ++failed;
            continue;
        }
        const std::vector<uint8_t> bytes = readAll(file);
        qb::fuzz::lastRefusal.clear();
        LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
        const std::string& got = qb::fuzz::lastRefusal;
        const auto& parts = expected->second;
        const bool ok = got.empty() ? parts.front() == kRoundTrips
                                    : std::any_of(parts.begin(), parts.end(), [&](const std::string& part) {
                                          return part != kRoundTrips && got.find(part) != std::string::npos;
                                      });
        std::printf("%s %s: %s (expected: %s)\n", ok ? "ok" : "FAIL", file.filename().c_str(),
                    got.empty() ? "round-trips" : got.c_str(), parts.front().c_str());
        failed += !ok;
    }
    return failed ? 1 : 0;
}
