#include "app/gui/EvaluationSettings.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QLocale>
#include <QSettings>
#include <algorithm>

namespace qb {

namespace {

// Paths hold '/', which QSettings reads as groups: one hashed group per model instead.
QString groupFor(const QString& modelPath) {
    const QByteArray path = QFileInfo(modelPath).absoluteFilePath().toUtf8();
    return QStringLiteral("evaluation/") +
           QString::fromLatin1(QCryptographicHash::hash(path, QCryptographicHash::Sha1).toHex().left(16));
}

} // namespace

int64_t EvaluationSettings::defaultContext(const Model& model) { return pipeline::defaultContext(model); }

pipeline::DataSpec EvaluationSettings::dataSpec() const {
    pipeline::DataSpec d;
    d.path = dataPath.toStdString();
    d.context = context;
    d.image.scale = float(scale);
    d.image.mean = pipeline::parseNumberList("mean", mean.toStdString());
    d.image.std = pipeline::parseNumberList("std", std.toStdString());
    d.image.layout = pipeline::parseLayout("layout", layout.toStdString());
    return d;
}

pipeline::EvaluateOptions EvaluationSettings::evaluateOptions(const Model& model) const {
    return {.limit = pipeline::readsText(model) ? windowLimit : limit, .prompt = prompt.toStdString(), .sampleTokens = sampleTokens};
}

int64_t EvaluationSettings::effectiveContext(const Model& model) const {
    return context > 0 ? context : defaultContext(model);
}

QString EvaluationSettings::summary(const Model& model) const {
    if (pipeline::readsText(model)) {
        const QString windows = windowLimit > 0 ? tr("%n window(s)", nullptr, int(windowLimit)) : tr("all windows");
        return tr("context %1, %2").arg(effectiveContext(model)).arg(windows);
    }
    const QString order = layout == QLatin1String("auto") ? tr("auto layout") : layout.toUpper();
    const QString pre = tr("scale %1, mean %2, std %3, %4").arg(QLocale().toString(scale, 'g', 6), mean, std, order);
    return limit > 0 ? tr("limit %1, %2").arg(limit).arg(pre) : pre;
}

EvaluationSettings EvaluationSettings::load(const QString& modelPath) {
    QSettings settings;
    settings.beginGroup(groupFor(modelPath));
    EvaluationSettings s;
    s.dataPath = settings.value(QStringLiteral("data"), s.dataPath).toString();
    s.scale = settings.value(QStringLiteral("scale"), s.scale).toDouble();
    s.mean = settings.value(QStringLiteral("mean"), s.mean).toString();
    s.std = settings.value(QStringLiteral("std"), s.std).toString();
    s.layout = settings.value(QStringLiteral("layout"), s.layout).toString();
    s.limit = settings.value(QStringLiteral("limit"), qlonglong(s.limit)).toLongLong();
    s.context = settings.value(QStringLiteral("context"), qlonglong(s.context)).toLongLong();
    s.windowLimit = settings.value(QStringLiteral("windowLimit"), qlonglong(s.windowLimit)).toLongLong();
    s.prompt = settings.value(QStringLiteral("prompt"), s.prompt).toString();
    s.sampleTokens = settings.value(QStringLiteral("sampleTokens"), s.sampleTokens).toInt();
    return s;
}

void EvaluationSettings::save(const QString& modelPath) const {
    QSettings settings;
    settings.beginGroup(groupFor(modelPath));
    settings.setValue(QStringLiteral("model"), QFileInfo(modelPath).absoluteFilePath());
    settings.setValue(QStringLiteral("data"), dataPath);
    settings.setValue(QStringLiteral("scale"), scale);
    settings.setValue(QStringLiteral("mean"), mean);
    settings.setValue(QStringLiteral("std"), std);
    settings.setValue(QStringLiteral("layout"), layout);
    settings.setValue(QStringLiteral("limit"), qlonglong(limit));
    settings.setValue(QStringLiteral("context"), qlonglong(context));
    settings.setValue(QStringLiteral("windowLimit"), qlonglong(windowLimit));
    settings.setValue(QStringLiteral("prompt"), prompt);
    settings.setValue(QStringLiteral("sampleTokens"), sampleTokens);
}

} // namespace qb
