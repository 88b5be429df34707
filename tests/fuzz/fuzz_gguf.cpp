// libFuzzer entry point for the gguf reader: any bytes must give a Model or a qb::Error, never a
// crash, hang or sanitizer report.
#include "core/formats/gguf_reader.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return qb::fuzz::run(data, size, "model.gguf", [](const std::string& path) { return qb::readGguf(path); });
}
