// The stage texts core jobs report ("loading data", "batch 3/40"), in the user's language.
#pragma once
#include <QString>

namespace qb {

/// `stage` translated under the "qb::JobStage" context: a fixed text as it is, and a text ending in
/// "<done>/<total>" through its "%1/%2" form, also when a ": <detail>" follows the count (the detail,
/// a scheme or method name, stays as it is). Stages without a translation pass through.
QString translatedStage(const QString& stage);

} // namespace qb
