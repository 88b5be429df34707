// The mixed-precision plan (../shared/CLI.md): default settings plus per-layer entries keyed by
// exact tensor names or fnmatch-style globs, resolved against a model into one scheme per layer.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/scheme.h"
#include "core/model/model.h"
#include "core/quant/methods.h"

namespace qb::quant {

/// One plan entry; unset fields inherit from less specific entries and the default.
/// A string entry ("fp16", "q4_0") is the same as {"format": ...}.
struct PlanSettings {
    std::optional<int> bits;             ///< kMinBits..kMaxBits: an integer scheme
    std::optional<int64_t> group;        ///< one of groupSizes(); unset: one scale per output channel
    std::optional<bool> symmetric;
    std::optional<int> scaleBits;        ///< 16 (fp16 group scales, the default) or 8, 6, 4 (codes under a per-tensor fp16 scale)
    std::optional<std::string> method;   ///< a name of methods() (methods.h)
    std::optional<int> actBits;          ///< kActBits: static per-tensor activation quantization
    std::optional<std::string> format;   ///< a scheme of the table by name (a plan file may say fp16/fp32)
    std::optional<bool> actOrder;        ///< GPTQ: columns by descending Hessian diagonal
    std::optional<double> damp;          ///< GPTQ: dampening, a fraction of the mean diagonal (0..1)
    std::optional<double> alpha;         ///< SmoothQuant: migration strength (0..1)

    bool operator==(const PlanSettings&) const = default;
};

inline constexpr int kMinBits = 2, kMaxBits = 8;
inline constexpr int kActBits = 8; ///< the one activation width a plan may ask for

struct PlanEntry {
    std::string pattern;  ///< exact name or glob (* ? [..])
    PlanSettings settings;

    bool operator==(const PlanEntry&) const = default;
};

/// A plan as data: edit it with the mutators (or the fields), write it with planJson/writePlan,
/// check it against a model with planProblems, and resolve it with resolvePlan.
struct Plan {
    PlanSettings defaults;
    std::vector<PlanEntry> layers; ///< in file order; patterns are unique
    /// What parsing found but could not keep (unknown keys, values of the wrong type or range),
    /// each naming its entry ("default: ...", "layers.\"blk.*\": ..."). A mutator replacing an
    /// entry drops that entry's problems.
    std::vector<std::string> problems;

    /// The entry of exactly `pattern`, or null.
    const PlanEntry* entry(std::string_view pattern) const;
    /// Replaces the entry of `pattern` in place (keeping its position, so ties still go the same
    /// way) or appends a new one.
    void setEntry(const std::string& pattern, const PlanSettings& settings);
    /// Removes the entry of `pattern`; false if there is none.
    bool removeEntry(std::string_view pattern);
    void setDefaults(const PlanSettings& settings);

    /// Same settings, entries (in order) and parse problems.
    bool operator==(const Plan& o) const { return defaults == o.defaults && layers == o.layers && problems == o.problems; }
};

/// What one quantizable layer gets.
struct LayerPlan {
    std::string name;
    const Scheme* scheme = nullptr; ///< after resolve() for the layer's row length
    const Scheme* planned = nullptr; ///< the scheme the plan names, before resolve() (exporters report the difference)
    std::string method;             ///< a name of methods(), or kFloatMethod
    int actBits = 0;                ///< 0: activations stay float
    bool actOrder = false;          ///< GPTQ options (the method table's defaults unless the plan says)
    double damp = 0.01;
    double alpha = 0.5;             ///< SmoothQuant migration strength
    int64_t rows = 0, cols = 0;     ///< the weight as a [out, rest] matrix
};

/// Parses plan JSON. Throws qb::Error(where, ...) for text that is not JSON (with line and
/// column) or not an object; problems inside entries are collected in Plan::problems, each naming
/// its entry ("default", "layers.\"blk.*\"").
Plan parsePlan(std::string_view json, const std::string& where);
Plan readPlan(const std::string& path);

/// The plan as JSON that parsePlan reads back into an equal plan (Plan::problems aside: they are
/// what could not be read). Keys in a fixed order; an entry that only names a format is written as
/// that string ("q4_0"); "layers" is left out when there are none.
std::string planJson(const Plan& plan);
/// Writes planJson(plan) to a temporary file beside `path`, then renames it over `path`: a failed
/// write leaves no partial file. Throws qb::Error(path, ...).
void writePlan(const std::string& path, const Plan& plan);

/// A plan of one default entry (what quantize --bits ... means); planProblems and resolvePlan
/// check it by the rules of a plan file's default entry.
Plan uniformPlan(const PlanSettings& defaults);
/// The same, for callers that still name the source (app/cli/quantize_command.cpp:45,
/// app/gui/ModelQuantization.cpp:32); resolvePlan's `where` names it in errors.

/// True if `name` matches the glob (fnmatch rules, no special meaning for '/' or '.').
bool globMatches(const std::string& pattern, const std::string& name);

/// Specificity of a layer key: an exact name beats any glob; among globs, the one with more
/// literal characters (outside * ? and [..]) wins; ties go to the entry later in the file.
/// Returns the literal character count, or nullopt for an exact name.
std::optional<size_t> globLiterals(const std::string& pattern);

/// Every problem of the plan for `model`, all at once: Plan::problems, values out of range or
/// excluding each other (fields set by code rather than parsed), layer keys that match no
/// quantizable layer, and methods asked for a scheme kind they do not take (GPTQ and a GGML
/// block format), naming the entries and layers. Empty when resolvePlan would succeed.
std::vector<std::string> planProblems(const Plan& plan, const Model& model);

/// One LayerPlan per quantizable tensor of `model`, in model order. Merges, per layer, the default
/// then the matching entries from least to most specific (an entry setting `format` clears bits,
/// group, symmetric and scale_bits, and one setting any of those clears `format`); a layer left with neither
/// bits nor format stays f32. Throws one qb::Error(where, "N problems in the plan: ...; ...")
/// listing planProblems(plan, model), before any quantization starts.
std::vector<LayerPlan> resolvePlan(const Plan& plan, const Model& model, const std::string& where);

/// The scheme name the settings describe ("int4_g32_sym", "int4_g32_sym_s8", "q4_0", "f16"), without fallback.
std::string schemeName(const PlanSettings& s);

} // namespace qb::quant
