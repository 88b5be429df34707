// Language models in the Comparison panel: each prompt with fp32's greedy continuation and one
// quantized run's side by side; from the first token where they differ on, the text is highlighted.
#pragma once
#include <QTextBrowser>
#include <vector>

#include "core/pipeline/compare.h"

namespace qb {

class GenerationsView : public QTextBrowser {
    Q_OBJECT
public:
    explicit GenerationsView(QWidget* parent = nullptr);

    /// Shows every prompt of `generations` with runs[0] (fp32) and runs[run] side by side, the
    /// run's column headed `runName`; an empty list or a run out of range clears the view.
    void setGenerations(const std::vector<pipeline::Generation>& generations, size_t run, const QString& runName);
};

} // namespace qb
