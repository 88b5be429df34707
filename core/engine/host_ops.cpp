// Operators that run on the host: shape manipulation (mostly folded into constants when the plan
// is built), data movement, and the few math ops oneDNN 2.6 has no primitive for.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "core/engine/broadcast.h"
#include "core/engine/op_kernel.h"

namespace qb::engine {
namespace {

std::vector<int64_t> stridesOf(const Shape& s) {
    std::vector<int64_t> st(s.size(), 1);
    for (size_t d = s.size(); d-- > 1;) st[d - 1] = st[d] * s[d];
    return st;
}

void copyData(const Tensor& src, Tensor& dst) {
    if (src.dtype == DType::F32) std::copy(src.f.begin(), src.f.end(), dst.f.begin());
    else std::copy(src.i.begin(), src.i.end(), dst.i.begin());
}

// Copies dst element o from src element map(o); `map` is precomputed when preparing, so gathers
// (Transpose, Slice, Resize, Pad) share one run loop. -1 writes `fill`.
class GatherMapKernel : public Kernel {
public:
    void run(NodeContext& c) override {
        const Tensor& x = *c.in[0];
        Tensor& y = *c.out[0];
        if (x.dtype == DType::F32)
            for (size_t o = 0; o < map_.size(); ++o) y.f[o] = map_[o] < 0 ? fill_ : x.f[size_t(map_[o])];
        else
            for (size_t o = 0; o < map_.size(); ++o) y.i[o] = map_[o] < 0 ? int64_t(fill_) : x.i[size_t(map_[o])];
    }

protected:
    // Builds map_ from per-dimension source coordinates (src[d][k] = input index along d, or -1).
    void buildFromAxes(const Shape& in, const Shape& out, const std::vector<std::vector<int64_t>>& src) {
        const auto st = stridesOf(in);
        map_.assign(size_t(elementCount(out)), 0);
        std::vector<int64_t> idx(out.size(), 0);
        for (size_t o = 0; o < map_.size(); ++o) {
            int64_t off = 0;
            for (size_t d = 0; d < out.size() && off >= 0; ++d) {
                const int64_t s = src[d][size_t(idx[d])];
                off = s < 0 ? -1 : off + s * st[d];
            }
            map_[o] = off;
            for (size_t d = out.size(); d-- > 0;) {
                if (++idx[d] < out[d]) break;
                idx[d] = 0;
            }
        }
    }
    std::vector<int64_t> map_;
    float fill_ = 0.f;
};

// ---------------------------------------------------------------- pure reshapes and copies

class CopyKernel : public Kernel {
public:
    void run(NodeContext& c) override { copyData(*c.in[0], *c.out[0]); }
};

class IdentityKernel : public CopyKernel {
public:
    bool prepare(NodeContext& c) override {
        // Dropout at inference is the identity; its optional mask output would be all true.
        for (size_t k = 1; k < c.outUsed.size(); ++k)
            if (c.outUsed[k]) throw c.fail("the mask output is not supported");
        if (c.node->op == "Dropout" && c.attrInt("is_test", 1) == 0 && c.opset < 7)
            throw c.fail("training dropout is not supported");
        const Tensor& x = c.input(0);
        c.output(0, x.dtype, x.shape, Init::Unset);
        return false;
    }
};

class ReshapeKernel : public CopyKernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& x = c.input(0);
        auto target = c.hasInput(1) ? c.constInts(1) : c.attrInts("shape");
        const bool allowZero = c.attrInt("allowzero", 0) != 0;
        Shape y;
        int inferred = -1;
        int64_t known = 1;
        for (size_t d = 0; d < target.size(); ++d) {
            int64_t v = target[d];
            if (v == 0 && !allowZero) {
                if (d >= x.shape.size()) throw c.fail("shape entry 0 copies a dimension the input does not have");
                v = x.shape[d];
            }
            if (v == -1) {
                if (inferred >= 0) throw c.fail("shape has more than one -1");
                inferred = int(d);
                v = 1;
            } else if (v < 0) {
                throw c.fail("shape entry " + std::to_string(v) + " is invalid");
            } else if (__builtin_mul_overflow(known, v, &known)) {
                throw c.fail("target shape overflows");
            }
            y.push_back(v);
        }
        if (inferred >= 0) {
            if (known == 0 || x.numel() % known) throw c.fail("cannot infer -1 reshaping " + shapeText(x.shape));
            y[size_t(inferred)] = x.numel() / known;
        }
        if (elementCount(y) != x.numel())
            throw c.fail("cannot reshape " + shapeText(x.shape) + " into " + shapeText(y));
        c.output(0, x.dtype, y, Init::Unset);
        return false;
    }
};

