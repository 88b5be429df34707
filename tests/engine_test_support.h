// A tiny ONNX-style graph built in code, for engine tests: constants, nodes, inputs, outputs.
#pragma once
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/model/model.h"

namespace qb::test {

struct GraphBuilder {
    qb::Model m;
    GraphBuilder() {
        m.path = "test.onnx";
        m.format = "onnx";
        m.addProperty("opset", "13");
    }
    void constant(const std::string& name, std::vector<int64_t> shape, std::vector<float> values) {
        constant(name, std::move(shape), std::move(values), qb::DType::F32);
    }
    template <typename T>
    void constant(const std::string& name, std::vector<int64_t> shape, std::vector<T> values, qb::DType t) {
        auto buf = std::make_shared<std::vector<T>>(std::move(values));
        m.storage.push_back(buf);
        qb::TensorEntry e;
        e.name = name;
        e.shape = std::move(shape);
        e.dtype = t;
        e.data = std::as_bytes(std::span<const T>(*buf));
        m.tensors.push_back(e);
    }
    qb::GraphNode& node(const std::string& op, std::vector<std::string> in, std::vector<std::string> out) {
        m.nodes.push_back({op + std::to_string(m.nodes.size()), op, std::move(in), std::move(out), {}});
        return m.nodes.back();
    }
    // A 1x1 convolution with weights diag(scale) and the given bias: y[m] = scale[m] * x[m] + bias[m].
    void diagonalConv(const std::string& name, const std::string& in, const std::string& out, std::vector<float> scale,
                      std::vector<float> bias) {
        const auto C = int64_t(scale.size());
        std::vector<float> w(size_t(C * C), 0.f);
        for (int64_t m = 0; m < C; ++m) w[size_t(m * C + m)] = scale[size_t(m)];
        constant(name + "_w", {C, C, 1, 1}, w);
        constant(name + "_b", {C}, std::move(bias));
        node("Conv", {in, name + "_w", name + "_b"}, {out});
    }
};

} // namespace qb::test
