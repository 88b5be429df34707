// NumPy .npy arrays and .npz archives (a zip of .npy members, stored or deflated), validated
// field by field: magic, version, header dict (descr, fortran_order, shape), data size, zip
// directory offsets and sizes, CRC-32.
#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace qb {

struct NpyArray {
    std::vector<int64_t> shape; ///< C order
    char kind = 'f';            ///< 'f' float, 'i' signed int, 'u' unsigned int, 'b' bool
    int itemSize = 4;           ///< bytes per element
    std::vector<uint8_t> bytes; ///< little-endian elements

    int64_t count() const;
    std::vector<float> toFloat() const;
    /// Throws qb::Error(where, ...) for a float array holding a value that is not an integer.
    std::vector<int64_t> toInt(const std::string& where) const;
};

/// Parses a whole .npy image. Accepted dtypes: little-endian (or byte-sized) f4 f8 i1 i2 i4 i8
/// u1 u2 u4 u8 b1, C order only. `where` names the file (and member) in errors.
NpyArray parseNpy(std::span<const uint8_t> file, const std::string& where);
NpyArray readNpy(const std::string& path);
/// Members of an .npz by name without ".npy" ("x", "y", "arr_0"...).
std::map<std::string, NpyArray> readNpz(const std::string& path);

/// The .npy image (format 1.0, '<f4', C order) of `values` shaped `shape`. Throws qb::Error(where)
/// when the shape does not hold values.size() elements.
std::vector<uint8_t> npyBytes(std::span<const float> values, std::span<const int64_t> shape,
                              const std::string& where);
/// Writes npyBytes() to `path` through a temporary file renamed over it: on any failure nothing
/// is left at `path`. Throws qb::Error(path, ...).
void writeNpy(const std::string& path, std::span<const float> values, std::span<const int64_t> shape);

} // namespace qb
