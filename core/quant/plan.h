// The mixed-precision plan (../shared/CLI.md): default settings plus per-layer entries keyed by
// exact tensor names or fnmatch-style globs, resolved against a model into one scheme per layer.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/model.h"
#include "core/domain/scheme.h"

namespace qb::quant {

/// One plan entry; unset fields inherit from less specific entries and the default.
/// A string entry ("fp16", "q4_0") is the same as {"format": ...}.
struct PlanSettings {
    std::optional<int> bits;             ///< 2..8: an integer scheme
    std::optional<int64_t> group;        ///< 32, 64, 128; unset: one scale per output channel
    std::optional<bool> symmetric;
    std::optional<std::string> method;   ///< rtn, gptq, awq, smoothquant
    std::optional<int> actBits;          ///< 8: static per-tensor activation quantization
    std::optional<std::string> format;   ///< a scheme of the table by name; "fp16"/"fp32" allowed
    std::optional<bool> actOrder;        ///< GPTQ: columns by descending Hessian diagonal
    std::optional<double> damp;          ///< GPTQ: dampening, a fraction of the mean diagonal (0..1)
    std::optional<double> alpha;         ///< SmoothQuant: migration strength (0..1)
};

struct PlanEntry {
    std::string pattern;  ///< exact name or glob (* ? [..])
    PlanSettings settings;
};

struct Plan {
    std::string text;              ///< the JSON as given (stored in projects)
    PlanSettings defaults;
    std::vector<PlanEntry> layers; ///< in file order
    /// What parsing found wrong (unknown keys, bad values), each naming its entry; resolvePlan
    /// reports them together with what only the model can tell.
    std::vector<std::string> problems;
};

/// What one quantizable layer gets.
struct LayerPlan {
    std::string name;
    const Scheme* scheme = nullptr; ///< after resolve() for the layer's row length
    std::string method;             ///< "rtn", "gptq", "awq", "smoothquant", or "float"
    int actBits = 0;                ///< 0: activations stay float
    bool actOrder = false;          ///< GPTQ options (gptq.h defaults unless the plan says)
    double damp = 0.01;
    double alpha = 0.5;             ///< SmoothQuant migration strength
    int64_t rows = 0, cols = 0;     ///< the weight as a [out, rest] matrix
};

/// Parses plan JSON. Throws qb::Error(where, ...) for text that is not JSON (with line and
/// column) or not an object; problems inside entries are collected in Plan::problems, each naming
/// its entry ("default", "layers.\"blk.*\"").
Plan parsePlan(std::string_view json, const std::string& where);
Plan readPlan(const std::string& path);

/// A plan of one default entry (what quantize --bits ... means), checked by the rules of a plan
/// file's default entry: its problems are in Plan::problems, named after `where`.
Plan uniformPlan(const PlanSettings& defaults, const std::string& where);

/// True if `name` matches the glob (fnmatch rules, no special meaning for '/' or '.').
bool globMatches(const std::string& pattern, const std::string& name);

/// Specificity of a layer key: an exact name beats any glob; among globs, the one with more
/// literal characters (outside * ? and [..]) wins; ties go to the entry later in the file.
/// Returns the literal character count, or nullopt for an exact name.
std::optional<size_t> globLiterals(const std::string& pattern);

/// One LayerPlan per quantizable tensor of `model`, in model order. Merges, per layer, the default
/// then the matching entries from least to most specific (an entry setting `format` clears bits,
/// group and symmetric, and one setting any of those clears `format`); a layer left with neither
/// bits nor format stays f32. Throws one qb::Error(where, "N problems in the plan: ...; ...")
/// listing Plan::problems and every layer key that matches no quantizable layer.
std::vector<LayerPlan> resolvePlan(const Plan& plan, const Model& model, const std::string& where);

/// The scheme name the settings describe ("int4_g32_sym", "q4_0", "f16"), without fallback.
std::string schemeName(const PlanSettings& s);

} // namespace qb::quant
