#include "core/formats/onnx_reader.h"

#include <climits>
#include <map>
#include <unordered_set>

#include <google/protobuf/io/coded_stream.h>
#include <onnx/onnx_pb.h>

#include "core/formats/onnx_tensor.h"
#include "core/formats/onnx_weight_roles.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb {

namespace {

// protobuf only says that parsing failed; walking the top-level fields of the ModelProto tells
// the user where the file breaks (a truncated download ends inside the graph field).
std::string describeDamage(std::span<const std::byte> b) {
    size_t pos = 0;
    const auto varint = [&](uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64 && pos < b.size(); shift += 7) {
            const auto c = uint8_t(b[pos++]);
            v |= uint64_t(c & 0x7f) << shift;
            if (!(c & 0x80)) return true;
        }
        return false;
    };
    while (pos < b.size()) {
        const size_t start = pos;
        uint64_t tag = 0, len = 0;
        if (!varint(tag)) return "unreadable field tag at offset " + std::to_string(start);
        const std::string field = "field " + std::to_string(tag >> 3) + " at offset " + std::to_string(start);
        switch (tag & 7) {
        case 0: if (!varint(len)) return "unreadable varint in " + field; continue;
        case 1: len = 8; break;
        case 5: len = 4; break;
        case 2: if (!varint(len)) return "unreadable length of " + field; break;
        default: return "invalid wire type " + std::to_string(tag & 7) + " in " + field;
        }
        if (len > b.size() - pos)
            return field + " needs " + std::to_string(len) + " bytes but the file ends " +
                   std::to_string(b.size() - pos) + " bytes later (truncated?)";
        pos += size_t(len);
    }
    return "the damage is nested inside a well-formed top-level field";
}

std::shared_ptr<const onnx::ModelProto> parseModel(const std::string& path) {
    // The map is only needed while parsing: protobuf copies every field into the message.
    const auto file = MappedFile::open(path);
    if (file->size() > uint64_t(INT_MAX))
        throw Error(path, "is " + std::to_string(file->size()) +
                              " bytes, past protobuf's 2 GiB message limit; larger models keep "
                              "their weights in external data files");
    google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(file->data()),
                                              int(file->size()));
    in.SetTotalBytesLimit(INT_MAX); // the default is far below real model sizes
    auto proto = std::make_shared<onnx::ModelProto>();
    if (!proto->ParseFromCodedStream(&in) || !in.ConsumedEntireMessage())
        throw Error(path, "not a valid ONNX protobuf (" + std::to_string(file->size()) +
                              " bytes): " + describeDamage(file->bytes()));
    if (!proto->has_graph()) throw Error(path, "ONNX model holds no graph");
    return proto;
}

std::string valueText(const onnx::ValueInfoProto& v) {
    if (!v.type().has_tensor_type()) return "non-tensor value";
    const auto& tt = v.type().tensor_type();
    const auto dt = dtypeFromOnnx(tt.elem_type());
    std::string r = dt && *dt != DType::Unsupported ? std::string(dtypeName(*dt))
                                                   : "type " + std::to_string(tt.elem_type());
    if (!tt.has_shape()) return r + " (shape unknown)";
    r += " [";
    for (int i = 0; i < tt.shape().dim_size(); ++i) {
        const auto& d = tt.shape().dim(i);
        r += i ? "," : "";
        r += d.has_dim_value() ? std::to_string(d.dim_value()) : d.has_dim_param() ? d.dim_param() : "?";
    }
    return r + "]";
}

