<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="41"/>
        <source>Open a neural network and inspect its weights.</source>
        <translation>打开神经网络并检查其权重。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="45"/>
        <source>Model file or safetensors folder to open.</source>
        <translation>要打开的模型文件或 safetensors 文件夹。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="49"/>
        <source>Select the tensor &lt;name&gt; after opening.</source>
        <translation>打开后选中张量 &lt;name&gt;。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="54"/>
        <source>Save a screenshot to &lt;file&gt; when the plots are ready, then quit.</source>
        <translation>图表就绪后将截图保存到 &lt;file&gt;，然后退出。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="64"/>
        <source>Give at most one model.</source>
        <translation>最多只能指定一个模型。</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="66"/>
        <source>--screenshot needs a model.</source>
        <translation>--screenshot 需要指定一个模型。</translation>
    </message>
</context>
<context>
    <name>qb::ChannelRangeView</name>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="25"/>
        <source>output channel</source>
        <translation>输出通道</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="26"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="81"/>
        <source>%1 — min to max of each of %2 channels along axis %3; the largest channel abs-max is %4× the median</source>
        <translation>%1 — 沿轴 %3 的 %2 个通道各自的最小值到最大值；最大的通道绝对值最大值是中位数的 %4 倍</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="85"/>
        <source>%1 — min to max of each of %2 channels along axis %3</source>
        <translation>%1 — 沿轴 %3 的 %2 个通道各自的最小值到最大值</translation>
    </message>
    <message>
        <location filename="../widgets/ChannelRangeView.cpp" line="52"/>
        <source>Select a tensor to see its per-channel ranges</source>
        <translation>选择一个张量以查看其逐通道范围</translation>
    </message>
</context>
<context>
    <name>qb::HistogramView</name>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="30"/>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="41"/>
        <source>Logarithmic count axis: shows the rare values in the tails</source>
        <translation>对数计数轴：显示尾部的稀有数值</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="43"/>
        <source>Bins drawn; runs of computed bins are added up</source>
        <translation>绘制的分箱数；相邻的计算分箱会被合并相加</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="44"/>
        <source>Auto bins</source>
        <translation>自动分箱</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="46"/>
        <source>%1 bins</source>
        <translation>%1 个分箱</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="49"/>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="50"/>
        <source>Show the whole histogram (or double-click the plot)</source>
        <translation>显示完整直方图（或双击图表）</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="55"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="56"/>
        <source>count</source>
        <translation>计数</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="80"/>
        <source>Select a tensor to see its histogram</source>
        <translation>选择一个张量以查看其直方图</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="168"/>
        <source>%1 — %2 bins of width %3</source>
        <translation>%1 — %2 个分箱，宽度 %3</translation>
    </message>
    <message>
        <location filename="../widgets/HistogramView.cpp" line="170"/>
        <source>%1 — %2 bins of width %3 (computed: %4)</source>
        <translation>%1 — %2 个分箱，宽度 %3（计算分箱数：%4）</translation>
    </message>
</context>
<context>
    <name>qb::JobProgressWidget</name>
    <message>
        <location filename="../app/gui/JobProgressWidget.cpp" line="19"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../app/gui/JobProgressWidget.cpp" line="25"/>
        <source>Stop the running job (Esc)</source>
        <translation>停止正在运行的任务（Esc）</translation>
    </message>
    <message>
        <location filename="../app/gui/JobProgressWidget.cpp" line="84"/>
        <source>Cancelling %1…</source>
        <translation>正在取消 %1…</translation>
    </message>
</context>
<context>
    <name>qb::JobRunner</name>
    <message>
        <location filename="../app/gui/JobRunner.cpp" line="52"/>
        <source>out of memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../app/gui/JobRunner.cpp" line="58"/>
        <source>unknown error</source>
        <translation>未知错误</translation>
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
</context>
<context>
    <name>qb::LayerBrowser</name>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="30"/>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="39"/>
        <source>Filter by name</source>
        <translation>按名称筛选</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="41"/>
        <source>Treat the filter text as a regular expression</source>
        <translation>将筛选文本视为正则表达式</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="141"/>
        <source>Invalid regular expression: %1</source>
        <translation>无效的正则表达式：%1</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="156"/>
        <source>Tensors: %1 · parameters: %2 · size: %3 · quantizable parameters: %4</source>
        <translation>张量：%1 · 参数：%2 · 大小：%3 · 可量化参数：%4</translation>
    </message>
    <message>
        <location filename="../widgets/LayerBrowser.cpp" line="159"/>
        <source>Tensors: %1 of %2 · parameters: %3 · size: %4 · quantizable parameters: %5</source>
        <translation>张量：%1 / %2 · 参数：%3 · 大小：%4 · 可量化参数：%5</translation>
    </message>
</context>
<context>
    <name>qb::LayerTableModel</name>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="51"/>
        <source>Output channels along axis %1</source>
        <translation>输出通道位于轴 %1</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="67"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="94"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="95"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="96"/>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="97"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="98"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="99"/>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../widgets/LayerTableModel.cpp" line="100"/>
        <source>Quantizable</source>
        <translation>可量化</translation>
    </message>
