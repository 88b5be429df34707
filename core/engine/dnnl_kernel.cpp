#include "core/engine/dnnl_kernel.h"

#include <oneapi/dnnl/dnnl_debug.h>

#include <algorithm>
#include <chrono>

#include "core/engine/graph_fusion.h"

namespace qb::engine::dnnl_kernels {

dnnl::engine& cpu() {
    static dnnl::engine e(dnnl::engine::kind::cpu, 0);
    return e;
}
dnnl::stream& cpuStream() {
    thread_local dnnl::stream s(cpu());
    return s;
}

memory::dims stridesOf(const memory::dims& d) {
    memory::dims s(d.size(), 1);
    for (size_t k = d.size(); k-- > 1;) s[k - 1] = s[k] * d[k];
    return s;
}
memory::desc plainMd(const Shape& s) {
    const memory::dims d = s.empty() ? memory::dims{1} : memory::dims(s.begin(), s.end());
    return memory::desc(d, dt::f32, stridesOf(d));
}
memory bind(const memory::desc& md, const Tensor& t) { return memory(md, cpu(), const_cast<float*>(t.f.data())); }

memory::dims dnnlDilation(const std::vector<int64_t>& d) {
    memory::dims r;
    for (const int64_t v : d) r.push_back(v - 1);
    return r;
}

void DnnlKernel::run(NodeContext& c) {
    for (auto& [p, a] : before_) runReorder(p, a);
    if (prim_) {
        const TeamSize team(threads_);
        if (c.primitiveSeconds) { // profiling: the primitive alone, its reorders finished first
            cpuStream().wait();
            const auto t0 = std::chrono::steady_clock::now();
            prim_.execute(cpuStream(), args_);
            cpuStream().wait();
            *c.primitiveSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        } else {
            prim_.execute(cpuStream(), args_);
        }
    }
    for (auto& [p, a] : after_) runReorder(p, a);
    if (toPlain_ && (!plainEntry_ || plainEntry_->plainNeeded || table_->observing)) runReorder(toPlain_, toPlainArgs_);
    cpuStream().wait();
}

namespace {

// A primitive's implementation name, as ONEDNN_VERBOSE prints it.
std::string implName(const dnnl::primitive& p) {
    const char* s = nullptr;
    if (dnnl_primitive_desc_query(p.get_primitive_desc(), dnnl_query_impl_info_str, 0, &s) != dnnl_success || !s) return "?";
    return s;
}

// The data type of one of a primitive's memory arguments; empty when it has none.
std::string typeOf(const dnnl::primitive& p, dnnl_query_t what, int index = 0) {
    const dnnl_memory_desc_t* md = dnnl_primitive_desc_query_md(p.get_primitive_desc(), what, index);
    if (!md || md->ndims == 0 || md->data_type == dnnl_data_type_undef) return "";
    return dnnl_dt2str(md->data_type);
}

} // namespace

KernelInfo DnnlKernel::info() const {
    KernelInfo k;
    if (!prim_) return k;
    k.impl = implName(prim_);
    k.src = typeOf(prim_, dnnl_query_src_md);
    k.weights = typeOf(prim_, dnnl_query_weights_md);
    k.dst = typeOf(prim_, dnnl_query_dst_md);
    for (const auto& [p, a] : before_) k.reorders.push_back(implName(p));
    if (toPlain_) k.reorders.push_back(implName(toPlain_));
    return k;
}

memory DnnlKernel::source(const NodeContext& c, size_t k, const memory::desc& want) {
    memory from;
    if (c.blocked)
        if (const auto it = c.blocked->byTensor.find(c.in[k]); it != c.blocked->byTensor.end()) {
            ++it->second.claims;
            from = it->second.mem;
        }
    if (!from) from = bind(plainMd(c.in[k]->shape), *c.in[k]);
    if (from.get_desc() == want) return from;
    memory to(want, cpu());
    before_.push_back({reorder(from, to), {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}}});
    return to;
}

memory DnnlKernel::destination(const NodeContext& c, size_t k, const memory::desc& md) {
    Tensor& t = *c.out[k];
    memory plain = bind(plainMd(t.shape), t);
    if (md == plain.get_desc()) return plain;
    return publish(c, k, memory(md, cpu()));
}

memory DnnlKernel::publish(const NodeContext& c, size_t k, memory blocked) {
    Tensor& t = *c.out[k];
    memory plain = bind(plainMd(t.shape), t);
    toPlain_ = reorder(blocked, plain);
    toPlainArgs_ = {{DNNL_ARG_FROM, blocked}, {DNNL_ARG_TO, plain}};
    if (c.blocked) {
        table_ = c.blocked;
        plainEntry_ = &(c.blocked->byTensor[&t] = BlockedValues::Entry{blocked});
    }
    return blocked;
}

memory DnnlKernel::quantizedDestination(const NodeContext& c, size_t k, const memory::desc& md, float scale,
                                        int32_t zero) {
    memory codes = publish(c, k, memory(md, cpu()));
    dnnl::primitive_attr a;
    a.set_output_scales(0, {scale});
    if (zero != 0) a.set_zero_points(DNNL_ARG_SRC, 0, {zero});
    const memory& plain = toPlainArgs_.at(DNNL_ARG_TO);
    toPlain_ = reorder(codes, plain, a);
    return codes;
}

