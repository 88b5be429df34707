// Operators that run as oneDNN primitives. Each primitive is created once in prepare() for the
// planned shapes, with its memory objects bound to the plan's buffers, and only executed in run().
// Between oneDNN kernels activations stay in the blocked layout convolutions prefer
// (blocked_layout.h); constant conv weights are reordered once into the layout the primitive
// prefers. Activations absorbed by fuseActivations() become eltwise post-ops.
#include <omp.h>
#include <oneapi/dnnl/dnnl.hpp>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "core/engine/blocked_layout.h"
#include "core/engine/broadcast.h"
#include "core/engine/graph_fusion.h"
#include "core/engine/op_kernel.h"

namespace qb::engine {
namespace {

using dnnl::memory;
using dt = memory::data_type;

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
// oneDNN takes non-const handles even for sources it only reads.
memory bind(const memory::desc& md, const Tensor& t) { return memory(md, cpu(), const_cast<float*>(t.f.data())); }

// oneDNN counts dilation from 0 (no gaps); ONNX from 1.
memory::dims dnnlDilation(const std::vector<int64_t>& d) {
    memory::dims r;
    for (const int64_t v : d) r.push_back(v - 1);
    return r;
}

// Below this many multiply-adds (an element-wise op counts 64 per element) a primitive runs on
// the calling thread: forking the OpenMP team costs more than it saves, and on a loaded machine
// a descheduled team member stalls every barrier (mnist-8 took 80 ms instead of 0.03 ms at 2
// threads). 4M (about 40 us of work) keeps those tiny ops serial while fashion_mnist's and
// squeezenet's mid-size convolutions split (1.4x and 1.6x faster at 2 threads than with 16M).
// oneDNN sizes its work split when the primitive is created, so the same team size applies then
// and at every run.
constexpr double kParallelWork = double(1 << 22);

// Sets the calling thread's OpenMP team size for one scope (0 = leave it).
class TeamSize {
public:
    explicit TeamSize(int n) : saved_(omp_get_max_threads()), set_(n > 0) {
        if (set_) omp_set_num_threads(n);
    }
    ~TeamSize() {
        if (set_) omp_set_num_threads(saved_);
    }
    TeamSize(const TeamSize&) = delete;
    TeamSize& operator=(const TeamSize&) = delete;

private:
    int saved_;
    bool set_;
};

class DnnlKernel : public Kernel {
public:
    void run(NodeContext&) override {
        const TeamSize team(threads_);
        for (auto& [p, a] : before_) p.execute(cpuStream(), a);
        if (prim_) prim_.execute(cpuStream(), args_);
        if (toPlain_ && (!plainEntry_ || plainEntry_->plainNeeded || table_->observing))
            toPlain_.execute(cpuStream(), toPlainArgs_);
        cpuStream().wait();
    }

protected:
    /// Compute-bound kernels state their multiply-adds before creating the primitive.
    void setWork(double macs) { work_ = macs; }

    // Creates the primitive with the team size its work deserves; turns oneDNN's status errors
    // into an error naming the node.
    template <typename F>
    auto guarded(const NodeContext& c, F&& f) {
        if (work_ < 0) work_ = c.out.empty() ? 0 : 64.0 * double(c.out[0]->numel());
        threads_ = work_ < kParallelWork ? 1 : 0;
        const TeamSize team(threads_);
        try {
            return f();
        } catch (const dnnl::error& e) {
            throw c.fail(std::string("oneDNN cannot build this primitive: ") + e.what());
        }
    }
    /// The blocked form a oneDNN producer left for input k, if any.
    static const BlockedValues::Entry* blockedInput(const NodeContext& c, size_t k) {
        if (!c.blocked || !c.hasInput(k)) return nullptr;
        const auto it = c.blocked->byTensor.find(c.in[k]);
        return it == c.blocked->byTensor.end() ? nullptr : &it->second;
    }

    /// Input k in layout `want`: the producer's blocked buffer (claimed, so that the producer may
    /// skip its plain copy) or the plain tensor, reordered before the primitive when they differ.
    memory source(const NodeContext& c, size_t k, const memory::desc& want) {
        memory from;
        if (c.blocked)
            if (const auto it = c.blocked->byTensor.find(c.in[k]); it != c.blocked->byTensor.end()) {
                ++it->second.claims;
                from = it->second.mem;
            }
        if (!from) from = bind(plainMd(c.in[k]->shape), *c.in[k]);
        if (from.get_desc() == want) return from;
        memory to(want, cpu());
        before_.push_back({dnnl::reorder(from, to), {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}}});
        return to;
    }

    /// Output k in layout `md`: the plain tensor itself, or a blocked buffer that later oneDNN
    /// kernels read directly and that is copied to the plain tensor only when someone reads that.
    memory destination(const NodeContext& c, size_t k, const memory::desc& md) {
        Tensor& t = *c.out[k];
        memory plain = bind(plainMd(t.shape), t);
        if (md == plain.get_desc()) return plain;
        return publish(c, k, memory(md, cpu()));
    }

    /// Makes `blocked` the value of output k for later oneDNN kernels (see destination()).
    memory publish(const NodeContext& c, size_t k, memory blocked) {
        Tensor& t = *c.out[k];
        memory plain = bind(plainMd(t.shape), t);
        toPlain_ = dnnl::reorder(blocked, plain);
        toPlainArgs_ = {{DNNL_ARG_FROM, blocked}, {DNNL_ARG_TO, plain}};
        if (c.blocked) {
            table_ = c.blocked;
            plainEntry_ = &(c.blocked->byTensor[&t] = BlockedValues::Entry{blocked});
        }
        return blocked;
    }

    /// Constant weights `t` as the primitive wants them (`want`): bound in place when the layouts
    /// agree, else reordered once into a buffer the kernel keeps (packed GEMM/conv weights).
    static memory constantWeights(const memory::desc& user, const Tensor& t, const memory::desc& want) {
        memory m = bind(user, t);
        if (want == user) return m;
        memory packed(want, cpu());
        dnnl::reorder(m, packed).execute(cpuStream(), m, packed);
        cpuStream().wait();
        return packed;
    }

