// libFuzzer entry for the Keras HDF5 reader: the bytes become a file that is opened as a model.
// Anything but success or qb::Error is a bug (ours, or in the HDF5 library underneath).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "core/formats/keras_h5_reader.h"
#include "core/util/error.h"

namespace {

// One scratch file per process in a private folder, removed at exit.
struct Scratch {
    std::string dir, file;
    Scratch() {
        const char* tmp = std::getenv("TMPDIR");
        dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/qb-fuzz-keras-XXXXXX";
        if (!mkdtemp(dir.data())) std::abort();
        file = dir + "/model.h5";
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
        const qb::Model m = qb::readKerasH5(path);
        volatile uint8_t sink = 0;
        for (const auto& t : m.tensors)
            if (!t.data.empty()) sink = sink ^ uint8_t(t.data.back()); // views must be readable
    } catch (const qb::Error&) {
    }
    return 0;
}
