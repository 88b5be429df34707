// libFuzzer round trip of the HDF5 archive exporter from a Keras model: the input chooses the
// schemes of mnist_cnn_small.h5's three quantizable kernels and overwrites their first values
// (any float bits); the model is quantized, archived and read back with libhdf5 through our
// helpers (core/formats/hdf5_util.h). Every layer group (its name escaped: Keras names hold '/')
// must give the project's values: codes, scales and zero points by docs/HDF5_ARCHIVE.md's formula,
// ggml blocks as the project's bytes beside their float32 values, float schemes as float32; and
// the attributes must describe the layer. A refusal must leave the output folder empty (no
// temporary file either). Else the target aborts.
//   byte k (k < 3): the scheme of the k-th quantizable kernel (kArchiveSchemes, modulo)
//   then float32 bits overwriting the first values of those kernels, in turn
#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "core/formats/hdf5_util.h"
#include "core/formats/model_hash.h"
#include "core/formats/model_reader.h"
#include "core/pipeline/export.h"
#include "core/quant/rtn.h"
#include "core/util/error.h"
#include "fuzz/fuzz_quantized_input.h"
#include "fuzz/fuzz_export_step.h"
#include "fuzz/fuzz_roundtrip.h"

namespace {

using namespace qb;
using fuzz::mismatch;
using fuzz::sameFloat;
constexpr const char* kFormat = "HDF5 archive";

// Integer schemes (per channel, groups, scale codes), ggml blocks and fp16: every kind the archive
// writes in its own way.
const char* const kArchiveSchemes[] = {
    R"({"bits": 8})", R"({"bits": 8, "symmetric": false})", R"({"bits": 4, "group": 32})",
    R"({"bits": 4, "group": 32, "symmetric": false})", R"({"bits": 3})", R"({"bits": 2, "symmetric": false})",
    R"({"bits": 6, "group": 32, "scale_bits": 6})", R"({"bits": 5, "group": 64, "symmetric": false, "scale_bits": 8})",
    "\"q8_0\"", "\"q4_1\"", "\"q4_k\"", "\"fp16\""};

const Model& kerasSource() {
    static const Model m = fuzz::sharedModel("keras/mnist_cnn_small.h5");
    return m;
}

int64_t intAttr(hid_t obj, const char* name, const std::string& where) {
    int64_t v = 0;
    const h5::Id a(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
    if (!a || H5Aread(a.get(), H5T_NATIVE_INT64, &v) < 0) mismatch(kFormat, where + ": no int64 attribute " + name);
    return v;
}

std::string stringAttr(const std::string& file, hid_t obj, const char* name, const std::string& where) {
    const auto s = h5::stringAttribute(file, obj, name, where);
    if (!s) mismatch(kFormat, where + ": no string attribute " + name);
    return *s;
}

// A dataset of `shape` read as `memType` into T.
template <typename T>
std::vector<T> dataset(hid_t group, const char* name, hid_t memType, const std::vector<hsize_t>& shape,
                       const std::string& where) {
    const h5::Id d(H5Dopen2(group, name, H5P_DEFAULT), H5Dclose);
    if (!d) mismatch(kFormat, where + ": no dataset " + name);
    const h5::Id space(H5Dget_space(d.get()), H5Sclose);
    std::vector<hsize_t> dims(size_t(std::max(0, H5Sget_simple_extent_ndims(space.get()))));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    if (dims != shape) mismatch(kFormat, where + ": dataset " + name + " has another shape");
    size_t n = 1;
    for (hsize_t x : shape) n *= size_t(x);
    std::vector<T> v(n);
    if (n && H5Dread(d.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
        mismatch(kFormat, where + ": cannot read dataset " + name);
    return v;
}

// The layer's values as the archive gives them, [rows, cols].
std::vector<float> archivedValues(const std::string& file, hid_t g, const quant::QuantizedLayer& l) {
    const quant::Scheme& s = *l.weight.scheme;
    const auto rows = hsize_t(l.weight.rows), cols = hsize_t(l.weight.cols);
    const std::string where = file + ": layer '" + l.name + "'";
    if (s.kind != quant::SchemeKind::Integer) {
        if (s.kind == quant::SchemeKind::Ggml) {
            const auto blocks = dataset<uint8_t>(g, "blocks", H5T_NATIVE_UINT8, {rows, l.weight.bytes.size() / rows}, where);
            if (blocks != l.weight.bytes) mismatch(kFormat, where + ": blocks are not the project's bytes");
            if (stringAttr(file, g, "ggml_type", where) != dtypeName(s.storage)) mismatch(kFormat, where + ": ggml_type");
        }
        return dataset<float>(g, "dequantized", H5T_NATIVE_FLOAT, {rows, cols}, where);
    }
    const hsize_t perRow = s.granularity == quant::Granularity::Group ? cols / hsize_t(s.group) : 1;
    const auto codes = dataset<int32_t>(g, "codes", H5T_NATIVE_INT32, {rows, cols}, where);
    const auto scales = dataset<float>(g, "scales", H5T_NATIVE_FLOAT, {rows, perRow}, where);
    const auto zeros = s.symmetric ? std::vector<int32_t>(rows * perRow)
                                   : dataset<int32_t>(g, "zero_points", H5T_NATIVE_INT32, {rows, perRow}, where);
    std::vector<float> v(rows * cols);
    for (hsize_t r = 0; r < rows; ++r)
        for (hsize_t c = 0; c < cols; ++c) {
            const hsize_t k = r * perRow + c / (cols / perRow);
            v[r * cols + c] = float(codes[r * cols + c] - zeros[k]) * scales[k];
        }
    return v;
}

void checkLayer(const std::string& file, hid_t g, const quant::QuantizedLayer& l, const TensorEntry& t) {
    const quant::Scheme& s = *l.weight.scheme;
    const std::string where = file + ": layer '" + l.name + "'";
    if (stringAttr(file, g, "scheme", where) != s.name || stringAttr(file, g, "method", where) != l.method ||
        intAttr(g, "bits", where) != s.bits || intAttr(g, "symmetric", where) != int64_t(s.symmetric) ||
        intAttr(g, "rows", where) != l.weight.rows || intAttr(g, "cols", where) != l.weight.cols ||
        intAttr(g, "group_size", where) != (s.granularity == quant::Granularity::Group ? s.group : 0))
        mismatch(kFormat, where + ": attributes do not describe the layer");
    std::vector<int64_t> shape(t.shape.size());
    const h5::Id a(H5Aopen(g, "original_shape", H5P_DEFAULT), H5Aclose);
    if (!a || H5Aread(a.get(), H5T_NATIVE_INT64, shape.data()) < 0 || shape != t.shape)
        mismatch(kFormat, where + ": original_shape");
    if (!fuzz::sameFloats(archivedValues(file, g, l), quant::dequantize(l.weight)))
        mismatch(kFormat, where + ": values differ from the project's");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const fuzz::OutputFolder folder;
    static const std::string hash = modelHash(kerasSource().path);
    static const std::vector<std::string> weights = fuzz::quantizableNames(kerasSource());
    auto chosen = fuzz::everyWeightChosen(kerasSource(), hash, weights, kArchiveSchemes, data, size);
    if (!chosen) return 0;
    auto& q = *chosen;
    const std::string out = folder.file("archive.h5");
    if (!fuzz::quantizedAndExported(kFormat, folder, q, exporters::ExportFormat::Hdf5, "archive.h5")) return 0;

    const h5::QuietErrors quiet;
    const h5::Id f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!f) mismatch(kFormat, out + ": does not open: " + h5::lastError());
    if (stringAttr(out, f.get(), "format", out) != "quantbench-archive" ||
        stringAttr(out, f.get(), "plan", out) != q.project.plan || stringAttr(out, f.get(), "model_hash", out) != hash)
        mismatch(kFormat, out + ": root attributes");
    const h5::Id lg(H5Gopen2(f.get(), "layers", H5P_DEFAULT), H5Gclose);
    if (!lg) mismatch(kFormat, out + ": no /layers");
    const auto& project = q.project.quantization->layers;
    if (intAttr(lg.get(), "count", out) != int64_t(project.size())) mismatch(kFormat, out + ": /layers count");
    std::map<std::string, const quant::QuantizedLayer*> byName;
    for (const auto& l : project) byName[l.name] = &l;
    const auto groups = h5::childNames(out, lg.get(), H5O_TYPE_GROUP, "/layers");
    if (groups.size() != project.size()) mismatch(kFormat, out + ": /layers holds another number of groups");
    for (const auto& name : groups) {
        const h5::Id g(H5Gopen2(lg.get(), name.c_str(), H5P_DEFAULT), H5Gclose);
        const std::string layer = stringAttr(out, g.get(), "name", out + ": /layers/" + name);
        std::string escaped;
        for (const char c : layer) escaped += c == '%' ? "%25" : c == '/' ? "%2F" : std::string(1, c);
        if (name != escaped) mismatch(kFormat, out + ": /layers/" + name + " is not the escaped name of " + layer);
        const auto it = byName.find(layer);
        if (it == byName.end()) mismatch(kFormat, out + ": /layers/" + name + " names no layer of the project");
        checkLayer(out, g.get(), *it->second, *q.model->find(layer));
        byName.erase(it);
    }
    folder.clear();
    return 0;
}
