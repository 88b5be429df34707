// The Graph dock: the open model's op graph with each node's precision under the project's
// quantization, nothing measured (Model > Compare with fp32 colours the comparison panel's Graph
// tab). Laid out when the dock is shown, so a hidden dock costs nothing.
#include <QDockWidget>

#include "app/gui/MainWindow.h"
#include "core/pipeline/model_graph.h"
#include "core/util/error.h"
#include "widgets/ComparisonView.h"
#include "widgets/GraphView.h"
#include "widgets/LayerBrowser.h"
#include "widgets/LogView.h"

namespace qb {

void MainWindow::createGraphDock() {
    modelGraph_ = new GraphView(this);
    QDockWidget* dock = addDock(tr("Graph"), QStringLiteral("graphDock"), modelGraph_, Qt::BottomDockWidgetArea);
    if (auto* comparison = findChild<QDockWidget*>(QStringLiteral("comparisonDock"))) tabifyDockWidget(comparison, dock);
    const auto changed = [this, dock] {
        modelGraphStale_ = true;
        if (dock->isVisible()) showModelGraph();
    };
    connect(workspace_.get(), &Workspace::modelChanged, this, changed);
    connect(workspace_.get(), &Workspace::projectChanged, this, changed);
    connect(dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && modelGraphStale_) showModelGraph();
    });
    connect(modelGraph_, &GraphView::layerClicked, this, &MainWindow::selectTensor);
    // A layer chosen anywhere is marked in both graphs (the comparison panel's and this one).
    connect(layers_, &LayerBrowser::tensorSelected, this, [this](const QString& name) {
        modelGraph_->selectLayer(name);
        comparison_->graphView()->selectLayer(name);
    });
}

void MainWindow::showModelGraph() {
    modelGraphStale_ = false;
    const std::shared_ptr<const Model> model = workspace_->model();
    if (!model || model->llama || model->nodes.empty()) {
        modelGraph_->setGraph({});
        return;
    }
    const std::shared_ptr<const Project>& project = workspace_->project();
    try {
        modelGraph_->setGraph(pipeline::modelGraph(*model, project && project->quantization ? &*project->quantization : nullptr));
    } catch (const Error& e) {
        // The engine cannot run this quantization (it says why): the graph all the same, in fp32.
        log_->error(tr("Graph: %1").arg(QString::fromStdString(e.what())));
        try {
            modelGraph_->setGraph(pipeline::modelGraph(*model, nullptr));
        } catch (const Error&) {
            modelGraph_->setGraph({});
        }
    }
}

} // namespace qb
