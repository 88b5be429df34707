// libFuzzer entry point for the GGUF reader: any input must open cleanly or throw qb::Error,
// and every tensor of a file that opens must decode without reading out of bounds.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "core/formats/gguf_reader.h"
#include "core/model/model.h"
#include "core/util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The reader maps a file, so the input goes through one, alone in a private folder (a
    // checkpoint's reader also looks at files beside it).
    static const std::string path = [] {
        char dir[] = "/tmp/qb-fuzz-XXXXXX";
        return std::string(::mkdtemp(dir) ? dir : "/tmp") + "/model.gguf";
    }();
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return 0;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    try {
        const qb::Model m = qb::readGguf(path);
        for (const auto& t : m.tensors)
            if (t.params() <= (1 << 20)) (void)qb::toFloat(t);
    } catch (const qb::Error&) {
    }
    return 0;
}
