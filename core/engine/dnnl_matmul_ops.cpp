// Matrix products as oneDNN matmul primitives: MatMul (batched, broadcast) and Gemm. Constant
// weights are packed once into the layout oneDNN's GEMM reads fastest.
#include <algorithm>
#include <string>

#include "core/engine/broadcast.h"
#include "core/engine/dnnl_kernel.h"
#include "core/engine/graph_fusion.h"

namespace qb::engine::dnnl_kernels {
namespace {

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
        Tensor& out = c.output(0, DType::F32, y, Init::Unset);
        setWork(double(out.numel()) * double(A[r - 1]));
        const auto attr = fusedPostOps(c);
        // Constant weights are packed once into the layout oneDNN's GEMM reads fastest.
        const bool constB = c.isConstant(1);
        const memory::desc bAny(memory::dims(B.begin(), B.end()), dt::f32, memory::format_tag::any);
        auto pd = guarded(c, [&] {
            dnnl::matmul::desc d(plainMd(A), constB ? bAny : plainMd(B), plainMd(dst));
            return dnnl::matmul::primitive_desc(d, attr, cpu());
        });
        prim_ = created<dnnl::matmul>(c, pd);
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
        Tensor& out = c.output(0, DType::F32, {M, N}, Init::Unset);
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
        if (C_ && hasFusedPostOps(c)) throw c.fail("an activation cannot follow a host-added C");
        const memory::desc aMd({M, K}, dt::f32, ta ? memory::dims{1, M} : memory::dims{K, 1});
        const memory::desc bMd({K, N}, dt::f32, tb ? memory::dims{1, K} : memory::dims{N, 1});
        const memory::desc yMd = plainMd({M, N});
        dnnl::primitive_attr attr = fusedPostOps(c);
        if (alpha != 1.f) attr.set_output_scales(0, {alpha});
        const memory::desc biasMd = bias_ ? plainMd({1, N}) : memory::desc();
        const bool constB = c.isConstant(1); // packed once, as in MatMul
        const memory::desc bAny({K, N}, dt::f32, memory::format_tag::any);
        setWork(double(M) * double(N) * double(K));
        auto pd = guarded(c, [&] {
            dnnl::matmul::desc d(aMd, constB ? bAny : bMd, biasMd, yMd);
            return dnnl::matmul::primitive_desc(d, attr, cpu());
        });
        prim_ = created<dnnl::matmul>(c, pd);
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

} // namespace

void addMatMulKernels(KernelTable& t) {
    t["MatMul"] = make<MatMulKernel>;
    t["Gemm"] = make<GemmKernel>;
}

} // namespace qb::engine::dnnl_kernels
