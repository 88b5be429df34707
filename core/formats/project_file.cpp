#include "core/formats/project_file.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/formats/model_hash.h"
#include "core/formats/hdf5_guard.h"
#include "core/formats/hdf5_util.h"
#include "core/domain/scheme.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb {

namespace {

constexpr const char* kMarker = "quantbench_project";
constexpr hsize_t kMaxBins = hsize_t(1) << 24;      // far above what calibration writes
constexpr hsize_t kMaxChannels = hsize_t(1) << 26;
constexpr hsize_t kMaxWeightBytes = hsize_t(1) << 40;

std::string groupKey(uint64_t k) {
    char key[32];
    std::snprintf(key, sizeof key, "%06llu", static_cast<unsigned long long>(k));
    return key;
}

// ---- writing -------------------------------------------------------------------------------

struct Writer {
    std::string file;

    [[noreturn]] void fail(const std::string& what) const { throw Error(file, what + ": " + h5::lastError()); }

    // Without modification times in the object headers, the same project gives the same bytes
    // (an interrupted quantize resumed is byte-identical to one run straight through).
    static h5::Id untimed(hid_t cls) {
        h5::Id p(H5Pcreate(cls), H5Pclose);
        if (p) H5Pset_obj_track_times(p.get(), false);
        return p;
    }