class FlattenKernel : public CopyKernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& x = c.input(0);
        const int64_t a = c.attrInt("axis", 1);
        const int r = x.rank();
        if (a < -r || a > r) throw c.fail("axis " + std::to_string(a) + " is out of range");
        const int64_t axis = a < 0 ? a + r : a;
        int64_t rows = 1;
        for (int64_t d = 0; d < axis; ++d) rows *= x.shape[size_t(d)];
        c.output(0, x.dtype, {rows, rows ? x.numel() / rows : 0}, Init::Unset);
        return false;
    }
};

std::vector<int64_t> axesInput(const NodeContext& c) {
    if (c.opset >= 13) return c.hasInput(1) ? c.constInts(1) : std::vector<int64_t>{};
    return c.attrInts("axes");
}

class SqueezeKernel : public CopyKernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& x = c.input(0);
        std::vector<bool> drop(x.shape.size(), false);
        const auto axes = axesInput(c);
        if (axes.empty())
            for (size_t d = 0; d < drop.size(); ++d) drop[d] = x.shape[d] == 1;
        for (const int64_t a : axes) {
            const int d = c.axis(a, x.rank());
            if (x.shape[size_t(d)] != 1) throw c.fail("cannot squeeze axis " + std::to_string(a) + " of " + shapeText(x.shape));
            drop[size_t(d)] = true;
        }
        Shape y;
        for (size_t d = 0; d < drop.size(); ++d)
            if (!drop[d]) y.push_back(x.shape[d]);
        c.output(0, x.dtype, y, Init::Unset);
        return false;
    }
};

class UnsqueezeKernel : public CopyKernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& x = c.input(0);
        const auto axes = axesInput(c);
        const int r = x.rank() + int(axes.size());
        std::vector<bool> added(static_cast<size_t>(r), false);
        for (const int64_t a : axes) {
            const int d = c.axis(a, r);
            if (added[size_t(d)]) throw c.fail("axis " + std::to_string(a) + " is repeated");
            added[size_t(d)] = true;
        }
        Shape y;
        size_t k = 0;
        for (int d = 0; d < r; ++d) y.push_back(added[size_t(d)] ? 1 : x.shape[k++]);
        c.output(0, x.dtype, y, Init::Unset);
        return false;
    }
};

// ---------------------------------------------------------------- shape, constants, casts

class ShapeKernel : public Kernel {
public:
    bool prepare(NodeContext& c) override {
        const Shape& s = c.input(0).shape;
        const int64_t r = int64_t(s.size());
        const auto clampIdx = [&](int64_t v) { return std::clamp<int64_t>(v < 0 ? v + r : v, 0, r); };
        const int64_t b = clampIdx(c.attrInt("start", 0)), e = clampIdx(c.attrInt("end", r));
        Tensor& y = c.output(0, DType::I64, {std::max<int64_t>(0, e - b)});
        for (int64_t k = b; k < e; ++k) y.i[size_t(k - b)] = s[size_t(k)];
        return true;
    }
    void run(NodeContext&) override {}
};

class ConstantKernel : public Kernel {
public:
    bool prepare(NodeContext& c) override {
        const auto& a = c.node->attrs;
        if (a.count("value_float")) c.output(0, DType::F32, {}).f[0] = c.attrFloat("value_float", 0.f);
        else if (a.count("value_int")) c.output(0, DType::I64, {}).i[0] = c.attrInt("value_int", 0);
        else if (a.count("value_floats")) {
            const auto v = c.attrFloats("value_floats");
            c.output(0, DType::F32, {int64_t(v.size())}).f.assign(v.begin(), v.end());
        } else if (a.count("value_ints")) {
            const auto v = c.attrInts("value_ints");
            c.output(0, DType::I64, {int64_t(v.size())}).i.assign(v.begin(), v.end());
        } else {
            throw c.fail("only tensor, float and int constants are supported");
        }
        return true;
    }
    void run(NodeContext&) override {}
};

