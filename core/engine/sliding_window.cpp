#include "core/engine/sliding_window.h"

#include <algorithm>
#include <string>

namespace qb::engine {

std::vector<int64_t> intsOfRank(const NodeContext& c, const char* name, size_t n, int64_t def, int64_t min) {
    auto v = c.attrInts(name, std::vector<int64_t>(n, def));
    if (v.size() != n)
        throw c.fail(std::string("attribute '") + name + "' has " + std::to_string(v.size()) +
                     " values, expected " + std::to_string(n));
    for (const int64_t x : v)
        if (x < min || x > (int64_t(1) << 24))
            throw c.fail(std::string("attribute '") + name + "' holds an invalid value " + std::to_string(x));
    return v;
}

Window slidingWindow(const NodeContext& c, const Shape& in, const std::vector<int64_t>& kernel, bool ceilMode) {
    const size_t n = in.size();
    Window w;
    w.kernel = kernel;
    w.stride = intsOfRank(c, "strides", n, 1, 1);
    w.dilation = intsOfRank(c, "dilations", n, 1, 1);
    const auto pads = intsOfRank(c, "pads", 2 * n, 0, 0);
    const std::string autoPad = c.attrString("auto_pad", "NOTSET");
    for (size_t k = 0; k < n; ++k) {
        const int64_t ek = (kernel[k] - 1) * w.dilation[k] + 1;
        int64_t pl = pads[k], pr = pads[n + k], o = 0;
        if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            o = (in[k] + w.stride[k] - 1) / w.stride[k];
            const int64_t total = std::max<int64_t>(0, (o - 1) * w.stride[k] + ek - in[k]);
            pl = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
            pr = total - pl;
        } else if (autoPad == "VALID" || autoPad == "NOTSET") {
            if (autoPad == "VALID") pl = pr = 0;
            const int64_t span = in[k] + pl + pr - ek;
            if (span < 0)
                throw c.fail("window of " + std::to_string(ek) + " does not fit input size " + std::to_string(in[k]) +
                             " with padding");
            o = (ceilMode ? (span + w.stride[k] - 1) / w.stride[k] : span / w.stride[k]) + 1;
            // A last window that would start in the right padding is dropped (as other runtimes do).
            if (ceilMode && (o - 1) * w.stride[k] >= in[k] + pl) --o;
            pr = std::max(pr, (o - 1) * w.stride[k] + ek - in[k] - pl);
        } else {
            throw c.fail("auto_pad '" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
        }
        w.padL.push_back(pl);
        w.padR.push_back(pr);
        w.out.push_back(o);
    }
    return w;
}

std::vector<int64_t> kernelShape(const NodeContext& c, const Shape& fromWeights, size_t n) {
    if (!c.hasAttr("kernel_shape")) {
        if (fromWeights.empty()) throw c.fail("attribute 'kernel_shape' is required");
        return fromWeights;
    }
    auto k = intsOfRank(c, "kernel_shape", n, 1, 1);
    if (!fromWeights.empty() && k != fromWeights)
        throw c.fail("kernel_shape " + shapeText(k) + " differs from the weights' " + shapeText(fromWeights));
    return k;
}

void checkSpatialRank(const NodeContext& c, const Tensor& x) {
    if (x.rank() < 3 || x.rank() > 5)
        throw c.fail("input shape " + shapeText(x.shape) + " must be [N,C,spatial...] with 1 to 3 spatial dims");
}

} // namespace qb::engine
