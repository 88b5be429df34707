// Every ONNX backend node test whose operators the engine supports runs here: the model and its
// test_data_set_*/input_*.pb go through readOnnx and the Executor, and the outputs must match
// output_*.pb within the ONNX backend tolerance (rtol 1e-3; atol 1e-5, looser than the
// backend's 1e-7 because oneDNN's vectorised exp/log/tanh differ from libm in the last bits).
// A test is out of scope when it uses an operator the engine lacks, a data type other than
// float32/int32/int64, Resize modes other than nearest, or a feature listed in kExcluded.
#include <gtest/gtest.h>

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/engine/graph_executor.h"
#include "core/formats/onnx_reader.h"
#include "core/formats/onnx_tensor.h"
#include "core/util/error.h"

namespace {
namespace fs = std::filesystem;
using qb::engine::Tensor;

// Supported operators, unsupported features: name prefix -> reason.
const std::map<std::string, std::string> kExcluded = {
    {"test_batchnorm_epsilon_training_mode", "training_mode BatchNormalization (inference engine)"},
    {"test_batchnorm_example_training_mode", "training_mode BatchNormalization (inference engine)"},
    {"test_maxpool_with_argmax", "MaxPool's Indices output"},
};

std::string excludedReason(const std::string& name) {
    for (const auto& [prefix, why] : kExcluded)
        if (name.rfind(prefix, 0) == 0) return why;
    return {};
}

bool computable(int32_t onnxType) {
    return onnxType == onnx::TensorProto::FLOAT || onnxType == onnx::TensorProto::INT64 ||
           onnxType == onnx::TensorProto::INT32;
}

onnx::TensorProto readProto(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    onnx::TensorProto t;
    if (!t.ParseFromIstream(&in)) throw std::runtime_error("cannot parse " + p.string());
    return t;
}

Tensor toTensor(const onnx::TensorProto& proto, const std::string& where) {
    std::vector<std::shared_ptr<const void>> storage;
    qb::OnnxTensorLoader loader(where, storage);
    const qb::TensorEntry e = loader.load(proto, proto.name());
    qb::engine::Shape shape(e.shape.begin(), e.shape.end());
    if (e.dtype == qb::DType::F32) {
        Tensor t(qb::DType::F32, shape);
        qb::toFloat(e, t.f);
        return t;
    }
    Tensor t(qb::DType::I64, shape);
    for (size_t k = 0; k < t.i.size(); ++k) {
        if (e.dtype == qb::DType::I64) std::memcpy(&t.i[k], e.data.data() + 8 * k, 8);
        else {
            int32_t v;
            std::memcpy(&v, e.data.data() + 4 * k, 4);
            t.i[k] = v;
        }
    }
    return t;
}

struct Scope {
    std::vector<std::string> inScope;
    std::map<std::string, std::string> outOfScope; // test -> reason
};

// Decides once, from the model files, which node tests the engine must pass.
const Scope& scope() {
    static const Scope s = [] {
        Scope r;
        std::error_code ec;
        if (!fs::is_directory(QB_ONNX_NODE_TESTS, ec)) return r;
        const auto ops = qb::engine::supportedOperators();
        const std::set<std::string> supported(ops.begin(), ops.end());
        std::vector<fs::path> dirs;
        for (const auto& e : fs::directory_iterator(QB_ONNX_NODE_TESTS)) dirs.push_back(e.path());
        std::sort(dirs.begin(), dirs.end());
        for (const auto& dir : dirs) {
            const std::string name = dir.filename().string();
            onnx::ModelProto m;
            std::ifstream in(dir / "model.onnx", std::ios::binary);
            if (!m.ParseFromIstream(&in)) {
                r.outOfScope[name] = "model.onnx does not parse";
                continue;
            }
            std::string why;
            for (const auto& n : m.graph().node()) {
                if (!supported.count(n.op_type()) && why.empty()) why = "operator " + n.op_type() + " not supported";
                for (const auto& a : n.attribute())
                    if (n.op_type() == "Resize" && a.name() == "mode" && a.s() != "nearest" && why.empty())
                        why = "Resize modes other than nearest (linear, cubic)";
            }
            for (const auto* list : {&m.graph().input(), &m.graph().output()})
                for (const auto& v : *list)
                    if (why.empty() && (!v.type().has_tensor_type() || !computable(v.type().tensor_type().elem_type())))
                        why = "value '" + v.name() + "' is not a float32/int32/int64 tensor";
            if (why.empty()) why = excludedReason(name);
            if (why.empty()) r.inScope.push_back(name);
            else r.outOfScope[name] = why;
        }
        return r;
    }();
    return s;
}

// The engine needs shapes, axes, pads, scales and clip bounds when it plans (real models hold
// them in initializers or compute them from shapes); node tests feed them as graph inputs, so
// those inputs are bound as constants: every integer input, and float inputs in a parameter slot.
bool isParameterInput(const qb::Model& m, const std::string& name, const Tensor& value) {
    if (value.dtype == qb::DType::I64) return true;
    for (const auto& n : m.nodes)
        for (size_t k = 1; k < n.inputs.size(); ++k)
            if (n.inputs[k] == name && (n.op == "Clip" || n.op == "Resize" || n.op == "Pad")) return true;
    return false;
}

void bindAsConstant(qb::Model& m, const std::string& name, const Tensor& value) {
    qb::TensorEntry e;
    e.name = name;
    e.shape = value.shape;
    if (value.dtype == qb::DType::F32) {
        auto buf = std::make_shared<std::vector<float>>(value.f.begin(), value.f.end());
        e.dtype = qb::DType::F32;
        e.data = std::as_bytes(std::span<const float>(*buf));
        m.storage.push_back(buf);
    } else {
        auto buf = std::make_shared<std::vector<int64_t>>(value.i.begin(), value.i.end());
        e.dtype = qb::DType::I64;
        e.data = std::as_bytes(std::span<const int64_t>(*buf));
        m.storage.push_back(buf);
    }
    m.tensors.push_back(e);
    std::erase_if(m.graphInputs, [&](const qb::GraphValue& v) { return v.name == name; });
}

class OnnxNode : public testing::TestWithParam<std::string> {};

TEST_P(OnnxNode, MatchesExpectedOutputs) {
    const fs::path dir = fs::path(QB_ONNX_NODE_TESTS) / GetParam();
    const qb::Model original = qb::readOnnx((dir / "model.onnx").string());
    int sets = 0;
    for (int s = 0; fs::is_directory(dir / ("test_data_set_" + std::to_string(s))); ++s, ++sets) {
        const fs::path data = dir / ("test_data_set_" + std::to_string(s));
        qb::Model model = original;
        std::vector<Tensor> inputs;
        for (size_t k = 0; k < original.graphInputs.size(); ++k) {
            Tensor t = toTensor(readProto(data / ("input_" + std::to_string(k) + ".pb")), data.string());
            if (k > 0 && isParameterInput(original, original.graphInputs[k].name, t))
                bindAsConstant(model, original.graphInputs[k].name, t);
            else
                inputs.push_back(std::move(t));
        }
        qb::engine::Executor ex(model);
        const auto outputs = ex.run(inputs);
        ASSERT_EQ(outputs.size(), ex.outputs().size());
        for (size_t k = 0; k < outputs.size(); ++k) {
            const Tensor want = toTensor(readProto(data / ("output_" + std::to_string(k) + ".pb")), data.string());
            const Tensor& got = outputs[k];
            ASSERT_EQ(got.shape, want.shape) << "output " << k;
            ASSERT_EQ(got.dtype, want.dtype) << "output " << k;
            EXPECT_EQ(got.i, want.i) << "output " << k;
            for (size_t e = 0; e < want.f.size(); ++e) {
                const float a = got.f[e], b = want.f[e];
                if (std::isnan(b)) {
                    EXPECT_TRUE(std::isnan(a)) << "output " << k << " element " << e;
                    continue;
                }
                ASSERT_LE(std::fabs(a - b), 1e-5f + 1e-3f * std::fabs(b)) << "output " << k << " element " << e;
            }
        }
    }
    EXPECT_GT(sets, 0);
}

INSTANTIATE_TEST_SUITE_P(Node, OnnxNode, testing::ValuesIn(scope().inScope),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });

// Prints the scope so the ctest log says which node tests ran and why the others did not.
TEST(OnnxNodeScope, ListsScope) {
    if (scope().inScope.empty() && scope().outOfScope.empty()) GTEST_SKIP() << "no " << QB_ONNX_NODE_TESTS;
    std::map<std::string, int> reasons;
    for (const auto& [name, why] : scope().outOfScope) ++reasons[why.rfind("operator ", 0) == 0 ? "operator not supported" : why];
    std::cout << scope().inScope.size() << " node tests in scope, " << scope().outOfScope.size() << " out of scope:\n";
    for (const auto& [why, n] : reasons) std::cout << "  " << n << "  " << why << "\n";
    // Debian 12's libonnx-testdata holds 932 node tests; 255 are in scope. A change in either count
    // is news (an operator gained or lost, a test skipped by a new reason) and updates this line.
    EXPECT_EQ(scope().inScope.size(), 255u);
    EXPECT_EQ(scope().outOfScope.size(), 677u);
}

} // namespace
