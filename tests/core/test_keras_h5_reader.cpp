// Keras HDF5 reader. Reference numbers from h5py (/usr/bin/python3) and h5ls, never from our code:
//   h5ls -r mnist_cnn.h5 | grep -v optimizer          (datasets and shapes under /model_weights)
//   f = h5py.File(p); mw = f['model_weights']
//   for ln in mw.attrs['layer_names']: for wn in mw[ln].attrs['weight_names']: d = mw[ln][wn]
//       d.shape, d.size (summed: 225,034 / 4,330), d.id.get_offset(), d[()].flatten()[:2]
#include <hdf5.h>

#include <filesystem>

#include "core/formats/keras_h5_reader.h"
#include "core/formats/model_reader.h"
#include "core/tensor/dtype.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"
#include "test_support.h"

using namespace qb;

namespace {

const std::string kCnn = test::model("keras/mnist_cnn.h5");
const std::string kCnnSmall = test::model("keras/mnist_cnn_small.h5");

template <typename F>
std::string errorOf(F&& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

std::vector<float> values(const Model& m, const std::string& name) {
    const TensorEntry* t = m.find(name);
    EXPECT_NE(t, nullptr) << name;
    return t ? toFloat(*t) : std::vector<float>{};
}

const MappedFile& mapping(const Model& m) {
    return *std::static_pointer_cast<const MappedFile>(m.storage.front());
}

// Writes small HDF5 files the way h5py/Keras lay them out, with the HDF5 C API.
class H5Builder {
public:
    explicit H5Builder(const std::string& path)
        : file_(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)) {
        EXPECT_GE(file_, 0) << path;
    }
    ~H5Builder() { H5Fclose(file_); }

    void group(const std::string& path) {
        const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
        H5Pset_create_intermediate_group(lcpl, 1);
        const hid_t g = H5Gcreate2(file_, path.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT);
        EXPECT_GE(g, 0) << path;
        H5Gclose(g);
        H5Pclose(lcpl);
    }
    /// Scalar variable-length string, as h5py writes a Python str attribute.
    void text(const std::string& obj, const std::string& name, const std::string& value) {
        const hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, H5T_VARIABLE);
        const hid_t space = H5Screate(H5S_SCALAR);
        const char* p = value.c_str();
        const hid_t a = H5Acreate_by_name(file_, obj.c_str(), name.c_str(), type, space, H5P_DEFAULT,
                                          H5P_DEFAULT, H5P_DEFAULT);
        EXPECT_GE(H5Awrite(a, type, &p), 0);
        H5Aclose(a);
        H5Sclose(space);
        H5Tclose(type);
    }
    /// Fixed-length string array (numpy |S<n>), as Keras writes layer_names / weight_names.
    void names(const std::string& obj, const std::string& name, const std::vector<std::string>& list) {
        size_t width = 1;
        for (const auto& s : list) width = std::max(width, s.size());
        std::vector<char> buf(width * list.size(), '\0');
        for (size_t i = 0; i < list.size(); ++i)
            std::memcpy(buf.data() + i * width, list[i].data(), list[i].size());
        const hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, width);
        H5Tset_strpad(type, H5T_STR_NULLPAD);
        const hsize_t n = list.size();
        const hid_t space = H5Screate_simple(1, &n, nullptr);
        const hid_t a = H5Acreate_by_name(file_, obj.c_str(), name.c_str(), type, space, H5P_DEFAULT,
                                          H5P_DEFAULT, H5P_DEFAULT);
        EXPECT_GE(H5Awrite(a, type, buf.data()), 0);
        H5Aclose(a);
        H5Sclose(space);
        H5Tclose(type);
    }
    /// A float dataset stored as `fileType`, optionally chunked and deflate-compressed.
    void floats(const std::string& path, hid_t fileType, const std::vector<hsize_t>& dims,
                const std::vector<float>& data, bool compressed = false) {
        const hid_t space = H5Screate_simple(int(dims.size()), dims.data(), nullptr);
        const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
        if (compressed) {
            H5Pset_chunk(dcpl, int(dims.size()), dims.data());
            H5Pset_deflate(dcpl, 6);
        }
        const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
        H5Pset_create_intermediate_group(lcpl, 1);
        const hid_t d = H5Dcreate2(file_, path.c_str(), fileType, space, lcpl, dcpl, H5P_DEFAULT);
        EXPECT_GE(d, 0) << path;
        EXPECT_GE(H5Dwrite(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), 0);
        H5Dclose(d);
        H5Pclose(lcpl);
        H5Pclose(dcpl);
        H5Sclose(space);
    }

