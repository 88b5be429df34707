#include "core/pipeline/kernel_table.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "core/datasets/image_dataset.h"
#include "core/engine/cpu_isa.h"
#include "core/engine/input_geometry.h"
#include "core/eval/classifier_eval.h"
#include "core/quant/apply_quantized.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::pipeline {

namespace {

std::string shapeText(const engine::Shape& s) {
    std::string r;
    for (const int64_t d : s) r += (r.empty() ? "" : "x") + std::to_string(d);
    return r;
}

std::string escape(const std::string& s) {
    std::string r;
    for (const char c : s) {
        if (c == '&') r += "&amp;";
        else if (c == '<') r += "&lt;";
        else if (c == '>') r += "&gt;";
        else if (c == '"') r += "&quot;";
        else r += c;
    }
    return r;
}

std::string fixed(double v, const char* format) {
    char b[32];
    std::snprintf(b, sizeof b, format, v);
    return b;
}

std::string ms(double v) {
    char b[32];
    std::snprintf(b, sizeof b, v < 0.01 ? "%.4f ms" : "%.3f ms", v);
    return b;
}

} // namespace

std::string kernelPrecision(const engine::NodeProfile& p) {
    if (p.impl == "host" || p.src.empty()) return "";
    if (p.src == p.dst && (p.weights.empty() || p.weights == p.src)) return p.src;
    return p.src + (p.weights.empty() ? "" : "/" + p.weights) + "→" + p.dst;
}

ProfiledRun profileRun(const std::shared_ptr<const Model>& model, const ProjectQuantization* quantization,
                       const DataSpec& data, int64_t samples, const JobContext& job) {
    if (model->llama) throw Error(model->path, "kernels are profiled for graph models only");
    if (data.isText()) throw Error(data.path, "is text, which only a llama-family language model reads");
    job.report(0, "kernels");
    std::unique_ptr<engine::Executor> ex;
    if (quantization) {
        // As the evaluation and latency runs execute it: int8 layers chained.
        quant::QuantizedModel q = quant::quantizedModel(*model, quantization->layers);
        ex = std::make_unique<engine::Executor>(q.model, engine::Int8Options{.layers = std::move(q.activationLayers)});
    } else {
        ex = std::make_unique<engine::Executor>(*model);
    }
    job.checkCancel();
    const ImageDataset images = loadDataset(data.path, inputGeometry(*ex, data.image.layout));
    ProfiledRun r;
    if (images.count == 0) return r;
    classifierOutputs(*ex, images, data.image, 1, 1, {.progress = {}, .cancel = job.cancel}); // plans and primitives made
    ex->setProfiling(true);
    const auto t0 = std::chrono::steady_clock::now();
    const ClassifierOutputs out = classifierOutputs(*ex, images, data.image, samples, 1, {.progress = {}, .cancel = job.cancel});
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.samples = out.samples;
    r.nodes = ex->profile();
    return r;
}

KernelTable kernelTable(const ProfiledRun& fp32, const ProfiledRun& quantized) {
    KernelTable t;
    t.isa = engine::int8Isa().isa;
    t.threads = threadCount();
    t.samples = std::min(fp32.samples, quantized.samples);
    const auto perSample = [](double seconds, int64_t runs) { return runs > 0 ? 1e3 * seconds / double(runs) : 0.0; };
    t.fp32Ms = fp32.samples > 0 ? 1e3 * fp32.seconds / double(fp32.samples) : 0.0;
    t.quantizedMs = quantized.samples > 0 ? 1e3 * quantized.seconds / double(quantized.samples) : 0.0;
    std::map<std::pair<std::string, std::string>, const engine::NodeProfile*> fpByNode;
    for (const auto& n : fp32.nodes) fpByNode.emplace(std::pair{n.node, n.op}, &n);
    const auto fill = [&](KernelRow& row, const engine::NodeProfile& n) {
        row.node = n.node;
        row.op = n.op;
        row.depthwise = n.depthwise;
        row.shape = shapeText(n.output);
    };
    for (const auto& q : quantized.nodes) {
        KernelRow row;
        fill(row, q);
        row.int8 = q.int8;
        row.impl = q.impl;
        row.precision = kernelPrecision(q);
        row.ms = perSample(q.seconds, q.runs);
        row.primitiveMs = perSample(q.primitiveSeconds, q.runs);
        row.bestMs = 1e3 * q.bestSeconds;
        row.reorders = q.reorders;
        if (const auto it = fpByNode.find({q.node, q.op}); it != fpByNode.end()) {
            const engine::NodeProfile& f = *it->second;
            row.fp32Impl = f.impl;
            row.fp32Precision = kernelPrecision(f);
            row.fp32Ms = perSample(f.seconds, f.runs);
            row.fp32PrimitiveMs = perSample(f.primitiveSeconds, f.runs);
            row.fp32BestMs = 1e3 * f.bestSeconds;
            fpByNode.erase(it);
        }
        t.rows.push_back(std::move(row));
    }
    for (const auto& f : fp32.nodes) // nodes only fp32 ran, in its order
        if (fpByNode.count({f.node, f.op})) {
            KernelRow row;
            fill(row, f);
            row.fp32Impl = f.impl;
            row.fp32Precision = kernelPrecision(f);
            row.fp32Ms = perSample(f.seconds, f.runs);
            row.fp32PrimitiveMs = perSample(f.primitiveSeconds, f.runs);
            row.fp32BestMs = 1e3 * f.bestSeconds;
            t.rows.push_back(std::move(row));
        }
    return t;
}

