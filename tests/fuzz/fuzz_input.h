// What every fuzz target shares: the readers take a path, so each input is written to one file
// alone in a private folder (a checkpoint reader also looks at files beside it), removed at exit;
// and a model that opens has every tensor byte touched or decoded, so that a view outside its
// mapping shows up under AddressSanitizer.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/model/model.h"
#include "core/util/error.h"

namespace qb::fuzz {

/// Writes the input to <private dir>/<fileName> and returns that path.
inline const std::string& inputFile(const uint8_t* data, size_t size, const char* fileName) {
    struct Scratch {
        std::string dir, file;
        explicit Scratch(const char* name) {
            const char* tmp = std::getenv("TMPDIR");
            dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/qb-fuzz-XXXXXX";
            if (!::mkdtemp(dir.data())) std::abort();
            file = dir + "/" + name;
        }
        ~Scratch() {
            std::remove(file.c_str());
            ::rmdir(dir.c_str());
        }
    };
    static const Scratch scratch(fileName);
    std::FILE* f = std::fopen(scratch.file.c_str(), "wb");
    if (!f || (size && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) std::abort();
    return scratch.file;
}

/// Reads every byte of every tensor and decodes the small ones to f32.
inline void touchAll(const Model& m) {
    volatile uint8_t sink = 0;
    for (const auto& t : m.tensors) {
        for (const std::byte b : t.data) sink = sink ^ uint8_t(b);
        if (t.params() <= (1 << 20) && traits(t.dtype).toFloat) {
            try {
                (void)toFloat(t);
            } catch (const Error&) { // a dtype/size mismatch is reported, not a crash
            }
        }
    }
}

/// Opens the input with `read`; success and qb::Error are fine, anything else is a finding.
template <typename Read>
int run(const uint8_t* data, size_t size, const char* fileName, Read&& read) {
    const std::string& path = inputFile(data, size, fileName);
    try {
        touchAll(read(path));
    } catch (const Error&) {
    }
    return 0;
}

} // namespace qb::fuzz
