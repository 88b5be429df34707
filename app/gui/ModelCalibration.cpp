#include "app/gui/ModelCalibration.h"

#include "core/pipeline/calibrate.h"

namespace qb {

Project calibrateModel(const std::shared_ptr<const Model>& model, const CalibrationRequest& request,
                       const JobContext& job) {
    pipeline::DataSpec data = request.data.dataSpec();
    data.context = request.context;
    CalibrationSettings s;
    s.samples = request.samples;
    s.seed = request.seed;
    s.bits = request.bits;
    return pipeline::calibrate(model, data, s, job);
}

} // namespace qb
