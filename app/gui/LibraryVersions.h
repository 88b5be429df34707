// The versions of the libraries QuantBench runs on, read from the running process where the
// library can tell (Help > About), so a bug report names what was really loaded.
#pragma once
#include <QList>
#include <QString>

namespace qb {

struct LibraryVersion {
    QString name;
    QString version; ///< as the loaded library reports it
    QString detail;  ///< how it was read, or what else it reports (the ISA oneDNN chose)
};

/// Qt, QCustomPlot, oneDNN, HDF5, Eigen and ONNX, in that order.
QList<LibraryVersion> libraryVersions();

/// The version in the file name of the shared library that holds `symbol` ("2.1.0" for
/// libQCustomPlotQt6.so.2.1.0, links followed), or empty when it is not in a versioned .so.
QString sharedLibraryVersion(const void* symbol);

/// The CPU's vector extensions that matter for int8: "AVX2", "AVX-512", "AVX-512 VNNI",
/// "AVX-VNNI", "AMX" (those present; core/util/cpu_features.h).
QStringList cpuFeatureNames();

} // namespace qb