    /// The activation fuseActivations() moved into this node, as eltwise post-ops.
    static dnnl::primitive_attr fusedActivation(const NodeContext& c) {
        dnnl::primitive_attr attr;
        if (!c.hasAttr(kFusedActivation)) return attr;
        const std::string op = c.attrString(kFusedActivation, "");
        const auto p = c.attrFloats(kFusedActivationParams);
        const auto param = [&](size_t k) {
            if (k >= p.size()) throw c.fail("the fused " + op + " lacks its parameters");
            return p[k];
        };
        using Alg = dnnl::algorithm;
        dnnl::post_ops po;
        if (op == "Relu") po.append_eltwise(1.f, Alg::eltwise_relu, 0.f, 0.f);
        else if (op == "LeakyRelu") po.append_eltwise(1.f, Alg::eltwise_relu, param(0), 0.f);
        else if (op == "Sigmoid") po.append_eltwise(1.f, Alg::eltwise_logistic, 0.f, 0.f);
        else if (op == "Tanh") po.append_eltwise(1.f, Alg::eltwise_tanh, 0.f, 0.f);
        else if (op == "HardSwish") po.append_eltwise(1.f, Alg::eltwise_hardswish, 0.f, 0.f);
        else if (op == "Clip") po.append_eltwise(1.f, Alg::eltwise_clip_v2, param(0), param(1));
        else if (op == "HardSigmoid") { // clamp(alpha * x + beta, 0, 1)
            po.append_eltwise(1.f, Alg::eltwise_linear, param(0), param(1));
            po.append_eltwise(1.f, Alg::eltwise_clip_v2, 0.f, 1.f);
        } else
            throw c.fail("cannot apply a fused " + op);
        attr.set_post_ops(po);
        return attr;
    }

    dnnl::primitive prim_;
    std::unordered_map<int, memory> args_;
    /// Reorders of inputs into the layouts the primitive wants, run before it.
    std::vector<std::pair<dnnl::primitive, std::unordered_map<int, memory>>> before_;

private:
    double work_ = -1;
    int threads_ = 0;
    // Copy of a blocked output into its plain tensor, skipped when no reader needs plain data.
    dnnl::primitive toPlain_;
    std::unordered_map<int, memory> toPlainArgs_;
    const BlockedValues::Entry* plainEntry_ = nullptr;
    const BlockedValues* table_ = nullptr;
};

// ---------------------------------------------------------------- windows (conv and pooling)

struct Window {
    std::vector<int64_t> kernel, stride, dilation, padL, padR, out;
};

std::vector<int64_t> intsOfRank(const NodeContext& c, const char* name, size_t n, int64_t def, int64_t min) {
    auto v = c.attrInts(name, std::vector<int64_t>(n, def));
    if (v.size() != n)
        throw c.fail(std::string("attribute '") + name + "' has " + std::to_string(v.size()) +
                     " values, expected " + std::to_string(n));
    for (const int64_t x : v)
        if (x < min || x > (int64_t(1) << 24))
            throw c.fail(std::string("attribute '") + name + "' holds an invalid value " + std::to_string(x));
    return v;
}

// Output size and padding of a sliding window per the ONNX Conv/Pool rules (auto_pad, ceil_mode).
Window slidingWindow(const NodeContext& c, const Shape& in, const std::vector<int64_t>& kernel, bool ceilMode) {
    const size_t n = in.size();
    Window w;
    w.kernel = kernel;
    w.stride = intsOfRank(c, "strides", n, 1, 1);
    w.dilation = intsOfRank(c, "dilations", n, 1, 1);
    const auto pads = intsOfRank(c, "pads", 2 * n, 0, 0);
    const std::string autoPad = c.attrString("auto_pad", "NOTSET");
    for (size_t k = 0; k < n; ++k) {
        const int64_t ek = (kernel[k] - 1) * w.dilation[k] + 1;
        int64_t pl = pads[k], pr = pads[n + k], o = 0;
        if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            o = (in[k] + w.stride[k] - 1) / w.stride[k];
            const int64_t total = std::max<int64_t>(0, (o - 1) * w.stride[k] + ek - in[k]);
            pl = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
            pr = total - pl;
        } else if (autoPad == "VALID" || autoPad == "NOTSET") {
            if (autoPad == "VALID") pl = pr = 0;
            const int64_t span = in[k] + pl + pr - ek;
            if (span < 0)
                throw c.fail("window of " + std::to_string(ek) + " does not fit input size " + std::to_string(in[k]) +
                             " with padding");
            o = (ceilMode ? (span + w.stride[k] - 1) / w.stride[k] : span / w.stride[k]) + 1;
            // A last window that would start in the right padding is dropped (as other runtimes do).
            if (ceilMode && (o - 1) * w.stride[k] >= in[k] + pl) --o;
            pr = std::max(pr, (o - 1) * w.stride[k] + ek - in[k] - pl);
        } else {
            throw c.fail("auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
        }
        w.padL.push_back(pl);
        w.padR.push_back(pr);
        w.out.push_back(o);
    }
    return w;
}

std::vector<int64_t> kernelShape(const NodeContext& c, const Shape& fromWeights, size_t n) {
    if (!c.hasAttr("kernel_shape")) {
        if (fromWeights.empty()) throw c.fail("attribute 'kernel_shape' is required");
        return fromWeights;
    }
    auto k = intsOfRank(c, "kernel_shape", n, 1, 1);
    if (!fromWeights.empty() && k != fromWeights)
        throw c.fail("kernel_shape " + shapeText(k) + " differs from the weights' " + shapeText(fromWeights));
    return k;
}

void checkSpatialRank(const NodeContext& c, const Tensor& x) {
    if (x.rank() < 3 || x.rank() > 5)
        throw c.fail("input shape " + shapeText(x.shape) + " must be [N,C,spatial...] with 1 to 3 spatial dims");
}

// ---------------------------------------------------------------- Conv

class ConvKernel : public DnnlKernel {
public:
    bool prepare(NodeContext& c) override {
        Tensor& x = c.inputF32(0);
        Tensor& w = c.inputF32(1);
        checkSpatialRank(c, x);
        if (w.rank() != x.rank())
            throw c.fail("weights shape " + shapeText(w.shape) + " does not match input " + shapeText(x.shape));
        const size_t sp = size_t(x.rank() - 2);
        const int64_t group = c.attrInt("group", 1);
        const int64_t C = x.shape[1], M = w.shape[0];
        if (group < 1 || C % group || M % group || w.shape[1] * group != C)
            throw c.fail("group " + std::to_string(group) + " does not fit input channels " + std::to_string(C) +
                         " and weights " + shapeText(w.shape));
        const Window win = slidingWindow(c, Shape(x.shape.begin() + 2, x.shape.end()),
                                         kernelShape(c, Shape(w.shape.begin() + 2, w.shape.end()), sp), false);
        Shape y{x.shape[0], M};
        y.insert(y.end(), win.out.begin(), win.out.end());
        Tensor& out = c.output(0, DType::F32, y);

        memory::dims wd(w.shape.begin(), w.shape.end());
        if (group > 1) {
            wd[0] = M / group;
            wd.insert(wd.begin(), group);
        }
        const memory::desc userW(wd, dt::f32, stridesOf(wd));
        const bool constW = c.constant[1];
        const memory::desc wAny(wd, dt::f32, memory::format_tag::any);
        memory::desc biasMd;
        if (c.hasInput(2)) {
            Tensor& b = c.inputF32(2);
            if (b.shape != Shape{M}) throw c.fail("bias shape " + shapeText(b.shape) + " must be [" + std::to_string(M) + "]");
            biasMd = plainMd(b.shape);
        }
        setWork(double(out.numel()) * double(w.numel() / M));
        const auto attr = fusedActivation(c);
        const auto pd = guarded(c, [&] {
            // With constant weights, oneDNN picks all layouts: its direct (jit) convolutions want
            // channel-blocked activations, and reordering to and from them costs less than the
            // im2col+gemm fallback that plain layouts get (3-5x on depthwise and 1x1 convs).
            const memory::desc xAny(memory::dims(x.shape.begin(), x.shape.end()), dt::f32, memory::format_tag::any);
            const memory::desc yAny(memory::dims(y.begin(), y.end()), dt::f32, memory::format_tag::any);
            const auto make = [&](dnnl::algorithm alg) {
                dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_inference, alg, constW ? xAny : plainMd(x.shape),
                                                  constW ? wAny : userW, biasMd, constW ? yAny : plainMd(y), win.stride,
                                                  dnnlDilation(win.dilation), win.padL, win.padR);
                return dnnl::convolution_forward::primitive_desc(d, attr, cpu());
            };
            // Dense 3x3 stride-1 convolutions with enough channels run as Winograd F(4x4,3x3):
            // 1.3-2.3x faster here (fashion_mnist, squeezenet), within 1e-5 relative of direct.
            const bool wino = constW && group == 1 && C >= 32 && M >= 32 && win.kernel == std::vector<int64_t>{3, 3} &&
                              win.stride == std::vector<int64_t>{1, 1} && win.dilation == std::vector<int64_t>{1, 1};
            if (wino) try {
                    return make(dnnl::algorithm::convolution_winograd);
                } catch (const dnnl::error&) { // no Winograd kernel for this ISA or shape
                }
            return make(dnnl::algorithm::convolution_direct);
        });
        prim_ = dnnl::convolution_forward(pd);
        const memory wMem = constW ? constantWeights(userW, w, pd.weights_desc()) : bind(userW, w);
        args_ = {{DNNL_ARG_SRC, source(c, 0, pd.src_desc())},
                 {DNNL_ARG_WEIGHTS, wMem},
                 {DNNL_ARG_DST, destination(c, 0, pd.dst_desc())}};
        if (c.hasInput(2)) args_[DNNL_ARG_BIAS] = bind(biasMd, c.input(2));
        return false;
    }
};