private:
    hid_t file_;
};

// IEEE half as a 2-byte HDF5 float type (what h5py writes for numpy float16).
hid_t halfType() {
    const hid_t t = H5Tcopy(H5T_IEEE_F32LE);
    H5Tset_fields(t, 15, 10, 5, 0, 10);
    H5Tset_size(t, 2);
    H5Tset_ebias(t, 15);
    return t;
}

// One-layer Sequential model whose single weight has the given shape.
void singleLayerFile(const std::string& path, const std::string& layerJson, const std::string& layer,
                     const std::string& weight, const std::vector<hsize_t>& dims) {
    H5Builder b(path);
    b.text("/", "model_config",
           R"({"class_name": "Sequential", "config": {"name": "s", "layers": [)" + layerJson + "]}}");
    size_t n = 1;
    for (auto d : dims) n *= d;
    b.floats("/model_weights/" + layer + "/" + weight, H5T_IEEE_F32LE, dims, std::vector<float>(n, 0.5f));
    b.names("/model_weights", "layer_names", {layer});
    b.names("/model_weights/" + layer, "weight_names", {weight});
}

} // namespace

TEST(KerasH5Reader, MnistCnn) {
    const Model m = openModel(kCnn);
    EXPECT_EQ(m.format, "keras_h5");
    EXPECT_EQ(m.architecture, "Sequential (sequential)");
    // 4 layers with kernel+bias; /optimizer_weights/Adam/... is not read.
    ASSERT_EQ(m.tensors.size(), 8u);
    EXPECT_EQ(m.totalParams(), 225034); // PROVENANCE and the h5py sum
    for (const auto& t : m.tensors) EXPECT_EQ(t.name.find("Adam"), std::string::npos) << t.name;

    const TensorEntry& conv = *m.find("conv2d_1/kernel:0");
    EXPECT_EQ(conv.shape, (std::vector<int64_t>{3, 3, 32, 64})); // HWIO
    EXPECT_EQ(conv.kind, "Conv2D");
    EXPECT_TRUE(conv.quantizable);
    EXPECT_EQ(conv.channelAxis, 3);
    const TensorEntry& dense = *m.find("dense/kernel:0");
    EXPECT_EQ(dense.shape, (std::vector<int64_t>{1600, 128}));
    EXPECT_EQ(dense.kind, "Dense");
    EXPECT_EQ(dense.channelAxis, 1);
    EXPECT_TRUE(dense.quantizable);
    const TensorEntry& bias = *m.find("dense_1/bias:0");
    EXPECT_EQ(bias.shape, (std::vector<int64_t>{10}));
    EXPECT_FALSE(bias.quantizable);
    EXPECT_EQ(bias.dtype, DType::F32);

    // Contiguous float32 datasets are views into the mapping at h5py's get_offset().
    EXPECT_EQ(m.find("conv2d/kernel:0")->fileOffset, 9496u);
    EXPECT_EQ(m.find("dense_1/kernel:0")->fileOffset, 915328u);
    EXPECT_EQ(bias.fileOffset, 922496u);
    EXPECT_EQ(bias.data.data(), mapping(m).data() + 922496);

    auto v = values(m, "conv2d/kernel:0");
    EXPECT_FLOAT_EQ(v[0], 0.03519367426633835f);
    EXPECT_FLOAT_EQ(v[1], -0.03881518170237541f);
    EXPECT_FLOAT_EQ(v.back(), 0.1418125480413437f);
    v = values(m, "dense/kernel:0");
    EXPECT_FLOAT_EQ(v[1], -0.06105517968535423f);
    EXPECT_FLOAT_EQ(v.back(), 0.03415853530168533f);
    v = values(m, "dense_1/bias:0");
    EXPECT_FLOAT_EQ(v[0], -0.016285531222820282f);
    EXPECT_FLOAT_EQ(v.back(), -0.009291814640164375f);

    // Nodes from model_config, in Sequential order.
    ASSERT_EQ(m.nodes.size(), 7u);
    const char* ops[] = {"Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense"};
    for (size_t i = 0; i < 7; ++i) EXPECT_EQ(m.nodes[i].op, ops[i]) << i;
    EXPECT_EQ(m.nodes[2].name, "conv2d_1");
    EXPECT_EQ(m.nodes[2].inputs, (std::vector<std::string>{"max_pooling2d"}));
    EXPECT_TRUE(m.nodes[0].inputs.empty());

    auto prop = [&](const std::string& k) {
        for (const auto& [key, val] : m.properties)
            if (key == k) return val;
        return std::string("<missing>");
    };
    EXPECT_EQ(prop("keras_version"), "2.2.4-tf");
    EXPECT_EQ(prop("backend"), "tensorflow");
    EXPECT_EQ(prop("input_shape"), "[null,28,28,1]");
}

