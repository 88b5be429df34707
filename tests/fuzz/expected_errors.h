// The table each tests/fuzz/regressions/<reader>/ folder keeps, expected-errors.tsv: for every
// saved input, the part of the clean error it must now get ("<file>\t<part>"), or a marker for an
// input that must be read (or, for an export target, must round-trip).
#pragma once
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace qb::fuzz {

inline constexpr const char* kExpectedErrors = "expected-errors.tsv";

/// file -> the parts of the error it may get: one, or more (tab-separated) where the build
/// decides which clean error comes first (a sanitizer build's HDF5 probe stops at libhdf5's
/// overflow itself, a Release one reads on to libhdf5's own complaint).
inline std::map<std::string, std::vector<std::string>> expectedErrors(const std::filesystem::path& folder) {
    std::map<std::string, std::vector<std::string>> table;
    std::ifstream in(folder / kExpectedErrors);
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.find('\t');
        if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
        std::vector<std::string>& parts = table[line.substr(0, tab)];
        for (size_t from = tab + 1;;) {
            const auto next = line.find('\t', from);
            parts.push_back(line.substr(from, next == std::string::npos ? std::string::npos : next - from));
            if (next == std::string::npos) break;
            from = next + 1;
        }
    }
    return table;
}

} // namespace qb::fuzz
