#include "core/engine/host_tensor.h"

#include <stdexcept>

namespace qb::engine {

int64_t elementCount(const Shape& s) {
    int64_t n = 1;
    for (const int64_t d : s) {
        if (d < 0) throw std::length_error("negative dimension in shape " + shapeText(s));
        if (__builtin_mul_overflow(n, d, &n) || n > kMaxElements)
            throw std::length_error("shape " + shapeText(s) + " has more than 2^31 elements");
    }
    return n;
}

std::string shapeText(const Shape& s) {
    std::string r = "[";
    for (size_t k = 0; k < s.size(); ++k) r += (k ? "," : "") + std::to_string(s[k]);
    return r + "]";
}

void Tensor::allocate(DType t, Shape s) {
    const int64_t n = elementCount(s);
    dtype = t;
    shape = std::move(s);
    if (t == DType::F32) {
        f.assign(size_t(n), 0.f);
        i.clear();
    } else {
        i.assign(size_t(n), 0);
        f.clear();
    }
}

} // namespace qb::engine
