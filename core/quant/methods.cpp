#include "core/quant/methods.h"

#include <vector>

#include "core/util/error.h"

namespace qb::quant {

namespace {

// GPTQ's dampening and act-order (gptq.h), SmoothQuant's migration strength (smoothquant.h).
constexpr MethodOption kGptqOptions[] = {
    {"act_order", OptionType::Flag, 0.0},
    {"damp", OptionType::Fraction, 0.01},
};
constexpr MethodOption kSmoothQuantOptions[] = {
    {"alpha", OptionType::Fraction, 0.5},
};

// GPTQ spreads rounding error over an integer grid's columns; a GGML block fixes its own scales
// per block, which the error feedback would have to respect, so it takes integer grids only.
constexpr Method kMethods[] = {
    {"rtn", "RTN", "RTN with MSE clipping", false, false, true, true, {}},
    {"gptq", "GPTQ", "GPTQ (Hessian error feedback)", true, false, true, false, kGptqOptions},
    {"awq", "AWQ", "AWQ (activation-aware scales)", true, false, true, true, {}},
    {"smoothquant", "SmoothQuant", "SmoothQuant (W8A8, outliers into weights)", true, true, true, true, kSmoothQuantOptions},
};

std::string joined(auto&& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        out += i == 0 ? "" : i + 1 == names.size() ? " or " : ", ";
        out += names[i];
    }
    return out;
}

} // namespace

std::span<const Method> methods() { return kMethods; }

const Method* findMethod(std::string_view name) {
    for (const Method& m : kMethods)
        if (m.name == name) return &m;
    return nullptr;
}

const Method& defaultMethod() { return kMethods[0]; }

std::string methodLabel(std::string_view name) {
    if (const Method* m = findMethod(name)) return std::string(m->label);
    return std::string(name);
}

const MethodOption* findOption(std::string_view key) {
    for (const Method& m : kMethods)
        for (const MethodOption& o : m.options)
            if (o.key == key) return &o;
    return nullptr;
}

double optionDefault(std::string_view key) {
    if (const MethodOption* o = findOption(key)) return o->defaultValue;
    throw Error("methods", "no method has the option '" + std::string(key) + "'");
}

std::string methodNames() {
    std::vector<std::string_view> names;
    for (const Method& m : kMethods) names.push_back(m.name);
    return joined(names);
}

std::string methodNames(SchemeKind kind) {
    std::vector<std::string_view> names;
    for (const Method& m : kMethods)
        if (m.accepts(kind)) names.push_back(m.name);
    return joined(names);
}

} // namespace qb::quant
