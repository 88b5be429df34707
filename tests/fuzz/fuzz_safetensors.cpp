// libFuzzer entry point for the safetensors reader: any bytes must give a Model or a qb::Error, never a
// crash, hang or sanitizer report.
#include "core/formats/safetensors_reader.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return qb::fuzz::run(data, size, "model.safetensors", [](const std::string& path) { return qb::readSafetensors(path); });
}
