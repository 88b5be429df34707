// How numbers, shapes and sizes are written in the views, in one place so every view agrees.
#pragma once
#include <QString>
#include <cstdint>
#include <vector>

namespace qb {

/// "[16, 4, 4, 10]"; a scalar is "[]".
QString shapeText(const std::vector<int64_t>& shape);
/// An integer with the locale's digit grouping: 1,234,567.
QString countText(int64_t n);
/// A byte size in binary units: "23.4 KiB".
QString bytesText(uint64_t n);
/// A statistic with five significant digits.
QString valueText(double v);

} // namespace qb
