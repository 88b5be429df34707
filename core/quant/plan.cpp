#include "core/quant/plan.h"

#include <fnmatch.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/quant/weight_matrix.h"
#include "core/util/error.h"

namespace qb::quant {

namespace {

using Json = nlohmann::ordered_json;

const std::set<std::string> kMethods{"rtn", "gptq", "awq", "smoothquant"};
const std::set<std::string> kEntryKeys{"bits", "group", "symmetric", "method", "act_bits", "format", "act_order", "damp", "alpha"};

std::optional<std::string> tableFormat(const std::string& f) {
    const std::string name = f == "fp16" ? "f16" : f == "fp32" ? "f32" : f;
    if (!findScheme(name)) return std::nullopt;
    return name;
}

std::optional<int64_t> integer(const Json& v) {
    if (v.is_number_integer()) return v.get<int64_t>();
    return std::nullopt;
}

// Reads one entry (object or format string), appending "<entry>: <problem>" for each fault.
PlanSettings parseEntry(const Json& v, const std::string& entry, std::vector<std::string>& problems) {
    PlanSettings s;
    auto problem = [&](const std::string& what) { problems.push_back(entry + ": " + what); };
    if (v.is_string()) {
        if (auto f = tableFormat(v.get<std::string>())) s.format = *f;
        else problem("unknown format '" + v.get<std::string>() + "'");
        return s;
    }
    if (!v.is_object()) {
        problem("must be an object or a format name, not " + std::string(v.type_name()));
        return s;
    }
    for (const auto& [key, value] : v.items()) {
        if (!kEntryKeys.count(key)) {
            problem("unknown key '" + key + "'");
        } else if (key == "bits") {
            const auto b = integer(value);
            if (b && *b >= 2 && *b <= 8) s.bits = int(*b);
            else problem("bits must be an integer from 2 to 8, not " + value.dump());
        } else if (key == "group") {
            const auto g = integer(value);
            if (g && (*g == 32 || *g == 64 || *g == 128)) s.group = *g;
            else problem("group must be 32, 64 or 128, not " + value.dump());
        } else if (key == "symmetric") {
            if (value.is_boolean()) s.symmetric = value.get<bool>();
            else problem("symmetric must be true or false, not " + value.dump());
        } else if (key == "method") {
            if (value.is_string() && kMethods.count(value.get<std::string>())) s.method = value.get<std::string>();
            else problem("method must be rtn, gptq, awq or smoothquant, not " + value.dump());
        } else if (key == "act_bits") {
            const auto a = integer(value);
            if (a && *a == 8) s.actBits = 8;
            else problem("act_bits must be 8, not " + value.dump());
        } else if (key == "act_order") {
            if (value.is_boolean()) s.actOrder = value.get<bool>();
            else problem("act_order must be true or false, not " + value.dump());
        } else if (key == "damp" || key == "alpha") {
            const bool ok = value.is_number() && value.get<double>() >= 0 && value.get<double>() <= 1;
            if (!ok) problem(key + " must be a number from 0 to 1, not " + value.dump());
            else if (key == "damp") s.damp = value.get<double>();
            else s.alpha = value.get<double>();
        } else if (key == "format") {
            const auto f = value.is_string() ? tableFormat(value.get<std::string>()) : std::nullopt;
            if (f) s.format = *f;
            else problem("unknown format " + value.dump());
        }
    }
    if (s.format && (s.bits || s.group || s.symmetric))
        problem("format and bits/group/symmetric exclude each other");
    return s;
}

void merge(PlanSettings& into, const PlanSettings& e) {
    if (e.format) into.bits.reset(), into.group.reset(), into.symmetric.reset(), into.format = e.format;
    if (e.bits || e.group || e.symmetric) into.format.reset();
    if (e.bits) into.bits = e.bits;
    if (e.group) into.group = e.group;
    if (e.symmetric) into.symmetric = e.symmetric;
    if (e.method) into.method = e.method;
    if (e.actBits) into.actBits = e.actBits;
    if (e.actOrder) into.actOrder = e.actOrder;
    if (e.damp) into.damp = e.damp;
    if (e.alpha) into.alpha = e.alpha;
}

std::string lineColumn(std::string_view text, size_t byte) {
    // nlohmann reports the 1-based index of the last byte it read.
    const size_t end = std::min(text.size(), byte > 0 ? byte - 1 : 0);
    size_t line = 1, col = 1;
    for (size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') ++line, col = 1;
        else ++col;
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

std::string entryName(const std::string& key) { return "layers.\"" + key + "\""; }

} // namespace

Plan parsePlan(std::string_view json, const std::string& where) {
    Plan plan;
    plan.text = std::string(json);
    Json root;
    try {
        root = Json::parse(json);
    } catch (const Json::parse_error& e) {
        std::string why = e.what();
        if (const auto colon = why.rfind(": "); colon != std::string::npos) why = why.substr(colon + 2);
        throw Error(where, "not valid JSON at " + lineColumn(json, e.byte) + ": " + why);
    }
    if (!root.is_object()) throw Error(where, "a plan must be a JSON object, not " + std::string(root.type_name()));
    for (const auto& [key, value] : root.items()) {
        if (key == "default") {
            plan.defaults = parseEntry(value, "default", plan.problems);
        } else if (key == "layers") {
            if (!value.is_object()) {
                plan.problems.push_back("layers: must be an object of name or glob -> entry");
                continue;
            }
            for (const auto& [pattern, entry] : value.items())
                plan.layers.push_back({pattern, parseEntry(entry, entryName(pattern), plan.problems)});
        } else {
            plan.problems.push_back("unknown key '" + key + "' (a plan has \"default\" and \"layers\")");
        }
    }
    return plan;
}

Plan readPlan(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the plan");
    std::stringstream text;
    text << in.rdbuf();
    if (in.bad()) throw Error(path, "cannot read the plan");
    return parsePlan(text.str(), path);
}

Plan uniformPlan(const PlanSettings& defaults, const std::string& where) {
    Json d = Json::object();
    if (defaults.bits) d["bits"] = *defaults.bits;
    if (defaults.group) d["group"] = *defaults.group;
    if (defaults.symmetric) d["symmetric"] = *defaults.symmetric;
    if (defaults.method) d["method"] = *defaults.method;
    if (defaults.actBits) d["act_bits"] = *defaults.actBits;
    if (defaults.format) d["format"] = *defaults.format;
    if (defaults.actOrder) d["act_order"] = *defaults.actOrder;
    if (defaults.damp) d["damp"] = *defaults.damp;
    if (defaults.alpha) d["alpha"] = *defaults.alpha;
    return parsePlan(Json{{"default", d}}.dump(), where);
}

bool globMatches(const std::string& pattern, const std::string& name) {
    return ::fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

std::optional<size_t> globLiterals(const std::string& pattern) {
    size_t literals = 0;
    bool glob = false;
    for (size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '*' || c == '?') {
            glob = true;
        } else if (c == '[') {
            // A bracket expression up to its closing ']' (a ']' right after '[' or '[!' is a member).
            size_t j = i + 1;
            if (j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^')) ++j;
            if (j < pattern.size() && pattern[j] == ']') ++j;
            while (j < pattern.size() && pattern[j] != ']') ++j;
            if (j < pattern.size()) {
                glob = true;
                i = j;
            } else {
                ++literals; // an unclosed '[' is an ordinary character for fnmatch
            }
        } else if (c == '\\' && i + 1 < pattern.size()) {
            ++i, ++literals;
        } else {
            ++literals;
        }
    }
    if (!glob) return std::nullopt;
    return literals;
}

std::string schemeName(const PlanSettings& s) {
    if (s.format) return *s.format;
    if (!s.bits) return "f32";
    const std::string gran = s.group ? "g" + std::to_string(*s.group) : "channel";
    return "int" + std::to_string(*s.bits) + "_" + gran + (s.symmetric.value_or(true) ? "_sym" : "_asym");
}

std::vector<LayerPlan> resolvePlan(const Plan& plan, const Model& model, const std::string& where) {
    std::vector<std::string> problems = plan.problems;
    // Entries from least to most specific: globs by literal count, then exact names; file order
    // breaks ties (stable sort), so a later entry of equal specificity wins.
    std::vector<size_t> order(plan.layers.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto rank = [&](size_t i) {
        const auto lit = globLiterals(plan.layers[i].pattern);
        return lit ? std::pair<int, size_t>{0, *lit} : std::pair<int, size_t>{1, 0};
    };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rank(a) < rank(b); });

    std::vector<bool> used(plan.layers.size(), false);
    std::vector<LayerPlan> out;
    for (const TensorEntry& t : model.tensors) {
        if (!t.quantizable) continue;
        PlanSettings s = plan.defaults;
        for (size_t i : order) {
            const std::string& p = plan.layers[i].pattern;
            if (globLiterals(p) ? globMatches(p, t.name) : p == t.name) {
                merge(s, plan.layers[i].settings);
                used[i] = true;
            }
        }
        const WeightMatrix shape = matrixShape(t);
        LayerPlan l;
        l.name = t.name;
        l.rows = shape.rows;
        l.cols = shape.cols;
        const std::string name = schemeName(s);
        const Scheme* scheme = findScheme(name);
        if (!scheme) { // unreachable for parsed settings; kept as a clear message, not UB
            problems.push_back(t.name + ": no scheme '" + name + "' in the table");
            continue;
        }
        l.scheme = &resolve(*scheme, l.cols);
        const bool keepFloat = scheme->kind == SchemeKind::Float;
        l.method = keepFloat ? "float" : s.method.value_or("rtn");
        l.actBits = keepFloat ? 0 : s.actBits.value_or(0);
        l.actOrder = s.actOrder.value_or(false);
        l.damp = s.damp.value_or(0.01);
        l.alpha = s.alpha.value_or(0.5);
        out.push_back(std::move(l));
    }
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        if (used[i]) continue;
        const std::string& p = plan.layers[i].pattern;
        const TensorEntry* t = globLiterals(p) ? nullptr : model.find(p);
        problems.push_back(entryName(p) + (t ? ": names a tensor that is not quantizable"
                                             : ": matches no quantizable layer of the model"));
    }
    if (!problems.empty()) {
        std::string msg = std::to_string(problems.size()) + (problems.size() == 1 ? " problem" : " problems") +
                          " in the plan: ";
        for (size_t i = 0; i < problems.size(); ++i) msg += (i ? "; " : "") + problems[i];
        throw Error(where, msg);
    }
    return out;
}

} // namespace qb::quant
