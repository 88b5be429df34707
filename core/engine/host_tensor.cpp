#include "core/engine/host_tensor.h"

#include <atomic>
#include <type_traits>
#include <limits>
#include <stdexcept>

namespace qb::engine {

namespace {
std::atomic<UnsetFill> unsetFill{UnsetFill::Leave};
}

void setUnsetFill(UnsetFill fill) { unsetFill.store(fill); }

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

void Tensor::allocate(DType t, Shape s, Init init) {
    const int64_t n = elementCount(s);
    dtype = t;
    shape = std::move(s);
    const auto fill = [&](auto& v, auto& other) {
        other.clear();
        const UnsetFill how = init == Init::Zero ? UnsetFill::Zero : unsetFill.load(std::memory_order_relaxed);
        using T = typename std::decay_t<decltype(v)>::value_type;
        if (how == UnsetFill::Zero) {
            v.assign(size_t(n), T(0));
        } else if (how == UnsetFill::Poison) {
            if constexpr (std::is_same_v<T, float>) v.assign(size_t(n), std::numeric_limits<float>::quiet_NaN());
            else v.assign(size_t(n), std::numeric_limits<T>::min());
        } else {
            v.clear(); // resize() keeps old elements: none are to be relied on
            v.resize(size_t(n));
        }
    };
    if (t == DType::F32) fill(f, i);
    else fill(i, f);
}

} // namespace qb::engine