dnnl::reorder DnnlKernel::reorder(const memory& from, const memory& to, const dnnl::primitive_attr& attr) {
    // Sized by its own copy (64 per element, as element-wise ops), not by the kernel's work.
    memory::dim n = 1;
    for (const memory::dim d : to.get_desc().dims()) n *= d;
    const int threads = 64.0 * double(n) < kParallelWork ? 1 : omp_get_max_threads();
    const TeamSize team(threads);
    dnnl::reorder r(dnnl::reorder::primitive_desc(from, to, attr));
    reorderTeams_[r.get()] = threads;
    return r;
}

void DnnlKernel::runReorder(const dnnl::primitive& p, const std::unordered_map<int, memory>& args) const {
    const auto it = reorderTeams_.find(p.get());
    const TeamSize team(it != reorderTeams_.end() ? it->second : threads_);
    p.execute(cpuStream(), args);
}

memory DnnlKernel::constantWeights(const memory::desc& user, const Tensor& t, const memory::desc& want) {
    memory m = bind(user, t);
    if (want == user) return m;
    memory packed(want, cpu());
    dnnl::reorder(m, packed).execute(cpuStream(), m, packed);
    cpuStream().wait();
    return packed;
}

namespace {

using Linear = std::pair<float, float>; // y = a * x + b as {a, b}

// g(f(x)) for linear maps f, g.
Linear compose(const Linear& f, const Linear& g) { return {g.first * f.first, g.first * f.second + g.second}; }

// The fused activation (kFusedActivation) as eltwise post-ops, except for a linear map it ends
// with (returned, for the caller to compose with what follows).
std::optional<Linear> appendActivation(const NodeContext& c, dnnl::post_ops& po) {
    const std::string op = c.attrString(kFusedActivation, "");
    const auto p = c.attrFloats(kFusedActivationParams);
    const auto param = [&](size_t k) {
        if (k >= p.size()) throw c.fail("the fused " + op + " lacks its parameters");
        return p[k];
    };
    using Alg = dnnl::algorithm;
    if (op == "Relu") po.append_eltwise(1.f, Alg::eltwise_relu, 0.f, 0.f);
    else if (op == "LeakyRelu") po.append_eltwise(1.f, Alg::eltwise_relu, param(0), 0.f);
    else if (op == "Sigmoid") po.append_eltwise(1.f, Alg::eltwise_logistic, 0.f, 0.f);
    else if (op == "Tanh") po.append_eltwise(1.f, Alg::eltwise_tanh, 0.f, 0.f);
    else if (op == "HardSwish") po.append_eltwise(1.f, Alg::eltwise_hardswish, 0.f, 0.f);
    else if (op == "Clip") po.append_eltwise(1.f, Alg::eltwise_clip_v2, param(0), param(1));
    else if (op == "HardSigmoid") {
        // clamp(alpha * x + beta, 0, 1) = alpha * clamp(x, lo, hi) + beta with lo, hi where
        // alpha * x + beta is 0 and 1: the clip first, so that the linear map comes last.
        const float alpha = param(0), beta = param(1);
        if (alpha == 0.f) return Linear{0.f, std::clamp(beta, 0.f, 1.f)};
        const float at0 = -beta / alpha, at1 = (1.f - beta) / alpha;
        po.append_eltwise(1.f, Alg::eltwise_clip_v2, std::min(at0, at1), std::max(at0, at1));
        return Linear{alpha, beta};
    } else
        throw c.fail("cannot apply a fused " + op);
    return std::nullopt;
}

} // namespace

dnnl::primitive_attr DnnlKernel::fusedPostOps(const NodeContext& c, std::optional<std::pair<float, float>> then) {
    dnnl::primitive_attr attr;
    dnnl::post_ops po;
    std::optional<Linear> linear;
    if (c.hasAttr(kFusedActivation)) linear = appendActivation(c, po);
    if (c.hasAttr(kFusedLinear)) {
        const auto l = c.attrFloats(kFusedLinear);
        if (l.size() != 2) throw c.fail("the fused linear map lacks its parameters");
        linear = linear ? compose(*linear, {l[0], l[1]}) : Linear{l[0], l[1]};
    }
    if (then) linear = linear ? compose(*linear, *then) : *then;
    // One eltwise_linear at most: oneDNN 2.6 computes a second one in the same chain with the
    // first one's parameters (seen in jit_int8, brgconv and brdgmm_dw; EngineFusion and EngineInt8 tests).
    if (linear) po.append_eltwise(1.f, dnnl::algorithm::eltwise_linear, linear->first, linear->second);
    attr.set_post_ops(po);
    return attr;
}

bool DnnlKernel::hasFusedPostOps(const NodeContext& c) { return c.hasAttr(kFusedActivation) || c.hasAttr(kFusedLinear); }

} // namespace qb::engine::dnnl_kernels
