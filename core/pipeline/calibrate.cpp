#include "core/pipeline/calibrate.h"

#include "core/pipeline/model_runner.h"
#include "core/pipeline/open_input.h"
#include "core/util/error.h"

namespace qb::pipeline {

Project calibrate(const std::shared_ptr<const Model>& model, const DataSpec& data, const CalibrationSettings& settings,
                  const JobContext& job) {
    if (data.path.empty()) throw Error(model->path, "no calibration data given");
    Project p = newProject(*model, job);
    p.calibration = ModelRunner::create(model)->calibrate(data, settings, job);
    return p;
}

} // namespace qb::pipeline
