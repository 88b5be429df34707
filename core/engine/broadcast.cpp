#include "core/engine/broadcast.h"

#include <algorithm>

namespace qb::engine {

std::optional<Shape> broadcastShapes(const Shape& a, const Shape& b) {
    const size_t r = std::max(a.size(), b.size());
    const Shape pa = padLeft(a, r), pb = padLeft(b, r);
    Shape out(r);
    for (size_t d = 0; d < r; ++d) {
        if (pa[d] == pb[d] || pb[d] == 1) out[d] = pa[d];
        else if (pa[d] == 1) out[d] = pb[d];
        else return std::nullopt;
    }
    return out;
}

Shape padLeft(const Shape& s, size_t rank) {
    Shape r(rank > s.size() ? rank - s.size() : 0, 1);
    r.insert(r.end(), s.begin(), s.end());
    return r;
}

std::vector<int64_t> broadcastStrides(const Shape& s, const Shape& out) {
    const Shape p = padLeft(s, out.size());
    std::vector<int64_t> st(out.size(), 0);
    int64_t step = 1;
    for (size_t d = out.size(); d-- > 0;) {
        st[d] = p[d] == 1 ? 0 : step;
        step *= p[d];
    }
    return st;
}

} // namespace qb::engine
