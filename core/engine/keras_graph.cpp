#include "core/engine/keras_graph.h"

#include <nlohmann/json.hpp>

#include <set>

#include "core/engine/graph_fusion.h"
#include "core/util/error.h"

namespace qb::engine {
namespace {

using json = nlohmann::json;

// A Keras tensor as the graph holds it.
struct Value {
    std::string name; ///< graph value name
    int rank = 0;     ///< including the batch dimension
    bool nchw = false; ///< a 4-D value held channels-first (Keras sees it channels-last)
};

Attribute integer(int64_t v) {
    Attribute a;
    a.kind = Attribute::Kind::Int;
    a.i = v;
    return a;
}
Attribute real(float v) {
    Attribute a;
    a.kind = Attribute::Kind::Float;
    a.f = v;
    return a;
}
Attribute ints(std::vector<int64_t> v) {
    Attribute a;
    a.kind = Attribute::Kind::Ints;
    a.ints = std::move(v);
    return a;
}
Attribute text(std::string v) {
    Attribute a;
    a.kind = Attribute::Kind::String;
    a.s = std::move(v);
    return a;
}

// A Keras axis of a 4-D channels-last tensor, as an axis of the same tensor held NCHW.
int nchwAxis(int kerasAxis) {
    static constexpr int map[4] = {0, 2, 3, 1};
    return map[kerasAxis];
}

class Translator {
public:
    explicit Translator(const Model& m) : m_(m) {
        g_.path = m.path;
        g_.opset = 13; // Softmax on one axis, Clip bounds as inputs
    }

    Graph run() {
        std::set<std::string> consumed;
        for (const auto& n : m_.nodes) {
            layer_ = &n;
            cfg_ = json();
            if (const auto it = n.attrs.find("config"); it != n.attrs.end() && it->second.kind == Attribute::Kind::String) {
                cfg_ = json::parse(it->second.s, nullptr, false);
                if (cfg_.is_discarded() || !cfg_.is_object()) throw fail("its config is not a JSON object");
            }
            std::vector<Value> in;
            for (const auto& name : n.inputs) {
                const auto v = values_.find(name);
                if (v == values_.end()) throw fail("its input layer '" + name + "' is not defined before it");
                in.push_back(v->second);
                consumed.insert(name);
            }
            if (in.empty() && n.op != "InputLayer") in.push_back(implicitInput());
            values_[n.name] = translate(in);
        }
        if (m_.nodes.empty()) throw Error(m_.path, "the Keras model has no layers");
        for (const auto& n : m_.nodes) {
            if (consumed.count(n.name)) continue;
            layer_ = &n;
            g_.outputs.push_back({asKeras(values_.at(n.name)), {}});
        }
        for (const auto& [layer, value] : values_) g_.layerValues.emplace(layer, value.name);
        return std::move(g_);
    }

private:
    Error fail(const std::string& what) const {
        return Error(m_.path, "layer '" + layer_->name + "' (" + layer_->op + "): " + what);
    }

    // ------------------------------------------------------------ config values

