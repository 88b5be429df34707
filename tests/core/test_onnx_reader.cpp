// The ONNX reader on the six real models in shared/models/onnx and on hand-built hostile files.
//
// Reference figures come from python3-onnx (Debian 1.12), counting graph initializers plus the
// `value` tensors of Constant nodes (int64 shape constants included):
//   /usr/bin/python3 -c "import onnx,sys,math; g=onnx.load(sys.argv[1]).graph;
//     ts=list(g.initializer)+[a.t for n in g.node if n.op_type=='Constant' for a in n.attribute
//     if a.name=='value']; print(len(ts), sum(math.prod(t.dims) for t in ts))" MODEL.onnx
// Quantizable counts: tensors of rank >= 2 that are input 1 of Conv/ConvTranspose/Gemm/MatMul
// (or input 0 of Gather with axis 0), directly or through Reshape/Transpose, counted with the
// same python walk over g.node. Shapes and first values: onnx.numpy_helper.to_array(t).ravel()[:3].
#include <gtest/gtest.h>

#include <cctype>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/formats/model_reader.h"
#include "core/formats/onnx_reader.h"
#include "core/util/error.h"
#include "test_support.h"

namespace {

using qb::DType;
using qb::test::model;

// ---- the six real models -------------------------------------------------------------------

struct RealModel {
    const char* file;
    size_t tensors;
    int64_t params;
    int quantizable;
    int64_t quantizableParams;
    const char* opset;
    const char* architecture;
    size_t nodes;
};

// tensors/params from the one-liner above; nodes = len(g.node); opset from m.opset_import.
const RealModel kModels[] = {
    {"onnx/mnist-8.onnx", 8, 5998, 3, 5960, "8", "CNTKGraph", 12},
    {"onnx/mnist-12.onnx", 8, 5998, 3, 5960, "12", "CNTKGraph", 12},
    {"onnx/fashion_mnist_cnn.onnx", 10, 914698, 5, 914208, "10", "torch-jit-export", 13},
    {"onnx/squeezenet_cifar10.onnx", 22, 73546, 11, 72896, "9", "tf2onnx", 30},
    {"onnx/ch_ppocr_mobile_v2.0_cls_infer.onnx", 250, 133665, 54, 124072, "9", "Model from PaddlePaddle.", 471},
    {"onnx/ch_PP-OCRv4_det_infer.onnx", 342, 1171841, 64, 1164320, "11", "Model from PaddlePaddle.", 672},
};

void PrintTo(const RealModel& r, std::ostream* os) { *os << r.file; }

std::string property(const qb::Model& m, const std::string& key) {
    for (const auto& [k, v] : m.properties)
        if (k == key) return v;
    return "<missing " + key + ">";
}

const qb::TensorEntry& tensor(const qb::Model& m, const std::string& name) {
    const auto* t = m.find(name);
    if (!t) throw std::runtime_error("no tensor " + name);
    return *t;
}

std::vector<float> firstFloats(const qb::TensorEntry& t, size_t n) {
    auto v = qb::toFloat(t);
    v.resize(std::min(n, v.size()));
    return v;
}

class OnnxRealModel : public ::testing::TestWithParam<RealModel> {};

TEST_P(OnnxRealModel, CountsMatchPythonOnnx) {
    const auto& ref = GetParam();
    const auto m = qb::readOnnx(model(ref.file));
    EXPECT_EQ(m.format, "onnx");
    EXPECT_EQ(m.architecture, ref.architecture);
    EXPECT_EQ(m.tensors.size(), ref.tensors);
    EXPECT_EQ(m.totalParams(), ref.params);
    int quantizable = 0;
    int64_t quantizableParams = 0;
    for (const auto& t : m.tensors) {
        if (!t.quantizable) continue;
        ++quantizable;
        quantizableParams += t.params();
        EXPECT_GE(t.shape.size(), 2u) << t.name;
    }
    EXPECT_EQ(quantizable, ref.quantizable);
    EXPECT_EQ(quantizableParams, ref.quantizableParams);
    EXPECT_EQ(property(m, "opset"), ref.opset);
    EXPECT_EQ(m.nodes.size(), ref.nodes);
    EXPECT_EQ(property(m, "node_count"), std::to_string(ref.nodes));
    // Every tensor's bytes match its shape, so toFloat can decode all the numeric ones.
    for (const auto& t : m.tensors) EXPECT_EQ(t.bytes(), *qb::storageBytes(t.dtype, uint64_t(t.params()))) << t.name;
}

TEST_P(OnnxRealModel, DetectedAsOnnx) {
    const auto path = model(GetParam().file);
    EXPECT_EQ(qb::detectFormat(path), qb::ModelFormat::Onnx);
    const auto m = qb::openModel(path);
    EXPECT_EQ(m.format, "onnx");
    EXPECT_EQ(m.tensors.size(), GetParam().tensors);
}

INSTANTIATE_TEST_SUITE_P(All, OnnxRealModel, ::testing::ValuesIn(kModels),
                         [](const auto& info) {
                             std::string n = info.param.file + 5;
                             for (auto& c : n) if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });

TEST(OnnxReader, Mnist8TypedFieldsAndReshapedWeight) {
    const auto m = qb::readOnnx(model("onnx/mnist-8.onnx"));
    // float_data / int64_data fields (no raw_data in this CNTK export).
    const auto& fc = tensor(m, "Parameter193");
    EXPECT_EQ(fc.shape, (std::vector<int64_t>{16, 4, 4, 10}));
    EXPECT_EQ(fc.dtype, DType::F32);
    EXPECT_EQ(firstFloats(fc, 3), (std::vector<float>{0.09163288027048111f, 0.12143590301275253f, 0.0853506475687027f}));
    // Reshaped to [256,10] before MatMul: still a quantizable MatMul weight, channels last.
    EXPECT_TRUE(fc.quantizable);
    EXPECT_EQ(fc.kind, "MatMul");
    EXPECT_EQ(fc.channelAxis, 3);
    const auto& conv = tensor(m, "Parameter5");
    EXPECT_EQ(conv.shape, (std::vector<int64_t>{8, 1, 5, 5}));
    EXPECT_EQ(conv.kind, "Conv");
    EXPECT_EQ(conv.channelAxis, 0);
    EXPECT_EQ(firstFloats(conv, 3), (std::vector<float>{-0.008905669674277306f, -0.23690743744373322f, -0.5088216662406921f}));
    const auto& bias = tensor(m, "Parameter6");
    EXPECT_EQ(bias.kind, "Add");
    EXPECT_FALSE(bias.quantizable);
    const auto& shape = tensor(m, "Parameter193_reshape1_shape");
    EXPECT_EQ(shape.dtype, DType::I64);
    ASSERT_EQ(shape.bytes(), 16u);
    int64_t dims[2];
    std::memcpy(dims, shape.data.data(), 16);
    EXPECT_EQ(dims[0], 256);
    EXPECT_EQ(dims[1], 10);
    EXPECT_FALSE(shape.quantizable);
    // IR 3 lists initializers as graph inputs; only the image is a real input.
    EXPECT_EQ(property(m, "ir_version"), "3");
    EXPECT_EQ(property(m, "producer_name"), "CNTK");
    EXPECT_EQ(property(m, "producer_version"), "2.5.1");
    EXPECT_EQ(property(m, "input.Input3"), "f32 [1,1,28,28]");
    EXPECT_EQ(property(m, "input.Parameter5"), "<missing input.Parameter5>");
    EXPECT_EQ(property(m, "output.Plus214_Output_0"), "f32 [1,10]");
    EXPECT_EQ(property(m, "op_types"), "Add=3, Conv=2, MatMul=1, MaxPool=2, Relu=2, Reshape=2");
}

TEST(OnnxReader, FashionGemmWithTransB) {
    const auto m = qb::readOnnx(model("onnx/fashion_mnist_cnn.onnx"));
    const auto& fc2 = tensor(m, "fc2.weight");
    EXPECT_EQ(fc2.shape, (std::vector<int64_t>{10, 256}));
    EXPECT_EQ(fc2.kind, "Gemm");
    EXPECT_TRUE(fc2.quantizable);
    EXPECT_EQ(fc2.channelAxis, 0); // transB=1: B is [N,K]
    EXPECT_EQ(firstFloats(fc2, 3), (std::vector<float>{0.0434788279235363f, 0.006502898875623941f, 0.0553121380507946f}));
    const auto& conv1 = tensor(m, "conv1.weight");
    EXPECT_EQ(conv1.shape, (std::vector<int64_t>{32, 1, 3, 3}));
    EXPECT_EQ(firstFloats(conv1, 3), (std::vector<float>{-0.14292481541633606f, 0.364797979593277f, -0.22955432534217834f}));
    EXPECT_EQ(property(m, "input.input"), "f32 [batch_size,1,28,28]");
    EXPECT_EQ(property(m, "output.19"), "f32 [128,3200]");
    EXPECT_EQ(property(m, "producer_name"), "pytorch");
}

TEST(OnnxReader, SqueezenetInitializers) {
    const auto m = qb::readOnnx(model("onnx/squeezenet_cifar10.onnx"));
    const auto& w = tensor(m, "squeezenet/fire4/squeeze1x1/Conv2D/ReadVariableOp:0");
    EXPECT_EQ(w.shape, (std::vector<int64_t>{32, 128, 1, 1}));
    EXPECT_TRUE(w.quantizable);
    EXPECT_EQ(firstFloats(w, 3), (std::vector<float>{0.7994747757911682f, 0.058026399463415146f, -0.6251839995384216f}));
    EXPECT_EQ(property(m, "input.input_1"), "f32 [unk__84,32,32,3]");
}

TEST(OnnxReader, PaddleClsConstantNodeWeights) {
    const auto m = qb::readOnnx(model("onnx/ch_ppocr_mobile_v2.0_cls_infer.onnx"));
    const auto& bn = tensor(m, "batch_norm_0.b_0"); // named after the Constant node's output
    EXPECT_EQ(bn.shape, (std::vector<int64_t>{8}));
    EXPECT_EQ(bn.kind, "BatchNormalization");
    EXPECT_EQ(firstFloats(bn, 3), (std::vector<float>{2.3099253177642822f, 1.0519624948501587f, 2.668311595916748f}));
    const auto& fc = tensor(m, "fc_0.w_0");
    EXPECT_EQ(fc.shape, (std::vector<int64_t>{200, 2}));
    EXPECT_EQ(fc.kind, "MatMul");
    EXPECT_TRUE(fc.quantizable);
    EXPECT_EQ(fc.channelAxis, 1);
    EXPECT_EQ(firstFloats(fc, 2), (std::vector<float>{0.07701104879379272f, -0.13949361443519592f}));
    const auto& fill = tensor(m, "fill_constant_1.tmp_0");
    EXPECT_EQ(fill.dtype, DType::I32);
    EXPECT_EQ(firstFloats(fill, 1), (std::vector<float>{200.0f}));
    EXPECT_EQ(property(m, "input.x"), "f32 [p2o.DynamicDimension.0,3,p2o.DynamicDimension.1,p2o.DynamicDimension.2]");
    EXPECT_EQ(property(m, "ir_version"), "8");
}

TEST(OnnxReader, PaddleDetConvTransposeAndEmptyConstants) {
    const auto m = qb::readOnnx(model("onnx/ch_PP-OCRv4_det_infer.onnx"));
    const auto& up = tensor(m, "conv2d_transpose_1.w_0");
    EXPECT_EQ(up.shape, (std::vector<int64_t>{24, 1, 2, 2}));
    EXPECT_EQ(up.kind, "ConvTranspose");
    EXPECT_TRUE(up.quantizable);
    EXPECT_EQ(up.channelAxis, 1);
    EXPECT_EQ(firstFloats(up, 2), (std::vector<float>{1.341078281402588f, 2.2778966426849365f}));
    EXPECT_EQ(firstFloats(tensor(m, "batch_norm2d_0.b_0"), 3),
              (std::vector<float>{-0.3359699845314026f, 1.4703786373138428f, -1.0210589170455933f}));
    // Six Constant values have shape [0] and neither raw_data nor typed values.
    const auto& empty = tensor(m, "p2o.helper.constant.141");
    EXPECT_EQ(empty.shape, (std::vector<int64_t>{0}));
    EXPECT_EQ(empty.bytes(), 0u);
}

// ---- hand-built models -----------------------------------------------------------------------

// A minimal protobuf wire-format writer, so these tests build hostile files without the onnx
// headers or any code of the reader. Field numbers are those of onnx.proto.
struct Pb {
    std::string bytes;
    Pb& varint(int field, uint64_t v) {
        raw(uint64_t(field) << 3);
        raw(v);
        return *this;
    }
    Pb& str(int field, std::string_view s) {
        raw(uint64_t(field) << 3 | 2);
        raw(s.size());
        bytes += s;
        return *this;
    }
    Pb& msg(int field, const Pb& m) { return str(field, m.bytes); }
    void raw(uint64_t v) {
        for (; v >= 0x80; v >>= 7) bytes += char(v | 0x80);
        bytes += char(v);
    }
};

template <typename T>
std::string rawBytes(std::initializer_list<T> values) {
    std::string s(values.size() * sizeof(T), '\0');
    std::memcpy(s.data(), std::data(values), s.size());
    return s;
}

enum OnnxType { kFloat = 1, kUint8 = 2, kInt8 = 3, kInt32 = 6, kInt64 = 7, kBool = 9, kFloat16 = 10, kDouble = 11, kUint32 = 12 };

// TensorProto: dims 1, data_type 2, name 8 (data fields are added by the caller).
Pb tensorPb(const std::string& name, std::initializer_list<int64_t> dims, int type) {
    Pb t;
    for (int64_t d : dims) t.varint(1, uint64_t(d));
    t.varint(2, uint64_t(type));
    t.str(8, name);
    return t;
}

// NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
Pb nodePb(const std::string& op, std::initializer_list<std::string> in, std::initializer_list<std::string> out,
          const Pb& attributes = {}) {
    Pb n;
    for (const auto& s : in) n.str(1, s);
    for (const auto& s : out) n.str(2, s);
    n.str(3, op + "_node").str(4, op);
    n.bytes += attributes.bytes;
    return n;
}

// AttributeProto: name 1, i 3, t 5, ints 8, type 20 (INT 2, TENSOR 4, INTS 7); wrapped as field 5.
Pb intAttr(const std::string& name, int64_t v) {
    return Pb().msg(5, Pb().str(1, name).varint(3, uint64_t(v)).varint(20, 2));
}
Pb intsAttr(const std::string& name, std::initializer_list<int64_t> v) {
    Pb a;
    a.str(1, name);
    for (int64_t x : v) a.varint(8, uint64_t(x));
    return Pb().msg(5, a.varint(20, 7));
}
Pb tensorAttr(const Pb& t) { return Pb().msg(5, Pb().str(1, "value").msg(5, t).varint(20, 4)); }

// ModelProto: ir_version 1, graph 7, opset_import 8; GraphProto: node 1, name 2, initializer 5.
std::string modelBytes(std::initializer_list<Pb> initializers, std::initializer_list<Pb> nodes = {}) {
    Pb g;
    for (const auto& n : nodes) g.msg(1, n);
    g.str(2, "handmade");
    for (const auto& t : initializers) g.msg(5, t);
    Pb m;
    m.varint(1, 8).msg(7, g).msg(8, Pb().varint(2, 13));
    return m.bytes;
}

std::string writeModel(const qb::test::TempDir& dir, const std::string& bytes, const std::string& name = "m.onnx") {
    const auto path = dir.file(name);
    qb::test::writeAll(path, bytes.data(), bytes.size());
    return path;
}

// Runs readOnnx and checks the qb::Error names the file and contains every fragment.
void expectError(const std::string& path, std::initializer_list<std::string> fragments) {
    try {
        qb::readOnnx(path);
        ADD_FAILURE() << "no error for " << path;
    } catch (const qb::Error& e) {
        const std::string msg = e.what();
        EXPECT_EQ(e.where(), path);
        for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << "'" << f << "' not in: " << msg;
    }
}

TEST(OnnxReader, TypedFieldsConvertToRawLayout) {
    qb::test::TempDir dir;
    // f16 bit patterns 0x3c00 (1.0) and 0xc000 (-2.0) travel in int32_data (field 5).
    auto f16 = tensorPb("half", {2}, kFloat16);
    f16.varint(5, 0x3c00).varint(5, 0xc000);
    auto i8 = tensorPb("bytes", {3}, kInt8);
    i8.varint(5, uint64_t(int64_t(-5))).varint(5, 7).varint(5, 127);
    auto flags = tensorPb("flags", {2}, kBool);
    flags.varint(5, 0).varint(5, 1);
    auto dbl = tensorPb("dbl", {1}, kDouble);
    dbl.str(10, rawBytes<double>({2.5}));                // packed double_data
    auto u32 = tensorPb("u32", {1}, kUint32);
    u32.varint(11, 4000000000u);                          // uint64_data
    const auto m = qb::readOnnx(writeModel(dir, modelBytes({f16, i8, flags, dbl, u32})));
    EXPECT_EQ(tensor(m, "half").dtype, DType::F16);
    EXPECT_EQ(tensor(m, "half").bytes(), 4u);
    EXPECT_EQ(qb::toFloat(tensor(m, "half")), (std::vector<float>{1.0f, -2.0f}));
    EXPECT_EQ(tensor(m, "bytes").bytes(), 3u);
    EXPECT_EQ(qb::toFloat(tensor(m, "bytes")), (std::vector<float>{-5.0f, 7.0f, 127.0f}));
    EXPECT_EQ(qb::toFloat(tensor(m, "flags")), (std::vector<float>{0.0f, 1.0f}));
    EXPECT_EQ(qb::toFloat(tensor(m, "dbl")), (std::vector<float>{2.5f}));
    EXPECT_EQ(qb::toFloat(tensor(m, "u32")), (std::vector<float>{4000000000.0f}));
    EXPECT_EQ(m.architecture, "handmade");
}

TEST(OnnxReader, WeightRolesThroughTransposeGemmAndGather) {
    qb::test::TempDir dir;
    auto w = [](const std::string& n, std::initializer_list<int64_t> dims) {
        auto t = tensorPb(n, dims, kFloat);
        int64_t count = 1;
        for (auto d : dims) count *= d;
        return t.str(9, std::string(size_t(count) * 4, '\0'));
    };
    const auto bytes = modelBytes(
        {w("gemm_b", {4, 3}), w("emb", {10, 4}), w("t_w", {3, 4})},
        {nodePb("Gemm", {"x", "gemm_b"}, {"y"}),                    // transB=0: B is [K,N]
         nodePb("Gather", {"emb", "ids"}, {"e"}),                   // embedding lookup
         nodePb("Transpose", {"t_w"}, {"t_wt"}, intsAttr("perm", {1, 0})),
         nodePb("MatMul", {"e", "t_wt"}, {"z"})});                   // uses t_w^T: [4,3]
    const auto m = qb::readOnnx(writeModel(dir, bytes));
    EXPECT_EQ(tensor(m, "gemm_b").channelAxis, 1);
    EXPECT_TRUE(tensor(m, "gemm_b").quantizable);
    EXPECT_EQ(tensor(m, "emb").kind, "Gather");
    EXPECT_TRUE(tensor(m, "emb").quantizable);
    // MatMul's output channels are the last axis of t_w^T, i.e. axis 0 of t_w.
    EXPECT_EQ(tensor(m, "t_w").kind, "MatMul");
    EXPECT_TRUE(tensor(m, "t_w").quantizable);
    EXPECT_EQ(tensor(m, "t_w").channelAxis, 0);
    ASSERT_EQ(m.nodes.size(), 4u);
    EXPECT_EQ(m.nodes[3].op, "MatMul");
    EXPECT_EQ(m.nodes[3].inputs, (std::vector<std::string>{"e", "t_wt"}));
    EXPECT_EQ(m.nodes[3].outputs, (std::vector<std::string>{"z"}));
}

TEST(OnnxReader, ConstantNodeNamedAfterItsOutput) {
    qb::test::TempDir dir;
    auto t = tensorPb("inner_name", {2, 2}, kFloat);
    t.str(9, rawBytes<float>({1, 2, 3, 4}));
    const auto m = qb::readOnnx(writeModel(
        dir, modelBytes({}, {nodePb("Constant", {}, {"w_out"}, tensorAttr(t)), nodePb("Conv", {"x", "w_out"}, {"y"})})));
    ASSERT_EQ(m.tensors.size(), 1u);
    EXPECT_EQ(m.tensors[0].name, "w_out");
    EXPECT_EQ(m.tensors[0].kind, "Conv");
    EXPECT_EQ(qb::toFloat(m.tensors[0]), (std::vector<float>{1, 2, 3, 4}));
}

// TensorProto external_data 13 (StringStringEntryProto key 1, value 2), data_location 14 (EXTERNAL 1).
Pb externalTensor(const std::string& name, std::initializer_list<int64_t> dims, const std::string& location,
                  const std::string& offset, const std::string& length = "") {
    auto t = tensorPb(name, dims, kFloat);
    t.msg(13, Pb().str(1, "location").str(2, location));
    t.msg(13, Pb().str(1, "offset").str(2, offset));
    if (!length.empty()) t.msg(13, Pb().str(1, "length").str(2, length));
    return t.varint(14, 1);
}

TEST(OnnxReader, ExternalDataIsMappedInPlace) {
    qb::test::TempDir dir;
    const std::string bin = std::string(16, 'x') + rawBytes<float>({1.5f, -2.0f, 3.25f, 4.0f, 5.0f, 6.0f});
    qb::test::writeAll(dir.file("weights.bin"), bin.data(), bin.size());
    const auto m = qb::readOnnx(writeModel(
        dir, modelBytes({externalTensor("a", {2, 2}, "weights.bin", "16", "16"),
                         externalTensor("b", {2}, "weights.bin", "32")})));
    const auto& a = tensor(m, "a");
    EXPECT_EQ(a.fileOffset, 16u);
    EXPECT_EQ(qb::toFloat(a), (std::vector<float>{1.5f, -2.0f, 3.25f, 4.0f}));
    EXPECT_EQ(qb::toFloat(tensor(m, "b")), (std::vector<float>{5.0f, 6.0f}));
    // Both views come from one mapping of weights.bin: consecutive in memory.
    EXPECT_EQ(tensor(m, "b").data.data(), a.data.data() + 16);
}

TEST(OnnxReader, ExternalDataOffsetPastEnd) {
    qb::test::TempDir dir;
    const std::string bin(20, '\0');
    qb::test::writeAll(dir.file("w.bin"), bin.data(), bin.size());
    expectError(writeModel(dir, modelBytes({externalTensor("late", {2, 2}, "w.bin", "8")})),
                {"tensor 'late'", "w.bin", "offset 8", "past the end"});
    expectError(writeModel(dir, modelBytes({externalTensor("far", {1}, "w.bin", "4096")})),
                {"tensor 'far'", "offset 4096"});
    expectError(writeModel(dir, modelBytes({externalTensor("len", {2}, "w.bin", "0", "12")})),
                {"tensor 'len'", "length 12", "8 bytes"});
    expectError(writeModel(dir, modelBytes({externalTensor("nan", {2}, "w.bin", "0x10")})),
                {"tensor 'nan'", "offset '0x10'"});
}

TEST(OnnxReader, ExternalDataMissingOrOutsideFolder) {
    qb::test::TempDir dir;
    expectError(writeModel(dir, modelBytes({externalTensor("gone", {2}, "nowhere.bin", "0")})),
                {"tensor 'gone'", "nowhere.bin", "offset 0", "cannot open"});
    expectError(writeModel(dir, modelBytes({externalTensor("up", {2}, "../secret.bin", "0")})),
                {"tensor 'up'", "../secret.bin", "leaves the model's folder"});
    expectError(writeModel(dir, modelBytes({externalTensor("abs", {2}, "/etc/passwd", "0")})),
                {"tensor 'abs'", "leaves the model's folder"});
}

TEST(OnnxReader, TruncatedRealModels) {
    qb::test::TempDir dir;
    const auto path = dir.file("half.onnx");
    for (const char* file : {"onnx/mnist-8.onnx", "onnx/ch_ppocr_mobile_v2.0_cls_infer.onnx"}) {
        const auto bytes = qb::test::readAll(model(file));
        qb::test::writeAll(path, bytes.data(), bytes.size() / 2);
        expectError(path, {"not a valid ONNX protobuf", "field 7 at offset", "truncated?"});
    }
    // The graph (field 7) of fashion_mnist_cnn.onnx starts at byte 16 and holds 3,660,084 bytes:
    //   python3 -c "import onnx; p='fashion_mnist_cnn.onnx'; b=open(p,'rb').read();
    //     g=onnx.load(p).graph.SerializeToString(); print(len(g), b.find(g))"   -> 3660084 21
    // (tag at 16, 4-byte length varint, body at 21). Cut at 3000 bytes.
    const auto fashion = qb::test::readAll(model("onnx/fashion_mnist_cnn.onnx"));
    qb::test::writeAll(path, fashion.data(), 3000);
    expectError(path, {"(3000 bytes)", "field 7 at offset 16 needs 3660084 bytes but the file ends 2979 bytes later"});
}

TEST(OnnxReader, GarbageBytes) {
    qb::test::TempDir dir;
    expectError(writeModel(dir, std::string(64, '\xff')), {"not a valid ONNX protobuf"});
    // Valid protobuf but no graph: still not a model.
    expectError(writeModel(dir, Pb().varint(1, 8).bytes), {"no graph"});
}

TEST(OnnxReader, RawDataLengthMustMatchShape) {
    qb::test::TempDir dir;
    auto t = tensorPb("short", {2, 3}, kFloat);
    t.str(9, rawBytes<float>({1, 2, 3, 4, 5}));
    expectError(writeModel(dir, modelBytes({t})), {"tensor 'short'", "raw_data holds 20 bytes", "needs 24"});
    auto typed = tensorPb("few", {4}, kInt64);
    typed.varint(7, 1).varint(7, 2);
    expectError(writeModel(dir, modelBytes({typed})), {"tensor 'few'", "int64_data holds 2 values", "needs 4"});
    expectError(writeModel(dir, modelBytes({tensorPb("nothing", {3}, kFloat)})), {"tensor 'nothing'", "no data"});
}

TEST(OnnxReader, NegativeAndOverflowingDims) {
    qb::test::TempDir dir;
    expectError(writeModel(dir, modelBytes({tensorPb("neg", {4, -3}, kFloat)})),
                {"tensor 'neg'", "dimension 1 is negative (-3)"});
    expectError(writeModel(dir, modelBytes({tensorPb("huge", {int64_t(1) << 32, int64_t(1) << 32}, kFloat)})),
                {"tensor 'huge'", "overflows int64"});
    // Fits int64 elements but not bytes: 2^62 f32 values.
    expectError(writeModel(dir, modelBytes({tensorPb("bytes", {int64_t(1) << 62}, kFloat)})),
                {"tensor 'bytes'", "overflows"});
}

TEST(OnnxReader, UnknownDataType) {
    qb::test::TempDir dir;
    auto t = tensorPb("odd", {1}, 99);
    t.str(9, "x");
    expectError(writeModel(dir, modelBytes({t})), {"tensor 'odd'", "unknown data_type 99"});
    expectError(writeModel(dir, modelBytes({tensorPb("undef", {1}, 0)})), {"tensor 'undef'", "data_type 0"});
}

// INT4 (22) and UINT4 (21), as QuantBench's QDQ export writes 4-bit codes: two values a byte in
// raw_data, the first in the low nibble, an odd count leaving the last high nibble unused.
TEST(OnnxReader, FourBitIntegersUnpackToBytes) {
    qb::test::TempDir dir;
    auto s4 = tensorPb("codes", {5}, 22);
    s4.str(9, std::string("\x87\xF1\x09", 3)); // 7, -8 | 1, -1 | -7
    auto u4 = tensorPb("zeros", {2, 2}, 21);
    u4.str(9, std::string("\xF0\x3C", 2)); // 0, 15 | 12, 3
    const auto m = qb::readOnnx(writeModel(dir, modelBytes({s4, u4})));
    EXPECT_EQ(tensor(m, "codes").dtype, DType::I8);
    EXPECT_EQ(tensor(m, "codes").fileOffset, 0u);
    EXPECT_EQ(qb::toFloat(tensor(m, "codes")), (std::vector<float>{7, -8, 1, -1, -7}));
    EXPECT_EQ(tensor(m, "zeros").dtype, DType::U8);
    EXPECT_EQ(qb::toFloat(tensor(m, "zeros")), (std::vector<float>{0, 15, 12, 3}));

    auto shortRaw = tensorPb("short", {5}, 22);
    shortRaw.str(9, std::string("\x87\xF1", 2));
    expectError(writeModel(dir, modelBytes({shortRaw})), {"tensor 'short'", "raw_data holds 2 bytes but shape [5] of int4 needs 3"});
    auto typed = tensorPb("typed", {2}, 21);
    typed.varint(5, 0x21);
    expectError(writeModel(dir, modelBytes({typed})), {"tensor 'typed'", "4-bit values outside raw_data"});
}

TEST(OnnxReader, DuplicateTensorNames) {
    qb::test::TempDir dir;
    auto t = tensorPb("twice", {1}, kFloat);
    t.str(9, rawBytes<float>({1}));
    expectError(writeModel(dir, modelBytes({t, t})), {"tensor 'twice'", "defined twice"});
}

} // namespace
