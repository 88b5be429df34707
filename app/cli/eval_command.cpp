// quantbench-cli eval: top-1/top-5 of an ONNX or Keras classifier (fp32, or a quantized project)
// on image data (IDX, class folders of PNG/JPEG, .npy/.npz); text data goes to the language-model
// evaluator (eval_text.cpp).
#include <cstdio>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/calibration_data.h"
#include "app/cli/commands.h"
#include "app/cli/error_boundary.h"
#include "app/cli/eval_text.h"
#include "app/cli/project_model.h"
#include "core/engine/input_geometry.h"
#include "core/engine/graph_executor.h"
#include "core/eval/classifier_eval.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::cli {

int runEval(const EvalOptions& o) {
    if (isTextData(o.data)) return runTextEval({o.model, o.data, o.context, o.limit, o.threads, o.json});
    return reportErrors(o.model, [&] {
        if (o.threads > 0) setThreadCount(o.threads);
        Preprocess pre;
        pre.scale = o.scale;
        pre.mean = numberList("--mean", o.mean);
        pre.std = numberList("--std", o.std);
        pre.layout = o.layout == "nchw" ? Layout::NCHW : o.layout == "nhwc" ? Layout::NHWC : Layout::Auto;
        // A project runs its quantized weights; W8A8 layers run on the engine's int8 kernels.
        const EvalModel m = openForEval(o.model);
        engine::Executor ex(m.model, {.layers = m.int8Layers});
        const ImageDataset data = loadDataset(o.data, inputGeometry(ex, pre.layout));
        JobContext job;
        int lastDecile = -1;
        job.progress = [&](double f, std::string_view stage) {
            if (int(f * 10) == lastDecile) return; // one line per 10%
            lastDecile = int(f * 10);
            std::fprintf(stderr, "%.*s\n", int(stage.size()), stage.data());
        };
        const EvalResult r = evaluateClassifier(ex, data, pre, o.limit, 256, job);
        const double throughput = r.seconds > 0 ? double(r.counts.samples) / r.seconds : 0.0;
        if (o.json) {
            const nlohmann::json j{{"metric", "top1"},
                                   {"value", r.counts.top1Rate()},
                                   {"top5", r.counts.top5Rate()},
                                   {"samples", r.counts.samples},
                                   {"correct", r.counts.top1},
                                   {"seconds", r.seconds},
                                   {"throughput", throughput},
                                   {"quantized", m.quantized},
                                   {"int8_layers", m.int8Layers.size()}};
            std::cout << j.dump(2) << "\n";
        } else {
            std::printf("%s on %s\n  top-1  %.2f%% (%lld/%lld)\n  top-5  %.2f%%\n  %.2f s, %.0f samples/s\n",
                        o.model.c_str(), o.data.c_str(), 100.0 * r.counts.top1Rate(),
                        static_cast<long long>(r.counts.top1), static_cast<long long>(r.counts.samples),
                        100.0 * r.counts.top5Rate(), r.seconds, throughput);
        }
        return 0;
    });
}

} // namespace qb::cli
