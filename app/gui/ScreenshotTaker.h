// --screenshot: grabs the main window once the model is open and a tensor's plots are drawn (and,
// with --evaluate, once the evaluation is in the Evaluation panel).
#pragma once
#include <QObject>
#include <QString>
#include <QTimer>

namespace qb {

class MainWindow;

/// Saves a PNG of the window after the histogram of `tensor` (or the first one shown) is ready
/// and, if `waitForEvaluation`, an evaluation has finished; then quits the application: exit
/// code 0 on success, 1 if anything failed or timed out.
class ScreenshotTaker : public QObject {
    Q_OBJECT
public:
    static constexpr int kTimeoutMs = 120000;

    ScreenshotTaker(MainWindow* window, QString tensor, QString file, bool waitForEvaluation = false);

private:
    void onOpened();
    void onAnalyzed(const QString& name);
    void shootWhenReady();
    void shoot(bool ok);

    MainWindow* window_;
    QString tensor_;
    QString file_;
    bool analyzed_ = false;
    bool evaluated_;
    QTimer timeout_;
};

} // namespace qb