class CastKernel : public Kernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& x = c.input(0);
        const int64_t to = c.attrInt("to", -1);
        // ONNX DataType numbers: 1 float; 2..7, 9, 12, 13 the integer and bool types.
        static const std::vector<int64_t> ints{2, 3, 4, 5, 6, 7, 9, 12, 13};
        if (to == 1) toInt_ = false;
        else if (std::find(ints.begin(), ints.end(), to) != ints.end()) toInt_ = true;
        else throw c.fail("cast to ONNX type " + std::to_string(to) + " is not supported (float and integers are)");
        toBool_ = to == 9;
        c.output(0, toInt_ ? DType::I64 : DType::F32, x.shape);
        return false;
    }
    void run(NodeContext& c) override {
        const Tensor& x = *c.in[0];
        Tensor& y = *c.out[0];
        if (!toInt_) {
            if (x.dtype == DType::F32) y.f = x.f;
            else std::transform(x.i.begin(), x.i.end(), y.f.begin(), [](int64_t v) { return float(v); });
        } else if (x.dtype == DType::I64) {
            std::transform(x.i.begin(), x.i.end(), y.i.begin(), [&](int64_t v) { return toBool_ ? int64_t(v != 0) : v; });
        } else {
            std::transform(x.f.begin(), x.f.end(), y.i.begin(), [&](float v) -> int64_t {
                if (toBool_) return v != 0.f;
                if (!std::isfinite(v)) return 0; // undefined in ONNX; never UB here
                return int64_t(std::clamp(v, -9.2e18f, 9.2e18f));
            });
        }
    }

private:
    bool toInt_ = false, toBool_ = false;
};

// ---------------------------------------------------------------- data movement

class TransposeKernel : public GatherMapKernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& x = c.input(0);
        const int r = x.rank();
        std::vector<int64_t> perm(static_cast<size_t>(r));
        std::iota(perm.rbegin(), perm.rend(), 0);
        perm = c.attrInts("perm", perm);
        std::vector<bool> seen(static_cast<size_t>(r), false);
        if (int(perm.size()) != r) throw c.fail("perm has " + std::to_string(perm.size()) + " entries for rank " + std::to_string(r));
        Shape y;
        for (const int64_t p : perm) {
            if (p < 0 || p >= r || seen[size_t(p)]) throw c.fail("perm is not a permutation");
            seen[size_t(p)] = true;
            y.push_back(x.shape[size_t(p)]);
        }
        c.output(0, x.dtype, y, Init::Unset);
        const auto st = stridesOf(x.shape);
        map_.assign(size_t(x.numel()), 0);
        std::vector<int64_t> idx(static_cast<size_t>(r), 0);
        for (size_t o = 0; o < map_.size(); ++o) {
            int64_t off = 0;
            for (int d = 0; d < r; ++d) off += idx[size_t(d)] * st[size_t(perm[size_t(d)])];
            map_[o] = off;
            for (int d = r; d-- > 0;) {
                if (++idx[size_t(d)] < y[size_t(d)]) break;
                idx[size_t(d)] = 0;
            }
        }
        return false;
    }
};

class SliceKernel : public GatherMapKernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& x = c.input(0);
        const int r = x.rank();
        std::vector<int64_t> starts, ends, axes, steps;
        if (c.opset < 10) {
            starts = c.attrInts("starts");
            ends = c.attrInts("ends");
            axes = c.attrInts("axes");
        } else {
            starts = c.constInts(1);
            ends = c.constInts(2);
            if (c.hasInput(3)) axes = c.constInts(3);
            if (c.hasInput(4)) steps = c.constInts(4);
        }
        if (axes.empty()) {
            axes.resize(starts.size());
            std::iota(axes.begin(), axes.end(), 0);
        }
        if (steps.empty()) steps.assign(starts.size(), 1);
        if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
            throw c.fail("starts, ends, axes and steps differ in length");
        std::vector<std::vector<int64_t>> src(static_cast<size_t>(r));
        std::vector<bool> done(static_cast<size_t>(r), false);
        Shape y = x.shape;
        for (size_t k = 0; k < starts.size(); ++k) {
            const int d = c.axis(axes[k], r);
            if (done[size_t(d)]) throw c.fail("axis " + std::to_string(axes[k]) + " is repeated");
            done[size_t(d)] = true;
            const int64_t dim = x.shape[size_t(d)], step = steps[k];
            if (step == 0) throw c.fail("step 0 is invalid");
            int64_t b = starts[k] < 0 ? std::max<int64_t>(starts[k], INT64_MIN + dim) + dim : starts[k];
            int64_t e = ends[k] < 0 ? std::max<int64_t>(ends[k], INT64_MIN + dim) + dim : ends[k];
            if (step > 0) {
                b = std::clamp<int64_t>(b, 0, dim);
                e = std::clamp<int64_t>(e, 0, dim);
            } else {
                b = std::clamp<int64_t>(b, 0, dim - 1);
                e = std::clamp<int64_t>(e, -1, dim - 1);
            }
            const int64_t n = step > 0 ? (e > b ? (e - b + step - 1) / step : 0) : (b > e ? (b - e - step - 1) / -step : 0);
            y[size_t(d)] = n;
            for (int64_t j = 0; j < n; ++j) src[size_t(d)].push_back(b + j * step);
        }
        for (int d = 0; d < r; ++d)
            if (!done[size_t(d)]) {
                src[size_t(d)].resize(size_t(x.shape[size_t(d)]));
                std::iota(src[size_t(d)].begin(), src[size_t(d)].end(), 0);
            }
        c.output(0, x.dtype, y, Init::Unset);
        buildFromAxes(x.shape, y, src);
        return false;
    }
};