void addProperties(Model& m, const onnx::ModelProto& p) {
    const auto& g = p.graph();
    m.addProperty("ir_version", std::to_string(p.ir_version()));
    for (const auto& o : p.opset_import()) {
        const bool core = o.domain().empty() || o.domain() == "ai.onnx";
        m.addProperty(core ? "opset" : "opset." + o.domain(), std::to_string(o.version()));
    }
    if (!p.producer_name().empty()) m.addProperty("producer_name", p.producer_name());
    if (!p.producer_version().empty()) m.addProperty("producer_version", p.producer_version());
    m.addProperty("graph_name", g.name());
    // IR < 4 lists every initializer as a graph input too; only the real inputs matter here.
    std::unordered_set<std::string> initializers;
    for (const auto& t : g.initializer()) initializers.insert(t.name());
    for (const auto& v : g.input())
        if (!initializers.count(v.name())) m.addProperty("input." + v.name(), valueText(v));
    for (const auto& v : g.output()) m.addProperty("output." + v.name(), valueText(v));
    m.addProperty("node_count", std::to_string(g.node_size()));
    std::map<std::string, int> ops;
    for (const auto& n : g.node()) ++ops[n.op_type()];
    std::string opText;
    for (const auto& [op, count] : ops) opText += (opText.empty() ? "" : ", ") + op + "=" + std::to_string(count);
    m.addProperty("op_types", opText);
}

GraphValue graphValue(const onnx::ValueInfoProto& v) {
    GraphValue r{v.name(), {}};
    if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) return r;
    for (const auto& d : v.type().tensor_type().shape().dim())
        r.shape.push_back(d.has_dim_value() && d.dim_value() >= 0 ? d.dim_value() : -1);
    return r;
}

// Attributes the engine reads; graph-valued and sparse attributes are not carried.
std::map<std::string, Attribute> nodeAttributes(const onnx::NodeProto& n) {
    using A = onnx::AttributeProto;
    std::map<std::string, Attribute> r;
    for (const auto& a : n.attribute()) {
        Attribute v;
        switch (a.type()) {
        case A::INT: v.kind = Attribute::Kind::Int; v.i = a.i(); break;
        case A::FLOAT: v.kind = Attribute::Kind::Float; v.f = a.f(); break;
        case A::STRING: v.kind = Attribute::Kind::String; v.s = a.s(); break;
        case A::INTS: v.kind = Attribute::Kind::Ints; v.ints.assign(a.ints().begin(), a.ints().end()); break;
        case A::FLOATS:
            v.kind = Attribute::Kind::Floats;
            v.floats.assign(a.floats().begin(), a.floats().end());
            break;
        case A::TENSOR:
            // Only a Constant's value is loaded into Model::tensors (under the output's name).
            if (n.op_type() != "Constant" || n.output_size() < 1) continue;
            v.kind = Attribute::Kind::Tensor;
            v.s = n.output(0);
            break;
        default: continue;
        }
        r.emplace(a.name(), std::move(v));
    }
    return r;
}

} // namespace

Model readOnnx(const std::string& path) {
    const auto proto = parseModel(path);
    const auto& g = proto->graph();
    Model m;
    m.path = path;
    m.format = "onnx";
    m.architecture = g.name().empty() ? proto->producer_name() : g.name();
    m.storage.push_back(proto); // raw_data and same-layout typed fields are viewed in place
    addProperties(m, *proto);

    OnnxTensorLoader loader(path, m.storage);
    std::unordered_set<std::string> names;
    const auto add = [&](const onnx::TensorProto& t, const std::string& name) {
        if (name.empty()) throw Error(path, "an initializer or Constant node has a tensor with no name");
        if (!names.insert(name).second) throw Error(path, "tensor '" + name + "': defined twice");
        m.tensors.push_back(loader.load(t, name));
    };
    for (const auto& t : g.initializer()) add(t, t.name());
    // paddle2onnx and others store every weight as a Constant node instead of an initializer.
    for (const auto& n : g.node()) {
        m.nodes.push_back({n.name(), n.op_type(), {n.input().begin(), n.input().end()},
                           {n.output().begin(), n.output().end()}, nodeAttributes(n)});
        if (n.op_type() != "Constant" || !(n.domain().empty() || n.domain() == "ai.onnx")) continue;
        for (const auto& a : n.attribute()) {
            if (a.name() != "value" || !a.has_t()) continue;
            if (n.output_size() < 1)
                throw Error(path, "Constant node '" + n.name() + "' has no output to name its tensor");
            add(a.t(), n.output(0));
        }
    }
    for (const auto& v : g.input())
        if (!m.find(v.name())) m.graphInputs.push_back(graphValue(v));
    for (const auto& v : g.output()) m.graphOutputs.push_back(graphValue(v));
    assignOnnxWeightRoles(g, m.tensors);
    return m;
}

} // namespace qb
