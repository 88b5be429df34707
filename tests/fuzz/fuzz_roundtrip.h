// What the writer round-trip targets share: a private output folder that must hold nothing but
// what an export wrote (no temporary file after success, nothing at all after a refusal), float
// comparisons that count NaN as equal to NaN, the abort that turns a writer/reader mismatch into
// a finding, and the note of a refusal that the regression replay checks.
#pragma once
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/util/error.h"

namespace qb::fuzz {

/// The message of the last input's refusal (quantizer or exporter), empty when it round-tripped:
/// the regression replay (replay_main.cpp) checks it against the error each kept input must get.
inline std::string lastRefusal;

/// Ends an input the quantizer or the export refused; the target's return value.
inline int refused(const Error& e) {
    lastRefusal = e.what();
    return 0;
}

[[noreturn]] inline void mismatch(const char* format, const std::string& what) {
    std::fprintf(stderr, "%s round trip mismatch: %s\n", format, what.c_str());
    std::abort();
}

inline bool sameFloat(float a, float b) { return a == b || (std::isnan(a) && std::isnan(b)); }

inline bool sameFloats(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!sameFloat(a[i], b[i])) return false;
    return true;
}

inline bool sameFloatBits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

/// A folder of its own below $TMPDIR (else /tmp) for one target's outputs, removed at exit.
class OutputFolder {
public:
    OutputFolder() {
        const char* tmp = std::getenv("TMPDIR");
        dir_ = std::string(tmp && *tmp ? tmp : "/tmp") + "/qb-fuzz-export-XXXXXX";
        if (!::mkdtemp(dir_.data())) std::abort();
    }
    ~OutputFolder() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;

    const std::string& dir() const { return dir_; }
    std::string file(const std::string& name) const { return dir_ + "/" + name; }

    /// The names in the folder, sorted.
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(dir_)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

    /// Aborts unless the folder holds exactly `expected` (sorted names): a temporary file or a
    /// partial output left behind is a finding.
    void expectOnly(const char* format, const std::vector<std::string>& expected, const std::string& after) const {
        const auto names = entries();
        if (names == expected) return;
        std::string list;
        for (const auto& n : names) list += " '" + n + "'";
        mismatch(format, after + " left the output folder holding" + (list.empty() ? " nothing" : list));
    }

    /// Empties the folder for the next input.
    void clear() const {
        for (const auto& e : std::filesystem::directory_iterator(dir_)) std::filesystem::remove_all(e.path());
    }

private:
    std::string dir_;
};

/// Runs `write` (an export into `out`); a qb::Error it throws is a refusal, after which `out` must
/// hold nothing, not even a temporary file: the error is rethrown for the caller to report.
template <typename Write>
void writeOrRefuse(const char* format, const OutputFolder& out, Write&& write) {
    try {
        write();
    } catch (const Error& e) {
        out.expectOnly(format, {}, std::string("the refused or failed export (") + e.what() + ")");
        throw;
    }
}

} // namespace qb::fuzz