class PadKernel : public GatherMapKernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& x = c.input(0);
        const int r = x.rank();
        const std::string mode = c.attrString("mode", "constant");
        if (mode != "constant" && mode != "reflect" && mode != "edge")
            throw c.fail("mode '" + mode + "' is not constant, reflect or edge");
        std::vector<int64_t> pads;
        if (c.opset < 11) {
            pads = c.attrInts("pads");
            fill_ = c.attrFloat("value", 0.f);
        } else {
            pads = c.constInts(1);
            if (c.hasInput(2)) {
                const auto v = c.constFloats(2);
                if (v.size() != 1) throw c.fail("constant_value must be a scalar");
                fill_ = v[0];
            }
            if (c.hasInput(3)) throw c.fail("the axes input is not supported");
        }
        if (int(pads.size()) != 2 * r) throw c.fail("pads needs " + std::to_string(2 * r) + " values");
        Shape y(static_cast<size_t>(r));
        std::vector<std::vector<int64_t>> src(static_cast<size_t>(r));
        for (int d = 0; d < r; ++d) {
            const int64_t n = x.shape[size_t(d)], pb = pads[size_t(d)], pe = pads[size_t(r + d)];
            if (std::abs(pb) > (int64_t(1) << 24) || std::abs(pe) > (int64_t(1) << 24) || n + pb + pe < 0)
                throw c.fail("pads " + std::to_string(pb) + "," + std::to_string(pe) + " are invalid for size " + std::to_string(n));
            y[size_t(d)] = n + pb + pe;
            if (mode != "constant" && n == 0 && y[size_t(d)] > 0) throw c.fail("cannot " + mode + "-pad an empty axis");
            if (mode == "reflect" && n == 1 && (pb > 0 || pe > 0)) throw c.fail("cannot reflect-pad an axis of size 1");
            for (int64_t o = 0; o < y[size_t(d)]; ++o) {
                int64_t s = o - pb;
                if (s < 0 || s >= n) {
                    if (mode == "constant") s = -1;
                    else if (mode == "edge") s = std::clamp<int64_t>(s, 0, n - 1);
                    else {
                        const int64_t period = 2 * (n - 1);
                        s = ((s % period) + period) % period;
                        if (s >= n) s = period - s;
                    }
                }
                src[size_t(d)].push_back(s);
            }
        }
        c.output(0, x.dtype, y, Init::Unset);
        buildFromAxes(x.shape, y, src);
        return false;
    }
};

// Nearest-neighbour Resize. The source index is separable per axis, so each output row (the last
// axis) is one source row gathered through the last axis' index list, and a row whose source row
// is the one before's (upsampling along the other axes) is a copy of the row written before.
class ResizeKernel : public Kernel {
public:
    void run(NodeContext& c) override {
        const Tensor& x = *c.in[0];
        Tensor& y = *c.out[0];
        if (x.dtype == DType::F32) gather(x.f.data(), y.f.data());
        else gather(x.i.data(), y.i.data());
    }

