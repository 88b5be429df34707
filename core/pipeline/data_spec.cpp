#include "core/pipeline/data_spec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/util/error.h"

namespace qb::pipeline {

namespace {

std::string numbers(const std::vector<float>& v) {
    std::ostringstream out;
    for (size_t i = 0; i < v.size(); ++i) out << (i ? "," : "") << v[i];
    return out.str();
}

} // namespace

bool DataSpec::isText() const { return std::filesystem::path(path).extension() == ".txt"; }

std::string DataSpec::summary(const Model& model) const {
    if (model.llama) return "context " + std::to_string(effectiveContext(*this, model));
    std::ostringstream out;
    out << "scale " << image.scale << ", mean " << numbers(image.mean) << ", std " << numbers(image.std);
    if (image.layout == Layout::NCHW) out << ", layout nchw";
    if (image.layout == Layout::NHWC) out << ", layout nhwc";
    return out.str();
}

bool readsText(const Model& model) { return model.llama.has_value(); }

int64_t maxContext(const Model& model) { return model.llama ? model.llama->maxSeqLen : 0; }

int64_t defaultContext(const Model& model) {
    constexpr int64_t kDefaultContext = 512;
    return model.llama ? std::min(kDefaultContext, model.llama->maxSeqLen) : 0;
}

int64_t effectiveContext(const DataSpec& spec, const Model& model) {
    return spec.context > 0 ? spec.context : defaultContext(model);
}

std::vector<float> parseNumberList(const std::string& what, std::string_view text) {
    std::vector<float> values;
    const auto bad = [&] { return Error(what, "'" + std::string(text) + "' is not a comma-separated list of numbers"); };
    size_t start = 0;
    for (;;) {
        const size_t comma = std::min(text.find(',', start), text.size());
        std::string_view item = text.substr(start, comma - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty() && item.front() == '+') item.remove_prefix(1);
        float v = 0;
        const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
        if (item.empty() || ec != std::errc() || end != item.data() + item.size() || !std::isfinite(v)) throw bad();
        values.push_back(v);
        if (comma == text.size()) return values;
        start = comma + 1;
    }
}

Layout parseLayout(const std::string& what, std::string_view text) {
    if (text.empty() || text == "auto") return Layout::Auto;
    if (text == "nchw") return Layout::NCHW;
    if (text == "nhwc") return Layout::NHWC;
    throw Error(what, "'" + std::string(text) + "' is not a layout: nchw, nhwc or auto");
}

} // namespace qb::pipeline
