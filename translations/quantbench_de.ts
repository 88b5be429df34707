<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="47"/>
        <source>Open a neural network and inspect its weights.</source>
        <translation>Ein neuronales Netz öffnen und seine Gewichte untersuchen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="52"/>
        <source>Model files, safetensors folders or projects (.qbproj) to open, each in its own window, and a plan (.json) to load into the plan editor.</source>
        <translation>Modelldateien, safetensors-Ordner oder Projekte (.qbproj), jeweils in einem eigenen Fenster zu öffnen, und ein Plan (.json) für den Plan-Editor.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="57"/>
        <source>Select the tensor &lt;name&gt; after opening.</source>
        <translation>Nach dem Öffnen den Tensor &lt;name&gt; auswählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="62"/>
        <source>Save a screenshot to &lt;file&gt; when the plots are ready, then quit.</source>
        <translation>Ein Bildschirmfoto in &lt;file&gt; speichern, sobald die Diagramme fertig sind, und beenden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="67"/>
        <source>Evaluate the model on &lt;data&gt; once it is open, with the settings last used for it.</source>
        <translation>Das Modell nach dem Öffnen mit den zuletzt dafür verwendeten Einstellungen auf &lt;data&gt; auswerten.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="73"/>
        <source>Recover the autosave of &lt;record&gt;.</source>
        <translation>Die automatische Sicherung von &lt;record&gt; wiederherstellen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="86"/>
        <source>--screenshot takes one model.</source>
        <translation>--screenshot nimmt ein einziges Modell.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="88"/>
        <source>--screenshot needs a model or a project.</source>
        <translation>--screenshot braucht ein Modell oder ein Projekt.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="90"/>
        <source>--evaluate needs a model.</source>
        <translation>--evaluate benötigt ein Modell.</translation>
    </message>
    <message>
        <location filename="../app/gui/LaunchPaths.cpp" line="29"/>
        <source>Open a model to apply the plan %1.</source>
        <translation>Öffnen Sie ein Modell, um den Plan %1 anzuwenden.</translation>
    </message>
</context>
<context>
    <name>qb::AboutDialog</name>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="20"/>
        <source>About QuantBench</source>
        <translation>Über QuantBench</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="26"/>
        <source>&lt;h3&gt;QuantBench %1&lt;/h3&gt;&lt;p&gt;A workbench for quantizing neural networks: open a model, inspect the statistics of every weight tensor and see where quantization will hurt.&lt;/p&gt;&lt;p&gt;Reads ONNX, GGUF, safetensors, llama2.c and Keras HDF5 models.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;QuantBench %1&lt;/h3&gt;&lt;p&gt;Eine Werkbank zum Quantisieren neuronaler Netze: ein Modell öffnen, die Statistik jedes Gewichtstensors untersuchen und erkennen, wo die Quantisierung schaden wird.&lt;/p&gt;&lt;p&gt;Liest ONNX-, GGUF-, safetensors-, llama2.c- und Keras-HDF5-Modelle.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="38"/>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="38"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="38"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="44"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="44"/>
        <source>none of AVX2, AVX-512, VNNI, AMX</source>
        <translation>keine von AVX2, AVX-512, VNNI, AMX</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="45"/>
        <source>cpuid</source>
        <translation>cpuid</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="49"/>
        <source>&amp;Copy Versions</source>
        <translation>Versionen &amp;kopieren</translation>
    </message>
</context>
<context>
    <name>qb::Autosave</name>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="154"/>
        <source>plan edited</source>
        <translation>Plan bearbeitet</translation>
    </message>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="155"/>
        <source>calibrated</source>
        <translation>kalibriert</translation>
    </message>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="156"/>
        <source>quantized</source>
        <translation>quantisiert</translation>
    </message>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="157"/>
        <source>sensitivity measured</source>
        <translation>Empfindlichkeit gemessen</translation>
    </message>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="158"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="320"/>
        <source>Autosaving</source>
        <translation>Automatisches Speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="324"/>
        <source>cannot autosave: no folder to write the autosave to</source>
        <translation>automatisches Speichern nicht möglich: kein Ordner, in den geschrieben werden kann</translation>
    </message>
</context>
<context>
    <name>qb::BitsChart</name>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="31"/>
        <location filename="../widgets/BitsChart.cpp" line="163"/>
        <source>fp16</source>
        <translation>fp16</translation>
    </message>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="32"/>
        <source>f32</source>
        <translation>f32</translation>
    </message>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="35"/>
        <source>bits per weight</source>
        <translation>Bit pro Gewicht</translation>
    </message>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="36"/>
        <source>layer, in execution order</source>
        <translation>Schicht, in Ausführungsreihenfolge</translation>
    </message>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="59"/>
        <source>Drag a bar up or down to give its layer 8, 6, 5, 4, 3 or 2 bits or fp16; click to select it</source>
        <translation>Einen Balken nach oben oder unten ziehen, um seiner Schicht 8, 6, 5, 4, 3 oder 2 Bit oder fp16 zu geben; klicken wählt sie aus</translation>
    </message>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="96"/>
        <source>GGML</source>
        <translation>GGML</translation>
    </message>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="97"/>
        <source>float</source>
        <translation>Gleitkomma</translation>
    </message>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="163"/>
        <source>%1 bits</source>
        <translation>%1 Bit</translation>
    </message>
</context>
<context>
    <name>qb::BudgetMeter</name>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="34"/>
        <source>Planned layers&apos; size against the same layers in f32</source>
        <translation>Größe der geplanten Schichten im Vergleich zu denselben Schichten in f32</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="57"/>
        <source>No model</source>
        <translation>Kein Modell</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="68"/>
        <source>Problems in the plan: %1</source>
        <translation>Probleme im Plan: %1</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="80"/>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="81"/>
        <source>%1 bytes of planned layers + %2 bytes of other tensors as stored</source>
        <translation>%1 Bytes geplanter Schichten + %2 Bytes anderer Tensoren wie gespeichert</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="83"/>
        <source>%1 bits per weight</source>
        <translation>%1 Bit pro Gewicht</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="84"/>
        <source>%1 quantizable layers: %2 MB</source>
        <translation>%1 quantisierbare Schichten: %2 MB</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="87"/>
        <source>%1 % of f32</source>
        <translation>%1 % von f32</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="89"/>
        <source>predicted change: %1 %2</source>
        <translation>vorhergesagte Änderung: %1 %2</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="91"/>
        <source>predicted change: —</source>
        <translation>vorhergesagte Änderung: —</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="92"/>
        <source>Run a sensitivity analysis to predict the metric&apos;s change</source>
        <translation>Eine Sensitivitätsanalyse ausführen, um die Änderung der Metrik vorherzusagen</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="93"/>
        <source>Sum of the measured change of each layer in its planned scheme</source>
        <translation>Summe der gemessenen Änderung jeder Schicht in ihrem geplanten Schema</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="101"/>
        <source>predicted latency: %1 ms (fp32 %2 ms)</source>
        <translation>vorhergesagte Latenz: %1 ms (fp32 %2 ms)</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="104"/>
        <source>predicted latency: —</source>
        <translation>vorhergesagte Latenz: —</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="107"/>
        <source>Each layer&apos;s measured kernel time in what the runtime executes (int8 for W8A8 layers; weight-only schemes are dequantized and run in f32) plus the rest of the model, on this machine</source>
        <translation>Die gemessene Kernelzeit jeder Schicht in der Form, die die Laufzeit ausführt (int8 für W8A8-Schichten; reine Gewichtsschemata werden dequantisiert und in f32 gerechnet), plus der Rest des Modells, auf diesem Rechner</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="109"/>
        <source>Measure the layers&apos; latency (Model &gt; Measure Latency) to predict the plan&apos;s</source>
        <translation>Messen Sie die Latenz der Schichten (Modell &gt; Latenz messen), um die des Plans vorherzusagen</translation>
    </message>
</context>
<context>
    <name>qb::CalibrationDialog</name>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="35"/>
        <source>Calibrate %1</source>
        <translation>%1 kalibrieren</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="42"/>
        <source>Runs windows of a UTF-8 text through the model and records, for every weight matmul, the statistics of its weight and of its input.</source>
        <translation>Lässt Fenster eines UTF-8-Textes durch das Modell laufen und zeichnet für jede Gewichtsmatrixmultiplikation die Statistik ihres Gewichts und ihrer Eingabe auf.</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="44"/>
        <source>Runs images through the model and records, for every quantizable layer, the statistics of its weight and of its input activation.</source>
        <translation>Lässt Bilder durch das Modell laufen und zeichnet für jede quantisierbare Schicht die Statistik ihres Gewichts und ihrer Eingabeaktivierung auf.</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="40"/>
        <source>Windows</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="40"/>
        <source>Preprocessing</source>
        <translation>Vorverarbeitung</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="49"/>
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="52"/>
        <source>Text windows to run, chosen by the seed.</source>
        <translation>Auszuführende Textfenster, vom Startwert ausgewählt.</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="53"/>
        <source>Images to run, chosen by the seed.</source>
        <translation>Auszuführende Bilder, vom Startwert ausgewählt.</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="55"/>
        <source>Chooses which samples run: the same seed picks the same samples.</source>
        <translation>Wählt die Beispiele: derselbe Startwert wählt dieselben Beispiele.</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="57"/>
        <source> bits</source>
        <translation> Bit</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="58"/>
        <source>Bit-width the clip thresholds are searched for.</source>
        <translation>Bitbreite, für die die Clip-Schwellen gesucht werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="59"/>
        <source>Sa&amp;mples:</source>
        <translation>&amp;Beispiele:</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="60"/>
        <source>S&amp;eed:</source>
        <translation>S&amp;tartwert:</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="61"/>
        <source>&amp;Bits:</source>
        <translation>B&amp;its:</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="67"/>
        <source>&amp;Calibrate</source>
        <translation>&amp;Kalibrieren</translation>
    </message>
</context>
<context>
    <name>qb::ChannelRangeView</name>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="26"/>
        <source>output channel</source>
        <translation>Ausgabekanal</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="27"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="105"/>
        <source>%1 — min to max of each of %2 channels along axis %3; the largest channel abs-max is %4× the median</source>
        <translation>%1 — Minimum bis Maximum jedes der %2 Kanäle entlang Achse %3; das größte Betragsmaximum eines Kanals ist das %4-Fache des Medians</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="109"/>
        <source>%1 — min to max of each of %2 channels along axis %3</source>
        <translation>%1 — Minimum bis Maximum jedes der %2 Kanäle entlang Achse %3</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="53"/>
        <source>Select a tensor to see its per-channel ranges</source>
        <translation>Einen Tensor auswählen, um seine Wertebereiche je Kanal zu sehen</translation>
    </message>
</context>
<context>
    <name>qb::ChipPalette</name>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="46"/>
        <source>Drop here:
every layer</source>
        <translation>Hier ablegen:
jede Schicht</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="47"/>
        <source>Drop a chip here to set the plan&apos;s default: every layer without an entry of its own takes it</source>
        <translation>Einen Chip hier ablegen, um den Standard des Plans zu setzen: jede Schicht ohne eigenen Eintrag übernimmt ihn</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="140"/>
        <source>per channel</source>
        <translation>pro Kanal</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="141"/>
        <source>groups of %1</source>
        <translation>Gruppen zu %1</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="142"/>
        <source>Weights per scale of the INT chips</source>
        <translation>Gewichte pro Skalenfaktor der INT-Chips</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="149"/>
        <source>fp16</source>
        <translation>fp16</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="150"/>
        <source>%1-bit codes</source>
        <translation>%1-Bit-Codes</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="151"/>
        <source>How the INT chips store group scales: fp16, or codes of 8, 6 or 4 bits under one fp16 scale per tensor (at groups of 32, 0.25, 0.31 or 0.38 bits per weight less)</source>
        <translation>Wie die INT-Chips Gruppenskalen speichern: fp16 oder Codes mit 8, 6 oder 4 Bits unter einer fp16-Skala je Tensor (bei Gruppen von 32 sind das 0,25, 0,31 oder 0,38 Bits pro Gewicht weniger)</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="168"/>
        <source>Drag onto layers:</source>
        <translation>Auf Schichten ziehen:</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="171"/>
        <source>INT &amp;scales:</source>
        <translation>INT-&amp;Skalen:</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="178"/>
        <source>(bits per weight)</source>
        <translation>(Bit pro Gewicht)</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="224"/>
        <source>%1: %2 bits per weight (%3); drag it onto a layer, a selection or the default</source>
        <translation>%1: %2 Bit pro Gewicht (%3); auf eine Schicht, eine Auswahl oder den Standard ziehen</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="226"/>
        <source>%1 cannot go on the selection: %2</source>
        <translation>%1 passt nicht auf die Auswahl: %2</translation>
    </message>
