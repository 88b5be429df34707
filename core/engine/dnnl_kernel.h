// The base of the operators that run as oneDNN primitives (dnnl_*_ops.cpp). Each primitive is
// created once in prepare() for the planned shapes, with its memory objects bound to the plan's
// buffers, and only executed in run(). Between oneDNN kernels activations stay in the blocked
// layout convolutions prefer (blocked_layout.h); constant weights are reordered once into the
// layout the primitive prefers. Activations and scalar linear maps absorbed by graph fusion become eltwise post-ops.
#pragma once
#include <omp.h>
#include <oneapi/dnnl/dnnl.hpp>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/engine/blocked_layout.h"
#include "core/engine/op_kernel.h"

namespace qb::engine::dnnl_kernels {

using dnnl::memory;
using dt = memory::data_type;

/// The process-wide oneDNN CPU engine.
dnnl::engine& cpu();
/// The calling thread's stream on cpu().
dnnl::stream& cpuStream();

/// Row-major strides of dims d.
memory::dims stridesOf(const memory::dims& d);
/// Plain row-major f32 layout of shape s (a scalar is [1]).
memory::desc plainMd(const Shape& s);
/// Tensor t's f32 data as memory of layout md. oneDNN takes non-const handles even for sources
/// it only reads.
memory bind(const memory::desc& md, const Tensor& t);
/// oneDNN counts dilation from 0 (no gaps); ONNX from 1.
memory::dims dnnlDilation(const std::vector<int64_t>& d);

// Below this many multiply-adds (an element-wise op counts 64 per element) a primitive runs on
// the calling thread: forking the OpenMP team costs more than it saves, and on a loaded machine
// a descheduled team member stalls every barrier (mnist-8 took 80 ms instead of 0.03 ms at 2
// threads). 3M (about 30 us of work) keeps those tiny ops serial while fashion_mnist's and
// squeezenet's mid-size convolutions split (1.4x and 1.6x faster at 2 threads than with 16M;
// squeezenet's batch-32 3.2M and 4.0M squeeze/classifier convs gain 7% over the former 4M
// bound, while 2M slowed fashion_mnist batch 64).
// oneDNN sizes its work split when the primitive is created, so the same team size applies then
// and at every run.
constexpr double kParallelWork = 3e6;

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
    void run(NodeContext&) override;
    /// The main primitive's implementation and types; "host" when the kernel fell back to host code.
    KernelInfo info() const override;

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
    /// The primitive of `pd`, created on the team guarded() made `pd` with: oneDNN splits the work
    /// by the thread count of both, and a primitive created on another team than its descriptor
    /// can size its kernels wrongly (PP-OCRv4 det's int8 convs, made serial, then created on two
    /// threads, threw std::bad_array_new_length from oneDNN's AMX brgemm kernel now and then).
    /// An implementation that still fails to build gives way to oneDNN's next one.
    template <typename Primitive, typename Pd>
    Primitive created(const NodeContext& c, Pd& pd) {
        const TeamSize team(threads_);
        for (;;) {
            try {
                return Primitive(pd);
            } catch (const std::exception& e) {
                bool next = false;
                if constexpr (requires { pd.next_impl(); }) next = pd.next_impl();
                if (!next) throw c.fail(std::string("oneDNN cannot create this primitive: ") + e.what());
            }
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
    memory source(const NodeContext& c, size_t k, const memory::desc& want);

    /// Output k in layout `md`: the plain tensor itself, or a blocked buffer that later oneDNN
    /// kernels read directly and that is copied to the plain tensor only when someone reads that.
    memory destination(const NodeContext& c, size_t k, const memory::desc& md);

    /// destination() for 8-bit codes `md` of the grid value = scale * (code - zero): later int8
    /// kernels read the codes, and the plain f32 tensor, when read, gets the values.
    memory quantizedDestination(const NodeContext& c, size_t k, const memory::desc& md, float scale, int32_t zero);

    /// Makes `blocked` the value of output k for later oneDNN kernels (see destination()).
    memory publish(const NodeContext& c, size_t k, memory blocked);

    /// A reorder with the team size its own copy deserves. oneDNN's jit reorders fix their thread
    /// count when created: created with the whole team, a small one forked it at every run even
    /// inside a serial kernel, leaving the other thread spinning (squeezenet batch 1 at 2
    /// threads was 7% slower than at 1 thread).
    /// It remembers that team size: a primitive must not run on more threads than it was created
    /// for (oneDNN sizes per-thread scratch then), so runReorder() runs it on exactly those.
    dnnl::reorder reorder(const memory& from, const memory& to, const dnnl::primitive_attr& attr = {});
    /// Runs a primitive made by reorder() on the team it was created for.
    void runReorder(const dnnl::primitive& p, const std::unordered_map<int, memory>& args) const;

    /// Constant weights `t` as the primitive wants them (`want`): bound in place when the layouts
    /// agree, else reordered once into a buffer the kernel keeps (packed GEMM/conv weights).
    static memory constantWeights(const memory::desc& user, const Tensor& t, const memory::desc& want);

    /// The activation fuseActivations() and the linear map fuseScalarAffine() moved into this
    /// node, as eltwise post-ops in that order. `then`, when given, is a further map y' = a * y + b
    /// {a, b} (a chained int8 Conv's codes). Every linear map (HardSigmoid's, the fused one,
    /// `then`) is composed into one eltwise_linear at the end: oneDNN 2.6 computes a second
    /// eltwise_linear in a chain with the first one's parameters (PP-OCRv4 det's learnable affine
    /// blocks chained came out as codes 0..16, the model's output as zeros).
    static dnnl::primitive_attr fusedPostOps(const NodeContext& c, std::optional<std::pair<float, float>> then = {});
    static bool hasFusedPostOps(const NodeContext& c);

    dnnl::primitive prim_;
    std::unordered_map<int, memory> args_;
    /// Reorders of inputs into the layouts the primitive wants, run before it.
    std::vector<std::pair<dnnl::primitive, std::unordered_map<int, memory>>> before_;
    /// Reorders (made by reorder()) that finish the output, run after the primitive and before
    /// the plain copy of a published output (a patch ConvTranspose's pixel shuffle).
    std::vector<std::pair<dnnl::primitive, std::unordered_map<int, memory>>> after_;

private:
    double work_ = -1;
    int threads_ = 0;
    std::unordered_map<dnnl_primitive_t, int> reorderTeams_; // by reorder(): its creation team size
    // Copy of a blocked output into its plain tensor, skipped when no reader needs plain data.
    dnnl::primitive toPlain_;
    std::unordered_map<int, memory> toPlainArgs_;
    const BlockedValues::Entry* plainEntry_ = nullptr;
    const BlockedValues* table_ = nullptr;
};

template <typename K>
std::unique_ptr<Kernel> make() {
    return std::make_unique<K>();
}

/// The pixel shuffle of a patch ConvTranspose (graph_fusion.h isPatchConvTranspose()): the layouts
/// {from, to} of one reorder of type `t` from its 1x1 Conv's NHWC output [N, M * kh * kw, H, W],
/// patch channel (m, i, j), to the ConvTranspose's plain output [N, M, H * kh, W * kw].
std::pair<memory::desc, memory::desc> patchShuffle(int64_t N, int64_t M, int64_t kh, int64_t kw, int64_t H, int64_t W,
                                                   dt t = dt::f32);

// Registration of each kernel family (called by addDnnlKernels()).
void addConvKernels(KernelTable& t);   ///< Conv, ConvTranspose (dnnl_conv_ops.cpp)
void addMatMulKernels(KernelTable& t); ///< MatMul, Gemm (dnnl_matmul_ops.cpp)

} // namespace qb::engine::dnnl_kernels
