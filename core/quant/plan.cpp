#include "core/quant/plan.h"

#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/quant/weight_matrix.h"
#include "core/util/error.h"
#include "core/util/json_limits.h"

namespace qb::quant {

namespace {

using Json = nlohmann::ordered_json;

// ordered_json (which keeps the file order of the layer entries) inserts each key by a linear
// search: 20 000 entries parse in about a second, a million would take hours.
constexpr size_t kMaxPlanEntries = 20000;

const std::set<std::string> kEntryKeys{"bits", "group", "symmetric", "scale_bits", "method", "act_bits", "format", "act_order", "damp", "alpha"};

std::optional<std::string> tableFormat(const std::string& f) {
    const std::string name = f == "fp16" ? "f16" : f == "fp32" ? "f32" : f;
    if (!findScheme(name)) return std::nullopt;
    return name;
}

std::optional<int64_t> integer(const Json& v) {
    if (v.is_number_integer()) return v.get<int64_t>();
    return std::nullopt;
}

bool validBits(int64_t b) { return b >= kMinBits && b <= kMaxBits; }
bool validScaleBits(int64_t b) { return isScaleBits(b); }
bool fraction(double v) { return v >= 0 && v <= 1; }

std::string bitsRule() { return "bits must be an integer from " + std::to_string(kMinBits) + " to " + std::to_string(kMaxBits); }
std::string groupRule() { return "group must be " + groupSizeNames(); }
std::string methodRule() { return "method must be " + methodNames(); }
std::string actBitsRule() { return "act_bits must be " + std::to_string(kActBits); }

// Reads one entry (object or format string), appending "<entry>: <problem>" for each value it
// cannot keep; checks between keys are settingsProblems'.
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
            if (b && validBits(*b)) s.bits = int(*b);
            else problem(bitsRule() + ", not " + value.dump());
        } else if (key == "group") {
            const auto g = integer(value);
            if (g && isGroupSize(*g)) s.group = *g;
            else problem(groupRule() + ", not " + value.dump());
        } else if (key == "symmetric") {
            if (value.is_boolean()) s.symmetric = value.get<bool>();
            else problem("symmetric must be true or false, not " + value.dump());
        } else if (key == "scale_bits") {
            const auto b = integer(value);
            if (b && validScaleBits(*b)) s.scaleBits = int(*b);
            else problem("scale_bits must be 16 (fp16 scales) or 8, 6 or 4 (scale codes), not " + value.dump());
        } else if (key == "method") {
            if (value.is_string() && findMethod(value.get<std::string>())) s.method = value.get<std::string>();
            else problem(methodRule() + ", not " + value.dump());
        } else if (key == "act_bits") {
            const auto a = integer(value);
            if (a && *a == kActBits) s.actBits = kActBits;
            else problem(actBitsRule() + ", not " + value.dump());
        } else if (key == "act_order") {
            if (value.is_boolean()) s.actOrder = value.get<bool>();
            else problem("act_order must be true or false, not " + value.dump());
        } else if (key == "damp" || key == "alpha") {
            const bool ok = value.is_number() && fraction(value.get<double>());
            if (!ok) problem(key + " must be a number from 0 to 1, not " + value.dump());
            else if (key == "damp") s.damp = value.get<double>();
            else s.alpha = value.get<double>();
        } else if (key == "format") {
            const auto f = value.is_string() ? tableFormat(value.get<std::string>()) : std::nullopt;
            if (f) s.format = *f;
            else problem("unknown format " + value.dump());
        }
    }
    return s;
}