</context>
<context>
    <name>qb::ClipHistogramPlot</name>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="32"/>
        <source>lossless</source>
        <translation>verlustfrei</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="33"/>
        <source>%1 dB</source>
        <translation>%1 dB</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="49"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="50"/>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="53"/>
        <source>Drag the red line to try another clip range</source>
        <translation>Die rote Linie ziehen, um einen anderen Clip-Bereich zu probieren</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="92"/>
        <source>range [%1, %2] · p99.9 %3 · mean %4 · std %5 · %6 values</source>
        <translation>Bereich [%1, %2] · p99.9 %3 · Mittelwert %4 · Std.-Abw. %5 · %6 Werte</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="232"/>
        <source>%1-bit grid: %2 levels, step %3</source>
        <translation>%1-Bit-Raster: %2 Stufen, Schritt %3</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="233"/>
        <source>%1 (one level in %2 drawn)</source>
        <translation>%1 (eine von %2 Stufen gezeichnet)</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="247"/>
        <source>[%1, %2]</source>
        <translation>[%1, %2]</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="250"/>
        <source>Your clip %1: SQNR %2</source>
        <translation>Ihr Clip %1: SQNR %2</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="253"/>
        <source>Your clip %1: no values, no SQNR</source>
        <translation>Ihr Clip %1: keine Werte, kein SQNR</translation>
    </message>
</context>
<context>
    <name>qb::ClipHistogramView</name>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="39"/>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="40"/>
        <source>Input activation</source>
        <translation>Eingabeaktivierung</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="47"/>
        <source>Grid: </source>
        <translation>Raster: </translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="48"/>
        <source> bits</source>
        <translation> Bit</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="49"/>
        <source>Bit-width of the quantization grid; at another width than the calibration&apos;s, the clip points are searched again on the histograms</source>
        <translation>Bitbreite des Quantisierungsrasters; bei einer anderen Breite als der der Kalibrierung werden die Clip-Punkte auf den Histogrammen neu gesucht</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="75"/>
        <location filename="../widgets/ClipHistogramView.cpp" line="83"/>
        <source>Calibrate the model (Model &gt; Calibrate…) or open a project to see clip ranges</source>
        <translation>Das Modell kalibrieren (Modell &gt; Kalibrieren…) oder ein Projekt öffnen, um Clip-Bereiche zu sehen</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="88"/>
        <source>Select a layer to see its clip ranges</source>
        <translation>Eine Schicht wählen, um ihre Clip-Bereiche zu sehen</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="106"/>
        <source>%1 has no calibrated input: calibration observes what matmuls and convolutions read, not norms or embedding lookups</source>
        <translation>%1 hat keine kalibrierte Eingabe: die Kalibrierung beobachtet, was Matrixprodukte und Faltungen lesen, nicht Normen oder Embedding-Lookups</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/ClipHistogramView.cpp" line="115"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2, calibrated on %n sample(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — %2, kalibriert mit %n Stichprobe</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — %2, kalibriert mit %n Stichproben</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qb::ComparisonView</name>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="52"/>
        <source>fp32 %1, quantized %2 (ln change %3), KL %4</source>
        <translation>fp32 %1, quantisiert %2 (ln-Änderung %3), KL %4</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="62"/>
        <source>exact</source>
        <translation>exakt</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="87"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="87"/>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="87"/>
        <source>Δ metric</source>
        <translation>Δ Metrik</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="87"/>
        <location filename="../widgets/ComparisonView.cpp" line="107"/>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="87"/>
        <source>Top-1 agreement</source>
        <translation>Top-1-Übereinstimmung</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="87"/>
        <location filename="../widgets/ComparisonView.cpp" line="94"/>
        <source>Output SQNR (dB)</source>
        <translation>Ausgangs-SQNR (dB)</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="88"/>
        <source>Bits/weight</source>
        <translation>Bits/Gewicht</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="88"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="88"/>
        <source>Latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="88"/>
        <source>Throughput (/s)</source>
        <translation>Durchsatz (/s)</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="88"/>
        <source>Speed-up</source>
        <translation>Beschleunigung</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="95"/>
        <source>Layer (execution order)</source>
        <translation>Schicht (Ausführungsreihenfolge)</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="97"/>
        <source>Whole plan</source>
        <translation>Gesamter Plan</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="100"/>
        <source>This layer alone</source>
        <translation>Nur diese Schicht</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="107"/>
        <source>Sample</source>
        <translation>Probe</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="107"/>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="107"/>
        <source>fp32 top-1</source>
        <translation>fp32 Top-1</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="107"/>
        <source>Quantized top-1</source>
        <translation>Quantisiert Top-1</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="111"/>
        <source>Largest drift first</source>
        <translation>Größte Abweichung zuerst</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="112"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="114"/>
        <source>Generations</source>
        <translation>Generierungen</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="116"/>
        <source>Graph</source>
        <translation>Graph</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="119"/>
        <source>Kernels</source>
        <translation>Kernels</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="122"/>
        <source>Quantized run:</source>
        <translation>Quantisierter Lauf:</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="158"/>
        <source>top-1 %1 %</source>
        <translation>Top-1 %1 %</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="159"/>
        <source>perplexity %1</source>
        <translation>Perplexität %1</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="170"/>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
