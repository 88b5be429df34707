#include "core/exporters/onnx_qdq_export.h"
#include "core/util/temp_output_file.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include <google/protobuf/io/coded_stream.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>
#include <onnx/version_converter/convert.h>

#include "core/engine/weight_readers.h"
#include "core/quant/integer_grid.h"
#include "core/quant/rtn.h"
#include "core/quant/weight_matrix.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb::exporters {

namespace {

using quant::Granularity;
using quant::QuantizedLayer;
using quant::Scheme;
using quant::SchemeKind;

constexpr int kChannelOpset = 13;   // DequantizeLinear's `axis`
constexpr int kBlockedOpset = 21;   // DequantizeLinear's `block_size`, int4 and uint4
constexpr int kInt4 = 22, kUint4 = 21; // TensorProto data types newer than the ONNX library here
constexpr int kConverterOpset = 17; // the newest opset the ONNX library's version converter reaches

// Ops whose meaning changes between opset 17 and 21 in a way a version bump alone would break
// (Reduce* take axes as an input from 18, GridSample renames its modes in 20, GroupNormalization's
// scale and bias become per channel in 21).
bool changesAfter17(const GraphNode& n) {
    if (n.op == "GridSample" || n.op == "GroupNormalization") return true;
    return n.op.rfind("Reduce", 0) == 0 && n.op != "ReduceSum" && n.attrs.count("axes");
}

int modelOpset(const Model& m) {
    for (const auto& [key, value] : m.properties)
        if (key == "opset") return std::stoi(value);
    return 1; // an ONNX model without a default-domain import is on the oldest opset
}

int neededOpset(const ProjectQuantization& q) {
    int need = kChannelOpset;
    for (const auto& l : q.layers)
        if (l.weight.scheme && l.weight.scheme->kind == SchemeKind::Integer &&
            (l.weight.scheme->granularity == Granularity::Group || l.weight.scheme->bits <= 4))
            need = kBlockedOpset;
    return need;
}

/// The integer scheme closest to a ggml block format: its bits, 32 weights per scale.
std::string nearestInteger(const Scheme& s) {
    const std::string name = "int" + std::to_string(s.bits) + "_g32_" + (s.symmetric ? "sym" : "asym");
    return quant::findScheme(name) ? name : "int8_channel_sym";
}

onnx::ModelProto parseModel(const std::string& path) {
    const auto file = MappedFile::open(path);
    if (file->size() > uint64_t(INT_MAX)) throw Error(path, "is past protobuf's 2 GiB message limit");
    google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(file->data()), int(file->size()));
    in.SetTotalBytesLimit(INT_MAX);
    onnx::ModelProto proto;
    if (!proto.ParseFromCodedStream(&in) || !in.ConsumedEntireMessage() || !proto.has_graph())
        throw Error(path, "not a valid ONNX model (the export reads the project's model file)");
    return proto;
}

onnx::OperatorSetIdProto* defaultDomain(onnx::ModelProto& p) {
    for (auto& o : *p.mutable_opset_import())
        if (o.domain().empty() || o.domain() == "ai.onnx") return &o;
    return nullptr;
}

onnx::TensorProto makeTensor(const std::string& name, int type, const std::vector<int64_t>& dims, const void* data,
                             size_t bytes) {
    onnx::TensorProto t;
    t.set_name(name);
    t.set_data_type(type);
    for (int64_t d : dims) t.add_dims(d);
    t.set_raw_data(data, bytes);
    return t;
}

template <class T>
onnx::TensorProto makeTensor(const std::string& name, int type, const std::vector<int64_t>& dims,
                             const std::vector<T>& v) {
    return makeTensor(name, type, dims, v.data(), v.size() * sizeof(T));
}

onnx::NodeProto makeNode(const std::string& op, const std::vector<std::string>& in, const std::string& out,
                         const std::string& name) {
    onnx::NodeProto n;
    n.set_op_type(op);
    n.set_name(name);
    for (const auto& i : in) n.add_input(i);
    n.add_output(out);
    return n;
}

