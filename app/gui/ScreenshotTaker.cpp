#include "app/gui/ScreenshotTaker.h"

#include <QCoreApplication>
#include <QPixmap>
#include <cstdio>

#include "app/gui/MainWindow.h"

namespace qb {

namespace {
// Lets the last replot and layout pass land before grabbing.
constexpr int kSettleMs = 300;
} // namespace

ScreenshotTaker::ScreenshotTaker(MainWindow* window, QString tensor, QString file, bool waitForEvaluation)
    : QObject(window),
      window_(window),
      tensor_(std::move(tensor)),
      file_(std::move(file)),
      evaluated_(!waitForEvaluation) {
    connect(window_, &MainWindow::modelOpened, this, &ScreenshotTaker::onOpened);
    connect(window_, &MainWindow::openFailed, this, [this] { shoot(false); });
    connect(window_, &MainWindow::tensorAnalyzed, this, &ScreenshotTaker::onAnalyzed);
    connect(window_, &MainWindow::analysisFailed, this, [this] { shoot(false); });
    connect(window_, &MainWindow::evaluationFinished, this, [this] {
        evaluated_ = true;
        shootWhenReady();
    });
    connect(window_, &MainWindow::evaluationFailed, this, [this] { shoot(false); });
    timeout_.setSingleShot(true);
    connect(&timeout_, &QTimer::timeout, this, [this] { shoot(false); });
    timeout_.start(kTimeoutMs);
}

void ScreenshotTaker::onOpened() {
    if (!tensor_.isEmpty() && !window_->selectTensor(tensor_)) {
        std::fprintf(stderr, "%s\n", qPrintable(tr("error: no tensor named %1").arg(tensor_)));
        shoot(false);
    }
}

void ScreenshotTaker::onAnalyzed(const QString& name) {
    if (tensor_.isEmpty() || name == tensor_) {
        analyzed_ = true;
        shootWhenReady();
    }
}

void ScreenshotTaker::shootWhenReady() {
    if (analyzed_ && evaluated_) {
        QTimer::singleShot(kSettleMs, this, [this] { shoot(true); });
    }
}

void ScreenshotTaker::shoot(bool ok) {
    timeout_.stop();
    disconnect(window_, nullptr, this, nullptr);
    if (!window_->grab().save(file_)) {
        std::fprintf(stderr, "%s\n", qPrintable(tr("error: cannot write %1").arg(file_)));
        ok = false;
    }
    QCoreApplication::exit(ok ? 0 : 1);
}

} // namespace qb