    bool prepare(NodeContext& c) override {
        const Tensor& x = c.input(0);
        const int r = x.rank();
        const std::string mode = c.attrString("mode", "nearest");
        if (mode != "nearest") throw c.fail("mode '" + mode + "' is not supported (only nearest)");
        std::vector<float> scales;
        std::vector<int64_t> sizes;
        if (c.opset < 11) {
            scales = c.constFloats(1);
        } else {
            if (c.hasInput(2)) scales = c.constFloats(2);
            if (c.hasInput(3)) sizes = c.constInts(3);
            if (!sizes.empty()) scales.clear();
        }
        if (c.hasInput(1) && c.opset >= 11 && c.attrString("coordinate_transformation_mode", "") == "tf_crop_and_resize")
            throw c.fail("tf_crop_and_resize is not supported");
        if (!sizes.empty() ? int(sizes.size()) != r : int(scales.size()) != r)
            throw c.fail("needs one scale or size per dimension (" + std::to_string(r) + ")");
        const std::string coord = c.attrString("coordinate_transformation_mode", c.opset < 11 ? "asymmetric" : "half_pixel");
        const std::string nearest = c.attrString("nearest_mode", c.opset < 11 ? "floor" : "round_prefer_floor");
        Shape y(static_cast<size_t>(r));
        std::vector<std::vector<int64_t>> src(static_cast<size_t>(r));
        for (int d = 0; d < r; ++d) {
            const int64_t n = x.shape[size_t(d)];
            double scale = 0;
            if (!sizes.empty()) {
                y[size_t(d)] = sizes[size_t(d)];
                scale = n ? double(sizes[size_t(d)]) / double(n) : 0.0;
            } else {
                scale = scales[size_t(d)];
                const double o = std::floor(double(n) * scale);
                if (!(o >= 0 && o < double(int64_t(1) << 31))) throw c.fail("scale " + std::to_string(scale) + " is invalid");
                y[size_t(d)] = int64_t(o);
            }
            const int64_t m = y[size_t(d)];
            if (m < 0 || (m > 0 && (n == 0 || scale <= 0))) throw c.fail("output size " + std::to_string(m) + " is invalid");
            for (int64_t o = 0; o < m; ++o) {
                double xo = 0;
                if (coord == "half_pixel") xo = (o + 0.5) / scale - 0.5;
                else if (coord == "asymmetric") xo = o / scale;
                else if (coord == "align_corners") xo = m > 1 ? double(o) * double(n - 1) / double(m - 1) : 0.0;
                else if (coord == "pytorch_half_pixel") xo = m > 1 ? (o + 0.5) / scale - 0.5 : 0.0;
                else if (coord == "tf_half_pixel_for_nn") xo = (o + 0.5) / scale;
                else throw c.fail("coordinate_transformation_mode '" + coord + "' is not supported");
                double s = 0;
                if (nearest == "floor") s = std::floor(xo);
                else if (nearest == "ceil") s = std::ceil(xo);
                else if (nearest == "round_prefer_floor") s = xo - std::floor(xo) == 0.5 ? std::floor(xo) : std::round(xo);
                else if (nearest == "round_prefer_ceil") s = xo - std::floor(xo) == 0.5 ? std::ceil(xo) : std::round(xo);
                else throw c.fail("nearest_mode '" + nearest + "' is not valid");
                src[size_t(d)].push_back(std::clamp<int64_t>(int64_t(s), 0, n - 1));
            }
        }
        c.output(0, x.dtype, y, Init::Unset);
        src_ = std::move(src);
        inStrides_ = stridesOf(x.shape);
        out_ = y;
        return false;
    }

private:
    template <typename T>
    void gather(const T* x, T* y) const {
        const size_t r = out_.size();
        if (r == 0) {
            y[0] = x[0];
            return;
        }
        const int64_t width = out_.back(), height = r >= 2 ? out_[r - 2] : 1;
        const int64_t planes = width && height ? elementCount(out_) / (width * height) : 0;
        const std::vector<int64_t>& cols = src_.back();
        // Planes (all but the last two axes) in parallel; rows within a plane in order, so that a
        // repeated source row copies the row just written.
#pragma omp parallel for if (planes * height * width > (int64_t(1) << 15)) schedule(static)
        for (int64_t p = 0; p < planes; ++p) {
            int64_t base = 0, rest = p;
            for (size_t d = r >= 2 ? r - 2 : 0; d-- > 0;) {
                base += src_[d][size_t(rest % out_[d])] * inStrides_[d];
                rest /= out_[d];
            }
            for (int64_t h = 0; h < height; ++h) {
                T* to = y + (p * height + h) * width;
                if (r >= 2 && h > 0 && src_[r - 2][size_t(h)] == src_[r - 2][size_t(h - 1)]) {
                    std::copy_n(to - width, width, to);
                    continue;
                }
                const T* from = x + base + (r >= 2 ? src_[r - 2][size_t(h)] * inStrides_[r - 2] : 0);
                for (int64_t w = 0; w < width; ++w) to[w] = from[cols[size_t(w)]];
            }
        }
    }