    const json* cfg(const char* key) const {
        const auto it = cfg_.is_object() ? cfg_.find(key) : cfg_.end();
        return it == cfg_.end() || it->is_null() ? nullptr : &*it;
    }
    int64_t cfgInt(const char* key, std::optional<int64_t> def = std::nullopt) const {
        const json* v = cfg(key);
        if (!v && def) return *def;
        if (!v || !v->is_number_integer()) throw fail(std::string("config '") + key + "' must be an integer");
        return v->get<int64_t>();
    }
    double cfgFloat(const char* key, double def) const {
        const json* v = cfg(key);
        if (!v) return def;
        if (!v->is_number()) throw fail(std::string("config '") + key + "' must be a number");
        return v->get<double>();
    }
    bool cfgBool(const char* key, bool def) const {
        const json* v = cfg(key);
        if (!v) return def;
        if (!v->is_boolean()) throw fail(std::string("config '") + key + "' must be true or false");
        return v->get<bool>();
    }
    std::string cfgString(const char* key, const std::string& def) const {
        const json* v = cfg(key);
        if (!v) return def;
        if (!v->is_string()) throw fail(std::string("config '") + key + "' must be a string");
        return v->get<std::string>();
    }
    // A 2-D window parameter: one positive int for both sides or a list of two.
    std::vector<int64_t> cfgPair(const char* key, std::optional<std::vector<int64_t>> def) const {
        const json* v = cfg(key);
        if (!v && def) return *def;
        std::vector<int64_t> r;
        if (v && v->is_number_integer()) r = {v->get<int64_t>(), v->get<int64_t>()};
        if (v && v->is_array() && v->size() == 2 && (*v)[0].is_number_integer() && (*v)[1].is_number_integer())
            r = {(*v)[0].get<int64_t>(), (*v)[1].get<int64_t>()};
        if (r.size() != 2 || r[0] < 1 || r[1] < 1 || r[0] > 65536 || r[1] > 65536)
            throw fail(std::string("config '") + key + "' must be a positive integer or a list of two");
        return r;
    }
    void requireChannelsLast() const {
        const std::string f = cfgString("data_format", "channels_last");
        if (f != "channels_last") throw fail("data_format '" + f + "' is not supported (only channels_last)");
    }
    // Keras' single channel axis (an int, or a one-element list as Keras 2 writes it), normalised.
    int cfgAxis(const char* key, int64_t def, int rank) const {
        const json* v = cfg(key);
        int64_t a = def;
        if (v && v->is_array() && v->size() == 1) v = &(*v)[0];
        if (v) {
            if (!v->is_number_integer()) throw fail(std::string("config '") + key + "' must be one integer axis");
            a = v->get<int64_t>();
        }
        if (a < -rank || a >= rank)
            throw fail(std::string("config '") + key + "' axis " + std::to_string(a) + " is out of range for rank " +
                       std::to_string(rank));
        return int(a < 0 ? a + rank : a);
    }

    // ------------------------------------------------------------ graph building

    std::string fresh(const std::string& what) {
        std::string name = layer_->name + "/" + what;
        for (int k = 1; !used_.insert(name).second; ++k) name = layer_->name + "/" + what + "_" + std::to_string(k);
        return name;
    }
    // The model weight's name on the node that reads its re-laid-out copy: int8 codes and
    // calibration find their layer through it, as they find a fold's (graph_fusion.h).
    Attribute weightSource(const std::string& role) const {
        return text(findWeight(role)->name);
    }

    std::string emit(const std::string& op, std::vector<std::string> inputs, std::map<std::string, Attribute> attrs = {},
                     const std::string& what = "") {
        GraphNode n;
        n.name = fresh(what.empty() ? op : what);
        n.op = op;
        n.inputs = std::move(inputs);
        n.outputs = {n.name};
        n.attrs = std::move(attrs);
        g_.nodes.push_back(std::move(n));
        return g_.nodes.back().name;
    }
    std::string constant(const std::string& what, Tensor t) {
        const std::string name = fresh(what);
        g_.constants.emplace(name, std::move(t));
        return name;
    }
    std::string scalar(const std::string& what, float v) {
        Tensor t(DType::F32, {});
        t.f[0] = v;
        return constant(what, std::move(t));
    }

    std::string transposed(const std::string& name, std::vector<int64_t> perm, const std::string& suffix) {
        const std::string key = name + suffix;
        if (const auto it = converted_.find(key); it != converted_.end()) return it->second;
        GraphNode n;
        n.name = key;
        n.op = "Transpose";
        n.inputs = {name};
        n.outputs = {key};
        n.attrs["perm"] = ints(std::move(perm));
        used_.insert(key);
        g_.nodes.push_back(std::move(n));
        return converted_[key] = key;
    }
    std::string asNchw(const Value& v) {
        if (v.rank != 4) throw fail("expects a 4-D (batch, rows, cols, channels) input, got rank " + std::to_string(v.rank));
        return v.nchw ? v.name : transposed(v.name, {0, 3, 1, 2}, "/nchw");
    }
    std::string asKeras(const Value& v) { return v.nchw ? transposed(v.name, {0, 2, 3, 1}, "/nhwc") : v.name; }

