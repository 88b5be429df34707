// The plan editor's palette: one chip per scheme a user drags onto layers (FP16, INT8..INT2 at the
// palette's group size, the GGML block formats), each with its bits per weight from the scheme table.
#pragma once
#include <QColor>
#include <QFrame>
#include <QString>
#include <functional>
#include <optional>
#include <vector>

#include "core/domain/scheme.h"

class QComboBox;
class QLabel;
class QMimeData;

namespace qb {

/// The mime type a chip's drag carries: the scheme's name in UTF-8.
inline constexpr char kSchemeMimeType[] = "application/x-quantbench-scheme";
/// A drag payload for scheme `s`.
QMimeData* schemeMimeData(const quant::Scheme& s);
/// The scheme a payload names, or null when it is not ours or names no scheme.
const quant::Scheme* schemeFromMimeData(const QMimeData* mime);

/// The colour of a scheme's chip, also its bars in the bits chart: integer grids from blue (8 bits)
/// to orange (2 bits), GGML formats green, float grey.
QColor schemeColor(const quant::Scheme& s);
/// The integer widths the palette offers, widest first.
inline constexpr int kPaletteBits[] = {8, 6, 5, 4, 3, 2};

/// One draggable chip.
class SchemeChip : public QFrame {
    Q_OBJECT
public:
    SchemeChip(const quant::Scheme& scheme, QWidget* parent = nullptr);
    const quant::Scheme& scheme() const { return *scheme_; }
    /// "INT4", "FP16", "Q4_K".
    QString label() const;
    /// The bits per weight shown ("4.50").
    QString bitsText() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    QSize sizeHint() const override;

private:
    const quant::Scheme* scheme_;
    QPoint pressed_;
};

class ChipPalette : public QWidget {
    Q_OBJECT
public:
    explicit ChipPalette(QWidget* parent = nullptr);

    /// Weights per scale of the integer chips; nullopt: one scale per output channel.
    void setGroup(std::optional<int64_t> group);
    std::optional<int64_t> group() const { return group_; }
    /// Symmetric or asymmetric integer chips (their bits per weight differ by the zero points).
    void setSymmetric(bool symmetric);
    const std::vector<SchemeChip*>& chips() const { return chips_; }
    /// The chip whose label is `label` ("INT4", "Q4_0"), or null.
    SchemeChip* chip(const QString& label) const;
    /// Greys out the chips `refusal` gives a reason for (shown as their tooltip).
    void setRefusals(const std::function<QString(const quant::Scheme&)>& refusal);
    /// The drop target that sets the plan's default.
    QWidget* defaultTarget() const;
    QComboBox* groupBox() const { return groupBox_; }
    /// The integer chips' group scales: fp16 (data 16), or 8, 6, 4-bit codes (the "_s8", "_s6",
    /// "_s4" schemes).
    QComboBox* scaleBitsBox() const { return scaleBitsBox_; }

signals:
    /// A chip was dropped on the "every layer" target.
    void defaultDropped(const quant::Scheme& scheme);
    /// The user chose another group size for the integer chips.
    void groupChosen(std::optional<int64_t> group);

private:
    void rebuild();

    std::optional<int64_t> group_;
    bool symmetric_ = true;
    int scaleBits_ = 16;
    std::vector<SchemeChip*> chips_;
    QComboBox* groupBox_;
    QComboBox* scaleBitsBox_;
    QWidget* chipRow_;
    QWidget* ggmlRow_;
    QWidget* defaultTarget_;
    std::function<QString(const quant::Scheme&)> refusal_;
};

} // namespace qb
