// The Log panel: timestamped messages about what the application did and what went wrong.
#pragma once
#include <QPlainTextEdit>

namespace qb {

/// A read-only, bounded log; errors are shown in red.
class LogView : public QPlainTextEdit {
    Q_OBJECT
public:
    static constexpr int kMaxLines = 5000;

    explicit LogView(QWidget* parent = nullptr);

    void info(const QString& message);
    void error(const QString& message);

private:
    void append(const QString& message, const QColor& color);
};

} // namespace qb
