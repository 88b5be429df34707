#include "widgets/LayerBrowser.h"

#include <QEvent>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "widgets/LayerTableModel.h"
#include "widgets/SensitivityRanks.h"
#include "widgets/TextFormat.h"

namespace qb {

namespace {
constexpr int kMinNameWidth = 160;
constexpr int kMaxNameWidth = 340;
} // namespace

LayerBrowser::LayerBrowser(QWidget* parent)
    : QWidget(parent),
      model_(new LayerTableModel(this)),
      proxy_(new QSortFilterProxyModel(this)),
      filter_(new QLineEdit(this)),
      regexp_(new QCheckBox(tr("Regular expression"), this)),
      view_(new QTableView(this)),
      totals_(new QLabel(this)) {
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(LayerTableModel::SortRole);
    proxy_->setFilterKeyColumn(LayerTableModel::ColName);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);

    filter_->setObjectName(QStringLiteral("layerFilter"));
    filter_->setPlaceholderText(tr("Filter by name"));
    filter_->setClearButtonEnabled(true);
    regexp_->setToolTip(tr("Treat the filter text as a regular expression"));

    view_->setObjectName(QStringLiteral("layerTable"));
    view_->setModel(proxy_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setAlternatingRowColors(true);
    view_->setWordWrap(false);
    view_->setTextElideMode(Qt::ElideMiddle);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 6);
    view_->horizontalHeader()->setStretchLastSection(true);
    // File order until the user clicks a header.
    view_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    view_->setSortingEnabled(true);

    totals_->setObjectName(QStringLiteral("layerTotals"));
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    totals_->setWordWrap(true);

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(filter_, 1);
    filterRow->addWidget(regexp_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filterRow);
    layout->addWidget(view_, 1);
    layout->addWidget(totals_);

    connect(filter_, &QLineEdit::textChanged, this, &LayerBrowser::applyFilter);
    connect(regexp_, &QCheckBox::toggled, this, &LayerBrowser::applyFilter);
    connect(proxy_, &QAbstractItemModel::modelReset, this, &LayerBrowser::updateTotals);
    connect(proxy_, &QAbstractItemModel::rowsInserted, this, &LayerBrowser::updateTotals);
    connect(proxy_, &QAbstractItemModel::rowsRemoved, this, &LayerBrowser::updateTotals);
    connect(proxy_, &QAbstractItemModel::layoutChanged, this, &LayerBrowser::updateTotals);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LayerBrowser::onCurrentRowChanged);
    setQuantization(nullptr);
}

void LayerBrowser::setModel(std::shared_ptr<const Model> model) {
    model_->setModel(std::move(model));
    view_->resizeColumnsToContents();
    // Names matter most, but one very long name must not push every other column out of sight.
    const int nameWidth = view_->columnWidth(LayerTableModel::ColName);
    view_->setColumnWidth(LayerTableModel::ColName, std::clamp(nameWidth, kMinNameWidth, kMaxNameWidth));
    updateTotals();
}

bool LayerBrowser::setFilter(const QString& text, bool regexp) {
    const QSignalBlocker blockText(filter_);
    const QSignalBlocker blockRegexp(regexp_);
    filter_->setText(text);
    regexp_->setChecked(regexp);
    applyFilter();
    return filterError_.isEmpty();
}

void LayerBrowser::applyFilter() {
    const QString text = filter_->text();
    filterError_.clear();
    if (regexp_->isChecked()) {
        const QRegularExpression re(text, QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid()) {
            filterError_ = re.errorString();
            updateTotals();
            return;
        }
        proxy_->setFilterRegularExpression(re);
    } else {
        proxy_->setFilterFixedString(text);
    }
    updateTotals();
}

bool LayerBrowser::selectTensor(const QString& name) {
    for (int row = 0; row < proxy_->rowCount(); ++row) {
        const QModelIndex index = proxy_->index(row, LayerTableModel::ColName);
        if (index.data().toString() == name) {
            view_->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            view_->scrollTo(index);
            return true;
        }
    }
    return false;
}

