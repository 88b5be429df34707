#include "widgets/ChipPalette.h"

#include <QApplication>
#include <QComboBox>
#include <QDrag>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>

namespace qb {

QColor schemeColor(const quant::Scheme& s) {
    switch (s.kind) {
    case quant::SchemeKind::Float: return {120, 120, 130};
    case quant::SchemeKind::Ggml: return {46, 139, 87};
    case quant::SchemeKind::Integer: break;
    }
    // Fewer bits, warmer: 8 bits blue, 2 bits orange.
    const double t = std::clamp((8 - s.bits) / 6.0, 0.0, 1.0);
    return QColor::fromHsvF(0.60 - 0.52 * t, 0.65, 0.85);
}

namespace {

std::string intName(int bits, std::optional<int64_t> group, bool symmetric, int scaleBits) {
    return "int" + std::to_string(bits) + (group ? "_g" + std::to_string(*group) : std::string("_channel")) +
           (symmetric ? "_sym" : "_asym") + (scaleBits == 16 ? "" : "_s" + std::to_string(scaleBits));
}

// "Every layer": a chip dropped here sets the plan's default.
class DefaultTarget : public QLabel {
public:
    DefaultTarget(std::function<void(const quant::Scheme&)> dropped, QWidget* parent)
        : QLabel(parent), dropped_(std::move(dropped)) {
        setAcceptDrops(true);
        setAlignment(Qt::AlignCenter);
        setFrameShape(QFrame::StyledPanel);
        setFrameShadow(QFrame::Sunken);
        setMargin(4);
        setText(ChipPalette::tr("Drop here:\nevery layer"));
        setToolTip(ChipPalette::tr("Drop a chip here to set the plan's default: every layer without an entry of its own takes it"));
    }

protected:
    void dragEnterEvent(QDragEnterEvent* e) override {
        if (schemeFromMimeData(e->mimeData())) e->acceptProposedAction();
    }
    void dropEvent(QDropEvent* e) override {
        if (const quant::Scheme* s = schemeFromMimeData(e->mimeData())) {
            e->acceptProposedAction();
            dropped_(*s);
        }
    }

private:
    std::function<void(const quant::Scheme&)> dropped_;
};

} // namespace

QMimeData* schemeMimeData(const quant::Scheme& s) {
    auto* mime = new QMimeData;
    mime->setData(QString::fromLatin1(kSchemeMimeType), QByteArray::fromStdString(s.name));
    return mime;
}

const quant::Scheme* schemeFromMimeData(const QMimeData* mime) {
    if (!mime || !mime->hasFormat(QString::fromLatin1(kSchemeMimeType))) return nullptr;
    return quant::findScheme(mime->data(QString::fromLatin1(kSchemeMimeType)).toStdString());
}

SchemeChip::SchemeChip(const quant::Scheme& scheme, QWidget* parent) : QFrame(parent), scheme_(&scheme) {
    setObjectName(QStringLiteral("chip_") + label());
    setCursor(Qt::OpenHandCursor);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

QString SchemeChip::label() const {
    if (scheme_->kind == quant::SchemeKind::Integer) return QStringLiteral("INT%1").arg(scheme_->bits);
    if (scheme_->kind == quant::SchemeKind::Float) return QStringLiteral("FP%1").arg(scheme_->bits);
    return QString::fromStdString(scheme_->name).toUpper();
}

QString SchemeChip::bitsText() const { return QLocale().toString(scheme_->bitsPerWeight, 'f', 2); }

QSize SchemeChip::sizeHint() const {
    QFont bold = font();
    bold.setBold(true);
    return {QFontMetrics(bold).horizontalAdvance(label()) + fontMetrics().horizontalAdvance(QStringLiteral(" 16.00")) + 16,
            fontMetrics().height() + 8};
}

void SchemeChip::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QColor fill = schemeColor(*scheme_);
    if (!isEnabled()) fill = QColor(215, 215, 215);
    p.setPen(fill.darker(130));
    p.setBrush(fill);
    p.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 6, 6);
    p.setPen(isEnabled() ? Qt::white : QColor(150, 150, 150));
    // One line: the label in bold, then its bits per weight.
    QFont bold = font();
    bold.setBold(true);
    const int labelWidth = QFontMetrics(bold).horizontalAdvance(label());
    const QRect inner = rect().adjusted(8, 0, -8, 0);
    p.setFont(bold);
    p.drawText(inner, Qt::AlignLeft | Qt::AlignVCenter, label());
    p.setFont(font());
    p.drawText(inner.adjusted(labelWidth, 0, 0, 0), Qt::AlignRight | Qt::AlignVCenter, bitsText());
}

void SchemeChip::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) pressed_ = event->position().toPoint();
    QFrame::mousePressEvent(event);
}

void SchemeChip::mouseMoveEvent(QMouseEvent* event) {
    if (!(event->buttons() & Qt::LeftButton) ||
        (event->position().toPoint() - pressed_).manhattanLength() < QApplication::startDragDistance())
        return;
    auto* drag = new QDrag(this);
    drag->setMimeData(schemeMimeData(*scheme_));
    drag->setPixmap(grab());
    drag->setHotSpot(pressed_);
    drag->exec(Qt::CopyAction);
}

