#include "core/pipeline/quantize.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "core/formats/model_hash.h"
#include "core/formats/project_file.h"
#include "core/pipeline/model_runner.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize_journal.h"
#include "core/quant/llm_block_inputs.h"
#include "core/quant/methods.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::pipeline {

namespace {

// Everything quantization needs before the first layer: the resolved plan, the project (with a
// calibration where the plan needs activation ranges), for data-aware methods the inputs, and
// the base project's layers that the plan would make again byte for byte.
struct Prepared {
    std::vector<quant::LayerPlan> layers;
    Project project;
    std::unique_ptr<quant::LlmBlockInputs> inputs;
    std::vector<quant::QuantizedLayer> reused;
    std::vector<quant::LayerPlan> todo; ///< the layers of `layers` not reused
};

bool sameEntry(const quant::LayerPlan& a, const quant::LayerPlan& b) {
    return a.scheme == b.scheme && a.method == b.method && a.actBits == b.actBits && a.actOrder == b.actOrder &&
           a.damp == b.damp && a.alpha == b.alpha && a.rows == b.rows && a.cols == b.cols;
}

// The layers of `old` whose resolved entry in its plan equals the one in `now`. Only when no layer
// of `now` reads layer inputs: a data-aware layer depends on every block before it and on the
// calibration text, so such plans are quantized whole.
std::vector<quant::QuantizedLayer> reusable(const Model& m, std::optional<ProjectQuantization> old,
                                            std::span<const quant::LayerPlan> now) {
    if (!old || quant::needsLayerInputs(now)) return {};
    std::vector<quant::LayerPlan> before;
    try {
        before = quant::resolvePlan(quant::parsePlan(old->plan, "the project's plan"), m, "the project's plan");
    } catch (const Error&) {
        return {}; // a stored plan this model no longer takes: nothing to compare with
    }
    std::unordered_map<std::string_view, const quant::LayerPlan*> was, is;
    for (const quant::LayerPlan& lp : before) was.emplace(lp.name, &lp);
    for (const quant::LayerPlan& lp : now) is.emplace(lp.name, &lp);
    std::vector<quant::QuantizedLayer> out;
    for (quant::QuantizedLayer& l : old->layers) {
        const auto a = was.find(l.name), b = is.find(l.name);
        if (a != was.end() && b != is.end() && sameEntry(*a->second, *b->second)) out.push_back(std::move(l));
    }
    return out;
}

Prepared prepare(const std::shared_ptr<const Model>& model, std::optional<Project> base, const QuantizeRequest& request,
                 const JobContext& job) {
    const Model& m = *model;
    Prepared p{quant::resolvePlan(request.plan, m, request.planSource), base ? std::move(*base) : newProject(m, job), {}, {}, {}};
    Project& project = p.project;
    if (quant::needsActivationRanges(p.layers) && project.calibration.layers.empty()) {
        if (request.data.path.empty())
            throw Error(m.path, "8-bit activations need calibrated ranges: give calibration data, or calibrate first");
        project.calibration = ModelRunner::create(model)->calibrate(request.data, request.calibration, job);
        project.quantization.reset(); // its activation grids came from no calibration
    }
    p.reused = reusable(m, std::move(project.quantization), p.layers);
    std::unordered_map<std::string_view, bool> done;
    for (const quant::QuantizedLayer& l : p.reused) done.emplace(l.name, true);
    for (const quant::LayerPlan& lp : p.layers)
        if (!done.count(lp.name)) p.todo.push_back(lp);
    if (quant::needsLayerInputs(p.layers)) {
        // Without data of its own, the windows are the project's calibration windows.
        CalibrationSettings s = request.calibration;
        s.dataPath = request.data.path;
        s.context = request.data.context;
        if (s.dataPath.empty()) {
            s.dataPath = project.calibration.settings.dataPath;
            s.context = project.calibration.settings.context;
            s.seed = project.calibration.settings.seed;
        }
        if (s.dataPath.empty())
            throw Error(m.path, "GPTQ, AWQ and SmoothQuant need calibration text: give a .txt file as data, or "
                                "calibrate on one first");
        job.report(0, "collecting layer inputs");
        p.inputs = quant::textBlockInputs(m, s.dataPath, s, job, request.memory);
    }
    project.plan = quant::planJson(request.plan);
    project.quantization = ProjectQuantization{quant::planJson(request.plan),
                                               request.plan.defaults.method.value_or(std::string(quant::defaultMethod().name)),
                                               {}};
    return p;
}

// Each layer goes to `sink` as it finishes. Data-aware layers go block by block: each block's
// inputs come through the quantized blocks before it.
void run(const Model& m, Prepared& p, const quant::LayerSink& sink, const JobContext& job,
         const quant::KnownLayer& known = {}) {
    for (quant::QuantizedLayer& l : p.reused) sink(std::move(l));
    if (p.inputs)
        quant::quantizeLlmSequential(m, p.todo, &p.project.calibration, *p.inputs, sink, job, known);
    else
        quant::quantizeModel(m, p.todo, {.calibration = &p.project.calibration, .known = known}, sink, job);
}

// Everything a quantized layer depends on, hashed: a journal made from other inputs is not used.
std::string fingerprint(const Model& m, const Prepared& p, const QuantizeRequest& r, const JobContext& job) {
    std::ostringstream s;
    s.precision(17);
    s << "quantbench " << QB_VERSION << "\nmodel " << p.project.modelHash << "\nthreads " << threadCount()
      << "\nplan " << quant::planJson(r.plan) << "\n";
    for (const quant::LayerPlan& lp : p.layers)
        s << lp.name << ' ' << (lp.scheme ? lp.scheme->name : "") << ' ' << lp.method << ' ' << lp.actBits << ' '
          << lp.actOrder << ' ' << lp.damp << ' ' << lp.alpha << ' ' << lp.rows << 'x' << lp.cols << "\n";
    // The data only where the plan reads it (a data folder can be large to hash).
    if (quant::needsLayerInputs(p.layers) || quant::needsActivationRanges(p.layers))
        s << "data " << r.data.path << ' ' << (r.data.path.empty() ? "" : modelHash(r.data.path, job)) << ' '
          << r.data.summary(m) << ' ' << r.data.context << "\nsamples " << r.calibration.samples << " seed "
          << r.calibration.seed << "\n";
    // The project's calibration: its activation ranges and, without data of the request's, its text.
    const Calibration& c = p.project.calibration;
    s << "calibration " << c.settings.dataPath << ' ' << c.settings.samples << ' ' << c.settings.seed << ' '
      << c.settings.context << ' ' << c.settings.bits << ' ' << c.settings.percentile << ' ' << c.samplesUsed << "\n";
    for (const LayerStats& l : c.layers) {
        s << l.name;
        for (const ClipResult& clip : l.activation.clips) s << ' ' << clip.lo << ' ' << clip.hi;
        s << "\n";
    }
    uint64_t h = 0xcbf29ce484222325ull; // FNV-1a
    for (const char ch : s.str()) {
        h ^= uint8_t(ch);
        h *= 0x100000001b3ull;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

// The journal in `dir` over the layers to quantize (the base project's reused ones are not
// journaled), with what it found reported.
QuantizeJournal openJournal(const std::string& dir, const Model& m, const Prepared& p, const QuantizeRequest& request,
                            const JobContext& job) {
    QuantizeJournal journal(dir, fingerprint(m, p, request, job), p.todo, request.resume, job);
    for (const std::string& note : journal.notes()) job.report(0, note);
    if (journal.available()) {
        const size_t quantized = size_t(std::count_if(p.todo.begin(), p.todo.end(), [](const quant::LayerPlan& lp) {
            return !(lp.scheme->kind == quant::SchemeKind::Float && lp.scheme->storage == DType::F32);
        }));
        job.report(0, "resuming: " + std::to_string(journal.available()) + " of " + std::to_string(quantized) +
                          " layers already done");
    }
    return journal;
}

void noteMemory(const Prepared& p, QuantizeResult& r) {
    if (!p.inputs) return;
    r.blockMemory = p.inputs->memory();
    r.spilledActivations = p.inputs->spilled();
}

} // namespace

QuantizeResult quantize(const std::shared_ptr<const Model>& model, std::optional<Project> base,
                        const QuantizeRequest& request, const JobContext& job) {
    Prepared p = prepare(model, std::move(base), request, job);
    const size_t reused = p.reused.size();
    std::vector<quant::QuantizedLayer>& out = p.project.quantization->layers;
    std::optional<QuantizeJournal> journal;
    if (!request.journal.empty()) journal.emplace(openJournal(request.journal, *model, p, request, job));
    run(
        *model, p,
        [&](quant::QuantizedLayer&& l) {
            if (journal) journal->record(l);
            out.push_back(std::move(l));
        },
        job, journal ? quant::KnownLayer([&](const quant::LayerPlan& lp) { return journal->take(lp); }) : quant::KnownLayer());
    if (journal) journal->remove();
    // In plan order, whatever order the blocks finished in.
    std::unordered_map<std::string_view, size_t> position; // plan names outlive the moves below
    for (size_t i = 0; i < p.layers.size(); ++i) position.emplace(p.layers[i].name, i);
    std::vector<std::pair<size_t, size_t>> order; // (plan position, index in out)
    for (size_t i = 0; i < out.size(); ++i)
        if (const auto it = position.find(out[i].name); it != position.end()) order.emplace_back(it->second, i);
    std::sort(order.begin(), order.end());
    std::vector<quant::QuantizedLayer> ordered;
    ordered.reserve(order.size());
    for (const auto& [at, i] : order) ordered.push_back(std::move(out[i]));
    out = std::move(ordered);
    const size_t count = out.size();
    QuantizeResult r{std::move(p.project), std::move(p.layers), count, reused, 0, std::nullopt, false};
    r.resumedLayers = journal ? journal->taken() : 0;
    noteMemory(p, r);
    return r;
}

QuantizeResult quantizeToFile(const std::shared_ptr<const Model>& model, std::optional<Project> base,
                              const QuantizeRequest& given, const std::string& output, const JobContext& job) {
    QuantizeRequest request = given;
    if (request.memory.spillDir.empty()) {
        const std::filesystem::path folder = std::filesystem::absolute(output).parent_path();
        request.memory.spillDir = folder.empty() ? "." : folder.string();
    }
    Prepared p = prepare(model, std::move(base), request, job);
    const size_t reused = p.reused.size();
    QuantizeJournal journal = openJournal(journalPath(output), *model, p, request, job);
    // The writer's own progress (reused layers, the commit) would move this job's bar backwards.
    JobContext writerJob = job;
    writerJob.progress = nullptr;
    ProjectWriter writer(output, p.project, writerJob);
    run(
        *model, p,
        [&](quant::QuantizedLayer&& l) {
            writer.add(l);
            journal.record(l);
        },
        job, [&](const quant::LayerPlan& lp) { return journal.take(lp); });
    const size_t count = writer.layerCount();
    writer.commit();
    journal.remove();
    QuantizeResult r{std::move(p.project), std::move(p.layers), count, reused, 0, std::nullopt, false};
    r.resumedLayers = journal.taken();
    noteMemory(p, r);
    return r;
}

} // namespace qb::pipeline
