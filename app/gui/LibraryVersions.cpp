#include "app/gui/LibraryVersions.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>
#include <QtGlobal>
#include <dlfcn.h>

#include <Eigen/Core>
#include <H5public.h>
#include <oneapi/dnnl/dnnl.h>
#include <onnx/common/version.h>
#include <onnx/defs/schema.h>
#include <qcustomplot.h>

#include "core/engine/cpu_isa.h"
#include "core/util/cpu_features.h"

namespace qb {

namespace {
// The notes say how each version was read; lupdate finds them through QT_TRANSLATE_NOOP.
QString trText(const char* text) { return QCoreApplication::translate("qb::LibraryVersions", text); }
} // namespace

QString sharedLibraryVersion(const void* symbol) {
    Dl_info info{};
    if (dladdr(symbol, &info) == 0 || info.dli_fname == nullptr) {
        return {};
    }
    // The soname link (libX.so.2.1) points at the file carrying the full version (libX.so.2.1.0).
    const QString file = QFileInfo(QString::fromLocal8Bit(info.dli_fname)).canonicalFilePath();
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("\\.so\\.(\\d+(?:\\.\\d+)*)$")).match(file);
    return m.hasMatch() ? m.captured(1) : QString();
}

QStringList cpuFeatureNames() {
    const CpuFeatures& f = cpuFeatures();
    QStringList features;
    if (f.avx2Fma) features << QStringLiteral("AVX2");
    if (f.avx512) features << QStringLiteral("AVX-512");
    if (f.avx512Vnni) features << QStringLiteral("AVX-512 VNNI");
    if (f.amx) features << QStringLiteral("AMX");
    if (f.avxVnni) features << QStringLiteral("AVX-VNNI");
    return features;
}

QList<LibraryVersion> libraryVersions() {
    QList<LibraryVersion> versions;
    versions.append({QStringLiteral("Qt"), QString::fromLatin1(qVersion()),
                     trText(QT_TRANSLATE_NOOP("qb::LibraryVersions", "qVersion(); built against %1")).arg(QStringLiteral(QT_VERSION_STR))});

    const QString plot = sharedLibraryVersion(reinterpret_cast<const void*>(&QCustomPlot::staticMetaObject));
    versions.append({QStringLiteral("QCustomPlot"), plot.isEmpty() ? QStringLiteral(QCUSTOMPLOT_VERSION_STR) : plot,
                     plot.isEmpty() ? trText(QT_TRANSLATE_NOOP("qb::LibraryVersions", "linked statically: the header's version"))
                                    : trText(QT_TRANSLATE_NOOP("qb::LibraryVersions", "the loaded libQCustomPlot"))});

    const dnnl_version_t* dnnl = dnnl_version();
    versions.append({QStringLiteral("oneDNN"),
                     QStringLiteral("%1.%2.%3").arg(dnnl->major).arg(dnnl->minor).arg(dnnl->patch),
                     trText(QT_TRANSLATE_NOOP("qb::LibraryVersions", "ISA %1")).arg(QString::fromStdString(engine::int8Isa().isa))});

    unsigned major = 0, minor = 0, release = 0;
    H5get_libversion(&major, &minor, &release);
    versions.append({QStringLiteral("HDF5"), QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(release),
                     trText(QT_TRANSLATE_NOOP("qb::LibraryVersions", "H5get_libversion()"))});

    versions.append({QStringLiteral("Eigen"),
                     QStringLiteral("%1.%2.%3").arg(EIGEN_WORLD_VERSION).arg(EIGEN_MAJOR_VERSION).arg(EIGEN_MINOR_VERSION),
                     trText(QT_TRANSLATE_NOOP("qb::LibraryVersions", "header-only: the version compiled in"))});

    // libonnx's own operator registry says which opset it implements.
    const auto& ranges = ONNX_NAMESPACE::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
    const auto onnx = ranges.find(ONNX_NAMESPACE::ONNX_DOMAIN);
    const int opset = onnx == ranges.end() ? 0 : onnx->second.second;
    versions.append({QStringLiteral("ONNX"), QString::fromLatin1(ONNX_NAMESPACE::LAST_RELEASE_VERSION),
                     trText(QT_TRANSLATE_NOOP("qb::LibraryVersions", "opsets up to %1 (libonnx's operator registry)")).arg(opset)});
    return versions;
}

} // namespace qb
