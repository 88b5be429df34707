#include "widgets/ChipPalette.h"

#include <QApplication>
#include <QComboBox>
#include <QDrag>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>

namespace qb {

namespace {

QColor kindColor(const quant::Scheme& s) {
    switch (s.kind) {
    case quant::SchemeKind::Float: return {120, 120, 130};
    case quant::SchemeKind::Ggml: return {46, 139, 87};
    case quant::SchemeKind::Integer: break;
    }
    // Fewer bits, warmer: 8 bits blue, 2 bits orange.
    const double t = std::clamp((8 - s.bits) / 6.0, 0.0, 1.0);
    return QColor::fromHsvF(0.60 - 0.52 * t, 0.65, 0.85);
}

std::string intName(int bits, std::optional<int64_t> group, bool symmetric) {
    return "int" + std::to_string(bits) + (group ? "_g" + std::to_string(*group) : std::string("_channel")) +
           (symmetric ? "_sym" : "_asym");
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
    const QFontMetrics fm(font());
    return {std::max(fm.horizontalAdvance(label()), fm.horizontalAdvance(QStringLiteral("16.00 bpw"))) + 14,
            2 * fm.height() + 10};
}

void SchemeChip::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QColor fill = kindColor(*scheme_);
    if (!isEnabled()) fill = QColor(215, 215, 215);
    p.setPen(fill.darker(130));
    p.setBrush(fill);
    p.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 6, 6);
    p.setPen(isEnabled() ? Qt::white : QColor(150, 150, 150));
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    const int h = rect().height() / 2;
    p.drawText(QRect(0, 3, width(), h - 1), Qt::AlignHCenter | Qt::AlignBottom, label());
    p.setFont(font());
    p.drawText(QRect(0, h, width(), h - 3), Qt::AlignHCenter | Qt::AlignTop, tr("%1 bpw").arg(bitsText()));
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
    : QWidget(parent), groupBox_(new QComboBox(this)), chipRow_(new QWidget(this)) {
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
    defaultTarget_ = new DefaultTarget([this](const quant::Scheme& s) { emit defaultDropped(s); }, this);
    defaultTarget_->setObjectName(QStringLiteral("paletteDefault"));
    auto* chipsLayout = new QHBoxLayout(chipRow_);
    chipsLayout->setContentsMargins(0, 0, 0, 0);
    chipsLayout->setSpacing(4);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    auto* caption = new QLabel(tr("Drag onto layers:"), this);
    layout->addWidget(caption);
    layout->addWidget(chipRow_);
    layout->addStretch(1);
    auto* groupLabel = new QLabel(tr("INT &scales:"), this);
    groupLabel->setBuddy(groupBox_);
    layout->addWidget(groupLabel);
    layout->addWidget(groupBox_);
    layout->addWidget(defaultTarget_);
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
    for (int bits = 8; bits >= 2; --bits) shown.push_back(&quant::scheme(intName(bits, group_, symmetric_)));
    for (const quant::Scheme& s : quant::schemes())
        if (s.kind == quant::SchemeKind::Ggml) shown.push_back(&s);
    for (const quant::Scheme* s : shown) {
        auto* chip = new SchemeChip(*s, chipRow_);
        chipRow_->layout()->addWidget(chip);
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