// ---------------------------------------------------------------- ConvTranspose

// oneDNN computes the full (unpadded) transposed convolution; the ONNX output window (pads,
// output_padding, output_shape) is then cut from it, positions outside it holding only the bias.
class ConvTransposeKernel : public DnnlKernel {
public:
    bool prepare(NodeContext& c) override {
        Tensor& x = c.inputF32(0);
        Tensor& w = c.inputF32(1);
        checkSpatialRank(c, x);
        if (w.rank() != x.rank())
            throw c.fail("weights shape " + shapeText(w.shape) + " does not match input " + shapeText(x.shape));
        const size_t sp = size_t(x.rank() - 2);
        const int64_t group = c.attrInt("group", 1);
        const int64_t C = x.shape[1];
        if (group < 1 || C % group || w.shape[0] != C)
            throw c.fail("group " + std::to_string(group) + " does not fit input channels " + std::to_string(C) +
                         " and weights " + shapeText(w.shape));
        const int64_t M = w.shape[1] * group;
        const auto kernel = kernelShape(c, Shape(w.shape.begin() + 2, w.shape.end()), sp);
        const auto stride = intsOfRank(c, "strides", sp, 1, 1);
        const auto dil = intsOfRank(c, "dilations", sp, 1, 1);
        const auto outPad = intsOfRank(c, "output_padding", sp, 0, 0);
        auto pads = c.attrInts("pads", std::vector<int64_t>(2 * sp, 0));
        if (pads.size() != 2 * sp) throw c.fail("attribute 'pads' needs " + std::to_string(2 * sp) + " values");
        auto outShape = c.attrInts("output_shape");
        if (outShape.size() == sp + 2) outShape.erase(outShape.begin(), outShape.begin() + 2);
        if (!outShape.empty() && outShape.size() != sp) throw c.fail("attribute 'output_shape' has the wrong rank");
        const std::string autoPad = c.attrString("auto_pad", "NOTSET");

        Shape full{x.shape[0], M}, y{x.shape[0], M};
        padL_.assign(sp, 0);
        for (size_t k = 0; k < sp; ++k) {
            const int64_t ek = (kernel[k] - 1) * dil[k] + 1;
            const int64_t f = stride[k] * (x.shape[2 + k] - 1) + ek;
            full.push_back(f);
            int64_t o = 0;
            if (!outShape.empty() || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
                o = outShape.empty() ? x.shape[2 + k] * stride[k] : outShape[k];
                // Floor division, as the ONNX reference does: a negative total pads at the end.
                const int64_t total = f + outPad[k] - o;
                const int64_t half = total >= 0 ? total / 2 : -((1 - total) / 2);
                padL_[k] = autoPad == "SAME_UPPER" ? half : total - half;
            } else {
                if (autoPad != "NOTSET" && autoPad != "VALID") throw c.fail("auto_pad '" + autoPad + "' is not valid");
                if (autoPad == "NOTSET") padL_[k] = pads[k];
                o = f + outPad[k] - (autoPad == "NOTSET" ? pads[k] + pads[sp + k] : 0);
            }
            if (o < 1 || o > (int64_t(1) << 24)) throw c.fail("output size " + std::to_string(o) + " is not valid");
            y.push_back(o);
        }
        cropped_ = y != full || std::any_of(padL_.begin(), padL_.end(), [](int64_t p) { return p != 0; });
        Tensor& out = c.output(0, DType::F32, y);
        Tensor* dst = &out;
        if (cropped_) {
            full_.allocate(DType::F32, full);
            dst = &full_;
        }
        // ONNX weights are [C, M/g, k...]; oneDNN wants logical [g, M/g, C/g, k...] (strides describe it).
        const int64_t K = elementCount(kernel);
        memory::dims wd, ws;
        if (group > 1) {
            wd = {group, M / group, C / group};
            ws = {(C / group) * (M / group) * K, K, (M / group) * K};
        } else {
            wd = {M, C};
            ws = {K, M * K};
        }
        const memory::dims kd(kernel.begin(), kernel.end());
        const auto ks = stridesOf(kd);
        wd.insert(wd.end(), kd.begin(), kd.end());
        ws.insert(ws.end(), ks.begin(), ks.end());
        const memory::desc wMd(wd, dt::f32, ws);
        memory::desc biasMd;
        if (c.hasInput(2)) {
            Tensor& b = c.inputF32(2);
            if (b.shape != Shape{M}) throw c.fail("bias shape " + shapeText(b.shape) + " must be [" + std::to_string(M) + "]");
            biasMd = plainMd(b.shape);
            bias_ = &b;
        }
        setWork(double(x.numel()) * double(w.numel() / C));
        const auto pd = guarded(c, [&] {
            dnnl::deconvolution_forward::desc d(dnnl::prop_kind::forward_inference, dnnl::algorithm::deconvolution_direct,
                                                plainMd(x.shape), wMd, biasMd, plainMd(full), stride,
                                                dnnlDilation(dil), memory::dims(sp, 0), memory::dims(sp, 0));
            return dnnl::deconvolution_forward::primitive_desc(d, cpu());
        });
        prim_ = dnnl::deconvolution_forward(pd);
        args_ = {{DNNL_ARG_SRC, bind(plainMd(x.shape), x)}, {DNNL_ARG_WEIGHTS, bind(wMd, w)},
                 {DNNL_ARG_DST, bind(plainMd(full), *dst)}};
        if (bias_) args_[DNNL_ARG_BIAS] = bind(biasMd, *bias_);
        return false;
    }

