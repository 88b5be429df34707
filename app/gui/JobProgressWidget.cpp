#include "app/gui/JobProgressWidget.h"

#include "app/gui/JobStages.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <algorithm>


namespace qb {

namespace {
constexpr int kSteps = 1000;
}

JobProgressWidget::JobProgressWidget(QWidget* parent)
    : QWidget(parent), stage_(new QLabel(this)), bar_(new QProgressBar(this)), cancel_(new QPushButton(tr("Cancel"), this)) {
    stage_->setObjectName(QStringLiteral("jobStage"));
    bar_->setObjectName(QStringLiteral("jobProgress"));
    bar_->setMaximumWidth(220);
    bar_->setTextVisible(false);
    cancel_->setObjectName(QStringLiteral("jobCancel"));
    cancel_->setToolTip(tr("Stop the running job (Esc)"));
    cancel_->setShortcut(QKeySequence(Qt::Key_Escape));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(stage_);
    layout->addWidget(bar_);
    layout->addWidget(cancel_);
    connect(cancel_, &QPushButton::clicked, this, &JobProgressWidget::cancelActive);
    hide();
}

void JobProgressWidget::watch(Workspace* workspace) {
    workspace_ = workspace;
    connect(workspace, &Workspace::jobStarted, this, &JobProgressWidget::onStarted);
    connect(workspace, &Workspace::jobProgress, this, &JobProgressWidget::onProgress);
    connect(workspace, &Workspace::jobSucceeded, this, &JobProgressWidget::onEnded);
    connect(workspace, &Workspace::jobFailed, this, &JobProgressWidget::onEnded);
    connect(workspace, &Workspace::jobCancelled, this, &JobProgressWidget::onEnded);
}

QString JobProgressWidget::stageText() const { return stage_->text(); }

void JobProgressWidget::onStarted(Workspace::JobKind kind, const QString& title) {
    // Autosaves are quiet: they would hide the job the user is watching for their duration.
    if (kind == Workspace::JobKind::Autosave) return;
    active_ = kind;
    stage_->setText(title);
    bar_->setRange(0, 0); // busy until the first progress report
    cancel_->setEnabled(true);
    show();
}

void JobProgressWidget::onProgress(Workspace::JobKind kind, double fraction, const QString& stage) {
    if (kind != active_) {
        return;
    }
    bar_->setRange(0, kSteps);
    bar_->setValue(int(std::clamp(fraction, 0.0, 1.0) * kSteps));
    const QString shown = translatedStage(stage);
    const QString title = workspace_->title(kind);
    stage_->setText(stage.isEmpty() ? title : title + QStringLiteral(": ") + shown);
}

void JobProgressWidget::onEnded(Workspace::JobKind kind) {
    if (kind != active_) {
        return;
    }
    active_.reset();
    for (int other = 0; other < Workspace::kJobKinds; ++other) {
        if (workspace_ && Workspace::JobKind(other) != Workspace::JobKind::Autosave &&
            workspace_->isBusy(Workspace::JobKind(other))) {
            onStarted(Workspace::JobKind(other), workspace_->title(Workspace::JobKind(other)));
            return;
        }
    }
    hide();
}

void JobProgressWidget::cancelActive() {
    if (active_ && workspace_) {
        workspace_->cancel(*active_);
        stage_->setText(tr("Cancelling %1…").arg(workspace_->title(*active_)));
        cancel_->setEnabled(false);
    }
}

} // namespace qb
