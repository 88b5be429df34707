#include "core/llm/int_matmul.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "core/llm/int_matmul_kernels.h"
#include "core/util/cpu_features.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::llm {

namespace {

constexpr int64_t kBlock = 32;

// Below this many multiply-adds per thread a matmul is not split: starting a thread costs ~50 us.
constexpr int64_t kMacsPerThread = int64_t(1) << 23;

bool cpuRuns(IntKernel k) {
    const CpuFeatures& f = cpuFeatures();
    switch (k) {
    case IntKernel::Scalar: return true;
    case IntKernel::Avx2: return f.avx2Fma;
    case IntKernel::AvxVnni: return f.avxVnni;
    case IntKernel::Avx512Vnni: return f.avx512Vnni;
    }
    return false;
}

detail::RowsKernel rowsKernel(IntKernel k) {
    switch (k) {
    case IntKernel::Avx2: return detail::rowsAvx2;
    case IntKernel::AvxVnni: return detail::rowsAvxVnni;
    case IntKernel::Avx512Vnni: return detail::rowsAvx512Vnni;
    case IntKernel::Scalar: break;
    }
    return detail::rowsScalar;
}

int64_t blockBytes(DType t) { return t == DType::Q8_0 ? 34 : 18; }

} // namespace

const char* intKernelName(IntKernel k) {
    switch (k) {
    case IntKernel::Scalar: return "scalar";
    case IntKernel::Avx2: return "avx2";
    case IntKernel::AvxVnni: return "avx_vnni";
    case IntKernel::Avx512Vnni: return "avx512_vnni";
    }
    return "?";
}

std::vector<IntKernel> availableIntKernels() {
    std::vector<IntKernel> out;
    for (IntKernel k : {IntKernel::Scalar, IntKernel::Avx2, IntKernel::AvxVnni, IntKernel::Avx512Vnni})
        if (cpuRuns(k)) out.push_back(k);
    return out;
}

IntKernel bestIntKernel() {
    static const IntKernel best = [] {
        const std::vector<IntKernel> all = availableIntKernels();
        if (const char* want = std::getenv("QB_INT_KERNEL"))
            for (IntKernel k : all)
                if (std::strcmp(want, intKernelName(k)) == 0) return k;
        return all.back();
    }();
    return best;
}

bool hasIntKernel(DType t) { return t == DType::Q8_0 || t == DType::Q4_0; }

BlockMatrix blockMatrix(DType type, std::span<const std::byte> bytes, int64_t rows, int64_t cols,
                        const std::string& name) {
    if (!hasIntKernel(type))
        throw Error(name, "the integer matmul takes q8_0 or q4_0 blocks, not " + std::string(dtypeName(type)));
    if (rows <= 0 || cols <= 0 || cols % kBlock != 0)
        throw Error(name, "a [" + std::to_string(rows) + ", " + std::to_string(cols) +
                              "] block matrix needs rows of a positive multiple of 32 weights");
    const int64_t nb = cols / kBlock, bb = blockBytes(type);
    if (uint64_t(bytes.size()) != uint64_t(rows) * uint64_t(nb * bb))
        throw Error(name, std::to_string(bytes.size()) + " bytes are not " + std::to_string(rows) + " rows of " +
                              std::to_string(nb) + " " + std::string(dtypeName(type)) + " blocks");
    BlockMatrix w;
    w.type = type;
    w.rows = rows;
    w.cols = cols;
    w.offset = type == DType::Q8_0 ? 128 : 8;
    const int64_t groups = w.groups();
    w.codes.assign(size_t(groups * 16 * cols), uint8_t(w.offset)); // padding rows: weight 0
    w.scales.assign(size_t(groups * nb * 16), 0.f);
    parallelRanges(rows, 256, [&](int, int64_t r0, int64_t r1) {
        uint8_t u[kBlock];
        for (int64_t r = r0; r < r1; ++r) {
            const int64_t g = r / 16, j = r % 16;
            uint8_t* group = w.codes.data() + g * 16 * cols;
            for (int64_t b = 0; b < nb; ++b) {
                const std::byte* block = bytes.data() + (r * nb + b) * bb;
                uint16_t h;
                std::memcpy(&h, block, 2);
                w.scales[size_t((g * nb + b) * 16 + j)] = halfToFloat(h);
                if (type == DType::Q8_0) {
                    for (int64_t i = 0; i < kBlock; ++i) u[i] = uint8_t(int(int8_t(block[2 + i])) + 128);
                } else {
                    for (int64_t i = 0; i < 16; ++i) {
                        u[i] = uint8_t(block[2 + i]) & 0x0f; // element i: low nibble, i + 16: high
                        u[i + 16] = uint8_t(block[2 + i]) >> 4;
                    }
                }
                for (int64_t q = 0; q < kBlock / 4; ++q)
                    std::memcpy(group + ((b * 8 + q) * 16 + j) * 4, u + q * 4, 4);
            }
        }
    });
    return w;
}