void setInt(onnx::NodeProto& n, const char* name, int64_t v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
}

void setInts(onnx::NodeProto& n, const char* name, const std::vector<int64_t>& v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t x : v) a->add_ints(x);
}

int opsetOf(onnx::ModelProto& p) {
    const auto* o = defaultDomain(p);
    return o ? int(o->version()) : 1;
}

void setOpset(onnx::ModelProto& p, int version) {
    auto* o = defaultDomain(p);
    if (!o) {
        o = p.add_opset_import();
        o->set_domain("");
    }
    o->set_version(version);
}

void convert(onnx::ModelProto& p, int target, const std::string& path) {
    const int have = opsetOf(p);
    if (have >= target) return;
    try {
        onnx::ModelProto shaped = p; // some adapters need the ranks shape inference finds
        onnx::shape_inference::InferShapes(shaped);
        const auto declared = p.graph().value_info();
        p = onnx::version_conversion::ConvertVersion(shaped, target);
        // Only what the file declared: inferred shapes would fix a batch size the model's own
        // (inexact) declarations imply, and ORT folds Shape ops by them.
        *p.mutable_graph()->mutable_value_info() = declared;
    } catch (const std::exception& e) {
        throw Error(path, "ONNX's version converter cannot raise opset " + std::to_string(have) + " to " +
                              std::to_string(target) + ": " + e.what());
    }
}

/// Opset 12 -> 13 by hand: the converter's Softmax adapter needs a known rank, which graphs that
/// compute their shapes (PaddleOCR cls) do not give. Softmax-family ops of opset < 13 work on the
/// input flattened at `axis`: on the last axis of a known rank that is opset 13's op as it is;
/// otherwise Flatten, the op on the last axis, and Reshape back say exactly that for any rank.
/// Squeeze, Unsqueeze, ReduceSum and Split take their axes/split as inputs from 13.
void opset12To13(onnx::ModelProto& p) {
    std::map<std::string, int> rank;
    {
        onnx::ModelProto shaped = p;
        try {
            onnx::shape_inference::InferShapes(shaped);
        } catch (const std::exception&) {
            // ranks stay unknown: every Softmax takes the Flatten form
        }
        const auto add = [&](const onnx::ValueInfoProto& v) {
            if (v.type().has_tensor_type() && v.type().tensor_type().has_shape())
                rank[v.name()] = v.type().tensor_type().shape().dim_size();
        };
        for (const auto& v : shaped.graph().value_info()) add(v);
        for (const auto& v : shaped.graph().input()) add(v);
        for (const auto& v : shaped.graph().output()) add(v);
    }
    auto& g = *p.mutable_graph();
    std::set<std::string> taken;
    for (const auto& t : g.initializer()) taken.insert(t.name());
    for (const auto& v : g.input()) taken.insert(v.name());
    for (const auto& n : g.node())
        for (const auto& o : n.output()) taken.insert(o);
    const auto fresh = [&](const std::string& base) {
        std::string name = base;
        for (int k = 1; !taken.insert(name).second; ++k) name = base + "_" + std::to_string(k);
        return name;
    };
    const auto takeAttr = [](onnx::NodeProto& n, const char* name) -> std::optional<onnx::AttributeProto> {
        auto* attrs = n.mutable_attribute();
        for (int i = 0; i < attrs->size(); ++i)
            if (attrs->Get(i).name() == name) {
                onnx::AttributeProto a = attrs->Get(i);
                attrs->DeleteSubrange(i, 1);
                return a;
            }
        return std::nullopt;
    };
    std::vector<onnx::NodeProto> nodes;
    for (onnx::NodeProto n : g.node()) {
        const std::string& op = n.op_type();
        const bool core = n.domain().empty() || n.domain() == "ai.onnx";
        if (core && (op == "Softmax" || op == "LogSoftmax" || op == "Hardmax") && n.input_size() == 1) {
            const auto a = takeAttr(n, "axis");
            const int64_t axis = a ? a->i() : 1;
            const auto r = rank.find(n.input(0));
            if (axis != -1 && (r == rank.end() || axis != r->second - 1)) {
                const std::string x = n.input(0), y = n.output(0), base = n.name().empty() ? y : n.name();
                const std::string flat = fresh(base + "_flat"), flatOut = fresh(base + "_flat_out"), shape = fresh(base + "_shape");
                nodes.push_back(makeNode("Flatten", {x}, flat, fresh(base + "_Flatten")));
                setInt(nodes.back(), "axis", axis);
                n.set_input(0, flat);
                n.set_output(0, flatOut);
                setInt(n, "axis", -1);
                nodes.push_back(n);
                nodes.push_back(makeNode("Shape", {x}, shape, fresh(base + "_Shape")));
                nodes.push_back(makeNode("Reshape", {flatOut, shape}, y, fresh(base + "_Reshape")));
                continue;
            }
            setInt(n, "axis", -1);
        }
        const char* moved = !core ? nullptr
                            : (op == "Squeeze" || op == "Unsqueeze" || op == "ReduceSum") ? "axes"
                            : op == "Split"                                                ? "split"
                                                                                           : nullptr;
        if (moved) {
            if (const auto a = takeAttr(n, moved)) {
                const std::vector<int64_t> v(a->ints().begin(), a->ints().end());
                const std::string name = fresh((n.name().empty() ? n.output(0) : n.name()) + "_" + moved);
                *g.add_initializer() = makeTensor(name, onnx::TensorProto::INT64, {int64_t(v.size())}, v);
                while (n.input_size() < 1) n.add_input("");
                if (n.input_size() == 1) n.add_input(name);
                else n.set_input(1, name);
            }
        }
        nodes.push_back(std::move(n));
    }
    g.clear_node();
    for (auto& n : nodes) *g.add_node() = std::move(n);
    setOpset(p, 13);
}

