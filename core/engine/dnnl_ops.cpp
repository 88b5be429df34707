// Operators that run as oneDNN primitives (the shared base is in dnnl_kernel.h): pooling,
// BatchNormalization, element-wise activations, softmax, binary arithmetic, and the
// layout-preserving Transpose and Concat. Convolutions are in dnnl_conv_ops.cpp, matrix products
// in dnnl_matmul_ops.cpp; addDnnlKernels() registers all of them.
#include <cfloat>
#include <cmath>
#include <numeric>
#include <optional>

#include "core/engine/broadcast.h"
#include "core/engine/dnnl_kernel.h"
#include "core/engine/graph_fusion.h"
#include "core/engine/sliding_window.h"

namespace qb::engine {
namespace dnnl_kernels {
namespace {

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
        c.output(0, DType::F32, y, Init::Unset);
        // A blocked input is pooled in place of its layout, and the output keeps that layout.
        const auto* blk = blockedInput(c, 0);
        auto pd = guarded(c, [&] {
            dnnl::pooling_v2_forward::desc d(
                dnnl::prop_kind::forward_inference, alg, blk ? blk->mem.get_desc() : plainMd(x.shape),
                blk ? memory::desc(memory::dims(y.begin(), y.end()), dt::f32, memory::format_tag::any) : plainMd(y),
                win.stride, win.kernel, dnnlDilation(win.dilation), win.padL, win.padR);
            return dnnl::pooling_v2_forward::primitive_desc(d, cpu());
        });
        prim_ = created<dnnl::pooling_v2_forward>(c, pd);
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
        c.output(0, DType::F32, x.shape, Init::Unset);
        const float eps = c.attrFloat("epsilon", 1e-5f);
        const auto* blk = blockedInput(c, 0); // per-channel: any layout, kept for the output
        const auto md = blk ? blk->mem.get_desc() : plainMd(x.shape);
        auto pd = guarded(c, [&] {
            dnnl::batch_normalization_forward::desc d(
                dnnl::prop_kind::forward_inference, md, eps,
                dnnl::normalization_flags::use_global_stats | dnnl::normalization_flags::use_scale |
                    dnnl::normalization_flags::use_shift);
            return dnnl::batch_normalization_forward::primitive_desc(d, cpu());
        });
        prim_ = created<dnnl::batch_normalization_forward>(c, pd);
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
        c.output(0, DType::F32, x.shape, Init::Unset);
        const auto* blk = blockedInput(c, 0); // element-wise: any layout, kept for the output
        const auto md = blk ? blk->mem.get_desc() : plainMd(x.shape);
        auto pd = guarded(c, [&] {
            dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference, s.alg, md, s.alpha, s.beta);
            return dnnl::eltwise_forward::primitive_desc(d, cpu());
        });
        prim_ = created<dnnl::eltwise_forward>(c, pd);
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
        Tensor& out = c.output(0, DType::F32, x.shape, Init::Unset);
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
            auto pd = guarded(c, [&] {
                dnnl::logsoftmax_forward::desc d(dnnl::prop_kind::forward_inference, md, axis);
                return dnnl::logsoftmax_forward::primitive_desc(d, cpu());
            });
            prim_ = created<dnnl::logsoftmax_forward>(c, pd);
        } else {
            auto pd = guarded(c, [&] {
                dnnl::softmax_forward::desc d(dnnl::prop_kind::forward_inference, md, axis);
                return dnnl::softmax_forward::primitive_desc(d, cpu());
            });
            prim_ = created<dnnl::softmax_forward>(c, pd);
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
        const bool f32 = !ints && a.dtype == DType::F32 && b.dtype == DType::F32;
        Tensor& out = c.output(0, ints ? DType::I64 : DType::F32, *os, f32 ? Init::Unset : Init::Zero);
        host_ = true;
        if (!f32) return prepareHost(a, b, out);
        const size_t r = std::max<size_t>(1, os->size());
        const Shape o = padLeft(*os, r), pa = padLeft(a.shape, r), pb = padLeft(b.shape, r);
        if (op == BinOp::Pow) {
            if (!c.isConstant(1) || b.numel() != 1 || pa != o) return prepareHost(a, b, out);
            const auto md = plainMd(o);
            auto pd = guarded(c, [&] {
                dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference, A::eltwise_pow, md, 1.f, b.f[0]);
                return dnnl::eltwise_forward::primitive_desc(d, cpu());
            });
            prim_ = created<dnnl::eltwise_forward>(c, pd);
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
        const memory::desc dstMd = withType(plainMd(o), codesType(c));
        auto pd = guarded(c, [&] {
            dnnl::binary::desc d(alg, plainMd(p0), plainMd(p1), dstMd);
            return dnnl::binary::primitive_desc(d, codesAttr(c), cpu());
        });
        prim_ = created<dnnl::binary>(c, pd);
        args_ = {{DNNL_ARG_SRC_0, bind(plainMd(p0), *s0)}, {DNNL_ARG_SRC_1, bind(plainMd(p1), *s1)},
                 {DNNL_ARG_DST, codesType(c) ? codesDestination(c, dstMd) : bind(dstMd, out)}};
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
        const memory::desc dstAny(memory::dims(o.begin(), o.end()), codesType(c).value_or(dt::f32), memory::format_tag::any);
        auto pd = guarded(c, [&]() -> std::optional<dnnl::binary::primitive_desc> {
            try {
                return dnnl::binary::primitive_desc(dnnl::binary::desc(alg, md0, md1, dstAny), codesAttr(c), cpu());
            } catch (const dnnl::error&) {
                return std::nullopt;
            }
        });
        if (!pd) return false;
        prim_ = dnnl::binary(*pd);
        args_ = {{DNNL_ARG_SRC_0, source(c, i0, pd->src_desc(0))},
                 {DNNL_ARG_SRC_1, b1 ? source(c, i1, pd->src_desc(1)) : bind(md1, c.input(i1))},
                 {DNNL_ARG_DST, codesType(c) ? codesDestination(c, pd->dst_desc()) : destination(c, 0, pd->dst_desc())}};
        return true;
    }

