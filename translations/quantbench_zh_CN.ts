<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="47"/>
        <source>Open a neural network and inspect its weights.</source>
        <translation>打开神经网络并检查其权重。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="52"/>
        <source>Model files, safetensors folders or projects (.qbproj) to open, each in its own window, and a plan (.json) to load into the plan editor.</source>
        <translation>要打开的模型文件、safetensors 文件夹或项目 (.qbproj)，每个在各自的窗口中打开，以及要读入计划编辑器的计划 (.json)。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="57"/>
        <source>Select the tensor &lt;name&gt; after opening.</source>
        <translation>打开后选中张量 &lt;name&gt;。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="62"/>
        <source>Save a screenshot to &lt;file&gt; when the plots are ready, then quit.</source>
        <translation>图表就绪后将截图保存到 &lt;file&gt;，然后退出。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="67"/>
        <source>Evaluate the model on &lt;data&gt; once it is open, with the settings last used for it.</source>
        <translation>模型打开后，使用上次为其设置的参数在 &lt;data&gt; 上评估。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="73"/>
        <source>Recover the autosave of &lt;record&gt;.</source>
        <translation>恢复 &lt;record&gt; 的自动保存。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="86"/>
        <source>--screenshot takes one model.</source>
        <translation>--screenshot 只接受一个模型。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="88"/>
        <source>--screenshot needs a model or a project.</source>
        <translation>--screenshot 需要一个模型或项目。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="90"/>
        <source>--evaluate needs a model.</source>
        <translation>--evaluate 需要指定一个模型。</translation>
    </message>
    <message>
        <location filename="../app/gui/LaunchPaths.cpp" line="29"/>
        <source>Open a model to apply the plan %1.</source>
        <translation>请打开一个模型以应用计划 %1。</translation>
    </message>
</context>
<context>
    <name>qb::AboutDialog</name>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="20"/>
        <source>About QuantBench</source>
        <translation>关于 QuantBench</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="26"/>
        <source>&lt;h3&gt;QuantBench %1&lt;/h3&gt;&lt;p&gt;A workbench for quantizing neural networks: open a model, inspect the statistics of every weight tensor and see where quantization will hurt.&lt;/p&gt;&lt;p&gt;Reads ONNX, GGUF, safetensors, llama2.c and Keras HDF5 models.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;QuantBench %1&lt;/h3&gt;&lt;p&gt;神经网络量化工作台：打开模型，检查每个权重张量的统计信息，找出量化会造成损失的地方。&lt;/p&gt;&lt;p&gt;支持读取 ONNX、GGUF、safetensors、llama2.c 和 Keras HDF5 模型。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="38"/>
        <source>Library</source>
        <translation>库</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="38"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="38"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="44"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="44"/>
        <source>none of AVX2, AVX-512, VNNI, AMX</source>
        <translation>不支持 AVX2、AVX-512、VNNI、AMX</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="45"/>
        <source>cpuid</source>
        <translation>cpuid</translation>
    </message>
    <message>
        <location filename="../app/gui/AboutDialog.cpp" line="49"/>
        <source>&amp;Copy Versions</source>
        <translation>复制版本信息(&amp;C)</translation>
    </message>
</context>
<context>
    <name>qb::Autosave</name>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="154"/>
        <source>plan edited</source>
        <translation>已编辑计划</translation>
    </message>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="155"/>
        <source>calibrated</source>
        <translation>已校准</translation>
    </message>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="156"/>
        <source>quantized</source>
        <translation>已量化</translation>
    </message>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="157"/>
        <source>sensitivity measured</source>
        <translation>已测量敏感度</translation>
    </message>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="158"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="320"/>
        <source>Autosaving</source>
        <translation>正在自动保存</translation>
    </message>
    <message>
        <location filename="../app/gui/Autosave.cpp" line="324"/>
        <source>cannot autosave: no folder to write the autosave to</source>
        <translation>无法自动保存：没有可写入自动保存文件的文件夹</translation>
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
        <translation>每个权重的位数</translation>
    </message>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="36"/>
        <source>layer, in execution order</source>
        <translation>层（按执行顺序）</translation>
    </message>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="59"/>
        <source>Drag a bar up or down to give its layer 8, 6, 5, 4, 3 or 2 bits or fp16; click to select it</source>
        <translation>上下拖动柱条可为该层设定 8、6、5、4、3、2 位或 fp16；单击可选中该层</translation>
    </message>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="96"/>
        <source>GGML</source>
        <translation>GGML</translation>
    </message>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="97"/>
        <source>float</source>
        <translation>浮点</translation>
    </message>
    <message>
        <location filename="../widgets/BitsChart.cpp" line="163"/>
        <source>%1 bits</source>
        <translation>%1 位</translation>
    </message>
</context>
<context>
    <name>qb::BudgetMeter</name>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="34"/>
        <source>Planned layers&apos; size against the same layers in f32</source>
        <translation>计划中各层的大小与这些层在 f32 下的大小之比</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="57"/>
        <source>No model</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="68"/>
        <source>Problems in the plan: %1</source>
        <translation>计划中的问题：%1</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="80"/>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="81"/>
        <source>%1 bytes of planned layers + %2 bytes of other tensors as stored</source>
        <translation>计划中的层 %1 字节 + 其他张量按存储大小 %2 字节</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="83"/>
        <source>%1 bits per weight</source>
        <translation>每个权重 %1 位</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="84"/>
        <source>%1 quantizable layers: %2 MB</source>
        <translation>%1 个可量化层：%2 MB</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="87"/>
        <source>%1 % of f32</source>
        <translation>f32 的 %1 %</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="89"/>
        <source>predicted change: %1 %2</source>
        <translation>预测变化：%1 %2</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="91"/>
        <source>predicted change: —</source>
        <translation>预测变化：—</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="92"/>
        <source>Run a sensitivity analysis to predict the metric&apos;s change</source>
        <translation>运行敏感度分析以预测指标的变化</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="93"/>
        <source>Sum of the measured change of each layer in its planned scheme</source>
        <translation>各层在其计划方案下实测变化之和</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="101"/>
        <source>predicted latency: %1 ms (fp32 %2 ms)</source>
        <translation>预测延迟：%1 ms（fp32 %2 ms）</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="104"/>
        <source>predicted latency: —</source>
        <translation>预测延迟：—</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="107"/>
        <source>Each layer&apos;s measured kernel time in what the runtime executes (int8 for W8A8 layers; weight-only schemes are dequantized and run in f32) plus the rest of the model, on this machine</source>
        <translation>每一层在运行时实际执行形式下测得的内核时间（W8A8 层为 int8；仅权重量化的方案会反量化并以 f32 运行），加上模型其余部分的时间，均在本机测得</translation>
    </message>
    <message>
        <location filename="../widgets/BudgetMeter.cpp" line="109"/>
        <source>Measure the layers&apos; latency (Model &gt; Measure Latency) to predict the plan&apos;s</source>
        <translation>测量各层的延迟（模型 &gt; 测量延迟）以预测该方案的延迟</translation>
    </message>
