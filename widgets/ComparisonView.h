// fp32 against quantized side by side (pipeline::compareRuns): the runs with their deltas, the
// output SQNR of each layer along depth (whole plan and that layer alone), and the samples whose
// outputs moved most.
#pragma once
#include <QWidget>

#include "core/pipeline/compare.h"

class QCustomPlot;
class QComboBox;
class QTableWidget;
class QTabWidget;
class QTextBrowser;

namespace qb {

class GenerationsView;
class GraphView;
class KernelTable;

class ComparisonView : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonView(QWidget* parent = nullptr);

    /// Shows `comparison`; the layer chart and the samples are those of the first quantized run
    /// until another is chosen.
    void setComparison(pipeline::Comparison comparison);
    /// Which quantized run (0-based among the variants) the layer chart and samples show.
    void showVariant(int variant);

    QTableWidget* runsTable() const { return runs_; }
    QTableWidget* samplesTable() const { return samples_; }
    /// Language models: the text in order, each token coloured by how much less (red) or more
    /// (green) likely the quantized run finds it than fp32.
    QTextBrowser* textView() const { return text_; }
    QCustomPlot* layerChart() const { return chart_; }
    /// Language models: the prompts' greedy continuations, fp32 and the chosen run side by side.
    GenerationsView* generationsView() const { return generations_; }
    /// The Graph tab: the model's op graph coloured by each node's output SQNR (graph models
    /// compared with CompareOptions::graph).
    GraphView* graphView() const { return graph_; }
    /// Graph models: per node the oneDNN kernel and time in fp32 and quantized (the Kernels tab).
    KernelTable* kernelTable() const { return kernels_; }

signals:
    /// A layer of the chart was clicked.
    void layerClicked(const QString& name);

private:
    void fillRuns();

    pipeline::Comparison comparison_;
    QTableWidget* runs_;
    QComboBox* variant_;
    QCustomPlot* chart_;
    QTableWidget* samples_;
    QTextBrowser* text_;
    QTabWidget* sampleTabs_;
    GenerationsView* generations_;
    GraphView* graph_;
    KernelTable* kernels_;
    QStringList layerNames_;
};

} // namespace qb
