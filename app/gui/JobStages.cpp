#include "app/gui/JobStages.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace qb {

namespace {

// The stages the pipeline (core/pipeline, core/formats/model_hash) reports, for lupdate: core has
// no Qt, so its texts are listed here.
[[maybe_unused]] const char* const kCoreStages[] = {
    QT_TRANSLATE_NOOP("qb::JobStage", "hashing the model"),
    QT_TRANSLATE_NOOP("qb::JobStage", "loading data"),
    QT_TRANSLATE_NOOP("qb::JobStage", "preparing the model"),
    QT_TRANSLATE_NOOP("qb::JobStage", "tokenizing"),
    QT_TRANSLATE_NOOP("qb::JobStage", "collecting layer inputs"),
    QT_TRANSLATE_NOOP("qb::JobStage", "batch %1/%2"),
    QT_TRANSLATE_NOOP("qb::JobStage", "window %1/%2"),
    QT_TRANSLATE_NOOP("qb::JobStage", "sample %1/%2"),
    QT_TRANSLATE_NOOP("qb::JobStage", "sample token %1/%2"),
    QT_TRANSLATE_NOOP("qb::JobStage", "fp32 reference"),
    QT_TRANSLATE_NOOP("qb::JobStage", "layer %1/%2"),
    QT_TRANSLATE_NOOP("qb::JobStage", "sensitivity done"),
    QT_TRANSLATE_NOOP("qb::JobStage", "latency: f32 pass %1/%2"),
    QT_TRANSLATE_NOOP("qb::JobStage", "latency: int8 pass %1/%2"),
    QT_TRANSLATE_NOOP("qb::JobStage", "latency: layer %1/%2"),
    QT_TRANSLATE_NOOP("qb::JobStage", "resuming: %1 of %2 layers already done"),
};

} // namespace

QString translatedStage(const QString& stage) {
    // "layer 3/36: int4_g32_sym": the counted part translates, the detail after ": " (a scheme or
    // tensor name) stays as it is.
    static const QRegularExpression counted(QStringLiteral("^(.*?) (\\d+)/(\\d+)(: .+)?$"));
    static const QRegularExpression resuming(QStringLiteral("^resuming: (\\d+) of (\\d+) layers already done$"));
    if (const QRegularExpressionMatch r = resuming.match(stage); r.hasMatch())
        return QCoreApplication::translate("qb::JobStage", "resuming: %1 of %2 layers already done")
            .arg(r.captured(1), r.captured(2));
    const QRegularExpressionMatch m = counted.match(stage);
    if (m.hasMatch()) {
        const QByteArray form = (m.captured(1) + QStringLiteral(" %1/%2")).toUtf8();
        const QString shown = QCoreApplication::translate("qb::JobStage", form.constData());
        if (shown.toUtf8() != form) return shown.arg(m.captured(2), m.captured(3)) + m.captured(4);
    }
    return QCoreApplication::translate("qb::JobStage", stage.toUtf8().constData());
}

} // namespace qb
