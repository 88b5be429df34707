// The Summary panel: what the file is (format, architecture, path) and its property list.
#pragma once
#include <QWidget>

#include "core/model/model.h"

class QLabel;
class QTreeWidget;

namespace qb {

/// Shows a model's format, architecture, path and properties; long values are elided.
class ModelSummaryView : public QWidget {
    Q_OBJECT
public:
    /// Values longer than this are cut in the list (vocabularies can be megabytes).
    static constexpr int kMaxValueChars = 200;

    explicit ModelSummaryView(QWidget* parent = nullptr);

    void setModel(const Model& model);
    void clear();
    /// Number of property rows shown.
    int propertyCount() const;

protected:
    /// The counts line is built with numbers: built again in a new language.
    void changeEvent(QEvent* event) override;

private:
    void showCounts();

    QLabel* format_;
    QLabel* architecture_;
    QLabel* path_;
    QLabel* counts_;
    QTreeWidget* properties_;
    int64_t tensors_ = -1, params_ = 0, nodes_ = 0; ///< of the model shown; -1: none
};

} // namespace qb