    void run(NodeContext& c) override {
        DnnlKernel::run(c);
        if (!cropped_) return;
        Tensor& y = *c.out[0];
        // Spatial dims padded to 3 so one loop nest serves 1-D to 3-D.
        Shape fs(full_.shape.begin() + 2, full_.shape.end()), ys(y.shape.begin() + 2, y.shape.end());
        std::vector<int64_t> pl = padL_;
        while (fs.size() < 3) {
            fs.insert(fs.begin(), 1);
            ys.insert(ys.begin(), 1);
            pl.insert(pl.begin(), 0);
        }
        const int64_t planes = y.shape[0] * y.shape[1], M = y.shape[1];
        const int64_t fPlane = fs[0] * fs[1] * fs[2], yPlane = ys[0] * ys[1] * ys[2];
        for (int64_t p = 0; p < planes; ++p) {
            const float b = bias_ ? bias_->f[size_t(p % M)] : 0.f;
            const float* src = full_.f.data() + p * fPlane;
            float* dst = y.f.data() + p * yPlane;
            for (int64_t d = 0; d < ys[0]; ++d)
                for (int64_t h = 0; h < ys[1]; ++h)
                    for (int64_t w = 0; w < ys[2]; ++w) {
                        const int64_t fd = d + pl[0], fh = h + pl[1], fw = w + pl[2];
                        const bool inside = fd >= 0 && fd < fs[0] && fh >= 0 && fh < fs[1] && fw >= 0 && fw < fs[2];
                        *dst++ = inside ? src[(fd * fs[1] + fh) * fs[2] + fw] : b;
                    }
        }
    }

private:
    Tensor full_;
    std::vector<int64_t> padL_;
    bool cropped_ = false;
    const Tensor* bias_ = nullptr;
};

// ---------------------------------------------------------------- MatMul / Gemm

class MatMulKernel : public DnnlKernel {
public:
    bool prepare(NodeContext& c) override {
        Tensor& a = c.inputF32(0);
        Tensor& b = c.inputF32(1);
        if (a.rank() == 0 || b.rank() == 0) throw c.fail("MatMul inputs must have at least one dimension");
        Shape A = a.rank() == 1 ? Shape{1, a.shape[0]} : a.shape;
        Shape B = b.rank() == 1 ? Shape{b.shape[0], 1} : b.shape;
        const size_t r = std::max(A.size(), B.size());
        if (r > 12) throw c.fail("rank above 12 is not supported");
        A = padLeft(A, r);
        B = padLeft(B, r);
        if (A[r - 1] != B[r - 2])
            throw c.fail("inner dimensions differ: " + shapeText(a.shape) + " x " + shapeText(b.shape));
        Shape dst(r);
        for (size_t d = 0; d + 2 < r; ++d) {
            if (A[d] != B[d] && A[d] != 1 && B[d] != 1)
                throw c.fail("batch dimensions do not broadcast: " + shapeText(a.shape) + " x " + shapeText(b.shape));
            dst[d] = std::max(A[d], B[d]);
        }
        dst[r - 2] = A[r - 2];
        dst[r - 1] = B[r - 1];
        Shape y = dst;
        if (b.rank() == 1) y.erase(y.end() - 1);
        if (a.rank() == 1) y.erase(y.end() - (b.rank() == 1 ? 1 : 2));
        Tensor& out = c.output(0, DType::F32, y);
        setWork(double(out.numel()) * double(A[r - 1]));
        const auto attr = fusedActivation(c);
        // Constant weights are packed once into the layout oneDNN's GEMM reads fastest.
        const bool constB = c.isConstant(1);
        const memory::desc bAny(memory::dims(B.begin(), B.end()), dt::f32, memory::format_tag::any);
        const auto pd = guarded(c, [&] {
            dnnl::matmul::desc d(plainMd(A), constB ? bAny : plainMd(B), plainMd(dst));
            return dnnl::matmul::primitive_desc(d, attr, cpu());
        });
        prim_ = dnnl::matmul(pd);
        args_ = {{DNNL_ARG_SRC, bind(plainMd(A), a)},
                 {DNNL_ARG_WEIGHTS, constB ? constantWeights(plainMd(B), b, pd.weights_desc()) : bind(plainMd(B), b)},
                 {DNNL_ARG_DST, bind(plainMd(dst), out)}};
        return false;
    }
};

