// libFuzzer round trip of the project file (.qbproj, HDF5): the input chooses two layers' schemes
// and weights of stories260K (fuzz_quantized_input.h); the quantized project is saved with
// writeProject and read back with readProject, which must give every field and every layer's
// bytes as written, or the target aborts: a writer/reader mismatch is a crash. The folder must
// hold nothing but the project afterwards (no temporary file).
#include <string>

#include "core/formats/project_file.h"
#include "core/util/error.h"
#include "fuzz/fuzz_quantized_input.h"
#include "fuzz/fuzz_roundtrip.h"

namespace {

using namespace qb;

constexpr const char* kFormat = "project";

[[noreturn]] void mismatch(const std::string& what) { fuzz::mismatch(kFormat, what); }

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const fuzz::OutputFolder folder;
    auto q = fuzz::quantizedStories(data, size);
    if (!q) return 0;
    try {
        fuzz::quantize(*q);
    } catch (const Error& e) {
        return fuzz::refused(e); // weights the quantizer refuses: nothing to write
    }
    const std::string out = folder.file("p.qbproj");
    const Project& p = q->project;
    writeProject(out, p); // any error here is a finding: the project is one the quantizer made
    folder.expectOnly(kFormat, {"p.qbproj"}, "writeProject");
    const Project r = readProject(out);
    if (r.modelPath != p.modelPath || r.modelHash != p.modelHash) mismatch("model path or hash");
    if (r.plan != p.plan) mismatch("plan");
    if (!r.quantization) mismatch("quantization missing");
    const auto& a = p.quantization->layers;
    const auto& b = r.quantization->layers;
    if (r.quantization->plan != p.quantization->plan || r.quantization->method != p.quantization->method)
        mismatch("quantization plan or method");
    if (a.size() != b.size()) mismatch("layer count");
    for (size_t k = 0; k < a.size(); ++k) {
        const auto &x = a[k], &y = b[k];
        if (x.name != y.name || x.method != y.method) mismatch("layer " + std::to_string(k) + " name or method");
        if (x.weight.scheme != y.weight.scheme || x.weight.rows != y.weight.rows || x.weight.cols != y.weight.cols)
            mismatch(x.name + ": scheme or shape");
        if (x.weight.bytes != y.weight.bytes) mismatch(x.name + ": bytes");
        if (!fuzz::sameFloatBits(x.inputScale, y.inputScale)) mismatch(x.name + ": input scale");
        if (x.activation.has_value() != y.activation.has_value()) mismatch(x.name + ": activation");
    }
    folder.clear();
    return 0;
}
