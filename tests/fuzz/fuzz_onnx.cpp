// libFuzzer entry point for the ONNX reader: any bytes must give a Model or a qb::Error, never a
// crash, hang or sanitizer report. The reader takes a path, so each input goes through a file.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "core/formats/onnx_reader.h"
#include "core/util/error.h"

namespace {

// One scratch file per fuzzing process, removed at exit.
const std::string& scratchPath() {
    static const std::string path = [] {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/qb-fuzz-onnx-XXXXXX";
        const int fd = ::mkstemp(pattern.data());
        if (fd < 0) std::abort();
        ::close(fd);
        static const std::string toRemove = pattern;
        std::atexit([] { std::remove(toRemove.c_str()); });
        return pattern;
    }();
    return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = scratchPath();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    try {
        const qb::Model m = qb::readOnnx(path);
        // Touch every view so out-of-bounds spans show up under AddressSanitizer.
        volatile uint8_t sink = 0;
        for (const auto& t : m.tensors)
            for (const std::byte b : t.data) sink = sink ^ uint8_t(b);
    } catch (const qb::Error&) {
    }
    return 0;
}
