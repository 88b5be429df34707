#include "widgets/LogView.h"

#include <QColor>
#include <QTime>

namespace qb {

LogView::LogView(QWidget* parent) : QPlainTextEdit(parent) {
    setObjectName(QStringLiteral("logView"));
    setReadOnly(true);
    setMaximumBlockCount(kMaxLines);
    setLineWrapMode(QPlainTextEdit::NoWrap);
}

void LogView::info(const QString& message) { append(message, palette().color(QPalette::Text)); }

void LogView::error(const QString& message) { append(message, QColor(190, 30, 30)); }

void LogView::append(const QString& message, const QColor& color) {
    const QString stamp = QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    appendHtml(QStringLiteral("<span style=\"color:%1\">[%2] %3</span>")
                   .arg(color.name(), stamp, message.toHtmlEscaped()));
}

} // namespace qb
