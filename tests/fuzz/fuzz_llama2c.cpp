// libFuzzer entry point for the llama2.c checkpoint and tokenizer readers: any bytes must give a
// Model (or a tokenizer) or a qb::Error, never a crash, hang or sanitizer report.
#include "core/formats/llama2c_reader.h"
#include "core/formats/llama2c_tokenizer.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    qb::fuzz::run(data, size, "model.bin", [](const std::string& path) { return qb::readLlama2c(path); });
    try {
        (void)qb::readLlama2cTokenizer(qb::fuzz::inputFile(data, size, "model.bin"), 512);
    } catch (const qb::Error&) {
    }
    return 0;
}