ChipPalette::ChipPalette(QWidget* parent)
    : QWidget(parent), groupBox_(new QComboBox(this)), scaleBitsBox_(new QComboBox(this)),
      chipRow_(new QWidget(this)), ggmlRow_(new QWidget(this)) {
    setObjectName(QStringLiteral("chipPalette"));
    groupBox_->setObjectName(QStringLiteral("paletteGroup"));
    groupBox_->addItem(tr("per channel"), 0);
    for (int64_t g : quant::groupSizes()) groupBox_->addItem(tr("groups of %1").arg(g), int(g));
    groupBox_->setToolTip(tr("Weights per scale of the INT chips"));
    connect(groupBox_, &QComboBox::activated, this, [this] {
        const int g = groupBox_->currentData().toInt();
        setGroup(g > 0 ? std::optional<int64_t>(g) : std::nullopt);
        emit groupChosen(group_);
    });
    scaleBitsBox_->setObjectName(QStringLiteral("paletteScaleBits"));
    scaleBitsBox_->addItem(tr("fp16"), 16);
    for (int bits : {8, 6, 4}) scaleBitsBox_->addItem(tr("%1-bit codes").arg(bits), bits);
    scaleBitsBox_->setToolTip(tr("How the INT chips store group scales: fp16, or codes of 8, 6 or 4 bits under one "
                                 "fp16 scale per tensor (at groups of 32, 0.25, 0.31 or 0.38 bits per weight less)"));
    connect(scaleBitsBox_, &QComboBox::currentIndexChanged, this, [this] {
        scaleBits_ = scaleBitsBox_->currentData().toInt();
        rebuild();
    });
    defaultTarget_ = new DefaultTarget([this](const quant::Scheme& s) { emit defaultDropped(s); }, this);
    defaultTarget_->setObjectName(QStringLiteral("paletteDefault"));
    for (QWidget* row : {chipRow_, ggmlRow_}) {
        auto* l = new QHBoxLayout(row);
        l->setContentsMargins(0, 0, 0, 0);
        l->setSpacing(4);
    }
    // Two rows: float and integer grids, then the GGML block formats.
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(4, 2, 4, 2);
    grid->setVerticalSpacing(3);
    grid->addWidget(new QLabel(tr("Drag onto layers:"), this), 0, 0);
    grid->addWidget(chipRow_, 0, 1, Qt::AlignLeft);
    grid->addWidget(ggmlRow_, 1, 1, Qt::AlignLeft);
    auto* groupLabel = new QLabel(tr("INT &scales:"), this);
    groupLabel->setBuddy(groupBox_);
    auto* groupRow = new QHBoxLayout;
    groupRow->addWidget(groupLabel);
    groupRow->addWidget(groupBox_);
    groupRow->addWidget(scaleBitsBox_);
    grid->addLayout(groupRow, 1, 0);
    grid->addWidget(new QLabel(tr("(bits per weight)"), this), 1, 2);
    grid->setColumnStretch(2, 1);
    grid->addWidget(defaultTarget_, 0, 3, 2, 1);
    rebuild();
}

void ChipPalette::setGroup(std::optional<int64_t> group) {
    group_ = group;
    groupBox_->setCurrentIndex(std::max(0, groupBox_->findData(int(group.value_or(0)))));
    rebuild();
}

void ChipPalette::setSymmetric(bool symmetric) {
    symmetric_ = symmetric;
    rebuild();
}

QWidget* ChipPalette::defaultTarget() const { return defaultTarget_; }

SchemeChip* ChipPalette::chip(const QString& label) const {
    for (SchemeChip* c : chips_)
        if (c->label() == label) return c;
    return nullptr;
}

void ChipPalette::rebuild() {
    for (SchemeChip* c : chips_) delete c;
    chips_.clear();
    std::vector<const quant::Scheme*> shown{&quant::scheme("f16")};
    for (int bits : kPaletteBits) shown.push_back(&quant::scheme(intName(bits, group_, symmetric_, scaleBits_)));
    for (const quant::Scheme& s : quant::schemes())
        if (s.kind == quant::SchemeKind::Ggml) shown.push_back(&s);
    for (const quant::Scheme* s : shown) {
        QWidget* row = s->kind == quant::SchemeKind::Ggml ? ggmlRow_ : chipRow_;
        auto* chip = new SchemeChip(*s, row);
        row->layout()->addWidget(chip);
        chips_.push_back(chip);
    }
    setRefusals(refusal_);
}

void ChipPalette::setRefusals(const std::function<QString(const quant::Scheme&)>& refusal) {
    refusal_ = refusal;
    for (SchemeChip* c : chips_) {
        const QString why = refusal_ ? refusal_(c->scheme()) : QString();
        c->setEnabled(why.isEmpty());
        c->setToolTip(why.isEmpty() ? tr("%1: %2 bits per weight (%3); drag it onto a layer, a selection or the default")
                                          .arg(c->label(), c->bitsText(), QString::fromStdString(c->scheme().name))
                                    : tr("%1 cannot go on the selection: %2").arg(c->label(), why));
    }
}

} // namespace qb