    // The layer's weight `role` ("kernel", "bias"...) decoded to f32, its shape checked.
    const TensorEntry* findWeight(const std::string& role) const {
        for (const std::string& name : {layer_->name + "/" + role + ":0", layer_->name + "/" + role})
            if (const TensorEntry* t = m_.find(name)) return t;
        return nullptr;
    }
    Tensor weight(const std::string& role, const Shape& expect) const {
        const TensorEntry* e = findWeight(role);
        if (!e) throw fail("weight '" + role + "' is missing from /model_weights");
        if (Shape(e->shape.begin(), e->shape.end()) != expect)
            throw fail("weight '" + e->name + "' has shape " + shapeText(Shape(e->shape.begin(), e->shape.end())) +
                       ", expected " + shapeText(expect));
        Tensor t(DType::F32, expect);
        toFloat(*e, t.f);
        return t;
    }
    Shape weightShape(const std::string& role, size_t rank) const {
        const TensorEntry* e = findWeight(role);
        if (!e) throw fail("weight '" + role + "' is missing from /model_weights");
        if (e->shape.size() != rank)
            throw fail("weight '" + e->name + "' has rank " + std::to_string(e->shape.size()) + ", expected " +
                       std::to_string(rank));
        return Shape(e->shape.begin(), e->shape.end());
    }

    // ------------------------------------------------------------ layers

    Value implicitInput() {
        const json* s = cfg("batch_input_shape");
        if (!s) s = cfg("batch_shape");
        if (!s) throw fail("the model declares no input shape (no InputLayer and no batch_input_shape)");
        return input(layer_->name + "_input", *s);
    }
    Value input(const std::string& name, const json& shape) {
        if (!shape.is_array() || shape.empty() || shape.size() > 8) throw fail("the input shape is not a list of 1 to 8 dims");
        GraphValue gv{name, {}};
        for (const auto& d : shape) {
            if (d.is_null()) gv.shape.push_back(-1);
            else if (d.is_number_integer() && d.get<int64_t>() > 0) gv.shape.push_back(d.get<int64_t>());
            else throw fail("input dimension " + d.dump() + " is not a positive integer or null");
        }
        used_.insert(name);
        g_.inputs.push_back(gv);
        return {name, int(gv.shape.size()), false};
    }

    Value translate(const std::vector<Value>& in) {
        const std::string& c = layer_->op;
        if (c == "InputLayer") {
            const json* s = cfg("batch_input_shape");
            if (!s) s = cfg("batch_shape");
            if (!s) throw fail("no batch_input_shape");
            return input(layer_->name, *s);
        }
        const bool merge = c == "Add" || c == "Subtract" || c == "Multiply" || c == "Average" || c == "Concatenate";
        if (merge) return mergeLayer(in);
        if (in.size() != 1) throw fail("takes one input, got " + std::to_string(in.size()));
        const Value& x = in[0];
        if (c == "Dense") return dense(x);
        if (c == "Conv2D" || c == "DepthwiseConv2D") return conv(x, c == "DepthwiseConv2D");
        if (c == "MaxPooling2D" || c == "AveragePooling2D") return pool(x, c == "MaxPooling2D" ? "MaxPool" : "AveragePool");
        if (c == "GlobalAveragePooling2D" || c == "GlobalMaxPooling2D") {
            requireChannelsLast();
            const std::string p = emit(c == "GlobalMaxPooling2D" ? "GlobalMaxPool" : "GlobalAveragePool", {asNchw(x)});
            if (cfgBool("keepdims", false)) return {p, 4, true};
            return {emit("Flatten", {p}, {{"axis", integer(1)}}), 2, false};
        }
        if (c == "BatchNormalization") return batchNorm(x);
        if (c == "Flatten") {
            if (x.rank == 2) return x;
            return {emit("Flatten", {asKeras(x)}, {{"axis", integer(1)}}), 2, false};
        }
        if (c == "Reshape") return reshape(x);
        if (c == "Dropout" || c == "SpatialDropout2D" || c == "GaussianNoise" || c == "GaussianDropout" ||
            c == "AlphaDropout")
            return x; // identity at inference
        if (c == "Activation") return activation(x, cfgString("activation", "linear"));
        if (c == "Softmax") return softmax(x, cfgAxis("axis", -1, x.rank));
        if (c == "ReLU") return relu(x);
        if (c == "LeakyReLU") {
            const double a = cfg("alpha") ? cfgFloat("alpha", 0.3) : cfgFloat("negative_slope", 0.3);
            return {emit("LeakyRelu", {x.name}, {{"alpha", real(float(a))}}), x.rank, x.nchw};
        }
        if (c == "ELU") return {emit("Elu", {x.name}, {{"alpha", real(float(cfgFloat("alpha", 1.0)))}}), x.rank, x.nchw};
        throw fail("layer class not supported by the Keras frontend");
    }

