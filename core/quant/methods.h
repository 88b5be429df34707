// The one table of weight quantization methods (RTN, GPTQ, AWQ, SmoothQuant): plan parsing and
// validation, the CLI's options and help, and the Quantize dialog read it instead of keeping their
// own lists. The group sizes integer grids take are in the scheme table (groupSizes(), scheme.h).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/domain/scheme.h"

namespace qb::quant {

enum class OptionType {
    Flag,     ///< true or false; default 0 or 1
    Fraction, ///< a number from 0 to 1
};

/// A method option as a plan entry spells it ("damp": 0.05).
struct MethodOption {
    std::string_view key;  ///< plan key: "act_order", "damp", "alpha"
    OptionType type;
    double defaultValue;   ///< what a layer gets when no entry sets the key
};

struct Method {
    std::string_view name;        ///< plan and CLI spelling: "rtn", "gptq", "awq", "smoothquant"
    std::string_view label;       ///< short, for progress lines: "GPTQ"
    /// For choosers: "GPTQ (Hessian error feedback)". The GUI translates it in the context
    /// "qb::QuantizeDialog" (app/gui/QuantizeDialog.cpp lists these strings for lupdate).
    std::string_view description;
    bool needsLayerInputs;        ///< runs on calibration inputs (a layer without any takes RTN)
    bool quantizesInputs;         ///< always quantizes the layer's input (8 bits unless act_bits says)
    bool integer, ggml;           ///< accepts integer grids, GGML block formats
    std::span<const MethodOption> options;

    bool accepts(SchemeKind k) const { return k == SchemeKind::Float || (k == SchemeKind::Integer ? integer : ggml); }
    bool hasOption(std::string_view key) const {
        for (const MethodOption& o : options)
            if (o.key == key) return true;
        return false;
    }
};

/// The methods a plan or the CLI may name, RTN first (the default).
std::span<const Method> methods();
/// The row of `name`, or null ("float" is no method a plan may ask for).
const Method* findMethod(std::string_view name);
/// The method of layers the plan leaves unset.
const Method& defaultMethod();
/// The LayerPlan::method of a layer kept in float.
inline constexpr std::string_view kFloatMethod = "float";
/// "GPTQ" for "gptq", "float" for kFloatMethod, the name itself otherwise.
std::string methodLabel(std::string_view name);

/// The option `key` of any method, or null: options are per key, whichever method has them.
const MethodOption* findOption(std::string_view key);
/// The option's default; throws qb::Error("methods", ...) for an unknown key.
double optionDefault(std::string_view key);

/// Names joined for messages and help: "rtn, gptq, awq or smoothquant". `kind` filters to the
/// methods that accept that scheme kind.
std::string methodNames();
std::string methodNames(SchemeKind kind);

} // namespace qb::quant
