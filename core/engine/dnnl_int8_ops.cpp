// W8A8 Conv, Gemm, MatMul and patch ConvTranspose: the f32 input is quantized to u8 on the grid of cpu_isa.h, the
// primitive multiplies it with the layer's s8 codes in s32 and scales the sum per output channel
// back to f32 (act_scale * w_scale[oc]), where bias and fused activations apply as in fp32.
// oneDNN 2.6 adds the bias before the output scales, so the kernels divide it by them first.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "core/engine/dnnl_kernel.h"
#include "core/engine/graph_fusion.h"
#include "core/engine/int8_layer.h"
#include "core/engine/sliding_window.h"

namespace qb::engine::dnnl_kernels {
namespace {

// The layer's codes as s8 [rows, cols] (q = u - 128) and one f32 scale per row, with the folds'
// factors applied.
struct Int8Weights {
    std::vector<int8_t> q;
    std::vector<float> scale;
};

Int8Weights decodeWeights(const NodeContext& c, const Int8Layer& l, int64_t rows, int64_t cols) {
    const quant::QuantizedTensor& t = l.layer->weight;
    const std::string name = "int8 weight '" + l.layer->name + "'";
    if (t.rows != rows || t.cols != cols)
        throw c.fail(name + " is [" + std::to_string(t.rows) + "," + std::to_string(t.cols) + "], the node needs [" +
                     std::to_string(rows) + "," + std::to_string(cols) + "]");
    const auto need = quant::sizeBytes(*t.scheme, rows, cols);
    if (!need || *need != t.bytes.size() || *need != uint64_t(rows) * 2 + uint64_t(rows) * uint64_t(cols))
        throw c.fail(name + " holds " + std::to_string(t.bytes.size()) + " bytes, not the layout of int8_channel_sym");
    if (!l.channelScale.empty() && int64_t(l.channelScale.size()) != rows)
        throw c.fail(name + ": folded channel factors do not match its rows");
    Int8Weights w;
    w.scale.resize(size_t(rows));
    for (int64_t r = 0; r < rows; ++r) {
        uint16_t h;
        std::memcpy(&h, t.bytes.data() + 2 * r, 2);
        const float s = halfToFloat(h) * (l.channelScale.empty() ? 1.f : l.channelScale[size_t(r)]);
        if (!std::isfinite(s)) throw c.fail(name + ": the scale of row " + std::to_string(r) + " is not finite");
        w.scale[size_t(r)] = s;
    }
    const uint8_t* codes = t.bytes.data() + 2 * rows;
    w.q.resize(size_t(rows * cols));
    for (size_t k = 0; k < w.q.size(); ++k) {
        if (codes[k] == 0) // symmetric codes are 1..255: -128 has no positive twin
            throw c.fail(name + ": code 0 (q = -128) is not a symmetric code (offset " + std::to_string(2 * rows + int64_t(k)) + ")");
        w.q[k] = int8_t(int(codes[k]) - 128);
    }
    return w;
}

// Strides of the Conv weight's axes (OIHW...) over the layer's codes, which hold those axes in the
// order kWeightCodesAxes gives (default: OIHW itself); output channels must come first (the rows).
memory::dims codeStrides(const NodeContext& c, const Shape& w) {
    std::vector<int64_t> axes(w.size());
    for (size_t k = 0; k < axes.size(); ++k) axes[k] = int64_t(k);
    if (const auto a = c.node->attrs.find(kWeightCodesAxes); a != c.node->attrs.end()) axes = a->second.ints;
    std::vector<int64_t> sorted = axes;
    std::sort(sorted.begin(), sorted.end());
    bool ok = sorted.size() == w.size() && !axes.empty() && axes[0] == 0;
    for (size_t k = 0; ok && k < sorted.size(); ++k) ok = sorted[k] == int64_t(k);
    if (!ok) throw c.fail("the int8 codes' axis order does not fit weights " + shapeText(w));
    memory::dims strides(w.size());
    int64_t step = 1;
    for (size_t j = axes.size(); j-- > 0;) {
        strides[size_t(axes[j])] = step;
        step *= w[size_t(axes[j])];
    }
    return strides;
}

class Int8Kernel : public DnnlKernel {
public:
    void run(NodeContext& c) override {
        if (!byReorder_) quantizeInput();
        DnnlKernel::run(c);
    }

protected:
    // Output scales act_scale * w_scale[oc] (times `alpha`), and the bias divided by them. A row
    // of zero weights gets scale 1: its sum is 0, so only its bias remains, as it should.
    void scalesAndBias(const NodeContext& c, const Int8Weights& w, float alpha, const Tensor* bias) {
        const size_t M = w.scale.size();
        outScales_.resize(M);
        for (size_t m = 0; m < M; ++m) {
            const float s = alpha * c.int8->grid.scale * w.scale[m];
            outScales_[m] = s != 0.f && std::isfinite(s) ? s : 1.f;
        }
        if (!bias) return;
        bias_.resize(M);
        for (size_t m = 0; m < M; ++m) bias_[m] = bias->f[m] / outScales_[m];
    }

