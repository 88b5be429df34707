#include "core/formats/keras_h5_reader.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "core/formats/hdf5_guard.h"
#include "core/formats/hdf5_util.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"
#include "core/util/json_limits.h"

// How weights are exposed: HDF5 reads data through its own API, but a contiguous, unfiltered
// dataset is one plain run of bytes at H5Dget_offset (an absolute file offset, userblock
// included). When that run is already in the layout we expose (little-endian IEEE or two's
// complement, aligned to its element size), the tensor is a view into a qb::MappedFile of the same
// file, so opening reads only metadata. Anything else (chunked, compressed, compact, big-endian,
// exotic float layouts) is converted by H5Dread into an owned buffer at open; Keras files that need
// this are small, and the total is capped so a hostile file cannot make us allocate without bound.

namespace qb {

namespace {

using json = nlohmann::json;

struct LayerInfo {
    std::string className;
    json config; // the layer's "config" object (may be null)
};

struct ModelConfig {
    std::string modelClass;
    std::string modelName;
    std::map<std::string, LayerInfo> layers;
    std::vector<GraphNode> nodes;
    std::string inputShape; // JSON text of the first batch_input_shape / batch_shape, if any
};

const json* member(const json& j, const char* key) {
    if (!j.is_object()) return nullptr;
    const auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

std::string stringMember(const json& j, const char* key) {
    const json* v = member(j, key);
    return v && v->is_string() ? v->get<std::string>() : std::string();
}

std::optional<int64_t> intMember(const json& j, const char* key) {
    const json* v = member(j, key);
    if (v && v->is_number_integer()) return v->get<int64_t>();
    return std::nullopt;
}

// Inbound layer names of a functional-model layer. Keras 2 writes each input as
// [layer, node_index, tensor_index, kwargs]; Keras 3 writes tensors as objects carrying
// "keras_history": [layer, node_index, tensor_index]. Both may be nested in lists and dicts.
void collectInbound(const json& v, int depth, std::vector<std::string>& out) {
    if (depth > 32) return;
    auto push = [&](const std::string& name) {
        for (const auto& n : out)
            if (n == name) return;
        out.push_back(name);
    };
    if (v.is_object()) {
        if (const json* h = member(v, "keras_history");
            h && h->is_array() && !h->empty() && (*h)[0].is_string()) {
            push((*h)[0].get<std::string>());
            return;
        }
        for (const auto& [key, child] : v.items()) collectInbound(child, depth + 1, out);
    } else if (v.is_array()) {
        if (v.size() >= 3 && v[0].is_string() && v[1].is_number_integer() && v[2].is_number_integer()) {
            push(v[0].get<std::string>());
            return;
        }
        for (const auto& child : v) collectInbound(child, depth + 1, out);
    }
}

ModelConfig parseModelConfig(const std::string& path, const std::string& text) {
    checkJsonLimits(text, path + ": attribute 'model_config'"); // layer configs are printed, recursively
    const json root = json::parse(text, nullptr, false);
    if (root.is_discarded()) throw Error(path, "attribute 'model_config' is not valid JSON");
    ModelConfig mc;
    mc.modelClass = stringMember(root, "class_name");
    if (mc.modelClass.empty()) throw Error(path, "model_config has no class_name");
    const json* cfg = member(root, "config");
    // Keras before 2.2 stored a Sequential model's config as the bare layer list.
    const json* layers = cfg && cfg->is_array() ? cfg : (cfg ? member(*cfg, "layers") : nullptr);
    if (!layers || !layers->is_array())
        throw Error(path, "model_config (" + mc.modelClass + ") has no layer list");
    if (cfg) mc.modelName = stringMember(*cfg, "name");
    const bool sequential = mc.modelClass == "Sequential";

    for (size_t i = 0; i < layers->size(); ++i) {
        const json& l = (*layers)[i];
        LayerInfo info{stringMember(l, "class_name"), json()};
        if (const json* c = member(l, "config")) info.config = *c;
        std::string name = stringMember(l, "name");
        if (name.empty()) name = stringMember(info.config, "name");
        if (name.empty() || info.className.empty())
            throw Error(path, "model_config: layer #" + std::to_string(i) + " has no name or class_name");
        if (mc.inputShape.empty())
            for (const char* key : {"batch_input_shape", "batch_shape"})
                if (const json* s = member(info.config, key); s && s->is_array()) {
                    mc.inputShape = s->dump();
                    break;
                }

        GraphNode node;
        node.name = name;
        node.op = info.className;
        node.outputs = {name};
        // The engine's Keras frontend builds the layer's ops from its config.
        if (!info.config.is_null()) {
            node.attrs["config"].kind = Attribute::Kind::String;
            node.attrs["config"].s = info.config.dump();
        }
        if (sequential) {
            if (!mc.nodes.empty()) node.inputs.push_back(mc.nodes.back().name);
        } else if (const json* inbound = member(l, "inbound_nodes")) {
            collectInbound(*inbound, 0, node.inputs);
        }
        if (!mc.layers.emplace(name, std::move(info)).second)
            throw Error(path, "model_config: layer name '" + name + "' appears twice");
        mc.nodes.push_back(std::move(node));
    }
    return mc;
}

// Keras splits an attribute larger than HDF5's 64 KiB header limit into name0, name1, ...
std::optional<std::vector<std::string>> kerasListAttribute(const std::string& path, hid_t obj,
                                                           const std::string& name, const std::string& what) {
    if (auto v = h5::stringListAttribute(path, obj, name, what)) return v;
    std::optional<std::vector<std::string>> all;
    for (int i = 0; h5::hasAttribute(obj, name + std::to_string(i)); ++i) {
        auto part = h5::stringListAttribute(path, obj, name + std::to_string(i), what);
        if (!all) all.emplace();
        all->insert(all->end(), part->begin(), part->end());
    }
    return all;
}

std::vector<std::string> splitPath(const std::string& s) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == '/') {
            if (i > start) parts.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    return parts;
}

// "<layer>/<weight>": the part of the stored weight name after the layer's own segment, so
// "conv2d/kernel:0" and Keras 3's "sequential/conv2d/kernel" both become "conv2d/kernel...".
std::string tensorName(const std::string& layer, const std::string& weightName) {
    const auto parts = splitPath(weightName);
    size_t from = 0;
    for (size_t i = 0; i + 1 < parts.size(); ++i)
        if (parts[i] == layer) from = i + 1;
    std::string rel;
    for (size_t i = from; i < parts.size(); ++i) rel += (rel.empty() ? "" : "/") + parts[i];
    return layer + "/" + rel;
}

// "kernel" from ".../kernel:0".
std::string weightRole(const std::string& weightName) {
    const auto parts = splitPath(weightName);
    const std::string last = parts.empty() ? weightName : parts.back();
    return last.substr(0, last.find(':'));
}

std::string shapeText(const std::vector<int64_t>& s) {
    std::string r = "[";
    for (size_t i = 0; i < s.size(); ++i) r += (i ? ", " : "") + std::to_string(s[i]);
    return r + "]";
}

using Pattern = std::vector<std::optional<int64_t>>; // nullopt: any size

std::string patternText(const Pattern& p) {
    std::string r = "[";
    for (size_t i = 0; i < p.size(); ++i) r += (i ? ", " : "") + (p[i] ? std::to_string(*p[i]) : "*");
    return r + "]";
}

// Spatial kernel size from config: an int (all dims) or a list of `rank` ints.
Pattern kernelSize(const json& cfg, size_t rank) {
    Pattern p(rank);
    const json* k = member(cfg, "kernel_size");
    if (k && k->is_number_integer()) {
        for (auto& d : p) d = k->get<int64_t>();
    } else if (k && k->is_array() && k->size() == rank) {
        for (size_t i = 0; i < rank; ++i)
            if ((*k)[i].is_number_integer()) p[i] = (*k)[i].get<int64_t>();
    }
    return p;
}

// The shape a weight must have for its layer's config; nullopt if we do not check this weight.
std::optional<Pattern> expectedShape(const LayerInfo& l, const std::string& role, std::string& because) {
    const std::string& c = l.className;
    if (c == "Dense") {
        const auto units = intMember(l.config, "units");
        because = "units " + (units ? std::to_string(*units) : std::string("?"));
        if (role == "kernel") return Pattern{std::nullopt, units};
        if (role == "bias") return Pattern{units};
        return std::nullopt;
    }
    const bool transpose = c == "Conv1DTranspose" || c == "Conv2DTranspose" || c == "Conv3DTranspose";
    const bool conv = c == "Conv1D" || c == "Conv2D" || c == "Conv3D";
    if (conv || transpose) {
        const size_t spatial = size_t(c[4] - '0');
        const auto filters = intMember(l.config, "filters");
        because = "filters " + (filters ? std::to_string(*filters) : std::string("?"));
        if (role == "bias") return Pattern{filters};
        if (role != "kernel") return std::nullopt;
        Pattern p = kernelSize(l.config, spatial);
        // Conv kernels are [spatial..., in, out]; transposed ones [spatial..., out, in].
        p.push_back(transpose ? filters : std::nullopt);
        p.push_back(transpose ? std::nullopt : filters);
        return p;
    }
    if (c == "DepthwiseConv2D") {
        const auto mult = intMember(l.config, "depth_multiplier").value_or(1);
        because = "depth_multiplier " + std::to_string(mult);
        if (role == "bias") return Pattern{std::nullopt};
        if (role != "depthwise_kernel") return std::nullopt;
        Pattern p = kernelSize(l.config, 2);
        p.push_back(std::nullopt);
        p.push_back(mult);
        return p;
    }
    if (c == "BatchNormalization" &&
        (role == "gamma" || role == "beta" || role == "moving_mean" || role == "moving_variance")) {
        because = "per-channel vector";
        return Pattern{std::nullopt};
    }
    return std::nullopt;
}

bool matches(const Pattern& p, const std::vector<int64_t>& shape) {
    if (p.size() != shape.size()) return false;
    for (size_t i = 0; i < p.size(); ++i)
        if (p[i] && *p[i] != shape[i]) return false;
    return true;
}

bool isQuantizableKernel(const std::string& cls, const std::string& role) {
    if (role == "kernel") return cls == "Conv2D" || cls == "Dense" || cls == "Conv2DTranspose";
    return role == "depthwise_kernel" && cls == "DepthwiseConv2D";
}

// Output-channel axis of a kernel: last for Dense [in, out] and Conv [h, w, in, out]; the one
// before last for Conv2DTranspose [h, w, out, in] and DepthwiseConv2D [h, w, in, multiplier]
// (each input channel there owns its own output channels).
int kernelChannelAxis(const std::string& cls, size_t rank) {
    if (rank < 2) return 0;
    const bool secondLast = cls == "Conv1DTranspose" || cls == "Conv2DTranspose" ||
                            cls == "Conv3DTranspose" || cls == "DepthwiseConv2D";
    return int(rank) - (secondLast ? 2 : 1);
}

std::string typeClassName(H5T_class_t c) {
    switch (c) {
    case H5T_INTEGER: return "integer";
    case H5T_FLOAT: return "float";
    case H5T_STRING: return "string";
    case H5T_BITFIELD: return "bitfield";
    case H5T_OPAQUE: return "opaque";
    case H5T_COMPOUND: return "compound";
    case H5T_REFERENCE: return "reference";
    case H5T_ENUM: return "enum";
    case H5T_VLEN: return "variable-length";
    case H5T_ARRAY: return "array";
    default: return "unknown-class";
    }
}

struct StoredType {
    DType dtype;
    h5::Id memory; // the little-endian type we expose; HDF5 converts to it when it must read
};

std::optional<StoredType> storedType(hid_t fileType) {
    const size_t size = H5Tget_size(fileType);
    switch (H5Tget_class(fileType)) {
    case H5T_FLOAT: {
        if (size == 4) return StoredType{DType::F32, h5::Id(H5Tcopy(H5T_IEEE_F32LE), H5Tclose)};
        if (size == 8) return StoredType{DType::F64, h5::Id(H5Tcopy(H5T_IEEE_F64LE), H5Tclose)};
        if (size != 2) return std::nullopt;
        size_t spos, epos, esize, mpos, msize;
        if (H5Tget_fields(fileType, &spos, &epos, &esize, &mpos, &msize) < 0) return std::nullopt;
        const size_t bias = H5Tget_ebias(fileType);
        DType t;
        if (spos == 15 && epos == 10 && esize == 5 && mpos == 0 && msize == 10 && bias == 15)
            t = DType::F16;
        else if (spos == 15 && epos == 7 && esize == 8 && mpos == 0 && msize == 7 && bias == 127)
            t = DType::BF16;
        else
            return std::nullopt;
        h5::Id mem(H5Tcopy(fileType), H5Tclose);
        H5Tset_order(mem.get(), H5T_ORDER_LE);
        return StoredType{t, std::move(mem)};
    }
    case H5T_INTEGER: {
        const bool sign = H5Tget_sign(fileType) == H5T_SGN_2;
        struct Entry {
            size_t size;
            DType s, u;
            hid_t hs, hu;
        };
        const Entry table[] = {{1, DType::I8, DType::U8, H5T_STD_I8LE, H5T_STD_U8LE},
                               {2, DType::I16, DType::U16, H5T_STD_I16LE, H5T_STD_U16LE},
                               {4, DType::I32, DType::U32, H5T_STD_I32LE, H5T_STD_U32LE},
                               {8, DType::I64, DType::U64, H5T_STD_I64LE, H5T_STD_U64LE}};
        for (const auto& e : table)
            if (e.size == size)
                return StoredType{sign ? e.s : e.u, h5::Id(H5Tcopy(sign ? e.hs : e.hu), H5Tclose)};
        return std::nullopt;
    }
    default: return std::nullopt;
    }
}

class DatasetLoader {
public:
    DatasetLoader(const std::string& path, std::shared_ptr<const MappedFile> map, Model& model)
        : path_(path), map_(std::move(map)), model_(model),
          ownedBudget_(kOwnedBase + kOwnedPerFileByte * map_->size()) {}

