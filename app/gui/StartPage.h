// What the window shows before a model is open: open a model or project, the demo model, the
// recent files, and that anything can be dropped on the window. It covers the empty docks and
// hides once a model is open.
#pragma once
#include <QWidget>

class QListWidget;
class QPushButton;

namespace qb {

class StartPage : public QWidget {
    Q_OBJECT
public:
    /// Covers `window` below its menu bar; follows its size.
    explicit StartPage(QWidget* window);

    /// Lists `paths` (newest first) under Recent; a project is marked as one.
    void setRecentFiles(const QStringList& paths);
    /// The demo model: the packaged copy (share/quantbench/demo) or the one run.sh downloads
    /// (~/.cache/quantbench); empty when neither is there.
    static QString demoModelPath();

    QListWidget* recentList() const { return recent_; }
    QPushButton* demoButton() const { return demo_; }

signals:
    void openFileRequested();
    void openProjectRequested();
    void openPathRequested(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fitToWindow();

    QListWidget* recent_;
    QPushButton* demo_;
};

} // namespace qb