// What is wrong with settings however they were made: the parser keeps only values in range, so
// for a parsed plan this finds only keys that exclude each other; code setting fields gets the
// same rules as a file.
void settingsProblems(const PlanSettings& s, const std::string& entry, std::vector<std::string>& problems) {
    auto problem = [&](const std::string& what) { problems.push_back(entry + ": " + what); };
    if (s.bits && !validBits(*s.bits)) problem(bitsRule() + ", not " + std::to_string(*s.bits));
    if (s.group && !isGroupSize(*s.group)) problem(groupRule() + ", not " + std::to_string(*s.group));
    if (s.scaleBits && !validScaleBits(*s.scaleBits))
        problem("scale_bits must be 16 (fp16 scales) or 8, 6 or 4 (scale codes), not " + std::to_string(*s.scaleBits));
    if (s.method && !findMethod(*s.method)) problem(methodRule() + ", not \"" + *s.method + "\"");
    if (s.actBits && *s.actBits != kActBits) problem(actBitsRule() + ", not " + std::to_string(*s.actBits));
    if (s.format && !findScheme(*s.format)) problem("unknown format \"" + *s.format + "\"");
    if (s.damp && !fraction(*s.damp)) problem("damp must be a number from 0 to 1, not " + Json(*s.damp).dump());
    if (s.alpha && !fraction(*s.alpha)) problem("alpha must be a number from 0 to 1, not " + Json(*s.alpha).dump());
    if (s.format && (s.bits || s.group || s.symmetric)) problem("format and bits/group/symmetric exclude each other");
    if (s.format && s.scaleBits) problem("format and scale_bits exclude each other");
}

// The keys in the order planJson writes them; an entry of only a format is that string.
Json settingsJson(const PlanSettings& s, bool allowString) {
    const bool onlyFormat = s.format && !s.bits && !s.group && !s.symmetric && !s.scaleBits && !s.method && !s.actBits &&
                            !s.actOrder && !s.damp && !s.alpha;
    if (allowString && onlyFormat) return *s.format;
    Json j = Json::object();
    if (s.bits) j["bits"] = *s.bits;
    if (s.group) j["group"] = *s.group;
    if (s.symmetric) j["symmetric"] = *s.symmetric;
    if (s.scaleBits) j["scale_bits"] = *s.scaleBits;
    if (s.format) j["format"] = *s.format;
    if (s.method) j["method"] = *s.method;
    if (s.actBits) j["act_bits"] = *s.actBits;
    if (s.actOrder) j["act_order"] = *s.actOrder;
    if (s.damp) j["damp"] = *s.damp;
    if (s.alpha) j["alpha"] = *s.alpha;
    return j;
}

// Merged settings of one layer, with the entries that last set its method and its scheme.
struct Merged {
    PlanSettings s;
    std::string methodFrom, schemeFrom; // "default", "layers.\"...\"", or empty when never set
};

void merge(Merged& into, const PlanSettings& e, const std::string& entry) {
    PlanSettings& s = into.s;
    const bool integerKeys = e.bits || e.group || e.symmetric || e.scaleBits;
    if (e.format) s.bits.reset(), s.group.reset(), s.symmetric.reset(), s.scaleBits.reset(), s.format = e.format;
    if (integerKeys) s.format.reset();
    if (e.format || integerKeys) into.schemeFrom = entry;
    if (e.bits) s.bits = e.bits;
    if (e.group) s.group = e.group;
    if (e.symmetric) s.symmetric = e.symmetric;
    if (e.scaleBits) s.scaleBits = e.scaleBits;
    if (e.method) s.method = e.method, into.methodFrom = entry;
    if (e.actBits) s.actBits = e.actBits;
    if (e.actOrder) s.actOrder = e.actOrder;
    if (e.damp) s.damp = e.damp;
    if (e.alpha) s.alpha = e.alpha;
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

// Drops the parse problems of one entry ("default" or layers."pattern").
void dropProblems(std::vector<std::string>& problems, const std::string& entry) {
    const std::string prefix = entry + ": ";
    std::erase_if(problems, [&](const std::string& p) { return p.starts_with(prefix); });
}

std::string kindName(SchemeKind k) {
    return k == SchemeKind::Ggml ? "GGML block format" : k == SchemeKind::Integer ? "integer grid" : "float type";
}

} // namespace

const PlanEntry* Plan::entry(std::string_view pattern) const {
    for (const PlanEntry& e : layers)
        if (e.pattern == pattern) return &e;
    return nullptr;
}

