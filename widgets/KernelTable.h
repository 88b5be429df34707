// The Comparison panel's Kernels tab (pipeline::KernelTable): per node the oneDNN implementation
// and time in fp32 and quantized, sortable, rows slower quantized marked, the ISA above and one
// line per slowest row saying why ("depthwise Conv runs jit_int8 in s8/s8→f32: 1.9× fp32's
// brdgmm_dw").
#pragma once
#include <QWidget>

#include "core/pipeline/kernel_table.h"

class QLabel;
class QTableWidget;

namespace qb {

class KernelTable : public QWidget {
    Q_OBJECT
public:
    explicit KernelTable(QWidget* parent = nullptr);

    /// Shows `table` (empty: a note that there is none), sorted by quantized time, slowest first.
    void setTable(const pipeline::KernelTable& table);

    enum Column { Node, Op, Fp32Kernel, Fp32Ms, Kernel, Precision, Ms, Ratio, Columns };
    QTableWidget* table() const { return table_; }
    QLabel* summary() const { return summary_; }
    /// The slowest rows explained, one line each.
    QLabel* answer() const { return answer_; }

    /// The line for one row slower quantized, translated.
    static QString explain(const pipeline::KernelRow& row);

private:
    QLabel* summary_;
    QLabel* answer_;
    QTableWidget* table_;
};

} // namespace qb