QString LayerBrowser::selectedTensor() const {
    const QModelIndex current = view_->selectionModel()->currentIndex();
    if (!current.isValid()) {
        return {};
    }
    return proxy_->index(current.row(), LayerTableModel::ColName).data().toString();
}

QString LayerBrowser::totalsText() const { return totals_->text(); }

void LayerBrowser::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) updateTotals();
    QWidget::changeEvent(event);
}

void LayerBrowser::updateTotals() {
    if (!filterError_.isEmpty()) {
        totals_->setText(tr("Invalid regular expression: %1").arg(filterError_));
        return;
    }
    int64_t params = 0;
    int64_t quantizable = 0;
    uint64_t bytes = 0, planned = 0, plannedWeights = 0;
    const int shown = proxy_->rowCount();
    const auto& schemes = model_->schemes();
    for (int row = 0; row < shown; ++row) {
        const TensorEntry* t = model_->tensorAt(proxy_->mapToSource(proxy_->index(row, 0)).row());
        params += t->params();
        bytes += t->bytes();
        quantizable += t->quantizable ? t->params() : 0;
        if (!t->quantizable || schemes.empty()) continue;
        const auto q = schemes.find(t->name);
        planned += q != schemes.end() ? q->second.bytes : uint64_t(t->params()) * 4; // kept layers stay f32
        plannedWeights += uint64_t(t->params());
    }
    const int total = model_->rowCount();
    QString text = shown == total
                       ? tr("Tensors: %1 · parameters: %2 · size: %3 · quantizable parameters: %4")
                             .arg(countText(total), countText(params), bytesText(bytes), countText(quantizable))
                       : tr("Tensors: %1 of %2 · parameters: %3 · size: %4 · quantizable parameters: %5")
                             .arg(countText(shown), countText(total), countText(params), bytesText(bytes),
                                  countText(quantizable));
    if (plannedWeights > 0)
        text += tr(" · quantized: %1, %2 bits per weight")
                    .arg(bytesText(planned), QString::number(8.0 * double(planned) / double(plannedWeights), 'f', 2));
    totals_->setText(text);
}

void LayerBrowser::setQuantization(const ProjectQuantization* q) {
    std::map<std::string, LayerTableModel::LayerScheme> schemes;
    if (q)
        for (const auto& l : q->layers) {
            const auto& w = l.weight;
            schemes[l.name] = {QString::fromStdString(w.scheme ? w.scheme->name : std::string()),
                               QString::fromStdString(l.method), l.activation ? l.activation->bits : 0,
                               w.scheme ? qulonglong(quant::sizeBytes(*w.scheme, w.rows, w.cols).value_or(0)) : 0};
        }
    model_->setSchemes(std::move(schemes));
    const bool shown = q != nullptr;
    view_->setColumnHidden(LayerTableModel::ColScheme, !shown);
    view_->setColumnHidden(LayerTableModel::ColQuantBytes, !shown);
    if (shown) {
        // Next to the name, where a narrow dock still shows it.
        QHeaderView* header = view_->horizontalHeader();
        header->moveSection(header->visualIndex(LayerTableModel::ColScheme), 1);
        for (const int c : {int(LayerTableModel::ColQuantizable), int(LayerTableModel::ColScheme), int(LayerTableModel::ColQuantBytes)})
            view_->resizeColumnToContents(c);
    }
    updateTotals();
}

void LayerBrowser::setSensitivity(const ProjectSensitivity* sensitivity) {
    model_->setShades(sensitivity ? sensitivityShades(*sensitivity, referenceScheme(*sensitivity))
                                  : std::map<std::string, double>());
}

void LayerBrowser::onCurrentRowChanged(const QModelIndex& current) {
    if (!current.isValid()) {
        emit tensorSelected({});
        return;
    }
    emit tensorSelected(proxy_->index(current.row(), LayerTableModel::ColName).data().toString());
}

} // namespace qb
