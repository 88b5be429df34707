#include "app/gui/StartPage.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QVBoxLayout>

namespace qb {

namespace {
// The demo model run.sh fetches (scripts/common.sh: QB_DEMO_FILE); the package ships the same file.
const QString kDemoFile = QStringLiteral("ch_ppocr_mobile_v2.0_cls_infer.onnx");
} // namespace

StartPage::StartPage(QWidget* window)
    : QWidget(window), recent_(new QListWidget(this)), demo_(new QPushButton(tr("Open the &Demo Model"), this)) {
    setObjectName(QStringLiteral("startPage"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);

    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/quantbench.png")).pixmap(96, 96));
    auto* title = new QLabel(tr("<h2>QuantBench</h2><p>Open a neural network to see its weights, calibrate, "
                                "quantize and evaluate it.</p>"),
                             this);
    title->setWordWrap(true);

    auto* openModel = new QPushButton(tr("&Open a Model…"), this);
    openModel->setObjectName(QStringLiteral("startOpenModel"));
    connect(openModel, &QPushButton::clicked, this, &StartPage::openFileRequested);
    auto* openProject = new QPushButton(tr("Open a &Project…"), this);
    openProject->setObjectName(QStringLiteral("startOpenProject"));
    connect(openProject, &QPushButton::clicked, this, &StartPage::openProjectRequested);
    demo_->setObjectName(QStringLiteral("startOpenDemo"));
    const QString demo = demoModelPath();
    demo_->setEnabled(!demo.isEmpty());
    demo_->setToolTip(demo.isEmpty() ? tr("No demo model is installed (run.sh downloads one).")
                                     : tr("PaddleOCR's text direction classifier: %1").arg(QDir::toNativeSeparators(demo)));
    connect(demo_, &QPushButton::clicked, this, [this] { emit openPathRequested(demoModelPath()); });

    recent_->setObjectName(QStringLiteral("startRecent"));
    recent_->setAlternatingRowColors(true);
    connect(recent_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { emit openPathRequested(item->data(Qt::UserRole).toString()); });

    auto* drop = new QLabel(tr("Or drop a model, a project or a plan anywhere on this window."), this);
    drop->setWordWrap(true);

    auto* column = new QVBoxLayout;
    column->addWidget(icon);
    column->addWidget(title);
    column->addWidget(openModel);
    column->addWidget(openProject);
    column->addWidget(demo_);
    column->addSpacing(12);
    column->addWidget(new QLabel(tr("<b>Recent files</b>"), this));
    recent_->setMaximumHeight(240);
    column->addWidget(recent_);
    column->addWidget(drop);
    column->addStretch(1);
    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(column, 2);
    outer->addStretch(1);

    window->installEventFilter(this);
    fitToWindow();
}

QString StartPage::demoModelPath() {
    QString packaged = QStandardPaths::locate(QStandardPaths::GenericDataLocation, QStringLiteral("quantbench/demo/") + kDemoFile);
    if (!packaged.isEmpty()) return packaged;
    const QString downloaded =
        QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QStringLiteral("/quantbench/") + kDemoFile;
    return QFileInfo::exists(downloaded) ? downloaded : QString();
}

void StartPage::setRecentFiles(const QStringList& paths) {
    recent_->clear();
    for (const QString& path : paths) {
        const QFileInfo info(path);
        const QString name = info.suffix() == QLatin1String("qbproj") ? tr("%1 (project)").arg(info.fileName()) : info.fileName();
        auto* item = new QListWidgetItem(name + QStringLiteral(" — ") + QDir::toNativeSeparators(info.absolutePath()), recent_);
        item->setData(Qt::UserRole, path);
        item->setToolTip(QDir::toNativeSeparators(path));
    }
    if (paths.isEmpty()) {
        auto* none = new QListWidgetItem(tr("Nothing opened yet"), recent_);
        none->setFlags(Qt::NoItemFlags);
    }
}

bool StartPage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == parent() && (event->type() == QEvent::Resize || event->type() == QEvent::LayoutRequest)) {
        fitToWindow();
    }
    return QWidget::eventFilter(watched, event);
}

void StartPage::fitToWindow() {
    // Everything between the menu bar and the status bar: the docks stay where they are, underneath.
    auto* window = qobject_cast<QMainWindow*>(parentWidget());
    if (!window) return;
    const int top = window->menuBar()->isVisible() ? window->menuBar()->geometry().bottom() + 1 : 0;
    const int bottom = window->statusBar()->isVisible() ? window->statusBar()->geometry().top() : window->height();
    setGeometry(0, top, window->width(), std::max(0, bottom - top));
    raise();
}

} // namespace qb