void Plan::setEntry(const std::string& pattern, const PlanSettings& settings) {
    dropProblems(problems, entryName(pattern));
    auto it = std::find_if(layers.begin(), layers.end(), [&](const PlanEntry& e) { return e.pattern == pattern; });
    if (it != layers.end()) it->settings = settings;
    else layers.push_back({pattern, settings});
}

bool Plan::removeEntry(std::string_view pattern) {
    auto it = std::find_if(layers.begin(), layers.end(), [&](const PlanEntry& e) { return e.pattern == pattern; });
    if (it == layers.end()) return false;
    dropProblems(problems, entryName(it->pattern));
    layers.erase(it);
    return true;
}

void Plan::setDefaults(const PlanSettings& settings) {
    dropProblems(problems, "default");
    defaults = settings;
}

Plan parsePlan(std::string_view json, const std::string& where) {
    Plan plan;
    checkJsonLimits(json, where, kMaxJsonDepth, kMaxPlanEntries);
    Json root;
    try {
        root = Json::parse(json);
    } catch (const Json::parse_error& e) {
        std::string why = e.what();
        if (const auto colon = why.rfind(": "); colon != std::string::npos) why = why.substr(colon + 2);
        throw Error(where, "not valid JSON at " + lineColumn(json, e.byte) + ": " + why);
    } catch (const Json::out_of_range& e) {
        // A number beyond double's range ("1e999"): nlohmann names the literal but not where it is.
        const std::string why = e.what();
        const auto open = why.find('\''), close = why.rfind('\'');
        const std::string literal = open < close ? why.substr(open + 1, close - open - 1) : std::string();
        const size_t at = literal.empty() ? std::string_view::npos : json.find(literal);
        throw Error(where, "not valid JSON at " + (at == std::string_view::npos ? std::string("an unknown place") : lineColumn(json, at + 1)) +
                               ": number " + (literal.empty() ? why : "'" + literal + "'") + " is out of range");
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

std::string planJson(const Plan& plan) {
    Json root = Json::object();
    root["default"] = settingsJson(plan.defaults, false);
    if (!plan.layers.empty()) {
        Json layers = Json::object();
        for (const PlanEntry& e : plan.layers) layers[e.pattern] = settingsJson(e.settings, true);
        root["layers"] = std::move(layers);
    }
    return root.dump(2) + "\n";
}

void writePlan(const std::string& path, const Plan& plan) {
    namespace fs = std::filesystem;
    const std::string json = planJson(plan);
    // Beside the target so the rename stays on one file system.
    static std::atomic<unsigned> serial{0};
    const std::string temp = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(serial++);
    try {
        {
            std::ofstream out(temp, std::ios::binary | std::ios::trunc);
            if (!out) throw Error(path, "cannot create " + temp);
            out << json;
            out.flush();
            if (!out) throw Error(path, "cannot write the plan");
        }
        std::error_code ec;
        fs::rename(temp, path, ec);
        if (ec) throw Error(path, "cannot replace: " + ec.message());
    } catch (...) {
        std::error_code ec;
        fs::remove(temp, ec);
        throw;
    }
}

Plan uniformPlan(const PlanSettings& defaults) {
    Plan p;
    p.setDefaults(defaults);
    return p;
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
    return "int" + std::to_string(*s.bits) + "_" + gran + (s.symmetric.value_or(true) ? "_sym" : "_asym") +
           (s.scaleBits.value_or(16) == 16 ? "" : "_s" + std::to_string(*s.scaleBits));
}

namespace {

// A method asked for a scheme kind it does not take, for the layers where the same entries meet.
struct Mismatch {
    std::string schemeFrom, methodFrom, method, scheme;
    SchemeKind kind;
    std::vector<std::string> layers;
};

std::string mismatchProblem(const Mismatch& m) {
    const std::string label = methodLabel(m.method);
    std::string names;
    const size_t shown = std::min<size_t>(m.layers.size(), 3);
    for (size_t i = 0; i < shown; ++i) names += (i ? ", " : "") + m.layers[i];
    if (m.layers.size() > shown) names += " and " + std::to_string(m.layers.size() - shown) + " more";
    std::string where = m.schemeFrom;
    if (m.methodFrom != m.schemeFrom)
        where += " (" + (m.methodFrom.empty() ? std::string("no entry sets a method") : m.methodFrom + " sets " + m.method) + ")";
    return where + ": " + label + " takes no " + kindName(m.kind) + " (" + m.scheme + ", for " + names +
           "); give these layers " + methodNames(m.kind) + ", or an integer scheme";
}

// Resolves what can be resolved and collects every problem on the way.
std::vector<LayerPlan> resolveAll(const Plan& plan, const Model& model, std::vector<std::string>& problems) {
    problems = plan.problems;
    settingsProblems(plan.defaults, "default", problems);
    for (const PlanEntry& e : plan.layers) settingsProblems(e.settings, entryName(e.pattern), problems);

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
    std::vector<Mismatch> mismatches;
    std::vector<LayerPlan> out;
    for (const TensorEntry& t : model.tensors) {
        if (!t.quantizable) continue;
        Merged m;
        merge(m, plan.defaults, "default");
        for (size_t i : order) {
            const std::string& p = plan.layers[i].pattern;
            if (globLiterals(p) ? globMatches(p, t.name) : p == t.name) {
                merge(m, plan.layers[i].settings, entryName(p));
                used[i] = true;
            }
        }
        const PlanSettings& s = m.s;
        const WeightMatrix shape = matrixShape(t);
        LayerPlan l;
        l.name = t.name;
        l.rows = shape.rows;
        l.cols = shape.cols;
        const std::string name = schemeName(s);
        const Scheme* scheme = findScheme(name);
        if (!scheme) continue; // settingsProblems named the bad value
        l.scheme = &resolve(*scheme, l.cols);
        l.planned = scheme;
        const bool keepFloat = scheme->kind == SchemeKind::Float;
        const Method* method = findMethod(s.method.value_or(std::string(defaultMethod().name)));
        if (!method) continue; // named by settingsProblems
        if (!method->accepts(scheme->kind)) {
            auto it = std::find_if(mismatches.begin(), mismatches.end(), [&](const Mismatch& x) {
                return x.schemeFrom == m.schemeFrom && x.methodFrom == m.methodFrom && x.method == method->name &&
                       x.scheme == scheme->name;
            });
            if (it == mismatches.end())
                it = mismatches.insert(mismatches.end(), {m.schemeFrom, m.methodFrom, std::string(method->name), scheme->name, scheme->kind, {}});
            it->layers.push_back(t.name);
        }
        l.method = keepFloat ? std::string(kFloatMethod) : std::string(method->name);
        l.actBits = keepFloat ? 0 : s.actBits.value_or(0);
        l.actOrder = s.actOrder.value_or(optionDefault("act_order") != 0);
        l.damp = s.damp.value_or(optionDefault("damp"));
        l.alpha = s.alpha.value_or(optionDefault("alpha"));
        out.push_back(std::move(l));
    }
    for (const Mismatch& m : mismatches) problems.push_back(mismatchProblem(m));
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        if (used[i]) continue;
        const std::string& p = plan.layers[i].pattern;
        const TensorEntry* t = globLiterals(p) ? nullptr : model.find(p);
        problems.push_back(entryName(p) + (t ? ": names a tensor that is not quantizable"
                                             : ": matches no quantizable layer of the model"));
    }
    return out;
}

} // namespace

std::vector<std::string> planProblems(const Plan& plan, const Model& model) {
    std::vector<std::string> problems;
    resolveAll(plan, model, problems);
    return problems;
}

std::vector<LayerPlan> resolvePlan(const Plan& plan, const Model& model, const std::string& where) {
    std::vector<std::string> problems;
    std::vector<LayerPlan> out = resolveAll(plan, model, problems);
    if (!problems.empty()) {
        std::string msg = std::to_string(problems.size()) + (problems.size() == 1 ? " problem" : " problems") +
                          " in the plan: ";
        for (size_t i = 0; i < problems.size(); ++i) msg += (i ? "; " : "") + problems[i];
        throw Error(where, msg);
    }
    return out;
}

} // namespace qb::quant
