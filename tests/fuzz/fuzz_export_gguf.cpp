// libFuzzer round trip of the GGUF exporter: the input chooses the schemes of two layers of
// stories260K and overwrites their weights (any float bits: NaN, Inf, denormals, huge values);
// the model is quantized, exported to GGUF and read back with our GGUF reader. Quantization or a
// refusal may end in qb::Error; an export that is written must read back as what was written
// (ggml bytes as the project holds them, re-encoded integers decoding to the project's values,
// asymmetric ones up to the declared fp16 rounding of their mins, the rest of the model
// unchanged), or the target aborts: a writer/reader mismatch is a crash.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/exporters/ggml_reencode.h"
#include "core/formats/model_reader.h"
#include "core/pipeline/export.h"
#include "core/quant/effective_weight.h"
#include "core/util/error.h"
#include "fuzz/fuzz_quantized_input.h"

namespace {

using namespace qb;

[[noreturn]] void mismatch(const std::string& what) {
    std::fprintf(stderr, "GGUF round trip mismatch: %s\n", what.c_str());
    std::abort();
}

bool sameFloat(float a, float b) { return a == b || (std::isnan(a) && std::isnan(b)); }

bool sameFloats(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!sameFloat(a[i], b[i])) return false;
    return true;
}

// Asymmetric groups decode as u*d + fp16(-z*s) against (u - z)*s: they differ by the min's fp16
// rounding (at most minError, declared by the export's check) plus float rounding of terms up
// to twice the group's largest value. Groups are 32 consecutive weights (rows are whole blocks).
bool closeInGroups(const std::vector<float>& got, const std::vector<float>& want, double minError) {
    if (got.size() != want.size()) return false;
    for (size_t g = 0; g < want.size(); g += 32) {
        double top = 0;
        for (size_t i = g; i < std::min(g + 32, want.size()); ++i) top = std::max(top, double(std::fabs(want[i])));
        const double tol = minError + std::ldexp(top, -19);
        for (size_t i = g; i < std::min(g + 32, want.size()); ++i) {
            if (!std::isfinite(want[i]) || !std::isfinite(got[i])) {
                if (!sameFloat(got[i], want[i])) return false;
            } else if (std::fabs(double(got[i]) - double(want[i])) > tol) {
                return false;
            }
        }
    }
    return true;
}

struct Scratch {
    std::string dir;
    Scratch() {
        const char* tmp = std::getenv("TMPDIR");
        dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/qb-fuzz-export-XXXXXX";
        if (!::mkdtemp(dir.data())) std::abort();
    }
    ~Scratch() {
        std::remove((dir + "/out.gguf").c_str());
        ::rmdir(dir.c_str());
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const Scratch scratch;
    auto q = fuzz::quantizedStories(data, size);
    if (!q) return 0;
    const Model& source = fuzz::storiesSource();
    auto& [model, project] = *q;
    const std::string out = scratch.dir + "/out.gguf";
    try {
        if (!fuzz::quantize(*q)) return 0;
        pipeline::exportProject(exporters::ExportFormat::Gguf, model, project, out, {});
    } catch (const Error&) {
        if (::access(out.c_str(), F_OK) == 0) mismatch("a refused or failed export left " + out);
        return 0;
    }

    const Model reopened = openModel(out);
    for (const auto& l : project.quantization->layers) {
        const TensorEntry* t = reopened.find(l.name);
        if (!t) mismatch(l.name + " is missing");
        if (t->shape != std::vector<int64_t>{l.weight.rows, l.weight.cols}) mismatch(l.name + ": shape");
        if (l.weight.scheme->kind != quant::SchemeKind::Integer) {
            if (t->dtype != l.weight.scheme->storage) mismatch(l.name + ": type");
            if (t->data.size() != l.weight.bytes.size() ||
                std::memcmp(t->data.data(), l.weight.bytes.data(), l.weight.bytes.size()) != 0)
                mismatch(l.name + ": bytes differ from the project's");
        } else {
            const auto form = exporters::ggmlFormOf(*l.weight.scheme);
            if (!form || t->dtype != *form) mismatch(l.name + ": re-encoded type");
            const auto got = toFloat(*t), want = quant::effectiveWeight(l);
            if (l.weight.scheme->symmetric) {
                if (!sameFloats(got, want)) mismatch(l.name + ": values differ from the project's");
            } else {
                double minError = 0;
                (void)exporters::inexactMins(l.weight, minError);
                if (!closeInGroups(got, want, minError)) mismatch(l.name + ": values differ by more than the mins' fp16 rounding");
            }
        }
    }
    for (const auto& t : source.tensors) {
        if (t.shape.size() != 1) continue;
        const TensorEntry* r = reopened.find(t.name);
        if (!r || r->dtype != DType::F32 || !sameFloats(toFloat(*r), toFloat(t))) mismatch(t.name + ": 1-D tensor");
    }
    std::remove(out.c_str());
    return 0;
}
