#include "core/exporters/hdf5_archive_export.h"

#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <set>

#include "core/formats/hdf5_util.h"
#include "core/formats/project_file.h"
#include "core/quant/integer_grid.h"
#include "core/quant/plan.h"
#include "core/quant/rtn.h"
#include "core/util/error.h"

namespace qb::exporters {

namespace {

using quant::Granularity;
using quant::QuantizedLayer;
using quant::Scheme;
using quant::SchemeKind;

constexpr int64_t kArchiveVersion = 1;
constexpr const char* kOrientation =
    "weight as [rows = output channels, cols = everything else]: the stored tensor with its output-channel "
    "axis moved first (ONNX MatMul [K, N] and Keras Dense [in, out] transposed; Keras Conv HWIO as [O, H*W*I])";

std::string granularityName(Granularity g) {
    switch (g) {
    case Granularity::Tensor: return "tensor";
    case Granularity::Channel: return "channel";
    case Granularity::Group: return "group";
    }
    return "?";
}

// Tensor names become group names: '/' would nest groups and '%' is the escape itself.
std::string groupName(const std::string& tensor) {
    std::string out;
    for (const char c : tensor) {
        if (c == '%') out += "%25";
        else if (c == '/') out += "%2F";
        else out += c;
    }
    return out == "." ? "%2E" : out;
}

// The model's quantizable layers the plan keeps in float (absent from the archive).
std::vector<std::string> floatLayers(const Model& model, const ProjectQuantization& q) {
    std::set<std::string> quantized;
    for (const auto& l : q.layers) quantized.insert(l.name);
    std::vector<std::string> out;
    for (const auto& l : quant::resolvePlan(quant::parsePlan(q.plan, "plan"), model, "plan"))
        if (!quantized.count(l.name)) out.push_back(l.name);
    return out;
}

struct Writer {
    std::string file;
    std::string layer; ///< named in errors while writing it
    /// Every group, attribute and dataset created, no data written (datasets' space is still
    /// allocated): the archive's layout alone, whose size is the archive's (predictedBytes).
    bool skeleton = false;

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(file, (layer.empty() ? "" : "layer '" + layer + "': ") + what + ": " + h5::lastError());
    }
    h5::Id group(hid_t parent, const std::string& name) const {
        // No modification times in object headers: the same export gives the same bytes.
        h5::Id gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose);
        if (!gcpl || H5Pset_obj_track_times(gcpl.get(), false) < 0) fail("cannot set up group '" + name + "'");
        h5::Id g(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose);
        if (!g) fail("cannot create group '" + name + "'");
        return g;
    }
    void attr(hid_t obj, const char* name, hid_t type, const void* value, hsize_t n = 0) const {
        h5::Id space(n ? H5Screate_simple(1, &n, nullptr) : H5Screate(H5S_SCALAR), H5Sclose);
        h5::Id a(H5Acreate2(obj, name, type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        if (!a || H5Awrite(a.get(), type, value) < 0) fail(std::string("cannot write attribute '") + name + "'");
    }
    void attr(hid_t obj, const char* name, int64_t v) const { attr(obj, name, H5T_NATIVE_INT64, &v); }
    void attr(hid_t obj, const char* name, float v) const { attr(obj, name, H5T_NATIVE_FLOAT, &v); }
    void attr(hid_t obj, const char* name, const std::vector<int64_t>& v) const {
        const int64_t none = 0;
        if (v.empty()) attr(obj, name, H5T_NATIVE_INT64, &none, 0);
        else attr(obj, name, H5T_NATIVE_INT64, v.data(), v.size());
    }
    void attr(hid_t obj, const char* name, const std::string& v) const {
        h5::Id type(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(type.get(), v.size() + 1);
        H5Tset_strpad(type.get(), H5T_STR_NULLTERM);
        attr(obj, name, type.get(), v.c_str());
    }
    void attr(hid_t obj, const char* name, const std::vector<std::string>& v) const {
        h5::Id type(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(type.get(), H5T_VARIABLE);
        std::vector<const char*> p;
        for (const auto& s : v) p.push_back(s.c_str());
        const hsize_t n = p.size();
        h5::Id space(H5Screate_simple(1, &n, nullptr), H5Sclose);
        h5::Id a(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        if (!a || (n && H5Awrite(a.get(), type.get(), p.data()) < 0))
            fail(std::string("cannot write attribute '") + name + "'");
    }
    // Space allocated when the dataset is created, never filled: the skeleton and the archive make
    // the same allocations in the same order, so their sizes agree to the byte.
    void dataset(hid_t parent, const char* name, hid_t fileType, hid_t memType, std::vector<hsize_t> dims,
                 const void* data) const {
        h5::Id space(H5Screate_simple(int(dims.size()), dims.data(), nullptr), H5Sclose);
        h5::Id dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
        if (!dcpl || H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY) < 0 ||
            H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER) < 0 || H5Pset_obj_track_times(dcpl.get(), false) < 0)
            fail(std::string("cannot set up dataset '") + name + "'");
        h5::Id d(H5Dcreate2(parent, name, fileType, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT), H5Dclose);
        if (!d || (!skeleton && H5Dwrite(d.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0))
            fail(std::string("cannot write dataset '") + name + "'");
    }

    void header(hid_t f, const Model& model, const Project& p) const {
        const ProjectQuantization& q = *p.quantization;
        attr(f, "format", std::string("quantbench-archive"));
        attr(f, "version", kArchiveVersion);
        attr(f, "quantbench_version", std::string(QB_VERSION));
        attr(f, "model_path", p.modelPath);
        attr(f, "model_hash", p.modelHash);
        attr(f, "plan", q.plan);
        attr(f, "method", q.method);
        attr(f, "orientation", std::string(kOrientation));
        attr(f, "float_layers", floatLayers(model, q));
        const CalibrationSettings& c = p.calibration.settings;
        if (p.calibration.samplesUsed > 0) {
            attr(f, "calibration_data_path", c.dataPath);
            attr(f, "calibration_samples", p.calibration.samplesUsed);
            attr(f, "calibration_seed", int64_t(c.seed));
            attr(f, "calibration_preprocessing", c.preprocessing);
        }
    }

    // Integer schemes: one code per weight, signed q for symmetric (value q * scale), unsigned u
    // with a zero point for asymmetric (value (u - zero) * scale); scales [rows, groups per row].
    // Codes and zero points of at most 8 bits are held and written as single bytes.
    void integer(hid_t g, const quant::QuantizedTensor& w) const {
        const Scheme& s = *w.scheme;
        const auto rows = uint64_t(w.rows), cols = uint64_t(w.cols);
        const quant::IntLayout l = quant::intLayout(s, w.rows, w.cols);
        const uint64_t perRow = s.granularity == Granularity::Tensor ? 1 : cols / l.groupLen;
        const hid_t codeFile = s.symmetric ? H5T_STD_I8LE : H5T_STD_U8LE;
        const hid_t codeMem = s.symmetric ? H5T_NATIVE_INT8 : H5T_NATIVE_UINT8;
        if (skeleton) {
            dataset(g, "codes", codeFile, codeMem, {rows, cols}, nullptr);
            dataset(g, "scales", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, {rows, perRow}, nullptr);
            if (!s.symmetric) dataset(g, "zero_points", H5T_STD_U8LE, H5T_NATIVE_UINT8, {rows, perRow}, nullptr);
            return;
        }
        const int offset = s.symmetric ? 1 << (s.bits - 1) : 0;
        const uint8_t* b = w.bytes.data();
        std::vector<float> scales(rows * perRow);
        std::vector<uint8_t> zeros(s.symmetric ? 0 : rows * perRow);
        for (uint64_t r = 0; r < rows; ++r)
            for (uint64_t k = 0; k < perRow; ++k) {
                // Per-tensor: the one group repeated on every row, so [rows, 1] reads the same way.
                const uint64_t group = s.granularity == Granularity::Tensor ? 0 : (r * cols) / l.groupLen + k;
                scales[r * perRow + k] = quant::storedScale(s, l, b, group); // 8-bit scales: exact in f32
                if (!s.symmetric) zeros[r * perRow + k] = uint8_t(quant::getBits(b + l.zerosAt, group * s.bits, s.bits));
            }
        // Symmetric codes q = u - 2^(b-1) fit int8, asymmetric u fit uint8: the same byte either way.
        std::vector<uint8_t> codes(rows * cols);
        for (uint64_t i = 0; i < codes.size(); ++i)
            codes[i] = uint8_t(int(quant::getBits(b + l.codesAt, i * uint64_t(s.bits), s.bits)) - offset);
        dataset(g, "codes", codeFile, codeMem, {rows, cols}, codes.data());
        dataset(g, "scales", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, {rows, perRow}, scales.data());
        if (!s.symmetric) dataset(g, "zero_points", H5T_STD_U8LE, H5T_NATIVE_UINT8, {rows, perRow}, zeros.data());
    }

    void layerGroup(hid_t parent, const Model& model, const QuantizedLayer& l) const {
        const quant::QuantizedTensor& w = l.weight;
        const Scheme& s = *w.scheme;
        const h5::Id g = group(parent, groupName(l.name));
        attr(g.get(), "name", l.name);
        attr(g.get(), "scheme", s.name);
        attr(g.get(), "method", l.method);
        attr(g.get(), "bits", int64_t(s.bits));
        attr(g.get(), "group_size", s.granularity == Granularity::Group ? s.group : int64_t(0));
        attr(g.get(), "symmetric", int64_t(s.symmetric));
        attr(g.get(), "granularity", s.kind == SchemeKind::Integer ? granularityName(s.granularity) : std::string("block"));
        attr(g.get(), "rows", w.rows);
        attr(g.get(), "cols", w.cols);
        attr(g.get(), "original_shape", model.find(l.name)->shape);
        if (s.kind == SchemeKind::Integer) {
            integer(g.get(), w);
        } else {
            if (s.kind == SchemeKind::Ggml) {
                const uint64_t rowBytes = w.rows ? *quant::sizeBytes(s, w.rows, w.cols) / uint64_t(w.rows) : 0;
                dataset(g.get(), "blocks", H5T_STD_U8LE, H5T_NATIVE_UINT8, {uint64_t(w.rows), rowBytes}, w.bytes.data());
                attr(g.get(), "ggml_type", std::string(dtypeName(s.storage)));
            }
            const std::vector<float> values = skeleton ? std::vector<float>{} : quant::dequantize(w);
            dataset(g.get(), "dequantized", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, {uint64_t(w.rows), uint64_t(w.cols)},
                    values.data());
        }
        if (!l.inputScale.empty())
            dataset(g.get(), "input_scale", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, {l.inputScale.size()}, l.inputScale.data());
        if (l.activation) {
            attr(g.get(), "act_scale", l.activation->scale);
            attr(g.get(), "act_zero_point", int64_t(l.activation->zero));
            attr(g.get(), "act_bits", int64_t(l.activation->bits));
            attr(g.get(), "act_unsigned", int64_t(l.activation->isUnsigned));
        }
    }
};

// The temporary file: closed and removed unless renamed over the destination.
struct TempHdf5 {
    std::string temp;
    hid_t file = H5I_INVALID_HID;
    bool renamed = false;
    ~TempHdf5() {
        h5::QuietErrors quiet; // the error that got us here is reported; a failing close adds nothing
        if (file >= 0) H5Fclose(file);
        std::error_code ec;
        if (!renamed && !temp.empty()) std::filesystem::remove(temp, ec);
    }
};

// Creates `temp` exclusively and writes the archive (or, for a skeleton writer, its layout) into
// it, closed; the caller renames or measures it. Throws qb::Error naming w.file and the layer.
void writeArchive(TempHdf5& t, const std::string& temp, Writer& w, const Model& model, const LayerSource& source,
                  const JobContext& job) {
    std::error_code ec;
    const bool existed = std::filesystem::exists(temp, ec);
    t.file = H5Fcreate(temp.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT);
    if (t.file < 0) {
        const std::string why = h5::lastError();
        // Created, then its first write failed (a full disk): ours to remove; a taken name is not.
        if (!existed) std::filesystem::remove(temp, ec);
        throw Error(w.file, "cannot create: " + why);
    }
    t.temp = temp;
    w.header(t.file, model, source.project());
    {
        const size_t layers = source.size();
        const h5::Id lg = w.group(t.file, "layers");
        w.attr(lg.get(), "count", int64_t(layers));
        for (size_t k = 0; k < layers; ++k) {
            job.checkCancel();
            if (!w.skeleton)
                job.report(double(k) / double(layers), "layer " + std::to_string(k + 1) + "/" + std::to_string(layers));
            w.layer = source.info(k).name;
            w.layerGroup(lg.get(), model, w.skeleton ? source.info(k) : source.layer(k));
        }
        w.layer.clear();
    }
    if (H5Fflush(t.file, H5F_SCOPE_GLOBAL) < 0) throw Error(w.file, "cannot write: " + h5::lastError());
    const herr_t closed = H5Fclose(t.file);
    t.file = H5I_INVALID_HID;
    if (closed < 0) throw Error(w.file, "cannot write: " + h5::lastError());
}

std::string tempName(const std::string& beside) {
    static std::atomic<unsigned> serial{0};
    return beside + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(serial++);
}

// The archive's size: its layout written without data into a temporary file beside `beside`
// (sparse: the datasets' space is allocated, never written), then removed. Errors name `named`.
uint64_t predictedArchiveBytes(const Model& model, const LayerSource& source, const std::string& beside,
                               const std::string& named) {
    h5::QuietErrors quiet;
    const std::string temp = tempName(beside);
    Writer w{named, {}, true};
    TempHdf5 t;
    writeArchive(t, temp, w, model, source, {});
    return std::filesystem::file_size(temp);
}

ExportCheck checkProblems(const Model& model, const LayerSource& source) {
    const Project& project = source.project();
    ExportCheck c;
    if (!project.quantization) {
        c.problems.push_back("the project is not quantized: there is nothing to archive");
        return c;
    }
    for (size_t k = 0; k < source.size(); ++k) {
        const QuantizedLayer& l = source.info(k);
        if (!l.weight.scheme) {
            c.problems.push_back("layer '" + l.name + "': has no scheme");
            continue;
        }
        const Scheme& s = *l.weight.scheme;
        const auto bytes = quant::sizeBytes(s, l.weight.rows, l.weight.cols);
        if (!bytes || *bytes != source.weightSize(k))
            c.problems.push_back("layer '" + l.name + "': " + std::to_string(source.weightSize(k)) +
                                 " bytes do not match its " + s.name + " scheme and shape");
        if (!model.find(l.name)) c.problems.push_back("layer '" + l.name + "': the model has no such tensor");
        if (s.kind == SchemeKind::Ggml)
            c.fallbacks.push_back({l.name, s.name, "uint8 blocks + float32 dequantized",
                                   "ggml blocks have no plain integer form; the raw blocks are kept with their "
                                   "float32 values for plain readers"});
        else if (s.kind == SchemeKind::Float)
            c.fallbacks.push_back({l.name, s.name, "float32 dequantized", "a float scheme has no integer codes"});
    }
    try {
        floatLayers(model, *project.quantization);
    } catch (const Error& e) {
        c.problems.push_back(std::string("the plan does not resolve against the model: ") + e.what());
    }
    return c;
}

} // namespace

ExportCheck checkHdf5Archive(const Model& model, const LayerSource& source) {
    ExportCheck c = checkProblems(model, source);
    if (c.problems.empty()) {
        const std::string temp = (std::filesystem::temp_directory_path() / "qb-archive-size").string();
        c.predictedBytes = predictedArchiveBytes(model, source, temp, temp);
    }
    return c;
}

ExportResult writeHdf5Archive(const Model& model, const LayerSource& source, const std::string& out, const JobContext& job) {
    ExportCheck check = checkProblems(model, source);
    if (!check.problems.empty()) refuseExport(ExportFormat::Hdf5, out, check);
    // Measured beside the destination: a full disk there is the destination's error.
    check.predictedBytes = predictedArchiveBytes(model, source, out, out);
    h5::QuietErrors quiet;
    removeStaleTemporaries(out); // a killed export's temporary, its process gone
    // Beside the destination so the rename stays on one file system; HDF5 creates it exclusively.
    const std::string temp = tempName(out);
    TempHdf5 t;
    Writer w{out, {}};
    writeArchive(t, temp, w, model, source, job);
    job.checkCancel();
    std::error_code ec;
    std::filesystem::rename(temp, out, ec);
    if (ec) throw Error(out, "cannot replace: " + ec.message());
    t.renamed = true;
    job.report(1.0, "written");
    return exportResult(ExportFormat::Hdf5, out, std::filesystem::file_size(out), source.size(), check);
}

} // namespace qb::exporters
