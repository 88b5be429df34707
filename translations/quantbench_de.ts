<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="41"/>
        <source>Open a neural network and inspect its weights.</source>
        <translation>Ein neuronales Netz öffnen und seine Gewichte untersuchen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="45"/>
        <source>Model file or safetensors folder to open.</source>
        <translation>Zu öffnende Modelldatei oder safetensors-Ordner.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="49"/>
        <source>Select the tensor &lt;name&gt; after opening.</source>
        <translation>Nach dem Öffnen den Tensor &lt;name&gt; auswählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="54"/>
        <source>Save a screenshot to &lt;file&gt; when the plots are ready, then quit.</source>
        <translation>Ein Bildschirmfoto in &lt;file&gt; speichern, sobald die Diagramme fertig sind, und beenden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="64"/>
        <source>Give at most one model.</source>
        <translation>Höchstens ein Modell angeben.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="66"/>
        <source>--screenshot needs a model.</source>
        <translation>--screenshot benötigt ein Modell.</translation>
    </message>
</context>
<context>
    <name>qb::ChannelRangeView</name>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="25"/>
        <source>output channel</source>
        <translation>Ausgabekanal</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="26"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="81"/>
        <source>%1 — min to max of each of %2 channels along axis %3; the largest channel abs-max is %4× the median</source>
        <translation>%1 — Minimum bis Maximum jedes der %2 Kanäle entlang Achse %3; das größte Betragsmaximum eines Kanals ist das %4-Fache des Medians</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="85"/>
        <source>%1 — min to max of each of %2 channels along axis %3</source>
        <translation>%1 — Minimum bis Maximum jedes der %2 Kanäle entlang Achse %3</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="52"/>
        <source>Select a tensor to see its per-channel ranges</source>
        <translation>Einen Tensor auswählen, um seine Wertebereiche je Kanal zu sehen</translation>
    </message>
</context>
<context>
    <name>qb::HistogramView</name>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="30"/>
        <source>Log scale</source>
        <translation>Log. Skala</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="41"/>
        <source>Logarithmic count axis: shows the rare values in the tails</source>
        <translation>Logarithmische Häufigkeitsachse: zeigt die seltenen Werte in den Ausläufern</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="43"/>
        <source>Bins drawn; runs of computed bins are added up</source>
        <translation>Gezeichnete Klassen; benachbarte berechnete Klassen werden zusammengezählt</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="44"/>
        <source>Auto bins</source>
        <translation>Klassen: automatisch</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="46"/>
        <source>%1 bins</source>
        <translation>%1 Klassen</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="49"/>
        <source>Reset zoom</source>
        <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="50"/>
        <source>Show the whole histogram (or double-click the plot)</source>
        <translation>Das ganze Histogramm zeigen (oder doppelt in das Diagramm klicken)</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="55"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="56"/>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="80"/>
        <source>Select a tensor to see its histogram</source>
        <translation>Einen Tensor auswählen, um sein Histogramm zu sehen</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="168"/>
        <source>%1 — %2 bins of width %3</source>
        <translation>%1 — %2 Klassen der Breite %3</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="170"/>
        <source>%1 — %2 bins of width %3 (computed: %4)</source>
        <translation>%1 — %2 Klassen der Breite %3 (berechnet: %4)</translation>
    </message>
</context>
<context>
    <name>qb::JobProgressWidget</name>
    <message>
        <location filename="../app/gui/JobProgressWidget.cpp" line="19"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/JobProgressWidget.cpp" line="25"/>
        <source>Stop the running job (Esc)</source>
        <translation>Die laufende Aufgabe anhalten (Esc)</translation>
    </message>
    <message>
        <location filename="../app/gui/JobProgressWidget.cpp" line="84"/>
        <source>Cancelling %1…</source>
        <translation>%1 wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>qb::JobRunner</name>
    <message>
        <location filename="../app/gui/JobRunner.cpp" line="52"/>
        <source>out of memory</source>
        <translation>nicht genügend Arbeitsspeicher</translation>
    </message>
    <message>
        <location filename="../app/gui/JobRunner.cpp" line="58"/>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>qb::JobStage</name>
    <message>
        <location filename="../app/gui/TensorAnalysis.cpp" line="13"/>
        <source>decoding</source>
        <translation>Dekodieren</translation>
    </message>
    <message>
        <location filename="../app/gui/TensorAnalysis.cpp" line="14"/>
        <source>histogram</source>
        <translation>Histogramm</translation>
    </message>
    <message>
        <location filename="../app/gui/TensorAnalysis.cpp" line="15"/>
        <source>channel ranges</source>
        <translation>Kanalbereiche</translation>
    </message>
    <message>
        <location filename="../app/gui/TensorAnalysis.cpp" line="16"/>
        <source>done</source>
        <translation>fertig</translation>
    </message>
