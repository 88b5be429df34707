// libFuzzer round trip of the ONNX QDQ exporter: the input chooses the schemes of mnist-12's three
// quantizable weights and overwrites their first values (any float bits); the model is quantized,
// exported as a QDQ graph and read back with our ONNX reader. Each quantized weight must be
// computed by the nodes the export put in its place (DequantizeLinear on the codes, Reshape,
// Transpose, Cast), evaluated here, to exactly the project's values in the model's stored layout;
// every other initializer must be as in the source. A refusal must leave the output folder empty
// (no temporary file either). Else the target aborts.
//   byte k (k < 3): the scheme of the k-th quantizable weight (kQdqSchemes, modulo)
//   then float32 bits overwriting the first values of those weights, in turn
#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "core/formats/model_hash.h"
#include "core/formats/model_reader.h"
#include "core/pipeline/export.h"
#include "core/quant/effective_weight.h"
#include "core/quant/weight_matrix.h"
#include "core/util/error.h"
#include "fuzz/fuzz_quantized_input.h"
#include "fuzz/fuzz_export_step.h"
#include "fuzz/fuzz_roundtrip.h"

namespace {

using namespace qb;
using fuzz::mismatch;
using fuzz::sameFloat;
constexpr const char* kFormat = "ONNX QDQ";

// Integer schemes of 2 to 8 bits (int4/uint4 codes at 4 bits and fewer, int8/uint8 above), per
// channel and in groups, 8-bit scale codes, fp16, and a ggml scheme the export refuses.
const char* const kQdqSchemes[] = {
    R"({"bits": 8})", R"({"bits": 8, "symmetric": false})", R"({"bits": 4})", R"({"bits": 4, "symmetric": false})",
    R"({"bits": 4, "group": 32})", R"({"bits": 4, "group": 32, "symmetric": false})",
    R"({"bits": 8, "group": 32, "symmetric": false})", R"({"bits": 3, "group": 32})", R"({"bits": 6})",
    R"({"bits": 2, "symmetric": false})", R"({"bits": 5, "group": 64, "scale_bits": 8})", "\"fp16\"", "\"q4_0\""};

const Model& mnistSource() {
    static const Model m = fuzz::sharedModel("onnx/mnist-12.onnx");
    return m;
}

struct Value {
    std::vector<int64_t> shape;
    std::vector<float> v;
};

int64_t count(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

// Row-major strides of `shape`.
std::vector<int64_t> strides(const std::vector<int64_t>& shape) {
    std::vector<int64_t> s(shape.size(), 1);
    for (size_t a = shape.size(); a-- > 1;) s[a - 1] = s[a] * shape[a];
    return s;
}

const GraphNode* producer(const Model& m, const std::string& value) {
    for (const auto& n : m.nodes)
        for (const auto& o : n.outputs)
            if (o == value) return &n;
    return nullptr;
}

int64_t intAttr(const GraphNode& n, const char* name, int64_t fallback) {
    const auto it = n.attrs.find(name);
    return it == n.attrs.end() ? fallback : it->second.i;
}

// ONNX DequantizeLinear: y = (x - zero_point) * scale, per tensor (scalar scale), per axis
// (1-D scale) or blocked (scale of x's rank, `block_size` along `axis`).
Value dequantizeLinear(const GraphNode& n, const Value& x, const Value& s, const Value* z) {
    const int64_t rank = int64_t(x.shape.size());
    int64_t axis = intAttr(n, "axis", 1);
    if (axis < 0) axis += rank;
    const int64_t block = intAttr(n, "block_size", 0);
    if (z && z->shape != s.shape) mismatch(kFormat, n.name + ": zero point and scale shapes differ");
    const auto xs = strides(x.shape), ss = strides(s.shape);
    Value y{x.shape, std::vector<float>(x.v.size())};
    for (int64_t i = 0; i < int64_t(x.v.size()); ++i) {
        int64_t k = 0;
        if (s.shape.empty() || count(s.shape) == 1) {
            k = 0;
        } else if (block == 0) {
            if (s.shape.size() != 1 || s.shape[0] != x.shape[size_t(axis)]) mismatch(kFormat, n.name + ": scale shape");
            k = i / xs[size_t(axis)] % x.shape[size_t(axis)];
        } else {
            if (int64_t(s.shape.size()) != rank) mismatch(kFormat, n.name + ": blocked scale rank");
            for (int64_t a = 0; a < rank; ++a) {
                int64_t c = i / xs[size_t(a)] % x.shape[size_t(a)];
                if (a == axis) c /= block;
                if (c >= s.shape[size_t(a)]) mismatch(kFormat, n.name + ": blocked scale too small");
                k += c * ss[size_t(a)];
            }
        }
        const float zero = z ? z->v[size_t(k)] : 0.f;
        y.v[size_t(i)] = (x.v[size_t(i)] - zero) * s.v[size_t(k)];
    }
    return y;
}

Value transpose(const GraphNode& n, const Value& x) {
    const auto it = n.attrs.find("perm");
    if (it == n.attrs.end() || it->second.ints.size() != x.shape.size()) mismatch(kFormat, n.name + ": perm");
    const auto& perm = it->second.ints;
    Value y;
    for (int64_t p : perm) y.shape.push_back(x.shape.at(size_t(p)));
    const auto xs = strides(x.shape), ys = strides(y.shape);
    y.v.resize(x.v.size());
    for (int64_t i = 0; i < int64_t(y.v.size()); ++i) {
        int64_t src = 0;
        for (size_t a = 0; a < perm.size(); ++a) src += (i / ys[a] % y.shape[a]) * xs[size_t(perm[a])];
        y.v[size_t(i)] = x.v[size_t(src)];
    }
    return y;
}

// The value `name` as the graph computes it from initializers through the ops the export uses.
Value evaluate(const Model& m, const std::string& name, int depth = 0) {
    if (depth > 8) mismatch(kFormat, name + ": computed through more than 8 nodes");
    if (const TensorEntry* t = m.find(name)) return {t->shape, toFloat(*t)};
    const GraphNode* n = producer(m, name);
    if (!n) mismatch(kFormat, name + ": neither an initializer nor a node's output");
    const auto in = [&](size_t k) { return evaluate(m, n->inputs.at(k), depth + 1); };
    if (n->op == "DequantizeLinear") {
        const Value x = in(0), s = in(1);
        if (n->inputs.size() > 2 && !n->inputs[2].empty()) {
            const Value z = in(2);
            return dequantizeLinear(*n, x, s, &z);
        }
        return dequantizeLinear(*n, x, s, nullptr);
    }
    if (n->op == "Cast" || n->op == "Identity") return in(0);
    if (n->op == "Transpose") return transpose(*n, in(0));
    if (n->op == "Reshape") {
        Value x = in(0);
        const TensorEntry* shape = m.find(n->inputs.at(1));
        if (!shape || shape->dtype != DType::I64) mismatch(kFormat, n->name + ": shape is not an int64 initializer");
        std::vector<int64_t> dims(size_t(shape->params()));
        std::memcpy(dims.data(), shape->data.data(), dims.size() * 8);
        if (count(dims) != int64_t(x.v.size())) mismatch(kFormat, n->name + ": reshape changes the element count");
        x.shape = dims;
        return x;
    }
    mismatch(kFormat, name + ": computed by an unexpected " + n->op);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const fuzz::OutputFolder folder;
    static const std::string hash = modelHash(mnistSource().path);
    static const std::vector<std::string> weights = fuzz::quantizableNames(mnistSource());
    auto chosen = fuzz::everyWeightChosen(mnistSource(), hash, weights, kQdqSchemes, data, size);
    if (!chosen) return 0;
    auto& q = *chosen;
    const std::string out = folder.file("qdq.onnx");
    if (!fuzz::quantizedAndExported(kFormat, folder, q, exporters::ExportFormat::OnnxQdq, "qdq.onnx")) return 0;

    const Model back = openModel(out);
    std::map<std::string, const quant::QuantizedLayer*> quantized;
    for (const auto& l : q.project.quantization->layers) quantized[l.name] = &l;
    for (const auto& t : q.model->tensors) {
        const auto it = quantized.find(t.name);
        if (it == quantized.end()) {
            const TensorEntry* b = back.find(t.name);
            if (!b || b->dtype != t.dtype || b->shape != t.shape || b->data.size() != t.data.size() ||
                std::memcmp(b->data.data(), t.data.data(), t.data.size()) != 0)
                mismatch(kFormat, t.name + ": not kept as in the source");
            continue;
        }
        if (back.find(t.name)) mismatch(kFormat, t.name + ": still an initializer");
        const Value got = evaluate(back, t.name);
        if (got.shape != t.shape) mismatch(kFormat, t.name + ": computed in another shape");
        if (!fuzz::sameFloats(got.v, quant::toStoredOrder(t, quant::effectiveWeight(*it->second))))
            mismatch(kFormat, t.name + ": computed values differ from the project's");
    }
    folder.clear();
    return 0;
}
