#include "core/engine/input_geometry.h"

#include "core/util/error.h"

namespace qb {

engine::Shape declaredSample(const engine::Executor& model) {
    const auto& decl = model.inputs()[0].shape;
    if (decl.size() < 2) throw Error(model.path(), "input '" + model.inputs()[0].name + "' does not declare a batched shape");
    return engine::Shape(decl.begin() + 1, decl.end());
}

Layout resolveLayout(Layout layout, const engine::Shape& s) {
    if (layout != Layout::Auto) return layout;
    const auto isChannels = [](int64_t v) { return v == 1 || v == 3; };
    return s.size() == 3 && isChannels(s[2]) && !isChannels(s[0]) ? Layout::NHWC : Layout::NCHW;
}

ImageGeometry inputGeometry(const engine::Executor& model, Layout layout) {
    const engine::Shape s = declaredSample(model);
    const auto known = [](int64_t v) { return v > 0 ? v : 0; };
    if (s.size() == 2) return {known(s[0]), known(s[1]), 1};
    if (s.size() != 3) return {};
    if (resolveLayout(layout, s) == Layout::NHWC) return {known(s[0]), known(s[1]), known(s[2])};
    return {known(s[1]), known(s[2]), known(s[0])};
}

} // namespace qb
