// The status-bar progress display: stage text, a progress bar and Cancel for the running job.
#pragma once
#include <QPointer>
#include <QWidget>
#include <optional>

#include "app/gui/Workspace.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace qb {

/// Shows the most recently started job of the workspace that is still running; hidden when idle.
class JobProgressWidget : public QWidget {
    Q_OBJECT
public:
    explicit JobProgressWidget(QWidget* parent = nullptr);

    /// Follows `workspace`'s jobs from now on.
    void watch(Workspace* workspace);
    QPushButton* cancelButton() const { return cancel_; }
    QString stageText() const;
    /// The kind of job shown, if any.
    std::optional<Workspace::JobKind> shownKind() const { return active_; }

private:
    void onStarted(Workspace::JobKind kind, const QString& title);
    void onProgress(Workspace::JobKind kind, double fraction, const QString& stage);
    void onEnded(Workspace::JobKind kind);
    void cancelActive();

    QLabel* stage_;
    QProgressBar* bar_;
    QPushButton* cancel_;
    QPointer<Workspace> workspace_;
    std::optional<Workspace::JobKind> active_;
};

} // namespace qb
