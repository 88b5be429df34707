#include "core/pipeline/compare_report.h"

#include "core/util/temp_output_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/util/error.h"

namespace qb::pipeline {

namespace {

std::string escape(const std::string& s) {
    std::string r;
    for (const char c : s) {
        switch (c) {
            case '&': r += "&amp;"; break;
            case '<': r += "&lt;"; break;
            case '>': r += "&gt;"; break;
            case '"': r += "&quot;"; break;
            default: r += c;
        }
    }
    return r;
}

std::string num(double v, const char* format = "%.4g") {
    if (std::isinf(v)) return v > 0 ? "exact" : "-inf";
    if (std::isnan(v)) return "-";
    char b[64];
    std::snprintf(b, sizeof b, format, v);
    return b;
}

std::string signedNum(double v, const char* format = "%+.4g") { return v == 0 ? "0" : num(v, format); }

// A line chart of the per-layer SQNR along depth: whole plan (solid) and layer alone (dashed).
// Exact values are drawn at the top of the scale.
std::string layerChart(const std::vector<LayerSqnr>& layers) {
    if (layers.empty()) return {};
    const double W = 760, H = 260, left = 48, right = 12, top = 12, bottom = 40;
    double hi = 10;
    for (const auto& l : layers)
        for (const double v : {l.accumulatedDb, l.localDb})
            if (std::isfinite(v)) hi = std::max(hi, v);
    hi = std::ceil(hi / 10) * 10 + 10; // room above for the exact ones
    const auto x = [&](size_t i) {
        return left + (layers.size() == 1 ? 0.5 : double(i) / double(layers.size() - 1)) * (W - left - right);
    };
    const auto y = [&](double v) {
        const double c = std::isfinite(v) ? std::clamp(v, 0.0, hi) : hi;
        return top + (1 - c / hi) * (H - top - bottom);
    };
    std::string svg = "<svg xmlns='http://www.w3.org/2000/svg' width='" + num(W) + "' height='" + num(H) +
                      "' role='img' aria-label='output SQNR per layer'>";
    for (double t = 0; t <= hi; t += 10)
        svg += "<line x1='" + num(left) + "' x2='" + num(W - right) + "' y1='" + num(y(t)) + "' y2='" + num(y(t)) +
               "' stroke='#ddd'/><text x='" + num(left - 6) + "' y='" + num(y(t) + 4) +
               "' text-anchor='end' font-size='10'>" + num(t) + "</text>";
    const auto line = [&](bool local, const char* colour, const char* dash) {
        std::string pts;
        for (size_t i = 0; i < layers.size(); ++i)
            pts += num(x(i)) + "," + num(y(local ? layers[i].localDb : layers[i].accumulatedDb)) + " ";
        svg += std::string("<polyline fill='none' stroke='") + colour + "' stroke-width='2' stroke-dasharray='" + dash +
               "' points='" + pts + "'/>";
        for (size_t i = 0; i < layers.size(); ++i) {
            const double v = local ? layers[i].localDb : layers[i].accumulatedDb;
            svg += "<circle cx='" + num(x(i)) + "' cy='" + num(y(v)) + "' r='3' fill='" + colour + "'><title>" +
                   escape(layers[i].name) + (local ? " alone: " : " whole plan: ") + num(v) + " dB</title></circle>";
        }
    };
    line(false, "#1f77b4", "none");
    line(true, "#d62728", "5,4");
    svg += "<text x='" + num(left) + "' y='" + num(H - 8) + "' font-size='11'>layers in execution order (" +
           std::to_string(layers.size()) + "); blue: whole plan, red dashed: that layer alone; top line: exact</text>";
    return svg + "</svg>";
}

std::string topK(const std::vector<std::pair<int64_t, float>>& v) {
    std::string s;
    for (const auto& [c, p] : v) s += (s.empty() ? "" : ", ") + std::to_string(c) + " (" + num(p, "%.3f") + ")";
    return s;
}

// Language models: per prompt, what each run generates, side by side; from the first token that
// differs from fp32's on, the text is marked.
std::string generationsTable(const Comparison& c) {
    if (c.generations.empty()) return {};
    std::string h = "<h2>Greedy generations</h2><p>Each run continues the same prompts greedily; marked: from the "
                    "first token that differs from fp32's.</p><table><tr><th>prompt</th>";
    for (const auto& r : c.runs) h += "<th>" + escape(r.name) + "</th>";
    h += "</tr>\n";
    for (const auto& g : c.generations) {
        h += "<tr><td style='vertical-align:top;white-space:pre-wrap'><code>" + escape(g.prompt) + "</code></td>";
        for (size_t r = 0; r < c.runs.size(); ++r) {
            std::string same, changed;
            if (r < g.runs.size())
                for (size_t k = 0; k < g.runs[r].pieces.size(); ++k)
                    (g.runs[r].divergesAt >= 0 && int64_t(k) >= g.runs[r].divergesAt ? changed : same) += g.runs[r].pieces[k];
            h += "<td style='text-align:left;vertical-align:top;white-space:pre-wrap'>" + escape(same) +
                 (changed.empty() ? "" : "<mark>" + escape(changed) + "</mark>") + "</td>";
        }
        h += "</tr>\n";
    }
    return h + "</table>\n";
}

} // namespace

std::string comparisonHtml(const Comparison& c, const ReportContext& ctx) {
    std::string h = "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>QuantBench comparison: " +
                    escape(ctx.model) +
                    "</title><style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;"
                    "margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                    "th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.bad{background:#fde2e2}"
                    "</style></head><body>\n";
    h += "<h1>fp32 against quantized</h1><p>Model <code>" + escape(ctx.model) + "</code> on <code>" + escape(ctx.data) +
         "</code></p>\n";
    h += "<h2>Runs</h2><table><tr><th>run</th><th>metric</th><th>value</th><th>&Delta;</th><th>KL (nats)</th>"
         "<th>top-1 agreement</th><th>output SQNR (dB)</th><th>bits/weight</th><th>size (bytes)</th>"
         "<th>latency batch 1 (ms)</th><th>throughput (/s)</th><th>speed-up</th></tr>\n";
    const RunFigures& fp = c.runs.at(0);
    for (const auto& r : c.runs)
        h += "<tr><td>" + escape(r.name) + "</td><td>" + escape(r.metric.empty() ? "-" : r.metric) + "</td><td>" +
             num(r.value) + "</td><td>" + signedNum(r.value - fp.value) + "</td><td>" + num(r.agreement.kl) +
             "</td><td>" + num(100 * r.agreement.top1Agreement, "%.2f") + " %</td><td>" + num(r.agreement.sqnrDb, "%.1f") +
             "</td><td>" + num(r.bitsPerWeight, "%.2f") + "</td><td>" + std::to_string(r.sizeBytes) + "</td><td>" +
             num(r.latencyMs, "%.3f") + "</td><td>" + num(r.throughput, "%.0f") + "</td><td>" +
             num(fp.throughput > 0 ? r.throughput / fp.throughput : 0, "%.2fx") + "</td></tr>\n";
    h += "</table>\n";
    for (size_t v = 0; v < c.details.size(); ++v) {
        const auto& d = c.details[v];
        h += "<h2>" + escape(c.runs.at(v + 1).name) + "</h2>\n";
        if (!d.layers.empty()) {
            h += "<h3>Output SQNR per layer</h3>" + layerChart(d.layers) +
                 "<table><tr><th>layer</th><th>whole plan (dB)</th><th>alone (dB)</th><th>quantized</th></tr>\n";
            for (const auto& l : d.layers)
                h += "<tr><td>" + escape(l.name) + "</td><td>" + num(l.accumulatedDb, "%.2f") + "</td><td>" +
                     num(l.localDb, "%.2f") + "</td><td>" + (l.quantized ? "yes" : "no") + "</td></tr>\n";
            h += "</table>\n";
        }
        h += kernelTableHtml(d.kernels);
        h += "<h3>Samples, largest KL first</h3><table><tr><th>sample</th><th>label</th><th>KL</th><th>fp32 top-k</th>"
             "<th>quantized top-k</th></tr>\n";
        for (size_t k = 0; k < d.samples.size() && int64_t(k) < ctx.samples; ++k) {
            const auto& s = d.samples[k];
            h += std::string("<tr") + (s.agrees ? "" : " class='bad'") + "><td>" + std::to_string(s.index) + "</td><td>" +
                 (s.label >= 0 ? std::to_string(s.label) : "-") + "</td><td>" + num(s.kl) + "</td><td>" +
                 topK(s.reference) + "</td><td>" + topK(s.candidate) + "</td></tr>\n";
        }
        h += "</table>\n";
    }
    h += generationsTable(c);
    return h + "</body></html>\n";
}

void writeComparisonHtml(const std::string& path, const Comparison& comparison, const ReportContext& context) {
    const std::string html = comparisonHtml(comparison, context);
    writeFileAtomically(path, html);
}

} // namespace qb::pipeline