void quantizeRows(const float* x, int64_t rows, int64_t cols, QuantizedRows& out) {
    if (cols % kBlock != 0) throw Error("integer matmul", "input rows of " + std::to_string(cols) + " values are not blocks of 32");
    const int64_t nb = cols / kBlock;
    out.rows = rows;
    out.cols = cols;
    out.codes.resize(size_t(rows * cols));
    out.scales.resize(size_t(rows * nb));
    out.sums.resize(size_t(rows * nb));
    static const bool avx2 = cpuRuns(IntKernel::Avx2);
    parallelRanges(rows * nb, std::max<int64_t>(1, (int64_t(1) << 16) / kBlock), [&](int, int64_t b0, int64_t b1) {
        (avx2 ? detail::quantizeBlocksAvx2 : detail::quantizeBlocksScalar)(
            x + b0 * kBlock, b1 - b0, out.codes.data() + b0 * kBlock, out.scales.data() + b0, out.sums.data() + b0);
    });
}

namespace detail {

void quantizeBlocksScalar(const float* x, int64_t blocks, int8_t* codes, float* scales, int32_t* sums) {
    for (int64_t i = 0; i < blocks; ++i) {
        const float* v = x + i * kBlock;
        float amax = 0;
        for (int64_t j = 0; j < kBlock; ++j) amax = std::max(amax, std::fabs(v[j]));
        const float id = amax > 0 ? 127.f / amax : 0.f;
        int8_t* q = codes + i * kBlock;
        int32_t sum = 0;
        // Round half away from zero, as ggml's roundf; |v * id| <= 127 up to rounding.
        for (int64_t j = 0; j < kBlock; ++j) {
            const float s = v[j] * id;
            q[j] = int8_t(std::clamp(int32_t(s + std::copysign(0.5f, s)), -127, 127));
            sum += q[j];
        }
        scales[i] = amax / 127.f;
        sums[i] = sum;
    }
}

// The reference order of every kernel: per output, blocks in order, acc = fma(float(s) * dw, da, acc).
void rowsScalar(const QuantizedRows& x, const BlockMatrix& w, float* y, int64_t g0, int64_t g1, int64_t m0, int64_t m1) {
    const int64_t nb = w.cols / kBlock, k = w.cols;
    for (int64_t n = g0 * 16; n < std::min(w.rows, g1 * 16); ++n) {
        const int64_t g = n / 16, j = n % 16;
        const uint8_t* group = w.codes.data() + g * 16 * k;
        for (int64_t m = m0; m < m1; ++m) {
            const int8_t* a = x.codes.data() + m * k;
            float acc = 0;
            for (int64_t b = 0; b < nb; ++b) {
                int32_t s = 0;
                for (int64_t c = b * kBlock; c < (b + 1) * kBlock; ++c)
                    s += (int32_t(group[((c / 4) * 16 + j) * 4 + c % 4]) - w.offset) * a[c];
                const float scaled = float(s) * w.scales[size_t((g * nb + b) * 16 + j)]; // rounded before the fma
                acc = std::fma(scaled, x.scales[size_t(m * nb + b)], acc);
            }
            y[m * w.rows + n] = acc;
        }
    }
}

} // namespace detail

void IntMatmul::run(const float* x, const BlockMatrix& w, float* y, int64_t m, bool sameInput) {
    const auto start = std::chrono::steady_clock::now();
    if (!sameInput || quantized_ != x || rows_.rows != m || rows_.cols != w.cols) quantizeRows(x, m, w.cols, rows_);
    quantized_ = x;
    const detail::RowsKernel rows = rowsKernel(kernel_);
    // Pairs of groups per thread (the AVX-512 tile's width).
    const int64_t macsPerPair = std::max<int64_t>(1, 32 * m * w.cols), pairs = (w.groups() + 1) / 2;
    parallelRanges(pairs, std::max<int64_t>(1, kMacsPerThread / macsPerPair), [&](int, int64_t p0, int64_t p1) {
        for (int64_t m0 = 0; m0 < m; m0 += detail::kRowsPerPass)
            rows(rows_, w, y, p0 * 2, std::min(w.groups(), p1 * 2), m0, std::min(m, m0 + detail::kRowsPerPass));
    });
    seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace qb::llm
