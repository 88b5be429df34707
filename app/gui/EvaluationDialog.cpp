#include "app/gui/EvaluationDialog.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>

#include "app/gui/DataForm.h"
#include "app/gui/ProblemLine.h"

#include "core/pipeline/data_spec.h"

namespace qb {

namespace {

QSpinBox* countBox(QWidget* parent, int min, int max, int value, const QString& special = {}) {
    auto* box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setGroupSeparatorShown(true);
    if (!special.isEmpty()) {
        box->setSpecialValueText(special);
    }
    box->setValue(value);
    return box;
}

int clampedInt(int64_t v) { return int(std::clamp<int64_t>(v, 0, INT_MAX)); }

} // namespace

EvaluationDialog::EvaluationDialog(const Model& model, const EvaluationSettings& initial, QWidget* parent)
    : QDialog(parent),
      data_(new DataForm(model, DataForm::Purpose::Evaluation, initial, QStringLiteral("eval"),
                         pipeline::readsText(model) ? tr("Windows and sample") : tr("Preprocessing"),
                         this)),
      problem_(new ProblemLine(QStringLiteral("evalProblem"), this)) {
    setObjectName(QStringLiteral("evaluationDialog"));
    setWindowTitle(tr("Evaluate %1").arg(QFileInfo(QString::fromStdString(model.path)).fileName()));

    auto* intro = new QLabel(data_->readsText()
                                 ? tr("Perplexity of the language model on a UTF-8 text, cut into windows "
                                      "that each start with BOS, and a greedy sample.")
                                 : tr("Top-1 and top-5 accuracy of the classifier on labelled images: "
                                      "MNIST-style IDX files, a folder with one subfolder of PNG/JPEG "
                                      "images per class, or a .npy/.npz file."),
                             this);
    intro->setWordWrap(true);

    QFormLayout* form = data_->options();
    QWidget* group = form->parentWidget();
    if (data_->readsText()) {
        const int maxLen = clampedInt(pipeline::maxContext(model));
        windows_ = countBox(group, 0, INT_MAX, clampedInt(initial.windowLimit), tr("all"));
        windows_->setObjectName(QStringLiteral("evalWindows"));
        windows_->setToolTip(tr("Evaluate only the first windows of the text (all: the whole text)."));
        prompt_ = new QLineEdit(initial.prompt, group);
        prompt_->setObjectName(QStringLiteral("evalPrompt"));
        prompt_->setPlaceholderText(tr("empty: start right after BOS"));
        sampleTokens_ = countBox(group, 1, std::max(1, maxLen), std::clamp(initial.sampleTokens, 1, std::max(1, maxLen)));
        sampleTokens_->setObjectName(QStringLiteral("evalSampleTokens"));
        sampleTokens_->setSuffix(tr(" tokens"));
        form->addRow(tr("&Window limit:"), windows_);
        form->addRow(tr("&Prompt:"), prompt_);
        form->addRow(tr("&Sample length:"), sampleTokens_);
    } else {
        limit_ = countBox(group, 0, INT_MAX, clampedInt(initial.limit), tr("all"));
        limit_->setObjectName(QStringLiteral("evalLimit"));
        limit_->setToolTip(tr("Evaluate only the first samples (all: the whole dataset)."));
        form->addRow(tr("L&imit:"), limit_);
    }

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(data_);
    addDialogButtons(*this, *layout, *problem_, tr("&Evaluate"));
}

QLineEdit* EvaluationDialog::dataEdit() const { return data_->dataEdit(); }

EvaluationSettings EvaluationDialog::settings() const {
    EvaluationSettings s;
    data_->fill(s);
    if (data_->readsText()) {
        s.windowLimit = windows_->value();
        s.prompt = prompt_->text();
        s.sampleTokens = sampleTokens_->value();
    } else {
        s.limit = limit_->value();
    }
    return s;
}

QString EvaluationDialog::problem() const { return problem_->problem(); }

void EvaluationDialog::accept() {
    if (problem_->showProblem(data_->problem())) QDialog::accept();
}

} // namespace qb
