#include "widgets/TextFormat.h"

#include <QFileInfo>
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

QString displayName(const QString& path) {
    const QString name = QFileInfo(path).fileName();
    return name.isEmpty() ? path : name;
}

QString wrappedText(const QString& text, int columns) {
    // CJK characters take two columns; a run of them (no spaces) breaks anywhere.
    const auto width = [](QChar c) { return c.unicode() >= 0x2e80 ? 2 : 1; };
    QString out, line;
    int used = 0;
    const auto newLine = [&] {
        out += line + '\n';
        line.clear();
        used = 0;
    };
    for (const QString& word : text.split(' ', Qt::SkipEmptyParts)) {
        int w = 0;
        for (const QChar c : word) w += width(c);
        if (used > 0 && used + 1 + w > columns) newLine();
        if (used > 0) {
            line += ' ';
            ++used;
        }
        for (const QChar c : word) {
            if (used > 0 && used + width(c) > columns && w > columns) newLine();
            line += c;
            used += width(c);
        }
    }
    return out + line;
}

} // namespace qb
