#include "widgets/StatsPanel.h"

#include <QGridLayout>
#include <QLabel>
#include <QStringList>

#include "widgets/TextFormat.h"

namespace qb {

namespace {
constexpr int kColumns = 5;
}

StatsPanel::StatsPanel(QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(2);
    addField(tr("min"), tr("Smallest finite value"));
    addField(tr("max"), tr("Largest finite value"));
    addField(tr("mean"), tr("Mean of the finite values"));
    addField(tr("std"), tr("Standard deviation of the finite values"));
    addField(tr("abs-max"), tr("Largest absolute finite value"));
    addField(tr("kurtosis"), tr("Excess kurtosis: 0 for a Gaussian, large when a few outliers dominate"));
    addField(tr("beyond 6σ"), tr("Values farther than six standard deviations from the mean"));
    addField(tr("count"), tr("Number of finite values"));
    addField(tr("NaN"), tr("Number of NaN values"));
    addField(tr("Inf"), tr("Number of infinite values"));
    for (size_t i = 0; i < names_.size(); ++i) {
        const int row = int(i) / kColumns;
        const int column = 2 * (int(i) % kColumns);
        grid->addWidget(names_[i], row, column, Qt::AlignRight);
        grid->addWidget(values_[i], row, column + 1, Qt::AlignLeft);
        grid->setColumnStretch(column + 1, 1);
    }
    clear();
}

void StatsPanel::addField(const QString& name, const QString& toolTip) {
    auto* nameLabel = new QLabel(name + QLatin1Char(':'), this);
    nameLabel->setToolTip(toolTip);
    nameLabel->setEnabled(false); // greyed, so values stand out
    auto* valueLabel = new QLabel(this);
    valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    names_.push_back(nameLabel);
    values_.push_back(valueLabel);
}

void StatsPanel::setStats(const TensorStats& s) {
    const QString texts[] = {valueText(s.min),       valueText(s.max),   valueText(s.mean),
                             valueText(s.std),       valueText(s.absMax), valueText(s.kurtosis),
                             countText(s.beyond6Sigma), countText(s.count), countText(s.nanCount),
                             countText(s.infCount)};
    for (size_t i = 0; i < values_.size(); ++i) {
        values_[i]->setText(texts[i]);
    }
}

void StatsPanel::clear() {
    for (QLabel* value : values_) {
        value->setText(QStringLiteral("–"));
    }
}

QString StatsPanel::text() const {
    QStringList lines;
    for (size_t i = 0; i < values_.size(); ++i) {
        lines << names_[i]->text() + QLatin1Char(' ') + values_[i]->text();
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace qb