</context>
<context>
    <name>qb::CalibrationDialog</name>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="35"/>
        <source>Calibrate %1</source>
        <translation>校准 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="42"/>
        <source>Runs windows of a UTF-8 text through the model and records, for every weight matmul, the statistics of its weight and of its input.</source>
        <translation>用 UTF-8 文本窗口运行模型，并为每个权重矩阵乘法记录其权重和输入的统计信息。</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="44"/>
        <source>Runs images through the model and records, for every quantizable layer, the statistics of its weight and of its input activation.</source>
        <translation>用图像运行模型，并为每个可量化层记录其权重和输入激活的统计信息。</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="40"/>
        <source>Windows</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="40"/>
        <source>Preprocessing</source>
        <translation>预处理</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="49"/>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="52"/>
        <source>Text windows to run, chosen by the seed.</source>
        <translation>要运行的文本窗口，由种子选择。</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="53"/>
        <source>Images to run, chosen by the seed.</source>
        <translation>要运行的图像，由种子选择。</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="55"/>
        <source>Chooses which samples run: the same seed picks the same samples.</source>
        <translation>选择运行哪些样本：相同的种子选出相同的样本。</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="57"/>
        <source> bits</source>
        <translation> 位</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="58"/>
        <source>Bit-width the clip thresholds are searched for.</source>
        <translation>搜索截断阈值所用的位宽。</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="59"/>
        <source>Sa&amp;mples:</source>
        <translation>样本数(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="60"/>
        <source>S&amp;eed:</source>
        <translation>种子(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="61"/>
        <source>&amp;Bits:</source>
        <translation>位宽(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../app/gui/CalibrationDialog.cpp" line="67"/>
        <source>&amp;Calibrate</source>
        <translation>校准(&amp;C)</translation>
    </message>
</context>
<context>
    <name>qb::ChannelRangeView</name>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="26"/>
        <source>output channel</source>
        <translation>输出通道</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="27"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="105"/>
        <source>%1 — min to max of each of %2 channels along axis %3; the largest channel abs-max is %4× the median</source>
        <translation>%1 — 沿轴 %3 的 %2 个通道各自的最小值到最大值；最大的通道绝对值最大值是中位数的 %4 倍</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="109"/>
        <source>%1 — min to max of each of %2 channels along axis %3</source>
        <translation>%1 — 沿轴 %3 的 %2 个通道各自的最小值到最大值</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="53"/>
        <source>Select a tensor to see its per-channel ranges</source>
        <translation>选择一个张量以查看其逐通道范围</translation>
    </message>
</context>
<context>
    <name>qb::ChipPalette</name>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="46"/>
        <source>Drop here:
every layer</source>
        <translation>拖放到此处：
所有层</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="47"/>
        <source>Drop a chip here to set the plan&apos;s default: every layer without an entry of its own takes it</source>
        <translation>将芯片拖放到此处以设置计划的默认值：没有自己条目的每一层都采用它</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="140"/>
        <source>per channel</source>
        <translation>逐通道</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="141"/>
        <source>groups of %1</source>
        <translation>每组 %1 个</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="142"/>
        <source>Weights per scale of the INT chips</source>
        <translation>INT 芯片中每个缩放因子对应的权重数</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="149"/>
        <source>fp16</source>
        <translation>fp16</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="150"/>
        <source>%1-bit codes</source>
        <translation>%1 位编码</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="151"/>
        <source>How the INT chips store group scales: fp16, or codes of 8, 6 or 4 bits under one fp16 scale per tensor (at groups of 32, 0.25, 0.31 or 0.38 bits per weight less)</source>
        <translation>INT 芯片如何存储组缩放：fp16，或在每个张量一个 fp16 缩放下的 8、6 或 4 位编码（在 32 一组时，每权重分别少 0.25、0.31 或 0.38 位）</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="168"/>
        <source>Drag onto layers:</source>
        <translation>拖到层上：</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="171"/>
        <source>INT &amp;scales:</source>
        <translation>INT 缩放(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="178"/>
        <source>(bits per weight)</source>
        <translation>（每个权重的位数）</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="224"/>
        <source>%1: %2 bits per weight (%3); drag it onto a layer, a selection or the default</source>
        <translation>%1：每个权重 %2 位（%3）；可拖到某层、所选层或默认值上</translation>
    </message>
    <message>
        <location filename="../widgets/ChipPalette.cpp" line="226"/>
        <source>%1 cannot go on the selection: %2</source>
        <translation>%1 不能用于所选层：%2</translation>
    </message>
</context>
<context>
    <name>qb::ClipHistogramPlot</name>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="32"/>
        <source>lossless</source>
        <translation>无损</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="33"/>
        <source>%1 dB</source>
        <translation>%1 dB</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="49"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="50"/>
        <source>count</source>
        <translation>计数</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="53"/>
        <source>Drag the red line to try another clip range</source>
        <translation>拖动红线以尝试其他截断范围</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="92"/>
        <source>range [%1, %2] · p99.9 %3 · mean %4 · std %5 · %6 values</source>
        <translation>范围 [%1, %2] · p99.9 %3 · 均值 %4 · 标准差 %5 · %6 个值</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="232"/>
        <source>%1-bit grid: %2 levels, step %3</source>
        <translation>%1 位网格：%2 个级别，步长 %3</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="233"/>
        <source>%1 (one level in %2 drawn)</source>
        <translation>%1（每 %2 个级别画一个）</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="247"/>
        <source>[%1, %2]</source>
        <translation>[%1, %2]</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="250"/>
        <source>Your clip %1: SQNR %2</source>
        <translation>你的截断 %1：SQNR %2</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramPlot.cpp" line="253"/>
        <source>Your clip %1: no values, no SQNR</source>
        <translation>你的截断 %1：无数值，无 SQNR</translation>
    </message>
</context>
<context>
    <name>qb::ClipHistogramView</name>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="39"/>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="40"/>
        <source>Input activation</source>
        <translation>输入激活</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="47"/>
        <source>Grid: </source>
        <translation>网格：</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="48"/>
        <source> bits</source>
        <translation> 位</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="49"/>
        <source>Bit-width of the quantization grid; at another width than the calibration&apos;s, the clip points are searched again on the histograms</source>
        <translation>量化网格的位宽；若与校准时不同，将在直方图上重新搜索截断点</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="75"/>
        <location filename="../widgets/ClipHistogramView.cpp" line="83"/>
        <source>Calibrate the model (Model &gt; Calibrate…) or open a project to see clip ranges</source>
        <translation>校准模型（模型 &gt; 校准…）或打开项目以查看截断范围</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="88"/>
        <source>Select a layer to see its clip ranges</source>
        <translation>选择一层以查看其截断范围</translation>
    </message>
    <message>
        <location filename="../widgets/ClipHistogramView.cpp" line="106"/>
        <source>%1 has no calibrated input: calibration observes what matmuls and convolutions read, not norms or embedding lookups</source>
        <translation>%1 没有已校准的输入：校准观察矩阵乘法和卷积读取的数据，不包括归一化和嵌入查找</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/ClipHistogramView.cpp" line="115"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2, calibrated on %n sample(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — %2，以 %n 个样本校准</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>qb::ComparisonView</name>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="52"/>
        <source>fp32 %1, quantized %2 (ln change %3), KL %4</source>
        <translation>fp32 %1，量化后 %2（ln 变化 %3），KL %4</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="62"/>
        <source>exact</source>
        <translation>精确</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="87"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="87"/>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="87"/>
        <source>Δ metric</source>
        <translation>Δ 指标</translation>
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
        <translation>Top-1 一致率</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="87"/>
        <location filename="../widgets/ComparisonView.cpp" line="94"/>
        <source>Output SQNR (dB)</source>
        <translation>输出 SQNR (dB)</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="88"/>
        <source>Bits/weight</source>
        <translation>位/权重</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="88"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="88"/>
        <source>Latency (ms)</source>
        <translation>延迟 (ms)</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="88"/>
        <source>Throughput (/s)</source>
        <translation>吞吐量 (/s)</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="88"/>
        <source>Speed-up</source>
        <translation>加速比</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="95"/>
        <source>Layer (execution order)</source>
        <translation>层（执行顺序）</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="97"/>
        <source>Whole plan</source>
        <translation>整个方案</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="100"/>
        <source>This layer alone</source>
        <translation>仅此层</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="107"/>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="107"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="107"/>
        <source>fp32 top-1</source>
        <translation>fp32 Top-1</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="107"/>
        <source>Quantized top-1</source>
        <translation>量化 Top-1</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="111"/>
        <source>Largest drift first</source>
        <translation>偏差最大者优先</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="112"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="114"/>
        <source>Generations</source>
        <translation>生成文本</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="116"/>
        <source>Graph</source>
        <translation>图</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="119"/>
        <source>Kernels</source>
        <translation>内核</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="122"/>
        <source>Quantized run:</source>
        <translation>量化运行：</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="158"/>
        <source>top-1 %1 %</source>
        <translation>Top-1 %1 %</translation>
    </message>
    <message>
        <location filename="../widgets/ComparisonView.cpp" line="159"/>
        <source>perplexity %1</source>
        <translation>困惑度 %1</translation>
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
        <translation>一个 .txt 文件</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="40"/>
        <source>an IDX images file, a .npy/.npz file or a folder</source>
        <translation>IDX 图像文件、.npy/.npz 文件或文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="45"/>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="46"/>
        <source>Choose a data file</source>
        <translation>选择数据文件</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="51"/>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="52"/>
        <source>Choose a folder holding the data</source>
        <translation>选择存放数据的文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="58"/>
        <source>&amp;Data:</source>
        <translation>数据(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="72"/>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="73"/>
        <source>Window length including the BOS; the model takes at most %1.</source>
        <translation>窗口长度（含 BOS）；模型最多接受 %1。</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="74"/>
        <source>&amp;Context:</source>
        <translation>上下文(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="79"/>
        <source>Pixels are multiplied by this first: 1/255 = 0.00392157 maps bytes to [0, 1].</source>
        <translation>像素先乘以此值：1/255 = 0.00392157 将字节映射到 [0, 1]。</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="84"/>
        <source>Subtracted after scaling: one value, or one per channel separated by commas.</source>
        <translation>缩放后减去：一个值，或每通道一个值，用逗号分隔。</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="88"/>
        <source>Divides after the mean: one value, or one per channel separated by commas.</source>
        <translation>减均值后除以：一个值，或每通道一个值，用逗号分隔。</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="91"/>
        <source>From the model&apos;s input shape</source>
        <translation>根据模型的输入形状</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="92"/>
        <source>NCHW (channels first)</source>
        <translation>NCHW（通道在前）</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="93"/>
        <source>NHWC (channels last)</source>
        <translation>NHWC（通道在后）</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="95"/>
        <source>S&amp;cale:</source>
        <translation>缩放(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="96"/>
        <source>&amp;Mean:</source>
        <translation>均值(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="97"/>
        <source>S&amp;td:</source>
        <translation>标准差(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="98"/>
        <source>&amp;Layout:</source>
        <translation>布局(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="123"/>
        <source>Choose the calibration data.</source>
        <translation>请选择校准数据。</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="123"/>
        <source>Choose the evaluation data.</source>
        <translation>请选择评估数据。</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="125"/>
        <source>%1 does not exist.</source>
        <translation>%1 不存在。</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="127"/>
        <source>The scale must be a number above 0.</source>
        <translation>缩放必须是大于 0 的数。</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="129"/>
        <source>Mean and std take one number, or one per channel separated by commas.</source>
        <translation>均值和标准差取一个数，或每通道一个数，用逗号分隔。</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="134"/>
        <source>Text (*.txt);;All files (*)</source>
        <translation>文本 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="135"/>
        <source>Image data (*idx3-ubyte *idx3-ubyte.gz *.npy *.npz);;All files (*)</source>
        <translation>图像数据 (*idx3-ubyte *idx3-ubyte.gz *.npy *.npz);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="136"/>
        <source>Calibration Data</source>
        <translation>校准数据</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="136"/>
        <source>Evaluation Data</source>
        <translation>评估数据</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="142"/>
        <source>Calibration Data Folder</source>
        <translation>校准数据文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/DataForm.cpp" line="142"/>
        <source>Evaluation Data Folder</source>
        <translation>评估数据文件夹</translation>
    </message>
</context>
<context>
    <name>qb::EvaluationDialog</name>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="43"/>
        <source>Evaluate %1</source>
        <translation>评估 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="46"/>
        <source>Perplexity of the language model on a UTF-8 text, cut into windows that each start with BOS, and a greedy sample.</source>
        <translation>语言模型在 UTF-8 文本上的困惑度（文本切分为若干以 BOS 开头的窗口），并给出一段贪心生成的样例。</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="48"/>
        <source>Top-1 and top-5 accuracy of the classifier on labelled images: MNIST-style IDX files, a folder with one subfolder of PNG/JPEG images per class, or a .npy/.npz file.</source>
        <translation>分类器在带标签图像上的 Top-1 和 Top-5 准确率：MNIST 式 IDX 文件、每个类别一个 PNG/JPEG 图像子文件夹的文件夹，或 .npy/.npz 文件。</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="39"/>
        <source>Windows and sample</source>
        <translation>窗口与样例</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="39"/>
        <source>Preprocessing</source>
        <translation>预处理</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="66"/>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="58"/>
        <location filename="../app/gui/EvaluationDialog.cpp" line="71"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="60"/>
        <source>Evaluate only the first windows of the text (all: the whole text).</source>
        <translation>只评估文本的前若干个窗口（全部：整个文本）。</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="63"/>
        <source>empty: start right after BOS</source>
        <translation>留空：紧接 BOS 开始</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="67"/>
        <source>&amp;Window limit:</source>
        <translation>窗口上限(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="68"/>
        <source>&amp;Prompt:</source>
        <translation>提示词(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="69"/>
        <source>&amp;Sample length:</source>
        <translation>样例长度(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="73"/>
        <source>Evaluate only the first samples (all: the whole dataset).</source>
        <translation>只评估前若干个样本（全部：整个数据集）。</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="74"/>
        <source>L&amp;imit:</source>
        <translation>样本上限(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationDialog.cpp" line="80"/>
        <source>&amp;Evaluate</source>
        <translation>评估(&amp;E)</translation>
    </message>
</context>
<context>
    <name>qb::EvaluationPanel</name>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="58"/>
        <source>No evaluation yet: use Model &gt; Evaluate… (Ctrl+E).</source>
        <translation>尚无评估结果：请使用 模型 &gt; 评估…（Ctrl+E）。</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="70"/>
        <source>Greedy sample</source>
        <translation>贪心生成样例</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="76"/>
        <source>generated text</source>
        <translation>生成的文本</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="89"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="90"/>
        <source>Data:</source>
        <translation>数据：</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="91"/>
        <source>Settings:</source>
        <translation>设置：</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="92"/>
        <source>Top-1:</source>
        <translation>Top-1：</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="93"/>
        <source>Top-5:</source>
        <translation>Top-5：</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="94"/>
        <source>Perplexity:</source>
        <translation>困惑度：</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="95"/>
        <source>Mean NLL:</source>
        <translation>平均 NLL：</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="96"/>
        <location filename="../widgets/EvaluationPanel.cpp" line="181"/>
        <source>Samples:</source>
        <translation>样本数：</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="97"/>
        <source>Time:</source>
        <translation>用时：</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="98"/>
        <source>Throughput:</source>
        <translation>吞吐量：</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Time (s)</source>
        <translation>用时（秒）</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="104"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="116"/>
        <source>Images for classifiers, scored tokens for language models</source>
        <translation>分类器为图像数，语言模型为参与评分的词元数</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="175"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="179"/>
        <source>%1 (%2 of %3)</source>
        <translation>%1（%3 个中的 %2 个）</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="183"/>
        <source>%1 samples/s</source>
        <translation>%1 样本/秒</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="187"/>
        <source>%1 nats/token</source>
        <translation>%1 奈特/词元</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="188"/>
        <source>Tokens:</source>
        <translation>词元数：</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="189"/>
        <source>%1 in %2 windows of %3</source>
        <translation>%1（%2 个窗口，每个 %3）</translation>
    </message>
    <message>
        <location filename="../widgets/EvaluationPanel.cpp" line="191"/>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
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
        <translation>困惑度</translation>
    </message>
</context>
<context>
    <name>qb::EvaluationSettings</name>
    <message numerus="yes">
        <location filename="../app/gui/EvaluationSettings.cpp" line="45"/>
        <source>%n window(s)</source>
        <translation>
            <numerusform>%n 个窗口</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationSettings.cpp" line="45"/>
        <source>all windows</source>
        <translation>全部窗口</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationSettings.cpp" line="46"/>
        <source>context %1, %2</source>
        <translation>上下文 %1，%2</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationSettings.cpp" line="48"/>
        <source>auto layout</source>
        <translation>自动布局</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationSettings.cpp" line="49"/>
        <source>scale %1, mean %2, std %3, %4</source>
        <translation>缩放 %1，均值 %2，标准差 %3，%4</translation>
    </message>
    <message>
        <location filename="../app/gui/EvaluationSettings.cpp" line="50"/>
        <source>limit %1, %2</source>
        <translation>上限 %1，%2</translation>
    </message>
</context>
<context>
    <name>qb::ExportDialog</name>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="40"/>
        <source>GGUF (llama.cpp)</source>
        <translation>GGUF（llama.cpp）</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="41"/>
        <source>ONNX with QuantizeLinear/DequantizeLinear (ONNX Runtime)</source>
        <translation>带 QuantizeLinear/DequantizeLinear 的 ONNX（ONNX Runtime）</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="43"/>
        <source>GPTQ safetensors (transformers, vLLM)</source>
        <translation>GPTQ safetensors（transformers、vLLM）</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="44"/>
        <source>HDF5 archive of codes, scales and the plan</source>
        <translation>包含编码、缩放因子和方案的 HDF5 归档</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="73"/>
        <source>Export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="83"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="89"/>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="90"/>
        <source>&amp;Destination:</source>
        <translation>目标(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="93"/>
        <source>&lt;b&gt;Pre-export check&lt;/b&gt;</source>
        <translation>&lt;b&gt;导出前检查&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="95"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="95"/>
        <source>Planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="95"/>
        <source>Written</source>
        <translation>实际写入</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="95"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="106"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="143"/>
        <source>Checking what %1 can hold…</source>
        <translation>正在检查 %1 能容纳哪些内容…</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="156"/>
        <source>The check was cancelled; choose the format again to rerun it.</source>
        <translation>检查已取消；请重新选择格式以再次运行检查。</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="160"/>
        <source>Checking the export to %1</source>
        <translation>正在检查导出到 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="189"/>
        <source>(model)</source>
        <translation>（模型）</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="189"/>
        <source>refused</source>
        <translation>拒绝</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/ExportDialog.cpp" line="197"/>
        <source>%n problem(s) refuse the export (in red); change the plan or choose another format.</source>
        <translation>
            <numerusform>%n 个问题阻止了导出（红色）；请修改方案或选择其他格式。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="200"/>
        <source>Every layer is written as planned.</source>
        <translation>每一层都按计划写入。</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/ExportDialog.cpp" line="202"/>
        <source>%n layer(s) cannot be written as planned; the table says what is written instead.</source>
        <translation>
            <numerusform>%n 层无法按计划写入；表中列出了实际写入的内容。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="206"/>
        <source>The file will be %1 (%2 bytes).</source>
        <translation>文件大小将为 %1（%2 字节）。</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="226"/>
        <source>%1 (*.%2)</source>
        <translation>%1 (*.%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="227"/>
        <source>Export To</source>
        <translation>导出到</translation>
    </message>
    <message>
        <location filename="../app/gui/ExportDialog.cpp" line="235"/>
        <source>Choose where to write the export.</source>
        <translation>请选择导出文件的位置。</translation>
    </message>
</context>
<context>
    <name>qb::GenerationsView</name>
    <message>
        <location filename="../widgets/GenerationsView.cpp" line="30"/>
        <source>Each run continues the same prompts greedily; highlighted: from the first token that differs from fp32&apos;s.</source>
        <translation>每个运行以贪心方式续写相同的提示；高亮部分：从第一个与 fp32 不同的词元开始。</translation>
    </message>
    <message>
        <location filename="../widgets/GenerationsView.cpp" line="32"/>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../widgets/GenerationsView.cpp" line="36"/>
        <source>differs from token %1 of %2</source>
        <translation>从第 %1 个词元起不同（共 %2 个）</translation>
    </message>
    <message>
        <location filename="../widgets/GenerationsView.cpp" line="37"/>
        <source>same as fp32</source>
        <translation>与 fp32 相同</translation>
    </message>
</context>
<context>
    <name>qb::GraphView</name>
    <message>
        <location filename="../widgets/GraphView.cpp" line="41"/>
        <source>exact</source>
        <translation>精确</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="42"/>
        <source>%1 dB</source>
        <translation>%1 dB</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="120"/>
        <source>Zoom in (+)</source>
        <translation>放大 (+)</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="121"/>
        <source>Zoom out (-)</source>
        <translation>缩小 (-)</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="122"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="122"/>
        <source>Fit the whole graph (0)</source>
        <translation>显示整个图 (0)</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="174"/>
        <source>fused</source>
        <translation>已融合</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="175"/>
        <source>constant</source>
        <translation>常量</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="210"/>
        <source>Output: [%1]</source>
        <translation>输出：[%1]</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="212"/>
        <source>Runs in %1</source>
        <translation>以 %1 运行</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="214"/>
        <source>Layer %1: %2</source>
        <translation>层 %1：%2</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="215"/>
        <source>kept in f32</source>
        <translation>保持 f32</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="216"/>
        <source>Output SQNR against fp32: %1</source>
        <translation>相对 fp32 的输出 SQNR：%1</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="220"/>
        <source>Fused: runs inside the kernel whose output is %1&apos;s</source>
        <translation>已融合：在输出为 %1 之输出的内核中运行</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="222"/>
        <source>Fused into another kernel</source>
        <translation>已融合到另一个内核</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="224"/>
        <source>Computed from constants before the run</source>
        <translation>运行前由常量计算</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/GraphView.cpp" line="334"/>
        <source>Output SQNR against fp32 (%n image(s))</source>
        <translation>
            <numerusform>相对 fp32 的输出 SQNR（%n 张图像）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="335"/>
        <source>Not measured: run Model &gt; Compare with fp32</source>
        <translation>未测量：请运行 模型 &gt; 与 fp32 比较</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="336"/>
        <source>exact, or computed from constants</source>
        <translation>精确，或由常量计算</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="336"/>
        <source>fused: paler colour of the kernel it runs in</source>
        <translation>已融合：所在内核的浅色</translation>
    </message>
    <message>
        <location filename="../widgets/GraphView.cpp" line="337"/>
        <source>runs in int8</source>
        <translation>以 int8 运行</translation>
    </message>
</context>
<context>
    <name>qb::HistogramView</name>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="31"/>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="42"/>
        <source>Logarithmic count axis: shows the rare values in the tails</source>
        <translation>对数计数轴：显示尾部的稀有数值</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="44"/>
        <source>Bins drawn; runs of computed bins are added up</source>
        <translation>绘制的分箱数；相邻的计算分箱会被合并相加</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="45"/>
        <source>Auto bins</source>
        <translation>自动分箱</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="47"/>
        <source>%1 bins</source>
        <translation>%1 个分箱</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="50"/>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="51"/>
        <source>Show the whole histogram (or double-click the plot)</source>
        <translation>显示完整直方图（或双击图表）</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="56"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="57"/>
        <source>count</source>
        <translation>计数</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="81"/>
        <source>Select a tensor to see its histogram</source>
        <translation>选择一个张量以查看其直方图</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="174"/>
        <source>%1 — %2 bins of width %3</source>
        <translation>%1 — %2 个分箱，宽度 %3</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="176"/>
        <source>%1 — %2 bins of width %3 (computed: %4)</source>
        <translation>%1 — %2 个分箱，宽度 %3（计算分箱数：%4）</translation>
    </message>
</context>
<context>
    <name>qb::JobProgressWidget</name>
    <message>
        <location filename="../app/gui/JobProgressWidget.cpp" line="20"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../app/gui/JobProgressWidget.cpp" line="26"/>
        <source>Stop the running job (Esc)</source>
        <translation>停止正在运行的任务（Esc）</translation>
    </message>
    <message>
        <location filename="../app/gui/JobProgressWidget.cpp" line="87"/>
        <source>Cancelling %1…</source>
        <translation>正在取消 %1…</translation>
    </message>
</context>
<context>
    <name>qb::JobStage</name>
    <message>
        <location filename="../app/gui/TensorAnalysis.cpp" line="13"/>
        <source>decoding</source>
        <translation>解码</translation>
    </message>
    <message>
        <location filename="../app/gui/TensorAnalysis.cpp" line="14"/>
        <source>histogram</source>
        <translation>直方图</translation>
    </message>
    <message>
        <location filename="../app/gui/TensorAnalysis.cpp" line="15"/>
        <source>channel ranges</source>
        <translation>通道范围</translation>
    </message>
    <message>
        <location filename="../app/gui/TensorAnalysis.cpp" line="16"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="13"/>
        <source>hashing the model</source>
        <translation>正在计算模型哈希</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="14"/>
        <source>loading data</source>
        <translation>正在加载数据</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="15"/>
        <source>preparing the model</source>
        <translation>正在准备模型</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="16"/>
        <source>tokenizing</source>
        <translation>正在分词</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="18"/>
        <source>batch %1/%2</source>
        <translation>批次 %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="20"/>
        <source>sample %1/%2</source>
        <translation>样本 %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="21"/>
        <source>sample token %1/%2</source>
        <translation>样例词元 %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="22"/>
        <source>fp32 reference</source>
        <translation>fp32 参考</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="23"/>
        <source>layer %1/%2</source>
        <translation>第 %1/%2 层</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="24"/>
        <source>sensitivity done</source>
        <translation>敏感度测量完成</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="25"/>
        <source>latency: f32 pass %1/%2</source>
        <translation>延迟：f32 轮次 %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="26"/>
        <source>latency: int8 pass %1/%2</source>
        <translation>延迟：int8 轮次 %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="27"/>
        <source>latency: layer %1/%2</source>
        <translation>延迟：层 %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="28"/>
        <location filename="../app/gui/JobStages.cpp" line="39"/>
        <source>resuming: %1 of %2 layers already done</source>
        <translation>继续：%2 层中已完成 %1 层</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="19"/>
        <source>window %1/%2</source>
        <translation>窗口 %1/%2</translation>
    </message>
    <message>
        <location filename="../app/gui/JobStages.cpp" line="17"/>
        <source>collecting layer inputs</source>
        <translation>正在收集层输入</translation>
    </message>
</context>
<context>
    <name>qb::KernelTable</name>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="40"/>
        <source>depthwise %1</source>
        <translation>逐通道 %1</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="55"/>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="55"/>
        <source>Op</source>
        <translation>算子</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="55"/>
        <source>fp32 kernel</source>
        <translation>fp32 内核</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="55"/>
        <source>fp32 (ms)</source>
        <translation>fp32（毫秒）</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="55"/>
        <source>Quantized kernel</source>
        <translation>量化内核</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="56"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="56"/>
        <source>Quantized (ms)</source>
        <translation>量化（毫秒）</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="56"/>
        <source>Quantized / fp32</source>
        <translation>量化 / fp32</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="60"/>
        <location filename="../widgets/KernelTable.cpp" line="61"/>
        <source>Fastest of the profiled samples, batch 1</source>
        <translation>所测样本中最快的一次，批大小 1</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="71"/>
        <source>host code</source>
        <translation>主机代码</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="72"/>
        <source>%1 (%2) runs %3 in %4: %5 ms, %6× fp32&apos;s %7 (%8 ms)</source>
        <translation>%1（%2）以 %4 运行 %3：%5 毫秒，是 fp32 的 %7（%8 毫秒）的 %6×</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="78"/>
        <source>; oneDNN has no optimised kernel for it (reference code)</source>
        <translation>；oneDNN 没有针对它的优化内核（参考实现）</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="80"/>
        <source>; oneDNN picks %1 for it in int8, not %2 as in fp32</source>
        <translation>；oneDNN 在 int8 中为它选择 %1，而不是 fp32 中的 %2</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="82"/>
        <source>; the same f32 kernel in both runs</source>
        <translation>；两次运行使用相同的 f32 内核</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="84"/>
        <source>; %1 ms of its mean %2 ms outside the primitive (quantizing the input, reorders)</source>
        <translation>；其平均 %2 毫秒中有 %1 毫秒在原语之外（输入量化、重排）</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="93"/>
        <source>No kernel table: it is measured for graph models run on oneDNN.</source>
        <translation>没有内核表：仅对在 oneDNN 上运行的图模型测量。</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/KernelTable.cpp" line="98"/>
        <source>oneDNN on %1, %n thread(s), batch 1 over %2 samples: fp32 %3 ms, quantized %4 ms per sample (the nodes at their fastest: %5 ms and %6 ms)</source>
        <translation>
            <numerusform>oneDNN 运行于 %1，%n 个线程，批大小 1，共 %2 个样本：每个样本 fp32 %3 毫秒，量化 %4 毫秒（各节点最快一次之和：%5 毫秒和 %6 毫秒）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="108"/>
        <source>No layer is slower quantized than in fp32.</source>
        <translation>没有哪一层在量化后比 fp32 更慢。</translation>
    </message>
    <message>
        <location filename="../widgets/KernelTable.cpp" line="109"/>
        <source>Slower quantized:</source>
        <translation>量化后更慢：</translation>
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
        <translation>正则表达式</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="41"/>
        <source>Filter by name</source>
        <translation>按名称筛选</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="43"/>
        <source>Treat the filter text as a regular expression</source>
        <translation>将筛选文本视为正则表达式</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="148"/>
        <source>Invalid regular expression: %1</source>
        <translation>无效的正则表达式：%1</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="168"/>
        <source>Tensors: %1 · parameters: %2 · size: %3 · quantizable parameters: %4</source>
        <translation>张量：%1 · 参数：%2 · 大小：%3 · 可量化参数：%4</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="170"/>
        <source>Tensors: %1 of %2 · parameters: %3 · size: %4 · quantizable parameters: %5</source>
        <translation>张量：%1 / %2 · 参数：%3 · 大小：%4 · 可量化参数：%5</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="174"/>
        <source> · quantized: %1, %2 bits per weight</source>
        <translation> · 量化后：%1，每个权重 %2 位</translation>
    </message>
</context>
<context>
    <name>qb::LayerOverview</name>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="27"/>
        <source>Red columns: outlier-heavy, max(|min|, |max|) above %1 × |p99.9|</source>
        <translation>红色列：离群值较多，max(|min|, |max|) 超过 %1 × |p99.9|</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="127"/>
        <source>Calibrate the model (Model &gt; Calibrate…) or open a project to see all layers</source>
        <translation>校准模型（模型 &gt; 校准…）或打开项目以查看所有层</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="154"/>
        <source>Weights: min/max whiskers, p99.9 bar</source>
        <translation>权重：最小/最大须线，p99.9 条</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="154"/>
        <source>Input activations: min/max whiskers, p99.9 bar</source>
        <translation>输入激活：最小/最大须线，p99.9 条</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="208"/>
        <source>%1: min %2, max %3, p99.9 %4, max/p99.9 %5%6</source>
        <translation>%1：最小 %2，最大 %3，p99.9 %4，最大/p99.9 %5%6</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="210"/>
        <source> (outlier-heavy)</source>
        <translation>（离群值较多）</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="212"/>
        <source>%1, layer %2</source>
        <translation>%1，第 %2 层</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="215"/>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../widgets/LayerOverview.cpp" line="215"/>
        <source>input</source>
        <translation>输入</translation>
    </message>
</context>
<context>
    <name>qb::LayerTableModel</name>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="72"/>
        <source>Output channels along axis %1</source>
        <translation>输出通道位于轴 %1</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="88"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="92"/>
        <source>f32 (kept)</source>
        <translation>f32（保留）</translation>
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
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="129"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="130"/>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="131"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="132"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="133"/>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="134"/>
        <source>Quantizable</source>
        <translation>可量化</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="135"/>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="136"/>
        <source>Quantized bytes</source>
        <translation>量化后字节数</translation>
    </message>
</context>
<context>
    <name>qb::LibraryVersions</name>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="51"/>
        <source>qVersion(); built against %1</source>
        <translation>qVersion()；构建时使用 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="55"/>
        <source>linked statically: the header&apos;s version</source>
        <translation>静态链接：头文件中的版本</translation>
    </message>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="56"/>
        <source>the loaded libQCustomPlot</source>
        <translation>已加载的 libQCustomPlot</translation>
    </message>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="61"/>
        <source>ISA %1</source>
        <translation>指令集 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="66"/>
        <source>H5get_libversion()</source>
        <translation>H5get_libversion()</translation>
    </message>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="70"/>
        <source>header-only: the version compiled in</source>
        <translation>仅头文件：编译时的版本</translation>
    </message>
    <message>
        <location filename="../app/gui/LibraryVersions.cpp" line="77"/>
        <source>opsets up to %1 (libonnx&apos;s operator registry)</source>
        <translation>opset 最高 %1（libonnx 的算子注册表）</translation>
    </message>
</context>
<context>
    <name>qb::MainWindow</name>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="26"/>
        <source>Opening %1 was cancelled</source>
        <translation>已取消打开 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="38"/>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="39"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="59"/>
        <source>Evaluation on %1 was cancelled</source>
        <translation>已取消在 %1 上的评估</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowCalibration.cpp" line="54"/>
        <source>Calibration was cancelled; nothing was kept</source>
        <translation>校准已取消；未保留任何结果</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="83"/>
        <source>Quantization failed: %1</source>
        <translation>量化失败：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="84"/>
        <source>Quantization failed</source>
        <translation>量化失败</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="83"/>
        <location filename="../app/gui/MainWindowRetranslate.cpp" line="21"/>
        <source>Open a model with File &gt; Open or drop it on the window</source>
        <translation>通过“文件 &gt; 打开”或拖放到窗口来打开模型</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="97"/>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="98"/>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="100"/>
        <source>Histogram</source>
        <translation>直方图</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="102"/>
        <source>Channel Ranges</source>
        <translation>通道范围</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="104"/>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="105"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="106"/>
        <source>Clip Ranges</source>
        <translation>截断范围</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="108"/>
        <source>Layer Overview</source>
        <translation>层概览</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="135"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="136"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="138"/>
        <source>Open an ONNX, GGUF, safetensors, llama2.c or Keras model</source>
        <translation>打开 ONNX、GGUF、safetensors、llama2.c 或 Keras 模型</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="139"/>
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="141"/>
        <source>Open a folder holding a safetensors checkpoint</source>
        <translation>打开包含 safetensors 检查点的文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="142"/>
        <source>Open &amp;Project…</source>
        <translation>打开项目(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="143"/>
        <source>Open a calibration project (.qbproj) and its model</source>
        <translation>打开校准项目（.qbproj）及其模型</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="144"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="148"/>
        <source>&amp;Save Project</source>
        <translation>保存项目(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="150"/>
        <source>Save the calibration as a project (.qbproj)</source>
        <translation>将校准结果保存为项目（.qbproj）</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="152"/>
        <source>Save Project &amp;As…</source>
        <translation>项目另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="155"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="157"/>
        <source>Write the quantized model as GGUF, ONNX QDQ, GPTQ safetensors or HDF5</source>
        <translation>将量化模型写为 GGUF、ONNX QDQ、GPTQ safetensors 或 HDF5</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="160"/>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="163"/>
        <source>Language, theme, worker threads, calibration samples and default folders</source>
        <translation>语言、主题、工作线程、校准样本数和默认文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="165"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="169"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="170"/>
        <source>&amp;Evaluate…</source>
        <translation>评估(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="172"/>
        <source>Measure accuracy or perplexity of the open model on a dataset</source>
        <translation>在数据集上测量当前模型的准确率或困惑度</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="174"/>
        <source>&amp;Calibrate…</source>
        <translation>校准(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="176"/>
        <source>Run calibration samples through the model and show where to clip each layer</source>
        <translation>用校准样本运行模型，并显示每层的截断位置</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="178"/>
        <source>&amp;Quantize…</source>
        <translation>量化(&amp;Q)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="180"/>
        <source>Quantize every layer&apos;s weights by uniform settings or a plan file</source>
        <translation>按统一设置或计划文件量化每一层的权重</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="188"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="193"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="194"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="200"/>
        <source>&amp;About QuantBench</source>
        <translation>关于 QuantBench(&amp;A)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="201"/>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="207"/>
        <source>Models (*.onnx *.gguf *.safetensors *.bin *.h5)</source>
        <translation>模型 (*.onnx *.gguf *.safetensors *.bin *.h5)</translation>
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
        <translation>llama2.c 检查点 (*.bin)</translation>
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
        <translation>QuantBench 项目 (*.qbproj)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="214"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="216"/>
        <source>Open Model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="227"/>
        <source>Open safetensors Folder</source>
        <translation>打开 safetensors 文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="237"/>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="238"/>
        <source>QuantBench projects (*.qbproj);;All files (*)</source>
        <translation>QuantBench 项目 (*.qbproj);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="20"/>
        <location filename="../app/gui/MainWindowOpen.cpp" line="29"/>
        <source>Opening %1</source>
        <translation>正在打开 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="301"/>
        <source>Select a tensor to see its histogram</source>
        <translation>选择一个张量以查看其直方图</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="302"/>
        <source>Select a tensor to see its per-channel ranges</source>
        <translation>选择一个张量以查看其逐通道范围</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="42"/>
        <source>Opened %1 in %2 ms: %3 tensors, %4 parameters</source>
        <translation>已打开 %1，用时 %2 毫秒：%3 个张量，%4 个参数</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="45"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="63"/>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="64"/>
        <source>Cannot open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="67"/>
        <source>Cannot Open Project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowOpen.cpp" line="68"/>
        <source>Cannot open the project %1.</source>
        <translation>无法打开项目 %1。</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/MainWindowCalibration.cpp" line="46"/>
        <source>Calibrating %1 on %2 (%n sample(s))</source>
        <translation>
            <numerusform>正在用 %2 校准 %1（%n 个样本）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowCalibration.cpp" line="57"/>
        <source>Calibrating %1</source>
        <translation>正在校准 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowCalibration.cpp" line="63"/>
        <source>Calibrated %1 layers on %2 samples in %3 ms</source>
        <translation>已用 %2 个样本在 %3 毫秒内校准 %1 层</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowCalibration.cpp" line="68"/>
        <source>Calibrated: File &gt; Save Project keeps the result</source>
        <translation>已校准：文件 &gt; 保存项目 可保留结果</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="34"/>
        <source>Quantizing %1: %2, method %3</source>
        <translation>正在量化 %1：%2，方法 %3</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="37"/>
        <source>Quantizing %1 by the plan %2</source>
        <translation>正在按计划 %2 量化 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="56"/>
        <source>Quantizing %1 by the edited plan</source>
        <translation>正在按编辑的计划量化 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="76"/>
        <source>Quantizing %1 by the edited plan, then evaluating it</source>
        <translation>正在按编辑后的方案量化 %1，然后进行评估</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="96"/>
        <source>Quantized %1 layers into %2 (%3 bytes) in %4 ms; open it with File &gt; Open Project</source>
        <translation>已将 %1 层量化到 %2（%3 字节），用时 %4 毫秒；请用“文件 &gt; 打开项目”打开</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="98"/>
        <source>Quantized into %1</source>
        <translation>已量化到 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="103"/>
        <source>Quantization was cancelled; nothing was written to %1. Quantizing into it again with the same settings continues where it stopped</source>
        <translation>量化已取消；未向 %1 写入任何内容。以相同设置再次量化到该文件将从中断处继续</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="107"/>
        <source>Quantizing %1 into %2</source>
        <translation>正在将 %1 量化到 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="122"/>
        <source>Quantization was cancelled; the project is as it was. Quantizing again with the same settings continues where it stopped</source>
        <translation>量化已取消；项目保持原样。使用相同设置再次量化将从中断处继续</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="126"/>
        <source>Quantizing %1</source>
        <translation>正在量化 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="137"/>
        <source>Quantized %1 layers (%2) in %3 ms: %4 bits per weight, %5 bytes of quantized weights</source>
        <translation>已在 %3 毫秒内量化 %1 层（%2）：每个权重 %4 位，量化权重共 %5 字节</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="141"/>
        <source>Quantized again only the layers whose plan entry changed: %1 of %2; the other %3 were kept</source>
        <translation>仅重新量化了计划条目有变化的层：%2 层中的 %1 层；其余 %3 层保持不变</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="145"/>
        <source>Continued the interrupted quantization: %1 layers came from its journal</source>
        <translation>已继续被中断的量化：%1 层来自其日志</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowQuantization.cpp" line="149"/>
        <source>Quantized: File &gt; Save Project keeps the result</source>
        <translation>已量化：文件 &gt; 保存项目 可保留结果</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowCalibration.cpp" line="50"/>
        <source>Calibration failed: %1</source>
        <translation>校准失败：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowCalibration.cpp" line="51"/>
        <source>Calibration failed</source>
        <translation>校准失败</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="283"/>
        <source>Save Project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="44"/>
        <source>Cannot Save Project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="35"/>
        <source>Saved the project to %1</source>
        <translation>项目已保存到 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="36"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="62"/>
        <source>The new project</source>
        <translation>新项目</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="63"/>
        <source>%1 has changes that are not saved.</source>
        <translation>%1 有尚未保存的更改。</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="64"/>
        <source>The plan has edits that are not saved. A plan is saved with a project (calibrate or quantize first) or by Plan &gt; Export Plan.</source>
        <translation>计划有尚未保存的编辑。计划随项目一起保存（请先校准或量化），或通过“计划 &gt; 导出计划”保存。</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="66"/>
        <source>Unsaved Changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="68"/>
        <source>Save them before closing?</source>
        <translation>关闭前保存吗？</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="68"/>
        <source>Close and lose them?</source>
        <translation>关闭并丢弃它们吗？</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSave.cpp" line="70"/>
        <source>Close Without Saving</source>
        <translation>不保存并关闭</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="16"/>
        <source>Computing the histogram of %1…</source>
        <translation>正在计算 %1 的直方图…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="17"/>
        <source>Computing the channel ranges of %1…</source>
        <translation>正在计算 %1 的通道范围…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="43"/>
        <source>Analysing %1</source>
        <translation>正在分析 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="25"/>
        <source>%1 is a scalar: it has no channels</source>
        <translation>%1 是标量：没有通道</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="27"/>
        <source>Analysed %1 in %2 ms</source>
        <translation>已分析 %1，用时 %2 毫秒</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="32"/>
        <source>No histogram: %1</source>
        <translation>无直方图：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAnalysis.cpp" line="33"/>
        <source>No channel ranges: %1</source>
        <translation>无通道范围：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="41"/>
        <source>Evaluating %1 on %2 (%3)</source>
        <translation>正在 %2 上评估 %1（%3）</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="47"/>
        <source>The quantized project may score low: %1</source>
        <translation>量化项目的得分可能偏低：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="62"/>
        <source>Evaluating %1</source>
        <translation>正在评估 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="74"/>
        <source>%1 on %2</source>
        <translation>%1（数据集 %2）</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="78"/>
        <source>Evaluated %1: top-1 %2 %, top-5 %3 % on %4 samples in %5 ms</source>
        <translation>已评估 %1：Top-1 %2 %，Top-5 %3 %，共 %4 个样本，用时 %5 毫秒</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="83"/>
        <source>Evaluated %1: perplexity %2 on %3 tokens in %4 ms</source>
        <translation>已评估 %1：困惑度 %2，共 %3 个词元，用时 %4 毫秒</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="93"/>
        <source>Evaluated %1</source>
        <translation>已评估 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="54"/>
        <source>Evaluation failed: %1</source>
        <translation>评估失败：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowEvaluation.cpp" line="55"/>
        <source>Evaluation failed</source>
        <translation>评估失败</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="26"/>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="68"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="70"/>
        <location filename="../app/gui/MainWindowRetranslate.cpp" line="33"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="72"/>
        <source>Undo the last edit of the plan</source>
        <translation>撤销对计划的最后一次编辑</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="73"/>
        <location filename="../app/gui/MainWindowRetranslate.cpp" line="34"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="75"/>
        <source>Redo the plan edit undone last</source>
        <translation>重做最后撤销的计划编辑</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="81"/>
        <source>&amp;Plan</source>
        <translation>计划(&amp;P)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="82"/>
        <source>&amp;Import Plan…</source>
        <translation>导入计划(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="84"/>
        <source>Read a plan JSON file into the plan editor</source>
        <translation>将计划 JSON 文件读入计划编辑器</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="85"/>
        <source>&amp;Export Plan…</source>
        <translation>导出计划(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="87"/>
        <source>Write the edited plan as a plan JSON file for the CLI or a later import</source>
        <translation>将编辑的计划写成计划 JSON 文件，供命令行或以后导入使用</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="89"/>
        <source>&amp;Quantize with This Plan</source>
        <translation>按此计划量化(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="92"/>
        <source>Quantize the open model by the edited plan</source>
        <translation>按编辑的计划量化已打开的模型</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="94"/>
        <source>Quantize and E&amp;valuate</source>
        <translation>量化并评估(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="97"/>
        <source>Quantize again the layers whose plan entry changed, then evaluate fp32 against the result</source>
        <translation>重新量化方案条目已更改的层，然后将 fp32 与结果对比评估</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="124"/>
        <source>Import Plan</source>
        <translation>导入计划</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="125"/>
        <source>Plans (*.json);;All files (*)</source>
        <translation>计划 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="133"/>
        <source>Export Plan</source>
        <translation>导出计划</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="134"/>
        <source>Plans (*.json)</source>
        <translation>计划 (*.json)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="147"/>
        <source>Cannot import the plan: %1</source>
        <translation>无法导入计划：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="148"/>
        <source>Cannot import the plan</source>
        <translation>无法导入计划</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="152"/>
        <source>Import %1</source>
        <translation>导入 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="154"/>
        <source>Plan %1: %2</source>
        <translation>计划 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="156"/>
        <location filename="../app/gui/MainWindowPlan.cpp" line="157"/>
        <source>Imported the plan %1</source>
        <translation>已导入计划 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="160"/>
        <source>Imported the plan %1 with problems (%2), listed in the log</source>
        <translation>已导入计划 %1，但有问题（%2 个），详见日志</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="171"/>
        <source>Cannot export the plan: %1</source>
        <translation>无法导出计划：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="172"/>
        <source>Cannot export the plan</source>
        <translation>无法导出计划</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlan.cpp" line="177"/>
        <location filename="../app/gui/MainWindowPlan.cpp" line="178"/>
        <source>Exported the plan to %1</source>
        <translation>已将计划导出到 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="37"/>
        <source>Exporting %1 as %2 to %3</source>
        <translation>正在将 %1 以 %2 格式导出到 %3</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="40"/>
        <source>Exported %1 layers to %2 in %3 ms: %4 bytes, %5 layer(s) written otherwise than planned</source>
        <translation>已在 %3 毫秒内将 %1 层导出到 %2：%4 字节，%5 层未按计划写入</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="43"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="48"/>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="50"/>
        <source>Cannot Export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="56"/>
        <source>Export was cancelled; nothing was written</source>
        <translation>导出已取消；未写入任何内容</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowExport.cpp" line="58"/>
        <source>Exporting %1</source>
        <translation>正在导出 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="22"/>
        <source>Sensitivity needs a calibrated project: calibrate the model first (Model &gt; Calibrate…). The table is stored in the project, and its proxies weigh each layer&apos;s error by the calibrated inputs.</source>
        <translation>敏感度需要已校准的项目：请先校准模型（模型 &gt; 校准…）。结果表保存在项目中，其代理指标按校准得到的输入对每层的误差加权。</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="32"/>
        <source>&amp;Sensitivity…</source>
        <translation>敏感度(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="34"/>
        <source>Measure how much quantizing each layer alone changes the model&apos;s outputs</source>
        <translation>测量单独量化每一层对模型输出的影响程度</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="38"/>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="70"/>
        <source>Sensitivity</source>
        <translation>敏感度</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="101"/>
        <source>Sensitivity was not measured</source>
        <translation>未测量敏感度</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="115"/>
        <source>Sensitivity: %1</source>
        <translation>敏感度：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="118"/>
        <source>Measuring the sensitivity of %1 on %2 (%n sample(s), %3)</source>
        <translation>
            <numerusform>正在 %2 上测量 %1 的敏感度（%n 个样本，%3）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="125"/>
        <source>Sensitivity failed: %1</source>
        <translation>敏感度测量失败：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="126"/>
        <source>Sensitivity failed</source>
        <translation>敏感度测量失败</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="129"/>
        <source>Sensitivity was cancelled; the project is unchanged</source>
        <translation>敏感度测量已取消；项目未改变</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="132"/>
        <source>Measuring the sensitivity of %1</source>
        <translation>正在测量 %1 的敏感度</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="142"/>
        <source>The project changed while the sensitivity was measured; the result was dropped</source>
        <translation>测量敏感度期间项目已改变；结果已丢弃</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="147"/>
        <source>Measured %1 layer and scheme pairs in %2 ms</source>
        <translation>已在 %2 毫秒内测量 %1 个层与方案组合</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowSensitivity.cpp" line="152"/>
        <source>Sensitivity measured: File &gt; Save Project keeps it</source>
        <translation>敏感度已测量：文件 &gt; 保存项目 可保留结果</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="16"/>
        <source>C&amp;ompare with fp32</source>
        <translation>与 fp32 比较(&amp;O)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="18"/>
        <source>Run fp32 and the quantized project on the evaluation data: drift per run, sample and layer</source>
        <translation>在评估数据上运行 fp32 和量化项目：按运行、样本和层显示偏差</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="21"/>
        <source>Comparison</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="38"/>
        <source>Comparing needs a quantized project</source>
        <translation>比较需要一个已量化的项目</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="43"/>
        <source>Choose the evaluation data first (Model &gt; Evaluate…)</source>
        <translation>请先选择评估数据（模型 &gt; 评估…）</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="47"/>
        <source>Comparing %1 with fp32 on %2</source>
        <translation>正在 %2 上将 %1 与 fp32 比较</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="56"/>
        <source>Compared with fp32 in %1 ms</source>
        <translation>已与 fp32 比较，用时 %1 毫秒</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="59"/>
        <source>Comparison failed: %1</source>
        <translation>比较失败：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="60"/>
        <source>Comparison failed</source>
        <translation>比较失败</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="62"/>
        <source>Comparison was cancelled</source>
        <translation>比较已取消</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowComparison.cpp" line="64"/>
        <source>Comparing %1 with fp32</source>
        <translation>正在将 %1 与 fp32 比较</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="33"/>
        <source>Autosaved the unsaved changes to %1</source>
        <translation>已将未保存的更改自动保存到 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="36"/>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="41"/>
        <source>&amp;Recover Unsaved Work…</source>
        <translation>恢复未保存的工作(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="43"/>
        <source>Open what was autosaved before QuantBench crashed or was killed</source>
        <translation>打开 QuantBench 崩溃或被终止前自动保存的内容</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="55"/>
        <source>There is no unsaved work to recover</source>
        <translation>没有可恢复的未保存工作</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="67"/>
        <source>Nothing to recover: the autosave record cannot be read</source>
        <translation>无可恢复内容：无法读取自动保存记录</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="74"/>
        <source>Recovering unsaved work from %1</source>
        <translation>正在从 %1 恢复未保存的工作</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="84"/>
        <source>Recovered the unsaved work on %1 (%2)</source>
        <translation>已恢复 %1 的未保存工作（%2）</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="85"/>
        <source>Recovered %1: save it to keep the changes</source>
        <translation>已恢复 %1：请保存以保留更改</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowAutosave.cpp" line="90"/>
        <source>Recovering %1</source>
        <translation>正在恢复 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="19"/>
        <source>Measure &amp;Latency</source>
        <translation>测量延迟(&amp;L)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="21"/>
        <source>Time each layer&apos;s kernel in f32 and int8 on this machine, to predict a plan&apos;s latency</source>
        <translation>在本机以 f32 和 int8 计时每一层的内核，用于预测方案的延迟</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="48"/>
        <source>Measuring the latency of each layer of %1</source>
        <translation>正在测量 %1 每一层的延迟</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="54"/>
        <source>Latency failed: %1</source>
        <translation>延迟测量失败：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="55"/>
        <source>Latency was not measured</source>
        <translation>未测量延迟</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="58"/>
        <source>Latency was cancelled; the project is unchanged</source>
        <translation>延迟测量已取消；项目未更改</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="61"/>
        <source>Measuring the latency of %1</source>
        <translation>正在测量 %1 的延迟</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="74"/>
        <source>The project changed while the latency was measured; the result was dropped</source>
        <translation>测量延迟期间项目已更改；结果已丢弃</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="80"/>
        <source>Measured %1 layers in %2 ms: fp32 forward pass %3 ms</source>
        <translation>已在 %2 ms 内测量 %1 层：fp32 前向传播 %3 ms</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowLatency.cpp" line="83"/>
        <source>Latency measured: File &gt; Save Project keeps it</source>
        <translation>延迟已测量：文件 &gt; 保存项目 可保留它</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowGraph.cpp" line="18"/>
        <source>Graph</source>
        <translation>图</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowGraph.cpp" line="49"/>
        <source>Graph: %1</source>
        <translation>图：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlanner.cpp" line="31"/>
        <source>Automatic Plan</source>
        <translation>自动方案</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlanner.cpp" line="42"/>
        <source>Automatic plan at %1 bits per weight</source>
        <translation>%1 位/权重的自动方案</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlanner.cpp" line="43"/>
        <source>Automatic plan: %1 bits per weight, predicted KL %2, loaded into the plan editor</source>
        <translation>自动方案：%1 位/权重，预测 KL %2，已载入方案编辑器</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindowPlanner.cpp" line="45"/>
        <source>Automatic plan at %1 bits per weight loaded into the plan editor (Undo restores the previous plan)</source>
        <translation>%1 位/权重的自动方案已载入方案编辑器（撤销可恢复之前的方案）</translation>
    </message>
</context>
<context>
    <name>qb::MemoryIndicator</name>
    <message>
        <location filename="../widgets/MemoryIndicator.cpp" line="29"/>
        <source>Memory this program holds in RAM now, and the most it has held since it started. Models are read from disk layer by layer, so this stays far below a large model&apos;s size.</source>
        <translation>本程序当前占用的内存及启动以来的峰值。模型逐层从磁盘读取，因此该值远小于大型模型的大小。</translation>
    </message>
    <message>
        <location filename="../widgets/MemoryIndicator.cpp" line="38"/>
        <source>Memory %1 (peak %2)</source>
        <translation>内存 %1（峰值 %2）</translation>
    </message>
</context>
<context>
    <name>qb::ModelSummaryView</name>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="46"/>
        <source>Property</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="46"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="54"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="55"/>
        <source>Architecture:</source>
        <translation>架构：</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="56"/>
        <source>Path:</source>
        <translation>路径：</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="57"/>
        <source>Contents:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="86"/>
        <source>%1 tensors, %2 parameters, %3 graph nodes</source>
        <translation>%1 个张量，%2 个参数，%3 个图节点</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="97"/>
        <source>no model open</source>
        <translation>未打开模型</translation>
    </message>
</context>
<context>
    <name>qb::PlanDocument</name>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="32"/>
        <source>%1 and %2 more</source>
        <translation>%1 等另外 %2 个</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="197"/>
        <location filename="../widgets/PlanDocument.cpp" line="281"/>
        <location filename="../widgets/PlanDocument.cpp" line="303"/>
        <source>No model is open</source>
        <translation>没有打开的模型</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="214"/>
        <source>%1: rows of %2 weights do not split into groups of %3 for %4 (it would fall back to %5)</source>
        <translation>%1：每行 %2 个权重，无法按 %4 所需的每组 %3 个划分（将回退为 %5）</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="226"/>
        <source>%1: a less specific entry sets groups of %2, so it would get %3 instead of %4; change the default, or choose the groups in the palette</source>
        <translation>%1：一个更不具体的条目设定了每组 %2 个，因此它会得到 %3 而不是 %4；请修改默认值，或在调色板中选择分组</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="240"/>
        <source>Select a layer first</source>
        <translation>请先选择一层</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="246"/>
        <location filename="../widgets/PlanDocument.cpp" line="287"/>
        <source>%1: no such tensor</source>
        <translation>%1：没有这个张量</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="247"/>
        <location filename="../widgets/PlanDocument.cpp" line="288"/>
        <source>%1 is not quantizable: it stays as it is</source>
        <translation>%1 不可量化：保持原样</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="298"/>
        <source>Set %1 on %2</source>
        <translation>在 %2 上设置 %1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="309"/>
        <source>Set the default to %1</source>
        <translation>将默认值设为 %1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="317"/>
        <source>%1 has the format %2: its blocks fix the scales</source>
        <translation>%1 使用格式 %2：其块决定了缩放因子</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="334"/>
        <source>%1: a less specific entry sets groups of %2; change the default instead</source>
        <translation>%1：一个更不具体的条目设定了每组 %2 个；请改为修改默认值</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="339"/>
        <source>Groups of %1 on %2</source>
        <translation>在 %2 上使用每组 %1 个</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="339"/>
        <source>One scale per channel on %1</source>
        <translation>在 %1 上每通道一个缩放因子</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="352"/>
        <source>%1 has the format %2: its blocks fix the grid</source>
        <translation>%1 使用格式 %2：其块决定了量化网格</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="354"/>
        <source>Symmetric grid on %1</source>
        <translation>在 %1 上使用对称网格</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="354"/>
        <source>Asymmetric grid on %1</source>
        <translation>在 %1 上使用非对称网格</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="361"/>
        <source>%1 needs a language model&apos;s layer inputs</source>
        <translation>%1 需要语言模型的层输入</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="362"/>
        <source>Method %1 on %2</source>
        <translation>在 %2 上使用方法 %1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="371"/>
        <source>Default for %1</source>
        <translation>%1 恢复默认</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="377"/>
        <source>%1: the plan gives it nothing to copy</source>
        <translation>%1：计划没有给它可复制的设置</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="397"/>
        <source>No layer of kind %1 can take %2</source>
        <translation>没有 %1 类的层能使用 %2</translation>
    </message>
    <message>
        <location filename="../widgets/PlanDocument.cpp" line="400"/>
        <source>%1 on every %2</source>
        <translation>在每个 %2 上使用 %1</translation>
    </message>
</context>
<context>
    <name>qb::PlanEditor</name>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="31"/>
        <source>Show &amp;biases and norms</source>
        <translation>显示偏置和归一化权重(&amp;B)</translation>
    </message>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="35"/>
        <source>Also list the tensors no plan touches: biases, norm weights, shapes</source>
        <translation>同时列出计划不涉及的张量：偏置、归一化权重、形状</translation>
    </message>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="38"/>
        <source>Drag a chip onto a layer, a selection or the default; drag the bars below up or down</source>
        <translation>将芯片拖到某层、所选层或默认值上；上下拖动下方的柱条</translation>
    </message>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="40"/>
        <source>Selected layers</source>
        <translation>所选层</translation>
    </message>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="42"/>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="102"/>
        <source>Default: %1</source>
        <translation>默认：%1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanEditor.cpp" line="127"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>qb::PlanInspector</name>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="26"/>
        <source>Back to the &amp;default</source>
        <translation>恢复默认(&amp;D)</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="32"/>
        <source>One scale per output channel</source>
        <translation>每个输出通道一个缩放因子</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="33"/>
        <source>Groups of %1 weights</source>
        <translation>每组 %1 个权重</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="35"/>
        <source>Symmetric</source>
        <translation>对称</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="36"/>
        <source>Asymmetric (zero points)</source>
        <translation>非对称（零点）</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="45"/>
        <source>Drop the layers&apos; own entries: they follow the plan&apos;s default again</source>
        <translation>删除这些层自己的条目：它们重新采用计划的默认值</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="48"/>
        <source>&amp;Scales:</source>
        <translation>缩放(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="49"/>
        <source>&amp;Grid:</source>
        <translation>网格(&amp;G)：</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="50"/>
        <source>&amp;Method:</source>
        <translation>方法(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="62"/>
        <source>Scales changed</source>
        <translation>缩放已更改</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="65"/>
        <source>Grid changed</source>
        <translation>网格已更改</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="67"/>
        <source>Method changed</source>
        <translation>方法已更改</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="72"/>
        <source>Applied to every layer of this kind</source>
        <translation>已应用到此类的所有层</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="73"/>
        <source>Applied; these cannot take it: %1</source>
        <translation>已应用；以下层无法使用：%1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="75"/>
        <source>Back to the default</source>
        <translation>已恢复默认</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="99"/>
        <source>&lt;b&gt;Inspector&lt;/b&gt;: select layers in the list or the chart</source>
        <translation>&lt;b&gt;检查器&lt;/b&gt;：在列表或图表中选择层</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="101"/>
        <source>Apply to every layer of this kind</source>
        <translation>应用到此类的所有层</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="106"/>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2）</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="107"/>
        <source>&lt;b&gt;%1 layers&lt;/b&gt;, first %2</source>
        <translation>&lt;b&gt;%1 层&lt;/b&gt;，第一个为 %2</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="108"/>
        <source>Apply to every %1</source>
        <translation>应用到每个 %1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="109"/>
        <source>Every layer of kind %1 gets this layer&apos;s scheme and method as its own entry</source>
        <translation>每个 %1 类的层都将此层的方案和方法作为自己的条目</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="111"/>
        <source>Now: %1, %2 bits per weight, %3</source>
        <translation>当前：%1，每个权重 %2 位，%3</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="115"/>
        <source>The plan has problems: fix or import another</source>
        <translation>计划有问题：请修正或导入另一个</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="120"/>
        <source>The format fixes scales and grid; drop an INT chip to choose them</source>
        <translation>该格式决定了缩放和网格；拖放一个 INT 芯片即可自行选择</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="134"/>
        <source>The rows do not split into groups of %1</source>
        <translation>这些行无法按每组 %1 个划分</translation>
    </message>
    <message>
        <location filename="../widgets/PlanInspector.cpp" line="145"/>
        <source>%1 takes no %2</source>
        <translation>%1 不支持 %2</translation>
    </message>
</context>
<context>
    <name>qb::PlanTableModel</name>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="51"/>
        <source>Its own entry: %1</source>
        <translation>自己的条目：%1</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="52"/>
        <source>From the plan&apos;s default (or a glob)</source>
        <translation>来自计划的默认值（或通配符条目）</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="62"/>
        <source>as stored (%1)</source>
        <translation>按存储（%1）</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="81"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="82"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="83"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="84"/>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="85"/>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="86"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="87"/>
        <source>Bits/weight</source>
        <translation>位/权重</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="88"/>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
</context>
<context>
    <name>qb::PlanTableView</name>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="155"/>
        <source>Not a scheme chip</source>
        <translation>不是方案芯片</translation>
    </message>
    <message>
        <location filename="../widgets/PlanTable.cpp" line="157"/>
        <source>%1 on %2 layers</source>
        <translation>在 %2 层上使用 %1</translation>
    </message>
</context>
<context>
    <name>qb::PlannerView</name>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="36"/>
        <source>Budget:</source>
        <translation>预算：</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="39"/>
        <source>Latency target:</source>
        <translation>延迟目标：</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="41"/>
        <source>Plan</source>
        <translation>规划</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="49"/>
        <source>Bits per weight (quantizable layers)</source>
        <translation>每权重位数（可量化层）</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="50"/>
        <source>Predicted KL (sum over layers), nats</source>
        <translation>预测 KL（各层之和），nats</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="141"/>
        <source>a predicted KL of 0, or below a billionth of the largest, is drawn here</source>
        <translation>预测 KL 为 0 或低于最大值的十亿分之一时画在此处</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="137"/>
        <source>Planned (Pareto curve)</source>
        <translation>规划（帕累托曲线）</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="138"/>
        <source>Uniform schemes</source>
        <translation>统一方案</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="139"/>
        <source>Plan in the editor</source>
        <translation>编辑器中的方案</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="140"/>
        <source>Last automatic plan</source>
        <translation>上一个自动方案</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="86"/>
        <source>Click a point of the curve or a uniform scheme to plan at its size</source>
        <translation>点击曲线上的点或统一方案，按其大小进行规划</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="142"/>
        <source>bits per weight</source>
        <translation>每权重位数</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="143"/>
        <source>MB (whole model)</source>
        <translation>MB（整个模型）</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="96"/>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="97"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="98"/>
        <source>The plan&apos;s predicted latency at most this (Model &gt; Measure Latency first); none: no target</source>
        <translation>方案的预测延迟不超过此值（先执行 模型 &gt; 测量延迟）；无：不设目标</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="100"/>
        <source>Load the plan of least predicted change within the budget into the plan editor</source>
        <translation>将预算内预测变化最小的方案载入方案编辑器</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="188"/>
        <source>The sensitivity table cannot be planned with: %1</source>
        <translation>无法用该敏感度表进行规划：%1</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="149"/>
        <source>Open a model to plan its precision.</source>
        <translation>打开模型以规划其精度。</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="153"/>
        <source>No sensitivity table yet. Model &gt; Sensitivity… measures each layer in each scheme; the planner then finds the plan of least predicted change for any size.</source>
        <translation>尚无敏感度表。模型 &gt; 敏感度… 会测量每层在每种方案下的表现；之后规划器可为任意大小找到预测变化最小的方案。</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="156"/>
        <source>Click a point, or set a budget and press Plan: the plan of least predicted change (summed from the sensitivity table, method %1) loads into the plan editor as one undo step.</source>
        <translation>点击一个点，或设置预算后点击“规划”：预测变化最小的方案（由敏感度表求和，方法 %1）将作为一个可撤销步骤载入方案编辑器。</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="223"/>
        <source> bpw</source>
        <translation> 位/权重</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="228"/>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="305"/>
        <source>No sensitivity table to plan with</source>
        <translation>没有可用于规划的敏感度表</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="307"/>
        <source>A latency target needs the layers&apos; latency measured on this machine (Model &gt; Measure Latency)</source>
        <translation>延迟目标需要在本机测量的各层延迟（模型 &gt; 测量延迟）</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="313"/>
        <source>Planned %1 bits per weight (%2 MB of layers), predicted KL %3</source>
        <translation>已规划 %1 位/权重（层共 %2 MB），预测 KL %3</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="317"/>
        <source>, predicted latency %1 ms</source>
        <translation>，预测延迟 %1 毫秒</translation>
    </message>
    <message>
        <location filename="../widgets/PlannerView.cpp" line="338"/>
        <source>The other tensors alone take %1 MB</source>
        <translation>其余张量本身就占 %1 MB</translation>
    </message>
</context>
<context>
    <name>qb::PlotContextMenu</name>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="43"/>
        <source>Save as &amp;PNG…</source>
        <translation>另存为 PNG(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="43"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="44"/>
        <source>Save as &amp;SVG…</source>
        <translation>另存为 SVG(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="44"/>
        <source>SVG drawings (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="45"/>
        <source>Save as P&amp;DF…</source>
        <translation>另存为 PDF(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="45"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="49"/>
        <location filename="../widgets/PlotContextMenu.cpp" line="53"/>
        <source>Save Plot</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="57"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="65"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="92"/>
        <source>%1: a plot is saved as .png, .svg or .pdf</source>
        <translation>%1：图表只能保存为 .png、.svg 或 .pdf</translation>
    </message>
    <message>
        <location filename="../widgets/PlotContextMenu.cpp" line="96"/>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>qb::QuantizeDialog</name>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="45"/>
        <source>&amp;Asymmetric grid (zero points)</source>
        <translation>非对称网格（零点）(&amp;A)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="47"/>
        <source>Also quantize each layer&apos;s &amp;input to 8 bits (W8A8)</source>
        <translation>同时将每层的输入量化为 8 位（W8A8）(&amp;I)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="48"/>
        <source>Act-&amp;order: largest Hessian diagonal first</source>
        <translation>激活顺序：Hessian 对角线最大者优先(&amp;O)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="58"/>
        <source>Quantize %1</source>
        <translation>量化 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="60"/>
        <source>Every layer</source>
        <translation>所有层</translation>
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
        <translation>每个输出通道一个缩放因子</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="72"/>
        <source>Groups of %1 weights</source>
        <translation>每组 %1 个权重</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="30"/>
        <source>RTN with MSE clipping</source>
        <translation>RTN（MSE 截断）</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="31"/>
        <source>GPTQ (Hessian error feedback)</source>
        <translation>GPTQ（Hessian 误差反馈）</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="32"/>
        <source>AWQ (activation-aware scales)</source>
        <translation>AWQ（激活感知缩放）</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="33"/>
        <source>SmoothQuant (W8A8, outliers into weights)</source>
        <translation>SmoothQuant（W8A8，离群值迁移到权重）</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="53"/>
        <source>&amp;Write straight to a project file (for models whose result does not fit in memory)</source>
        <translation>直接写入项目文件(&amp;W)（用于结果无法放入内存的模型）</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="86"/>
        <source>Text windows of the calibration data that GPTQ, AWQ and SmoothQuant collect inputs on.</source>
        <translation>GPTQ、AWQ 和 SmoothQuant 用于收集输入的校准数据文本窗口数。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="87"/>
        <source>&amp;Weights:</source>
        <translation>权重(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="88"/>
        <source>&amp;Scales:</source>
        <translation>缩放(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="90"/>
        <source>&amp;Method:</source>
        <translation>方法(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="92"/>
        <source>GPTQ quantizes the columns whose inputs carry the most energy first.</source>
        <translation>GPTQ 优先量化输入能量最大的列。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="97"/>
        <source>SmoothQuant: how much of the activations&apos; outliers moves into the weights.</source>
        <translation>SmoothQuant：激活离群值迁移到权重中的比例。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="99"/>
        <source>Migration &amp;alpha:</source>
        <translation>迁移强度 alpha(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="100"/>
        <source>Input &amp;windows:</source>
        <translation>输入窗口(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="104"/>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="105"/>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="106"/>
        <source>Memory for one decoder block and the calibration activations of GPTQ, AWQ and SmoothQuant. Activations beyond it go through a temporary file; the result is the same.</source>
        <translation>GPTQ、AWQ 和 SmoothQuant 用于一个解码器块及校准激活的内存。超出部分的激活经由临时文件处理；结果相同。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="108"/>
        <source>Memory &amp;budget:</source>
        <translation>内存预算(&amp;B):</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="111"/>
        <source>Or a plan file (per-layer entries by name or glob)</source>
        <translation>或使用计划文件（按名称或通配符逐层设置）</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="114"/>
        <source>plan.json (optional: replaces the settings above)</source>
        <translation>plan.json（可选：替代上面的设置）</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="116"/>
        <location filename="../app/gui/QuantizeDialog.cpp" line="134"/>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="118"/>
        <source>Choose a Plan</source>
        <translation>选择计划</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="118"/>
        <source>Plans (*.json)</source>
        <translation>计划 (*.json)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="125"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="128"/>
        <source>Each layer goes into the file as it is quantized, and an interrupted run continues from it. The open project stays as it is; open the file with File &gt; Open Project.</source>
        <translation>每层量化完成后即写入文件，中断的运行可从中继续。打开的项目保持不变；请用“文件 &gt; 打开项目”打开该文件。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="136"/>
        <source>Quantize Into</source>
        <translation>量化到</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="136"/>
        <source>QuantBench projects (*.qbproj)</source>
        <translation>QuantBench 项目 (*.qbproj)</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="198"/>
        <source>The plan file %1 does not exist.</source>
        <translation>计划文件 %1 不存在。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="205"/>
        <source>%1 works on the integer grids; a GGML block format takes %2.</source>
        <translation>%1 只用于整数网格；GGML 块格式请使用 %2。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="210"/>
        <source>Name the project file to write.</source>
        <translation>请指定要写入的项目文件。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="211"/>
        <source>The folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="213"/>
        <source>The result cannot overwrite the model it is made from.</source>
        <translation>结果不能覆盖生成它的模型。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="217"/>
        <source>%1 needs calibration data: run Model &gt; Calibrate first.</source>
        <translation>%1 需要校准数据：请先运行 模型 &gt; 校准。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="218"/>
        <source>8-bit activations</source>
        <translation>8 位激活</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="240"/>
        <source>%1 bits per weight in blocks of %2 (rows that are no whole blocks stay f16).</source>
        <translation>每个权重 %1 位，每块 %2 个权重（不成整块的行保持 f16）。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="246"/>
        <source>The plan decides every layer&apos;s scheme; layers it leaves out stay f32.</source>
        <translation>由计划决定每层的方案；未列出的层保持 f32。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="247"/>
        <source>About %1 bits per weight (rows that are no whole groups fall back to one scale per row).</source>
        <translation>每个权重约 %1 位（不能整组划分的行改为每行一个缩放因子）。</translation>
    </message>
    <message>
        <location filename="../app/gui/QuantizeDialog.cpp" line="249"/>
        <source>%1 bits per weight plus one fp16 scale per output channel.</source>
        <translation>每个权重 %1 位，外加每个输出通道一个 fp16 缩放因子。</translation>
    </message>
</context>
<context>
    <name>qb::RecentFiles</name>
    <message>
        <location filename="../app/gui/RecentFiles.cpp" line="48"/>
        <source>&amp;Clear Menu</source>
        <translation>清空菜单(&amp;C)</translation>
    </message>
</context>
<context>
    <name>qb::RecoveryDialog</name>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="17"/>
        <source>Recover Unsaved Work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="18"/>
        <source>QuantBench did not close normally. These projects had changes that were autosaved but not saved:</source>
        <translation>QuantBench 未正常关闭。以下项目有已自动保存但未保存的更改：</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="25"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="25"/>
        <source>Autosaved</source>
        <translation>自动保存时间</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="25"/>
        <source>Changes</source>
        <translation>更改</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="28"/>
        <source>%1 (never saved)</source>
        <translation>%1（从未保存）</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="41"/>
        <source>&amp;Recover</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="43"/>
        <source>Open the autosave as an unsaved project; Save writes the original file</source>
        <translation>将自动保存作为未保存的项目打开；保存时写入原文件</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="44"/>
        <source>&amp;Discard</source>
        <translation>丢弃(&amp;D)</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="46"/>
        <source>Delete the autosave</source>
        <translation>删除自动保存</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="47"/>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
    <message>
        <location filename="../app/gui/RecoveryDialog.cpp" line="49"/>
        <source>Keep the autosaves; File &gt; Recover Unsaved Work offers them again</source>
        <translation>保留自动保存；“文件 &gt; 恢复未保存的工作”会再次提供它们</translation>
    </message>
</context>
<context>
    <name>qb::ScreenshotTaker</name>
    <message>
        <location filename="../app/gui/ScreenshotTaker.cpp" line="38"/>
        <source>error: no tensor named %1</source>
        <translation>错误：没有名为 %1 的张量</translation>
    </message>
    <message>
        <location filename="../app/gui/ScreenshotTaker.cpp" line="60"/>
        <source>error: cannot write %1</source>
        <translation>错误：无法写入 %1</translation>
    </message>
</context>
<context>
    <name>qb::SensitivityDialog</name>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="37"/>
        <source>&apos;%1&apos; is not a bit width from %2 to %3.</source>
        <translation>“%1”不是 %2 到 %3 之间的位宽。</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="45"/>
        <source>Give at least one bit width, such as 8,4.</source>
        <translation>请至少给出一个位宽，例如 8,4。</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="53"/>
        <source>Sensitivity of %1</source>
        <translation>%1 的敏感度</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="56"/>
        <source>Windows</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="56"/>
        <source>Preprocessing</source>
        <translation>预处理</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="58"/>
        <source>Quantizes one layer at a time with each candidate scheme and measures how far the model&apos;s outputs move from fp32 (KL divergence), next to proxies computed from the weights and the layer inputs. Takes one model run per layer and scheme.</source>
        <translation>每次用各候选方案只量化一层，并测量模型输出偏离 fp32 的程度（KL 散度），同时给出由权重和层输入计算的代理指标。每个层与方案组合需要运行一次模型。</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="64"/>
        <source>Candidates</source>
        <translation>候选</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="70"/>
        <source>Bit widths to try, comma separated: an integer scheme and the ggml types of each.</source>
        <translation>要尝试的位宽，以逗号分隔：每个位宽对应一个整数方案及其 ggml 类型。</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="72"/>
        <source>Round to nearest (rtn)</source>
        <translation>就近舍入 (rtn)</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="74"/>
        <source>GPTQ (slower)</source>
        <translation>GPTQ（较慢）</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="79"/>
        <source>Text windows every measurement runs.</source>
        <translation>每次测量运行的文本窗口数。</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="79"/>
        <source>Images every measurement runs.</source>
        <translation>每次测量运行的图像数。</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="80"/>
        <source>&amp;Bits:</source>
        <translation>位宽(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="81"/>
        <source>&amp;Method:</source>
        <translation>方法(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="82"/>
        <source>&amp;Windows:</source>
        <translation>窗口(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="82"/>
        <source>&amp;Images:</source>
        <translation>图像(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="87"/>
        <source>Text windows GPTQ collects each layer&apos;s inputs on: the ones Quantize chooses with as many input windows, so each entry measures the layer Quantize gives.</source>
        <translation>GPTQ 收集每层输入所用的文本窗口：与“量化”在相同输入窗口数下选择的窗口相同，因此每个条目衡量的正是“量化”得到的层。</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="89"/>
        <source>GPTQ input w&amp;indows:</source>
        <translation>GPTQ 输入窗口(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../app/gui/SensitivityDialog.cpp" line="101"/>
        <source>&amp;Measure</source>
        <translation>测量(&amp;M)</translation>
    </message>
</context>
<context>
    <name>qb::SensitivityView</name>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="78"/>
        <source>No sensitivity measured. Model &gt; Sensitivity… quantizes one layer at a time and measures how far the outputs move from fp32.</source>
        <translation>尚未测量敏感度。模型 &gt; 敏感度… 每次量化一层，并测量输出偏离 fp32 的程度。</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="89"/>
        <source>KL(fp32 ‖ quantized), nats</source>
        <translation>KL(fp32 ‖ 量化后)，奈特</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="90"/>
        <source>Layer (execution order)</source>
        <translation>层（执行顺序）</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="107"/>
        <source>KL of 0 (or below the floor) is drawn here</source>
        <translation>KL 为 0（或低于下限）时画在此处</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="299"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="299"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="299"/>
        <source>Worst scheme</source>
        <translation>最差方案</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="299"/>
        <source>Worst KL</source>
        <translation>最差 KL</translation>
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
        <translation>输出误差</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="301"/>
        <source>Hessian trace</source>
        <translation>Hessian 迹</translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="301"/>
        <source>imatrix error</source>
        <translation>imatrix 误差</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/SensitivityView.cpp" line="335"/>
        <source>Spearman rank correlation with KL over %n measurement(s): SQNR (negated) %1 · output error %2 · Hessian trace %3 · imatrix %4</source>
        <translation>
            <numerusform>与 KL 的 Spearman 秩相关（%n 次测量）：SQNR（取负）%1 · 输出误差 %2 · Hessian 迹 %3 · imatrix %4</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/SensitivityView.cpp" line="368"/>
        <source>%1: KL %2, SQNR %3 dB</source>
        <translation>%1：KL %2，SQNR %3 dB</translation>
    </message>
</context>
<context>
    <name>qb::SettingsDialog</name>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="26"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="29"/>
        <location filename="../app/gui/SettingsDialog.cpp" line="43"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="35"/>
        <source>The language changes at once in menus, panels, tables and dialogs. Texts already drawn in plots, the log and status messages keep their language until they are shown again.</source>
        <translation>菜单、面板、表格和对话框中的语言会立即更改。图表中已绘制的文字、日志和状态消息在再次显示之前保持原语言。</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="44"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="45"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="50"/>
        <source>All cores (%1)</source>
        <translation>全部核心 (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="52"/>
        <source>Threads a calibration, quantization or evaluation uses, in core loops and in oneDNN.</source>
        <translation>校准、量化或评估所用的线程数（核心循环和 oneDNN）。</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="57"/>
        <source>Samples Model &gt; Calibrate starts with: images, or text windows.</source>
        <translation>模型 &gt; 校准 的初始样本数：图像或文本窗口。</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="61"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="62"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="64"/>
        <source>How often a project with unsaved changes is autosaved beside its file (never over it), for recovery after a crash.</source>
        <translation>有未保存更改的项目在其文件旁（从不覆盖该文件）自动保存的频率，用于崩溃后恢复。</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="68"/>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="70"/>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="71"/>
        <source>&amp;Worker threads:</source>
        <translation>工作线程(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="72"/>
        <source>Calibration &amp;samples:</source>
        <translation>校准样本数(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="73"/>
        <source>&amp;Autosave every:</source>
        <translation>自动保存间隔(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="74"/>
        <source>Model Folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="75"/>
        <source>&amp;Model folder:</source>
        <translation>模型文件夹(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="76"/>
        <source>Data Folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="77"/>
        <source>&amp;Data folder:</source>
        <translation>数据文件夹(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="91"/>
        <source>Your home folder</source>
        <translation>您的主文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/SettingsDialog.cpp" line="92"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
<context>
    <name>qb::ShortcutsDialog</name>
    <message>
        <location filename="../app/gui/ShortcutsDialog.cpp" line="34"/>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../app/gui/ShortcutsDialog.cpp" line="36"/>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <location filename="../app/gui/ShortcutsDialog.cpp" line="36"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../app/gui/ShortcutsDialog.cpp" line="36"/>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>qb::StartPage</name>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="24"/>
        <source>Open the &amp;Demo Model</source>
        <translation>打开演示模型(&amp;D)</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="31"/>
        <source>&lt;h2&gt;QuantBench&lt;/h2&gt;&lt;p&gt;Open a neural network to see its weights, calibrate, quantize and evaluate it.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;QuantBench&lt;/h2&gt;&lt;p&gt;打开一个神经网络，查看其权重，并对其进行校准、量化和评估。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="36"/>
        <source>&amp;Open a Model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="39"/>
        <source>Open a &amp;Project…</source>
        <translation>打开项目(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="45"/>
        <source>No demo model is installed (run.sh downloads one).</source>
        <translation>未安装演示模型（run.sh 会下载一个）。</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="46"/>
        <source>PaddleOCR&apos;s text direction classifier: %1</source>
        <translation>PaddleOCR 的文本方向分类器：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="54"/>
        <source>Or drop a model, a project or a plan anywhere on this window.</source>
        <translation>或者将模型、项目或计划拖放到此窗口的任意位置。</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="64"/>
        <source>&lt;b&gt;Recent files&lt;/b&gt;</source>
        <translation>&lt;b&gt;最近的文件&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="90"/>
        <source>%1 (project)</source>
        <translation>%1（项目）</translation>
    </message>
    <message>
        <location filename="../app/gui/StartPage.cpp" line="96"/>
        <source>Nothing opened yet</source>
        <translation>尚未打开任何文件</translation>
    </message>
</context>
<context>
    <name>qb::StatsPanel</name>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="20"/>
        <source>min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="20"/>
        <source>Smallest finite value</source>
        <translation>最小的有限值</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="21"/>
        <source>max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="21"/>
        <source>Largest finite value</source>
        <translation>最大的有限值</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="22"/>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="22"/>
        <source>Mean of the finite values</source>
        <translation>有限值的均值</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="23"/>
        <source>std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="23"/>
        <source>Standard deviation of the finite values</source>
        <translation>有限值的标准差</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="24"/>
        <source>abs-max</source>
        <translation>绝对值最大</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="24"/>
        <source>Largest absolute finite value</source>
        <translation>绝对值最大的有限值</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="25"/>
        <source>kurtosis</source>
        <translation>峰度</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="25"/>
        <source>Excess kurtosis: 0 for a Gaussian, large when a few outliers dominate</source>
        <translation>超额峰度：高斯分布为 0，少数离群值占主导时会很大</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="26"/>
        <source>beyond 6σ</source>
        <translation>超出 6σ</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="26"/>
        <source>Values farther than six standard deviations from the mean</source>
        <translation>与均值相距超过六个标准差的数值个数</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="27"/>
        <source>count</source>
        <translation>计数</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="27"/>
        <source>Number of finite values</source>
        <translation>有限值的个数</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="28"/>
        <source>NaN</source>
        <translation>NaN</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="28"/>
        <source>Number of NaN values</source>
        <translation>NaN 值的个数</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="29"/>
        <source>Inf</source>
        <translation>Inf</translation>
    </message>
    <message>
        <location filename="../widgets/StatsPanel.cpp" line="29"/>
        <source>Number of infinite values</source>
        <translation>无穷值的个数</translation>
    </message>
</context>
<context>
    <name>qb::Workspace</name>
    <message>
        <location filename="../app/gui/Workspace.cpp" line="65"/>
        <source>out of memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../app/gui/Workspace.cpp" line="71"/>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location filename="../app/gui/Workspace.cpp" line="157"/>
        <source>Saving %1</source>
        <translation>正在保存 %1</translation>
    </message>
</context>
</TS>
