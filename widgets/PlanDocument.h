// The plan being edited: the model's tensors in execution order, the plan, what it resolves to
// and its size, and every edit as one step of an undo stack. The editor's views all show it.
#pragma once
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/calibration.h"
#include "core/domain/latency.h"
#include "core/model/model.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"

class QUndoStack;

namespace qb {

/// Predicted change of the evaluation metric when one layer alone takes one scheme: layer name ->
/// scheme name -> change. What a sensitivity run measures; the budget meter sums it over a plan.
using SensitivityTable = std::map<std::string, std::map<std::string, double>>;

class PlanDocument : public QObject {
    Q_OBJECT
public:
    /// One tensor of the model, in execution order.
    struct Row {
        const TensorEntry* tensor = nullptr;
        int64_t rows = 0, cols = 0;          ///< as a quantizer sees the weight ([out, rest])
        int depth = -1;                      ///< position among the quantizable layers (the chart's x), or -1
        const quant::LayerPlan* plan = nullptr; ///< what the plan gives it; null when not quantizable or the plan has problems
    };

    explicit PlanDocument(QObject* parent = nullptr);
    ~PlanDocument() override;

    /// Shows `model` (null clears) with an empty plan (every layer f32) and no undo history.
    void setModel(std::shared_ptr<const Model> model, std::shared_ptr<const Calibration> calibration = nullptr);
    /// Orders the rows by `calibration` (graphs); the plan stays.
    void setCalibration(std::shared_ptr<const Calibration> calibration);
    /// Replaces the plan from outside (a project opened, a quantization run): no undo step, and
    /// the undo history goes. Nothing happens when `plan` equals the current one.
    void setPlan(const quant::Plan& plan);

    const Model* model() const { return model_.get(); }
    const quant::Plan& plan() const { return plan_; }
    QUndoStack* undoStack() const { return undo_; }
    const std::vector<Row>& rows() const { return rows_; }
    /// The row of tensor `name`, or null.
    const Row* row(const std::string& name) const;
    /// planProblems(plan, model): empty when the plan resolves.
    const std::vector<std::string>& problems() const { return problems_; }
    /// One entry per quantizable layer, model order; empty while the plan has problems.
    const std::vector<quant::LayerPlan>& resolved() const { return resolved_; }
    /// planSize over the resolved plan; nullopt while the plan has problems.
    std::optional<quant::PlanSize> size() const { return size_; }
    /// Bytes of the tensors no plan touches (biases, norms...), as stored.
    uint64_t otherBytes() const;
    /// The methods a layer of this model may take (language models: all; graphs: those that
    /// need no layer inputs, as the Quantize dialog offers).
    std::vector<std::string> offeredMethods() const;

    /// Sensitivity results for the budget meter's prediction (empty: none yet).
    void setSensitivity(SensitivityTable table, const QString& metric);
    const SensitivityTable& sensitivity() const { return sensitivity_; }
    const QString& sensitivityMetric() const { return metric_; }
    /// Sum over the quantized layers of the table's change for the scheme each resolves to;
    /// nullopt without a table, with plan problems, or when a quantized layer has no value.
    std::optional<double> predictedChange() const;

    /// The per-layer latency table for the budget meter (null: none, or one measured elsewhere).
    void setLatency(std::shared_ptr<const ProjectLatency> table);
    const ProjectLatency* latency() const { return latency_.get(); }
    /// quant::predictLatencyMs of the resolved plan; nullopt without a table, with plan problems
    /// or when the table lacks a layer.
    std::optional<double> predictedLatencyMs() const;
    /// The same for every layer in fp32; nullopt without a table.
    std::optional<double> fp32LatencyMs() const;

    // Edits. Each returns an empty string when it was applied as one undo step, else why it was
    // refused (the plan is then unchanged).
    /// Gives `layers` scheme `s` of the table: a float or GGML format, or an integer grid at its
    /// bits (and group, for a group scheme; a per-channel one drops the layer's own group).
    QString setScheme(const QStringList& layers, const quant::Scheme& s);
    /// Why setScheme would be refused, or empty: what the palette and drops ask before offering.
    QString schemeRefusal(const QStringList& layers, const quant::Scheme& s) const;
    /// The same for the default entry (every layer without its own scheme). Rows that are no
    /// whole groups or blocks fall back as in any plan's default.
    QString setDefaultScheme(const quant::Scheme& s);
    /// Integer layers: weights per scale (nullopt: one per output channel).
    QString setGroup(const QStringList& layers, std::optional<int64_t> group);
    QString setSymmetric(const QStringList& layers, bool symmetric);
    QString setMethod(const QStringList& layers, const std::string& method);
    /// Drops the layers' own entries: they take the default (and globs) again.
    QString resetLayers(const QStringList& layers);
    /// Every layer of `layer`'s kind (TensorEntry::kind) gets `layer`'s scheme and method as its
    /// own entry; layers that cannot take them are left out and named in `skipped`.
    QString applyToKind(const QString& layer, QStringList* skipped = nullptr);
    /// Replaces the whole plan as one undo step (Plan > Import); its problems are kept and shown.
    void replacePlan(const quant::Plan& plan, const QString& text);

signals:
    /// The rows (model or order) changed.
    void rowsChanged();
    /// The plan changed: an edit, an undo or redo, or setPlan.
    void planChanged();

private:
    friend class PlanCommand;
    struct Target {
        std::string layer;
        const quant::Scheme* scheme = nullptr; ///< what the layer is meant to get (null: no check)
    };
    void apply(const quant::Plan& plan);
    void refresh();
    void rebuildRows();
    /// Validates and pushes an edit of the layers' own entries.
    QString editLayers(const QString& text, const QStringList& layers,
                       const std::function<void(quant::PlanSettings&)>& change,
                       const std::function<const quant::Scheme*(const Row&)>& intended);
    /// Why `candidate` is no good for `targets`, or empty.
    QString refusal(const quant::Plan& candidate, const std::vector<Target>& targets) const;
    quant::PlanSettings entryOf(const std::string& layer) const;

    std::shared_ptr<const Model> model_;
    std::shared_ptr<const Calibration> calibration_;
    quant::Plan plan_;
    std::vector<Row> rows_;
    std::vector<std::string> problems_;
    std::vector<quant::LayerPlan> resolved_;
    std::optional<quant::PlanSize> size_;
    SensitivityTable sensitivity_;
    std::shared_ptr<const ProjectLatency> latency_;
    QString metric_;
    QUndoStack* undo_;
};

} // namespace qb