    /// `then`: the map after the fused post-ops (fusedPostOps()), the chained output's codes.
    dnnl::primitive_attr attr(const NodeContext& c, int scaleMask, std::optional<std::pair<float, float>> then = {}) const {
        dnnl::primitive_attr a = fusedPostOps(c, then);
        a.set_output_scales(scaleMask, outScales_);
        if (grid_.zero != 0 && !signed_) a.set_zero_points(DNNL_ARG_SRC, 0, {DNNL_RUNTIME_S32_VAL});
        return a;
    }

    /// Weights `w` (logical dims `dims`, strides over the [rows, cols] codes) packed as `want`.
    static memory packWeights(const Int8Weights& w, const memory::desc& user, const memory::desc& want) {
        memory from(user, cpu(), const_cast<int8_t*>(w.q.data()));
        memory packed(want, cpu());
        dnnl::reorder(from, packed).execute(cpuStream(), from, packed);
        cpuStream().wait();
        return packed;
    }

    /// Input 0 quantized to u8 in layout `want`: the f32 value (the producer's blocked buffer when
    /// it left one and `blockedOk`, else the plain tensor viewed as `plain`) is quantized
    /// element-wise into a u8 buffer of the same layout at each run, then reordered when `want` differs.
    memory quantizedSource(const NodeContext& c, const memory::desc& plain, const memory::desc& want, bool blockedOk) {
        memory from;
        if (c.blocked && blockedOk)
            if (const auto it = c.blocked->byTensor.find(c.in[0]); it != c.blocked->byTensor.end()) {
                ++it->second.claims;
                from = it->second.mem;
            }
        if (from && from.get_desc().data.data_type != dnnl_f32) {
            // A chained producer (Int8Layer::outputGrid) wrote our codes already.
            if (from.get_desc().data.data_type != (signed_ ? dnnl_s8 : dnnl_u8))
                throw c.fail("the producer's 8-bit codes are not of this layer's grid");
            byReorder_ = true;
            if (from.get_desc() == want) return from;
            memory to(want, cpu());
            before_.push_back({reorder(from, to), {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}}});
            return to;
        }
        if (!from) from = bind(plain, *c.in[0]);
        if (grid_.maxCode >= 255) {
            // On the full 8-bit range one reorder does it all: saturate(round(x / scale) (+ zero))
            // straight into the primitive's layout, vectorised by oneDNN (its zero-point path is
            // 50x slower, hence s8 for signed grids).
            dnnl::primitive_attr a;
            a.set_output_scales(0, {1.f / grid_.scale});
            if (grid_.zero != 0 && !signed_) a.set_zero_points(DNNL_ARG_DST, 0, {grid_.zero});
            memory to(want, cpu());
            try {
                before_.push_back({reorder(from, to, a), {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}}});
                byReorder_ = true;
                return to;
            } catch (const dnnl::error&) {
                // this reorder is not implemented for the pair of layouts: quantize by hand below
            }
        }
        dnnl_memory_desc_t d = from.get_desc().data;
        d.data_type = signed_ ? dnnl_s8 : dnnl_u8;
        const memory::desc u8Md(d);
        f32_ = from;
        u8_ = memory(u8Md, cpu());
        if (u8Md == want) return u8_;
        memory to(want, cpu());
        before_.push_back({reorder(u8_, to), {{DNNL_ARG_FROM, u8_}, {DNNL_ARG_TO, to}}});
        return to;
    }

