// The one table of weight quantization schemes: plain integer grids, ggml block formats and
// keep-in-float. The plan editor, size estimates, planner, quantizers and exporters all read it.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/tensor/dtype.h"

namespace qb::quant {

enum class SchemeKind { Float, Integer, Ggml };
enum class Granularity { Tensor, Channel, Group };

/// Integer layout of a [rows, cols] tensor (rows = output channels), in this order:
///   scaleBits 16: an fp16 scale per group, little-endian;
///   scaleBits 8, 6 or 4 ("_s8", "_s6", "_s4" schemes, "double quantization"): one fp16
///     super-scale S for the tensor (absent when it has no weights), then one unsigned scaleBits-bit
///     code c per group, packed LSB-first and padded to a byte (8: one byte each), scale c * S.
///     S = m * 2^e with m in 4..7, so that every c * S is exact in fp16 as well as in float;
///   asymmetric only: one `bits`-bit unsigned zero point per group, packed LSB-first, padded to a byte;
///   one `bits`-bit unsigned code per weight in row-major order, packed LSB-first, padded to a byte.
/// Groups: one per tensor, one per row (channel), or runs of `group` weights along each row.
/// Symmetric codes are u = q + 2^(bits-1) with q in [-(2^(bits-1)-1), 2^(bits-1)-1] and value q*s;
/// asymmetric codes are u in [0, 2^bits-1] with value (u - z)*s.
/// Float schemes store the plain dtype; ggml schemes store consecutive blocks of each row.
struct Scheme {
    std::string name;             ///< "int4_g32_sym", "int4_g32_sym_s8", "int8_channel_asym", "q4_0", "f16"
    SchemeKind kind = SchemeKind::Float;
    DType storage = DType::F32;   ///< Float: F16/F32; Ggml: the block type; Integer: Unsupported
    int bits = 32;                ///< code bits (Integer), element bits (Float), nominal bits (Ggml)
    bool symmetric = true;
    Granularity granularity = Granularity::Tensor;
    int64_t group = 1;            ///< weights per scale: group size or ggml block size; 1 otherwise
    /// Bits per weight from the layout. Group and block schemes: exact for any conforming shape.
    /// Per-channel and per-tensor: the code bits only (their scales depend on the shape; see
    /// bitsPerWeight(scheme, rows, cols)).
    double bitsPerWeight = 32;
    /// Scheme used when a row length is not a multiple of `group` (empty: always applicable).
    std::string fallback;
    /// Bits per group scale: 16 (fp16 scales) or 8, 6, 4 (codes under a per-tensor fp16
    /// super-scale, whose 16 bits per tensor bitsPerWeight leaves out, as it does per-channel scales).
    int scaleBits = 16;
};

/// Weights per scale an integer group scheme may have, ascending (the int*_g* rows of the table).
std::span<const int64_t> groupSizes();
bool isGroupSize(int64_t g);
/// "32, 64 or 128", for messages and help.
std::string groupSizeNames();

/// Every scheme, in a stable order (float, ggml, integer by bits, granularity, symmetry, then the
/// 8-, 6- and 4-bit-scale integer schemes in the same order).
std::span<const Scheme> schemes();
/// Widths a group scale may have: 16 (fp16) and the scale codes 8, 6, 4.
bool isScaleBits(int64_t b);
const Scheme* findScheme(std::string_view name);
/// Same, throwing qb::Error("scheme", ...) for an unknown name.
const Scheme& scheme(std::string_view name);

/// The scheme a row of `cols` weights actually gets: s itself, or its fallback chain.
const Scheme& resolve(const Scheme& s, int64_t cols);

/// Bytes of a [rows, cols] tensor in scheme s (which must accept cols, see resolve), or nullopt
/// when the shape is negative, does not fit the layout, or the size overflows.
std::optional<uint64_t> sizeBytes(const Scheme& s, int64_t rows, int64_t cols);
/// 8 * sizeBytes / (rows * cols), every scale and zero point included; nullopt as sizeBytes or empty.
std::optional<double> bitsPerWeight(const Scheme& s, int64_t rows, int64_t cols);

} // namespace qb::quant
