#include "core/llm/matmul.h"

#include <chrono>
#include <map>
#include <tuple>

#include <omp.h>
#include <oneapi/dnnl/dnnl.hpp>

#include "core/util/error.h"

namespace qb {

namespace {

// Below this many multiply-adds a matmul runs on the calling thread: forking the OpenMP team
// costs more than it saves, and on a busy machine its barrier and spinning workers made small
// models over 10x slower.
constexpr double kParallelMacs = 1 << 26;

// Sets this thread's OpenMP team size (a per-thread setting) for one scope.
class ThreadLimit {
public:
    explicit ThreadLimit(int n) : saved_(omp_get_max_threads()) { omp_set_num_threads(n); }
    ~ThreadLimit() { omp_set_num_threads(saved_); }

private:
    int saved_;
};

} // namespace

struct Matmul::Impl {
    dnnl::engine engine{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream{engine};
    struct Prim {
        dnnl::memory::desc src, wei, dst;
        dnnl::matmul op;
    };
    using Key = std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, bool>;
    std::map<Key, Prim> prims;
    double seconds = 0;

    Prim& prim(int64_t m, int64_t k, int64_t n, int64_t lda, int64_t ldb, bool bT, int64_t ldc) {
        const Key key{m, k, n, lda, ldb, ldc, bT};
        if (const auto it = prims.find(key); it != prims.end()) return it->second;
        const auto f32 = dnnl::memory::data_type::f32;
        Prim p;
        p.src = dnnl::memory::desc({m, k}, f32, {lda, 1});
        // A transposed B [N, K] is the [K, N] matrix with strides (1, ldb).
        p.wei = dnnl::memory::desc({k, n}, f32, bT ? dnnl::memory::dims{1, ldb} : dnnl::memory::dims{ldb, 1});
        p.dst = dnnl::memory::desc({m, n}, f32, {ldc, 1});
        p.op = dnnl::matmul(dnnl::matmul::primitive_desc(dnnl::matmul::desc(p.src, p.wei, p.dst), engine));
        return prims.emplace(key, std::move(p)).first->second;
    }
};

Matmul::Matmul() : impl_(std::make_unique<Impl>()) {}
Matmul::~Matmul() = default;
Matmul::Matmul(Matmul&&) noexcept = default;
Matmul& Matmul::operator=(Matmul&&) noexcept = default;

void Matmul::gemm(int64_t m, int64_t k, int64_t n, const float* a, int64_t lda, const float* b, int64_t ldb,
                  bool bTransposed, float* c, int64_t ldc) {
    const auto start = std::chrono::steady_clock::now();
    try {
        Impl::Prim& p = impl_->prim(m, k, n, lda, ldb, bTransposed, ldc);
        const ThreadLimit limit(double(m) * double(k) * double(n) < kParallelMacs ? 1 : omp_get_max_threads());
        // oneDNN takes non-const handles but only reads src and weights.
        dnnl::memory src(p.src, impl_->engine, const_cast<float*>(a));
        dnnl::memory wei(p.wei, impl_->engine, const_cast<float*>(b));
        dnnl::memory dst(p.dst, impl_->engine, c);
        p.op.execute(impl_->stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst}});
        impl_->stream.wait();
    } catch (const dnnl::error& e) {
        throw Error("oneDNN", "matmul " + std::to_string(m) + "x" + std::to_string(k) + "x" + std::to_string(n) +
                                  " failed: " + e.what());
    }
    impl_->seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double Matmul::seconds() const { return impl_->seconds; }
void Matmul::resetTimer() { impl_->seconds = 0; }

} // namespace qb
