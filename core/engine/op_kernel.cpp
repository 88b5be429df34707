#include "core/engine/op_kernel.h"

#include "core/engine/graph_executor.h"

namespace qb::engine {

Error NodeContext::fail(const std::string& what) const {
    return Error(modelPath, "node '" + node->name + "' (" + node->op + "): " + what);
}

Tensor& NodeContext::input(size_t k) const {
    if (!hasInput(k)) throw fail("input " + std::to_string(k) + " is missing");
    return *in[k];
}

Tensor& NodeContext::inputF32(size_t k) const {
    Tensor& t = input(k);
    if (t.dtype != DType::F32)
        throw fail("input " + std::to_string(k) + " ('" + node->inputs[k] + "') must be float, not " +
                   std::string(dtypeName(t.dtype)));
    return t;
}

std::vector<int64_t> NodeContext::constInts(size_t k) const {
    const Tensor& t = input(k);
    if (!constant[k])
        throw fail("input '" + node->inputs[k] + "' must be a constant (computed shapes are supported, "
                   "data-dependent ones are not)");
    if (t.dtype == DType::I64) return {t.i.begin(), t.i.end()};
    std::vector<int64_t> r;
    for (const float v : t.f) r.push_back(int64_t(v));
    return r;
}

std::vector<float> NodeContext::constFloats(size_t k) const {
    const Tensor& t = input(k);
    if (!constant[k]) throw fail("input '" + node->inputs[k] + "' must be a constant");
    if (t.dtype == DType::F32) return {t.f.begin(), t.f.end()};
    return {t.i.begin(), t.i.end()};
}

Tensor& NodeContext::output(size_t k, DType t, const Shape& s, Init init) const {
    if (k >= out.size()) throw fail("has no output " + std::to_string(k));
    try {
        out[k]->allocate(t, s, init);
    } catch (const std::length_error& e) {
        throw fail(std::string("output ") + std::to_string(k) + ": " + e.what());
    }
    return *out[k];
}

int64_t NodeContext::attrInt(const std::string& name, int64_t def) const {
    const auto it = node->attrs.find(name);
    if (it == node->attrs.end()) return def;
    if (it->second.kind != Attribute::Kind::Int) throw fail("attribute '" + name + "' must be an int");
    return it->second.i;
}

float NodeContext::attrFloat(const std::string& name, float def) const {
    const auto it = node->attrs.find(name);
    if (it == node->attrs.end()) return def;
    if (it->second.kind != Attribute::Kind::Float) throw fail("attribute '" + name + "' must be a float");
    return it->second.f;
}

std::vector<int64_t> NodeContext::attrInts(const std::string& name, std::vector<int64_t> def) const {
    const auto it = node->attrs.find(name);
    if (it == node->attrs.end()) return def;
    if (it->second.kind != Attribute::Kind::Ints) throw fail("attribute '" + name + "' must be ints");
    return it->second.ints;
}

std::vector<float> NodeContext::attrFloats(const std::string& name) const {
    const auto it = node->attrs.find(name);
    if (it == node->attrs.end()) return {};
    if (it->second.kind != Attribute::Kind::Floats) throw fail("attribute '" + name + "' must be floats");
    return it->second.floats;
}

std::string NodeContext::attrString(const std::string& name, const std::string& def) const {
    const auto it = node->attrs.find(name);
    if (it == node->attrs.end()) return def;
    if (it->second.kind != Attribute::Kind::String) throw fail("attribute '" + name + "' must be a string");
    return it->second.s;
}

int NodeContext::axis(int64_t a, int rank) const {
    if (a < -rank || a >= rank)
        throw fail("axis " + std::to_string(a) + " is out of range for rank " + std::to_string(rank));
    return int(a < 0 ? a + rank : a);
}

namespace {
const KernelTable& table() {
    static const KernelTable t = [] {
        KernelTable r;
        addHostKernels(r);
        addDnnlKernels(r);
        return r;
    }();
    return t;
}
} // namespace

std::unique_ptr<Kernel> makeKernel(const std::string& op) {
    const auto it = table().find(op);
    return it == table().end() ? nullptr : it->second();
}

std::vector<std::string> supportedOperators() {
    std::vector<std::string> r;
    for (const auto& [op, f] : table()) r.push_back(op);
    return r;
}

} // namespace qb::engine