/// Raises the default-domain opset to `need`: ONNX's version converter (which rewrites the ops
/// whose form changed) to 12, opset12To13, the converter again up to its newest opset, then a
/// plain bump (checkOnnxQdq refused the ops whose meaning changes after that).
void raiseOpset(onnx::ModelProto& p, int need, const std::string& path) {
    if (opsetOf(p) >= need) return;
    convert(p, kChannelOpset - 1, path);
    if (opsetOf(p) < kChannelOpset) opset12To13(p);
    convert(p, std::min(need, kConverterOpset), path);
    if (opsetOf(p) < need) setOpset(p, need);
    // IR 7 is the first with opset 13, IR 10 the first with opset 21 (and int4).
    p.set_ir_version(std::max<int64_t>(p.ir_version(), need >= kBlockedOpset ? 10 : 7));
}

/// The rewrite of one graph: new initializers, nodes that replace a weight's producer, and nodes
/// that go in front of a reader.
class QdqGraph {
public:
    explicit QdqGraph(onnx::GraphProto& g) : g_(g) {
        for (const auto& t : g.initializer()) taken_.insert(t.name());
        for (const auto& v : g.input()) taken_.insert(v.name());
        for (const auto& n : g.node())
            for (const auto& o : n.output()) taken_.insert(o);
    }

    /// A value name not used in the graph yet.
    std::string fresh(const std::string& base) {
        std::string name = base;
        for (int k = 1; !taken_.insert(name).second; ++k) name = base + "_" + std::to_string(k);
        return name;
    }

    void addInitializer(onnx::TensorProto t) { *g_.add_initializer() = std::move(t); }

    /// `nodes` compute weight `name`, which stops being an initializer or Constant.
    void replaceWeight(const std::string& name, std::vector<onnx::NodeProto> nodes) {
        weightNodes_[name] = std::move(nodes);
    }
    /// `nodes` go right before the node whose first output is `readerOutput`, whose input 0
    /// becomes `newInput`.
    void prefix(const std::string& readerOutput, std::vector<onnx::NodeProto> nodes, const std::string& newInput) {
        prefixes_[readerOutput] = {std::move(nodes), newInput};
    }

