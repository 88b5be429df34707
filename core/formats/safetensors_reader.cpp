#include "core/formats/safetensors_reader.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/formats/hf_config.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"
#include "core/util/json_limits.h"

namespace qb {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The reference implementation refuses headers above 100 MB; so do we, before parsing.
constexpr uint64_t kMaxHeaderBytes = 100u << 20;

std::optional<DType> dtypeFromSafetensors(const std::string& s) {
    static const std::map<std::string, DType> kTypes = {
        {"F64", DType::F64}, {"F32", DType::F32}, {"F16", DType::F16}, {"BF16", DType::BF16},
        {"I64", DType::I64}, {"I32", DType::I32}, {"I16", DType::I16}, {"I8", DType::I8},
        {"U64", DType::U64}, {"U32", DType::U32}, {"U16", DType::U16}, {"U8", DType::U8},
        {"BOOL", DType::Bool},
    };
    const auto it = kTypes.find(s);
    if (it == kTypes.end()) return std::nullopt;
    return it->second;
}

std::string shapeText(const std::vector<int64_t>& s) {
    std::string r = "[";
    for (size_t i = 0; i < s.size(); ++i) r += (i ? "," : "") + std::to_string(s[i]);
    return r + "]";
}

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// Hugging Face llama names -> the roles GGUF uses, so every LLM format reports the same kinds.
std::string tensorKind(const std::string& name) {
    static const std::pair<const char*, const char*> kRoles[] = {
        {"q_proj", "attn_q"},       {"k_proj", "attn_k"},     {"v_proj", "attn_v"},
        {"o_proj", "attn_output"},  {"gate_proj", "ffn_gate"}, {"up_proj", "ffn_up"},
        {"down_proj", "ffn_down"},  {"embed_tokens", "embedding"}, {"lm_head", "output"},
    };
    for (const auto& [part, kind] : kRoles)
        if (contains(name, part)) return kind;
    if (contains(name, "norm")) return "norm";
    return "";
}

struct Shard {
    std::shared_ptr<const MappedFile> file;
    std::vector<TensorEntry> tensors; ///< in data order
    std::vector<std::pair<std::string, std::string>> metadata;
};

uint64_t unsignedField(const json& v, const std::string& what, const std::string& path) {
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<int64_t>() >= 0))
        throw Error(path, what + " must be a non-negative integer (got " + v.dump() + ")");
    return v.get<uint64_t>();
}

TensorEntry tensorFromHeader(const std::string& name, const json& e, const MappedFile& file, uint64_t dataStart) {
    const std::string& path = file.path();
    const std::string what = "tensor '" + name + "'";
    if (!e.is_object()) throw Error(path, what + ": header entry is not an object");
    if (!e.contains("dtype") || !e["dtype"].is_string()) throw Error(path, what + ": missing dtype");
    if (!e.contains("shape") || !e["shape"].is_array()) throw Error(path, what + ": missing shape");
    if (!e.contains("data_offsets") || !e["data_offsets"].is_array() || e["data_offsets"].size() != 2)
        throw Error(path, what + ": data_offsets must be [begin, end]");

    TensorEntry t;
    t.name = name;
    const auto dtypeName = e["dtype"].get<std::string>();
    const auto dt = dtypeFromSafetensors(dtypeName);
    if (!dt) {
        if (dtypeName.rfind("F8", 0) == 0)
            throw Error(path, what + ": unsupported dtype " + dtypeName + " (8-bit floats cannot be decoded yet)");
        throw Error(path, what + ": unknown dtype '" + dtypeName + "'");
    }
    t.dtype = *dt;

    uint64_t elems = 1;
    for (const auto& d : e["shape"]) {
        const uint64_t n = unsignedField(d, what + " shape entry", path);
        if (n > uint64_t(std::numeric_limits<int64_t>::max()) ||
            (n != 0 && elems > uint64_t(std::numeric_limits<int64_t>::max()) / n))
            throw Error(path, what + ": element count of shape " + e["shape"].dump() + " overflows");
        elems *= n;
        t.shape.push_back(int64_t(n));
    }
    const uint64_t begin = unsignedField(e["data_offsets"][0], what + " data_offsets[0]", path);
    const uint64_t end = unsignedField(e["data_offsets"][1], what + " data_offsets[1]", path);
    if (end < begin)
        throw Error(path, what + ": data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                              ") end before they begin");
    const uint64_t dataSize = file.size() - dataStart;
    if (end > dataSize)
        throw Error(path, what + ": data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                              ") lie past the end of the data (" + std::to_string(dataSize) + " bytes after the header)");
    const auto need = storageBytes(t.dtype, elems);
    if (!need) throw Error(path, what + ": byte size of shape " + shapeText(t.shape) + " overflows");
    if (*need != end - begin)
        throw Error(path, what + ": data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) + ") hold " +
                              std::to_string(end - begin) + " bytes but shape " + shapeText(t.shape) + " of " +
                              dtypeName + " needs " + std::to_string(*need));
    t.kind = tensorKind(name);
    t.quantizable = t.shape.size() == 2 && t.kind != "norm" && traits(t.dtype).isFloat;
    t.channelAxis = 0; // PyTorch Linear weights are [out, in]
    t.fileOffset = dataStart + begin;
    t.data = file.slice(t.fileOffset, end - begin, what);
    return t;
}

