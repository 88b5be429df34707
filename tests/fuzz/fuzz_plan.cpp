// libFuzzer entry point for the plan JSON reader (then its round trip and resolution).
// Any bytes must be read or refused with a qb::Error, never a crash, hang or sanitizer report;
// what is done with the input is in fuzz_readers.h, shared with the replay test.
#include "fuzz/fuzz_input.h"
#include "fuzz/fuzz_readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& path = qb::fuzz::inputFile(data, size, "plan.json");
    try {
        qb::fuzz::openPlan(path);
    } catch (const qb::Error&) {
    }
    return 0;
}