    std::vector<std::vector<int64_t>> src_;
    std::vector<int64_t> inStrides_;
    Shape out_;
};

class ConcatKernel : public Kernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& first = c.input(0);
        const int r = first.rank();
        if (r == 0) throw c.fail("cannot concatenate scalars");
        axis_ = c.axis(c.attrInt("axis", 0), r);
        Shape y = first.shape;
        y[size_t(axis_)] = 0;
        for (size_t k = 0; k < c.in.size(); ++k) {
            const Tensor& t = c.input(k);
            if (t.dtype != first.dtype || t.rank() != r) throw c.fail("input " + std::to_string(k) + " differs in type or rank");
            for (int d = 0; d < r; ++d)
                if (d != axis_ && t.shape[size_t(d)] != first.shape[size_t(d)])
                    throw c.fail("input " + std::to_string(k) + " shape " + shapeText(t.shape) + " does not match " +
                                 shapeText(first.shape));
            y[size_t(axis_)] += t.shape[size_t(axis_)];
        }
        c.output(0, first.dtype, y, Init::Unset);
        return false;
    }
    void run(NodeContext& c) override {
        Tensor& y = *c.out[0];
        int64_t outer = 1;
        for (int d = 0; d < axis_; ++d) outer *= y.shape[size_t(d)];
        const int64_t rowOut = outer ? y.numel() / outer : 0;
        int64_t at = 0;
        for (const Tensor* t : c.in) {
            const int64_t row = outer ? t->numel() / outer : 0;
            for (int64_t o = 0; o < outer; ++o) {
                if (y.dtype == DType::F32)
                    std::copy_n(t->f.begin() + o * row, row, y.f.begin() + o * rowOut + at);
                else
                    std::copy_n(t->i.begin() + o * row, row, y.i.begin() + o * rowOut + at);
            }
            at += row;
        }
    }

private:
    int axis_ = 0;
};

class SplitKernel : public Kernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& x = c.input(0);
        axis_ = c.axis(c.attrInt("axis", 0), x.rank());
        const int64_t dim = x.shape[size_t(axis_)];
        const size_t n = c.out.size();
        std::vector<int64_t> split = c.opset >= 13 ? (c.hasInput(1) ? c.constInts(1) : std::vector<int64_t>{})
                                                   : c.attrInts("split");
        if (split.empty()) {
            const int64_t part = (dim + int64_t(n) - 1) / int64_t(n);
            if (!c.hasAttr("num_outputs") && dim % int64_t(n))
                throw c.fail("axis size " + std::to_string(dim) + " does not split into " + std::to_string(n) + " equal parts");
            for (size_t k = 0; k < n; ++k) split.push_back(std::clamp<int64_t>(dim - int64_t(k) * part, 0, part));
        }
        int64_t total = 0;
        for (const int64_t s : split) {
            if (s < 0 || __builtin_add_overflow(total, s, &total)) throw c.fail("split sizes are invalid");
        }
        if (split.size() != n || total != dim)
            throw c.fail("split sizes do not cover axis size " + std::to_string(dim) + " with " + std::to_string(n) + " outputs");
        for (size_t k = 0; k < n; ++k) {
            Shape y = x.shape;
            y[size_t(axis_)] = split[k];
            c.output(k, x.dtype, y);
        }
        return false;
    }
    void run(NodeContext& c) override {
        const Tensor& x = *c.in[0];
        int64_t outer = 1;
        for (int d = 0; d < axis_; ++d) outer *= x.shape[size_t(d)];
        const int64_t rowIn = outer ? x.numel() / outer : 0;
        int64_t at = 0;
        for (Tensor* y : c.out) {
            const int64_t row = outer ? y->numel() / outer : 0;
            for (int64_t o = 0; o < outer; ++o) {
                if (x.dtype == DType::F32) std::copy_n(x.f.begin() + o * rowIn + at, row, y->f.begin() + o * row);
                else std::copy_n(x.i.begin() + o * rowIn + at, row, y->i.begin() + o * row);
            }
            at += row;
        }
    }

private:
    int axis_ = 0;
};

