#include "core/pipeline/run_outputs.h"

#include "core/util/error.h"

namespace qb::pipeline {

RawOutputs runModel(const std::shared_ptr<const Model>& model, const ProjectQuantization* quantization,
                    const DataSpec& data, int64_t limit, const JobContext& job) {
    if (data.path.empty()) throw Error(model->path, "no input data given");
    job.report(0, "preparing the model");
    return ModelRunner::create(model, quantization)->outputs(data, limit, kClassifierBatch, job);
}

} // namespace qb::pipeline