    /// Fills shape, dtype, data and fileOffset of `t` from dataset `d`.
    void load(hid_t d, TensorEntry& t) {
        const std::string what = "tensor '" + t.name + "'";
        h5::Id fileType(H5Dget_type(d), H5Tclose);
        h5::Id space(H5Dget_space(d), H5Sclose);
        if (!fileType || !space)
            throw Error(path_, what + ": cannot read its type or shape: " + h5::lastError());
        auto stored = storedType(fileType.get());
        if (!stored)
            throw Error(path_, what + ": HDF5 " + typeClassName(H5Tget_class(fileType.get())) + " type of " +
                                   std::to_string(H5Tget_size(fileType.get())) +
                                   " bytes is not a supported weight type");
        t.dtype = stored->dtype;

        const H5S_class_t spaceClass = H5Sget_simple_extent_type(space.get());
        if (spaceClass != H5S_SCALAR && spaceClass != H5S_SIMPLE)
            throw Error(path_, what + ": has no dataspace (null or invalid)");
        const int rank = H5Sget_simple_extent_ndims(space.get());
        if (rank < 0 || rank > H5S_MAX_RANK)
            throw Error(path_, what + ": invalid rank " + std::to_string(rank));
        std::vector<hsize_t> dims(static_cast<size_t>(rank));
        if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
            throw Error(path_, what + ": cannot read its shape: " + h5::lastError());
        uint64_t count = 1;
        for (hsize_t d : dims) {
            if (d > uint64_t(INT64_MAX) || __builtin_mul_overflow(count, uint64_t(d), &count) ||
                count > uint64_t(INT64_MAX))
                throw Error(path_, what + ": shape overflows 64 bits");
            t.shape.push_back(int64_t(d));
        }
        const auto bytes = storageBytes(t.dtype, count);
        if (!bytes) throw Error(path_, what + ": byte size overflows 64 bits");

        if (const auto offset = viewableOffset(d, fileType.get(), stored->memory.get(), *bytes)) {
            t.data = map_->slice(*offset, *bytes, what);
            t.fileOffset = *offset;
            return;
        }
        if (*bytes > ownedBudget_)
            throw Error(path_, what + ": needs " + std::to_string(*bytes) +
                                   " bytes decoded, implausible for a " + std::to_string(map_->size()) +
                                   "-byte file");
        ownedBudget_ -= *bytes;
        auto buffer = std::make_shared<std::vector<std::byte>>(size_t(*bytes));
        if (*bytes > 0 && H5Dread(d, stored->memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer->data()) < 0)
            throw Error(path_, what + ": cannot read its data: " + h5::lastError());
        t.data = std::span<const std::byte>(buffer->data(), buffer->size());
        model_.storage.push_back(std::move(buffer));
    }

private:
    static constexpr uint64_t kOwnedBase = uint64_t(64) << 20;
    static constexpr uint64_t kOwnedPerFileByte = 64;

