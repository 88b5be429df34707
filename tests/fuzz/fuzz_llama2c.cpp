// libFuzzer entry for the llama2.c readers: the bytes become a file that is opened both as a
// checkpoint and as a 512-entry tokenizer (the seeds are stories260K.bin and tok512.bin).
// Anything but success or qb::Error is a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "core/formats/llama2c_reader.h"
#include "core/formats/llama2c_tokenizer.h"
#include "core/util/error.h"

namespace {

// One scratch file per process in a private folder (so no tokenizer file from elsewhere sits
// beside the checkpoint), removed at exit.
struct Scratch {
    std::string dir, file;
    Scratch() {
        const char* tmp = std::getenv("TMPDIR");
        dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/qb-fuzz-llama2c-XXXXXX";
        if (!mkdtemp(dir.data())) std::abort();
        file = dir + "/model.bin";
    }
    ~Scratch() {
        std::remove(file.c_str());
        rmdir(dir.c_str());
    }
};

const std::string& scratchFile() {
    static const Scratch s;
    return s.file;
}

void writeFile(const std::string& path, const uint8_t* data, size_t size) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || (size && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = scratchFile();
    writeFile(path, data, size);
    try {
        const qb::Model m = qb::readLlama2c(path);
        volatile uint8_t sink = 0;
        for (const auto& t : m.tensors)
            if (!t.data.empty()) sink = sink ^ uint8_t(t.data.back()); // views must be inside the mapping
    } catch (const qb::Error&) {
    }
    try {
        qb::readLlama2cTokenizer(path, 512);
    } catch (const qb::Error&) {
    }
    return 0;
}
