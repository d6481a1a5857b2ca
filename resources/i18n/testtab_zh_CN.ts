<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BatchEvaluationPage</name>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="106"/>
        <source>Validation rows of the data set</source>
        <translation>数据集的验证行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="107"/>
        <source>Rows selected in the editor</source>
        <translation>编辑器中选中的行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="121"/>
        <source>Requests in flight at once. Lower it if the provider rate-limits you.</source>
        <translation>同时进行的请求数。如果服务商限制了请求频率，请调低。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="126"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="128"/>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="129"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="130"/>
        <source>Parallel requests</source>
        <translation>并行请求数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="131"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="134"/>
        <source>Run evaluation</source>
        <translation>开始评估</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="135"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="137"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="138"/>
        <source>Ask only the rows that have no answer yet.</source>
        <translation>只询问还没有回答的行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="139"/>
        <source>Open run…</source>
        <translation>打开运行…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="140"/>
        <source>Save run…</source>
        <translation>保存运行…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="141"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="142"/>
        <source>Export the table as CSV or Excel (XLSX).</source>
        <translation>将表格导出为 CSV 或 Excel（XLSX）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="144"/>
        <source>%v of %m answers</source>
        <translation>%v / %m 个回答</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="180"/>
        <source>Per model</source>
        <translation>按模型汇总</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="246"/>
        <source>Tick at least one model.</source>
        <translation>请至少勾选一个模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="252"/>
        <source>No rows to evaluate: choose rows that have an expected answer (validation rows, or a selection in the editor).</source>
        <translation>没有可评估的行：请选择带有期望答案的行（验证行，或编辑器中选中的行）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="282"/>
        <source>Asking %1 model(s) about %2 row(s)…</source>
        <translation>正在向 %1 个模型询问 %2 行…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="287"/>
        <source>Running the batch evaluation</source>
        <translation>运行批量评估</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="308"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="323"/>
        <source>Waiting %1 s.</source>
        <translation>等待 %1 秒。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="330"/>
        <source>Done: %1 answers.</source>
        <translation>完成：%1 个回答。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="333"/>
        <source>Cancelled after %1 of %2 answers. Continue asks the rest.</source>
        <translation>已在 %1 / %2 个回答后取消。点击“继续”询问其余的行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="344"/>
        <source>The evaluation stopped: %1</source>
        <translation>评估已停止：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="385"/>
        <source>Saving the evaluation run to %1</source>
        <translation>正在将评估运行保存到 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="397"/>
        <source>Opening the evaluation run %1</source>
        <translation>正在打开评估运行 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="404"/>
        <source>Opened a run of %1 (%2 of %3 answers).</source>
        <translation>已打开 %1 的运行（%2 / %3 个回答）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="413"/>
        <source>Exporting the evaluation to %1</source>
        <translation>正在将评估导出到 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="423"/>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="427"/>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="435"/>
        <source>Open evaluation run</source>
        <translation>打开评估运行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="435"/>
        <location filename="../../desktop/ui/testtab/batch.py" line="446"/>
        <source>Evaluation runs (*.json)</source>
        <translation>评估运行 (*.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="444"/>
        <source>Save evaluation run</source>
        <translation>保存评估运行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="455"/>
        <source>Export evaluation</source>
        <translation>导出评估</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/batch.py" line="457"/>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>ChatSession</name>
    <message>
        <location filename="../../desktop/ui/testtab/session.py" line="118"/>
        <source>Asking %1</source>
        <translation>正在询问 %1</translation>
    </message>
</context>
<context>
    <name>Conversation</name>
    <message>
        <location filename="../../desktop/ui/testtab/conversation.py" line="103"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/conversation.py" line="106"/>
        <source>first token %1 s</source>
        <translation>首个词元 %1 秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/conversation.py" line="110"/>
        <source>%1 → %2 tokens</source>
        <translation>%1 → %2 个词元</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/conversation.py" line="115"/>
        <source>cut off at max tokens</source>
        <translation>达到最大词元数被截断</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/conversation.py" line="117"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <location filename="../../desktop/ui/testtab/conversation.py" line="143"/>
        <source>The conversation appears here.</source>
        <translation>对话显示在这里。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/conversation.py" line="163"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/conversation.py" line="166"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/conversation.py" line="174"/>
        <source>(no text: the model ended its answer at once)</source>
        <translation>（无文本：模型立即结束了回答）</translation>
    </message>
</context>
<context>
    <name>EvaluationTableModel</name>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="95"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="95"/>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="95"/>
        <source>Expected</source>
        <translation>期望答案</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="98"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="99"/>
        <source>Exact</source>
        <translation>完全匹配</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="100"/>
        <source>Normalised</source>
        <translation>规范化匹配</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="101"/>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="109"/>
        <source>What %1 answered</source>
        <translation>%1 的回答</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="110"/>
        <source>%1: the answer equals the expected one</source>
        <translation>%1：回答与期望答案完全相同</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="111"/>
        <source>%1: equal once case, spaces and punctuation are ignored</source>
        <translation>%1：忽略大小写、空格和标点后相同</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="112"/>
        <source>%1: character-level similarity (1 − edit distance / length)</source>
        <translation>%1：字符级相似度（1 − 编辑距离 / 长度）</translation>
    </message>
</context>
<context>
    <name>ModelColumn</name>
    <message>
        <location filename="../../desktop/ui/testtab/side_by_side.py" line="55"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>ModelListModel</name>
    <message>
        <location filename="../../desktop/ui/testtab/models.py" line="51"/>
        <source>fine-tuned</source>
        <translation>已微调</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/models.py" line="54"/>
        <source>checkpoint, step %1</source>
        <translation>检查点，第 %1 步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/models.py" line="56"/>
        <source>checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/models.py" line="59"/>
        <source>base</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/models.py" line="61"/>
        <source>not deployed</source>
        <translation>未部署</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/models.py" line="77"/>
        <source>Base model: %1</source>
        <translation>基础模型：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/models.py" line="79"/>
        <source>Job: %1</source>
        <translation>任务：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/models.py" line="81"/>
        <source>On Azure a fine-tuned model answers only once it is deployed.</source>
        <translation>在 Azure 上，微调模型部署后才能回答。</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../desktop/ui/testtab/models.py" line="193"/>
        <source>Model name</source>
        <translation>模型名称</translation>
    </message>
</context>
<context>
    <name>ModelsSource</name>
    <message>
        <location filename="../../desktop/ui/testtab/models.py" line="159"/>
        <source>Listing the models of the profile</source>
        <translation>列出配置中的模型</translation>
    </message>
</context>
<context>
    <name>ParametersPanel</name>
    <message>
        <location filename="../../desktop/ui/testtab/parameters.py" line="57"/>
        <source>e.g. END | \n\n</source>
        <translation>例如 ### | \n\n</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/parameters.py" line="58"/>
        <source>Up to four stop sequences separated by |; write \n for a line break.</source>
        <translation>最多四个停止序列，用 | 分隔；换行写作 \n。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/parameters.py" line="62"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/parameters.py" line="63"/>
        <source>Top p</source>
        <translation>核采样 top_p</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/parameters.py" line="64"/>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/parameters.py" line="65"/>
        <source>Frequency penalty</source>
        <translation>频率惩罚</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/parameters.py" line="66"/>
        <source>Presence penalty</source>
        <translation>存在惩罚</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/parameters.py" line="67"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/parameters.py" line="71"/>
        <source>Unchecked: the provider&apos;s default</source>
        <translation>不勾选：使用服务商的默认值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/parameters.py" line="78"/>
        <source>Stop sequences</source>
        <translation>停止序列</translation>
    </message>
</context>
<context>
    <name>PlaygroundPage</name>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="143"/>
        <source>Type a message. Ctrl+Enter sends it.</source>
        <translation>输入消息，按 Ctrl+Enter 发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="145"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="147"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="149"/>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="150"/>
        <source>Copy as curl</source>
        <translation>复制为 curl</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="151"/>
        <source>Copy as Python</source>
        <translation>复制为 Python</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="152"/>
        <source>Save as training example…</source>
        <translation>保存为训练样本…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="155"/>
        <source>Open a data set in the editor to save examples into it.</source>
        <translation>请先在编辑器中打开数据集，才能把样本保存进去。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="205"/>
        <source>Choose a model first.</source>
        <translation>请先选择模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="235"/>
        <source>Type a message first: the request is copied as it would be sent.</source>
        <translation>请先输入消息：复制的是即将发送的请求。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="254"/>
        <source>Copied. The key is not in it: set OPENAI_API_KEY in your shell before running it.</source>
        <translation>已复制。其中不含密钥：运行前请在终端中设置 OPENAI_API_KEY。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="280"/>
        <source>Added to the data set as a new training example.</source>
        <translation>已作为新的训练样本添加到数据集。</translation>
    </message>
</context>
<context>
    <name>RequestSettings</name>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="60"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="61"/>
        <source>Completions (prompt → completion)</source>
        <translation>补全（提示 → 补全）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="62"/>
        <source>Completions is for babbage-002 / davinci-002 style models.</source>
        <translation>补全模式用于 babbage-002 / davinci-002 这类模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="63"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="64"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="68"/>
        <source>System prompt (optional)</source>
        <translation>系统提示（可选）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="70"/>
        <source>System prompt</source>
        <translation>系统提示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="73"/>
        <source>Prompt format of the training data</source>
        <translation>训练数据的提示格式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="77"/>
        <source>Added to the end of each prompt, as in the training data (\n: line break).</source>
        <translation>与训练数据一样，追加到每个提示的末尾（\n 表示换行）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="80"/>
        <source>Marks the end of a completion: used as a stop sequence and cut off.</source>
        <translation>标记补全的结尾：用作停止序列并从回答中去掉。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="81"/>
        <source>Separator</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="82"/>
        <source>Ending</source>
        <translation>结束标记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/playground.py" line="85"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
</context>
<context>
    <name>SaveExampleDialog</name>
    <message>
        <location filename="../../desktop/ui/testtab/save_example.py" line="30"/>
        <source>Save as training example</source>
        <translation>保存为训练样本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/save_example.py" line="36"/>
        <source>The conversation is added to the data set as a new example. Correct the answer if it was wrong: the model learns the answer written here.</source>
        <translation>此对话将作为新样本添加到数据集。如果回答有误，请先更正：模型会学习这里写的回答。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/save_example.py" line="46"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/save_example.py" line="48"/>
        <source>Answer to learn</source>
        <translation>要学习的回答</translation>
    </message>
</context>
<context>
    <name>SideBySidePage</name>
    <message>
        <location filename="../../desktop/ui/testtab/side_by_side.py" line="83"/>
        <source>System prompt for every model (optional)</source>
        <translation>所有模型共用的系统提示（可选）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/side_by_side.py" line="88"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/side_by_side.py" line="91"/>
        <source>Add model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/side_by_side.py" line="92"/>
        <source>Remove model</source>
        <translation>移除模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/side_by_side.py" line="107"/>
        <source>Ask every model at once. Ctrl+Enter sends.</source>
        <translation>同时询问所有模型。按 Ctrl+Enter 发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/side_by_side.py" line="109"/>
        <source>Send to all</source>
        <translation>全部发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/side_by_side.py" line="110"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/side_by_side.py" line="112"/>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/side_by_side.py" line="179"/>
        <source>Choose the models to compare first.</source>
        <translation>请先选择要比较的模型。</translation>
    </message>
</context>
<context>
    <name>SummaryTableModel</name>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="248"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="249"/>
        <source>Answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="250"/>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="251"/>
        <source>Exact match</source>
        <translation>完全匹配</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="252"/>
        <source>Normalised match</source>
        <translation>规范化匹配</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="253"/>
        <source>Mean similarity</source>
        <translation>平均相似度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="254"/>
        <source>Mean latency</source>
        <translation>平均延迟</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="255"/>
        <source>Tokens (prompt → answer)</source>
        <translation>词元（提示 → 回答）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/evaluation_models.py" line="277"/>
        <source>%1 of %2 answered rows</source>
        <translation>已回答的 %2 行中有 %1 行</translation>
    </message>
</context>
<context>
    <name>TestTab</name>
    <message>
        <location filename="../../desktop/ui/testtab/widget.py" line="33"/>
        <source>Refresh models</source>
        <translation>刷新模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/widget.py" line="34"/>
        <source>List the models of the active profile again.</source>
        <translation>重新列出当前配置中的模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/widget.py" line="44"/>
        <source>Playground</source>
        <translation>试用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/widget.py" line="45"/>
        <source>Side by side</source>
        <translation>并排比较</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/widget.py" line="46"/>
        <source>Batch evaluation</source>
        <translation>批量评估</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/widget.py" line="75"/>
        <source>Listing the models of the profile…</source>
        <translation>正在列出配置中的模型…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/testtab/widget.py" line="79"/>
        <source>%n model(s) available</source>
        <translation>
            <numerusform>%n 个可用模型</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/testtab/widget.py" line="90"/>
        <source>Could not list the models: %1 You can still type a model name.</source>
        <translation>无法列出模型：%1 你仍然可以直接输入模型名称。</translation>
    </message>
</context>
</TS>
