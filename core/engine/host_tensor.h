// The engine's runtime tensor: a dense row-major buffer of f32 (activations, weights) or i64
// (shapes, indices; every integer type is widened to i64 on load).
#pragma once
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/tensor/dtype.h"

namespace qb::engine {

using Shape = std::vector<int64_t>;

/// Element count of a shape; throws std::length_error past kMaxElements or on a negative dim.
int64_t elementCount(const Shape& s);
/// Hostile graphs can ask for absurd sizes (Reshape to 1e12); nothing legitimate here is larger.
inline constexpr int64_t kMaxElements = int64_t(1) << 31;

std::string shapeText(const Shape& s);

/// std::allocator whose resize() leaves new elements default-initialised (for numbers: unset):
/// outputs that a kernel writes in full skip the zeroing pass, and buffers nobody reads (the
/// plain twin of a blocked activation, blocked_layout.h) are never touched, so never paged in.
/// Explicit values (assign(n, v), resize(n, v), copies) initialise as usual.
template <class T>
struct UninitAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitAllocator<U>;
    };
    UninitAllocator() = default;
    template <class U>
    UninitAllocator(const UninitAllocator<U>&) noexcept {}
    template <class U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

using FloatStorage = std::vector<float, UninitAllocator<float>>;
using IntStorage = std::vector<int64_t, UninitAllocator<int64_t>>;

/// How allocate() leaves the elements: zero, or unset for a kernel that writes every one.
enum class Init { Zero, Unset };

/// For tests (EngineStorage): what Init::Unset really does. Leave is the engine's way; Zero
/// gives the zeroed buffers of every allocation; Poison fills f32 with NaN and i64 with
/// INT64_MIN, so that a kernel reading an element nobody wrote changes the model's outputs.
enum class UnsetFill { Leave, Zero, Poison };
void setUnsetFill(UnsetFill fill);

struct Tensor {
    DType dtype = DType::F32; ///< F32 or I64
    Shape shape;
    FloatStorage f;
    IntStorage i;

    Tensor() = default;
    Tensor(DType t, Shape s) { allocate(t, std::move(s)); }
    /// Init::Unset only where every element is written before anyone reads it.
    void allocate(DType t, Shape s, Init init = Init::Zero);
    int64_t numel() const { return dtype == DType::F32 ? int64_t(f.size()) : int64_t(i.size()); }
    int rank() const { return int(shape.size()); }
};

} // namespace qb::engine