// Y = alpha * op(A) op(B) + beta * C; transposes are strides, alpha an output scale. A one-row C
// with beta 1 is the primitive's bias (so a fused activation follows it); any other broadcast C
// is added afterwards on the host (a cheap M x N pass).
class GemmKernel : public DnnlKernel {
public:
    bool prepare(NodeContext& c) override {
        Tensor& a = c.inputF32(0);
        Tensor& b = c.inputF32(1);
        if (a.rank() != 2 || b.rank() != 2)
            throw c.fail("inputs must be matrices, got " + shapeText(a.shape) + " and " + shapeText(b.shape));
        const bool ta = c.attrInt("transA", 0) != 0, tb = c.attrInt("transB", 0) != 0;
        const int64_t M = ta ? a.shape[1] : a.shape[0], K = ta ? a.shape[0] : a.shape[1];
        const int64_t Kb = tb ? b.shape[1] : b.shape[0], N = tb ? b.shape[0] : b.shape[1];
        if (K != Kb) throw c.fail("inner dimensions differ: " + shapeText(a.shape) + " x " + shapeText(b.shape));
        const float alpha = c.attrFloat("alpha", 1.f);
        beta_ = c.attrFloat("beta", 1.f);
        Tensor& out = c.output(0, DType::F32, {M, N});
        if (c.hasInput(2) && beta_ != 0.f) {
            C_ = &c.inputF32(2);
            const auto bs = broadcastShapes(C_->shape, {M, N});
            if (C_->rank() > 2 || !bs || *bs != Shape{M, N})
                throw c.fail("C shape " + shapeText(C_->shape) + " does not broadcast to [" + std::to_string(M) + "," +
                             std::to_string(N) + "]");
            cStrides_ = broadcastStrides(C_->shape, {M, N});
            if (beta_ == 1.f && (C_->shape == Shape{N} || C_->shape == Shape{1, N})) {
                bias_ = C_;
                C_ = nullptr;
            }
        }
        if (C_ && c.hasAttr(kFusedActivation)) throw c.fail("an activation cannot follow a host-added C");
        const memory::desc aMd({M, K}, dt::f32, ta ? memory::dims{1, M} : memory::dims{K, 1});
        const memory::desc bMd({K, N}, dt::f32, tb ? memory::dims{1, K} : memory::dims{N, 1});
        const memory::desc yMd = plainMd({M, N});
        dnnl::primitive_attr attr = fusedActivation(c);
        if (alpha != 1.f) attr.set_output_scales(0, {alpha});
        const memory::desc biasMd = bias_ ? plainMd({1, N}) : memory::desc();
        const bool constB = c.isConstant(1); // packed once, as in MatMul
        const memory::desc bAny({K, N}, dt::f32, memory::format_tag::any);
        setWork(double(M) * double(N) * double(K));
        const auto pd = guarded(c, [&] {
            dnnl::matmul::desc d(aMd, constB ? bAny : bMd, biasMd, yMd);
            return dnnl::matmul::primitive_desc(d, attr, cpu());
        });
        prim_ = dnnl::matmul(pd);
        args_ = {{DNNL_ARG_SRC, bind(aMd, a)},
                 {DNNL_ARG_WEIGHTS, constB ? constantWeights(bMd, b, pd.weights_desc()) : bind(bMd, b)},
                 {DNNL_ARG_DST, bind(yMd, out)}};
        if (bias_) args_[DNNL_ARG_BIAS] = bind(biasMd, *bias_);
        return false;
    }

    void run(NodeContext& c) override {
        DnnlKernel::run(c);
        if (!C_) return;
        Tensor& y = *c.out[0];
        const int64_t M = y.shape[0], N = y.shape[1];
        for (int64_t m = 0; m < M; ++m)
            for (int64_t n = 0; n < N; ++n)
                y.f[size_t(m * N + n)] += beta_ * C_->f[size_t(m * cStrides_[0] + n * cStrides_[1])];
    }

private:
    const Tensor* C_ = nullptr;
    const Tensor* bias_ = nullptr;
    float beta_ = 1.f;
    std::vector<int64_t> cStrides_;
};

// ---------------------------------------------------------------- pooling

enum class PoolKind { Max, Average, GlobalAverage, GlobalMax };

template <PoolKind kind>
class PoolKernel : public DnnlKernel {
public:
    bool prepare(NodeContext& c) override {
        Tensor& x = c.inputF32(0);
        checkSpatialRank(c, x);
        if (c.outUsed.size() > 1 && c.outUsed[1]) throw c.fail("the Indices output is not supported");
        const Shape in(x.shape.begin() + 2, x.shape.end());
        const size_t sp = in.size();
        Window win;
        dnnl::algorithm alg = dnnl::algorithm::pooling_max;
        if (kind == PoolKind::GlobalAverage || kind == PoolKind::GlobalMax) {
            win = {in, std::vector<int64_t>(sp, 1), std::vector<int64_t>(sp, 1), std::vector<int64_t>(sp, 0),
                   std::vector<int64_t>(sp, 0), std::vector<int64_t>(sp, 1)};
            if (kind == PoolKind::GlobalAverage) alg = dnnl::algorithm::pooling_avg_exclude_padding;
        } else {
            win = slidingWindow(c, in, kernelShape(c, {}, sp), c.attrInt("ceil_mode", 0) != 0);
            if (kind == PoolKind::Average) {
                if (c.hasAttr("dilations")) throw c.fail("dilated average pooling is not supported");
                alg = c.attrInt("count_include_pad", 0) ? dnnl::algorithm::pooling_avg_include_padding
                                                        : dnnl::algorithm::pooling_avg_exclude_padding;
            } else if (c.attrInt("storage_order", 0) != 0) {
                throw c.fail("storage_order 1 is not supported");
            }
        }
        Shape y{x.shape[0], x.shape[1]};
        y.insert(y.end(), win.out.begin(), win.out.end());
        c.output(0, DType::F32, y);
        // A blocked input is pooled in place of its layout, and the output keeps that layout.
        const auto* blk = blockedInput(c, 0);
        const auto pd = guarded(c, [&] {
            dnnl::pooling_v2_forward::desc d(
                dnnl::prop_kind::forward_inference, alg, blk ? blk->mem.get_desc() : plainMd(x.shape),
                blk ? memory::desc(memory::dims(y.begin(), y.end()), dt::f32, memory::format_tag::any) : plainMd(y),
                win.stride, win.kernel, dnnlDilation(win.dilation), win.padL, win.padR);
            return dnnl::pooling_v2_forward::primitive_desc(d, cpu());
        });
        prim_ = dnnl::pooling_v2_forward(pd);
        args_ = {{DNNL_ARG_SRC, source(c, 0, pd.src_desc())}, {DNNL_ARG_DST, destination(c, 0, pd.dst_desc())}};
        return false;
    }
};

// ---------------------------------------------------------------- BatchNormalization

