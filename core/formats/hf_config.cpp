#include "core/formats/hf_config.h"

#include <fstream>
#include <iterator>
#include <limits>

#include "core/util/error.h"
#include "core/util/json_limits.h"

namespace qb {

namespace {

bool isLlamaFamily(const nlohmann::json& j) {
    const std::string type = j.contains("model_type") && j["model_type"].is_string() ? j["model_type"].get<std::string>() : "";
    if (type == "llama" || type == "mistral") return true;
    if (j.contains("architectures") && j["architectures"].is_array())
        for (const auto& a : j["architectures"])
            if (a == "LlamaForCausalLM" || a == "MistralForCausalLM") return true;
    return false;
}

class Fields {
public:
    Fields(const nlohmann::json& j, const std::string& path) : j_(j), path_(path) {}

    /// A positive integer; `fallback` when absent (0 = required).
    int64_t positive(const char* key, int64_t fallback = 0) const {
        if (!j_.contains(key) || j_[key].is_null()) {
            if (fallback > 0) return fallback;
            throw Error(path_, std::string("llama config lacks '") + key + "'");
        }
        const auto& v = j_[key];
        if (!v.is_number_integer() || v.get<int64_t>() <= 0 || v.get<int64_t>() > std::numeric_limits<int32_t>::max())
            throw Error(path_, std::string("'") + key + "' must be a positive integer (got " + v.dump() + ")");
        return v.get<int64_t>();
    }
    double number(const char* key, double fallback) const {
        if (!j_.contains(key) || j_[key].is_null()) return fallback;
        const auto& v = j_[key];
        if (!v.is_number() || !(v.get<double>() > 0))
            throw Error(path_, std::string("'") + key + "' must be a positive number (got " + v.dump() + ")");
        return v.get<double>();
    }
    bool flag(const char* key, bool fallback) const {
        if (!j_.contains(key) || j_[key].is_null()) return fallback;
        if (!j_[key].is_boolean()) throw Error(path_, std::string("'") + key + "' must be true or false (got " + j_[key].dump() + ")");
        return j_[key].get<bool>();
    }

private:
    const nlohmann::json& j_;
    const std::string& path_;
};

LlamaConfig llamaConfig(const nlohmann::json& j, const std::string& path) {
    const Fields f(j, path);
    LlamaConfig c;
    c.dim = f.positive("hidden_size");
    c.hiddenDim = f.positive("intermediate_size");
    c.layers = f.positive("num_hidden_layers");
    c.heads = f.positive("num_attention_heads");
    c.kvHeads = f.positive("num_key_value_heads", c.heads);
    c.vocab = f.positive("vocab_size");
    // transformers' LlamaConfig defaults for the optional fields.
    c.maxSeqLen = f.positive("max_position_embeddings", 2048);
    c.ropeTheta = f.number("rope_theta", 10000.0);
    c.normEps = f.number("rms_norm_eps", 1e-6);
    c.tiedEmbeddings = f.flag("tie_word_embeddings", false);
    if (c.heads % c.kvHeads != 0)
        throw Error(path, "num_key_value_heads " + std::to_string(c.kvHeads) + " does not divide num_attention_heads " +
                              std::to_string(c.heads));
    const bool explicitHeadDim = j.contains("head_dim") && !j["head_dim"].is_null();
    if (!explicitHeadDim && c.dim % c.heads != 0)
        throw Error(path, "num_attention_heads " + std::to_string(c.heads) + " does not divide hidden_size " +
                              std::to_string(c.dim));
    c.headDim = f.positive("head_dim", c.dim / c.heads);
    c.ropeDim = c.headDim;
    return c;
}

} // namespace

HfConfig parseHfConfig(const nlohmann::json& j, const std::string& path) {
    if (!j.is_object()) throw Error(path, "config is not a JSON object");
    HfConfig h;
    if (j.contains("model_type") && j["model_type"].is_string())
        h.architecture = j["model_type"].get<std::string>();
    else if (j.contains("architectures") && j["architectures"].is_array() && !j["architectures"].empty() &&
             j["architectures"][0].is_string())
        h.architecture = j["architectures"][0].get<std::string>();
    for (const auto& [key, value] : j.items())
        h.properties.emplace_back("config." + key, value.is_string() ? value.get<std::string>() : value.dump());
    if (isLlamaFamily(j)) h.llama = llamaConfig(j, path);
    return h;
}

HfConfig readHfConfig(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    checkJsonLimits(text, path); // printing a value as a property recurses into it
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path, std::string("is not valid JSON: ") + e.what());
    }
    return parseHfConfig(j, path);
}

} // namespace qb