Shard readShard(const std::string& path) {
    Shard s;
    s.file = MappedFile::open(path);
    const MappedFile& f = *s.file;
    if (f.size() < 8) throw Error(path, "file is " + std::to_string(f.size()) + " bytes, too short for the 8-byte header length");
    uint64_t headerLen;
    std::memcpy(&headerLen, f.data(), 8);
    if (headerLen > f.size() - 8)
        throw Error(path, "header length " + std::to_string(headerLen) + " (offset 0) runs past the end of the file (" +
                              std::to_string(f.size()) + " bytes)");
    if (headerLen > kMaxHeaderBytes)
        throw Error(path, "header length " + std::to_string(headerLen) + " exceeds the 100 MB limit");
    const auto* h = reinterpret_cast<const char*>(f.data() + 8);
    checkJsonLimits({h, size_t(headerLen)}, path); // metadata values are printed, recursively
    json header;
    try {
        header = json::parse(h, h + headerLen);
    } catch (const json::exception& e) {
        throw Error(path, std::string("header is not valid JSON: ") + e.what());
    }
    if (!header.is_object()) throw Error(path, "header is not a JSON object");

    const uint64_t dataStart = 8 + headerLen;
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object()) throw Error(path, "__metadata__ is not an object");
            for (const auto& [k, v] : entry.items())
                s.metadata.emplace_back("metadata." + k, v.is_string() ? v.get<std::string>() : v.dump());
            continue;
        }
        s.tensors.push_back(tensorFromHeader(name, entry, f, dataStart));
    }
    std::sort(s.tensors.begin(), s.tensors.end(), [](const TensorEntry& a, const TensorEntry& b) {
        return a.fileOffset != b.fileOffset ? a.fileOffset < b.fileOffset : a.name < b.name;
    });
    const TensorEntry* prev = nullptr;
    for (const auto& t : s.tensors) {
        if (t.bytes() == 0) continue;
        if (prev && t.fileOffset < prev->fileOffset + prev->bytes())
            throw Error(path, "tensor '" + t.name + "': data_offsets begin at " + std::to_string(t.fileOffset - dataStart) +
                                  ", inside tensor '" + prev->name + "' [" + std::to_string(prev->fileOffset - dataStart) +
                                  ", " + std::to_string(prev->fileOffset - dataStart + prev->bytes()) + ")");
        prev = &t;
    }
    return s;
}

json readJsonFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    checkJsonLimits(text, path);
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        throw Error(path, std::string("is not valid JSON: ") + e.what());
    }
}

