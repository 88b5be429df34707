#include "core/model/inspect_json.h"

namespace qb {

nlohmann::json inspectJson(const Model& m) {
    using nlohmann::json;
    json tensors = json::array();
    int64_t quantParams = 0;
    for (const auto& t : m.tensors) {
        tensors.push_back({{"name", t.name},
                           {"shape", t.shape},
                           {"dtype", std::string(dtypeName(t.dtype))},
                           {"params", t.params()},
                           {"bytes", t.bytes()},
                           {"kind", t.kind},
                           {"quantizable", t.quantizable}});
        if (t.quantizable) quantParams += t.params();
    }
    json props = json::object();
    for (const auto& [k, v] : m.properties) props[k] = v;
    json doc = {{"path", m.path},
                {"format", m.format},
                {"architecture", m.architecture},
                {"total_params", m.totalParams()},
                {"total_bytes", m.totalBytes()},
                {"quantizable_params", quantParams},
                {"tensor_count", m.tensors.size()},
                {"properties", props},
                {"tensors", tensors}};
    if (!m.nodes.empty()) {
        json ops = json::object();
        for (const auto& n : m.nodes) ops[n.op] = ops.value(n.op, 0) + 1;
        doc["node_count"] = m.nodes.size();
        doc["op_types"] = ops;
    }
    if (m.llama) {
        const auto& c = *m.llama;
        doc["config"] = {{"hidden_size", c.dim},           {"intermediate_size", c.hiddenDim},
                         {"num_layers", c.layers},         {"num_heads", c.heads},
                         {"num_kv_heads", c.kvHeads},      {"vocab_size", c.vocab},
                         {"max_seq_len", c.maxSeqLen},     {"head_dim", c.headDim},
                         {"rope_dim", c.ropeDim},          {"rope_theta", c.ropeTheta},
                         {"norm_eps", c.normEps},          {"tied_embeddings", c.tiedEmbeddings}};
    }
    return doc;
}

} // namespace qb