    /// Applies the rewrite: weight nodes first (an initializer's) or where its Constant was.
    void finish(const std::string& path) {
        std::vector<onnx::NodeProto> nodes;
        std::set<std::string> placed;
        for (auto& [weight, wn] : weightNodes_) {
            const std::string& name = weight; // clang 14 cannot capture a structured binding
            const bool isInit = std::any_of(g_.initializer().begin(), g_.initializer().end(),
                                            [&](const onnx::TensorProto& t) { return t.name() == name; });
            if (!isInit) continue;
            nodes.insert(nodes.end(), wn.begin(), wn.end());
            placed.insert(name);
        }
        for (const auto& n : g_.node()) {
            if (n.op_type() == "Constant" && n.output_size() == 1 && weightNodes_.count(n.output(0))) {
                auto& wn = weightNodes_[n.output(0)];
                nodes.insert(nodes.end(), wn.begin(), wn.end());
                placed.insert(n.output(0));
                continue;
            }
            onnx::NodeProto copy = n;
            if (n.output_size() > 0) {
                if (auto p = prefixes_.find(n.output(0)); p != prefixes_.end()) {
                    nodes.insert(nodes.end(), p->second.first.begin(), p->second.first.end());
                    copy.set_input(0, p->second.second);
                    prefixes_.erase(p);
                }
            }
            nodes.push_back(std::move(copy));
        }
        for (const auto& [name, wn] : weightNodes_)
            if (!placed.count(name)) throw Error(path, "tensor '" + name + "': neither an initializer nor a Constant");
        if (!prefixes_.empty())
            throw Error(path, "node with output '" + prefixes_.begin()->first + "': not found after the opset conversion");
        g_.clear_node();
        for (auto& n : nodes) *g_.add_node() = std::move(n);
        // Drop the replaced initializers, and their graph-input entries (IR < 4 lists both).
        auto* inits = g_.mutable_initializer();
        inits->erase(std::remove_if(inits->begin(), inits->end(),
                                    [&](const onnx::TensorProto& t) { return weightNodes_.count(t.name()) > 0; }),
                     inits->end());
        auto* inputs = g_.mutable_input();
        inputs->erase(std::remove_if(inputs->begin(), inputs->end(),
                                     [&](const onnx::ValueInfoProto& v) { return weightNodes_.count(v.name()) > 0; }),
                      inputs->end());
    }

private:
    onnx::GraphProto& g_;
    std::set<std::string> taken_;
    std::map<std::string, std::vector<onnx::NodeProto>> weightNodes_;
    std::map<std::string, std::pair<std::vector<onnx::NodeProto>, std::string>> prefixes_;
};

/// Integer codes and grids of a layer, read back from the scheme's packed layout.
struct Unpacked {
    std::vector<float> scales;   ///< one per group
    std::vector<uint8_t> zeros;  ///< asymmetric: one per group
    std::vector<int32_t> codes;  ///< q (symmetric) or u (asymmetric), [rows, cols] row-major
};

Unpacked unpack(const QuantizedLayer& layer) {
    const quant::QuantizedTensor& w = layer.weight;
    const Scheme& s = *w.scheme;
    const quant::IntLayout l = quant::intLayout(s, w.rows, w.cols);
    const auto need = quant::sizeBytes(s, w.rows, w.cols);
    if (!need || *need != w.bytes.size())
        throw Error(layer.name, std::to_string(w.bytes.size()) + " quantized bytes do not fit " + s.name + " [" +
                                    std::to_string(w.rows) + ", " + std::to_string(w.cols) + "]");
    Unpacked u;
    u.scales.resize(l.groups);
    for (uint64_t g = 0; g < l.groups; ++g) {
        u.scales[g] = quant::storedScale(s, l, w.bytes.data(), g); // 8-bit scales: code * super, exact in f32
        if (!s.symmetric) u.zeros.push_back(uint8_t(quant::getBits(w.bytes.data() + l.zerosAt, g * uint64_t(s.bits), s.bits)));
    }
    const int32_t offset = s.symmetric ? 1 << (s.bits - 1) : 0;
    u.codes.resize(l.groups * l.groupLen);
    for (uint64_t i = 0; i < u.codes.size(); ++i)
        u.codes[i] = int32_t(quant::getBits(w.bytes.data() + l.codesAt, i * uint64_t(s.bits), s.bits)) - offset;
    return u;
}

