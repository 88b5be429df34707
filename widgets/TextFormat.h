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
/// The file name of `path` ("mnist-12.onnx"), or `path` itself when it has none.
QString displayName(const QString& path);
/// `text` broken at spaces into lines of at most about `columns` characters, for messages drawn
/// inside a plot (a plot text item does not wrap by itself).
QString wrappedText(const QString& text, int columns);

} // namespace qb
