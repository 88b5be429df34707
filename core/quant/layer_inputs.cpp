#include "core/quant/layer_inputs.h"

#include <Eigen/Core>
#include <oneapi/dnnl/dnnl.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::quant {

namespace {

using RowMajorD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Rows summed in float per step before their products join the double sums: few enough that float
// rounding stays near one ulp of each sum, many enough for the products to run at GEMM speed.
constexpr int64_t kChunkRows = 1024;
// Columns per gram panel: bounds the float scratch (n x 512, 22 MB at n = 11008).
constexpr int64_t kPanel = 512;

uint64_t splitmix(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// Uniform in [0, n) by the multiply-high method (bias below 2^-64 * n, negligible here).
uint64_t below(uint64_t& state, uint64_t n) {
    return uint64_t((static_cast<unsigned __int128>(splitmix(state)) * n) >> 64);
}

} // namespace

LayerInputs::LayerInputs(int64_t cols, LayerInputOptions opt) : cols_(cols), opt_(opt), rng_(opt.seed) {
    // cols^2 doubles must be addressable; 2^26 columns is far beyond any layer yet keeps that true.
    if (cols <= 0 || cols > (int64_t(1) << 26))
        throw Error("layer inputs", "width " + std::to_string(cols) + " is not a usable column count");
    if (opt.sampleRows < 0) throw Error("layer inputs", "negative sample row count");
    gram_.assign(size_t(cols) * size_t(cols), 0.0);
    absSum_.assign(size_t(cols), 0.0);
    absMax_.assign(size_t(cols), 0.0f);
}

void LayerInputs::add(std::span<const float> x, int64_t rows) {
    if (rows < 0 || (rows > 0 && uint64_t(rows) > std::numeric_limits<uint64_t>::max() / uint64_t(cols_)) ||
        x.size() != uint64_t(rows) * uint64_t(cols_))
        throw Error("layer inputs", std::to_string(x.size()) + " values are not " + std::to_string(rows) +
                                        " rows of width " + std::to_string(cols_));
    const int64_t n = cols_;
    // Checked before anything is accumulated, so a rejected batch leaves no trace.
    for (size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i]))
            throw Error("layer inputs", "non-finite input value at row " + std::to_string(rows_ + int64_t(i) / n) +
                                            ", column " + std::to_string(int64_t(i) % n));
    for (int64_t r = 0; r < rows; ++r) {
        const float* row = x.data() + r * n;
        for (int64_t c = 0; c < n; ++c) {
            const float a = std::fabs(row[c]);
            absSum_[size_t(c)] += a;
            absMax_[size_t(c)] = std::max(absMax_[size_t(c)], a);
        }
    }

    // The gram in panels of kPanel columns: each chunk's rows are multiplied in float by oneDNN's
    // sgemm (runtime-dispatched AVX2/AVX-512/AMX, some 20x Eigen's double product here) and added
    // into the double sums, so rounding grows with the chunk's kChunkRows products only, never
    // with the total row count. GPTQ factors H in float anyway (gptq.cpp), so no accuracy it uses
    // is lost (test LayerInputs.GramMatchesLongDouble).
    Eigen::Map<RowMajorD> g(gram_.data(), n, n);
    std::vector<float> panel(size_t(n) * size_t(std::min(kPanel, n)));
    for (int64_t r0 = 0; r0 < rows; r0 += kChunkRows) {
        const int64_t m = std::min(kChunkRows, rows - r0);
        const float* xc = x.data() + r0 * n;
        for (int64_t j0 = 0; j0 < n; j0 += kPanel) {
            const int64_t nj = std::min(kPanel, n - j0), ni = n - j0;
            // panel[i - j0, j - j0] = sum_r x[r, i] x[r, j] for i >= j0 (on and below the diagonal).
            const dnnl_status_t st = dnnl_sgemm('T', 'N', ni, nj, m, 1.f, xc + j0, n, xc + j0, n, 0.f, panel.data(), nj);
            if (st != dnnl_success)
                throw Error("layer inputs", "oneDNN sgemm failed for the gram (status " + std::to_string(int(st)) + ")");
            parallelRanges(ni, 64, [&](int, int64_t b, int64_t e) {
                for (int64_t i = b; i < e; ++i) {
                    const float* src = panel.data() + i * nj;
                    double* dst = gram_.data() + (j0 + i) * n + j0;
                    const int64_t upto = std::min(nj, i + 1); // the lower triangle only
                    for (int64_t j = 0; j < upto; ++j) dst[j] += double(src[j]);
                }
            });
        }
    }
    // Mirror the lower triangle so the gram is exactly symmetric for every reader.
    if (rows > 0)
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = i + 1; j < n; ++j) g(i, j) = g(j, i);

    // Reservoir sampling (Vitter's algorithm R): every row seen is kept with probability k / seen.
    const int64_t k = opt_.sampleRows;
    for (int64_t r = 0; r < rows; ++r) {
        const float* row = x.data() + r * n;
        const int64_t t = rows_ + r;
        if (t < k) {
            sample_.insert(sample_.end(), row, row + n);
        } else if (k > 0) {
            const uint64_t j = below(rng_, uint64_t(t) + 1);
            if (j < uint64_t(k)) std::copy(row, row + n, sample_.begin() + int64_t(j) * n);
        }
    }
    rows_ += rows;
}

std::vector<float> LayerInputs::meanAbs() const {
    std::vector<float> m(size_t(cols_), 0.0f);
    if (rows_ > 0)
        for (size_t c = 0; c < m.size(); ++c) m[c] = float(absSum_[c] / double(rows_));
    return m;
}

int64_t LayerInputs::sampleRowCount() const { return int64_t(sample_.size()) / cols_; }

} // namespace qb::quant
