// Matmuls on ggml Q8_0 and Q4_0 weights with integer dot products, as llama.cpp runs them: the
// input rows are quantized to int8 once per matmul (blocks of 32, scale max|x|/127), each block's
// products are summed in int32 and the float scales applied after. Every kernel (scalar, AVX2,
// AVX-VNNI, AVX-512 VNNI) gives bit-identical results: the integer sums are exact, and the float
// steps run in one fixed order (see int_matmul.cpp), so a result does not depend on the CPU.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/tensor/dtype.h"

namespace qb::llm {

enum class IntKernel { Scalar, Avx2, AvxVnni, Avx512Vnni };

/// "scalar", "avx2", "avx_vnni", "avx512_vnni".
const char* intKernelName(IntKernel k);
/// The kernels this CPU runs, scalar first.
std::vector<IntKernel> availableIntKernels();
/// The fastest of them, or the one QB_INT_KERNEL names (when this CPU runs it).
IntKernel bestIntKernel();

/// Q8_0 and Q4_0: the block types the integer kernels take.
bool hasIntKernel(DType t);

/// A [rows, cols] Q8_0 or Q4_0 weight repacked for the kernels: rows in groups of 16 (the last
/// padded with zero weights), and within a group, for each 4 columns, 4 bytes of each of the 16
/// rows, so that one 64-byte load feeds 16 outputs. Codes are unsigned: u = w + offset (offset
/// 128 for Q8_0, 8 for Q4_0, whose codes are then its nibbles).
struct BlockMatrix {
    DType type = DType::Q8_0;
    int64_t rows = 0, cols = 0;
    int32_t offset = 128;
    std::vector<uint8_t> codes; ///< [groups][cols / 4][16][4]
    std::vector<float> scales;  ///< [groups][cols / 32][16], 0 for padding rows
    int64_t groups() const { return (rows + 15) / 16; }
};

/// Repacks a [rows, cols] matrix stored in ggml blocks, each row its cols/32 consecutive blocks
/// (GGUF's layout and a quantized project's). Throws qb::Error(name, ...) for a type without an
/// integer kernel, cols not a multiple of 32 or a byte size that is not the shape's.
BlockMatrix blockMatrix(DType type, std::span<const std::byte> bytes, int64_t rows, int64_t cols,
                        const std::string& name);

/// Input rows quantized per block of 32: code = round(x / scale), scale = max|x| / 127 (0 for a
/// block of zeros).
struct QuantizedRows {
    int64_t rows = 0, cols = 0;
    std::vector<int8_t> codes;  ///< [rows, cols]
    std::vector<float> scales;  ///< [rows, cols / 32]
    std::vector<int32_t> sums;  ///< [rows, cols / 32]: the sum of each block's codes
};

/// cols must be a multiple of 32.
void quantizeRows(const float* x, int64_t rows, int64_t cols, QuantizedRows& out);

/// Runs y[m, n] = sum_k x[m, k] w[n, k] for x [m, w.cols] on the integer kernels; reuses its
/// quantized-input buffer across calls. Splits the output rows over threadCount() threads when
/// the product is large enough.
class IntMatmul {
public:
    explicit IntMatmul(IntKernel kernel = bestIntKernel()) : kernel_(kernel) {}
    void run(const float* x, const BlockMatrix& w, float* y, int64_t m) { run(x, w, y, m, false); }
    /// run() that, when sameInput is true and the previous run() quantized x for the same m and
    /// width, reuses those codes: the caller promises x has not changed since (q, k and v share
    /// one input, gate and up another).
    void run(const float* x, const BlockMatrix& w, float* y, int64_t m, bool sameInput);
    IntKernel kernel() const { return kernel_; }
    /// Wall time spent inside run() since construction or the last resetTimer().
    double seconds() const { return seconds_; }
    void resetTimer() { seconds_ = 0; }

private:
    IntKernel kernel_;
    QuantizedRows rows_;
    const float* quantized_ = nullptr; ///< the input rows_ holds
    double seconds_ = 0;
};

} // namespace qb::llm
