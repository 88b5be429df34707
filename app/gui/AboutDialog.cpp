#include "app/gui/AboutDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "app/gui/LibraryVersions.h"

namespace qb {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent), table_(new QTreeWidget(this)) {
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About QuantBench"));

    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/quantbench.png")).pixmap(96, 96));
    icon->setAlignment(Qt::AlignTop);
    auto* text = new QLabel(
        tr("<h3>QuantBench %1</h3>"
           "<p>A workbench for quantizing neural networks: open a model, inspect the "
           "statistics of every weight tensor and see where quantization will hurt.</p>"
           "<p>Reads ONNX, GGUF, safetensors, llama2.c and Keras HDF5 models.</p>")
            .arg(QStringLiteral(QB_VERSION)),
        this);
    text->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(icon);
    top->addWidget(text, 1);

    table_->setObjectName(QStringLiteral("aboutVersions"));
    table_->setHeaderLabels({tr("Library"), tr("Version"), tr("Details")});
    table_->setRootIsDecorated(false);
    for (const LibraryVersion& v : libraryVersions()) {
        new QTreeWidgetItem(table_, {v.name, v.version, v.detail});
    }
    const QStringList cpu = cpuFeatureNames();
    new QTreeWidgetItem(table_, {tr("CPU"), cpu.isEmpty() ? tr("none of AVX2, AVX-512, VNNI, AMX") : cpu.join(QStringLiteral(", ")),
                                 tr("cpuid")});
    table_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copy = buttons->addButton(tr("&Copy Versions"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(versionsText()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(table_, 1);
    layout->addWidget(buttons);
    resize(640, 420);
}

QString AboutDialog::versionsText() const {
    QStringList lines{QStringLiteral("QuantBench %1").arg(QStringLiteral(QB_VERSION))};
    for (int i = 0; i < table_->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = table_->topLevelItem(i);
        lines << QStringLiteral("%1 %2 (%3)").arg(item->text(0), item->text(1), item->text(2));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace qb