    std::optional<uint64_t> viewableOffset(hid_t d, hid_t fileType, hid_t memType, uint64_t bytes) const {
        h5::Id dcpl(H5Dget_create_plist(d), H5Pclose);
        if (!dcpl || H5Pget_layout(dcpl.get()) != H5D_CONTIGUOUS || H5Pget_external_count(dcpl.get()) != 0)
            return std::nullopt;
        if (H5Tequal(fileType, memType) <= 0 || H5Dget_storage_size(d) != bytes) return std::nullopt;
        const haddr_t offset = H5Dget_offset(d);
        const size_t elem = H5Tget_size(memType);
        if (offset == HADDR_UNDEF || elem == 0 || offset % elem != 0) return std::nullopt;
        return uint64_t(offset);
    }

    const std::string& path_;
    std::shared_ptr<const MappedFile> map_;
    Model& model_;
    uint64_t ownedBudget_;
};

Model readKerasH5InProcess(const std::string& path) {
    const auto map = MappedFile::open(path);
    const h5::QuietErrors quiet;
    if (H5Fis_hdf5(path.c_str()) <= 0) throw Error(path, "not an HDF5 file (no HDF5 signature)");
    if (const auto bad = h5::corruptGlobalHeap(map->bytes())) throw Error(path, "corrupt HDF5 " + *bad);
    h5::Id fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    H5Pset_file_locking(fapl.get(), true, true); // tolerate filesystems without locks
    h5::Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose);
    if (!file) throw Error(path, "cannot open as HDF5 (truncated or corrupt?): " + h5::lastError());