</context>
<context>
    <name>qb::LayerBrowser</name>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="30"/>
        <source>Regular expression</source>
        <translation>Regulärer Ausdruck</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="39"/>
        <source>Filter by name</source>
        <translation>Nach Namen filtern</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="41"/>
        <source>Treat the filter text as a regular expression</source>
        <translation>Den Filtertext als regulären Ausdruck behandeln</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="141"/>
        <source>Invalid regular expression: %1</source>
        <translation>Ungültiger regulärer Ausdruck: %1</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="156"/>
        <source>Tensors: %1 · parameters: %2 · size: %3 · quantizable parameters: %4</source>
        <translation>Tensoren: %1 · Parameter: %2 · Größe: %3 · quantisierbare Parameter: %4</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="159"/>
        <source>Tensors: %1 of %2 · parameters: %3 · size: %4 · quantizable parameters: %5</source>
        <translation>Tensoren: %1 von %2 · Parameter: %3 · Größe: %4 · quantisierbare Parameter: %5</translation>
    </message>
</context>
<context>
    <name>qb::LayerTableModel</name>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="51"/>
        <source>Output channels along axis %1</source>
        <translation>Ausgabekanäle entlang Achse %1</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="67"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="94"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="95"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="96"/>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="97"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="98"/>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="99"/>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="100"/>
        <source>Quantizable</source>
        <translation>Quantisierbar</translation>
    </message>
</context>
<context>
    <name>qb::MainWindow</name>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="66"/>
        <source>Opening %1 was cancelled</source>
        <translation>Das Öffnen von %1 wurde abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="71"/>
        <location filename="../app/gui/MainWindow.cpp" line="72"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="74"/>
        <source>Open a model with File &gt; Open or drop it on the window</source>
        <translation>Ein Modell mit Datei &gt; Öffnen laden oder auf das Fenster ziehen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="81"/>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="82"/>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="84"/>
        <source>Histogram</source>
        <translation>Histogramm</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="86"/>
        <source>Channel Ranges</source>
        <translation>Kanalbereiche</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="87"/>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="106"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="107"/>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="109"/>
        <source>Open an ONNX, GGUF, safetensors, llama2.c or Keras model</source>
        <translation>Ein ONNX-, GGUF-, safetensors-, llama2.c- oder Keras-Modell öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="110"/>
        <source>Open &amp;Folder…</source>
        <translation>&amp;Ordner öffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="112"/>
        <source>Open a folder holding a safetensors checkpoint</source>
        <translation>Einen Ordner mit einem safetensors-Checkpoint öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="113"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="117"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="120"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="125"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="126"/>
        <source>&amp;About QuantBench</source>
        <translation>Ü&amp;ber QuantBench</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="127"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="133"/>
        <source>Models (*.onnx *.gguf *.safetensors *.bin *.h5)</source>
        <translation>Modelle (*.onnx *.gguf *.safetensors *.bin *.h5)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="134"/>
        <source>ONNX (*.onnx)</source>
        <translation>ONNX (*.onnx)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="135"/>
        <source>GGUF (*.gguf)</source>
        <translation>GGUF (*.gguf)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="136"/>
        <source>safetensors (*.safetensors *.json)</source>
        <translation>safetensors (*.safetensors *.json)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="137"/>
        <source>llama2.c checkpoints (*.bin)</source>
        <translation>llama2.c-Checkpoints (*.bin)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="138"/>
        <source>Keras HDF5 (*.h5)</source>
        <translation>Keras HDF5 (*.h5)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="139"/>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="141"/>
        <source>Open Model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="152"/>
        <source>Open safetensors Folder</source>
        <translation>safetensors-Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="160"/>
        <source>About QuantBench</source>
        <translation>Über QuantBench</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="161"/>
        <source>&lt;h3&gt;QuantBench %1&lt;/h3&gt;&lt;p&gt;A workbench for quantizing neural networks: open a model, inspect the statistics of every weight tensor and see where quantization will hurt.&lt;/p&gt;&lt;p&gt;Reads ONNX, GGUF, safetensors, llama2.c and Keras HDF5 models.&lt;/p&gt;&lt;p&gt;Built with Qt %2 and QCustomPlot.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;QuantBench %1&lt;/h3&gt;&lt;p&gt;Eine Werkbank zum Quantisieren neuronaler Netze: ein Modell öffnen, die Statistik jedes Gewichtstensors untersuchen und erkennen, wo die Quantisierung schaden wird.&lt;/p&gt;&lt;p&gt;Liest ONNX-, GGUF-, safetensors-, llama2.c- und Keras-HDF5-Modelle.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2 und QCustomPlot.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="174"/>
        <location filename="../app/gui/MainWindow.cpp" line="175"/>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="186"/>
        <source>Select a tensor to see its histogram</source>
        <translation>Einen Tensor auswählen, um sein Histogramm zu sehen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="187"/>
        <source>Select a tensor to see its per-channel ranges</source>
        <translation>Einen Tensor auswählen, um seine Wertebereiche je Kanal zu sehen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="191"/>
        <source>Opened %1 in %2 ms: %3 tensors, %4 parameters</source>
        <translation>%1 in %2 ms geöffnet: %3 Tensoren, %4 Parameter</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="194"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="207"/>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="208"/>
        <source>Cannot open %1</source>
        <translation>%1 kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="219"/>
        <source>Computing the histogram of %1…</source>
        <translation>Histogramm von %1 wird berechnet…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="220"/>
        <source>Computing the channel ranges of %1…</source>
        <translation>Kanalbereiche von %1 werden berechnet…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="222"/>
        <source>Analysing %1</source>
        <translation>%1 wird analysiert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="234"/>
        <source>%1 is a scalar: it has no channels</source>
        <translation>%1 ist ein Skalar: er hat keine Kanäle</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="236"/>
        <source>Analysed %1 in %2 ms</source>
        <translation>%1 in %2 ms analysiert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="241"/>
        <source>No histogram: %1</source>
        <translation>Kein Histogramm: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="242"/>
        <source>No channel ranges: %1</source>
        <translation>Keine Kanalbereiche: %1</translation>
    </message>
