#include "widgets/PlanDocument.h"

#include <QUndoCommand>
#include <QUndoStack>
#include <algorithm>

#include "core/quant/latency_model.h"
#include "core/quant/methods.h"
#include "core/quant/weight_matrix.h"
#include "core/util/error.h"
#include "widgets/PlanLayers.h"

namespace qb {

/// One edit: the whole plan before and after, so undo restores it exactly.
class PlanCommand : public QUndoCommand {
public:
    PlanCommand(PlanDocument* doc, quant::Plan before, quant::Plan after, const QString& text)
        : QUndoCommand(text), doc_(doc), before_(std::move(before)), after_(std::move(after)) {}
    void redo() override { doc_->apply(after_); }
    void undo() override { doc_->apply(before_); }

private:
    PlanDocument* doc_;
    quant::Plan before_, after_;
};

namespace {

QString names(const QStringList& layers) {
    if (layers.size() <= 3) return layers.join(QStringLiteral(", "));
    return PlanDocument::tr("%1 and %2 more").arg(layers.mid(0, 3).join(QStringLiteral(", "))).arg(layers.size() - 3);
}

QString schemeText(const quant::Scheme& s) { return QString::fromStdString(s.name); }

} // namespace

PlanDocument::PlanDocument(QObject* parent) : QObject(parent), undo_(new QUndoStack(this)) {}

PlanDocument::~PlanDocument() = default;

void PlanDocument::setModel(std::shared_ptr<const Model> model, std::shared_ptr<const Calibration> calibration) {
    model_ = std::move(model);
    calibration_ = std::move(calibration);
    undo_->clear();
    plan_ = quant::Plan{};
    rebuildRows();
    refresh();
}

void PlanDocument::setCalibration(std::shared_ptr<const Calibration> calibration) {
    calibration_ = std::move(calibration);
    // Projects come and go with the same calibration (a quantization, a save): keep the rows,
    // and the selection in the views, unless the order really changed.
    if (model_) {
        const std::vector<const TensorEntry*> order = executionOrder(*model_, calibration_.get());
        bool same = order.size() == rows_.size();
        for (size_t i = 0; same && i < order.size(); ++i) same = order[i] == rows_[i].tensor;
        if (same) return;
    }
    rebuildRows();
    refresh();
}

void PlanDocument::setPlan(const quant::Plan& plan) {
    if (plan == plan_) return;
    undo_->clear();
    apply(plan);
}

void PlanDocument::replacePlan(const quant::Plan& plan, const QString& text) {
    undo_->push(new PlanCommand(this, plan_, plan, text));
}

void PlanDocument::apply(const quant::Plan& plan) {
    plan_ = plan;
    refresh();
}

void PlanDocument::rebuildRows() {
    rows_.clear();
    int depth = 0;
    if (model_) {
        for (const TensorEntry* t : executionOrder(*model_, calibration_.get())) {
            Row r;
            r.tensor = t;
            if (t->quantizable) {
                r.depth = depth++;
                try {
                    const quant::WeightMatrix shape = quant::matrixShape(*t);
                    r.rows = shape.rows;
                    r.cols = shape.cols;
                } catch (const Error&) {
                    // No matrix: the plan cannot resolve either, and says so.
                }
            }
            rows_.push_back(r);
        }
    }
    emit rowsChanged();
}

void PlanDocument::refresh() {
    problems_.clear();
    resolved_.clear();
    size_.reset();
    if (model_) {
        problems_ = quant::planProblems(plan_, *model_);
        if (problems_.empty()) {
            try {
                resolved_ = quant::resolvePlan(plan_, *model_, "plan");
                size_ = quant::planSize(resolved_);
            } catch (const Error& e) {
                resolved_.clear();
                problems_.push_back(e.what());
            }
        }
    }
    std::map<std::string, const quant::LayerPlan*> byName;
    for (const quant::LayerPlan& l : resolved_) byName.emplace(l.name, &l);
    for (Row& r : rows_) {
        auto it = byName.find(r.tensor->name);
        r.plan = it == byName.end() ? nullptr : it->second;
    }
    emit planChanged();
}

const PlanDocument::Row* PlanDocument::row(const std::string& name) const {
    for (const Row& r : rows_)
        if (r.tensor->name == name) return &r;
    return nullptr;
}

uint64_t PlanDocument::otherBytes() const {
    uint64_t n = 0;
    if (model_)
        for (const TensorEntry& t : model_->tensors)
            if (!t.quantizable) n += t.bytes();
    return n;
}

std::vector<std::string> PlanDocument::offeredMethods() const {
    std::vector<std::string> out;
    for (const quant::Method& m : quant::methods())
        if ((model_ && model_->llama) || !m.needsLayerInputs) out.emplace_back(m.name);
    return out;
}

void PlanDocument::setSensitivity(SensitivityTable table, const QString& metric) {
    sensitivity_ = std::move(table);
    metric_ = metric;
    emit planChanged();
}

std::optional<double> PlanDocument::predictedChange() const {
    if (sensitivity_.empty() || resolved_.empty()) return std::nullopt;
    double sum = 0;
    for (const quant::LayerPlan& l : resolved_) {
        if (l.scheme->kind == quant::SchemeKind::Float && l.scheme->bits == 32) continue; // unchanged
        const auto layer = sensitivity_.find(l.name);
        if (layer == sensitivity_.end()) return std::nullopt;
        const auto value = layer->second.find(l.scheme->name);
        if (value == layer->second.end()) return std::nullopt;
        sum += value->second;
    }
    return sum;
}

void PlanDocument::setLatency(std::shared_ptr<const ProjectLatency> table) {
    latency_ = std::move(table);
    emit planChanged();
}

std::optional<double> PlanDocument::predictedLatencyMs() const {
    if (!latency_ || !model_ || resolved_.empty()) return std::nullopt;
    try {
        return quant::predictLatencyMs(*latency_, *model_, resolved_);
    } catch (const Error&) {
        return std::nullopt; // a layer the table lacks
    }
}

std::optional<double> PlanDocument::fp32LatencyMs() const {
    if (!latency_) return std::nullopt;
    double ms = latency_->restMs;
    for (const LayerLatency& l : latency_->layers) ms += l.f32Ms;
    return ms;
}

quant::PlanSettings PlanDocument::entryOf(const std::string& layer) const {
    const quant::PlanEntry* e = plan_.entry(layer);
    return e ? e->settings : quant::PlanSettings{};
}

QString PlanDocument::refusal(const quant::Plan& candidate, const std::vector<Target>& targets) const {
    if (!model_) return tr("No model is open");
    // A new problem of the plan: a method that takes no such scheme, a value out of range...
    const std::vector<std::string> after = quant::planProblems(candidate, *model_);
    std::vector<std::string> fresh;
    for (const std::string& p : after)
        if (std::find(problems_.begin(), problems_.end(), p) == problems_.end()) fresh.push_back(p);
    bool touches = after.size() > problems_.size();
    for (const std::string& p : fresh)
        for (const Target& t : targets)
            if (p.find(t.layer) != std::string::npos) touches = true;
    if (touches && !fresh.empty()) return QString::fromStdString(fresh.front());
    // A scheme the layer's rows cannot take would silently fall back: refuse it instead.
    for (const Target& t : targets) {
        const Row* r = row(t.layer);
        if (!r || !t.scheme) continue;
        const quant::Scheme& got = quant::resolve(*t.scheme, r->cols);
        if (&got != t.scheme)
            return tr("%1: rows of %2 weights do not split into groups of %3 for %4 (it would fall back to %5)")
                .arg(QString::fromStdString(t.layer))
                .arg(r->cols)
                .arg(t.scheme->group)
                .arg(schemeText(*t.scheme), schemeText(got));
    }
    // An entry without a group inherits one: a per-channel grid asked for may not be what comes.
    if (after.empty()) {
        for (const quant::LayerPlan& l : quant::resolvePlan(candidate, *model_, "plan")) {
            for (const Target& t : targets) {
                if (!t.scheme || t.layer != l.name || t.scheme->kind != quant::SchemeKind::Integer) continue;
                if (l.scheme->granularity != t.scheme->granularity || l.scheme->group != t.scheme->group)
                    return tr("%1: a less specific entry sets groups of %2, so it would get %3 instead of %4; "
                              "change the default, or choose the groups in the palette")
                        .arg(QString::fromStdString(t.layer))
                        .arg(l.scheme->group)
                        .arg(schemeText(*l.scheme), schemeText(*t.scheme));
            }
        }
    }
    return {};
}

QString PlanDocument::editLayers(const QString& text, const QStringList& layers,
                                 const std::function<void(quant::PlanSettings&)>& change,
                                 const std::function<const quant::Scheme*(const Row&)>& intended) {
    if (layers.isEmpty()) return tr("Select a layer first");
    quant::Plan candidate = plan_;
    std::vector<Target> targets;
    for (const QString& name : layers) {
        const std::string key = name.toStdString();
        const Row* r = row(key);
        if (!r) return tr("%1: no such tensor").arg(name);
        if (!r->tensor->quantizable) return tr("%1 is not quantizable: it stays as it is").arg(name);
        quant::PlanSettings s = entryOf(key);
        change(s);
        candidate.setEntry(key, s);
        targets.push_back({key, intended ? intended(*r) : nullptr});
    }
    if (QString why = refusal(candidate, targets); !why.isEmpty()) return why;
    if (candidate == plan_) return {};
    undo_->push(new PlanCommand(this, plan_, candidate, text.arg(names(layers))));
    return {};
}

namespace {

void setSchemeFields(quant::PlanSettings& e, const quant::Scheme& s) {
    if (s.kind == quant::SchemeKind::Integer) {
        e.format.reset();
        e.bits = s.bits;
        if (s.granularity == quant::Granularity::Group) e.group = s.group;
        else e.group.reset();
        if (s.scaleBits != 16) e.scaleBits = s.scaleBits;
        else e.scaleBits.reset();
    } else {
        e.bits.reset();
        e.group.reset();
        e.symmetric.reset();
        e.scaleBits.reset();
        e.format = s.name;
    }
}

} // namespace

QString PlanDocument::schemeRefusal(const QStringList& layers, const quant::Scheme& s) const {
    if (!model_) return tr("No model is open");
    quant::Plan candidate = plan_;
    std::vector<Target> targets;
    for (const QString& name : layers) {
        const std::string key = name.toStdString();
        const Row* r = row(key);
        if (!r) return tr("%1: no such tensor").arg(name);
        if (!r->tensor->quantizable) return tr("%1 is not quantizable: it stays as it is").arg(name);
        quant::PlanSettings e = entryOf(key);
        setSchemeFields(e, s);
        candidate.setEntry(key, e);
        targets.push_back({key, &s});
    }
    return refusal(candidate, targets);
}

QString PlanDocument::setScheme(const QStringList& layers, const quant::Scheme& s) {
    return editLayers(tr("Set %1 on %2").arg(schemeText(s), QStringLiteral("%1")), layers,
                      [&](quant::PlanSettings& e) { setSchemeFields(e, s); }, [&](const Row&) { return &s; });
}

QString PlanDocument::setDefaultScheme(const quant::Scheme& s) {
    if (!model_) return tr("No model is open");
    quant::Plan candidate = plan_;
    quant::PlanSettings d = plan_.defaults;
    setSchemeFields(d, s);
    candidate.setDefaults(d);
    if (QString why = refusal(candidate, {}); !why.isEmpty()) return why;
    if (candidate != plan_) undo_->push(new PlanCommand(this, plan_, candidate, tr("Set the default to %1").arg(schemeText(s))));
    return {};
}

QString PlanDocument::setGroup(const QStringList& layers, std::optional<int64_t> group) {
    for (const QString& name : layers) {
        const Row* r = row(name.toStdString());
        if (r && r->plan && r->plan->scheme->kind != quant::SchemeKind::Integer)
            return tr("%1 has the format %2: its blocks fix the scales").arg(name, schemeText(*r->plan->scheme));
    }
    auto change = [&](quant::PlanSettings& e) {
        if (group) e.group = *group;
        else e.group.reset();
    };
    if (!group && model_) {
        // Dropping the layer's own group helps only when no less specific entry sets one.
        quant::Plan candidate = plan_;
        for (const QString& name : layers) {
            quant::PlanSettings e = entryOf(name.toStdString());
            change(e);
            candidate.setEntry(name.toStdString(), e);
        }
        if (quant::planProblems(candidate, *model_).empty())
            for (const quant::LayerPlan& l : quant::resolvePlan(candidate, *model_, "plan"))
                if (layers.contains(QString::fromStdString(l.name)) && l.scheme->granularity == quant::Granularity::Group)
                    return tr("%1: a less specific entry sets groups of %2; change the default instead")
                        .arg(QString::fromStdString(l.name))
                        .arg(l.scheme->group);
    }
    return editLayers(
        group ? tr("Groups of %1 on %2").arg(*group).arg(QStringLiteral("%1")) : tr("One scale per channel on %1"), layers,
        change, [&](const Row& r) -> const quant::Scheme* {
            if (!group || !r.plan) return nullptr;
            const quant::Scheme* cur = r.plan->scheme;
            return quant::findScheme("int" + std::to_string(cur->bits) + "_g" + std::to_string(*group) +
                                     (cur->symmetric ? "_sym" : "_asym"));
        });
}

QString PlanDocument::setSymmetric(const QStringList& layers, bool symmetric) {
    for (const QString& name : layers) {
        const Row* r = row(name.toStdString());
        if (r && r->plan && r->plan->scheme->kind != quant::SchemeKind::Integer)
            return tr("%1 has the format %2: its blocks fix the grid").arg(name, schemeText(*r->plan->scheme));
    }
    return editLayers(symmetric ? tr("Symmetric grid on %1") : tr("Asymmetric grid on %1"), layers,
                      [&](quant::PlanSettings& e) { e.symmetric = symmetric; }, nullptr);
}

QString PlanDocument::setMethod(const QStringList& layers, const std::string& method) {
    const std::vector<std::string> offered = offeredMethods();
    if (std::find(offered.begin(), offered.end(), method) == offered.end())
        return tr("%1 needs a language model's layer inputs").arg(QString::fromStdString(quant::methodLabel(method)));
    return editLayers(tr("Method %1 on %2").arg(QString::fromStdString(quant::methodLabel(method)), QStringLiteral("%1")),
                      layers, [&](quant::PlanSettings& e) { e.method = method; }, nullptr);
}

QString PlanDocument::resetLayers(const QStringList& layers) {
    quant::Plan candidate = plan_;
    for (const QString& name : layers) candidate.removeEntry(name.toStdString());
    if (candidate == plan_) return {};
    if (QString why = refusal(candidate, {}); !why.isEmpty()) return why;
    undo_->push(new PlanCommand(this, plan_, candidate, tr("Default for %1").arg(names(layers))));
    return {};
}

QString PlanDocument::applyToKind(const QString& layer, QStringList* skipped) {
    const Row* source = row(layer.toStdString());
    if (!source || !source->plan) return tr("%1: the plan gives it nothing to copy").arg(layer);
    const quant::LayerPlan& lp = *source->plan;
    // The source's resolved scheme and method, spelled out so that every target gets the same.
    quant::PlanSettings s = entryOf(lp.name);
    setSchemeFields(s, *lp.scheme);
    if (lp.scheme->kind == quant::SchemeKind::Integer) s.symmetric = lp.scheme->symmetric;
    if (lp.method != quant::kFloatMethod) s.method = lp.method;
    QStringList taken;
    quant::Plan candidate = plan_;
    for (const Row& r : rows_) {
        if (!r.tensor->quantizable || r.tensor->kind != source->tensor->kind) continue;
        quant::Plan trial = candidate;
        trial.setEntry(r.tensor->name, s);
        if (refusal(trial, {{r.tensor->name, lp.scheme}}).isEmpty()) {
            candidate = std::move(trial);
            taken << QString::fromStdString(r.tensor->name);
        } else if (skipped) {
            *skipped << QString::fromStdString(r.tensor->name);
        }
    }
    if (taken.isEmpty()) return tr("No layer of kind %1 can take %2").arg(QString::fromStdString(source->tensor->kind), schemeText(*lp.scheme));
    if (candidate != plan_)
        undo_->push(new PlanCommand(this, plan_, candidate,
                                    tr("%1 on every %2").arg(schemeText(*lp.scheme), QString::fromStdString(source->tensor->kind))));
    return {};
}

} // namespace qb