    h5::Id group(hid_t parent, const std::string& name) const {
        const h5::Id gcpl = untimed(H5P_GROUP_CREATE);
        h5::Id g(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose);
        if (!g) fail("cannot create group '" + name + "'");
        return g;
    }
    void attr(hid_t obj, const char* name, hid_t type, const void* value) const {
        h5::Id space(H5Screate(H5S_SCALAR), H5Sclose);
        h5::Id a(H5Acreate2(obj, name, type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        if (!a || H5Awrite(a.get(), type, value) < 0) fail(std::string("cannot write attribute '") + name + "'");
    }
    void attr(hid_t obj, const char* name, double v) const { attr(obj, name, H5T_NATIVE_DOUBLE, &v); }
    void attr(hid_t obj, const char* name, int64_t v) const { attr(obj, name, H5T_NATIVE_INT64, &v); }
    void attr(hid_t obj, const char* name, const std::string& v) const {
        h5::Id type(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(type.get(), v.size() + 1);
        H5Tset_strpad(type.get(), H5T_STR_NULLTERM);
        attr(obj, name, type.get(), v.c_str());
    }
    void dataset(hid_t parent, const char* name, hid_t type, std::vector<hsize_t> dims, const void* data) const {
        h5::Id space(H5Screate_simple(int(dims.size()), dims.data(), nullptr), H5Sclose);
        const h5::Id dcpl = untimed(H5P_DATASET_CREATE);
        h5::Id d(H5Dcreate2(parent, name, type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT), H5Dclose);
        if (!d || H5Dwrite(d.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
            fail(std::string("cannot write dataset '") + name + "'");
    }

    void values(hid_t parent, const char* name, const ValueStats& v) const {
        const h5::Id g = group(parent, name);
        attr(g.get(), "count", v.count);
        attr(g.get(), "min", v.min);
        attr(g.get(), "max", v.max);
        attr(g.get(), "mean", v.mean);
        attr(g.get(), "std", v.std);
        attr(g.get(), "p99_9", v.p99_9);
        attr(g.get(), "p99_99", v.p99_99);
        double clips[4][3];
        for (size_t k = 0; k < 4; ++k) {
            clips[k][0] = v.clips[k].lo;
            clips[k][1] = v.clips[k].hi;
            clips[k][2] = v.clips[k].sqnrDb;
        }
        dataset(g.get(), "clips", H5T_NATIVE_DOUBLE, {4, 3}, clips);
        const int64_t none = 0;
        const auto& h = v.histogram;
        dataset(g.get(), "histogram", H5T_NATIVE_INT64, {hsize_t(h.counts.size())}, h.counts.empty() ? &none : h.counts.data());
        const h5::Id hist(H5Dopen2(g.get(), "histogram", H5P_DEFAULT), H5Dclose);
        attr(hist.get(), "lo", h.lo);
        attr(hist.get(), "hi", h.hi);
    }

    // The root attributes and the calibration.
    void header(hid_t f, const Project& p, const JobContext& job) const {
        const int64_t version = kProjectVersion;
        attr(f, kMarker, version);
        attr(f, "model_path", p.modelPath);
        attr(f, "model_hash", p.modelHash);
        const Calibration& c = p.calibration;
        const h5::Id cg = group(f, "calibration");
        attr(cg.get(), "data_path", c.settings.dataPath);
        attr(cg.get(), "samples", c.settings.samples);
        attr(cg.get(), "samples_used", c.samplesUsed);
        attr(cg.get(), "seed", int64_t(c.settings.seed));
        attr(cg.get(), "context", c.settings.context);
        attr(cg.get(), "bits", int64_t(c.settings.bits));
        attr(cg.get(), "percentile", c.settings.percentile);
        attr(cg.get(), "preprocessing", c.settings.preprocessing);
        const h5::Id lg = group(f, "layers");
        attr(lg.get(), "count", int64_t(c.layers.size()));
        for (size_t k = 0; k < c.layers.size(); ++k) {
            job.checkCancel();
            const LayerStats& l = c.layers[k];
            const h5::Id g = group(lg.get(), groupKey(k));
            attr(g.get(), "name", l.name);
            attr(g.get(), "kind", l.kind);
            values(g.get(), "weight", l.weight);
            values(g.get(), "activation", l.activation);
            const float none = 0;
            dataset(g.get(), "channel_abs_max", H5T_NATIVE_FLOAT, {hsize_t(l.channelAbsMax.size())},
                    l.channelAbsMax.empty() ? &none : l.channelAbsMax.data());
        }
    }

    // /sensitivity: the settings as attributes, one group per (layer, scheme) entry.
    void sensitivity(hid_t f, const ProjectSensitivity& s, const JobContext& job) const {
        const h5::Id sg = group(f, "sensitivity");
        const SensitivitySettings& st = s.settings;
        attr(sg.get(), "data_path", st.dataPath);
        attr(sg.get(), "preprocessing", st.preprocessing);
        attr(sg.get(), "limit", st.limit);
        attr(sg.get(), "method", st.method);
        attr(sg.get(), "calibration_samples", st.calibrationSamples);
        attr(sg.get(), "calibration_seed", int64_t(st.calibrationSeed));
        attr(sg.get(), "bits", st.bits);
        attr(sg.get(), "groups", st.groups);
        attr(sg.get(), "symmetry", st.symmetry);
        attr(sg.get(), "scale_bits", st.scaleBits);
        attr(sg.get(), "metric", st.metric);
        attr(sg.get(), "base_metric", st.baseMetric);
        attr(sg.get(), "proxy_source", st.proxySource);
        attr(sg.get(), "shard_index", s.shardIndex);
        attr(sg.get(), "shard_count", s.shardCount);
        attr(sg.get(), "count", int64_t(s.entries.size()));
        for (size_t k = 0; k < s.entries.size(); ++k) {
            job.checkCancel();
            const SensitivityEntry& e = s.entries[k];
            const h5::Id g = group(sg.get(), groupKey(k));
            attr(g.get(), "layer", e.layer);
            attr(g.get(), "scheme", e.scheme);
            attr(g.get(), "kl", e.kl);
            attr(g.get(), "metric_delta", e.metricDelta);
            attr(g.get(), "sqnr_db", e.sqnrDb);
            attr(g.get(), "output_error", e.outputError);
            attr(g.get(), "hessian_trace", e.hessianTrace);
            attr(g.get(), "imatrix_error", e.imatrixError);
        }
    }

    // /latency: the key and totals as attributes, one group per layer.
    void latency(hid_t f, const ProjectLatency& l) const {
        const h5::Id lg = group(f, "latency");
        attr(lg.get(), "cpu", l.key.cpu);
        attr(lg.get(), "isa", l.key.isa);
        attr(lg.get(), "threads", int64_t(l.key.threads));
        attr(lg.get(), "batch", l.key.batch);
        attr(lg.get(), "repetitions", l.repetitions);
        attr(lg.get(), "f32_total_ms", l.f32TotalMs);
        attr(lg.get(), "int8_total_ms", l.int8TotalMs);
        attr(lg.get(), "rest_ms", l.restMs);
        attr(lg.get(), "count", int64_t(l.layers.size()));
        for (size_t k = 0; k < l.layers.size(); ++k) {
            const h5::Id g = group(lg.get(), groupKey(k));
            attr(g.get(), "layer", l.layers[k].layer);
            attr(g.get(), "f32_ms", l.layers[k].f32Ms);
            attr(g.get(), "int8_ms", l.layers[k].int8Ms);
        }
    }

    // /quantization without its count, which is known only when the last layer is in.
    h5::Id quantization(hid_t f, const ProjectQuantization& q) const {
        h5::Id qg = group(f, "quantization");
        attr(qg.get(), "plan", q.plan);
        attr(qg.get(), "method", q.method);
        return qg;
    }

    void layer(hid_t qg, uint64_t k, const quant::QuantizedLayer& l) const {
        if (!l.weight.scheme) throw Error(file, "layer '" + l.name + "' has no scheme");
        const h5::Id g = group(qg, groupKey(k));
        attr(g.get(), "name", l.name);
        attr(g.get(), "scheme", l.weight.scheme->name);
        attr(g.get(), "method", l.method);
        attr(g.get(), "rows", l.weight.rows);
        attr(g.get(), "cols", l.weight.cols);
        const uint8_t noByte = 0;
        const float noFloat = 0;
        dataset(g.get(), "weight", H5T_NATIVE_UINT8, {hsize_t(l.weight.bytes.size())},
                l.weight.bytes.empty() ? &noByte : l.weight.bytes.data());
        dataset(g.get(), "input_scale", H5T_NATIVE_FLOAT, {hsize_t(l.inputScale.size())},
                l.inputScale.empty() ? &noFloat : l.inputScale.data());
        const quant::ActivationQuant a = l.activation.value_or(quant::ActivationQuant{});
        attr(g.get(), "act_bits", int64_t(l.activation ? a.bits : 0));
        attr(g.get(), "act_scale", double(a.scale));
        attr(g.get(), "act_zero", int64_t(a.zero));
        attr(g.get(), "act_unsigned", int64_t(a.isUnsigned));
    }
};

// ---- reading -------------------------------------------------------------------------------

struct Reader {
    std::string file;

    [[noreturn]] void bad(const std::string& where, const std::string& what) const { throw Error(file, where + ": " + what); }

    h5::Id group(hid_t parent, const std::string& name, const std::string& where) const {
        if (H5Lexists(parent, name.c_str(), H5P_DEFAULT) <= 0) bad(where, "group '" + name + "' is missing");
        h5::Id g(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose);
        if (!g) bad(where, "'" + name + "' is not a group");
        return g;
    }
    template <class T>
    T number(hid_t obj, const char* name, const std::string& where) const {
        if (!h5::hasAttribute(obj, name)) bad(where, std::string("attribute '") + name + "' is missing");
        h5::Id a(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
        h5::Id space(a ? H5Aget_space(a.get()) : H5I_INVALID_HID, H5Sclose);
        h5::Id type(a ? H5Aget_type(a.get()) : H5I_INVALID_HID, H5Tclose);
        if (!space || !type || H5Sget_simple_extent_npoints(space.get()) != 1 ||
            (H5Tget_class(type.get()) != H5T_INTEGER && H5Tget_class(type.get()) != H5T_FLOAT))
            bad(where, std::string("attribute '") + name + "' is not a number");
        T v{};
        const hid_t mem = std::is_floating_point_v<T> ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
        if (H5Aread(a.get(), mem, &v) < 0) bad(where, std::string("attribute '") + name + "': " + h5::lastError());
        return v;
    }
    std::string text(hid_t obj, const char* name, const std::string& where) const {
        auto s = h5::stringAttribute(file, obj, name, where);
        if (!s) bad(where, std::string("attribute '") + name + "' is missing");
        return *s;
    }
    // A rank-1 (or given-shape) dataset read as `mem`, its element count checked against limits.
    template <class T>
    std::vector<T> array(hid_t parent, const char* name, hid_t mem, hsize_t maxCount, const std::string& where,
                         const std::vector<hsize_t>& exactDims = {}) const {
        if (H5Lexists(parent, name, H5P_DEFAULT) <= 0) bad(where, std::string("dataset '") + name + "' is missing");
        h5::Id d(H5Dopen2(parent, name, H5P_DEFAULT), H5Dclose);
        h5::Id space(d ? H5Dget_space(d.get()) : H5I_INVALID_HID, H5Sclose);
        if (!space) bad(where, std::string("'") + name + "' is not a dataset");
        const int rank = H5Sget_simple_extent_ndims(space.get());
        if (rank < 1 || rank > 2) bad(where, std::string("dataset '") + name + "' has rank " + std::to_string(rank));
        std::vector<hsize_t> dims(static_cast<size_t>(rank));
        H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
        if (!exactDims.empty() && dims != exactDims) bad(where, std::string("dataset '") + name + "' has the wrong shape");
        hsize_t n = 1;
        for (const hsize_t v : dims) {
            if (v > maxCount || (v && n > maxCount / v)) bad(where, std::string("dataset '") + name + "' is too large");
            n *= v;
        }
        std::vector<T> out(static_cast<size_t>(n));
        if (n && H5Dread(d.get(), mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
            bad(where, std::string("dataset '") + name + "': " + h5::lastError());
        return out;
    }

    ValueStats values(hid_t parent, const char* name, const std::string& layer) const {
        const std::string where = layer + "/" + name;
        const h5::Id g = group(parent, name, layer);
        ValueStats v;
        v.count = number<int64_t>(g.get(), "count", where);
        v.min = number<double>(g.get(), "min", where);
        v.max = number<double>(g.get(), "max", where);
        v.mean = number<double>(g.get(), "mean", where);
        v.std = number<double>(g.get(), "std", where);
        v.p99_9 = number<double>(g.get(), "p99_9", where);
        v.p99_99 = number<double>(g.get(), "p99_99", where);
        const auto clips = array<double>(g.get(), "clips", H5T_NATIVE_DOUBLE, 12, where, {4, 3});
        for (size_t k = 0; k < 4; ++k)
            v.clips[k] = {ClipMethod(k), clips[k * 3], clips[k * 3 + 1], clips[k * 3 + 2]};
        v.histogram.counts = array<int64_t>(g.get(), "histogram", H5T_NATIVE_INT64, kMaxBins, where);
        const h5::Id hist(H5Dopen2(g.get(), "histogram", H5P_DEFAULT), H5Dclose);
        v.histogram.lo = number<double>(hist.get(), "lo", where + "/histogram");
        v.histogram.hi = number<double>(hist.get(), "hi", where + "/histogram");
        return v;
    }

    Project read(hid_t f, bool withBytes = true) const {
        Project p;
        const int64_t version = number<int64_t>(f, kMarker, "/");
        if (version != kProjectVersion)
            bad("/", "project format version " + std::to_string(version) + " is not supported (this build reads " +
                         std::to_string(kProjectVersion) + ")");
        p.modelPath = text(f, "model_path", "/");
        p.modelHash = text(f, "model_hash", "/");
        if (h5::hasAttribute(f, "plan")) p.plan = text(f, "plan", "/");
        Calibration& c = p.calibration;
        const h5::Id cg = group(f, "calibration", "/");
        c.settings.dataPath = text(cg.get(), "data_path", "/calibration");
        c.settings.samples = number<int64_t>(cg.get(), "samples", "/calibration");
        c.samplesUsed = number<int64_t>(cg.get(), "samples_used", "/calibration");
        c.settings.seed = uint64_t(number<int64_t>(cg.get(), "seed", "/calibration"));
        c.settings.context = number<int64_t>(cg.get(), "context", "/calibration");
        c.settings.bits = int(number<int64_t>(cg.get(), "bits", "/calibration"));
        c.settings.percentile = number<double>(cg.get(), "percentile", "/calibration");
        c.settings.preprocessing = text(cg.get(), "preprocessing", "/calibration");
        const h5::Id lg = group(f, "layers", "/");
        const int64_t count = number<int64_t>(lg.get(), "count", "/layers");
        const auto present = h5::childNames(file, lg.get(), H5O_TYPE_GROUP, "/layers");
        if (count < 0 || uint64_t(count) != present.size())
            bad("/layers", "count says " + std::to_string(count) + " layers, the file holds " + std::to_string(present.size()));
        for (int64_t k = 0; k < count; ++k) {
            char key[32];
            std::snprintf(key, sizeof key, "%06lld", static_cast<long long>(k));
            const std::string where = std::string("/layers/") + key;
            const h5::Id g = group(lg.get(), key, "/layers");
            LayerStats l;
            l.name = text(g.get(), "name", where);
            l.kind = text(g.get(), "kind", where);
            l.weight = values(g.get(), "weight", where);
            l.activation = values(g.get(), "activation", where);
            l.channelAbsMax = array<float>(g.get(), "channel_abs_max", H5T_NATIVE_FLOAT, kMaxChannels, where);
            c.layers.push_back(std::move(l));
        }
        if (H5Lexists(f, "quantization", H5P_DEFAULT) > 0) p.quantization = quantization(f, withBytes);
        if (H5Lexists(f, "sensitivity", H5P_DEFAULT) > 0) p.sensitivity = sensitivity(f);
        if (H5Lexists(f, "latency", H5P_DEFAULT) > 0) p.latency = latency(f);
        return p;
    }

    ProjectLatency latency(hid_t f) const {
        const std::string at = "/latency";
        const h5::Id lg = group(f, "latency", "/");
        ProjectLatency l;
        l.key.cpu = text(lg.get(), "cpu", at);
        l.key.isa = text(lg.get(), "isa", at);
        l.key.threads = int(number<int64_t>(lg.get(), "threads", at));
        l.key.batch = number<int64_t>(lg.get(), "batch", at);
        l.repetitions = number<int64_t>(lg.get(), "repetitions", at);
        l.f32TotalMs = number<double>(lg.get(), "f32_total_ms", at);
        l.int8TotalMs = number<double>(lg.get(), "int8_total_ms", at);
        l.restMs = number<double>(lg.get(), "rest_ms", at);
        if (!std::isfinite(l.f32TotalMs) || l.f32TotalMs < 0 || !std::isfinite(l.restMs))
            bad(at, "the fp32 total or the rest is not a time");
        const int64_t count = number<int64_t>(lg.get(), "count", at);
        const auto present = h5::childNames(file, lg.get(), H5O_TYPE_GROUP, at);
        if (count < 0 || uint64_t(count) != present.size())
            bad(at, "count says " + std::to_string(count) + " layers, the file holds " + std::to_string(present.size()));
        std::set<std::string> seen;
        for (int64_t k = 0; k < count; ++k) {
            const std::string key = groupKey(uint64_t(k)), where = at + "/" + key;
            const h5::Id g = group(lg.get(), key, at);
            LayerLatency e;
            e.layer = text(g.get(), "layer", where);
            if (!seen.insert(e.layer).second) bad(where, "layer '" + e.layer + "' appears twice");
            e.f32Ms = number<double>(g.get(), "f32_ms", where);
            e.int8Ms = number<double>(g.get(), "int8_ms", where);
            // NaN int8 says "no int8 kernel"; a negative or infinite time is damage.
            if (!std::isfinite(e.f32Ms) || e.f32Ms < 0 || std::isinf(e.int8Ms) || e.int8Ms < 0)
                bad(where, "layer '" + e.layer + "' has a time that is not one");
            l.layers.push_back(std::move(e));
        }
        return l;
    }

    ProjectSensitivity sensitivity(hid_t f) const {
        const std::string at = "/sensitivity";
        const h5::Id sg = group(f, "sensitivity", "/");
        ProjectSensitivity s;
        SensitivitySettings& st = s.settings;
        st.dataPath = text(sg.get(), "data_path", at);
        st.preprocessing = text(sg.get(), "preprocessing", at);
        st.limit = number<int64_t>(sg.get(), "limit", at);
        st.method = text(sg.get(), "method", at);
        if (h5::hasAttribute(sg.get(), "calibration_samples")) { // absent before GPTQ's own windows: 0, the evaluated ones
            st.calibrationSamples = number<int64_t>(sg.get(), "calibration_samples", at);
            st.calibrationSeed = uint64_t(number<int64_t>(sg.get(), "calibration_seed", at));
            if (st.calibrationSamples < 0) bad(at, "calibration_samples is negative");
        }
        st.bits = text(sg.get(), "bits", at);
        st.groups = text(sg.get(), "groups", at);
        st.symmetry = text(sg.get(), "symmetry", at);
        st.scaleBits = h5::stringAttribute(file, sg.get(), "scale_bits", at).value_or("16"); // absent before 8-bit scales
        st.metric = text(sg.get(), "metric", at);
        st.baseMetric = number<double>(sg.get(), "base_metric", at);
        st.proxySource = text(sg.get(), "proxy_source", at);
        s.shardIndex = number<int64_t>(sg.get(), "shard_index", at);
        s.shardCount = number<int64_t>(sg.get(), "shard_count", at);
        if (s.shardCount < 1 || s.shardIndex < 0 || s.shardIndex >= s.shardCount)
            bad(at, "shard " + std::to_string(s.shardIndex) + "/" + std::to_string(s.shardCount) + " is not a shard");
        const int64_t count = number<int64_t>(sg.get(), "count", at);
        const auto present = h5::childNames(file, sg.get(), H5O_TYPE_GROUP, at);
        if (count < 0 || uint64_t(count) != present.size())
            bad(at, "count says " + std::to_string(count) + " entries, the file holds " + std::to_string(present.size()));
        std::set<std::pair<std::string, std::string>> seen;
        for (int64_t k = 0; k < count; ++k) {
            const std::string key = groupKey(uint64_t(k)), where = at + "/" + key;
            const h5::Id g = group(sg.get(), key, at);
            SensitivityEntry e;
            e.layer = text(g.get(), "layer", where);
            e.scheme = text(g.get(), "scheme", where);
            if (!quant::findScheme(e.scheme)) bad(where, "unknown scheme '" + e.scheme + "'");
            if (!seen.insert({e.layer, e.scheme}).second)
                bad(where, "layer '" + e.layer + "' with scheme " + e.scheme + " appears twice");
            e.kl = number<double>(g.get(), "kl", where);
            e.metricDelta = number<double>(g.get(), "metric_delta", where);
            e.sqnrDb = number<double>(g.get(), "sqnr_db", where);
            e.outputError = number<double>(g.get(), "output_error", where);
            e.hessianTrace = number<double>(g.get(), "hessian_trace", where);
            e.imatrixError = number<double>(g.get(), "imatrix_error", where);
            s.entries.push_back(std::move(e));
        }
        return s;
    }

    // A layer's "weight" dataset, its stored size checked against the scheme before anything is
    // read, so a forged shape cannot make us allocate; read only when `withBytes`.
    std::vector<uint8_t> weight(hid_t layerGroup, const std::string& where, const quant::QuantizedTensor& w,
                                bool withBytes) const {
        const uint64_t expected = *quant::sizeBytes(*w.scheme, w.rows, w.cols);
        h5::Id d(H5Lexists(layerGroup, "weight", H5P_DEFAULT) > 0 ? H5Dopen2(layerGroup, "weight", H5P_DEFAULT)
                                                                  : H5I_INVALID_HID,
                 H5Dclose);
        if (!d) bad(where, "dataset 'weight' is missing");
        if (H5Dget_storage_size(d.get()) != expected)
            bad(where, "dataset 'weight' holds " + std::to_string(H5Dget_storage_size(d.get())) + " bytes, scheme " +
                           w.scheme->name + " needs " + std::to_string(expected));
        if (!withBytes) return {};
        std::vector<uint8_t> bytes = array<uint8_t>(layerGroup, "weight", H5T_NATIVE_UINT8, kMaxWeightBytes, where);
        if (bytes.size() != expected) bad(where, "dataset 'weight' has the wrong length");
        // Scale codes: every group's scale is its code times the fp16 super-scale at offset 0.
        if (w.scheme->kind == quant::SchemeKind::Integer && w.scheme->scaleBits != 16 && bytes.size() >= 2) {
            uint16_t h;
            std::memcpy(&h, bytes.data(), 2);
            const float super = halfToFloat(h);
            if (!(super >= 0) || !std::isfinite(super))
                bad(where, "dataset 'weight' has super-scale " + std::to_string(super) +
                               " at offset 0; it must be a finite number >= 0");
        }
        return bytes;
    }

    quant::QuantizedLayer quantizedLayer(hid_t parent, const std::string& key, bool withBytes = true) const {
        const std::string where = "/quantization/" + key;
        const h5::Id g = group(parent, key, "/quantization");
        quant::QuantizedLayer l;
        l.name = text(g.get(), "name", where);
        l.method = text(g.get(), "method", where);
        const std::string schemeName = text(g.get(), "scheme", where);
        l.weight.scheme = quant::findScheme(schemeName);
        if (!l.weight.scheme) bad(where, "unknown scheme '" + schemeName + "'");
        l.weight.rows = number<int64_t>(g.get(), "rows", where);
        l.weight.cols = number<int64_t>(g.get(), "cols", where);
        const auto expected = quant::sizeBytes(*l.weight.scheme, l.weight.rows, l.weight.cols);
        if (!expected || l.weight.rows <= 0 || l.weight.cols <= 0 ||
            &quant::resolve(*l.weight.scheme, l.weight.cols) != l.weight.scheme)
            bad(where, "shape [" + std::to_string(l.weight.rows) + ", " + std::to_string(l.weight.cols) +
                           "] does not fit scheme " + schemeName);
        l.weight.bytes = weight(g.get(), where, l.weight, withBytes);
        l.inputScale = array<float>(g.get(), "input_scale", H5T_NATIVE_FLOAT, kMaxChannels, where);
        if (!l.inputScale.empty() && int64_t(l.inputScale.size()) != l.weight.cols)
            bad(where, "input_scale has " + std::to_string(l.inputScale.size()) + " factors for " +
                           std::to_string(l.weight.cols) + " columns");
        for (const float v : l.inputScale)
            if (!(v > 0) || !std::isfinite(v)) bad(where, "input_scale holds a factor that is not a positive number");
        const int64_t bits = number<int64_t>(g.get(), "act_bits", where);
        if (bits != 0) {
            if (bits < 2 || bits > 8) bad(where, "act_bits " + std::to_string(bits) + " is not 0 or 2..8");
            quant::ActivationQuant a;
            a.bits = int(bits);
            const double scale = number<double>(g.get(), "act_scale", where);
            if (!(scale > 0) || !std::isfinite(float(scale))) bad(where, "act_scale is not a positive number");
            a.scale = float(scale);
            a.isUnsigned = number<int64_t>(g.get(), "act_unsigned", where) != 0;
            const int64_t zero = number<int64_t>(g.get(), "act_zero", where);
            const int64_t lo = a.isUnsigned ? 0 : -(int64_t(1) << (bits - 1));
            const int64_t hi = a.isUnsigned ? (int64_t(1) << bits) - 1 : (int64_t(1) << (bits - 1)) - 1;
            if (zero < lo || zero > hi) bad(where, "act_zero " + std::to_string(zero) + " is outside the code range");
            a.zero = int32_t(zero);
            l.activation = a;
        }
        return l;
    }

    ProjectQuantization quantization(hid_t f, bool withBytes = true) const {
        ProjectQuantization q;
        const h5::Id qg = group(f, "quantization", "/");
        q.plan = text(qg.get(), "plan", "/quantization");
        q.method = text(qg.get(), "method", "/quantization");
        const int64_t count = number<int64_t>(qg.get(), "count", "/quantization");
        const auto present = h5::childNames(file, qg.get(), H5O_TYPE_GROUP, "/quantization");
        if (count < 0 || uint64_t(count) != present.size())
            bad("/quantization", "count says " + std::to_string(count) + " layers, the file holds " +
                                     std::to_string(present.size()));
        std::set<std::string> names;
        for (int64_t k = 0; k < count; ++k) {
            q.layers.push_back(quantizedLayer(qg.get(), groupKey(uint64_t(k)), withBytes));
            if (!names.insert(q.layers.back().name).second)
                bad("/quantization/" + groupKey(uint64_t(k)), "layer '" + q.layers.back().name + "' appears twice");
        }
        return q;
    }
};

bool hasHdf5Signature(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char sig[8] = {};
    return in.read(sig, 8) && std::memcmp(sig, "\x89HDF\r\n\x1a\n", 8) == 0;
}

} // namespace

void checkProjectMarkerForProbe(const std::string& path) {
    if (h5::corruptGlobalHeap(MappedFile::open(path)->bytes())) throw Error(path, "corrupt HDF5 global heap");
    h5::QuietErrors quiet;
    h5::Id f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!f || !h5::hasAttribute(f.get(), kMarker)) throw Error(path, "not a QuantBench project");
}

bool isProjectFile(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) || !hasHdf5Signature(path)) return false;
    // Opening the file and asking for an attribute is already libhdf5 parsing a stranger's file
    // (H5Aexists is where fuzzing found a heap overrun), so the question goes to the probe too.
    try {
        h5::probeInHelper(path, h5::ProbeReader::ProjectMarker, h5::probeTimeout(path));
        return true;
    } catch (const Error&) {
        return false; // not a project, or a file the model reader's own probe will refuse clearly
    }
}

struct ProjectWriter::Impl {
    std::string path, temp;
    JobContext job;
    hid_t file = H5I_INVALID_HID; // closed by hand: commit() needs H5Fclose's result
    h5::Id quantization;           // closed before the file
    std::optional<std::string> plan; // written by commit()
    std::set<std::string> names;
    uint64_t count = 0;
    bool done = false;

    ~Impl() {
        if (done) return;
        h5::QuietErrors quiet; // the error that got us here is reported; a failing close adds nothing
        quantization = {};
        if (file >= 0) H5Fclose(file);
        std::error_code ec;
        if (!temp.empty()) std::filesystem::remove(temp, ec);
    }
};

ProjectWriter::ProjectWriter(const std::string& path, const Project& project, const JobContext& job)
    : impl_(std::make_unique<Impl>()) {
    Impl& w = *impl_;
    w.path = path;
    w.job = job;
    // Beside the target so the rename stays on one file system; HDF5 creates it exclusively.
    // A killed save's temporary (its process gone) goes first: every save clears up after a crash.
    removeStaleTemporaries(path);
    static std::atomic<unsigned> serial{0};
    const std::string temp = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(serial++);
    h5::QuietErrors quiet;
    std::error_code ec;
    const bool existed = std::filesystem::exists(temp, ec);
    w.file = H5Fcreate(temp.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT);
    if (w.file < 0) {
        const std::string why = h5::lastError();
        // Created, then its first write failed (a full disk): ours to remove. A name that was
        // taken before is not.
        if (!existed) std::filesystem::remove(temp, ec);
        throw Error(path, "cannot create: " + why);
    }
    w.temp = temp; // ours from here on: removed unless committed
    const Writer writer{path};
    writer.header(w.file, project, job);
    w.plan = project.plan;
    if (project.sensitivity) writer.sensitivity(w.file, *project.sensitivity, job);
    if (project.latency) writer.latency(w.file, *project.latency);
    if (project.quantization) {
        w.quantization = writer.quantization(w.file, *project.quantization);
        const auto& layers = project.quantization->layers;
        for (size_t k = 0; k < layers.size(); ++k) {
            add(layers[k]);
            // Most of a save's bytes are the layers: a point to show progress and to cancel at.
            job.report(double(k + 1) / double(layers.size() + 1),
                       "saving layer " + std::to_string(k + 1) + "/" + std::to_string(layers.size()));
        }
    }
}

ProjectWriter::~ProjectWriter() = default;

void ProjectWriter::add(const quant::QuantizedLayer& layer) {
    Impl& w = *impl_;
    if (w.done) throw Error(w.path, "layer '" + layer.name + "': the project was committed already");
    w.job.checkCancel();
    if (!w.quantization) throw Error(w.path, "layer '" + layer.name + "': the project has no quantization to add it to");
    if (!w.names.insert(layer.name).second) throw Error(w.path, "layer '" + layer.name + "' is written twice");
    h5::QuietErrors quiet;
    Writer{w.path}.layer(w.quantization.get(), w.count, layer);
    ++w.count;
}

std::function<void(quant::QuantizedLayer&&)> ProjectWriter::sink() {
    return [this](quant::QuantizedLayer&& layer) { add(layer); };
}

size_t ProjectWriter::layerCount() const { return size_t(impl_->count); }

void ProjectWriter::setPlan(std::optional<std::string> planJson) { impl_->plan = std::move(planJson); }

void ProjectWriter::commit() {
    Impl& w = *impl_;
    if (w.done) throw Error(w.path, "the project was committed already");
    h5::QuietErrors quiet;
    const Writer writer{w.path};
    if (w.quantization) writer.attr(w.quantization.get(), "count", int64_t(w.count));
    w.quantization = {};
    if (w.plan) writer.attr(w.file, "plan", *w.plan);
    if (H5Fflush(w.file, H5F_SCOPE_GLOBAL) < 0) throw Error(w.path, "cannot write: " + h5::lastError());
    const herr_t closed = H5Fclose(w.file);
    w.file = H5I_INVALID_HID;
    if (closed < 0) throw Error(w.path, "cannot write: " + h5::lastError());
    w.job.report(1, "saving");
    w.job.checkCancel();
    std::error_code ec;
    std::filesystem::rename(w.temp, w.path, ec);
    if (ec) throw Error(w.path, "cannot replace: " + ec.message());
    w.done = true;
}

void removeStaleTemporaries(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const std::string prefix = target.filename().string() + ".tmp-"; // + pid + "-" + serial, as the writer names it
    std::error_code ec;
    const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.starts_with(prefix)) continue;
        const std::string rest = name.substr(prefix.size());
        const size_t dash = rest.find('-');
        if (dash == 0 || dash == std::string::npos || rest.find_first_not_of("0123456789-") != std::string::npos) continue;
        const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
        if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH) {
            std::error_code rm;
            fs::remove(it->path(), rm);
        }
    }
}

void writeProject(const std::string& path, const Project& project, const JobContext& job) {
    ProjectWriter(path, project, job).commit();
}

namespace {

h5::Id openProjectFile(const std::string& path) {
    if (!hasHdf5Signature(path)) throw Error(path, "not a QuantBench project (no HDF5 signature)");
    if (const auto bad = h5::corruptGlobalHeap(MappedFile::open(path)->bytes())) throw Error(path, *bad);
    h5::QuietErrors quiet;
    h5::Id f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!f) throw Error(path, "cannot open: " + h5::lastError());
    if (!h5::hasAttribute(f.get(), kMarker)) throw Error(path, "not a QuantBench project (no quantbench_project attribute)");
    return f;
}

// Layer k's weight bytes from an open project file whose layout was read already.
std::vector<uint8_t> readLayerWeight(const std::string& path, hid_t f, const quant::QuantizedLayer& layout, size_t k) {
    h5::QuietErrors quiet;
    const Reader r{path};
    const std::string key = groupKey(k), where = "/quantization/" + key;
    const h5::Id qg = r.group(f, "quantization", "/");
    const h5::Id g = r.group(qg.get(), key, "/quantization");
    if (r.text(g.get(), "name", where) != layout.name) r.bad(where, "is no longer layer '" + layout.name + "'");
    return r.weight(g.get(), where, layout.weight, true);
}

// Every part of the file read once by the probe program (hdf5_guard.h), the quantized layers'
// bytes one layer at a time, so a file that crashes or hangs HDF5 is an error and the probe's
// memory stays that of one layer.
void checkWithProbe(const std::string& path) {
    h5::probeInHelper(path, h5::ProbeReader::Project, h5::probeTimeout(path));
}

} // namespace

Project readProject(const std::string& path) {
    checkWithProbe(path);
    const h5::Id f = openProjectFile(path);
    h5::QuietErrors quiet;
    return Reader{path}.read(f.get());
}

struct ProjectLayerReader::Impl {
    std::string path;
    h5::Id file;
    Project layout;
};

ProjectLayerReader::ProjectLayerReader(const std::string& path) : impl_(std::make_unique<Impl>()) {
    checkWithProbe(path);
    impl_->path = path;
    impl_->file = openProjectFile(path);
    h5::QuietErrors quiet;
    impl_->layout = Reader{path}.read(impl_->file.get(), false);
}

ProjectLayerReader::~ProjectLayerReader() = default;

const Project& ProjectLayerReader::project() const { return impl_->layout; }

const std::string& ProjectLayerReader::path() const { return impl_->path; }

std::vector<uint8_t> ProjectLayerReader::weightBytes(size_t layer) const {
    const Impl& r = *impl_;
    if (!r.layout.quantization || layer >= r.layout.quantization->layers.size())
        throw Error(r.path, "the project has no quantized layer " + std::to_string(layer));
    return readLayerWeight(r.path, r.file.get(), r.layout.quantization->layers[layer], layer);
}

void readProjectForProbe(const std::string& path) {
    const h5::Id f = openProjectFile(path);
    h5::QuietErrors quiet;
    const Project p = Reader{path}.read(f.get(), false);
    if (p.quantization)
        for (size_t k = 0; k < p.quantization->layers.size(); ++k)
            (void)readLayerWeight(path, f.get(), p.quantization->layers[k], k);
}

void checkProjectModel(const Project& project) {
    const std::string now = modelHashLike(project.modelHash, project.modelPath);
    if (now != project.modelHash)
        throw Error(project.modelPath, "the model changed since the project was made (content hash " + now +
                                           ", the project recorded " + project.modelHash + "); recalibrate it");
}

Project openProject(const std::string& path) {
    Project p = readProject(path);
    checkProjectModel(p);
    return p;
}

} // namespace qb