</context>
<context>
    <name>qb::ModelSummaryView</name>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="45"/>
        <source>Property</source>
        <translation>Eigenschaft</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="45"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="53"/>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="54"/>
        <source>Architecture:</source>
        <translation>Architektur:</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="55"/>
        <source>Path:</source>
        <translation>Pfad:</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="56"/>
        <source>Contents:</source>
        <translation>Inhalt:</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="68"/>
        <source>%1 tensors, %2 parameters, %3 graph nodes</source>
        <translation>%1 Tensoren, %2 Parameter, %3 Graphknoten</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="83"/>
        <source>no model open</source>
        <translation>kein Modell geöffnet</translation>
    </message>
</context>
<context>
    <name>qb::RecentFiles</name>
    <message>
        <location filename="../app/gui/RecentFiles.cpp" line="48"/>
        <source>&amp;Clear Menu</source>
        <translation>Menü &amp;leeren</translation>
    </message>
</context>
<context>
    <name>qb::ScreenshotTaker</name>
    <message>
        <location filename="../app/gui/ScreenshotTaker.cpp" line="29"/>
        <source>error: no tensor named %1</source>
        <translation>Fehler: kein Tensor namens %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ScreenshotTaker.cpp" line="44"/>
        <source>error: cannot write %1</source>
        <translation>Fehler: %1 kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>qb::StatsPanel</name>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="20"/>
        <source>min</source>
        <translation>Min</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="20"/>
        <source>Smallest finite value</source>
        <translation>Kleinster endlicher Wert</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="21"/>
        <source>max</source>
        <translation>Max</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="21"/>
        <source>Largest finite value</source>
        <translation>Größter endlicher Wert</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="22"/>
        <source>mean</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="22"/>
        <source>Mean of the finite values</source>
        <translation>Mittelwert der endlichen Werte</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="23"/>
        <source>std</source>
        <translation>Std.-Abw.</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="23"/>
        <source>Standard deviation of the finite values</source>
        <translation>Standardabweichung der endlichen Werte</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="24"/>
        <source>abs-max</source>
        <translation>Betragsmax.</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="24"/>
        <source>Largest absolute finite value</source>
        <translation>Größter endlicher Absolutwert</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="25"/>
        <source>kurtosis</source>
        <translation>Kurtosis</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="25"/>
        <source>Excess kurtosis: 0 for a Gaussian, large when a few outliers dominate</source>
        <translation>Exzess-Kurtosis: 0 bei einer Normalverteilung, groß, wenn wenige Ausreißer dominieren</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="26"/>
        <source>beyond 6σ</source>
        <translation>jenseits 6σ</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="26"/>
        <source>Values farther than six standard deviations from the mean</source>
        <translation>Werte, die mehr als sechs Standardabweichungen vom Mittelwert entfernt sind</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="27"/>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="27"/>
        <source>Number of finite values</source>
        <translation>Anzahl der endlichen Werte</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="28"/>
        <source>NaN</source>
        <translation>NaN</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="28"/>
        <source>Number of NaN values</source>
        <translation>Anzahl der NaN-Werte</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="29"/>
        <source>Inf</source>
        <translation>Inf</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="29"/>
        <source>Number of infinite values</source>
        <translation>Anzahl der unendlichen Werte</translation>
    </message>
</context>
</TS>