std::string explainKernel(const KernelRow& r) {
    std::string what = r.depthwise ? "depthwise " + r.op : r.op;
    if (!r.shape.empty()) what += ", " + r.shape;
    std::string s = r.node + " (" + what + ")";
    if (r.impl.empty()) return s + " runs only in fp32: " + r.fp32Impl + ", " + ms(r.fp32BestMs);
    if (r.fp32Impl.empty()) return s + " runs only quantized: " + r.impl + ", " + ms(r.bestMs);
    const std::string precision = r.precision.empty() ? "host code" : r.precision;
    s += " runs " + r.impl + " in " + precision + ": " + ms(r.bestMs) + ", " + fixed(r.ratio(), "%.2fx") + " fp32's " +
         r.fp32Impl + " (" + ms(r.fp32BestMs) + ")";
    const auto family = [](const std::string& impl) { return impl.substr(0, impl.find(':')); };
    if (r.impl.rfind("ref", 0) == 0) s += "; oneDNN has no optimised kernel for it (reference code)";
    else if (!r.int8 && r.impl == r.fp32Impl) s += "; the same f32 kernel in both runs";
    else if (r.int8 && family(r.impl) != family(r.fp32Impl))
        s += "; oneDNN picks " + family(r.impl) + " for it in int8, not " + family(r.fp32Impl) + " as in fp32";
    if (r.int8 && r.primitiveMs > 0 && r.ms - r.primitiveMs > 0.2 * r.ms) // worth saying
        s += "; " + ms(r.ms - r.primitiveMs) + " of its mean " + ms(r.ms) + " outside the primitive (quantizing the input, reorders)";
    return s;
}

std::vector<const KernelRow*> slowestRows(const KernelTable& table, size_t count) {
    std::vector<const KernelRow*> r;
    for (const KernelRow& row : table.rows)
        if (row.slower()) r.push_back(&row);
    std::stable_sort(r.begin(), r.end(),
                     [](const KernelRow* a, const KernelRow* b) { return a->bestMs - a->fp32BestMs > b->bestMs - b->fp32BestMs; });
    if (r.size() > count) r.resize(count);
    return r;
}

std::string kernelTableHtml(const KernelTable& t) {
    if (t.empty()) return {};
    std::string h = "<h3>Kernels per layer</h3><p>oneDNN on ISA <code>" + escape(t.isa) + "</code>, " +
                    std::to_string(t.threads) + " threads, batch 1, " + std::to_string(t.samples) +
                    " samples: fp32 " + ms(t.fp32Ms) + ", quantized " + ms(t.quantizedMs) +
                    " per sample (the nodes at their fastest: " + ms(t.fp32NodesMs()) + " and " + ms(t.nodesMs()) + ").</p>\n";
    const auto slow = slowestRows(t, 3);
    if (!slow.empty()) {
        h += "<p>Slower quantized:</p><ul>";
        for (const KernelRow* r : slow) h += "<li>" + escape(explainKernel(*r)) + "</li>";
        h += "</ul>\n";
    }
    h += "<table><tr><th>node</th><th>op</th><th>fp32 kernel</th><th>fp32 best (ms)</th><th>fp32 mean (ms)</th>"
         "<th>quantized kernel</th><th>precision</th><th>quantized best (ms)</th><th>quantized mean (ms)</th>"
         "<th>of which primitive (ms)</th><th>quantized / fp32 (best)</th></tr>\n";
    for (const KernelRow& r : t.rows)
        h += std::string("<tr") + (r.slower() ? " class='bad'" : "") + "><td>" + escape(r.node) + "</td><td>" +
             escape(r.depthwise ? "depthwise " + r.op : r.op) + "</td><td>" + escape(r.fp32Impl.empty() ? "-" : r.fp32Impl) +
             "</td><td>" + fixed(r.fp32BestMs, "%.4f") + "</td><td>" + fixed(r.fp32Ms, "%.4f") + "</td><td>" +
             escape(r.impl.empty() ? "-" : r.impl) + "</td><td>" + escape(r.precision.empty() ? "-" : r.precision) +
             "</td><td>" + fixed(r.bestMs, "%.4f") + "</td><td>" + fixed(r.ms, "%.4f") + "</td><td>" +
             fixed(r.primitiveMs, "%.4f") + "</td><td>" + (r.ratio() > 0 ? fixed(r.ratio(), "%.2fx") : "-") + "</td></tr>\n";
    return h + "</table>\n";
}

} // namespace qb::pipeline
