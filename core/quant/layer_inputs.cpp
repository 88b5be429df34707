#include "core/quant/layer_inputs.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::quant {

namespace {

using RowMajorD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Rows converted to double per step: bounds the scratch (512 x 4096 doubles = 16 MB) while keeping
// each block product large enough to run near GEMM speed.
constexpr int64_t kChunkRows = 512;
// Gram tiles: the lower triangle is cut into kTile x kTile tiles that threads share out.
constexpr int64_t kTile = 128;

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

    Eigen::Map<RowMajorD> g(gram_.data(), n, n);
    const int64_t tiles = (n + kTile - 1) / kTile;
    const int64_t pairs = tiles * (tiles + 1) / 2;
    RowMajorD chunk;
    for (int64_t r0 = 0; r0 < rows; r0 += kChunkRows) {
        const int64_t m = std::min(kChunkRows, rows - r0);
        chunk = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
                    x.data() + r0 * n, m, n)
                    .cast<double>();
        // Only tiles on or below the diagonal; tile pair p -> (ti, tj) with tj <= ti. Inside an
        // OpenMP team Eigen's own product stays single-threaded, so the cores are not oversubscribed.
#pragma omp parallel for schedule(dynamic) num_threads(qb::threadCount())
        for (int64_t p = 0; p < pairs; ++p) {
            int64_t ti = int64_t((std::sqrt(8.0 * double(p) + 1.0) - 1.0) / 2.0);
            while (ti * (ti + 1) / 2 > p) --ti;
            while ((ti + 1) * (ti + 2) / 2 <= p) ++ti;
            const int64_t tj = p - ti * (ti + 1) / 2;
            const int64_t i0 = ti * kTile, j0 = tj * kTile;
            const int64_t ni = std::min(kTile, n - i0), nj = std::min(kTile, n - j0);
            g.block(i0, j0, ni, nj).noalias() += chunk.middleCols(i0, ni).transpose() * chunk.middleCols(j0, nj);
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
