// libFuzzer round trip of the GGUF exporter: the input chooses the schemes of two layers of
// stories260K and overwrites their weights (any float bits: NaN, Inf, denormals, huge values);
// the model is quantized, exported to GGUF and read back with our GGUF reader. Quantization or a
// refusal may end in qb::Error; an export that is written must read back as what was written
// (ggml bytes as the project holds them, re-encoded integers decoding to the project's values,
// asymmetric ones up to the declared fp16 rounding of their mins, the rest of the model
// unchanged), or the target aborts: a writer/reader mismatch is a crash. A refusal must leave the
// output folder empty, a written export only the file (no temporary file either).
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
#include "fuzz/fuzz_export_step.h"
#include "fuzz/fuzz_roundtrip.h"

namespace {

using namespace qb;

constexpr const char* kFormat = "GGUF";
using fuzz::mismatch;
using fuzz::sameFloat;
using fuzz::sameFloats;

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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const fuzz::OutputFolder folder;
    auto q = fuzz::quantizedStories(data, size);
    if (!q) return 0;
    const Model& source = fuzz::storiesSource();
    auto& [model, project] = *q;
    const std::string out = folder.file("out.gguf");
    if (!fuzz::quantizedAndExported(kFormat, folder, *q, exporters::ExportFormat::Gguf, "out.gguf")) return 0;

    const Model reopened = openModel(out);
    for (const auto& l : project.quantization->layers) {
        const TensorEntry* t = reopened.find(l.name);
        if (!t) mismatch(kFormat, l.name + " is missing");
        if (t->shape != std::vector<int64_t>{l.weight.rows, l.weight.cols}) mismatch(kFormat, l.name + ": shape");
        if (l.weight.scheme->kind != quant::SchemeKind::Integer) {
            if (t->dtype != l.weight.scheme->storage) mismatch(kFormat, l.name + ": type");
            if (t->data.size() != l.weight.bytes.size() ||
                std::memcmp(t->data.data(), l.weight.bytes.data(), l.weight.bytes.size()) != 0)
                mismatch(kFormat, l.name + ": bytes differ from the project's");
        } else {
            const auto form = exporters::ggmlFormOf(*l.weight.scheme);
            if (!form || t->dtype != *form) mismatch(kFormat, l.name + ": re-encoded type");
            const auto got = toFloat(*t), want = quant::effectiveWeight(l);
            if (l.weight.scheme->symmetric) {
                if (!sameFloats(got, want)) mismatch(kFormat, l.name + ": values differ from the project's");
            } else {
                double minError = 0;
                (void)exporters::inexactMins(l.weight, minError);
                if (!closeInGroups(got, want, minError)) mismatch(kFormat, l.name + ": values differ by more than the mins' fp16 rounding");
            }
        }
    }
    for (const auto& t : source.tensors) {
        if (t.shape.size() != 1) continue;
        const TensorEntry* r = reopened.find(t.name);
        if (!r || r->dtype != DType::F32 || !sameFloats(toFloat(*r), toFloat(t))) mismatch(kFormat, t.name + ": 1-D tensor");
    }
    folder.clear();
    return 0;
}