// The shard files named by an index's weight_map, each checked to be a plain file name in `dir`.
std::vector<std::string> shardsOfIndex(const json& index, const std::string& indexPath, const fs::path& dir,
                                       std::map<std::string, std::string>& weightMap) {
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
        throw Error(indexPath, "has no weight_map object");
    std::set<std::string> files;
    for (const auto& [tensor, file] : index["weight_map"].items()) {
        if (!file.is_string()) throw Error(indexPath, "weight_map entry for tensor '" + tensor + "' is not a file name");
        const auto name = file.get<std::string>();
        if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
            throw Error(indexPath, "weight_map entry for tensor '" + tensor + "' names '" + name +
                                       "', not a file in the checkpoint folder");
        weightMap[tensor] = name;
        files.insert(name);
    }
    std::vector<std::string> paths;
    for (const auto& f : files) paths.push_back((dir / f).string());
    return paths;
}

} // namespace

Model readSafetensors(const std::string& path) {
    const fs::path p(path);
    std::error_code ec;
    fs::path dir;
    std::string indexPath;
    std::vector<std::string> shardPaths;

    if (fs::is_directory(p, ec) || p.filename() == "config.json") {
        dir = fs::is_directory(p, ec) ? p : p.parent_path();
        if (fs::exists(dir / "model.safetensors.index.json", ec)) {
            indexPath = (dir / "model.safetensors.index.json").string();
        } else if (fs::exists(dir / "model.safetensors", ec)) {
            shardPaths.push_back((dir / "model.safetensors").string());
        } else {
            for (const auto& e : fs::directory_iterator(dir, ec))
                if (e.path().extension() == ".safetensors") shardPaths.push_back(e.path().string());
            std::sort(shardPaths.begin(), shardPaths.end());
            if (shardPaths.empty()) throw Error(dir.string(), "folder holds no .safetensors checkpoint");
        }
    } else {
        dir = p.parent_path();
        const std::string name = p.filename().string();
        if (name.size() > 11 && name.compare(name.size() - 11, 11, ".index.json") == 0)
            indexPath = path;
        else
            shardPaths.push_back(path);
    }

    std::map<std::string, std::string> weightMap;
    Model m;
    m.path = path;
    m.format = "safetensors";
    if (!indexPath.empty()) {
        const json index = readJsonFile(indexPath);
        shardPaths = shardsOfIndex(index, indexPath, dir, weightMap);
        if (index.contains("metadata") && index["metadata"].is_object())
            for (const auto& [k, v] : index["metadata"].items())
                m.addProperty("index." + k, v.is_string() ? v.get<std::string>() : v.dump());
    }

    std::map<std::string, std::string> shardOf; // tensor name -> shard path
    for (const auto& shardPath : shardPaths) {
        Shard s = readShard(shardPath);
        for (auto& kv : s.metadata) m.properties.push_back(std::move(kv));
        const std::string shardName = fs::path(shardPath).filename().string();
        for (auto& t : s.tensors) {
            if (const auto it = shardOf.find(t.name); it != shardOf.end())
                throw Error(shardPath, "tensor '" + t.name + "' is also stored in " + it->second);
            if (const auto it = weightMap.find(t.name); !indexPath.empty() && it != weightMap.end() && it->second != shardName)
                throw Error(shardPath, "tensor '" + t.name + "' is stored here but the index places it in " + it->second);
            shardOf[t.name] = shardPath;
            m.tensors.push_back(std::move(t));
        }
        m.storage.push_back(s.file);
    }
    for (const auto& [tensor, file] : weightMap)
        if (!shardOf.count(tensor))
            throw Error(indexPath, "tensor '" + tensor + "' is listed in shard " + file + " but that file does not hold it");

    const fs::path configPath = dir / "config.json";
    if (fs::exists(configPath, ec)) {
        HfConfig cfg = readHfConfig(configPath.string());
        m.architecture = cfg.architecture;
        for (auto& kv : cfg.properties) m.properties.push_back(std::move(kv));
        if (cfg.llama) {
            m.llama = *cfg.llama;
            // Without a separate lm_head the embedding doubles as the classifier.
            if (!m.find("lm_head.weight")) m.llama->tiedEmbeddings = true;
        }
    }
    return m;
}

} // namespace qb