    void bindZeroPoint(const NodeContext&) {
        if (grid_.zero == 0 || signed_) return;
        zero_ = grid_.zero;
        args_[DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC] = memory(memory::desc(memory::dims{1}, dt::s32, memory::dims{1}), cpu(), &zero_);
    }

    /// Call before building the primitive (Int8Layer::signedCodes says s8 or u8 codes).
    void setGrid(const Int8Layer& l) {
        grid_ = l.grid;
        signed_ = l.signedCodes;
    }


    /// The primitive's source type for the grid: s8 or u8.
    dt sourceType() const { return signed_ ? dt::s8 : dt::u8; }

    std::vector<float> outScales_, bias_;

private:
    // u = clamp(round(x / scale) + zero, 0, maxCode); NaN becomes 0. The clamped value is in
    // [0, 255], where adding and subtracting 1.5 * 2^23 rounds to nearest even like nearbyint
    // but vectorises (nearbyint is a library call without SSE4.1).
    void quantizeInput() {
        const auto* x = static_cast<const float*>(f32_.get_data_handle());
        auto* u = static_cast<uint8_t*>(u8_.get_data_handle());
        const auto n = int64_t(f32_.get_desc().get_size() / sizeof(float));
        const float inv = 1.f / grid_.scale, zero = float(grid_.zero), top = float(grid_.maxCode);
        constexpr float kRound = 12582912.f; // 1.5 * 2^23
        const uint8_t flip = signed_ ? 0x80 : 0; // s8 q = u - 128 has u's bits with the top one flipped
#pragma omp parallel for if (n > (int64_t(1) << 16)) schedule(static)
        for (int64_t k = 0; k < n; ++k) {
            float v = x[k] * inv + zero;
            v = v > 0.f ? (v < top ? v : top) : 0.f;
            u[k] = uint8_t(uint8_t((v + kRound) - kRound) ^ flip);
        }
    }

    memory f32_, u8_;
    bool byReorder_ = false, signed_ = false;
    ActivationGrid grid_;
    int32_t zero_ = 0;
};

// ---------------------------------------------------------------- Conv