class GatherKernel : public Kernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& x = c.input(0);
        const Tensor& idx = c.input(1);
        if (idx.dtype != DType::I64) throw c.fail("indices must be integers");
        if (x.rank() == 0) throw c.fail("cannot gather from a scalar");
        axis_ = c.axis(c.attrInt("axis", 0), x.rank());
        Shape y(x.shape.begin(), x.shape.begin() + axis_);
        y.insert(y.end(), idx.shape.begin(), idx.shape.end());
        y.insert(y.end(), x.shape.begin() + axis_ + 1, x.shape.end());
        c.output(0, x.dtype, y, Init::Unset);
        return false;
    }
    void run(NodeContext& c) override {
        const Tensor& x = *c.in[0];
        const Tensor& idx = *c.in[1];
        Tensor& y = *c.out[0];
        const int64_t dim = x.shape[size_t(axis_)];
        int64_t outer = 1, inner = 1;
        for (int d = 0; d < axis_; ++d) outer *= x.shape[size_t(d)];
        for (size_t d = size_t(axis_) + 1; d < x.shape.size(); ++d) inner *= x.shape[d];
        const int64_t n = idx.numel();
        for (int64_t k = 0; k < n; ++k) {
            int64_t j = idx.i[size_t(k)];
            if (j < -dim || j >= dim)
                throw c.fail("index " + std::to_string(j) + " is out of range for axis size " + std::to_string(dim));
            if (j < 0) j += dim;
            for (int64_t o = 0; o < outer; ++o) {
                const int64_t from = (o * dim + j) * inner, to = (o * n + k) * inner;
                if (x.dtype == DType::F32) std::copy_n(x.f.begin() + from, inner, y.f.begin() + to);
                else std::copy_n(x.i.begin() + from, inner, y.i.begin() + to);
            }
        }
    }

private:
    int axis_ = 0;
};

// ---------------------------------------------------------------- math oneDNN 2.6 lacks

class ErfKernel : public Kernel {
public:
    bool prepare(NodeContext& c) override {
        c.output(0, DType::F32, c.inputF32(0).shape);
        return false;
    }
    void run(NodeContext& c) override {
        std::transform(c.in[0]->f.begin(), c.in[0]->f.end(), c.out[0]->f.begin(), [](float v) { return std::erf(v); });
    }
};

// oneDNN 2.6 has no hard-sigmoid; max(0, min(1, alpha * x + beta)).
class HardSigmoidKernel : public Kernel {
public:
    bool prepare(NodeContext& c) override {
        alpha_ = c.attrFloat("alpha", 0.2f);
        beta_ = c.attrFloat("beta", 0.5f);
        c.output(0, DType::F32, c.inputF32(0).shape);
        return false;
    }
    void run(NodeContext& c) override {
        std::transform(c.in[0]->f.begin(), c.in[0]->f.end(), c.out[0]->f.begin(),
                       [&](float v) { return std::clamp(alpha_ * v + beta_, 0.f, 1.f); });
    }

private:
    float alpha_ = 0.2f, beta_ = 0.5f;
};

class ReduceMeanKernel : public Kernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& x = c.inputF32(0);
        const int r = x.rank();
        auto axes = c.opset >= 18 && c.hasInput(1) ? c.constInts(1) : c.attrInts("axes");
        if (axes.empty() && c.attrInt("noop_with_empty_axes", 0)) throw c.fail("noop_with_empty_axes is not supported");
        std::vector<bool> reduced(static_cast<size_t>(r), axes.empty());
        for (const int64_t a : axes) reduced[size_t(c.axis(a, r))] = true;
        Shape kept, y;
        for (int d = 0; d < r; ++d) {
            kept.push_back(reduced[size_t(d)] ? 1 : x.shape[size_t(d)]);
            if (!reduced[size_t(d)] || c.attrInt("keepdims", 1)) y.push_back(kept.back());
        }
        c.output(0, DType::F32, y);
        strides_ = broadcastStrides(kept, x.shape);
        count_ = elementCount(kept) ? x.numel() / elementCount(kept) : 0;
        acc_.assign(size_t(elementCount(kept)), 0.0);
        return false;
    }
    void run(NodeContext& c) override {
        const Tensor& x = *c.in[0];
        std::fill(acc_.begin(), acc_.end(), 0.0);
        forEachBroadcast(x.shape, strides_, strides_, [&](int64_t i, int64_t o, int64_t) { acc_[size_t(o)] += x.f[size_t(i)]; });
        Tensor& y = *c.out[0];
        for (size_t k = 0; k < acc_.size(); ++k) y.f[k] = float(acc_[k] / double(std::max<int64_t>(count_, 1)));
    }