    const auto configText = h5::stringAttribute(path, file.get(), "model_config", "root group");
    if (!configText)
        throw Error(path, "no 'model_config' attribute on the root group: not a full Keras model save "
                          "(weights-only files from save_weights() hold no architecture)");
    ModelConfig mc = parseModelConfig(path, *configText);

    Model model;
    model.path = path;
    model.format = "keras_h5";
    model.architecture = mc.modelName.empty() ? mc.modelClass : mc.modelClass + " (" + mc.modelName + ")";
    model.storage.push_back(map);
    for (const char* key : {"keras_version", "backend"})
        if (auto v = h5::stringAttribute(path, file.get(), key, "root group")) model.addProperty(key, *v);
    model.addProperty("model_class", mc.modelClass);
    model.addProperty("layers", std::to_string(mc.nodes.size()));
    if (!mc.inputShape.empty()) model.addProperty("input_shape", mc.inputShape);

    if (H5Lexists(file.get(), "model_weights", H5P_DEFAULT) <= 0)
        throw Error(path, "no /model_weights group: the file holds no Keras weights");
    h5::Id weights(H5Gopen2(file.get(), "model_weights", H5P_DEFAULT), H5Gclose);
    if (!weights) throw Error(path, "/model_weights is not a group: " + h5::lastError());
    if (H5Lexists(file.get(), "optimizer_weights", H5P_DEFAULT) > 0)
        model.addProperty("optimizer_weights", "present (ignored)");