</context>
<context>
    <name>qb::DataForm</name>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="40"/>
        <source>a .txt file</source>
        <translation>eine .txt-Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="40"/>
        <source>an IDX images file, a .npy/.npz file or a folder</source>
        <translation>eine IDX-Bilddatei, eine .npy/.npz-Datei oder ein Ordner</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="45"/>
        <source>File…</source>
        <translation>Datei…</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="46"/>
        <source>Choose a data file</source>
        <translation>Eine Datendatei wählen</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="51"/>
        <source>Folder…</source>
        <translation>Ordner…</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="52"/>
        <source>Choose a folder holding the data</source>
        <translation>Einen Ordner mit den Daten wählen</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="58"/>
        <source>&amp;Data:</source>
        <translation>&amp;Daten:</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="72"/>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="73"/>
        <source>Window length including the BOS; the model takes at most %1.</source>
        <translation>Fensterlänge einschließlich BOS; das Modell nimmt höchstens %1.</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="74"/>
        <source>&amp;Context:</source>
        <translation>&amp;Kontext:</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="79"/>
        <source>Pixels are multiplied by this first: 1/255 = 0.00392157 maps bytes to [0, 1].</source>
        <translation>Pixel werden zuerst damit multipliziert: 1/255 = 0.00392157 bildet Bytes auf [0, 1] ab.</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="84"/>
        <source>Subtracted after scaling: one value, or one per channel separated by commas.</source>
        <translation>Nach der Skalierung abgezogen: ein Wert oder einer pro Kanal, durch Kommas getrennt.</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="88"/>
        <source>Divides after the mean: one value, or one per channel separated by commas.</source>
        <translation>Teilt nach dem Mittelwert: ein Wert oder einer pro Kanal, durch Kommas getrennt.</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="91"/>
        <source>From the model&apos;s input shape</source>
        <translation>Aus der Eingabeform des Modells</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="92"/>
        <source>NCHW (channels first)</source>
        <translation>NCHW (Kanäle zuerst)</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="93"/>
        <source>NHWC (channels last)</source>
        <translation>NHWC (Kanäle zuletzt)</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="95"/>
        <source>S&amp;cale:</source>
        <translation>S&amp;kala:</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="96"/>
        <source>&amp;Mean:</source>
        <translation>&amp;Mittelwert:</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="97"/>
        <source>S&amp;td:</source>
        <translation>S&amp;tdabw.:</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="98"/>
        <source>&amp;Layout:</source>
        <translation>&amp;Layout:</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="123"/>
        <source>Choose the calibration data.</source>
        <translation>Die Kalibrierungsdaten wählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="123"/>
        <source>Choose the evaluation data.</source>
        <translation>Wählen Sie die Auswertungsdaten.</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="125"/>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="127"/>
        <source>The scale must be a number above 0.</source>
        <translation>Die Skala muss eine Zahl über 0 sein.</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="129"/>
        <source>Mean and std take one number, or one per channel separated by commas.</source>
        <translation>Mittelwert und Standardabweichung nehmen eine Zahl oder eine pro Kanal, durch Kommas getrennt.</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="134"/>
        <source>Text (*.txt);;All files (*)</source>
        <translation>Text (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="135"/>
        <source>Image data (*idx3-ubyte *idx3-ubyte.gz *.npy *.npz);;All files (*)</source>
        <translation>Bilddaten (*idx3-ubyte *idx3-ubyte.gz *.npy *.npz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="136"/>
        <source>Calibration Data</source>
        <translation>Kalibrierungsdaten</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="136"/>
        <source>Evaluation Data</source>
        <translation>Auswertungsdaten</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="142"/>
        <source>Calibration Data Folder</source>
        <translation>Ordner mit Kalibrierungsdaten</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="142"/>
        <source>Evaluation Data Folder</source>
        <translation>Ordner der Auswertungsdaten</translation>
    </message>
</context>
<context>
    <name>qb::EvaluationDialog</name>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="43"/>
        <source>Evaluate %1</source>
        <translation>%1 auswerten</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="46"/>
        <source>Perplexity of the language model on a UTF-8 text, cut into windows that each start with BOS, and a greedy sample.</source>
        <translation>Perplexität des Sprachmodells auf einem UTF-8-Text, der in Fenster zerlegt wird, die jeweils mit BOS beginnen, dazu eine gierig erzeugte Textprobe.</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="48"/>
        <source>Top-1 and top-5 accuracy of the classifier on labelled images: MNIST-style IDX files, a folder with one subfolder of PNG/JPEG images per class, or a .npy/.npz file.</source>
        <translation>Top-1- und Top-5-Genauigkeit des Klassifikators auf beschrifteten Bildern: IDX-Dateien wie bei MNIST, ein Ordner mit einem Unterordner mit PNG/JPEG-Bildern je Klasse oder eine .npy/.npz-Datei.</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="39"/>
        <source>Windows and sample</source>
        <translation>Fenster und Textprobe</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="39"/>
        <source>Preprocessing</source>
        <translation>Vorverarbeitung</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="66"/>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="58"/>
        <location filename="../app/gui/EvaluationDialog.cpp" line="71"/>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="60"/>
        <source>Evaluate only the first windows of the text (all: the whole text).</source>
        <translation>Nur die ersten Fenster des Textes auswerten (alle: den ganzen Text).</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="63"/>
        <source>empty: start right after BOS</source>
        <translation>leer: direkt nach BOS beginnen</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="67"/>
        <source>&amp;Window limit:</source>
        <translation>&amp;Fensterbegrenzung:</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="68"/>
        <source>&amp;Prompt:</source>
        <translation>&amp;Prompt:</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="69"/>
        <source>&amp;Sample length:</source>
        <translation>&amp;Länge der Textprobe:</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="73"/>
        <source>Evaluate only the first samples (all: the whole dataset).</source>
        <translation>Nur die ersten Stichproben auswerten (alle: den ganzen Datensatz).</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="74"/>
        <source>L&amp;imit:</source>
        <translation>&amp;Begrenzung:</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="80"/>
        <source>&amp;Evaluate</source>
        <translation>&amp;Auswerten</translation>
    </message>
</context>
<context>
    <name>qb::EvaluationPanel</name>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="58"/>
        <source>No evaluation yet: use Model &gt; Evaluate… (Ctrl+E).</source>
        <translation>Noch keine Auswertung: Modell &gt; Auswerten… (Strg+E) verwenden.</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="70"/>
        <source>Greedy sample</source>
        <translation>Gierig erzeugte Textprobe</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="76"/>
        <source>generated text</source>
        <translation>erzeugter Text</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="89"/>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="90"/>
        <source>Data:</source>
        <translation>Daten:</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="91"/>
        <source>Settings:</source>
        <translation>Einstellungen:</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="92"/>
        <source>Top-1:</source>
        <translation>Top-1:</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="93"/>
        <source>Top-5:</source>
        <translation>Top-5:</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="94"/>
        <source>Perplexity:</source>
        <translation>Perplexität:</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="95"/>
        <source>Mean NLL:</source>
        <translation>Mittlere NLL:</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="96"/>
        <location filename="../widgets/EvaluationPanel.cpp" line="181"/>
        <source>Samples:</source>
        <translation>Stichproben:</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="97"/>
        <source>Time:</source>
        <translation>Zeit:</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="98"/>
        <source>Throughput:</source>
        <translation>Durchsatz:</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Samples</source>
        <translation>Stichproben</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Time (s)</source>
        <translation>Zeit (s)</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="116"/>
        <source>Images for classifiers, scored tokens for language models</source>
        <translation>Bilder bei Klassifikatoren, bewertete Token bei Sprachmodellen</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="175"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="179"/>
        <source>%1 (%2 of %3)</source>
        <translation>%1 (%2 von %3)</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="183"/>
        <source>%1 samples/s</source>
        <translation>%1 Stichproben/s</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="187"/>
        <source>%1 nats/token</source>
        <translation>%1 nats/Token</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="188"/>
        <source>Tokens:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="189"/>
        <source>%1 in %2 windows of %3</source>
        <translation>%1 in %2 Fenstern zu %3</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="191"/>
        <source>%1 tokens/s</source>
        <translation>%1 Token/s</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="201"/>
        <source>fp32</source>
        <translation>fp32</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="207"/>
        <source>top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="211"/>
        <source>perplexity</source>
        <translation>Perplexität</translation>
    </message>
</context>
<context>
    <name>qb::EvaluationSettings</name>
    <message numerus="yes">
        <location filename="../app/gui/EvaluationSettings.cpp" line="45"/>
        <source>%n window(s)</source>
        <translation>
            <numerusform>%n Fenster</numerusform>
            <numerusform>%n Fenster</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationSettings.cpp" line="45"/>
        <source>all windows</source>
        <translation>alle Fenster</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationSettings.cpp" line="46"/>
        <source>context %1, %2</source>
        <translation>Kontext %1, %2</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationSettings.cpp" line="48"/>
        <source>auto layout</source>
        <translation>Layout automatisch</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationSettings.cpp" line="49"/>
        <source>scale %1, mean %2, std %3, %4</source>
        <translation>Skalierung %1, Mittelwert %2, Std.-Abw. %3, %4</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationSettings.cpp" line="50"/>
        <source>limit %1, %2</source>
        <translation>Begrenzung %1, %2</translation>
    </message>
</context>
<context>
    <name>qb::ExportDialog</name>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="40"/>
        <source>GGUF (llama.cpp)</source>
        <translation>GGUF (llama.cpp)</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="41"/>
        <source>ONNX with QuantizeLinear/DequantizeLinear (ONNX Runtime)</source>
        <translation>ONNX mit QuantizeLinear/DequantizeLinear (ONNX Runtime)</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="43"/>
        <source>GPTQ safetensors (transformers, vLLM)</source>
        <translation>GPTQ-safetensors (transformers, vLLM)</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="44"/>
        <source>HDF5 archive of codes, scales and the plan</source>
        <translation>HDF5-Archiv mit Codes, Skalen und dem Plan</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="73"/>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="83"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="89"/>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="90"/>
        <source>&amp;Destination:</source>
        <translation>&amp;Ziel:</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="93"/>
        <source>&lt;b&gt;Pre-export check&lt;/b&gt;</source>
        <translation>&lt;b&gt;Prüfung vor dem Export&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="95"/>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="95"/>
        <source>Planned</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="95"/>
        <source>Written</source>
        <translation>Geschrieben</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="95"/>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="106"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="143"/>
        <source>Checking what %1 can hold…</source>
        <translation>Prüfe, was %1 aufnehmen kann …</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="156"/>
        <source>The check was cancelled; choose the format again to rerun it.</source>
        <translation>Die Prüfung wurde abgebrochen; wählen Sie das Format erneut, um sie zu wiederholen.</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="160"/>
        <source>Checking the export to %1</source>
        <translation>Prüfe den Export nach %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="189"/>
        <source>(model)</source>
        <translation>(Modell)</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="189"/>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/ExportDialog.cpp" line="197"/>
        <source>%n problem(s) refuse the export (in red); change the plan or choose another format.</source>
        <translation>
            <numerusform>%n Problem verhindert den Export (rot); den Plan ändern oder ein anderes Format wählen.</numerusform>
            <numerusform>%n Probleme verhindern den Export (rot); den Plan ändern oder ein anderes Format wählen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="200"/>
        <source>Every layer is written as planned.</source>
        <translation>Jede Schicht wird wie geplant geschrieben.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/ExportDialog.cpp" line="202"/>
        <source>%n layer(s) cannot be written as planned; the table says what is written instead.</source>
        <translation>
            <numerusform>%n Schicht kann nicht wie geplant geschrieben werden; die Tabelle zeigt, was stattdessen geschrieben wird.</numerusform>
            <numerusform>%n Schichten können nicht wie geplant geschrieben werden; die Tabelle zeigt, was stattdessen geschrieben wird.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="206"/>
        <source>The file will be %1 (%2 bytes).</source>
        <translation>Die Datei wird %1 groß (%2 Bytes).</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="226"/>
        <source>%1 (*.%2)</source>
        <translation>%1 (*.%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="227"/>
        <source>Export To</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="235"/>
        <source>Choose where to write the export.</source>
        <translation>Wählen Sie, wohin der Export geschrieben wird.</translation>
    </message>
</context>
<context>
    <name>qb::GenerationsView</name>
    <message>
        <location filename="../widgets/GenerationsView.cpp" line="30"/>
        <source>Each run continues the same prompts greedily; highlighted: from the first token that differs from fp32&apos;s.</source>
        <translation>Jeder Lauf setzt dieselben Prompts gierig fort; hervorgehoben: ab dem ersten Token, das von fp32 abweicht.</translation>
    </message>
    <message>
        <location filename="../widgets/GenerationsView.cpp" line="32"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../widgets/GenerationsView.cpp" line="36"/>
        <source>differs from token %1 of %2</source>
        <translation>weicht ab Token %1 von %2 ab</translation>
    </message>
    <message>
        <location filename="../widgets/GenerationsView.cpp" line="37"/>
        <source>same as fp32</source>
        <translation>gleich wie fp32</translation>
    </message>
</context>
<context>
    <name>qb::GraphView</name>
    <message>
        <location filename="../widgets/GraphView.cpp" line="41"/>
        <source>exact</source>
        <translation>exakt</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="42"/>
        <source>%1 dB</source>
        <translation>%1 dB</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="120"/>
        <source>Zoom in (+)</source>
        <translation>Vergrößern (+)</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="121"/>
        <source>Zoom out (-)</source>
        <translation>Verkleinern (-)</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="122"/>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="122"/>
        <source>Fit the whole graph (0)</source>
        <translation>Ganzen Graphen einpassen (0)</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="174"/>
        <source>fused</source>
        <translation>fusioniert</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="175"/>
        <source>constant</source>
        <translation>konstant</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="210"/>
        <source>Output: [%1]</source>
        <translation>Ausgabe: [%1]</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="212"/>
        <source>Runs in %1</source>
        <translation>Läuft in %1</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="214"/>
        <source>Layer %1: %2</source>
        <translation>Schicht %1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="215"/>
        <source>kept in f32</source>
        <translation>in f32 belassen</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="216"/>
        <source>Output SQNR against fp32: %1</source>
        <translation>Ausgabe-SQNR gegenüber fp32: %1</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="220"/>
        <source>Fused: runs inside the kernel whose output is %1&apos;s</source>
        <translation>Fusioniert: läuft im Kernel, dessen Ausgabe die von %1 ist</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="222"/>
        <source>Fused into another kernel</source>
        <translation>In einen anderen Kernel fusioniert</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="224"/>
        <source>Computed from constants before the run</source>
        <translation>Vor dem Lauf aus Konstanten berechnet</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/GraphView.cpp" line="334"/>
        <source>Output SQNR against fp32 (%n image(s))</source>
        <translation>
            <numerusform>Ausgabe-SQNR gegenüber fp32 (%n Bilder)</numerusform>
            <numerusform>Ausgabe-SQNR gegenüber fp32 (%n Bilder)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="335"/>
        <source>Not measured: run Model &gt; Compare with fp32</source>
        <translation>Nicht gemessen: Modell &gt; Mit fp32 vergleichen ausführen</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="336"/>
        <source>exact, or computed from constants</source>
        <translation>exakt oder aus Konstanten berechnet</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="336"/>
        <source>fused: paler colour of the kernel it runs in</source>
        <translation>fusioniert: blassere Farbe des Kernels, in dem er läuft</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="337"/>
        <source>runs in int8</source>
        <translation>läuft in int8</translation>
    </message>
</context>
<context>
    <name>qb::HistogramView</name>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="31"/>
        <source>Log scale</source>
        <translation>Log. Skala</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="42"/>
        <source>Logarithmic count axis: shows the rare values in the tails</source>
        <translation>Logarithmische Häufigkeitsachse: zeigt die seltenen Werte in den Ausläufern</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="44"/>
        <source>Bins drawn; runs of computed bins are added up</source>
        <translation>Gezeichnete Klassen; benachbarte berechnete Klassen werden zusammengezählt</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="45"/>
        <source>Auto bins</source>
        <translation>Klassen: automatisch</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="47"/>
        <source>%1 bins</source>
        <translation>%1 Klassen</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="50"/>
        <source>Reset zoom</source>
        <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="51"/>
        <source>Show the whole histogram (or double-click the plot)</source>
        <translation>Das ganze Histogramm zeigen (oder doppelt in das Diagramm klicken)</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="56"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="57"/>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="81"/>
        <source>Select a tensor to see its histogram</source>
        <translation>Einen Tensor auswählen, um sein Histogramm zu sehen</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="174"/>
        <source>%1 — %2 bins of width %3</source>
        <translation>%1 — %2 Klassen der Breite %3</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="176"/>
        <source>%1 — %2 bins of width %3 (computed: %4)</source>
        <translation>%1 — %2 Klassen der Breite %3 (berechnet: %4)</translation>
    </message>
</context>
<context>
    <name>qb::JobProgressWidget</name>
    <message>
        <location filename="../app/gui/JobProgressWidget.cpp" line="20"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/JobProgressWidget.cpp" line="26"/>
        <source>Stop the running job (Esc)</source>
        <translation>Die laufende Aufgabe anhalten (Esc)</translation>
    </message>
    <message>
        <location filename="../app/gui/JobProgressWidget.cpp" line="87"/>
        <source>Cancelling %1…</source>
        <translation>%1 wird abgebrochen…</translation>
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
    <message>
        <location filename="../app/gui/JobStages.cpp" line="13"/>
        <source>hashing the model</source>
        <translation>Modell-Prüfsumme berechnen</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="14"/>
        <source>loading data</source>
        <translation>Daten werden geladen</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="15"/>
        <source>preparing the model</source>
        <translation>Modell wird vorbereitet</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="16"/>
        <source>tokenizing</source>
        <translation>Tokenisierung</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="18"/>
        <source>batch %1/%2</source>
        <translation>Stapel %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="20"/>
        <source>sample %1/%2</source>
        <translation>Probe %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="21"/>
        <source>sample token %1/%2</source>
        <translation>Textprobe, Token %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="22"/>
        <source>fp32 reference</source>
        <translation>fp32-Referenz</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="23"/>
        <source>layer %1/%2</source>
        <translation>Schicht %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="24"/>
        <source>sensitivity done</source>
        <translation>Sensitivität fertig</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="25"/>
        <source>latency: f32 pass %1/%2</source>
        <translation>Latenz: f32-Durchlauf %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="26"/>
        <source>latency: int8 pass %1/%2</source>
        <translation>Latenz: int8-Durchlauf %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="27"/>
        <source>latency: layer %1/%2</source>
        <translation>Latenz: Schicht %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="28"/>
        <location filename="../app/gui/JobStages.cpp" line="39"/>
        <source>resuming: %1 of %2 layers already done</source>
        <translation>Fortsetzung: %1 von %2 Schichten bereits fertig</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="19"/>
        <source>window %1/%2</source>
        <translation>Fenster %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="17"/>
        <source>collecting layer inputs</source>
        <translation>Schichteingaben sammeln</translation>
    </message>
</context>
<context>
    <name>qb::KernelTable</name>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="40"/>
        <source>depthwise %1</source>
        <translation>depthwise %1</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="55"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="55"/>
        <source>Op</source>
        <translation>Op</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="55"/>
        <source>fp32 kernel</source>
        <translation>fp32-Kernel</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="55"/>
        <source>fp32 (ms)</source>
        <translation>fp32 (ms)</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="55"/>
        <source>Quantized kernel</source>
        <translation>Quantisierter Kernel</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="56"/>
        <source>Precision</source>
        <translation>Präzision</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="56"/>
        <source>Quantized (ms)</source>
        <translation>Quantisiert (ms)</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="56"/>
        <source>Quantized / fp32</source>
        <translation>Quantisiert / fp32</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="60"/>
        <location filename="../widgets/KernelTable.cpp" line="61"/>
        <source>Fastest of the profiled samples, batch 1</source>
        <translation>Schnellste der gemessenen Stichproben, Batch 1</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="71"/>
        <source>host code</source>
        <translation>Host-Code</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="72"/>
        <source>%1 (%2) runs %3 in %4: %5 ms, %6× fp32&apos;s %7 (%8 ms)</source>
        <translation>%1 (%2) läuft mit %3 in %4: %5 ms, %6× so lange wie fp32 mit %7 (%8 ms)</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="78"/>
        <source>; oneDNN has no optimised kernel for it (reference code)</source>
        <translation>; oneDNN hat dafür keinen optimierten Kernel (Referenzcode)</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="80"/>
        <source>; oneDNN picks %1 for it in int8, not %2 as in fp32</source>
        <translation>; oneDNN wählt dafür in int8 %1, nicht %2 wie in fp32</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="82"/>
        <source>; the same f32 kernel in both runs</source>
        <translation>; in beiden Läufen derselbe f32-Kernel</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="84"/>
        <source>; %1 ms of its mean %2 ms outside the primitive (quantizing the input, reorders)</source>
        <translation>; %1 ms seiner mittleren %2 ms außerhalb der Primitive (Quantisieren der Eingabe, Umordnungen)</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="93"/>
        <source>No kernel table: it is measured for graph models run on oneDNN.</source>
        <translation>Keine Kernel-Tabelle: Sie wird für Graphmodelle gemessen, die auf oneDNN laufen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/KernelTable.cpp" line="98"/>
        <source>oneDNN on %1, %n thread(s), batch 1 over %2 samples: fp32 %3 ms, quantized %4 ms per sample (the nodes at their fastest: %5 ms and %6 ms)</source>
        <translation>
            <numerusform>oneDNN auf %1, %n Threads, Batch 1 über %2 Stichproben: fp32 %3 ms, quantisiert %4 ms pro Stichprobe (die Knoten bei ihrem schnellsten Lauf: %5 ms und %6 ms)</numerusform>
            <numerusform>oneDNN auf %1, %n Threads, Batch 1 über %2 Stichproben: fp32 %3 ms, quantisiert %4 ms pro Stichprobe (die Knoten bei ihrem schnellsten Lauf: %5 ms und %6 ms)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="108"/>
        <source>No layer is slower quantized than in fp32.</source>
        <translation>Keine Schicht ist quantisiert langsamer als in fp32.</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="109"/>
        <source>Slower quantized:</source>
        <translation>Quantisiert langsamer:</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="121"/>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
</context>
<context>
    <name>qb::LayerBrowser</name>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="32"/>
        <source>Regular expression</source>
        <translation>Regulärer Ausdruck</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="41"/>
        <source>Filter by name</source>
        <translation>Nach Namen filtern</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="43"/>
        <source>Treat the filter text as a regular expression</source>
        <translation>Den Filtertext als regulären Ausdruck behandeln</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="148"/>
        <source>Invalid regular expression: %1</source>
        <translation>Ungültiger regulärer Ausdruck: %1</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="168"/>
        <source>Tensors: %1 · parameters: %2 · size: %3 · quantizable parameters: %4</source>
        <translation>Tensoren: %1 · Parameter: %2 · Größe: %3 · quantisierbare Parameter: %4</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="170"/>
        <source>Tensors: %1 of %2 · parameters: %3 · size: %4 · quantizable parameters: %5</source>
        <translation>Tensoren: %1 von %2 · Parameter: %3 · Größe: %4 · quantisierbare Parameter: %5</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="174"/>
        <source> · quantized: %1, %2 bits per weight</source>
        <translation> · quantisiert: %1, %2 Bit pro Gewicht</translation>
    </message>
</context>
<context>
    <name>qb::LayerOverview</name>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="27"/>
        <source>Red columns: outlier-heavy, max(|min|, |max|) above %1 × |p99.9|</source>
        <translation>Rote Spalten: ausreißerlastig, max(|min|, |max|) über %1 × |p99.9|</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="127"/>
        <source>Calibrate the model (Model &gt; Calibrate…) or open a project to see all layers</source>
        <translation>Das Modell kalibrieren (Modell &gt; Kalibrieren…) oder ein Projekt öffnen, um alle Schichten zu sehen</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="154"/>
        <source>Weights: min/max whiskers, p99.9 bar</source>
        <translation>Gewichte: Min/Max-Whisker, p99.9-Balken</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="154"/>
        <source>Input activations: min/max whiskers, p99.9 bar</source>
        <translation>Eingabeaktivierungen: Min/Max-Whisker, p99.9-Balken</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="208"/>
        <source>%1: min %2, max %3, p99.9 %4, max/p99.9 %5%6</source>
        <translation>%1: Min %2, Max %3, p99.9 %4, Max/p99.9 %5%6</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="210"/>
        <source> (outlier-heavy)</source>
        <translation> (ausreißerlastig)</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="212"/>
        <source>%1, layer %2</source>
        <translation>%1, Schicht %2</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="215"/>
        <source>weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="215"/>
        <source>input</source>
        <translation>Eingabe</translation>
    </message>
</context>
<context>
    <name>qb::LayerTableModel</name>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="72"/>
        <source>Output channels along axis %1</source>
        <translation>Ausgabekanäle entlang Achse %1</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="88"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="92"/>
        <source>f32 (kept)</source>
        <translation>f32 (beibehalten)</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="95"/>
        <source>%1 · %2 · A%3</source>
        <translation>%1 · %2 · A%3</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="96"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="128"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="129"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="130"/>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="131"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="132"/>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="133"/>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="134"/>
        <source>Quantizable</source>
        <translation>Quantisierbar</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="135"/>
        <source>Scheme</source>
        <translation>Schema</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="136"/>
        <source>Quantized bytes</source>
        <translation>Quantisierte Bytes</translation>
    </message>
</context>
<context>
    <name>qb::LibraryVersions</name>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="51"/>
        <source>qVersion(); built against %1</source>
        <translation>qVersion(); erstellt gegen %1</translation>
    </message>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="55"/>
        <source>linked statically: the header&apos;s version</source>
        <translation>statisch gelinkt: die Version des Headers</translation>
    </message>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="56"/>
        <source>the loaded libQCustomPlot</source>
        <translation>die geladene libQCustomPlot</translation>
    </message>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="61"/>
        <source>ISA %1</source>
        <translation>ISA %1</translation>
    </message>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="66"/>
        <source>H5get_libversion()</source>
        <translation>H5get_libversion()</translation>
    </message>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="70"/>
        <source>header-only: the version compiled in</source>
        <translation>nur Header: die einkompilierte Version</translation>
    </message>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="77"/>
        <source>opsets up to %1 (libonnx&apos;s operator registry)</source>
        <translation>Opsets bis %1 (Operator-Register von libonnx)</translation>
    </message>
</context>
<context>
    <name>qb::MainWindow</name>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="26"/>
        <source>Opening %1 was cancelled</source>
        <translation>Das Öffnen von %1 wurde abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="38"/>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="39"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="59"/>
        <source>Evaluation on %1 was cancelled</source>
        <translation>Die Auswertung auf %1 wurde abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowCalibration.cpp" line="54"/>
        <source>Calibration was cancelled; nothing was kept</source>
        <translation>Kalibrierung abgebrochen; nichts wurde behalten</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="83"/>
        <source>Quantization failed: %1</source>
        <translation>Quantisierung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="84"/>
        <source>Quantization failed</source>
        <translation>Quantisierung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="83"/>
        <location filename="../app/gui/MainWindowRetranslate.cpp" line="21"/>
        <source>Open a model with File &gt; Open or drop it on the window</source>
        <translation>Ein Modell mit Datei &gt; Öffnen laden oder auf das Fenster ziehen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="97"/>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="98"/>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="100"/>
        <source>Histogram</source>
        <translation>Histogramm</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="102"/>
        <source>Channel Ranges</source>
        <translation>Kanalbereiche</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="104"/>
        <source>Evaluation</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="105"/>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="106"/>
        <source>Clip Ranges</source>
        <translation>Clip-Bereiche</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="108"/>
        <source>Layer Overview</source>
        <translation>Schichtübersicht</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="135"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="136"/>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="138"/>
        <source>Open an ONNX, GGUF, safetensors, llama2.c or Keras model</source>
        <translation>Ein ONNX-, GGUF-, safetensors-, llama2.c- oder Keras-Modell öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="139"/>
        <source>Open &amp;Folder…</source>
        <translation>&amp;Ordner öffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="141"/>
        <source>Open a folder holding a safetensors checkpoint</source>
        <translation>Einen Ordner mit einem safetensors-Checkpoint öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="142"/>
        <source>Open &amp;Project…</source>
        <translation>&amp;Projekt öffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="143"/>
        <source>Open a calibration project (.qbproj) and its model</source>
        <translation>Ein Kalibrierungsprojekt (.qbproj) und sein Modell öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="144"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="148"/>
        <source>&amp;Save Project</source>
        <translation>Projekt &amp;speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="150"/>
        <source>Save the calibration as a project (.qbproj)</source>
        <translation>Die Kalibrierung als Projekt (.qbproj) speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="152"/>
        <source>Save Project &amp;As…</source>
        <translation>Projekt speichern &amp;unter…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="155"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="157"/>
        <source>Write the quantized model as GGUF, ONNX QDQ, GPTQ safetensors or HDF5</source>
        <translation>Das quantisierte Modell als GGUF, ONNX QDQ, GPTQ-safetensors oder HDF5 schreiben</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="160"/>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="163"/>
        <source>Language, theme, worker threads, calibration samples and default folders</source>
        <translation>Sprache, Design, Arbeits-Threads, Kalibrierungs-Stichproben und Standardordner</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="165"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="169"/>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="170"/>
        <source>&amp;Evaluate…</source>
        <translation>&amp;Auswerten…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="172"/>
        <source>Measure accuracy or perplexity of the open model on a dataset</source>
        <translation>Genauigkeit oder Perplexität des geöffneten Modells auf einem Datensatz messen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="174"/>
        <source>&amp;Calibrate…</source>
        <translation>&amp;Kalibrieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="176"/>
        <source>Run calibration samples through the model and show where to clip each layer</source>
        <translation>Kalibrierungsbeispiele durch das Modell laufen lassen und zeigen, wo jede Schicht beschnitten wird</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="178"/>
        <source>&amp;Quantize…</source>
        <translation>&amp;Quantisieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="180"/>
        <source>Quantize every layer&apos;s weights by uniform settings or a plan file</source>
        <translation>Die Gewichte jeder Schicht nach einheitlichen Einstellungen oder einer Plandatei quantisieren</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="188"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="193"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="194"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="200"/>
        <source>&amp;About QuantBench</source>
        <translation>Ü&amp;ber QuantBench</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="201"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="207"/>
        <source>Models (*.onnx *.gguf *.safetensors *.bin *.h5)</source>
        <translation>Modelle (*.onnx *.gguf *.safetensors *.bin *.h5)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="208"/>
        <source>ONNX (*.onnx)</source>
        <translation>ONNX (*.onnx)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="209"/>
        <source>GGUF (*.gguf)</source>
        <translation>GGUF (*.gguf)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="210"/>
        <source>safetensors (*.safetensors *.json)</source>
        <translation>safetensors (*.safetensors *.json)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="211"/>
        <source>llama2.c checkpoints (*.bin)</source>
        <translation>llama2.c-Checkpoints (*.bin)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="212"/>
        <source>Keras HDF5 (*.h5)</source>
        <translation>Keras HDF5 (*.h5)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="213"/>
        <location filename="../app/gui/MainWindow.cpp" line="284"/>
        <source>QuantBench projects (*.qbproj)</source>
        <translation>QuantBench-Projekte (*.qbproj)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="214"/>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="216"/>
        <source>Open Model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="227"/>
        <source>Open safetensors Folder</source>
        <translation>safetensors-Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="237"/>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="238"/>
        <source>QuantBench projects (*.qbproj);;All files (*)</source>
        <translation>QuantBench-Projekte (*.qbproj);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="20"/>
        <location filename="../app/gui/MainWindowOpen.cpp" line="29"/>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="301"/>
        <source>Select a tensor to see its histogram</source>
        <translation>Einen Tensor auswählen, um sein Histogramm zu sehen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="302"/>
        <source>Select a tensor to see its per-channel ranges</source>
        <translation>Einen Tensor auswählen, um seine Wertebereiche je Kanal zu sehen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="42"/>
        <source>Opened %1 in %2 ms: %3 tensors, %4 parameters</source>
        <translation>%1 in %2 ms geöffnet: %3 Tensoren, %4 Parameter</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="45"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="63"/>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="64"/>
        <source>Cannot open %1</source>
        <translation>%1 kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="67"/>
        <source>Cannot Open Project</source>
        <translation>Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="68"/>
        <source>Cannot open the project %1.</source>
        <translation>Das Projekt %1 kann nicht geöffnet werden.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/MainWindowCalibration.cpp" line="46"/>
        <source>Calibrating %1 on %2 (%n sample(s))</source>
        <translation>
            <numerusform>%1 wird mit %2 kalibriert (%n Stichprobe)</numerusform>
            <numerusform>%1 wird mit %2 kalibriert (%n Stichproben)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowCalibration.cpp" line="57"/>
        <source>Calibrating %1</source>
        <translation>Kalibriere %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowCalibration.cpp" line="63"/>
        <source>Calibrated %1 layers on %2 samples in %3 ms</source>
        <translation>%1 Schichten mit %2 Beispielen in %3 ms kalibriert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowCalibration.cpp" line="68"/>
        <source>Calibrated: File &gt; Save Project keeps the result</source>
        <translation>Kalibriert: Datei &gt; Projekt speichern behält das Ergebnis</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="34"/>
        <source>Quantizing %1: %2, method %3</source>
        <translation>Quantisiere %1: %2, Methode %3</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="37"/>
        <source>Quantizing %1 by the plan %2</source>
        <translation>Quantisiere %1 nach dem Plan %2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="56"/>
        <source>Quantizing %1 by the edited plan</source>
        <translation>Quantisiere %1 nach dem bearbeiteten Plan</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="76"/>
        <source>Quantizing %1 by the edited plan, then evaluating it</source>
        <translation>%1 wird nach dem bearbeiteten Plan quantisiert und dann bewertet</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="96"/>
        <source>Quantized %1 layers into %2 (%3 bytes) in %4 ms; open it with File &gt; Open Project</source>
        <translation>%1 Schichten in %2 quantisiert (%3 Bytes) in %4 ms; öffnen mit Datei &gt; Projekt öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="98"/>
        <source>Quantized into %1</source>
        <translation>Quantisiert in %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="103"/>
        <source>Quantization was cancelled; nothing was written to %1. Quantizing into it again with the same settings continues where it stopped</source>
        <translation>Die Quantisierung wurde abgebrochen; nach %1 wurde nichts geschrieben. Erneutes Quantisieren dorthin mit denselben Einstellungen setzt dort fort, wo es aufgehört hat</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="107"/>
        <source>Quantizing %1 into %2</source>
        <translation>Quantisiere %1 in %2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="122"/>
        <source>Quantization was cancelled; the project is as it was. Quantizing again with the same settings continues where it stopped</source>
        <translation>Die Quantisierung wurde abgebrochen; das Projekt ist unverändert. Erneutes Quantisieren mit denselben Einstellungen setzt dort fort, wo sie angehalten hat</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="126"/>
        <source>Quantizing %1</source>
        <translation>Quantisiere %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="137"/>
        <source>Quantized %1 layers (%2) in %3 ms: %4 bits per weight, %5 bytes of quantized weights</source>
        <translation>%1 Schichten (%2) in %3 ms quantisiert: %4 Bit pro Gewicht, %5 Bytes quantisierte Gewichte</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="141"/>
        <source>Quantized again only the layers whose plan entry changed: %1 of %2; the other %3 were kept</source>
        <translation>Nur die Schichten mit geändertem Planeintrag neu quantisiert: %1 von %2; die übrigen %3 wurden beibehalten</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="145"/>
        <source>Continued the interrupted quantization: %1 layers came from its journal</source>
        <translation>Unterbrochene Quantisierung fortgesetzt: %1 Schichten stammen aus ihrem Journal</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="149"/>
        <source>Quantized: File &gt; Save Project keeps the result</source>
        <translation>Quantisiert: Datei &gt; Projekt speichern behält das Ergebnis</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowCalibration.cpp" line="50"/>
        <source>Calibration failed: %1</source>
        <translation>Kalibrierung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowCalibration.cpp" line="51"/>
        <source>Calibration failed</source>
        <translation>Kalibrierung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="283"/>
        <source>Save Project</source>
        <translation>Projekt speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="44"/>
        <source>Cannot Save Project</source>
        <translation>Projekt kann nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="35"/>
        <source>Saved the project to %1</source>
        <translation>Projekt nach %1 gespeichert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="36"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="62"/>
        <source>The new project</source>
        <translation>Das neue Projekt</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="63"/>
        <source>%1 has changes that are not saved.</source>
        <translation>%1 hat Änderungen, die nicht gespeichert sind.</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="64"/>
        <source>The plan has edits that are not saved. A plan is saved with a project (calibrate or quantize first) or by Plan &gt; Export Plan.</source>
        <translation>Der Plan hat Änderungen, die nicht gespeichert sind. Ein Plan wird mit einem Projekt gespeichert (zuerst kalibrieren oder quantisieren) oder über Plan &gt; Plan exportieren.</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="66"/>
        <source>Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="68"/>
        <source>Save them before closing?</source>
        <translation>Vor dem Schließen speichern?</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="68"/>
        <source>Close and lose them?</source>
        <translation>Schließen und sie verwerfen?</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="70"/>
        <source>Close Without Saving</source>
        <translation>Ohne Speichern schließen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="16"/>
        <source>Computing the histogram of %1…</source>
        <translation>Histogramm von %1 wird berechnet…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="17"/>
        <source>Computing the channel ranges of %1…</source>
        <translation>Kanalbereiche von %1 werden berechnet…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="43"/>
        <source>Analysing %1</source>
        <translation>%1 wird analysiert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="25"/>
        <source>%1 is a scalar: it has no channels</source>
        <translation>%1 ist ein Skalar: er hat keine Kanäle</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="27"/>
        <source>Analysed %1 in %2 ms</source>
        <translation>%1 in %2 ms analysiert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="32"/>
        <source>No histogram: %1</source>
        <translation>Kein Histogramm: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="33"/>
        <source>No channel ranges: %1</source>
        <translation>Keine Kanalbereiche: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="41"/>
        <source>Evaluating %1 on %2 (%3)</source>
        <translation>%1 wird auf %2 ausgewertet (%3)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="47"/>
        <source>The quantized project may score low: %1</source>
        <translation>Das quantisierte Projekt könnte schlecht abschneiden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="62"/>
        <source>Evaluating %1</source>
        <translation>%1 wird ausgewertet</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="74"/>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="78"/>
        <source>Evaluated %1: top-1 %2 %, top-5 %3 % on %4 samples in %5 ms</source>
        <translation>%1 ausgewertet: Top-1 %2 %, Top-5 %3 % auf %4 Stichproben in %5 ms</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="83"/>
        <source>Evaluated %1: perplexity %2 on %3 tokens in %4 ms</source>
        <translation>%1 ausgewertet: Perplexität %2 auf %3 Token in %4 ms</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="93"/>
        <source>Evaluated %1</source>
        <translation>%1 ausgewertet</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="54"/>
        <source>Evaluation failed: %1</source>
        <translation>Auswertung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="55"/>
        <source>Evaluation failed</source>
        <translation>Auswertung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="26"/>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="68"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="70"/>
        <location filename="../app/gui/MainWindowRetranslate.cpp" line="33"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="72"/>
        <source>Undo the last edit of the plan</source>
        <translation>Die letzte Änderung am Plan rückgängig machen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="73"/>
        <location filename="../app/gui/MainWindowRetranslate.cpp" line="34"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="75"/>
        <source>Redo the plan edit undone last</source>
        <translation>Die zuletzt rückgängig gemachte Planänderung wiederholen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="81"/>
        <source>&amp;Plan</source>
        <translation>&amp;Plan</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="82"/>
        <source>&amp;Import Plan…</source>
        <translation>Plan &amp;importieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="84"/>
        <source>Read a plan JSON file into the plan editor</source>
        <translation>Eine Plan-JSON-Datei in den Planeditor laden</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="85"/>
        <source>&amp;Export Plan…</source>
        <translation>Plan &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="87"/>
        <source>Write the edited plan as a plan JSON file for the CLI or a later import</source>
        <translation>Den bearbeiteten Plan als Plan-JSON-Datei für die CLI oder einen späteren Import schreiben</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="89"/>
        <source>&amp;Quantize with This Plan</source>
        <translation>Mit diesem Plan &amp;quantisieren</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="92"/>
        <source>Quantize the open model by the edited plan</source>
        <translation>Das geöffnete Modell nach dem bearbeiteten Plan quantisieren</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="94"/>
        <source>Quantize and E&amp;valuate</source>
        <translation>Quantisieren und &amp;bewerten</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="97"/>
        <source>Quantize again the layers whose plan entry changed, then evaluate fp32 against the result</source>
        <translation>Die Schichten, deren Planeintrag sich geändert hat, erneut quantisieren und dann fp32 mit dem Ergebnis vergleichen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="124"/>
        <source>Import Plan</source>
        <translation>Plan importieren</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="125"/>
        <source>Plans (*.json);;All files (*)</source>
        <translation>Pläne (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="133"/>
        <source>Export Plan</source>
        <translation>Plan exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="134"/>
        <source>Plans (*.json)</source>
        <translation>Pläne (*.json)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="147"/>
        <source>Cannot import the plan: %1</source>
        <translation>Plan kann nicht importiert werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="148"/>
        <source>Cannot import the plan</source>
        <translation>Plan kann nicht importiert werden</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="152"/>
        <source>Import %1</source>
        <translation>%1 importieren</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="154"/>
        <source>Plan %1: %2</source>
        <translation>Plan %1: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="156"/>
        <location filename="../app/gui/MainWindowPlan.cpp" line="157"/>
        <source>Imported the plan %1</source>
        <translation>Plan %1 importiert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="160"/>
        <source>Imported the plan %1 with problems (%2), listed in the log</source>
        <translation>Plan %1 mit Problemen (%2) importiert, im Protokoll aufgeführt</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="171"/>
        <source>Cannot export the plan: %1</source>
        <translation>Plan kann nicht exportiert werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="172"/>
        <source>Cannot export the plan</source>
        <translation>Plan kann nicht exportiert werden</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="177"/>
        <location filename="../app/gui/MainWindowPlan.cpp" line="178"/>
        <source>Exported the plan to %1</source>
        <translation>Plan nach %1 exportiert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="37"/>
        <source>Exporting %1 as %2 to %3</source>
        <translation>%1 wird als %2 nach %3 exportiert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="40"/>
        <source>Exported %1 layers to %2 in %3 ms: %4 bytes, %5 layer(s) written otherwise than planned</source>
        <translation>%1 Schichten in %3 ms nach %2 exportiert: %4 Bytes, %5 Schicht(en) anders als geplant geschrieben</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="43"/>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="48"/>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="50"/>
        <source>Cannot Export</source>
        <translation>Export nicht möglich</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="56"/>
        <source>Export was cancelled; nothing was written</source>
        <translation>Der Export wurde abgebrochen; nichts wurde geschrieben</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="58"/>
        <source>Exporting %1</source>
        <translation>%1 wird exportiert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="22"/>
        <source>Sensitivity needs a calibrated project: calibrate the model first (Model &gt; Calibrate…). The table is stored in the project, and its proxies weigh each layer&apos;s error by the calibrated inputs.</source>
        <translation>Die Sensitivität braucht ein kalibriertes Projekt: Kalibrieren Sie das Modell zuerst (Modell &gt; Kalibrieren…). Die Tabelle wird im Projekt gespeichert, und ihre Proxys gewichten den Fehler jeder Schicht mit den kalibrierten Eingaben.</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="32"/>
        <source>&amp;Sensitivity…</source>
        <translation>&amp;Sensitivität…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="34"/>
        <source>Measure how much quantizing each layer alone changes the model&apos;s outputs</source>
        <translation>Messen, wie stark das Quantisieren jeder einzelnen Schicht die Ausgaben des Modells verändert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="38"/>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="70"/>
        <source>Sensitivity</source>
        <translation>Sensitivität</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="101"/>
        <source>Sensitivity was not measured</source>
        <translation>Die Sensitivität wurde nicht gemessen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="115"/>
        <source>Sensitivity: %1</source>
        <translation>Sensitivität: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="118"/>
        <source>Measuring the sensitivity of %1 on %2 (%n sample(s), %3)</source>
        <translation>
            <numerusform>Sensitivität von %1 wird auf %2 gemessen (%n Stichprobe, %3)</numerusform>
            <numerusform>Sensitivität von %1 wird auf %2 gemessen (%n Stichproben, %3)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="125"/>
        <source>Sensitivity failed: %1</source>
        <translation>Sensitivität fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="126"/>
        <source>Sensitivity failed</source>
        <translation>Sensitivität fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="129"/>
        <source>Sensitivity was cancelled; the project is unchanged</source>
        <translation>Die Sensitivität wurde abgebrochen; das Projekt ist unverändert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="132"/>
        <source>Measuring the sensitivity of %1</source>
        <translation>Sensitivität von %1 wird gemessen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="142"/>
        <source>The project changed while the sensitivity was measured; the result was dropped</source>
        <translation>Das Projekt hat sich während der Messung der Sensitivität geändert; das Ergebnis wurde verworfen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="147"/>
        <source>Measured %1 layer and scheme pairs in %2 ms</source>
        <translation>%1 Paare aus Schicht und Schema in %2 ms gemessen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="152"/>
        <source>Sensitivity measured: File &gt; Save Project keeps it</source>
        <translation>Sensitivität gemessen: Datei &gt; Projekt speichern behält sie</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="16"/>
        <source>C&amp;ompare with fp32</source>
        <translation>Mit fp32 &amp;vergleichen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="18"/>
        <source>Run fp32 and the quantized project on the evaluation data: drift per run, sample and layer</source>
        <translation>fp32 und das quantisierte Projekt auf den Auswertungsdaten ausführen: Abweichung je Lauf, Probe und Schicht</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="21"/>
        <source>Comparison</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="38"/>
        <source>Comparing needs a quantized project</source>
        <translation>Der Vergleich braucht ein quantisiertes Projekt</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="43"/>
        <source>Choose the evaluation data first (Model &gt; Evaluate…)</source>
        <translation>Zuerst die Auswertungsdaten wählen (Modell &gt; Auswerten…)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="47"/>
        <source>Comparing %1 with fp32 on %2</source>
        <translation>Vergleiche %1 mit fp32 auf %2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="56"/>
        <source>Compared with fp32 in %1 ms</source>
        <translation>In %1 ms mit fp32 verglichen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="59"/>
        <source>Comparison failed: %1</source>
        <translation>Vergleich fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="60"/>
        <source>Comparison failed</source>
        <translation>Vergleich fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="62"/>
        <source>Comparison was cancelled</source>
        <translation>Vergleich wurde abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="64"/>
        <source>Comparing %1 with fp32</source>
        <translation>Vergleiche %1 mit fp32</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="33"/>
        <source>Autosaved the unsaved changes to %1</source>
        <translation>Ungespeicherte Änderungen automatisch in %1 gesichert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="36"/>
        <source>Autosave failed: %1</source>
        <translation>Automatisches Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="41"/>
        <source>&amp;Recover Unsaved Work…</source>
        <translation>Ungespeicherte Arbeit &amp;wiederherstellen…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="43"/>
        <source>Open what was autosaved before QuantBench crashed or was killed</source>
        <translation>Öffnen, was automatisch gesichert wurde, bevor QuantBench abstürzte oder beendet wurde</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="55"/>
        <source>There is no unsaved work to recover</source>
        <translation>Es gibt keine ungespeicherte Arbeit zum Wiederherstellen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="67"/>
        <source>Nothing to recover: the autosave record cannot be read</source>
        <translation>Nichts wiederherzustellen: der Eintrag der automatischen Sicherung ist nicht lesbar</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="74"/>
        <source>Recovering unsaved work from %1</source>
        <translation>Ungespeicherte Arbeit wird aus %1 wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="84"/>
        <source>Recovered the unsaved work on %1 (%2)</source>
        <translation>Ungespeicherte Arbeit an %1 wiederhergestellt (%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="85"/>
        <source>Recovered %1: save it to keep the changes</source>
        <translation>%1 wiederhergestellt: speichern, um die Änderungen zu behalten</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="90"/>
        <source>Recovering %1</source>
        <translation>%1 wird wiederhergestellt</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="19"/>
        <source>Measure &amp;Latency</source>
        <translation>&amp;Latenz messen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="21"/>
        <source>Time each layer&apos;s kernel in f32 and int8 on this machine, to predict a plan&apos;s latency</source>
        <translation>Den Kernel jeder Schicht auf diesem Rechner in f32 und int8 messen, um die Latenz eines Plans vorherzusagen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="48"/>
        <source>Measuring the latency of each layer of %1</source>
        <translation>Die Latenz jeder Schicht von %1 wird gemessen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="54"/>
        <source>Latency failed: %1</source>
        <translation>Latenzmessung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="55"/>
        <source>Latency was not measured</source>
        <translation>Die Latenz wurde nicht gemessen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="58"/>
        <source>Latency was cancelled; the project is unchanged</source>
        <translation>Latenzmessung abgebrochen; das Projekt ist unverändert</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="61"/>
        <source>Measuring the latency of %1</source>
        <translation>Latenz von %1 wird gemessen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="74"/>
        <source>The project changed while the latency was measured; the result was dropped</source>
        <translation>Das Projekt hat sich während der Latenzmessung geändert; das Ergebnis wurde verworfen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="80"/>
        <source>Measured %1 layers in %2 ms: fp32 forward pass %3 ms</source>
        <translation>%1 Schichten in %2 ms gemessen: fp32-Vorwärtsdurchlauf %3 ms</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="83"/>
        <source>Latency measured: File &gt; Save Project keeps it</source>
        <translation>Latenz gemessen: Datei &gt; Projekt speichern behält sie</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowGraph.cpp" line="18"/>
        <source>Graph</source>
        <translation>Graph</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowGraph.cpp" line="49"/>
        <source>Graph: %1</source>
        <translation>Graph: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlanner.cpp" line="31"/>
        <source>Automatic Plan</source>
        <translation>Automatischer Plan</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlanner.cpp" line="42"/>
        <source>Automatic plan at %1 bits per weight</source>
        <translation>Automatischer Plan mit %1 Bits pro Gewicht</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlanner.cpp" line="43"/>
        <source>Automatic plan: %1 bits per weight, predicted KL %2, loaded into the plan editor</source>
        <translation>Automatischer Plan: %1 Bits pro Gewicht, vorhergesagte KL %2, in den Plan-Editor geladen</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlanner.cpp" line="45"/>
        <source>Automatic plan at %1 bits per weight loaded into the plan editor (Undo restores the previous plan)</source>
        <translation>Automatischer Plan mit %1 Bits pro Gewicht in den Plan-Editor geladen (Rückgängig stellt den vorigen Plan wieder her)</translation>
    </message>
</context>
<context>
    <name>qb::MemoryIndicator</name>
    <message>
        <location filename="../widgets/MemoryIndicator.cpp" line="29"/>
        <source>Memory this program holds in RAM now, and the most it has held since it started. Models are read from disk layer by layer, so this stays far below a large model&apos;s size.</source>
        <translation>Speicher, den dieses Programm jetzt im RAM hält, und das Maximum seit dem Start. Modelle werden Schicht für Schicht von der Festplatte gelesen, daher bleibt dieser Wert weit unter der Größe eines großen Modells.</translation>
    </message>
    <message>
        <location filename="../widgets/MemoryIndicator.cpp" line="38"/>
        <source>Memory %1 (peak %2)</source>
        <translation>Speicher %1 (Spitze %2)</translation>
    </message>
</context>
<context>
    <name>qb::ModelSummaryView</name>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="46"/>
        <source>Property</source>
        <translation>Eigenschaft</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="46"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="54"/>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="55"/>
        <source>Architecture:</source>
        <translation>Architektur:</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="56"/>
        <source>Path:</source>
        <translation>Pfad:</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="57"/>
        <source>Contents:</source>
        <translation>Inhalt:</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="86"/>
        <source>%1 tensors, %2 parameters, %3 graph nodes</source>
        <translation>%1 Tensoren, %2 Parameter, %3 Graphknoten</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="97"/>
        <source>no model open</source>
        <translation>kein Modell geöffnet</translation>
    </message>
</context>
<context>
    <name>qb::PlanDocument</name>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="32"/>
        <source>%1 and %2 more</source>
        <translation>%1 und %2 weitere</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="197"/>
        <location filename="../widgets/PlanDocument.cpp" line="281"/>
        <location filename="../widgets/PlanDocument.cpp" line="303"/>
        <source>No model is open</source>
        <translation>Kein Modell geöffnet</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="214"/>
        <source>%1: rows of %2 weights do not split into groups of %3 for %4 (it would fall back to %5)</source>
        <translation>%1: Zeilen zu %2 Gewichten lassen sich nicht in Gruppen zu %3 für %4 teilen (es würde auf %5 zurückfallen)</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="226"/>
        <source>%1: a less specific entry sets groups of %2, so it would get %3 instead of %4; change the default, or choose the groups in the palette</source>
        <translation>%1: ein weniger spezifischer Eintrag setzt Gruppen zu %2, sie bekäme also %3 statt %4; den Standard ändern oder die Gruppen in der Palette wählen</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="240"/>
        <source>Select a layer first</source>
        <translation>Zuerst eine Schicht wählen</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="246"/>
        <location filename="../widgets/PlanDocument.cpp" line="287"/>
        <source>%1: no such tensor</source>
        <translation>%1: kein solcher Tensor</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="247"/>
        <location filename="../widgets/PlanDocument.cpp" line="288"/>
        <source>%1 is not quantizable: it stays as it is</source>
        <translation>%1 ist nicht quantisierbar: bleibt, wie er ist</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="298"/>
        <source>Set %1 on %2</source>
        <translation>%1 auf %2 setzen</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="309"/>
        <source>Set the default to %1</source>
        <translation>Standard auf %1 setzen</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="317"/>
        <source>%1 has the format %2: its blocks fix the scales</source>
        <translation>%1 hat das Format %2: seine Blöcke legen die Skalen fest</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="334"/>
        <source>%1: a less specific entry sets groups of %2; change the default instead</source>
        <translation>%1: ein weniger spezifischer Eintrag setzt Gruppen zu %2; stattdessen den Standard ändern</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="339"/>
        <source>Groups of %1 on %2</source>
        <translation>Gruppen zu %1 auf %2</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="339"/>
        <source>One scale per channel on %1</source>
        <translation>Ein Skalenfaktor pro Kanal auf %1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="352"/>
        <source>%1 has the format %2: its blocks fix the grid</source>
        <translation>%1 hat das Format %2: seine Blöcke legen das Raster fest</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="354"/>
        <source>Symmetric grid on %1</source>
        <translation>Symmetrisches Raster auf %1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="354"/>
        <source>Asymmetric grid on %1</source>
        <translation>Asymmetrisches Raster auf %1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="361"/>
        <source>%1 needs a language model&apos;s layer inputs</source>
        <translation>%1 braucht die Schichteingaben eines Sprachmodells</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="362"/>
        <source>Method %1 on %2</source>
        <translation>Methode %1 auf %2</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="371"/>
        <source>Default for %1</source>
        <translation>Standard für %1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="377"/>
        <source>%1: the plan gives it nothing to copy</source>
        <translation>%1: der Plan gibt ihr nichts zum Kopieren</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="397"/>
        <source>No layer of kind %1 can take %2</source>
        <translation>Keine Schicht der Art %1 kann %2 aufnehmen</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="400"/>
        <source>%1 on every %2</source>
        <translation>%1 auf jede %2</translation>
    </message>
</context>
<context>
    <name>qb::PlanEditor</name>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="31"/>
        <source>Show &amp;biases and norms</source>
        <translation>&amp;Biases und Normen zeigen</translation>
    </message>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="35"/>
        <source>Also list the tensors no plan touches: biases, norm weights, shapes</source>
        <translation>Auch die Tensoren auflisten, die kein Plan berührt: Biases, Normgewichte, Formen</translation>
    </message>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="38"/>
        <source>Drag a chip onto a layer, a selection or the default; drag the bars below up or down</source>
        <translation>Einen Chip auf eine Schicht, eine Auswahl oder den Standard ziehen; die Balken unten nach oben oder unten ziehen</translation>
    </message>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="40"/>
        <source>Selected layers</source>
        <translation>Gewählte Schichten</translation>
    </message>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="42"/>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="102"/>
        <source>Default: %1</source>
        <translation>Standard: %1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="127"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>qb::PlanInspector</name>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="26"/>
        <source>Back to the &amp;default</source>
        <translation>Zurück zum &amp;Standard</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="32"/>
        <source>One scale per output channel</source>
        <translation>Ein Skalenfaktor pro Ausgabekanal</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="33"/>
        <source>Groups of %1 weights</source>
        <translation>Gruppen zu %1 Gewichten</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="35"/>
        <source>Symmetric</source>
        <translation>Symmetrisch</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="36"/>
        <source>Asymmetric (zero points)</source>
        <translation>Asymmetrisch (Nullpunkte)</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="45"/>
        <source>Drop the layers&apos; own entries: they follow the plan&apos;s default again</source>
        <translation>Die eigenen Einträge der Schichten entfernen: sie folgen wieder dem Standard des Plans</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="48"/>
        <source>&amp;Scales:</source>
        <translation>&amp;Skalen:</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="49"/>
        <source>&amp;Grid:</source>
        <translation>&amp;Raster:</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="50"/>
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="62"/>
        <source>Scales changed</source>
        <translation>Skalen geändert</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="65"/>
        <source>Grid changed</source>
        <translation>Raster geändert</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="67"/>
        <source>Method changed</source>
        <translation>Methode geändert</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="72"/>
        <source>Applied to every layer of this kind</source>
        <translation>Auf jede Schicht dieser Art angewendet</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="73"/>
        <source>Applied; these cannot take it: %1</source>
        <translation>Angewendet; diese können es nicht aufnehmen: %1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="75"/>
        <source>Back to the default</source>
        <translation>Zurück zum Standard</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="99"/>
        <source>&lt;b&gt;Inspector&lt;/b&gt;: select layers in the list or the chart</source>
        <translation>&lt;b&gt;Inspektor&lt;/b&gt;: Schichten in der Liste oder im Diagramm wählen</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="101"/>
        <source>Apply to every layer of this kind</source>
        <translation>Auf jede Schicht dieser Art anwenden</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="106"/>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2)</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="107"/>
        <source>&lt;b&gt;%1 layers&lt;/b&gt;, first %2</source>
        <translation>&lt;b&gt;%1 Schichten&lt;/b&gt;, erste %2</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="108"/>
        <source>Apply to every %1</source>
        <translation>Auf jede %1 anwenden</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="109"/>
        <source>Every layer of kind %1 gets this layer&apos;s scheme and method as its own entry</source>
        <translation>Jede Schicht der Art %1 erhält Schema und Methode dieser Schicht als eigenen Eintrag</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="111"/>
        <source>Now: %1, %2 bits per weight, %3</source>
        <translation>Jetzt: %1, %2 Bit pro Gewicht, %3</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="115"/>
        <source>The plan has problems: fix or import another</source>
        <translation>Der Plan hat Probleme: beheben oder einen anderen importieren</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="120"/>
        <source>The format fixes scales and grid; drop an INT chip to choose them</source>
        <translation>Das Format legt Skalen und Raster fest; zum Wählen einen INT-Chip ablegen</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="134"/>
        <source>The rows do not split into groups of %1</source>
        <translation>Die Zeilen lassen sich nicht in Gruppen zu %1 teilen</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="145"/>
        <source>%1 takes no %2</source>
        <translation>%1 nimmt kein %2</translation>
    </message>
</context>
<context>
    <name>qb::PlanTableModel</name>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="51"/>
        <source>Its own entry: %1</source>
        <translation>Eigener Eintrag: %1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="52"/>
        <source>From the plan&apos;s default (or a glob)</source>
        <translation>Aus dem Standard des Plans (oder einem Muster)</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="62"/>
        <source>as stored (%1)</source>
        <translation>wie gespeichert (%1)</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="81"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="82"/>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="83"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="84"/>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="85"/>
        <source>Scheme</source>
        <translation>Schema</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="86"/>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="87"/>
        <source>Bits/weight</source>
        <translation>Bit/Gewicht</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="88"/>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
</context>
<context>
    <name>qb::PlanTableView</name>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="155"/>
        <source>Not a scheme chip</source>
        <translation>Kein Schema-Chip</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="157"/>
        <source>%1 on %2 layers</source>
        <translation>%1 auf %2 Schichten</translation>
    </message>
</context>
<context>
    <name>qb::PlannerView</name>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="36"/>
        <source>Budget:</source>
        <translation>Budget:</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="39"/>
        <source>Latency target:</source>
        <translation>Latenzziel:</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="41"/>
        <source>Plan</source>
        <translation>Planen</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="49"/>
        <source>Bits per weight (quantizable layers)</source>
        <translation>Bits pro Gewicht (quantisierbare Schichten)</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="50"/>
        <source>Predicted KL (sum over layers), nats</source>
        <translation>Vorhergesagte KL (Summe über die Schichten), nats</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="141"/>
        <source>a predicted KL of 0, or below a billionth of the largest, is drawn here</source>
        <translation>eine vorhergesagte KL von 0 oder unter einem Milliardstel der größten wird hier gezeichnet</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="137"/>
        <source>Planned (Pareto curve)</source>
        <translation>Geplant (Pareto-Kurve)</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="138"/>
        <source>Uniform schemes</source>
        <translation>Einheitliche Schemata</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="139"/>
        <source>Plan in the editor</source>
        <translation>Plan im Editor</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="140"/>
        <source>Last automatic plan</source>
        <translation>Letzter automatischer Plan</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="86"/>
        <source>Click a point of the curve or a uniform scheme to plan at its size</source>
        <translation>Einen Punkt der Kurve oder ein einheitliches Schema anklicken, um bei dieser Größe zu planen</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="142"/>
        <source>bits per weight</source>
        <translation>Bits pro Gewicht</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="143"/>
        <source>MB (whole model)</source>
        <translation>MB (ganzes Modell)</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="96"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="97"/>
        <source>none</source>
        <translation>keines</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="98"/>
        <source>The plan&apos;s predicted latency at most this (Model &gt; Measure Latency first); none: no target</source>
        <translation>Die vorhergesagte Latenz des Plans höchstens so groß (zuerst Modell &gt; Latenz messen); keines: kein Ziel</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="100"/>
        <source>Load the plan of least predicted change within the budget into the plan editor</source>
        <translation>Den Plan mit der kleinsten vorhergesagten Änderung innerhalb des Budgets in den Plan-Editor laden</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="188"/>
        <source>The sensitivity table cannot be planned with: %1</source>
        <translation>Mit der Sensitivitätstabelle kann nicht geplant werden: %1</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="149"/>
        <source>Open a model to plan its precision.</source>
        <translation>Ein Modell öffnen, um seine Genauigkeit zu planen.</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="153"/>
        <source>No sensitivity table yet. Model &gt; Sensitivity… measures each layer in each scheme; the planner then finds the plan of least predicted change for any size.</source>
        <translation>Noch keine Sensitivitätstabelle. Modell &gt; Sensitivität… misst jede Schicht in jedem Schema; der Planer findet dann für jede Größe den Plan mit der kleinsten vorhergesagten Änderung.</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="156"/>
        <source>Click a point, or set a budget and press Plan: the plan of least predicted change (summed from the sensitivity table, method %1) loads into the plan editor as one undo step.</source>
        <translation>Einen Punkt anklicken oder ein Budget setzen und Planen drücken: der Plan mit der kleinsten vorhergesagten Änderung (aus der Sensitivitätstabelle summiert, Methode %1) wird als ein Rückgängig-Schritt in den Plan-Editor geladen.</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="223"/>
        <source> bpw</source>
        <translation> Bit/Gewicht</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="228"/>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="305"/>
        <source>No sensitivity table to plan with</source>
        <translation>Keine Sensitivitätstabelle zum Planen</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="307"/>
        <source>A latency target needs the layers&apos; latency measured on this machine (Model &gt; Measure Latency)</source>
        <translation>Ein Latenzziel braucht die auf diesem Rechner gemessene Latenz der Schichten (Modell &gt; Latenz messen)</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="313"/>
        <source>Planned %1 bits per weight (%2 MB of layers), predicted KL %3</source>
        <translation>Geplant: %1 Bits pro Gewicht (%2 MB Schichten), vorhergesagte KL %3</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="317"/>
        <source>, predicted latency %1 ms</source>
        <translation>, vorhergesagte Latenz %1 ms</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="338"/>
        <source>The other tensors alone take %1 MB</source>
        <translation>Die übrigen Tensoren allein belegen %1 MB</translation>
    </message>
</context>
<context>
    <name>qb::PlotContextMenu</name>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="43"/>
        <source>Save as &amp;PNG…</source>
        <translation>Als &amp;PNG speichern…</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="43"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="44"/>
        <source>Save as &amp;SVG…</source>
        <translation>Als &amp;SVG speichern…</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="44"/>
        <source>SVG drawings (*.svg)</source>
        <translation>SVG-Zeichnungen (*.svg)</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="45"/>
        <source>Save as P&amp;DF…</source>
        <translation>Als P&amp;DF speichern…</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="45"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="49"/>
        <location filename="../widgets/PlotContextMenu.cpp" line="53"/>
        <source>Save Plot</source>
        <translation>Diagramm speichern</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="57"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="65"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="92"/>
        <source>%1: a plot is saved as .png, .svg or .pdf</source>
        <translation>%1: ein Diagramm wird als .png, .svg oder .pdf gespeichert</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="96"/>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>qb::QuantizeDialog</name>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="45"/>
        <source>&amp;Asymmetric grid (zero points)</source>
        <translation>&amp;Asymmetrisches Raster (Nullpunkte)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="47"/>
        <source>Also quantize each layer&apos;s &amp;input to 8 bits (W8A8)</source>
        <translation>Auch die &amp;Eingabe jeder Schicht auf 8 Bit quantisieren (W8A8)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="48"/>
        <source>Act-&amp;order: largest Hessian diagonal first</source>
        <translation>Act-&amp;Order: größte Hesse-Diagonale zuerst</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="58"/>
        <source>Quantize %1</source>
        <translation>%1 quantisieren</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="60"/>
        <source>Every layer</source>
        <translation>Jede Schicht</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="63"/>
        <source>INT%1</source>
        <translation>INT%1</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="68"/>
        <source>GGML %1</source>
        <translation>GGML %1</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="71"/>
        <source>One scale per output channel</source>
        <translation>Ein Skalenfaktor pro Ausgabekanal</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="72"/>
        <source>Groups of %1 weights</source>
        <translation>Gruppen zu %1 Gewichten</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="30"/>
        <source>RTN with MSE clipping</source>
        <translation>RTN mit MSE-Clipping</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="31"/>
        <source>GPTQ (Hessian error feedback)</source>
        <translation>GPTQ (Fehlerrückführung über die Hesse-Matrix)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="32"/>
        <source>AWQ (activation-aware scales)</source>
        <translation>AWQ (aktivierungsabhängige Skalen)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="33"/>
        <source>SmoothQuant (W8A8, outliers into weights)</source>
        <translation>SmoothQuant (W8A8, Ausreißer in die Gewichte)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="53"/>
        <source>&amp;Write straight to a project file (for models whose result does not fit in memory)</source>
        <translation>&amp;Direkt in eine Projektdatei schreiben (für Modelle, deren Ergebnis nicht in den Speicher passt)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="86"/>
        <source>Text windows of the calibration data that GPTQ, AWQ and SmoothQuant collect inputs on.</source>
        <translation>Textfenster der Kalibrierungsdaten, an denen GPTQ, AWQ und SmoothQuant Eingaben sammeln.</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="87"/>
        <source>&amp;Weights:</source>
        <translation>&amp;Gewichte:</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="88"/>
        <source>&amp;Scales:</source>
        <translation>&amp;Skalen:</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="90"/>
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="92"/>
        <source>GPTQ quantizes the columns whose inputs carry the most energy first.</source>
        <translation>GPTQ quantisiert die Spalten mit der energiereichsten Eingabe zuerst.</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="97"/>
        <source>SmoothQuant: how much of the activations&apos; outliers moves into the weights.</source>
        <translation>SmoothQuant: wie viel der Ausreißer der Aktivierungen in die Gewichte wandert.</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="99"/>
        <source>Migration &amp;alpha:</source>
        <translation>Migrations-&amp;Alpha:</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="100"/>
        <source>Input &amp;windows:</source>
        <translation>Eingabe&amp;fenster:</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="104"/>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="105"/>
        <source>No limit</source>
        <translation>Keine Grenze</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="106"/>
        <source>Memory for one decoder block and the calibration activations of GPTQ, AWQ and SmoothQuant. Activations beyond it go through a temporary file; the result is the same.</source>
        <translation>Speicher für einen Decoder-Block und die Kalibrierungsaktivierungen von GPTQ, AWQ und SmoothQuant. Aktivierungen darüber hinaus laufen über eine temporäre Datei; das Ergebnis ist dasselbe.</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="108"/>
        <source>Memory &amp;budget:</source>
        <translation>&amp;Speicherbudget:</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="111"/>
        <source>Or a plan file (per-layer entries by name or glob)</source>
        <translation>Oder eine Plandatei (Einträge pro Schicht nach Name oder Muster)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="114"/>
        <source>plan.json (optional: replaces the settings above)</source>
        <translation>plan.json (optional: ersetzt die Einstellungen oben)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="116"/>
        <location filename="../app/gui/QuantizeDialog.cpp" line="134"/>
        <source>File…</source>
        <translation>Datei…</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="118"/>
        <source>Choose a Plan</source>
        <translation>Plan wählen</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="118"/>
        <source>Plans (*.json)</source>
        <translation>Pläne (*.json)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="125"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="128"/>
        <source>Each layer goes into the file as it is quantized, and an interrupted run continues from it. The open project stays as it is; open the file with File &gt; Open Project.</source>
        <translation>Jede Schicht wird in die Datei geschrieben, sobald sie quantisiert ist, und ein unterbrochener Lauf setzt dort fort. Das offene Projekt bleibt unverändert; öffnen Sie die Datei mit Datei &gt; Projekt öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="136"/>
        <source>Quantize Into</source>
        <translation>Quantisieren in</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="136"/>
        <source>QuantBench projects (*.qbproj)</source>
        <translation>QuantBench-Projekte (*.qbproj)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="198"/>
        <source>The plan file %1 does not exist.</source>
        <translation>Die Plandatei %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="205"/>
        <source>%1 works on the integer grids; a GGML block format takes %2.</source>
        <translation>%1 arbeitet auf den ganzzahligen Rastern; ein GGML-Blockformat nimmt %2.</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="210"/>
        <source>Name the project file to write.</source>
        <translation>Geben Sie die zu schreibende Projektdatei an.</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="211"/>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="213"/>
        <source>The result cannot overwrite the model it is made from.</source>
        <translation>Das Ergebnis kann nicht das Modell überschreiben, aus dem es entsteht.</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="217"/>
        <source>%1 needs calibration data: run Model &gt; Calibrate first.</source>
        <translation>%1 braucht Kalibrierungsdaten: zuerst Modell &gt; Kalibrieren ausführen.</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="218"/>
        <source>8-bit activations</source>
        <translation>8-Bit-Aktivierungen</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="240"/>
        <source>%1 bits per weight in blocks of %2 (rows that are no whole blocks stay f16).</source>
        <translation>%1 Bit pro Gewicht in Blöcken zu %2 (Zeilen, die keine ganzen Blöcke sind, bleiben f16).</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="246"/>
        <source>The plan decides every layer&apos;s scheme; layers it leaves out stay f32.</source>
        <translation>Der Plan bestimmt das Schema jeder Schicht; nicht genannte Schichten bleiben f32.</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="247"/>
        <source>About %1 bits per weight (rows that are no whole groups fall back to one scale per row).</source>
        <translation>Etwa %1 Bit pro Gewicht (Zeilen ohne ganze Gruppen erhalten einen Skalenfaktor pro Zeile).</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="249"/>
        <source>%1 bits per weight plus one fp16 scale per output channel.</source>
        <translation>%1 Bit pro Gewicht plus ein fp16-Skalenfaktor pro Ausgabekanal.</translation>
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
    <name>qb::RecoveryDialog</name>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="17"/>
        <source>Recover Unsaved Work</source>
        <translation>Ungespeicherte Arbeit wiederherstellen</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="18"/>
        <source>QuantBench did not close normally. These projects had changes that were autosaved but not saved:</source>
        <translation>QuantBench wurde nicht normal beendet. Diese Projekte hatten Änderungen, die automatisch gesichert, aber nicht gespeichert wurden:</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="25"/>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="25"/>
        <source>Autosaved</source>
        <translation>Automatisch gesichert</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="25"/>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="28"/>
        <source>%1 (never saved)</source>
        <translation>%1 (nie gespeichert)</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="41"/>
        <source>&amp;Recover</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="43"/>
        <source>Open the autosave as an unsaved project; Save writes the original file</source>
        <translation>Die automatische Sicherung als ungespeichertes Projekt öffnen; Speichern schreibt die ursprüngliche Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="44"/>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="46"/>
        <source>Delete the autosave</source>
        <translation>Die automatische Sicherung löschen</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="47"/>
        <source>&amp;Later</source>
        <translation>&amp;Später</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="49"/>
        <source>Keep the autosaves; File &gt; Recover Unsaved Work offers them again</source>
        <translation>Die automatischen Sicherungen behalten; Datei &gt; Ungespeicherte Arbeit wiederherstellen bietet sie erneut an</translation>
    </message>
</context>
<context>
    <name>qb::ScreenshotTaker</name>
    <message>
        <location filename="../app/gui/ScreenshotTaker.cpp" line="38"/>
        <source>error: no tensor named %1</source>
        <translation>Fehler: kein Tensor namens %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ScreenshotTaker.cpp" line="60"/>
        <source>error: cannot write %1</source>
        <translation>Fehler: %1 kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>qb::SensitivityDialog</name>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="37"/>
        <source>&apos;%1&apos; is not a bit width from %2 to %3.</source>
        <translation>„%1“ ist keine Bitbreite von %2 bis %3.</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="45"/>
        <source>Give at least one bit width, such as 8,4.</source>
        <translation>Geben Sie mindestens eine Bitbreite an, etwa 8,4.</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="53"/>
        <source>Sensitivity of %1</source>
        <translation>Sensitivität von %1</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="56"/>
        <source>Windows</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="56"/>
        <source>Preprocessing</source>
        <translation>Vorverarbeitung</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="58"/>
        <source>Quantizes one layer at a time with each candidate scheme and measures how far the model&apos;s outputs move from fp32 (KL divergence), next to proxies computed from the weights and the layer inputs. Takes one model run per layer and scheme.</source>
        <translation>Quantisiert jeweils eine Schicht mit jedem Kandidatenschema und misst, wie weit sich die Ausgaben des Modells von fp32 entfernen (KL-Divergenz), neben Proxys aus den Gewichten und den Schichteingaben. Braucht einen Modelldurchlauf je Schicht und Schema.</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="64"/>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="70"/>
        <source>Bit widths to try, comma separated: an integer scheme and the ggml types of each.</source>
        <translation>Zu prüfende Bitbreiten, durch Kommas getrennt: je ein Ganzzahlschema und die zugehörigen ggml-Typen.</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="72"/>
        <source>Round to nearest (rtn)</source>
        <translation>Auf nächsten Wert runden (rtn)</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="74"/>
        <source>GPTQ (slower)</source>
        <translation>GPTQ (langsamer)</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="79"/>
        <source>Text windows every measurement runs.</source>
        <translation>Textfenster, die jede Messung durchläuft.</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="79"/>
        <source>Images every measurement runs.</source>
        <translation>Bilder, die jede Messung durchläuft.</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="80"/>
        <source>&amp;Bits:</source>
        <translation>B&amp;its:</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="81"/>
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="82"/>
        <source>&amp;Windows:</source>
        <translation>&amp;Fenster:</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="82"/>
        <source>&amp;Images:</source>
        <translation>&amp;Bilder:</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="87"/>
        <source>Text windows GPTQ collects each layer&apos;s inputs on: the ones Quantize chooses with as many input windows, so each entry measures the layer Quantize gives.</source>
        <translation>Textfenster, auf denen GPTQ die Eingaben jeder Schicht sammelt: dieselben, die Quantisieren bei ebenso vielen Eingabefenstern wählt, sodass jeder Eintrag die Schicht misst, die Quantisieren ergibt.</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="89"/>
        <source>GPTQ input w&amp;indows:</source>
        <translation>GPTQ-E&amp;ingabefenster:</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="101"/>
        <source>&amp;Measure</source>
        <translation>&amp;Messen</translation>
    </message>
</context>
<context>
    <name>qb::SensitivityView</name>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="78"/>
        <source>No sensitivity measured. Model &gt; Sensitivity… quantizes one layer at a time and measures how far the outputs move from fp32.</source>
        <translation>Keine Sensitivität gemessen. Modell &gt; Sensitivität… quantisiert jeweils eine Schicht und misst, wie weit sich die Ausgaben von fp32 entfernen.</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="89"/>
        <source>KL(fp32 ‖ quantized), nats</source>
        <translation>KL(fp32 ‖ quantisiert), nats</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="90"/>
        <source>Layer (execution order)</source>
        <translation>Schicht (Ausführungsreihenfolge)</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="107"/>
        <source>KL of 0 (or below the floor) is drawn here</source>
        <translation>KL von 0 (oder unter der Untergrenze) wird hier gezeichnet</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="299"/>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="299"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="299"/>
        <source>Worst scheme</source>
        <translation>Schlechtestes Schema</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="299"/>
        <source>Worst KL</source>
        <translation>Schlechteste KL</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="300"/>
        <source>KL %1</source>
        <translation>KL %1</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="300"/>
        <source>SQNR (dB)</source>
        <translation>SQNR (dB)</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="300"/>
        <source>Output error</source>
        <translation>Ausgabefehler</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="301"/>
        <source>Hessian trace</source>
        <translation>Hesse-Spur</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="301"/>
        <source>imatrix error</source>
        <translation>imatrix-Fehler</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/SensitivityView.cpp" line="335"/>
        <source>Spearman rank correlation with KL over %n measurement(s): SQNR (negated) %1 · output error %2 · Hessian trace %3 · imatrix %4</source>
        <translation>
            <numerusform>Spearman-Rangkorrelation mit KL über %n Messung: SQNR (negiert) %1 · Ausgabefehler %2 · Hesse-Spur %3 · imatrix %4</numerusform>
            <numerusform>Spearman-Rangkorrelation mit KL über %n Messungen: SQNR (negiert) %1 · Ausgabefehler %2 · Hesse-Spur %3 · imatrix %4</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="368"/>
        <source>%1: KL %2, SQNR %3 dB</source>
        <translation>%1: KL %2, SQNR %3 dB</translation>
    </message>
</context>
<context>
    <name>qb::SettingsDialog</name>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="26"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="29"/>
        <location filename="../app/gui/SettingsDialog.cpp" line="43"/>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="35"/>
        <source>The language changes at once in menus, panels, tables and dialogs. Texts already drawn in plots, the log and status messages keep their language until they are shown again.</source>
        <translation>Die Sprache wechselt sofort in Menüs, Bereichen, Tabellen und Dialogen. Bereits in Diagrammen gezeichnete Texte, das Protokoll und Statusmeldungen behalten ihre Sprache, bis sie erneut angezeigt werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="44"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="45"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="50"/>
        <source>All cores (%1)</source>
        <translation>Alle Kerne (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="52"/>
        <source>Threads a calibration, quantization or evaluation uses, in core loops and in oneDNN.</source>
        <translation>Threads, die eine Kalibrierung, Quantisierung oder Auswertung nutzt, in den Kernschleifen und in oneDNN.</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="57"/>
        <source>Samples Model &gt; Calibrate starts with: images, or text windows.</source>
        <translation>Stichproben, mit denen Modell &gt; Kalibrieren beginnt: Bilder oder Textfenster.</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="61"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="62"/>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="64"/>
        <source>How often a project with unsaved changes is autosaved beside its file (never over it), for recovery after a crash.</source>
        <translation>Wie oft ein Projekt mit ungespeicherten Änderungen neben seiner Datei (nie darüber) automatisch gesichert wird, zur Wiederherstellung nach einem Absturz.</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="68"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="70"/>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="71"/>
        <source>&amp;Worker threads:</source>
        <translation>&amp;Arbeits-Threads:</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="72"/>
        <source>Calibration &amp;samples:</source>
        <translation>Kalibrierungs-Stich&amp;proben:</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="73"/>
        <source>&amp;Autosave every:</source>
        <translation>&amp;Automatisch sichern alle:</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="74"/>
        <source>Model Folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="75"/>
        <source>&amp;Model folder:</source>
        <translation>&amp;Modellordner:</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="76"/>
        <source>Data Folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="77"/>
        <source>&amp;Data folder:</source>
        <translation>&amp;Datenordner:</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="91"/>
        <source>Your home folder</source>
        <translation>Ihr persönlicher Ordner</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="92"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
</context>
<context>
    <name>qb::ShortcutsDialog</name>
    <message>
        <location filename="../app/gui/ShortcutsDialog.cpp" line="34"/>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../app/gui/ShortcutsDialog.cpp" line="36"/>
        <source>Menu</source>
        <translation>Menü</translation>
    </message>
    <message>
        <location filename="../app/gui/ShortcutsDialog.cpp" line="36"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../app/gui/ShortcutsDialog.cpp" line="36"/>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>qb::StartPage</name>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="24"/>
        <source>Open the &amp;Demo Model</source>
        <translation>&amp;Demomodell öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="31"/>
        <source>&lt;h2&gt;QuantBench&lt;/h2&gt;&lt;p&gt;Open a neural network to see its weights, calibrate, quantize and evaluate it.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;QuantBench&lt;/h2&gt;&lt;p&gt;Öffnen Sie ein neuronales Netz, um seine Gewichte zu sehen, es zu kalibrieren, zu quantisieren und auszuwerten.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="36"/>
        <source>&amp;Open a Model…</source>
        <translation>Ein Modell ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="39"/>
        <source>Open a &amp;Project…</source>
        <translation>Ein &amp;Projekt öffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="45"/>
        <source>No demo model is installed (run.sh downloads one).</source>
        <translation>Es ist kein Demomodell installiert (run.sh lädt eines herunter).</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="46"/>
        <source>PaddleOCR&apos;s text direction classifier: %1</source>
        <translation>Textrichtungs-Klassifikator von PaddleOCR: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="54"/>
        <source>Or drop a model, a project or a plan anywhere on this window.</source>
        <translation>Oder ziehen Sie ein Modell, ein Projekt oder einen Plan irgendwo auf dieses Fenster.</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="64"/>
        <source>&lt;b&gt;Recent files&lt;/b&gt;</source>
        <translation>&lt;b&gt;Zuletzt geöffnet&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="90"/>
        <source>%1 (project)</source>
        <translation>%1 (Projekt)</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="96"/>
        <source>Nothing opened yet</source>
        <translation>Noch nichts geöffnet</translation>
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
<context>
    <name>qb::Workspace</name>
    <message>
        <location filename="../app/gui/Workspace.cpp" line="65"/>
        <source>out of memory</source>
        <translation>nicht genügend Arbeitsspeicher</translation>
    </message>
    <message>
        <location filename="../app/gui/Workspace.cpp" line="71"/>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <location filename="../app/gui/Workspace.cpp" line="157"/>
        <source>Saving %1</source>
        <translation>%1 wird gespeichert</translation>
    </message>
</context>
</TS>