    Value dense(const Value& x) {
        const int64_t units = cfgInt("units");
        const Shape ks = weightShape("kernel", 2);
        if (ks[1] != units) throw fail("kernel shape " + shapeText(ks) + " does not match units " + std::to_string(units));
        // [in, out] as stored: the layer's codes [out, in] are an ONNX MatMul weight's
        std::string y = emit("MatMul", {asKeras(x), constant("kernel", weight("kernel", ks))},
                             {{kWeightSource, weightSource("kernel")}});
        if (cfgBool("use_bias", true)) y = emit("Add", {y, constant("bias", weight("bias", {units}))}, {}, "BiasAdd");
        return activation({y, x.rank, false}, cfgString("activation", "linear"));
    }

    std::map<std::string, Attribute> window(const std::vector<int64_t>& kernel, const std::vector<int64_t>& strides) const {
        std::map<std::string, Attribute> a{{"kernel_shape", ints(kernel)}, {"strides", ints(strides)}};
        const std::string padding = cfgString("padding", "valid");
        if (padding == "same") a["auto_pad"] = text("SAME_UPPER"); // TensorFlow puts the odd pixel last
        else if (padding == "valid") a["pads"] = ints({0, 0, 0, 0});
        else throw fail("padding '" + padding + "' is not supported (valid, same)");
        return a;
    }

    Value conv(const Value& x, bool depthwise) {
        requireChannelsLast();
        const auto k = cfgPair("kernel_size", std::nullopt);
        auto attrs = window(k, cfgPair("strides", std::vector<int64_t>{1, 1}));
        attrs["dilations"] = ints(cfgPair("dilation_rate", std::vector<int64_t>{1, 1}));
        const Shape ks = weightShape(depthwise ? "depthwise_kernel" : "kernel", 4);
        if (ks[0] != k[0] || ks[1] != k[1])
            throw fail("kernel shape " + shapeText(ks) + " does not match kernel_size " + shapeText(k));
        const Tensor hwio = weight(depthwise ? "depthwise_kernel" : "kernel", ks);
        const int64_t kh = ks[0], kw = ks[1], ci = ks[2], co = ks[3];
        // OIHW weights: a conv's [h,w,i,o] becomes [o,i,h,w]; a depthwise [h,w,c,m] (m outputs per
        // input channel c) becomes [c*m+m', 1, h, w] with group = c.
        const int64_t outCh = depthwise ? ci * co : co;
        Tensor oihw(DType::F32, depthwise ? Shape{outCh, 1, kh, kw} : Shape{co, ci, kh, kw});
        for (int64_t h = 0; h < kh; ++h)
            for (int64_t w = 0; w < kw; ++w)
                for (int64_t i = 0; i < ci; ++i)
                    for (int64_t o = 0; o < co; ++o) {
                        const float v = hwio.f[size_t(((h * kw + w) * ci + i) * co + o)];
                        const int64_t dst = depthwise ? ((i * co + o) * kh + h) * kw + w : ((o * ci + i) * kh + h) * kw + w;
                        oihw.f[size_t(dst)] = v;
                    }
        if (depthwise) {
            if (cfgInt("depth_multiplier", 1) != co) throw fail("kernel shape " + shapeText(ks) + " does not match depth_multiplier");
            attrs["group"] = integer(ci);
        } else {
            const int64_t filters = cfgInt("filters");
            const int64_t groups = cfgInt("groups", 1);
            if (co != filters || groups < 1 || filters % groups)
                throw fail("kernel shape " + shapeText(ks) + " does not match filters " + std::to_string(filters) +
                           " in " + std::to_string(groups) + " groups");
            attrs["group"] = integer(groups);
        }
        // The layer's codes are the stored [h,w,i,o] with o first: [O, H, W, I] of the OIHW node
        // weight (a depthwise [h,w,c,m] likewise gives [c, H, W, m], which is OIHW's rows when m is 1).
        attrs[kWeightSource] = weightSource(depthwise ? "depthwise_kernel" : "kernel");
        attrs[kWeightCodesAxes] = ints({0, 2, 3, 1});
        std::vector<std::string> inputs{asNchw(x), constant("kernel_oihw", std::move(oihw))};
        if (cfgBool("use_bias", true)) inputs.push_back(constant("bias", weight("bias", {outCh})));
        return activation({emit("Conv", std::move(inputs), std::move(attrs)), 4, true}, cfgString("activation", "linear"));
    }

