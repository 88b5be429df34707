// The status-bar progress display: stage text, a progress bar and Cancel for the running job.
#pragma once
#include <QPointer>
#include <QWidget>
#include <vector>

class QLabel;
class QProgressBar;
class QPushButton;

namespace qb {

class JobRunner;

/// Shows the most recently started busy job of the watched runners; hidden when all are idle.
class JobProgressWidget : public QWidget {
    Q_OBJECT
public:
    explicit JobProgressWidget(QWidget* parent = nullptr);

    /// Follows `runner`'s jobs from now on.
    void watch(JobRunner* runner);
    QPushButton* cancelButton() const { return cancel_; }
    QString stageText() const;

private:
    void onStarted(JobRunner* runner, const QString& title);
    void onProgress(JobRunner* runner, double fraction, const QString& stage);
    void onEnded(JobRunner* runner);
    void cancelActive();

    QLabel* stage_;
    QProgressBar* bar_;
    QPushButton* cancel_;
    std::vector<QPointer<JobRunner>> runners_;
    QPointer<JobRunner> active_;
};

} // namespace qb
