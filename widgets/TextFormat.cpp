#include "widgets/TextFormat.h"

#include <QLocale>
#include <QStringList>

namespace qb {

QString shapeText(const std::vector<int64_t>& shape) {
    QStringList dims;
    for (int64_t d : shape) {
        dims << QString::number(d);
    }
    return QLatin1Char('[') + dims.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString countText(int64_t n) { return QLocale().toString(qlonglong(n)); }

QString bytesText(uint64_t n) {
    return QLocale().formattedDataSize(qint64(n), 1, QLocale::DataSizeIecFormat);
}

QString valueText(double v) { return QLocale().toString(v, 'g', 5); }

} // namespace qb