    Value pool(const Value& x, const std::string& op) {
        requireChannelsLast();
        const auto size = cfgPair("pool_size", std::vector<int64_t>{2, 2});
        return {emit(op, {asNchw(x)}, window(size, cfgPair("strides", size))), 4, true};
    }

    Value batchNorm(const Value& x) {
        const int axis = cfgAxis("axis", -1, x.rank);
        if (axis != x.rank - 1 || (x.rank != 4 && x.rank != 2))
            throw fail("only the channel axis of a 2-D or 4-D channels-last input is supported, not axis " +
                       std::to_string(axis) + " of rank " + std::to_string(x.rank));
        const Shape cs = weightShape("moving_mean", 1);
        Tensor gamma(DType::F32, cs), beta(DType::F32, cs);
        if (cfgBool("scale", true)) gamma = weight("gamma", cs);
        else std::fill(gamma.f.begin(), gamma.f.end(), 1.f);
        if (cfgBool("center", true)) beta = weight("beta", cs);
        std::vector<std::string> inputs{x.rank == 4 ? asNchw(x) : x.name, constant("gamma", std::move(gamma)),
                                        constant("beta", std::move(beta)), constant("moving_mean", weight("moving_mean", cs)),
                                        constant("moving_variance", weight("moving_variance", cs))};
        const float eps = float(cfgFloat("epsilon", 1e-3));
        return {emit("BatchNormalization", std::move(inputs), {{"epsilon", real(eps)}}), x.rank, x.rank == 4};
    }

    Value reshape(const Value& x) {
        const json* t = cfg("target_shape");
        if (!t || !t->is_array() || t->empty() || t->size() > 7) throw fail("config 'target_shape' must be a list of 1 to 7 dims");
        Tensor shape(DType::I64, {int64_t(t->size()) + 1});
        shape.i[0] = 0; // keep the batch
        for (size_t k = 0; k < t->size(); ++k) {
            const auto& d = (*t)[k];
            if (!d.is_number_integer() || (d.get<int64_t>() < 1 && d.get<int64_t>() != -1))
                throw fail("target_shape entry " + d.dump() + " is not a positive integer or -1");
            shape.i[k + 1] = d.get<int64_t>();
        }
        const int rank = int(shape.i.size());
        return {emit("Reshape", {asKeras(x), constant("shape", std::move(shape))}), rank, false};
    }

    Value softmax(const Value& x, int kerasAxis) {
        const int axis = x.nchw ? nchwAxis(kerasAxis) : kerasAxis;
        return {emit("Softmax", {x.name}, {{"axis", integer(axis)}}), x.rank, x.nchw};
    }