</context>
<context>
    <name>qb::MainWindow</name>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="66"/>
        <source>Opening %1 was cancelled</source>
        <translation>已取消打开 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="71"/>
        <location filename="../app/gui/MainWindow.cpp" line="72"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="74"/>
        <source>Open a model with File &gt; Open or drop it on the window</source>
        <translation>通过“文件 &gt; 打开”或拖放到窗口来打开模型</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="81"/>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="82"/>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="84"/>
        <source>Histogram</source>
        <translation>直方图</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="86"/>
        <source>Channel Ranges</source>
        <translation>通道范围</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="87"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="106"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="107"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="109"/>
        <source>Open an ONNX, GGUF, safetensors, llama2.c or Keras model</source>
        <translation>打开 ONNX、GGUF、safetensors、llama2.c 或 Keras 模型</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="110"/>
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="112"/>
        <source>Open a folder holding a safetensors checkpoint</source>
        <translation>打开包含 safetensors 检查点的文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="113"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="117"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="120"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="125"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="126"/>
        <source>&amp;About QuantBench</source>
        <translation>关于 QuantBench(&amp;A)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="127"/>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="133"/>
        <source>Models (*.onnx *.gguf *.safetensors *.bin *.h5)</source>
        <translation>模型 (*.onnx *.gguf *.safetensors *.bin *.h5)</translation>
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
        <translation>llama2.c 检查点 (*.bin)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="138"/>
        <source>Keras HDF5 (*.h5)</source>
        <translation>Keras HDF5 (*.h5)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="139"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="141"/>
        <source>Open Model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="152"/>
        <source>Open safetensors Folder</source>
        <translation>打开 safetensors 文件夹</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="160"/>
        <source>About QuantBench</source>
        <translation>关于 QuantBench</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="161"/>
        <source>&lt;h3&gt;QuantBench %1&lt;/h3&gt;&lt;p&gt;A workbench for quantizing neural networks: open a model, inspect the statistics of every weight tensor and see where quantization will hurt.&lt;/p&gt;&lt;p&gt;Reads ONNX, GGUF, safetensors, llama2.c and Keras HDF5 models.&lt;/p&gt;&lt;p&gt;Built with Qt %2 and QCustomPlot.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;QuantBench %1&lt;/h3&gt;&lt;p&gt;神经网络量化工作台：打开模型，检查每个权重张量的统计信息，找出量化会造成损失的地方。&lt;/p&gt;&lt;p&gt;支持读取 ONNX、GGUF、safetensors、llama2.c 和 Keras HDF5 模型。&lt;/p&gt;&lt;p&gt;基于 Qt %2 和 QCustomPlot 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="174"/>
        <location filename="../app/gui/MainWindow.cpp" line="175"/>
        <source>Opening %1</source>
        <translation>正在打开 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="186"/>
        <source>Select a tensor to see its histogram</source>
        <translation>选择一个张量以查看其直方图</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="187"/>
        <source>Select a tensor to see its per-channel ranges</source>
        <translation>选择一个张量以查看其逐通道范围</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="191"/>
        <source>Opened %1 in %2 ms: %3 tensors, %4 parameters</source>
        <translation>已打开 %1，用时 %2 毫秒：%3 个张量，%4 个参数</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="194"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="207"/>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="208"/>
        <source>Cannot open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="219"/>
        <source>Computing the histogram of %1…</source>
        <translation>正在计算 %1 的直方图…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="220"/>
        <source>Computing the channel ranges of %1…</source>
        <translation>正在计算 %1 的通道范围…</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="222"/>
        <source>Analysing %1</source>
        <translation>正在分析 %1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="234"/>
        <source>%1 is a scalar: it has no channels</source>
        <translation>%1 是标量：没有通道</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="236"/>
        <source>Analysed %1 in %2 ms</source>
        <translation>已分析 %1，用时 %2 毫秒</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="241"/>
        <source>No histogram: %1</source>
        <translation>无直方图：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/MainWindow.cpp" line="242"/>
        <source>No channel ranges: %1</source>
        <translation>无通道范围：%1</translation>
    </message>
</context>
<context>
    <name>qb::ModelSummaryView</name>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="45"/>
        <source>Property</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="45"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="53"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="54"/>
        <source>Architecture:</source>
        <translation>架构：</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="55"/>
        <source>Path:</source>
        <translation>路径：</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="56"/>
        <source>Contents:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="68"/>
        <source>%1 tensors, %2 parameters, %3 graph nodes</source>
        <translation>%1 个张量，%2 个参数，%3 个图节点</translation>
    </message>
    <message>
        <location filename="../widgets/ModelSummaryView.cpp" line="83"/>
        <source>no model open</source>
        <translation>未打开模型</translation>
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
    <name>qb::ScreenshotTaker</name>
    <message>
        <location filename="../app/gui/ScreenshotTaker.cpp" line="29"/>
        <source>error: no tensor named %1</source>
        <translation>错误：没有名为 %1 的张量</translation>
    </message>
    <message>
        <location filename="../app/gui/ScreenshotTaker.cpp" line="44"/>
        <source>error: cannot write %1</source>
        <translation>错误：无法写入 %1</translation>
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
</TS>