TEST(KerasH5Reader, MnistCnnSmall) {
    const Model m = readKerasH5(kCnnSmall);
    // conv2d 4x4x1x8+8, conv2d_1 2x2x8x8+8, dense 392x10+10 (h5py: sum of d.size = 4,330).
    ASSERT_EQ(m.tensors.size(), 6u);
    EXPECT_EQ(m.totalParams(), 4330);
    EXPECT_EQ(m.nodes.size(), 8u);
    EXPECT_EQ(m.nodes[2].op, "Dropout");
    EXPECT_EQ(m.find("conv2d/kernel:0")->shape, (std::vector<int64_t>{4, 4, 1, 8}));
    EXPECT_EQ(m.find("conv2d_1/kernel:0")->shape, (std::vector<int64_t>{2, 2, 8, 8}));
    EXPECT_EQ(m.find("dense/kernel:0")->shape, (std::vector<int64_t>{392, 10}));
    EXPECT_EQ(m.find("conv2d/kernel:0")->fileOffset, 9504u);
    EXPECT_EQ(m.find("dense/kernel:0")->fileOffset, 21320u);
    auto v = values(m, "conv2d/kernel:0");
    EXPECT_FLOAT_EQ(v[0], 0.20519022643566132f);
    EXPECT_FLOAT_EQ(v[1], 0.5652144551277161f);
    EXPECT_FLOAT_EQ(v.back(), -0.18529409170150757f);
    v = values(m, "dense/bias:0");
    EXPECT_FLOAT_EQ(v[1], 1.653062105178833f);
    EXPECT_FLOAT_EQ(v.back(), -0.3686889708042145f);
}