    auto layerNames = kerasListAttribute(path, weights.get(), "layer_names", "/model_weights");
    if (!layerNames) layerNames = h5::childNames(path, weights.get(), H5O_TYPE_GROUP, "/model_weights");

    DatasetLoader loader(path, map, model);
    for (const auto& layer : *layerNames) {
        const std::string where = "/model_weights/" + layer;
        if (layer.empty() || H5Lexists(weights.get(), layer.c_str(), H5P_DEFAULT) <= 0)
            throw Error(path,
                        "layer '" + layer + "' is listed in layer_names but " + where + " does not exist");
        h5::Id group(H5Gopen2(weights.get(), layer.c_str(), H5P_DEFAULT), H5Gclose);
        if (!group) throw Error(path, where + " is not a group: " + h5::lastError());
        // Other Keras versions nest datasets differently; the listed names are paths relative to
        // the layer group, and without the list every dataset below the group is a weight.
        auto weightNames = kerasListAttribute(path, group.get(), "weight_names", where);
        if (!weightNames) weightNames = h5::datasetsBelow(path, group.get(), where);
        if (weightNames->empty()) continue;

        const auto info = mc.layers.find(layer);
        if (info == mc.layers.end())
            throw Error(path, "layer '" + layer + "' has weights but is not in model_config");
        std::optional<int64_t> channels; // BatchNormalization vectors must agree with each other
        for (const auto& weightName : *weightNames) {
            const std::string dataset = where + "/" + weightName;
            h5::Id d(weightName.empty() ? H5I_INVALID_HID
                                        : H5Dopen2(group.get(), weightName.c_str(), H5P_DEFAULT),
                     H5Dclose);
            if (!d)
                throw Error(path, "layer '" + layer + "': weight '" + weightName + "' is not a dataset at " +
                                      dataset);
            TensorEntry t;
            t.name = tensorName(layer, weightName);
            if (model.find(t.name)) throw Error(path, "tensor '" + t.name + "' appears twice");
            loader.load(d.get(), t);

            const std::string role = weightRole(weightName);
            std::string because;
            if (const auto want = expectedShape(info->second, role, because)) {
                bool ok = matches(*want, t.shape);
                if (ok && info->second.className == "BatchNormalization") {
                    ok = !channels || *channels == t.shape[0];
                    channels = t.shape[0];
                }
                if (!ok)
                    throw Error(path, "layer '" + layer + "' (" + info->second.className + ", " + because +
                                          "): dataset '" + dataset + "' has shape " + shapeText(t.shape) +
                                          ", expected " + patternText(*want));
            }
            t.kind = info->second.className;
            t.quantizable = isQuantizableKernel(t.kind, role);
            t.channelAxis = role.ends_with("kernel") ? kernelChannelAxis(t.kind, t.shape.size()) : 0;
            model.tensors.push_back(std::move(t));
        }
    }
    model.nodes = std::move(mc.nodes);
    return model;
}

} // namespace

Model readKerasH5(const std::string& path) {
    h5::probeInHelper(path, h5::ProbeReader::KerasModel, h5::probeTimeout(path));
    return readKerasH5InProcess(path);
}

void readKerasH5ForProbe(const std::string& path) { (void)readKerasH5InProcess(path); }

} // namespace qb