class BatchNormKernel : public DnnlKernel {
public:
    bool prepare(NodeContext& c) override {
        Tensor& x = c.inputF32(0);
        if (x.rank() < 2 || x.rank() > 5) throw c.fail("input shape " + shapeText(x.shape) + " must have rank 2 to 5");
        if (c.attrInt("training_mode", 0) != 0) throw c.fail("training_mode is not supported (inference engine)");
        if (c.attrInt("spatial", 1) != 1) throw c.fail("spatial=0 is not supported");
        for (size_t k = 1; k < c.outUsed.size(); ++k)
            if (c.outUsed[k]) throw c.fail("running-statistics outputs are not supported (inference engine)");
        const Shape cs{x.shape[1]};
        for (size_t k = 1; k <= 4; ++k)
            if (c.inputF32(k).shape != cs)
                throw c.fail("input " + std::to_string(k) + " shape " + shapeText(c.input(k).shape) + " must be " +
                             shapeText(cs));
        c.output(0, DType::F32, x.shape);
        const float eps = c.attrFloat("epsilon", 1e-5f);
        const auto* blk = blockedInput(c, 0); // per-channel: any layout, kept for the output
        const auto md = blk ? blk->mem.get_desc() : plainMd(x.shape);
        const auto pd = guarded(c, [&] {
            dnnl::batch_normalization_forward::desc d(
                dnnl::prop_kind::forward_inference, md, eps,
                dnnl::normalization_flags::use_global_stats | dnnl::normalization_flags::use_scale |
                    dnnl::normalization_flags::use_shift);
            return dnnl::batch_normalization_forward::primitive_desc(d, cpu());
        });
        prim_ = dnnl::batch_normalization_forward(pd);
        const auto cmd = plainMd(cs);
        args_ = {{DNNL_ARG_SRC, source(c, 0, md)},
                 {DNNL_ARG_DST, destination(c, 0, md)},
                 {DNNL_ARG_SCALE, bind(cmd, c.input(1))},
                 {DNNL_ARG_SHIFT, bind(cmd, c.input(2))},
                 {DNNL_ARG_MEAN, bind(cmd, c.input(3))},
                 {DNNL_ARG_VARIANCE, bind(cmd, c.input(4))}};
        return false;
    }
};

// ---------------------------------------------------------------- element-wise

struct EltwiseSpec {
    dnnl::algorithm alg;
    float alpha = 0.f, beta = 0.f;
};

template <EltwiseSpec (*spec)(const NodeContext&)>
class EltwiseKernel : public DnnlKernel {
public:
    bool prepare(NodeContext& c) override {
        Tensor& x = c.inputF32(0);
        const EltwiseSpec s = spec(c);
        c.output(0, DType::F32, x.shape);
        const auto* blk = blockedInput(c, 0); // element-wise: any layout, kept for the output
        const auto md = blk ? blk->mem.get_desc() : plainMd(x.shape);
        const auto pd = guarded(c, [&] {
            dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference, s.alg, md, s.alpha, s.beta);
            return dnnl::eltwise_forward::primitive_desc(d, cpu());
        });
        prim_ = dnnl::eltwise_forward(pd);
        args_ = {{DNNL_ARG_SRC, source(c, 0, md)}, {DNNL_ARG_DST, destination(c, 0, md)}};
        return false;
    }
};

using A = dnnl::algorithm;
EltwiseSpec reluSpec(const NodeContext&) { return {A::eltwise_relu}; }
EltwiseSpec leakyReluSpec(const NodeContext& c) { return {A::eltwise_relu, c.attrFloat("alpha", 0.01f)}; }
EltwiseSpec sigmoidSpec(const NodeContext&) { return {A::eltwise_logistic}; }
EltwiseSpec tanhSpec(const NodeContext&) { return {A::eltwise_tanh}; }
EltwiseSpec sqrtSpec(const NodeContext&) { return {A::eltwise_sqrt}; }
EltwiseSpec expSpec(const NodeContext&) { return {A::eltwise_exp}; }
EltwiseSpec logSpec(const NodeContext&) { return {A::eltwise_log}; }
EltwiseSpec absSpec(const NodeContext&) { return {A::eltwise_abs}; }
EltwiseSpec negSpec(const NodeContext&) { return {A::eltwise_linear, -1.f, 0.f}; }
EltwiseSpec eluSpec(const NodeContext& c) { return {A::eltwise_elu, c.attrFloat("alpha", 1.f)}; }
EltwiseSpec hardSwishSpec(const NodeContext&) { return {A::eltwise_hardswish}; }
EltwiseSpec geluSpec(const NodeContext& c) {
    const auto approx = c.attrString("approximate", "none");
    if (approx != "none" && approx != "tanh") throw c.fail("approximate '" + approx + "' is not none or tanh");
    return {approx == "tanh" ? A::eltwise_gelu_tanh : A::eltwise_gelu_erf};
}
// Clip bounds are attributes before opset 11 and optional (constant) inputs from opset 11 on.
EltwiseSpec clipSpec(const NodeContext& c) {
    float lo = -FLT_MAX, hi = FLT_MAX;
    if (c.opset < 11) {
        lo = c.attrFloat("min", lo);
        hi = c.attrFloat("max", hi);
    } else {
        const auto bound = [&](size_t k, float def) {
            if (!c.hasInput(k)) return def;
            const auto v = c.constFloats(k);
            if (v.size() != 1) throw c.fail("clip bound input " + std::to_string(k) + " must be a scalar");
            return v[0];
        };
        lo = bound(1, lo);
        hi = bound(2, hi);
    }
    return {A::eltwise_clip_v2, lo, hi};
}

// ---------------------------------------------------------------- softmax

template <bool isLog>
class SoftmaxKernel : public DnnlKernel {
public:
    bool prepare(NodeContext& c) override {
        Tensor& x = c.inputF32(0);
        if (x.rank() == 0) throw c.fail("input must have at least one dimension");
        Tensor& out = c.output(0, DType::F32, x.shape);
        memory::desc md;
        int axis = 0;
        if (c.opset < 13) { // the input is coerced to 2-D at `axis`
            const int a = c.axis(c.attrInt("axis", 1), x.rank());
            int64_t rows = 1;
            for (int d = 0; d < a; ++d) rows *= x.shape[size_t(d)];
            md = plainMd({rows, x.numel() / std::max<int64_t>(rows, 1)});
            axis = 1;
        } else {
            axis = c.axis(c.attrInt("axis", -1), x.rank());
            md = plainMd(x.shape);
        }
        if (isLog) {
            const auto pd = guarded(c, [&] {
                dnnl::logsoftmax_forward::desc d(dnnl::prop_kind::forward_inference, md, axis);
                return dnnl::logsoftmax_forward::primitive_desc(d, cpu());
            });
            prim_ = dnnl::logsoftmax_forward(pd);
        } else {
            const auto pd = guarded(c, [&] {
                dnnl::softmax_forward::desc d(dnnl::prop_kind::forward_inference, md, axis);
                return dnnl::softmax_forward::primitive_desc(d, cpu());
            });
            prim_ = dnnl::softmax_forward(pd);
        }
        args_ = {{DNNL_ARG_SRC, bind(md, x)}, {DNNL_ARG_DST, bind(md, out)}};
        return false;
    }
};