TEST(KerasH5Reader, FunctionalModelWithOtherLayoutsAndDtypes) {
    test::TempDir dir;
    const std::string path = dir.file("functional.h5");
    {
        H5Builder b(path);
        // Keras 2 inbound form for dense and add, Keras 3 form (keras_history) for bn.
        b.text("/", "model_config", R"({"class_name": "Functional", "config": {"name": "func", "layers": [
            {"name": "in", "class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [null, 4]},
             "inbound_nodes": []},
            {"name": "dense", "class_name": "Dense", "config": {"name": "dense", "units": 3},
             "inbound_nodes": [[["in", 0, 0, {}]]]},
            {"name": "bn", "class_name": "BatchNormalization", "config": {"name": "bn"},
             "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__",
                                          "config": {"shape": [null, 3], "keras_history": ["dense", 0, 0]}}],
                                "kwargs": {}}]},
            {"name": "add", "class_name": "Add", "config": {"name": "add"},
             "inbound_nodes": [[["dense", 0, 0, {}], ["bn", 0, 0, {}]]]}]}})");
        b.text("/", "keras_version", "2.4.0");
        b.group("/model_weights/in");
        b.group("/model_weights/add");
        b.names("/model_weights", "layer_names", {"in", "dense", "bn", "add"});
        // Chunked + deflate kernel and a big-endian bias: both must be decoded by HDF5.
        b.floats("/model_weights/dense/dense/kernel:0", H5T_IEEE_F32LE, {4, 3},
                 {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, /*compressed=*/true);
        b.floats("/model_weights/dense/dense/bias:0", H5T_IEEE_F32BE, {3}, {-1.5f, 0.25f, 3.0f});
        b.names("/model_weights/dense", "weight_names", {"dense/kernel:0", "dense/bias:0"});
        // No weight_names, datasets nested one level deeper (Keras 3 "functional/bn/..." paths),
        // stored as float16.
        const hid_t half = halfType();
        for (const char* w : {"gamma", "beta", "moving_mean", "moving_variance"})
            b.floats(std::string("/model_weights/bn/functional/bn/") + w, half, {3}, {1.0f, 0.5f, -2.0f});
        H5Tclose(half);
        b.group("/optimizer_weights/Adam");
        b.floats("/optimizer_weights/Adam/iter:0", H5T_IEEE_F32LE, {1}, {7});
    }
    const Model m = readKerasH5(path);
    EXPECT_EQ(m.architecture, "Functional (func)");
    ASSERT_EQ(m.tensors.size(), 6u);
    EXPECT_EQ(m.totalParams(), 12 + 3 + 4 * 3);

    const TensorEntry& kernel = *m.find("dense/kernel:0");
    EXPECT_EQ(kernel.shape, (std::vector<int64_t>{4, 3}));
    EXPECT_TRUE(kernel.quantizable);
    EXPECT_EQ(kernel.fileOffset, 0u); // decoded into an owned buffer
    EXPECT_EQ(toFloat(kernel), (std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
    EXPECT_EQ(values(m, "dense/bias:0"), (std::vector<float>{-1.5f, 0.25f, 3.0f}));

    // Found by walking the layer group (name order), named "<layer>/<weight>".
    const char* bnOrder[] = {"bn/beta", "bn/gamma", "bn/moving_mean", "bn/moving_variance"};
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(m.tensors[2 + i].name, bnOrder[i]);
    const TensorEntry& gamma = *m.find("bn/gamma");
    EXPECT_EQ(gamma.dtype, DType::F16);
    EXPECT_EQ(gamma.kind, "BatchNormalization");
    EXPECT_FALSE(gamma.quantizable);
    EXPECT_NE(gamma.fileOffset, 0u); // contiguous little-endian half: a view
    EXPECT_EQ(gamma.data.data(), mapping(m).data() + gamma.fileOffset);
    EXPECT_EQ(toFloat(gamma), (std::vector<float>{1.0f, 0.5f, -2.0f}));

    ASSERT_EQ(m.nodes.size(), 4u);
    EXPECT_EQ(m.nodes[1].inputs, (std::vector<std::string>{"in"}));
    EXPECT_EQ(m.nodes[2].inputs, (std::vector<std::string>{"dense"}));
    EXPECT_EQ(m.nodes[3].inputs, (std::vector<std::string>{"dense", "bn"}));
}

TEST(KerasH5Reader, WeightShapeMustFitLayerConfig) {
    test::TempDir dir;
    struct Case {
        std::string layerJson, layer, weight;
        std::vector<hsize_t> dims;
        std::string expected;
    };
    const Case cases[] = {
        {R"({"class_name": "Dense", "config": {"name": "dense", "units": 5}})",
         "dense",
         "dense/kernel:0",
         {4, 3},
         "layer 'dense' (Dense, units 5): dataset '/model_weights/dense/dense/kernel:0' has shape [4, 3], "
         "expected [*, 5]"},
        {R"({"class_name": "Conv2D", "config": {"name": "c", "filters": 8, "kernel_size": [3, 3]}})",
         "c",
         "c/kernel:0",
         {5, 5, 1, 8},
         "layer 'c' (Conv2D, filters 8): dataset '/model_weights/c/c/kernel:0' has "
         "shape [5, 5, 1, 8], expected [3, 3, *, 8]"},
    };
    int i = 0;
    for (const auto& c : cases) {
        const std::string path = dir.file("mismatch" + std::to_string(i++) + ".h5");
        singleLayerFile(path, c.layerJson, c.layer, c.weight, c.dims);
        const std::string msg = errorOf([&] { readKerasH5(path); });
        EXPECT_EQ(msg, path + ": " + c.expected);
    }
    // The same file with a fitting shape opens.
    const std::string ok = dir.file("ok.h5");
    singleLayerFile(ok, cases[0].layerJson, "dense", "dense/kernel:0", {4, 5});
    EXPECT_EQ(readKerasH5(ok).totalParams(), 20);
}

TEST(KerasH5Reader, FileWithoutModelConfig) {
    test::TempDir dir;
    const std::string path = dir.file("weights_only.h5");
    {
        H5Builder b(path);
        b.group("/model_weights/dense");
    }
    const std::string msg = errorOf([&] { readKerasH5(path); });
    EXPECT_EQ(msg.rfind(path + ": no 'model_config' attribute", 0), 0u) << msg;
}

TEST(KerasH5Reader, ModelConfigWithoutWeightsGroup) {
    test::TempDir dir;
    const std::string path = dir.file("config_only.h5");
    {
        H5Builder b(path);
        b.text("/", "model_config", R"({"class_name": "Sequential", "config": {"name": "s", "layers": []}})");
    }
    const std::string msg = errorOf([&] { readKerasH5(path); });
    EXPECT_EQ(msg, path + ": no /model_weights group: the file holds no Keras weights");
}

TEST(KerasH5Reader, TruncatedFile) {
    test::TempDir dir;
    auto bytes = test::readAll(kCnn);
    bytes.resize(bytes.size() / 2);
    const std::string path = dir.file("half.h5");
    test::writeAll(path, bytes);
    const std::string msg = errorOf([&] { openModel(path); });
    EXPECT_EQ(msg.rfind(path + ": cannot open as HDF5", 0), 0u) << msg;
    EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
}

TEST(KerasH5Reader, GarbageAfterSignatureAndNonHdf5) {
    test::TempDir dir;
    std::vector<unsigned char> bytes = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    for (int i = 0; i < 4096; ++i) bytes.push_back(static_cast<unsigned char>(i * 37 + 11));
    const std::string garbage = dir.file("garbage.h5");
    test::writeAll(garbage, bytes);
    std::string msg = errorOf([&] { openModel(garbage); });
    EXPECT_EQ(msg.rfind(garbage + ": cannot open as HDF5", 0), 0u) << msg;

    const std::string text = dir.file("text.h5");
    test::writeAll(text, "just some text, not HDF5", 24);
    msg = errorOf([&] { readKerasH5(text); });
    EXPECT_EQ(msg, text + ": not an HDF5 file (no HDF5 signature)");
}

TEST(KerasH5Reader, CorruptGlobalHeapIsRefusedBeforeHdf5LoopsOnIt) {
    // HDF5 1.10 loops forever (h5dump crashes) reading a variable-length string whose global heap
    // object claims a size near 2^64; the reader must refuse such a file up front.
    test::TempDir dir;
    const std::string path = dir.file("heap.h5");
    {
        H5Builder b(path);
        b.text("/", "model_config", R"({"class_name": "Sequential", "config": {"layers": []}})");
    }
    auto bytes = test::readAll(path);
    const std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    const size_t gcol = view.find("GCOL");
    ASSERT_NE(gcol, std::string_view::npos);
    // Collection header is 16 bytes (8-byte lengths); object 1's size field sits 8 bytes into it.
    const size_t sizeField = gcol + 16 + 8;
    test::putLE<uint64_t>(bytes, sizeField, ~uint64_t(0) - 2115);
    test::writeAll(path, bytes);
    const std::string msg = errorOf([&] { readKerasH5(path); });
    EXPECT_EQ(msg, path + ": corrupt HDF5 global heap collection at offset " + std::to_string(gcol) +
                       ": object 1 (offset " + std::to_string(gcol + 16) + ") has size " +
                       std::to_string(~uint64_t(0) - 2115) + ", past the collection's end");
}

TEST(KerasH5Reader, LibraryCrashOnCorruptFileBecomesAnError) {
    // Found by fuzzing: libhdf5 1.10.8 segfaults in H5HG_read on this file's string attribute.
    const std::string bad =
        std::string(QB_TEST_DIR) + "/fuzz/regressions/keras_h5/hdf5-vlen-attribute-global-heap-segv.h5";
    try {
        (void)qb::readKerasH5(bad);
        FAIL() << "expected an error";
    } catch (const qb::Error& e) {
        EXPECT_NE(std::string(e.what()).find(bad + ": the HDF5 library crashed reading this file"),
                  std::string::npos)
            << e.what();
    }
}
