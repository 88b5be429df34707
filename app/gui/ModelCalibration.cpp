#include "app/gui/ModelCalibration.h"

#include <QCoreApplication>
#include <QFileInfo>

#include "app/gui/ModelEvaluation.h"
#include "core/engine/input_geometry.h"
#include "core/calib/graph_calibration.h"
#include "core/calib/llm_calibration.h"
#include "core/formats/model_hash.h"
#include "core/engine/graph_executor.h"
#include "core/datasets/image_dataset.h"
#include "core/datasets/text_dataset.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"

namespace qb {

namespace {

// Stage names, translated for display by JobProgressWidget.
const char* const kHashing = QT_TRANSLATE_NOOP("qb::JobStage", "hashing the model");
const char* const kLoadingData = QT_TRANSLATE_NOOP("qb::JobStage", "loading data");
const char* const kTokenizing = QT_TRANSLATE_NOOP("qb::JobStage", "tokenizing");

std::string absolute(const QString& path) { return QFileInfo(path).absoluteFilePath().toStdString(); }

} // namespace

Project calibrateModel(const std::shared_ptr<const Model>& model, const CalibrationRequest& request,
                       const JobContext& job) {
    const EvaluationSettings& d = request.data;
    if (d.dataPath.isEmpty()) {
        throw Error(model->path, "no calibration data given");
    }
    Project project;
    project.modelPath = absolute(QString::fromStdString(model->path));
    job.report(0, kHashing);
    project.modelHash = modelHash(model->path, job);

    CalibrationSettings s;
    s.dataPath = absolute(d.dataPath);
    s.samples = request.samples;
    s.seed = request.seed;
    s.context = request.context;
    s.bits = request.bits;
    if (model->llama) {
        job.report(0, kTokenizing);
        const BpeTokenizer tokenizer = loadTokenizer(*model);
        const TextDataset text = loadTextDataset(s.dataPath, tokenizer);
        job.checkCancel();
        s.preprocessing = "text windows";
        project.calibration = calibrateLlm(*model, text.tokens, tokenizer.bos(), s, job);
        return project;
    }
    const Preprocess pre = imagePreprocess(d);
    s.preprocessing = d.summary(*model).toStdString();
    job.report(0, kLoadingData);
    const engine::Executor probe(*model); // the geometry image folders are decoded to
    const ImageDataset data = loadDataset(s.dataPath, inputGeometry(probe, pre.layout));
    job.checkCancel();
    project.calibration = calibrateGraph(*model, data, pre, s, job);
    return project;
}

} // namespace qb