class Int8ConvKernel : public Int8Kernel {
public:
    bool prepare(NodeContext& c) override {
        Tensor& x = c.inputF32(0);
        Tensor& w = c.inputF32(1);
        checkSpatialRank(c, x);
        if (w.rank() != x.rank())
            throw c.fail("weights shape " + shapeText(w.shape) + " does not match input " + shapeText(x.shape));
        if (!c.isConstant(1)) throw c.fail("int8 execution needs constant weights");
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
        Tensor& out = c.output(0, DType::F32, y, Init::Unset);

        const Int8Weights q = decodeWeights(c, *c.int8, M, w.numel() / M);
        const Tensor* bias = nullptr;
        if (c.hasInput(2)) {
            bias = &c.inputF32(2);
            if (bias->shape != Shape{M}) throw c.fail("bias shape " + shapeText(bias->shape) + " must be [" + std::to_string(M) + "]");
            if (!c.isConstant(2)) throw c.fail("int8 execution needs a constant bias");
        }
        scalesAndBias(c, q, 1.f, bias);
        setGrid(*c.int8);

        memory::dims wd(w.shape.begin(), w.shape.end()), ws = codeStrides(c, w.shape);
        if (group > 1) {
            wd[0] = M / group;
            wd.insert(wd.begin(), group);
            ws.insert(ws.begin(), wd[1] * ws[0]);
        }
        const memory::desc biasMd = bias ? plainMd({M}) : memory::desc();
        // Chained (Int8Layer::outputGrid): the readers' codes, value / scale (+ zero), rounded
        // and saturated by the store, after the fused activation and linear map (one post-op with
        // the latter: fusedPostOps()).
        const std::optional<ActivationGrid>& og = c.int8->outputGrid;
        const bool outSigned = og && c.int8->outputSigned;
        const int32_t outZero = og && !outSigned ? og->zero : 0;
        const dnnl::primitive_attr a =
            og ? attr(c, 1 << 1, std::pair{1.f / og->scale, float(outZero)}) : attr(c, 1 << 1);
        setWork(double(out.numel()) * double(w.numel() / M));
        auto pd = guarded(c, [&] {
            const auto any = [](const Shape& s, dt t) { return memory::desc(memory::dims(s.begin(), s.end()), t, memory::format_tag::any); };
            dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                              any(x.shape, sourceType()), memory::desc(wd, dt::s8, memory::format_tag::any), biasMd,
                                              any(y, og ? (outSigned ? dt::s8 : dt::u8) : dt::f32), win.stride,
                                              dnnlDilation(win.dilation), win.padL, win.padR);
            return dnnl::convolution_forward::primitive_desc(d, a, cpu());
        });
        prim_ = created<dnnl::convolution_forward>(c, pd);
        args_ = {{DNNL_ARG_SRC, quantizedSource(c, plainMd(x.shape), pd.src_desc(), true)},
                 {DNNL_ARG_WEIGHTS, packWeights(q, memory::desc(wd, dt::s8, ws), pd.weights_desc())},
                 {DNNL_ARG_DST, og ? quantizedDestination(c, 0, pd.dst_desc(), og->scale, outZero)
                                   : destination(c, 0, pd.dst_desc())}};
        if (bias) args_[DNNL_ARG_BIAS] = memory(biasMd, cpu(), bias_.data());
        bindZeroPoint(c);
        return false;
    }
};

// ---------------------------------------------------------------- patch ConvTranspose

// graph_fusion.h isPatchConvTranspose() in int8: the f32 kernel's 1x1 Conv from C to M * kh * kw
// channels (dnnl_conv_ops.cpp) on the layer's codes, then the same pixel shuffle. The layer's rows
// are the M output channels (weights [C, M, kh, kw] as codes [M, C * kh * kw], column
// c * kh * kw + i * kw + j), so patch channel (m, i, j) takes row m's codes and scale. Chained
// (Int8Layer::outputGrid), the 1x1 Conv writes its readers' codes and the shuffle moves codes.
class Int8PatchConvTransposeKernel : public Int8Kernel {
public:
    bool prepare(NodeContext& c) override {
        Tensor& x = c.inputF32(0);
        Tensor& w = c.inputF32(1);
        if (x.rank() != 4 || w.rank() != 4 || w.shape[0] != x.shape[1])
            throw c.fail("int8 ConvTranspose needs a 2-D input and weights [C, M, kh, kw], got " + shapeText(x.shape) +
                         " and " + shapeText(w.shape));
        if (!c.isConstant(1)) throw c.fail("int8 execution needs constant weights");
        const std::vector<int64_t> kernel{w.shape[2], w.shape[3]};
        if (!isPatchConvTranspose(*c.node, w.shape))
            throw c.fail("int8 ConvTranspose runs only the patch form: kernel = strides, no pads, groups or dilation");
        const int64_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3], M = w.shape[1];
        const int64_t K = kernel[0] * kernel[1], P = M * K;
        Tensor& out = c.output(0, DType::F32, {N, M, H * kernel[0], W * kernel[1]}, Init::Unset);