private:
    std::vector<int64_t> strides_;
    std::vector<double> acc_;
    int64_t count_ = 0;
};

// Y = (X - mean) / sqrt(var + eps) * Scale + B over the axes from `axis` on; also the optional
// Mean and InvStdDev outputs.
class LayerNormKernel : public Kernel {
public:
    bool prepare(NodeContext& c) override {
        const Tensor& x = c.inputF32(0);
        const int r = x.rank();
        const int axis = c.axis(c.attrInt("axis", -1), r);
        const Shape tail(x.shape.begin() + axis, x.shape.end());
        inner_ = elementCount(tail);
        rows_ = inner_ ? x.numel() / inner_ : 0;
        eps_ = c.attrFloat("epsilon", 1e-5f);
        const auto strides = [&](size_t k) {
            const Tensor& t = c.inputF32(k);
            const auto s = broadcastShapes(t.shape, tail);
            if (!s || *s != tail) throw c.fail("input " + std::to_string(k) + " shape " + shapeText(t.shape) +
                                               " does not broadcast to " + shapeText(tail));
            return broadcastStrides(t.shape, tail);
        };
        scaleStrides_ = strides(1);
        if (c.hasInput(2)) biasStrides_ = strides(2);
        c.output(0, DType::F32, x.shape);
        Shape stat(x.shape.begin(), x.shape.begin() + axis);
        stat.resize(size_t(r), 1);
        for (size_t k = 1; k < c.out.size(); ++k) c.output(k, DType::F32, stat);
        return false;
    }
    void run(NodeContext& c) override {
        const Tensor& x = *c.in[0];
        // Scale and bias are expanded along the normalised tail once per run (cheap, no allocation).
        const Shape tail(x.shape.end() - int64_t(scaleStrides_.size()), x.shape.end());
        Tensor& y = *c.out[0];
        for (int64_t row = 0; row < rows_; ++row) {
            const float* in = x.f.data() + row * inner_;
            double sum = 0, sq = 0;
            for (int64_t k = 0; k < inner_; ++k) sum += in[k];
            const double mean = sum / double(inner_);
            for (int64_t k = 0; k < inner_; ++k) sq += (in[k] - mean) * (in[k] - mean);
            const double inv = 1.0 / std::sqrt(sq / double(inner_) + double(eps_));
            float* out = y.f.data() + row * inner_;
            forEachBroadcast(tail, scaleStrides_, biasStrides_.empty() ? scaleStrides_ : biasStrides_,
                             [&](int64_t k, int64_t s, int64_t b) {
                                 const float bias = biasStrides_.empty() ? 0.f : c.in[2]->f[size_t(b)];
                                 out[k] = float((in[k] - mean) * inv) * c.in[1]->f[size_t(s)] + bias;
                             });
            if (c.out.size() > 1) c.out[1]->f[size_t(row)] = float(mean);
            if (c.out.size() > 2) c.out[2]->f[size_t(row)] = float(inv);
        }
    }

private:
    int64_t inner_ = 0, rows_ = 0;
    float eps_ = 1e-5f;
    std::vector<int64_t> scaleStrides_, biasStrides_;
};

template <typename K>
std::unique_ptr<Kernel> make() {
    return std::make_unique<K>();
}

} // namespace

void addHostKernels(KernelTable& t) {
    t["Identity"] = make<IdentityKernel>;
    t["Dropout"] = make<IdentityKernel>;
    t["Reshape"] = make<ReshapeKernel>;
    t["Flatten"] = make<FlattenKernel>;
    t["Squeeze"] = make<SqueezeKernel>;
    t["Unsqueeze"] = make<UnsqueezeKernel>;
    t["Shape"] = make<ShapeKernel>;
    t["Constant"] = make<ConstantKernel>;
    t["Cast"] = make<CastKernel>;
    t["Transpose"] = make<TransposeKernel>;
    t["Slice"] = make<SliceKernel>;
    t["Pad"] = make<PadKernel>;
    t["Resize"] = make<ResizeKernel>;
    t["Concat"] = make<ConcatKernel>;
    t["Split"] = make<SplitKernel>;
    t["Gather"] = make<GatherKernel>;
    t["Erf"] = make<ErfKernel>;
    t["HardSigmoid"] = make<HardSigmoidKernel>;
    t["ReduceMean"] = make<ReduceMeanKernel>;
    t["LayerNormalization"] = make<LayerNormKernel>;
}

} // namespace qb::engine
