// End-to-end: `quantbench-cli inspect` on every real model in ../shared/models, against reference
// figures from independent readers:
//   ONNX:  /usr/bin/python3 -c "import onnx,numpy as np; m=onnx.load(F); ts=list(m.graph.initializer)+
//          [a.t for n in m.graph.node if n.op_type=='Constant' for a in n.attribute if a.name=='value'];
//          print(len(ts), sum(int(np.prod(t.dims)) for t in ts), sum(numpy_helper.to_array(t).nbytes ...))"
//   Keras: h5py, every dataset under /model_weights (count, sum of sizes, sum of nbytes)
//   GGUF:  PROVENANCE (48 tensors, all F32, data from byte 14,176 to the end of the 1,185,376-byte file)
//   llama2c: PROVENANCE header arithmetic (260,032 weights; output shares the embedding)
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

using qb::test::runCli;

namespace {

struct Expected {
    const char* file;
    const char* format;
    size_t tensors;
    int64_t params;
    uint64_t bytes;
};

const Expected kModels[] = {
    {"onnx/mnist-8.onnx", "onnx", 8, 5998, 24008},
    {"onnx/mnist-12.onnx", "onnx", 8, 5998, 24008},
    {"onnx/fashion_mnist_cnn.onnx", "onnx", 10, 914698, 3658792},
    {"onnx/squeezenet_cifar10.onnx", "onnx", 22, 73546, 294184},
    {"onnx/ch_ppocr_mobile_v2.0_cls_infer.onnx", "onnx", 250, 133665, 534660},
    {"onnx/ch_PP-OCRv4_det_infer.onnx", "onnx", 342, 1171841, 4687364},
    {"keras/mnist_cnn.h5", "keras_h5", 8, 225034, 900136},
    {"keras/mnist_cnn_small.h5", "keras_h5", 6, 4330, 17320},
    // 48 tensors; output.weight is a stored copy of token_embd (512*64 more than the .bin).
    {"gguf/stories260K.gguf", "gguf", 48, 260032 + 512 * 64, 1185376 - 14176},
    // embedding + 5 layers x 9 + final norm; no separate classifier.
    {"llama2c/stories260K.bin", "llama2c", 47, 260032, 260032 * 4},
};

class CliInspect : public ::testing::TestWithParam<Expected> {};

} // namespace

TEST_P(CliInspect, JsonMatchesIndependentReader) {
    const auto& e = GetParam();
    const auto r = runCli("inspect --json " + qb::test::shellQuote(qb::test::model(e.file)));
    ASSERT_EQ(r.code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out); // stdout holds exactly one JSON document
    EXPECT_EQ(doc.at("format"), e.format);
    EXPECT_FALSE(doc.at("architecture").get<std::string>().empty());
    EXPECT_EQ(doc.at("tensors").size(), e.tensors);
    EXPECT_EQ(doc.at("total_params").get<int64_t>(), e.params);
    EXPECT_EQ(doc.at("total_bytes").get<uint64_t>(), e.bytes);
    int64_t sum = 0, quantizable = 0;
    for (const auto& t : doc.at("tensors")) {
        for (const char* key : {"name", "shape", "dtype", "params", "bytes", "quantizable"})
            EXPECT_TRUE(t.contains(key)) << key;
        sum += t.at("params").get<int64_t>();
        quantizable += t.at("quantizable").get<bool>();
    }
    EXPECT_EQ(sum, e.params);
    EXPECT_GT(quantizable, 0);
}

TEST_P(CliInspect, HumanOutputEndsWithTotals) {
    const auto& e = GetParam();
    const auto r = runCli("inspect " + qb::test::shellQuote(qb::test::model(e.file)));
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string totals = std::to_string(e.tensors) + " tensors, " + std::to_string(e.params) + " parameters";
    EXPECT_NE(r.out.find(totals), std::string::npos) << r.out.substr(r.out.size() > 300 ? r.out.size() - 300 : 0);
}

TEST_P(CliInspect, TruncatedFileIsAnErrorNamingTheFile) {
    const auto& e = GetParam();
    qb::test::TempDir tmp;
    auto bytes = qb::test::readAll(qb::test::model(e.file));
    bytes.resize(bytes.size() / 2);
    const std::string cut = tmp.file("cut-model");
    qb::test::writeAll(cut, bytes);
    const auto r = runCli("inspect " + qb::test::shellQuote(cut));
    EXPECT_EQ(r.code, 1) << r.out;
    EXPECT_EQ(r.err.rfind("error: " + cut + ": ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err; // one line only
}

INSTANTIATE_TEST_SUITE_P(SharedModels, CliInspect, ::testing::ValuesIn(kModels),
                         [](const auto& info) {
                             std::string n = info.param.file;
                             for (auto& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });
