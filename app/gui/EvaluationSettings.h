// What the Evaluate dialog asks for, remembered per model in QSettings so the next run of the same
// model (fp32 now, quantized later) starts from the same data and preprocessing.
#pragma once
#include <QCoreApplication>
#include <QString>
#include <cstdint>

#include "core/model/model.h"
#include "core/pipeline/data_spec.h"
#include "core/pipeline/evaluation_report.h"

namespace qb {

struct EvaluationSettings {
    Q_DECLARE_TR_FUNCTIONS(qb::EvaluationSettings)

public:
    static constexpr int kDefaultSampleTokens = 40;

    QString dataPath;
    // Classifiers: x = (pixel * scale - mean) / std; layout "auto" (from the model's input
    // shape), "nchw" or "nhwc"; limit 0 = every sample.
    double scale = 1.0;
    QString mean = QStringLiteral("0");
    QString std = QStringLiteral("1");
    QString layout = QStringLiteral("auto");
    int64_t limit = 0;
    // Language models: window length incl. BOS (0 = defaultContext), windows (0 = all), and the
    // greedy sample (an empty prompt starts right after the BOS).
    int64_t context = 0;
    int64_t windowLimit = 0;
    QString prompt;
    int sampleTokens = kDefaultSampleTokens;

    /// pipeline::defaultContext: min(512, the model's maximum); 0 for other models.
    static int64_t defaultContext(const Model& model);
    /// The context this run uses: `context`, or the default when it is 0.
    int64_t effectiveContext(const Model& model) const;
    /// "limit 500, scale 0.00392, mean 0, std 1, auto layout" or "context 256, 20 windows": the
    /// results table's Settings column.
    QString summary(const Model& model) const;

    /// The data as the pipeline takes it. Throws qb::Error("mean" / "std", ...) for a bad number list.
    pipeline::DataSpec dataSpec() const;
    /// The limit (images, or windows for `model` if it is a language model) and the sample.
    pipeline::EvaluateOptions evaluateOptions(const Model& model) const;

    /// The settings last used with the model at `modelPath` (defaults if none).
    static EvaluationSettings load(const QString& modelPath);
    void save(const QString& modelPath) const;
};

} // namespace qb