        const Int8Weights q = decodeWeights(c, *c.int8, M, C * K);
        Int8Weights p; // [P, C]: row m * K + k is row m's column c * K + k
        p.q.resize(size_t(P * C));
        p.scale.resize(size_t(P));
        for (int64_t e = 0; e < P; ++e) {
            p.scale[size_t(e)] = q.scale[size_t(e / K)];
            const int8_t* row = q.q.data() + (e / K) * C * K + e % K;
            for (int64_t ci = 0; ci < C; ++ci) p.q[size_t(e * C + ci)] = row[ci * K];
        }
        const Tensor* bias = nullptr;
        if (c.hasInput(2)) {
            const Tensor& b = c.inputF32(2);
            if (b.shape != Shape{M}) throw c.fail("bias shape " + shapeText(b.shape) + " must be [" + std::to_string(M) + "]");
            if (!c.isConstant(2)) throw c.fail("int8 execution needs a constant bias");
            patchBias_.allocate(DType::F32, {P});
            for (int64_t e = 0; e < P; ++e) patchBias_.f[size_t(e)] = b.f[size_t(e / K)];
            bias = &patchBias_;
        }
        scalesAndBias(c, p, 1.f, bias);
        setGrid(*c.int8);

        const std::optional<ActivationGrid>& og = c.int8->outputGrid;
        const bool outSigned = og && c.int8->outputSigned;
        const int32_t outZero = og && !outSigned ? og->zero : 0;
        const dt outType = !og ? dt::f32 : outSigned ? dt::s8 : dt::u8;
        const memory::desc nhwc({N, P, H, W}, outType, memory::format_tag::acdb); // as the f32 kernel
        const memory patches(nhwc, cpu());
        const memory::desc biasMd = bias ? plainMd({P}) : memory::desc();
        const memory::dims wd{P, C, 1, 1};
        setWork(double(N * H * W) * double(P) * double(C));
        auto pd = guarded(c, [&] {
            dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                              memory::desc({N, C, H, W}, sourceType(), memory::format_tag::any),
                                              memory::desc(wd, dt::s8, memory::format_tag::any), biasMd, nhwc,
                                              memory::dims{1, 1}, memory::dims{0, 0}, memory::dims{0, 0});
            return dnnl::convolution_forward::primitive_desc(
                d, og ? attr(c, 1 << 1, std::pair{1.f / og->scale, float(outZero)}) : attr(c, 1 << 1), cpu());
        });
        prim_ = created<dnnl::convolution_forward>(c, pd);
        args_ = {{DNNL_ARG_SRC, quantizedSource(c, plainMd(x.shape), pd.src_desc(), true)},
                 {DNNL_ARG_WEIGHTS, packWeights(p, memory::desc(wd, dt::s8, stridesOf(wd)), pd.weights_desc())},
                 {DNNL_ARG_DST, patches}};
        if (bias) args_[DNNL_ARG_BIAS] = memory(biasMd, cpu(), bias_.data());
        bindZeroPoint(c);
        // The shuffle runs after the primitive (after_), before a chained output's plain copy.
        const auto [from, to] = patchShuffle(N, M, kernel[0], kernel[1], H, W, outType);
        memory y = og ? quantizedDestination(c, 0, memory::desc(memory::dims(out.shape.begin(), out.shape.end()), outType,
                                                                memory::format_tag::nchw),
                                             og->scale, outZero)
                      : bind(plainMd(out.shape), out);
        const memory shuffled(from, cpu(), patches.get_data_handle()), placed(to, cpu(), y.get_data_handle());
        after_.push_back({reorder(shuffled, placed), {{DNNL_ARG_FROM, shuffled}, {DNNL_ARG_TO, placed}}});
        return false;
    }

private:
    Tensor patchBias_;
};

// ---------------------------------------------------------------- Gemm / MatMul

