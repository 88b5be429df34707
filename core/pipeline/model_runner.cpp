#include "core/pipeline/model_runner.h"

#include <cmath>
#include <filesystem>

#include "core/pipeline/runners.h"
#include "core/quant/apply_quantized.h"

namespace qb::pipeline {

std::unique_ptr<ModelRunner> ModelRunner::create(std::shared_ptr<const Model> model,
                                                 const ProjectQuantization* quantization) {
    std::vector<quant::QuantizedLayer> act;
    if (quantization) {
        quant::QuantizedModel q = quant::quantizedModel(*model, quantization->layers);
        act = std::move(q.activationLayers);
        // The copy's unquantized weights are views into the opened model's storage.
        auto owner = std::make_shared<std::pair<std::shared_ptr<const Model>, Model>>(model, std::move(q.model));
        model = std::shared_ptr<const Model>(owner, &owner->second);
    }
    if (model->llama) return makeTransformerRunner(std::move(model), std::move(act));
    return makeGraphRunner(std::move(model), std::move(act));
}

std::string absolutePath(const std::string& path) {
    return std::filesystem::absolute(path).lexically_normal().string();
}

void CountedStage::report(double fraction, int64_t done, int64_t total) {
    const auto permille = std::llround(fraction * 1000.0);
    if (permille == lastPermille_ && done != total) return;
    lastPermille_ = permille;
    job_.report(fraction, what_ + " " + std::to_string(done) + "/" + std::to_string(total));
}

JobContext CountedStage::counting(int64_t total) {
    JobContext inner;
    inner.cancel = job_.cancel;
    inner.progress = [this, total](double fraction, std::string_view) {
        report(fraction, std::llround(fraction * double(total)), total);
    };
    return inner;
}

int64_t EvaluationReport::samples() const {
    if (classifier) return classifier->counts.samples;
    return language ? language->tokens : 0;
}

double EvaluationReport::seconds() const {
    if (classifier) return classifier->seconds;
    return language ? language->seconds : 0.0;
}

double EvaluationReport::throughput() const {
    const double s = seconds();
    return s > 0 ? double(samples()) / s : 0.0;
}

} // namespace qb::pipeline
