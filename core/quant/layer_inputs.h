// What calibration inputs tell the data-aware quantizers (GPTQ, AWQ, SmoothQuant) about one
// layer: the Hessian proxy X^T X of its input rows, per-input-channel magnitudes, and a bounded
// sample of input rows for objective evaluation and grid searches.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace qb::quant {

struct LayerInputOptions {
    int64_t sampleRows = 512; ///< input rows kept (reservoir) for AWQ's search and error checks
    uint64_t seed = 1;
};

/// Streams the input rows x [rows, cols] (row-major) of one linear layer y = x W^T.
class LayerInputs {
public:
    LayerInputs(int64_t cols, LayerInputOptions opt = {});
    /// Adds rows; throws qb::Error("layer inputs", ...) when the width differs from cols.
    void add(std::span<const float> x, int64_t rows);

    int64_t cols() const { return cols_; }
    int64_t rowsSeen() const { return rows_; }
    /// sum over rows of x^T x, [cols, cols] row-major, double (GPTQ's H up to a factor 2/n).
    const std::vector<double>& gram() const { return gram_; }
    /// mean |x| and max |x| per input channel.
    std::vector<float> meanAbs() const;
    const std::vector<float>& absMax() const { return absMax_; }
    /// The kept rows, [sampleRowCount(), cols] row-major.
    const std::vector<float>& sample() const { return sample_; }
    int64_t sampleRowCount() const;

private:
    int64_t cols_;
    LayerInputOptions opt_;
    int64_t rows_ = 0;
    std::vector<double> gram_, absSum_;
    std::vector<float> absMax_, sample_;
    uint64_t rng_;
};

} // namespace qb::quant