// One int8 matmul src [M, K] (strides `aStrides` over the f32 input) x codes^T + bias, with the
// output scales per column. Gemm: A as given (transA by strides), C only as a bias row. MatMul: A's
// leading dimensions flattened into M, B a constant matrix.
class Int8MatMulKernel : public Int8Kernel {
public:
    bool prepare(NodeContext& c) override {
        Tensor& a = c.inputF32(0);
        Tensor& b = c.inputF32(1);
        if (!c.isConstant(1) || b.rank() != 2) throw c.fail("int8 execution needs a constant weight matrix, got " + shapeText(b.shape));
        const bool gemm = c.node->op == "Gemm";
        const bool ta = gemm && c.attrInt("transA", 0) != 0, tb = gemm && c.attrInt("transB", 0) != 0;
        int64_t M = 0, K = 0;
        Shape y;
        if (gemm) {
            if (a.rank() != 2) throw c.fail("inputs must be matrices, got " + shapeText(a.shape) + " and " + shapeText(b.shape));
            M = ta ? a.shape[1] : a.shape[0];
            K = ta ? a.shape[0] : a.shape[1];
        } else {
            if (a.rank() == 0) throw c.fail("MatMul inputs must have at least one dimension");
            K = a.shape.back();
            M = a.numel() / std::max<int64_t>(K, 1);
        }
        const int64_t Kb = tb ? b.shape[1] : b.shape[0], N = tb ? b.shape[0] : b.shape[1];
        if (K != Kb) throw c.fail("inner dimensions differ: " + shapeText(a.shape) + " x " + shapeText(b.shape));
        if (gemm) {
            y = {M, N};
        } else {
            y.assign(a.shape.begin(), a.shape.end() - 1);
            y.push_back(N);
        }
        Tensor& out = c.output(0, DType::F32, y, Init::Unset);

        const Tensor* bias = nullptr;
        float alpha = 1.f;
        if (gemm) {
            alpha = c.attrFloat("alpha", 1.f);
            const float beta = c.attrFloat("beta", 1.f);
            if (c.hasInput(2) && beta != 0.f) {
                bias = &c.inputF32(2);
                if (beta != 1.f || !c.isConstant(2) || (bias->shape != Shape{N} && bias->shape != Shape{1, N}))
                    throw c.fail("int8 Gemm takes C only as a constant bias row (beta 1), got C " + shapeText(bias->shape));
            }
        }
        const Int8Weights q = decodeWeights(c, *c.int8, N, K);
        scalesAndBias(c, q, alpha, bias);
        setGrid(*c.int8);

        const memory::desc aMd({M, K}, dt::f32, ta ? memory::dims{1, M} : memory::dims{K, 1});
        const memory::desc biasMd = bias ? memory::desc({1, N}, dt::f32, {N, 1}) : memory::desc();
        const memory::desc yMd({M, N}, dt::f32, {N, 1});
        setWork(double(M) * double(N) * double(K));
        dnnl_memory_desc_t ad = aMd.data;
        ad.data_type = sourceType() == dt::s8 ? dnnl_s8 : dnnl_u8;
        const memory::desc aU8(ad);
        auto pd = guarded(c, [&] {
            dnnl::matmul::desc d(aU8, memory::desc({K, N}, dt::s8, memory::format_tag::any), biasMd, yMd);
            return dnnl::matmul::primitive_desc(d, attr(c, 1 << 1), cpu());
        });
        prim_ = created<dnnl::matmul>(c, pd);
        args_ = {{DNNL_ARG_SRC, quantizedSource(c, aMd, pd.src_desc(), false)},
                 {DNNL_ARG_WEIGHTS, packWeights(q, memory::desc({K, N}, dt::s8, {1, K}), pd.weights_desc())},
                 {DNNL_ARG_DST, memory(yMd, cpu(), out.f.data())}};
        if (bias) args_[DNNL_ARG_BIAS] = memory(biasMd, cpu(), bias_.data());
        bindZeroPoint(c);
        return false;
    }
};

} // namespace
} // namespace qb::engine::dnnl_kernels

namespace qb::engine {

std::unique_ptr<Kernel> makeInt8Kernel(const std::string& op) {
    using namespace dnnl_kernels;
    if (op == "Conv") return make<Int8ConvKernel>();
    if (op == "ConvTranspose") return make<Int8PatchConvTransposeKernel>();
    if (op == "Gemm" || op == "MatMul") return make<Int8MatMulKernel>();
    return nullptr;
}

} // namespace qb::engine
