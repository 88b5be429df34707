#include "app/gui/JobProgressWidget.h"

#include "app/gui/JobStages.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <algorithm>

#include "app/gui/JobRunner.h"

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

void JobProgressWidget::watch(JobRunner* runner) {
    runners_.emplace_back(runner);
    connect(runner, &JobRunner::started, this, [this, runner](const QString& title) { onStarted(runner, title); });
    connect(runner, &JobRunner::progressChanged, this,
            [this, runner](double fraction, const QString& stage) { onProgress(runner, fraction, stage); });
    connect(runner, &JobRunner::succeeded, this, [this, runner] { onEnded(runner); });
    connect(runner, &JobRunner::failed, this, [this, runner] { onEnded(runner); });
    connect(runner, &JobRunner::cancelled, this, [this, runner] { onEnded(runner); });
}

QString JobProgressWidget::stageText() const { return stage_->text(); }

void JobProgressWidget::onStarted(JobRunner* runner, const QString& title) {
    active_ = runner;
    stage_->setText(title);
    bar_->setRange(0, 0); // busy until the first progress report
    cancel_->setEnabled(true);
    show();
}

void JobProgressWidget::onProgress(JobRunner* runner, double fraction, const QString& stage) {
    if (runner != active_) {
        return;
    }
    bar_->setRange(0, kSteps);
    bar_->setValue(int(std::clamp(fraction, 0.0, 1.0) * kSteps));
    const QString shown = translatedStage(stage);
    stage_->setText(stage.isEmpty() ? runner->title() : runner->title() + QStringLiteral(": ") + shown);
}

void JobProgressWidget::onEnded(JobRunner* runner) {
    if (runner != active_) {
        return;
    }
    active_.clear();
    for (const auto& other : runners_) {
        if (other && other->isBusy()) {
            onStarted(other, other->title());
            return;
        }
    }
    hide();
}

void JobProgressWidget::cancelActive() {
    if (active_) {
        active_->cancel();
        stage_->setText(tr("Cancelling %1…").arg(active_->title()));
        cancel_->setEnabled(false);
    }
}

} // namespace qb
