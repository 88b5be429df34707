// Hugging Face config.json: the architecture name, every value as a display property, and for the
// llama family (llama, mistral) the decoder shape as a qb::LlamaConfig.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/llama_config.h"

namespace qb {

struct HfConfig {
    std::string architecture; ///< model_type ("llama"), else architectures[0]
    std::optional<LlamaConfig> llama;
    std::vector<std::pair<std::string, std::string>> properties; ///< "config.<key>" -> value text
};

/// Reads and validates config.json; throws qb::Error(path, ...) naming the bad key.
HfConfig readHfConfig(const std::string& path);
/// Same for an already parsed document; `path` names it in errors.
HfConfig parseHfConfig(const nlohmann::json& j, const std::string& path);

} // namespace qb