/// The nodes (and initializers) computing weight `t` from layer `l`, with output `out`.
std::vector<onnx::NodeProto> weightNodes(QdqGraph& g, const TensorEntry& t, const QuantizedLayer& l,
                                         const std::string& out) {
    const Scheme& s = *l.weight.scheme;
    const std::string& name = t.name;
    std::vector<onnx::NodeProto> nodes;
    if (s.kind == SchemeKind::Float) {
        // f16 (or f32) values as stored, then a Cast to the float the readers take.
        std::vector<float> v = quant::toStoredOrder(t, quant::dequantize(l.weight));
        if (s.storage == DType::F32) {
            const std::string init = g.fresh(name + "_f32");
            g.addInitializer(makeTensor(init, onnx::TensorProto::FLOAT, t.shape, v));
            nodes.push_back(makeNode("Identity", {init}, out, g.fresh(name + "_Identity")));
            return nodes;
        }
        std::vector<uint16_t> h(v.size());
        for (size_t i = 0; i < v.size(); ++i) h[i] = floatToHalf(v[i]);
        const std::string init = g.fresh(name + "_f16");
        g.addInitializer(makeTensor(init, onnx::TensorProto::FLOAT16, t.shape, h));
        nodes.push_back(makeNode("Cast", {init}, out, g.fresh(name + "_Cast")));
        setInt(nodes.back(), "to", onnx::TensorProto::FLOAT);
        return nodes;
    }
    const Unpacked u = unpack(l);
    // 4 bits and fewer as int4/uint4 (two codes a byte, the first in the low nibble), else 8 bits.
    const bool nibbles = s.bits <= 4;
    const int codeType = nibbles ? (s.symmetric ? kInt4 : kUint4)
                                 : (s.symmetric ? onnx::TensorProto::INT8 : onnx::TensorProto::UINT8);
    const std::string qName = g.fresh(name + "_quantized"), sName = g.fresh(name + "_scale");
    const std::string zName = s.symmetric ? "" : g.fresh(name + "_zero_point");
    const auto codeBytes = [nibbles](const auto& c) {
        std::vector<uint8_t> b(nibbles ? (c.size() + 1) / 2 : c.size());
        for (size_t i = 0; i < c.size(); ++i) {
            const auto v = uint8_t(int8_t(c[i])); // the two's complement bit pattern
            if (!nibbles) b[i] = v;
            else b[i / 2] |= uint8_t((v & 0xF) << (4 * (i % 2)));
        }
        return b;
    };
    std::vector<std::string> dqIn{qName, sName};
    if (!s.symmetric) dqIn.push_back(zName);

    if (s.granularity != Granularity::Group) {
        // Codes in the stored layout, one scale per tensor or per output channel along its axis.
        std::vector<float> m(u.codes.begin(), u.codes.end());
        const std::vector<float> stored = quant::toStoredOrder(t, m);
        const std::vector<int32_t> codes(stored.begin(), stored.end());
        g.addInitializer(makeTensor(qName, codeType, t.shape, codeBytes(codes)));
        const std::vector<int64_t> sDims =
            s.granularity == Granularity::Tensor ? std::vector<int64_t>{} : std::vector<int64_t>{l.weight.rows};
        g.addInitializer(makeTensor(sName, onnx::TensorProto::FLOAT, sDims, u.scales));
        if (!s.symmetric) g.addInitializer(makeTensor(zName, codeType, sDims, codeBytes(u.zeros)));
        nodes.push_back(makeNode("DequantizeLinear", dqIn, out, g.fresh(name + "_DequantizeLinear")));
        if (s.granularity == Granularity::Channel) setInt(nodes.back(), "axis", t.channelAxis);
        return nodes;
    }

    // Groups run along the rows of the [rows, cols] matrix: a blocked DequantizeLinear on that
    // matrix, then back into the stored layout.
    const int64_t rows = l.weight.rows, cols = l.weight.cols, blocks = cols / s.group;
    g.addInitializer(makeTensor(qName, codeType, {rows, cols}, codeBytes(u.codes)));
    g.addInitializer(makeTensor(sName, onnx::TensorProto::FLOAT, {rows, blocks}, u.scales));
    if (!s.symmetric) g.addInitializer(makeTensor(zName, codeType, {rows, blocks}, codeBytes(u.zeros)));
    const bool plain = t.channelAxis == 0 && t.shape.size() == 2;
    const std::string dqOut = plain ? out : g.fresh(name + "_matrix");
    nodes.push_back(makeNode("DequantizeLinear", dqIn, dqOut, g.fresh(name + "_DequantizeLinear")));
    setInt(nodes.back(), "axis", 1);
    setInt(nodes.back(), "block_size", s.group);
    if (plain) return nodes;
    // [rows, rest...] (the stored axes without the channel axis, in order), then the channel axis
    // moved back to where the stored tensor has it.
    std::vector<int64_t> split{rows}, perm;
    const int64_t rank = int64_t(t.shape.size()), ch = t.channelAxis;
    for (int64_t a = 0; a < rank; ++a)
        if (a != ch) split.push_back(t.shape[size_t(a)]);
    for (int64_t a = 0; a < rank; ++a) perm.push_back(a == ch ? 0 : a < ch ? a + 1 : a);
    const std::string shapeName = g.fresh(name + "_shape");
    g.addInitializer(makeTensor(shapeName, onnx::TensorProto::INT64, {int64_t(split.size())}, split));
    const bool identity = ch == 0;
    const std::string reshaped = identity ? out : g.fresh(name + "_split");
    nodes.push_back(makeNode("Reshape", {dqOut, shapeName}, reshaped, g.fresh(name + "_Reshape")));
    if (!identity) {
        nodes.push_back(makeNode("Transpose", {reshaped}, out, g.fresh(name + "_Transpose")));
        setInts(nodes.back(), "perm", perm);
    }
    return nodes;
}