    // Chained int8 readers (graph_fusion.h kCodes*) take the output as their 8-bit codes:
    // value / scale + zero, rounded and saturated by the store.
    static std::optional<dt> codesType(const NodeContext& c) {
        if (!c.hasAttr(kCodesScale)) return std::nullopt;
        return c.attrInt(kCodesSigned, 0) ? dt::s8 : dt::u8;
    }
    static dnnl::primitive_attr codesAttr(const NodeContext& c) {
        dnnl::primitive_attr a;
        if (!codesType(c)) return a;
        dnnl::post_ops po;
        po.append_eltwise(1.f, A::eltwise_linear, 1.f / c.attrFloat(kCodesScale, 1.f), float(c.attrInt(kCodesZero, 0)));
        a.set_post_ops(po);
        return a;
    }
    memory codesDestination(const NodeContext& c, const memory::desc& md) {
        return quantizedDestination(c, 0, md, c.attrFloat(kCodesScale, 1.f), int32_t(c.attrInt(kCodesZero, 0)));
    }
    static memory::desc withType(const memory::desc& md, std::optional<dt> type) {
        if (!type) return md;
        dnnl_memory_desc_t d = md.data;
        d.data_type = memory::convert_to_c(*type);
        return memory::desc(d);
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
KernelFactory hostTranspose = nullptr, hostConcat = nullptr, hostResize = nullptr;

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
        // Chained int8 producers (graph_fusion.h kConcatCodes*) hand over codes, joined as codes.
        const bool codes = c.hasAttr(kCodesScale);
        for (const auto& md : srcs)
            if ((md.data.data_type != dnnl_f32) != codes) throw c.fail("mixes 8-bit codes and f32 inputs");
        auto pd = guarded(c, [&] { return dnnl::concat::primitive_desc(axis, srcs, cpu()); });
        prim_ = created<dnnl::concat>(c, pd);
        args_.clear();
        for (size_t k = 0; k < srcs.size(); ++k) args_[DNNL_ARG_MULTIPLE_SRC + int(k)] = source(c, k, srcs[k]);
        args_[DNNL_ARG_DST] = codes ? quantizedDestination(c, 0, pd.dst_desc(), c.attrFloat(kCodesScale, 1.f),
                                                           int32_t(c.attrInt(kCodesZero, 0)))
                                    : destination(c, 0, pd.dst_desc());
        host_.reset();
        return false;
    }
};

// Nearest Resize by a whole factor per spatial axis (an FPN's upsampling) on oneDNN's resampling,
// in its input's blocked layout, so that the Adds and Concats after it see one layout. oneDNN's
// nearest source index round((o + 0.5) / F - 0.5) is floor(o / F) for a whole F, which is what
// ONNX gives for asymmetric + floor and for half_pixel + round_prefer_*; other cases run the host
// kernel.
class ResizeKernel : public MoveKernel {
public:
    bool prepare(NodeContext& c) override {
        host_ = hostResize();
        if (host_->prepare(c)) return true;
        const Tensor& x = c.input(0);
        const Shape& y = c.out[0]->shape;
        if (x.dtype != DType::F32 || x.rank() != 4 || x.numel() == 0 || y[0] != x.shape[0] || y[1] != x.shape[1])
            return false;
        const std::string coord = c.attrString("coordinate_transformation_mode", c.opset < 11 ? "asymmetric" : "half_pixel");
        const std::string nearest = c.attrString("nearest_mode", c.opset < 11 ? "floor" : "round_prefer_floor");
        const bool floorMap = (coord == "asymmetric" && nearest == "floor") ||
                              (coord == "half_pixel" && (nearest == "round_prefer_floor" || nearest == "round_prefer_ceil"));
        if (!floorMap) return false;
        for (size_t d = 2; d < 4; ++d)
            if (y[d] % x.shape[d] != 0 || y[d] / x.shape[d] > 64) return false;
        const auto* blk = blockedInput(c, 0);
        auto pd = guarded(c, [&] {
            dnnl::resampling_forward::desc d(
                dnnl::prop_kind::forward_inference, dnnl::algorithm::resampling_nearest,
                blk ? blk->mem.get_desc() : plainMd(x.shape),
                memory::desc(memory::dims(y.begin(), y.end()), dt::f32, memory::format_tag::any));
            return dnnl::resampling_forward::primitive_desc(d, cpu());
        });
        prim_ = created<dnnl::resampling_forward>(c, pd);
        args_ = {{DNNL_ARG_SRC, source(c, 0, pd.src_desc())}, {DNNL_ARG_DST, destination(c, 0, pd.dst_desc())}};
        host_.reset();
        return false;
    }
};

} // namespace
} // namespace dnnl_kernels

void addDnnlKernels(KernelTable& t) {
    using namespace dnnl_kernels;
    hostTranspose = t.at("Transpose");
    hostConcat = t.at("Concat");
    hostResize = t.at("Resize");
    t["Resize"] = make<ResizeKernel>;
    t["Transpose"] = make<TransposeKernel>;
    t["Concat"] = make<ConcatKernel>;
    addConvKernels(t);
    addMatMulKernels(t);
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