    Value relu(const Value& x) {
        const double slope = cfgFloat("negative_slope", 0.0), threshold = cfgFloat("threshold", 0.0);
        const json* maxValue = cfg("max_value");
        if (threshold != 0.0) throw fail("a non-zero threshold is not supported");
        if (slope != 0.0 && maxValue) throw fail("negative_slope together with max_value is not supported");
        if (slope != 0.0) return {emit("LeakyRelu", {x.name}, {{"alpha", real(float(slope))}}), x.rank, x.nchw};
        if (maxValue) return clip(x, 0.f, float(cfgFloat("max_value", 0.0)));
        return {emit("Relu", {x.name}), x.rank, x.nchw};
    }

    Value clip(const Value& x, float lo, float hi) {
        return {emit("Clip", {x.name, scalar("min", lo), scalar("max", hi)}), x.rank, x.nchw};
    }

    Value activation(const Value& x, const std::string& a) {
        const auto same = [&](const std::string& op, std::map<std::string, Attribute> attrs = {}) {
            return Value{emit(op, {x.name}, std::move(attrs)), x.rank, x.nchw};
        };
        if (a == "linear") return x;
        if (a == "relu") return same("Relu");
        if (a == "relu6") return clip(x, 0.f, 6.f);
        if (a == "sigmoid") return same("Sigmoid");
        if (a == "hard_sigmoid") return same("HardSigmoid", {{"alpha", real(0.2f)}, {"beta", real(0.5f)}}); // Keras 2
        if (a == "tanh") return same("Tanh");
        if (a == "softmax") return softmax(x, x.rank - 1);
        if (a == "elu") return same("Elu", {{"alpha", real(1.f)}});
        if (a == "exponential") return same("Exp");
        if (a == "selu") { // scale * elu(x, alpha) with the constants of Klambauer et al. 2017
            const Value e = same("Elu", {{"alpha", real(1.6732632423543772f)}});
            return {emit("Mul", {e.name, scalar("selu_scale", 1.0507009873554805f)}), x.rank, x.nchw};
        }
        if (a == "swish" || a == "silu") {
            const Value s = same("Sigmoid");
            return {emit("Mul", {x.name, s.name}), x.rank, x.nchw};
        }
        throw fail("activation '" + a + "' is not supported");
    }

    Value mergeLayer(const std::vector<Value>& in) {
        const std::string& c = layer_->op;
        if (in.size() < 2) throw fail("needs at least two inputs, got " + std::to_string(in.size()));
        if (c == "Subtract" && in.size() != 2) throw fail("takes exactly two inputs");
        const int rank = in[0].rank;
        bool anyNchw = false;
        for (const auto& v : in) {
            if (v.rank != rank) throw fail("its inputs have different ranks");
            anyNchw = anyNchw || v.nchw;
        }
        // Inputs agree on a layout: NCHW when they are 4-D and one already is, else Keras' own.
        const bool nchw = rank == 4 && anyNchw;
        std::vector<std::string> names;
        for (const auto& v : in) names.push_back(nchw ? asNchw(v) : asKeras(v));
        if (c == "Concatenate") {
            const int a = cfgAxis("axis", -1, rank);
            return {emit("Concat", names, {{"axis", integer(nchw ? nchwAxis(a) : a)}}), rank, nchw};
        }
        const std::string op = c == "Subtract" ? "Sub" : c == "Multiply" ? "Mul" : "Add";
        std::string y = names[0];
        for (size_t k = 1; k < names.size(); ++k) y = emit(op, {y, names[k]});
        if (c == "Average") y = emit("Mul", {y, scalar("inverse_count", 1.f / float(names.size()))});
        return {y, rank, nchw};
    }

    const Model& m_;
    Graph g_;
    std::map<std::string, Value> values_;           // Keras layer name -> its output
    std::map<std::string, std::string> converted_;  // transposed twins of values
    std::set<std::string> used_;                    // graph value names taken
    const GraphNode* layer_ = nullptr;              // the layer being translated
    json cfg_;                                      // its config
};

} // namespace

Graph kerasGraph(const Model& model) { return Translator(model).run(); }

} // namespace qb::engine