/// The scale initializer of `t`'s input columns in the stored layout (channel axis of size 1).
std::string storedColumnScale(QdqGraph& g, const TensorEntry& t, const std::vector<float>& s) {
    TensorEntry row = t;
    row.shape[size_t(t.channelAxis)] = 1;
    const std::string name = g.fresh(t.name + "_input_scale");
    g.addInitializer(makeTensor(name, onnx::TensorProto::FLOAT, row.shape, quant::toStoredOrder(row, s)));
    return name;
}

// Through TempOutputFile: an unnamed file until it is whole, so a crash leaves nothing behind.
void writeAtomically(const onnx::ModelProto& proto, const std::string& out, const JobContext& job) {
    std::string bytes;
    if (!proto.SerializeToString(&bytes)) throw Error(out, "cannot serialize the ONNX graph");
    TempOutputFile f(out);
    f.write(bytes.data(), bytes.size());
    job.checkCancel();
    f.commit();
}

} // namespace

namespace {

// The check without the size prediction, which needs the built graph.
ExportCheck checkProblems(const Model& model, const Project& project) {
    ExportCheck c;
    if (model.format == "keras_h5") {
        c.problems.push_back(model.path + ": a Keras model is not an ONNX graph; export it as hdf5");
        return c;
    }
    if (model.format != "onnx") {
        c.problems.push_back(model.path + ": a " + model.format +
                             " language-model checkpoint has no ONNX graph; export it as gguf or gptq-safetensors");
        return c;
    }
    if (!project.quantization) {
        c.problems.push_back(model.path + ": the project is not quantized");
        return c;
    }
    for (const QuantizedLayer& l : project.quantization->layers) {
        const TensorEntry* t = model.find(l.name);
        const Scheme* s = l.weight.scheme;
        if (!t || !s) {
            c.problems.push_back("layer '" + l.name + "': " + (t ? "has no scheme" : "no tensor of this name in the model"));
            continue;
        }
        if (s->kind == SchemeKind::Ggml) {
            c.problems.push_back("layer '" + l.name + "': " + s->name +
                                 " is a ggml block format, which ONNX cannot express; nearest: " + nearestInteger(*s));
            continue;
        }
        // ONNX has 4- and 8-bit integer types: 2, 3 and 5..7-bit grids go exactly into the next one.
        if (s->kind == SchemeKind::Integer && s->bits != 4 && s->bits != 8) {
            const int width = s->bits < 4 ? 4 : 8;
            c.fallbacks.push_back({l.name, s->name,
                                   std::string(s->symmetric ? "int" : "uint") + std::to_string(width) + " codes",
                                   "ONNX has no " + std::to_string(s->bits) + "-bit type; the grid is stored exactly in " +
                                       std::to_string(width) + "-bit codes"});
        }
        if (!l.inputScale.empty() && int64_t(l.inputScale.size()) != l.weight.cols)
            c.problems.push_back("layer '" + l.name + "': input scale has " + std::to_string(l.inputScale.size()) +
                                 " factors for " + std::to_string(l.weight.cols) + " columns");
        if (!l.activation) continue;
        if (l.activation->bits != 8)
            c.problems.push_back("layer '" + l.name + "': " + std::to_string(l.activation->bits) +
                                 "-bit activations have no ONNX QuantizeLinear type here; nearest: 8");
        const GraphNode* reader = engine::weightReader(model.nodes, l.name);
        if (!reader) {
            c.problems.push_back("layer '" + l.name + "': no Conv, ConvTranspose, Gemm or MatMul takes it as weights, so its input "
                                 "activation has no place for a QuantizeLinear");
            continue;
        }
        // SmoothQuant's form: it runs on language models only, and the graph engine's int8 layers
        // take no input scales either, so nothing could check such an export.
        if (!l.inputScale.empty())
            c.problems.push_back("layer '" + l.name + "': input scales together with activation quantization are "
                                 "not exported; nearest: the same plan without act_bits");
    }
    const int have = modelOpset(model), need = neededOpset(*project.quantization);
    if (have < need) {
        std::string reason = "DequantizeLinear" + std::string(need >= kBlockedOpset ? " with block_size" : " with axis") +
                             " needs opset " + std::to_string(need) +
                             "; ONNX's version converter rewrites the ops whose form changed up to opset " +
                             std::to_string(std::min(need, kConverterOpset));
        c.fallbacks.push_back({"(model)", "opset " + std::to_string(have), "opset " + std::to_string(need), reason});
        if (need > kConverterOpset)
            for (const auto& n : model.nodes)
                if (changesAfter17(n))
                    c.problems.push_back("node '" + n.name + "' (" + n.op + "): its meaning changes between opset 17 and " +
                                         std::to_string(need) +
                                         ", which the group-wise DequantizeLinear needs; nearest: per-channel schemes");
    }
    return c;
}

// The QDQ model: the source graph with each quantized layer's DequantizeLinear (and W8A8
// QuantizeLinear pair), built whole in memory; each layer is read from `source` in turn.
onnx::ModelProto buildQdq(const Model& model, const LayerSource& source, const JobContext& job) {
    const Project& project = source.project();
    onnx::ModelProto proto = parseModel(project.modelPath);
    raiseOpset(proto, neededOpset(*project.quantization), project.modelPath);
    job.checkCancel();

    QdqGraph g(*proto.mutable_graph());
    const size_t layers = source.size();
    for (size_t k = 0; k < layers; ++k) {
        job.checkCancel();
        const QuantizedLayer& l = source.layer(k);
        job.report(double(k) / double(layers), "layer " + std::to_string(k + 1) + "/" + std::to_string(layers) + ": " + l.name);
        const TensorEntry& t = *model.find(l.name);
        const quant::WeightMatrix shape = quant::matrixShape(t);
        if (shape.rows != l.weight.rows || shape.cols != l.weight.cols)
            throw Error(project.modelPath, "layer '" + l.name + "': quantized as [" + std::to_string(l.weight.rows) + ", " +
                                 std::to_string(l.weight.cols) + "] but the tensor is [" + std::to_string(shape.rows) +
                                 ", " + std::to_string(shape.cols) + "]");
        // Input scales (weight-only: checkOnnxQdq refuses them with W8A8) divide the dequantized
        // weight, as effectiveWeight() does.
        const bool weightDiv = !l.inputScale.empty();
        std::vector<onnx::NodeProto> wn = weightNodes(g, t, l, weightDiv ? g.fresh(l.name + "_scaled") : l.name);
        if (weightDiv) {
            const std::string s = storedColumnScale(g, t, l.inputScale);
            wn.push_back(makeNode("Div", {wn.back().output(0), s}, l.name, g.fresh(l.name + "_Div")));
        }
        g.replaceWeight(l.name, std::move(wn));
        if (!l.activation) continue;

        const GraphNode& reader = *engine::weightReader(model.nodes, l.name);
        const quant::ActivationQuant& a = *l.activation;
        std::vector<onnx::NodeProto> pre;
        const std::string& x = reader.inputs[0];
        const std::string sName = g.fresh(l.name + "_input_scale_q"), zName = g.fresh(l.name + "_input_zero_point");
        g.addInitializer(makeTensor(sName, onnx::TensorProto::FLOAT, {}, std::vector<float>{a.scale}));
        const uint8_t zero = a.isUnsigned ? uint8_t(a.zero) : uint8_t(int8_t(a.zero));
        g.addInitializer(makeTensor(zName, a.isUnsigned ? onnx::TensorProto::UINT8 : onnx::TensorProto::INT8, {},
                                    std::vector<uint8_t>{zero}));
        const std::string q = g.fresh(l.name + "_input_quantized"), dq = g.fresh(l.name + "_input_dequantized");
        pre.push_back(makeNode("QuantizeLinear", {x, sName, zName}, q, g.fresh(l.name + "_input_QuantizeLinear")));
        pre.push_back(makeNode("DequantizeLinear", {q, sName, zName}, dq, g.fresh(l.name + "_input_DequantizeLinear")));
        g.prefix(reader.outputs.at(0), std::move(pre), dq);
    }
    g.finish(project.modelPath);
    return proto;
}

} // namespace

ExportCheck checkOnnxQdq(const Model& model, const LayerSource& source) {
    ExportCheck c = checkProblems(model, source.project());
    // The file is the serialized graph: its size is known exactly once the graph is built.
    if (c.problems.empty()) c.predictedBytes = buildQdq(model, source, {}).ByteSizeLong();
    return c;
}

ExportResult writeOnnxQdq(const Model& model, const LayerSource& source, const std::string& out, const JobContext& job) {
    ExportCheck check = checkProblems(model, source.project());
    if (!check.problems.empty()) refuseExport(ExportFormat::OnnxQdq, out, check);
    const onnx::ModelProto proto = buildQdq(model, source, job);
    check.predictedBytes = proto.ByteSizeLong();
    job.checkCancel();
    job.report(1.0, "writing " + out);
    writeAtomically(proto, out, job);
    return exportResult(ExportFormat::OnnxQdq, out, std::filesystem::file_size(out), source.size(), check);
}

} // namespace qb::exporters