// ---------------------------------------------------------------- binary

enum class BinOp { Add, Sub, Mul, Div, Pow };

float applyBin(BinOp op, float a, float b) {
    switch (op) {
    case BinOp::Add: return a + b;
    case BinOp::Sub: return a - b;
    case BinOp::Mul: return a * b;
    case BinOp::Div: return a / b;
    case BinOp::Pow: return std::pow(a, b);
    }
    return a;
}

// Integer shape arithmetic wraps (unsigned) and defines x/0 as 0: hostile data cannot cause UB.
int64_t applyBin(BinOp op, int64_t a, int64_t b) {
    const auto ua = uint64_t(a), ub = uint64_t(b);
    switch (op) {
    case BinOp::Add: return int64_t(ua + ub);
    case BinOp::Sub: return int64_t(ua - ub);
    case BinOp::Mul: return int64_t(ua * ub);
    case BinOp::Div: return b == 0 ? 0 : b == -1 ? int64_t(0 - ua) : a / b;
    case BinOp::Pow: {
        const double p = std::pow(double(a), double(b));
        return std::isfinite(p) && std::fabs(p) < 9.2e18 ? int64_t(p) : 0;
    }
    }
    return a;
}

// oneDNN's binary primitive broadcasts only its second source, so a kernel falls back to a host
// loop when the first source is the broadcast one (and the op does not commute), or for integers.
template <BinOp op>
class BinaryKernel : public DnnlKernel {
public:
    bool prepare(NodeContext& c) override {
        Tensor& a = c.input(0);
        Tensor& b = c.input(1);
        const auto os = broadcastShapes(a.shape, b.shape);
        if (!os) throw c.fail("shapes " + shapeText(a.shape) + " and " + shapeText(b.shape) + " do not broadcast");
        // Pow's result has the base's type; the other ops need equal types.
        const bool ints = a.dtype == DType::I64 && (b.dtype == DType::I64 || op == BinOp::Pow);
        if (!ints && a.dtype != b.dtype && op != BinOp::Pow)
            throw c.fail("input types differ (" + std::string(dtypeName(a.dtype)) + " and " +
                         std::string(dtypeName(b.dtype)) + ")");
        Tensor& out = c.output(0, ints ? DType::I64 : DType::F32, *os);
        host_ = true;
        if (ints || a.dtype != DType::F32 || b.dtype != DType::F32) return prepareHost(a, b, out);
        const size_t r = std::max<size_t>(1, os->size());
        const Shape o = padLeft(*os, r), pa = padLeft(a.shape, r), pb = padLeft(b.shape, r);
        if (op == BinOp::Pow) {
            if (!c.isConstant(1) || b.numel() != 1 || pa != o) return prepareHost(a, b, out);
            const auto md = plainMd(o);
            const auto pd = guarded(c, [&] {
                dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference, A::eltwise_pow, md, 1.f, b.f[0]);
                return dnnl::eltwise_forward::primitive_desc(d, cpu());
            });
            prim_ = dnnl::eltwise_forward(pd);
            args_ = {{DNNL_ARG_SRC, bind(md, a)}, {DNNL_ARG_DST, bind(md, out)}};
            host_ = false;
            return false;
        }
        const bool commutes = op == BinOp::Add || op == BinOp::Mul;
        Tensor *s0 = &a, *s1 = &b;
        Shape p0 = pa, p1 = pb;
        if (pa != o) {
            if (!commutes || pb != o) return prepareHost(a, b, out);
            std::swap(s0, s1);
            std::swap(p0, p1);
        }
        const A alg = op == BinOp::Add ? A::binary_add
                    : op == BinOp::Sub ? A::binary_sub
                    : op == BinOp::Mul ? A::binary_mul
                                       : A::binary_div;
        if (prepareBlocked(c, alg, s0 == &a ? 0 : 1, s0 == &a ? 1 : 0, p1, o)) {
            host_ = false;
            return false;
        }
        const auto pd = guarded(c, [&] {
            dnnl::binary::desc d(alg, plainMd(p0), plainMd(p1), plainMd(o));
            return dnnl::binary::primitive_desc(d, cpu());
        });
        prim_ = dnnl::binary(pd);
        args_ = {{DNNL_ARG_SRC_0, bind(plainMd(p0), *s0)}, {DNNL_ARG_SRC_1, bind(plainMd(p1), *s1)},
                 {DNNL_ARG_DST, bind(plainMd(o), out)}};
        host_ = false;
        return false;
    }

    void run(NodeContext& c) override {
        if (!host_) return DnnlKernel::run(c);
        const Tensor& a = *c.in[0];
        const Tensor& b = *c.in[1];
        Tensor& y = *c.out[0];
        if (y.dtype == DType::I64 && b.dtype == DType::I64) {
            forEachBroadcast(y.shape, sa_, sb_, [&](int64_t o, int64_t i, int64_t j) {
                y.i[size_t(o)] = applyBin(op, a.i[size_t(i)], b.i[size_t(j)]);
            });
            return;
        }
        if (y.dtype == DType::I64) { // integer base, float exponent
            forEachBroadcast(y.shape, sa_, sb_, [&](int64_t o, int64_t i, int64_t j) {
                const double p = std::pow(double(a.i[size_t(i)]), double(b.f[size_t(j)]));
                y.i[size_t(o)] = std::isfinite(p) && std::fabs(p) < 9.2e18 ? int64_t(p) : 0;
            });
            return;
        }
        const auto val = [](const Tensor& t, int64_t k) {
            return t.dtype == DType::F32 ? t.f[size_t(k)] : float(t.i[size_t(k)]);
        };
        forEachBroadcast(y.shape, sa_, sb_, [&](int64_t o, int64_t i, int64_t j) {
            y.f[size_t(o)] = applyBin(op, val(a, i), val(b, j));
        });
    }

