// libFuzzer entry point for the llama2.c tokenizer file alone (then encoding).
// Any bytes must be read or refused with a qb::Error, never a crash, hang or sanitizer report;
// what is done with the input is in fuzz_readers.h, shared with the replay test.
#include "fuzz/fuzz_input.h"
#include "fuzz/fuzz_readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = qb::fuzz::inputFile(data, size, "input.bin");
    try {
        qb::fuzz::openLlama2cTokenizer(path, path + ".tokenizer.bin");
    } catch (const qb::Error&) {
    }
    std::remove((path + ".tokenizer.bin").c_str());
    return 0;
}
