#include "widgets/PlanLayers.h"

#include <algorithm>
#include <climits>
#include <cctype>
#include <deque>
#include <map>
#include <set>
#include <string>

#include "core/calib/llm_taps.h"
#include "core/util/error.h"

namespace qb {

namespace {

// The first dotted component that is all digits ("blk.3.attn_q.weight" -> 3), or -1.
int blockOf(const std::string& name) {
    size_t start = 0;
    while (start <= name.size()) {
        const size_t end = std::min(name.find('.', start), name.size());
        const std::string part = name.substr(start, end - start);
        if (!part.empty() && part.size() < 9 &&
            std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c); }))
            return std::stoi(part);
        start = end + 1;
    }
    return -1;
}

std::vector<const TensorEntry*> llamaOrder(const Model& m) {
    std::vector<LlmTap> taps;
    try {
        taps = llmTaps(m);
    } catch (const Error&) {
        taps.clear(); // not a complete llama: fall back to the blocks by number
    }
    std::map<const TensorEntry*, size_t> tapIndex;
    for (size_t i = 0; i < taps.size(); ++i) tapIndex.emplace(taps[i].weight, i);
    // Sort keys: (group, block, within); group 0 the embedding, 1 the blocks, 2 the rest, 3 the head.
    struct Key {
        int group, block;
        size_t within;
        auto operator<=>(const Key&) const = default;
    };
    std::vector<std::pair<Key, const TensorEntry*>> keyed;
    for (size_t i = 0; i < m.tensors.size(); ++i) {
        const TensorEntry* t = &m.tensors[i];
        const int block = blockOf(t->name);
        Key k{2, 0, i};
        if (auto it = tapIndex.find(t); it != tapIndex.end()) {
            const LlmTap& tap = taps[it->second];
            // A block's norms come before its matmuls (offset by the tensor count).
            k = tap.layer < 0 ? Key{3, 0, it->second} : Key{1, int(tap.layer), m.tensors.size() + it->second};
        } else if (block >= 0) {
            k = Key{1, block, i};
        } else if (t->kind == "embedding") {
            k = Key{0, 0, i};
        }
        keyed.emplace_back(k, t);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const TensorEntry*> out;
    for (const auto& [k, t] : keyed) out.push_back(t);
    return out;
}

std::vector<const TensorEntry*> graphOrder(const Model& m, const Calibration* c) {
    // Node index of each tensor's consumer: the first node of the tensor's kind reading it (a
    // weight may be reshaped by an earlier node), else the first reader.
    std::map<std::string, int> reader, readerOfKind;
    std::map<std::string, const TensorEntry*> byName;
    for (const TensorEntry& t : m.tensors) byName.emplace(t.name, &t);
    for (size_t n = 0; n < m.nodes.size(); ++n) {
        for (const std::string& in : m.nodes[n].inputs) {
            reader.emplace(in, int(n));
            if (auto t = byName.find(in); t != byName.end() && t->second->kind == m.nodes[n].op)
                readerOfKind.emplace(in, int(n));
        }
    }
    auto at = [&](const TensorEntry* t) {
        if (auto it = readerOfKind.find(t->name); it != readerOfKind.end()) return it->second;
        if (auto it = reader.find(t->name); it != reader.end()) return it->second;
        return INT_MAX;
    };
    auto byNode = [&](std::vector<const TensorEntry*>& v) {
        std::stable_sort(v.begin(), v.end(), [&](const TensorEntry* a, const TensorEntry* b) { return at(a) < at(b); });
    };
    std::vector<const TensorEntry*> weights, others;
    std::set<const TensorEntry*> placed;
    if (c) {
        for (const LayerStats& l : c->layers) {
            auto it = byName.find(l.name);
            if (it != byName.end() && it->second->quantizable && placed.insert(it->second).second)
                weights.push_back(it->second);
        }
    }
    std::vector<const TensorEntry*> rest;
    for (const TensorEntry& t : m.tensors) {
        if (t.quantizable && !placed.count(&t)) rest.push_back(&t);
        else if (!t.quantizable) others.push_back(&t);
    }
    byNode(rest);
    weights.insert(weights.end(), rest.begin(), rest.end());
    byNode(others);
    std::deque<const TensorEntry*> pending(others.begin(), others.end());
    std::vector<const TensorEntry*> out;
    for (const TensorEntry* w : weights) {
        while (!pending.empty() && at(pending.front()) < at(w)) {
            out.push_back(pending.front());
            pending.pop_front();
        }
        out.push_back(w);
    }
    out.insert(out.end(), pending.begin(), pending.end());
    return out;
}

} // namespace

std::vector<const TensorEntry*> executionOrder(const Model& model, const Calibration* calibration) {
    if (model.llama) return llamaOrder(model);
    if (!model.nodes.empty()) return graphOrder(model, calibration && !calibration->layers.empty() ? calibration : nullptr);
    std::vector<const TensorEntry*> out;
    for (const TensorEntry& t : model.tensors) out.push_back(&t);
    return out;
}

} // namespace qb