private:
    // With a blocked full-shape source the op runs in that layout (oneDNN broadcasts the other
    // source, plain or blocked alike, over it) and the output stays blocked. False when oneDNN
    // has no such implementation or no source is blocked.
    bool prepareBlocked(NodeContext& c, A alg, size_t i0, size_t i1, const Shape& p1, const Shape& o) {
        const auto* b0 = blockedInput(c, i0);
        const auto* b1 = blockedInput(c, i1);
        if (!b0 || c.input(i0).shape != o || (b1 && c.input(i1).shape != p1)) return false;
        const memory::desc md0 = b0->mem.get_desc(), md1 = b1 ? b1->mem.get_desc() : plainMd(p1);
        const memory::desc dstAny(memory::dims(o.begin(), o.end()), dt::f32, memory::format_tag::any);
        const auto pd = guarded(c, [&]() -> std::optional<dnnl::binary::primitive_desc> {
            try {
                return dnnl::binary::primitive_desc(dnnl::binary::desc(alg, md0, md1, dstAny), cpu());
            } catch (const dnnl::error&) {
                return std::nullopt;
            }
        });
        if (!pd) return false;
        prim_ = dnnl::binary(*pd);
        args_ = {{DNNL_ARG_SRC_0, source(c, i0, pd->src_desc(0))},
                 {DNNL_ARG_SRC_1, b1 ? source(c, i1, pd->src_desc(1)) : bind(md1, c.input(i1))},
                 {DNNL_ARG_DST, destination(c, 0, pd->dst_desc())}};
        return true;
    }

    bool prepareHost(const Tensor& a, const Tensor& b, const Tensor& out) {
        sa_ = broadcastStrides(a.shape, out.shape);
        sb_ = broadcastStrides(b.shape, out.shape);
        host_ = true;
        return false;
    }
    bool host_ = true;
    std::vector<int64_t> sa_, sb_;
};

// ---------------------------------------------------------------- layout-preserving data movement

// Transpose and Concat of f32 activations run in oneDNN so that blocked activations pass through
// them; other cases use the host kernels that addHostKernels() registered before.
KernelFactory hostTranspose = nullptr, hostConcat = nullptr;

// Data movement with a host fallback: the host kernel validates and allocates the output.
class MoveKernel : public DnnlKernel {
public:
    void run(NodeContext& c) override {
        if (host_) return host_->run(c);
        DnnlKernel::run(c);
    }

protected:
    std::unique_ptr<Kernel> host_;
};

// An f32 transpose is a strided view of its input (no copy): a convolution that wants the
// transposed layout reads the input buffer directly (NHWC model inputs into NHWC convolutions).
class TransposeKernel : public MoveKernel {
public:
    bool prepare(NodeContext& c) override {
        host_ = hostTranspose();
        if (host_->prepare(c)) return true;
        Tensor& x = c.input(0);
        const int r = x.rank();
        if (x.dtype != DType::F32 || r == 0 || r > DNNL_MAX_NDIMS || x.numel() == 0 || c.isConstant(0) || blockedInput(c, 0))
            return false;
        std::vector<int64_t> perm(static_cast<size_t>(r));
        std::iota(perm.rbegin(), perm.rend(), 0);
        perm = c.attrInts("perm", perm); // validated by the host kernel
        const memory::dims xs = stridesOf(memory::dims(x.shape.begin(), x.shape.end()));
        memory::dims strides;
        for (const int64_t p : perm) strides.push_back(xs[size_t(p)]);
        const Shape& y = c.out[0]->shape;
        const memory::desc view(memory::dims(y.begin(), y.end()), dt::f32, strides);
        publish(c, 0, memory(view, cpu(), x.f.data()));
        host_.reset();
        return false;
    }
};

class ConcatKernel : public MoveKernel {
public:
    bool prepare(NodeContext& c) override {
        host_ = hostConcat();
        if (host_->prepare(c)) return true;
        bool anyBlocked = false;
        std::vector<memory::desc> srcs;
        for (size_t k = 0; k < c.in.size(); ++k) {
            const Tensor& t = c.input(k);
            if (t.dtype != DType::F32 || t.numel() == 0 || t.rank() > DNNL_MAX_NDIMS) return false;
            const auto* blk = blockedInput(c, k);
            anyBlocked = anyBlocked || blk;
            srcs.push_back(blk ? blk->mem.get_desc() : plainMd(t.shape));
        }
        if (!anyBlocked) return false; // plain inputs: the host copy is as fast
        const int axis = c.axis(c.attrInt("axis", 0), c.input(0).rank());
        const auto pd = guarded(c, [&] { return dnnl::concat::primitive_desc(axis, srcs, cpu()); });
        prim_ = dnnl::concat(pd);
        args_.clear();
        for (size_t k = 0; k < srcs.size(); ++k) args_[DNNL_ARG_MULTIPLE_SRC + int(k)] = source(c, k, srcs[k]);
        args_[DNNL_ARG_DST] = destination(c, 0, pd.dst_desc());
        host_.reset();
        return false;
    }
};

template <typename K>
std::unique_ptr<Kernel> make() {
    return std::make_unique<K>();
}

} // namespace

void addDnnlKernels(KernelTable& t) {
    hostTranspose = t.at("Transpose");
    hostConcat = t.at("Concat");
    t["Transpose"] = make<TransposeKernel>;
    t["Concat"] = make<ConcatKernel>;
    t["Conv"] = make<ConvKernel>;
    t["ConvTranspose"] = make<ConvTransposeKernel>;
    t["MatMul"] = make<MatMulKernel>;
    t["Gemm"] = make<GemmKernel>;
    t["MaxPool"] = make<PoolKernel<PoolKind::Max>>;
    t["AveragePool"] = make<PoolKernel<PoolKind::Average>>;
    t["GlobalAveragePool"] = make<PoolKernel<PoolKind::GlobalAverage>>;
    t["GlobalMaxPool"] = make<PoolKernel<PoolKind::GlobalMax>>;
    t["BatchNormalization"] = make<BatchNormKernel>;
    t["Relu"] = make<EltwiseKernel<reluSpec>>;
    t["LeakyRelu"] = make<EltwiseKernel<leakyReluSpec>>;
    t["Sigmoid"] = make<EltwiseKernel<sigmoidSpec>>;
    t["Tanh"] = make<EltwiseKernel<tanhSpec>>;
    t["Sqrt"] = make<EltwiseKernel<sqrtSpec>>;
    t["Exp"] = make<EltwiseKernel<expSpec>>;
    t["Log"] = make<EltwiseKernel<logSpec>>;
    t["Abs"] = make<EltwiseKernel<absSpec>>;
    t["Neg"] = make<EltwiseKernel<negSpec>>;
    t["Elu"] = make<EltwiseKernel<eluSpec>>;
    t["HardSwish"] = make<EltwiseKernel<hardSwishSpec>>;
    t["Gelu"] = make<EltwiseKernel<geluSpec>>;
    t["Clip"] = make<EltwiseKernel<clipSpec>>;
    t["Softmax"] = make<SoftmaxKernel<false>>;
    t["LogSoftmax"] = make<SoftmaxKernel<true>>;
    t["Add"] = make<BinaryKernel<BinOp::Add>>;
    t["Sub"] = make<BinaryKernel<BinOp::Sub>>;
    t["Mul"] = make<BinaryKernel<BinOp::Mul>>;
    t["Div"] = make<BinaryKernel<BinOp::Div>>;
    t["Pow"] = make<BinaryKernel<BinOp::Pow>>;
}

} // namespace qb::engine
