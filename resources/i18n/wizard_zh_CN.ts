<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApplyRecommendedDialog</name>
    <message>
        <location filename="../../desktop/ui/wizard/fix_dialogs.py" line="132" />
        <source>Apply all recommended fixes</source>
        <translation>应用所有推荐的修复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/fix_dialogs.py" line="137" />
        <source>These fixes are recommended for your data. Uncheck any you do not want; the others are applied together as one step you can undo in the editor.</source>
        <translation>建议对你的数据进行以下修复。取消勾选不需要的项；其余的会合并为一步执行，可在编辑器中撤销。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/fix_dialogs.py" line="153" />
        <source>Apply checked fixes</source>
        <translation>应用勾选的修复</translation>
    </message>
</context>
<context>
    <name>BaseModelsModel</name>
    <message>
        <location filename="../../desktop/ui/wizard/models_model.py" line="98" />
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/models_model.py" line="99" />
        <source>Listed by</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/models_model.py" line="100" />
        <source>Data formats</source>
        <translation>数据格式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/models_model.py" line="101" />
        <source>Tokens per example</source>
        <translation>单样本词元上限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/models_model.py" line="102" />
        <source>Training, per 1M tokens</source>
        <translation>训练价格（每百万词元）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/models_model.py" line="103" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/models_model.py" line="126" />
        <source>free</source>
        <translation>免费</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/models_model.py" line="145" />
        <source>catalog and provider</source>
        <translation>目录和服务商</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/models_model.py" line="147" />
        <source>provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/models_model.py" line="148" />
        <source>catalog</source>
        <translation>目录</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="71" />
        <source>Check the data</source>
        <translation>检查数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="74" />
        <source>Every example is checked the way the provider will check it, and more. Errors block training.</source>
        <translation>按照服务商的标准逐条检查每个样本，还会检查更多问题。存在错误时无法开始训练。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="101" />
        <source>Fix…</source>
        <translation>修复…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="105" />
        <source>Show row in editor</source>
        <translation>在编辑器中显示该行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="106" />
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="215" />
        <source>The check failed; see the error message.</source>
        <translation>检查失败，请查看错误信息。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="216" />
        <location filename="../../desktop/ui/wizard/data_page.py" line="220" />
        <source>Checking the data</source>
        <translation>检查数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="277" />
        <source>No errors: the data can be used for training.</source>
        <translation>没有错误：这些数据可以用于训练。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="324" />
        <source>Tokens: %1 in all; per example %2 min, %3 median, %4 max</source>
        <translation>词元：共 %1 个；每个样本最少 %2、中位数 %3、最多 %4</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="329" />
        <source>Counted with the %1 encoding.</source>
        <translation>使用 %1 编码计数。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/data_page.py" line="197" />
        <source>Checking the examples (%Ln)…</source>
        <translation><numerusform>正在检查样本（%Ln 个）…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/data_page.py" line="104" />
        <location filename="../../desktop/ui/wizard/data_page.py" line="483" />
        <source>Apply %Ln recommended fix(es)…</source>
        <translation><numerusform>应用 %Ln 项推荐的修复…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/data_page.py" line="265" />
        <source>Training is blocked until every error is fixed (errors left: %n). Fix them here or in the editor (double-click a finding to show its row).</source>
        <translation><numerusform>修复所有错误之前无法开始训练（剩余错误：%n 个）。请在此处或编辑器中修复（双击某条问题可跳转到对应行）。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/data_page.py" line="279" />
        <source>Look at the warnings (%n) before you go on.</source>
        <translation><numerusform>继续之前请查看警告（%n 条）。</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="289" />
        <source>Counting the tokens again for the chosen model…</source>
        <translation>正在按所选模型重新计算词元…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="291" />
        <source>The data changed and is being checked again.</source>
        <translation>数据已更改，正在重新检查。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="293" />
        <source>The data has errors; go back to the first page to fix them.</source>
        <translation>数据中有错误，请返回第一页修复。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/data_page.py" line="323" />
        <source>Examples: %Ln</source>
        <translation><numerusform>样本数：%Ln</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/data_page.py" line="332" />
        <source>Marked for validation: %Ln.</source>
        <translation><numerusform>标记为验证集：%Ln 个。</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="365" />
        <source>Preparing the preview…</source>
        <translation>正在准备预览…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="386" />
        <location filename="../../desktop/ui/wizard/data_page.py" line="396" />
        <source>Preparing the preview of a fix</source>
        <translation>准备修复预览</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="413" />
        <source>Recommended fixes</source>
        <translation>推荐的修复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="413" />
        <source>No fix is recommended.</source>
        <translation>没有推荐的修复。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="427" />
        <source>Apply recommended fixes</source>
        <translation>应用推荐的修复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="437" />
        <source>Applying…</source>
        <translation>正在应用…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="449" />
        <source>Applying a fix</source>
        <translation>应用修复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="475" />
        <source>Or: %1…</source>
        <translation>或者：%1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="488" />
        <source>The listed fixes change how the examples read, so none is applied without you: select a finding and press “Fix…” to see its preview.</source>
        <translation>列出的修复会改变示例的内容，因此不会自动应用：请选择一条发现，按“修复…”查看预览。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/data_page.py" line="492" />
        <source>Applies the fixes marked “recommended” in the list, as one step you can undo.</source>
        <translation>应用列表中标为“推荐”的修复，作为一步可撤销的操作。</translation>
    </message>
</context>
<context>
    <name>EnginePlanner</name>
    <message>
        <location filename="../../desktop/ui/wizard/engine_plan.py" line="139" />
        <source>Asking the local engine for a training estimate</source>
        <translation>正在向本地引擎询问训练估算</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <location filename="../../desktop/ui/wizard/findings_model.py" line="94" />
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/findings_model.py" line="95" />
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/findings_model.py" line="96" />
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/findings_model.py" line="97" />
        <source>Fix</source>
        <translation>修复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/findings_model.py" line="116" />
        <source>%1 (recommended)</source>
        <translation>%1（推荐）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/findings_model.py" line="122" />
        <source>Double-click to show the first row in the editor.</source>
        <translation>双击可在编辑器中显示第一行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/findings_model.py" line="124" />
        <source>Select the finding and press “Fix…” to preview this fix.</source>
        <translation>选中该问题并点击“修复…”即可预览此修复。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/findings_model.py" line="134" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/findings_model.py" line="135" />
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/findings_model.py" line="136" />
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/findings_model.py" line="156" />
        <source>(+%n more)</source>
        <translation><numerusform>（另有 %n 行）</numerusform></translation>
    </message>
</context>
<context>
    <name>FineTuneWizard</name>
    <message>
        <location filename="../../desktop/ui/wizard/wizard.py" line="49" />
        <source>Fine-tune a model</source>
        <translation>微调模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/wizard.py" line="63" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/wizard.py" line="81" />
        <source>Share for validation (%):</source>
        <translation>验证集比例（%）：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/wizard.py" line="87" />
        <source>System prompt (optional):</source>
        <translation>系统提示（可选）：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/wizard.py" line="88" />
        <source>e.g. You are the support assistant of our shop.</source>
        <translation>例如：你是我们网店的客服助手。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/wizard.py" line="112" />
        <source>Close the wizard?</source>
        <translation>关闭向导？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/wizard.py" line="114" />
        <source>The files are being uploaded. Stop the upload and close the wizard?</source>
        <translation>文件正在上传。要停止上传并关闭向导吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/wizard.py" line="117" />
        <source>Close the wizard? Your choices here are lost; the data in the editor is kept.</source>
        <translation>关闭向导吗？您在这里的选择会丢失；编辑器中的数据会保留。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/wizard.py" line="119" />
        <source>Close Wizard</source>
        <translation>关闭向导</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/wizard.py" line="120" />
        <source>Keep Working</source>
        <translation>继续操作</translation>
    </message>
</context>
<context>
    <name>FixPreview</name>
    <message>
        <source>[validation] </source>
        <translation>[验证集] </translation>
    </message>
    <message>
        <source>[training] </source>
        <translation>[训练集] </translation>
    </message>
    <message>
        <source>Row %1</source>
        <translation>第 %1 行</translation>
    </message>
</context>
<context>
    <name>FixPreviewDialog</name>
    <message>
        <location filename="../../desktop/ui/wizard/fix_dialogs.py" line="73" />
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/fix_dialogs.py" line="88" />
        <source>Rows this fix changes: %Ln.</source>
        <translation><numerusform>此修复将更改的行数：%Ln。</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/fix_dialogs.py" line="90" />
        <source>A few of them, before and after:</source>
        <translation>部分行修改前后的对比：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/fix_dialogs.py" line="101" />
        <source>(removed)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/fix_dialogs.py" line="111" />
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/fix_dialogs.py" line="112" />
        <source>After</source>
        <translation>修改后</translation>
    </message>
</context>
<context>
    <name>LocalModelsModel</name>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="156" />
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="157" />
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="158" />
        <source>On this computer</source>
        <translation>本机状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="159" />
        <source>Fits this computer?</source>
        <translation>本机能否训练？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="160" />
        <source>Training time, this data</source>
        <translation>训练时间（这份数据）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="161" />
        <source>Good for</source>
        <translation>适合</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="196" />
        <source>(test model)</source>
        <translation>（测试模型）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="216" />
        <source>downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="217" />
        <source>downloading %1%</source>
        <translation>正在下载 %1%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="219" />
        <source>built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="219" />
        <source>downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="221" />
        <source>download %1</source>
        <translation>需下载 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="223" />
        <source>not downloaded yet</source>
        <translation>尚未下载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="225" />
        <source>needs access</source>
        <translation>需申请访问</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="236" />
        <source>yes · needs %1 of %2</source>
        <translation>可以 · 需要 %1（共 %2）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="237" />
        <source>tight · needs %1 of %2</source>
        <translation>紧张 · 需要 %1（共 %2）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="238" />
        <source>no · needs %1, has %2</source>
        <translation>不能 · 需要 %1，仅有 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="252" />
        <source>Training on: %1, %2 of memory available.</source>
        <translation>训练设备：%1，可用内存 %2。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="270" />
        <source>Licence: %1</source>
        <translation>许可证：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="272" />
        <source>Context: %1 tokens</source>
        <translation>上下文长度：%1 个词元</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="274" />
        <source>Languages: %1</source>
        <translation>语言：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="276" />
        <source>Download: %1</source>
        <translation>下载大小：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models_model.py" line="279" />
        <source>Gated: its publisher asks you to accept its terms on Hugging Face first.</source>
        <translation>受限模型：发布者要求你先在 Hugging Face 上接受其条款。</translation>
    </message>
</context>
<context>
    <name>LocalModelsPanel</name>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="113" />
        <location filename="../../desktop/ui/wizard/local_models.py" line="436" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="115" />
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="122" />
        <source>Other Hugging Face model…</source>
        <translation>其他 Hugging Face 模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="123" />
        <source>Model folder…</source>
        <translation>模型文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="124" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="127" />
        <source>A model id, e.g. Qwen/Qwen2.5-0.5B-Instruct</source>
        <translation>模型 ID，例如 Qwen/Qwen2.5-0.5B-Instruct</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="128" />
        <source>Look up</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="132" />
        <source>Hugging Face model:</source>
        <translation>Hugging Face 模型：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="137" />
        <source>This model needs access on Hugging Face</source>
        <translation>此模型需要在 Hugging Face 上获得访问权限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="144" />
        <source>hf_… (an access token with read permission)</source>
        <translation>hf_…（具有读取权限的访问令牌）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="145" />
        <source>Save token and try again</source>
        <translation>保存令牌并重试</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="150" />
        <source>Access token:</source>
        <translation>访问令牌：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="235" />
        <source>Asking the local engine which models it can train…</source>
        <translation>正在询问本地引擎可以训练哪些模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="268" />
        <location filename="../../desktop/ui/wizard/local_models.py" line="345" />
        <source>Listing the local engine&apos;s base models</source>
        <translation>正在列出本地引擎的基础模型</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/local_models.py" line="309" />
        <source>Open models the local engine can fine-tune on this computer: %n. Downloaded ones work offline; the others are downloaded once.</source>
        <translation><numerusform>本地引擎可在本机微调的开源模型：%n 个。已下载的可离线使用；其余的只需下载一次。</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="353" />
        <source>Could not list the local engine&apos;s models:</source>
        <translation>无法列出本地引擎的模型：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="386" />
        <source>A test model: random weights that learn a few answers in seconds. Use it to try the whole path; pick a real model for useful answers.</source>
        <translation>测试模型：随机权重，几秒内能记住几条答案。可用它走通整个流程；要得到有用的回答，请选择真实模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="395" />
        <source>Training this model needs more memory than this computer has: choose a smaller model, or lower the max sequence length and batch size on the next page.</source>
        <translation>训练此模型所需的内存超过本机可用内存：请选择更小的模型，或在下一页调低最大序列长度和批大小。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="403" />
        <source>Memory is tight: the engine turns on gradient checkpointing; training is slower.</source>
        <translation>内存紧张：引擎会开启梯度检查点，训练会变慢。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="410" />
        <source>Not on this computer yet: download it now, or it is downloaded when training starts.</source>
        <translation>本机还没有此模型：现在下载，或在开始训练时自动下载。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="416" />
        <source>Gated model: its publisher asks you to accept its terms on &lt;a href=&quot;%1&quot;&gt;its Hugging Face page&lt;/a&gt; and to give the app an access token. Download it here before you go on.</source>
        <translation>受限模型：发布者要求你在&lt;a href=&quot;%1&quot;&gt;其 Hugging Face 页面&lt;/a&gt;上接受条款，并向本应用提供访问令牌。请先在这里下载，再继续下一步。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="433" />
        <source>Download %1</source>
        <translation>下载 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="467" />
        <source>Starting the download of %1…</source>
        <translation>正在开始下载 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="470" />
        <location filename="../../desktop/ui/wizard/local_models.py" line="531" />
        <source>Downloading %1</source>
        <translation>正在下载 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="483" />
        <source>Cancelling the download…</source>
        <translation>正在取消下载…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="495" />
        <source>Downloading %1: %2 of %3</source>
        <translation>正在下载 %1：%2 / %3</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="513" />
        <source>%1 is downloaded and ready to train.</source>
        <translation>%1 已下载，可以开始训练。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="524" />
        <source>Download cancelled. The part already downloaded is kept: it goes on from there next time.</source>
        <translation>下载已取消。已下载的部分会保留，下次从中断处继续。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="560" />
        <source>A Hugging Face model id looks like owner/name, e.g. Qwen/Qwen2.5-0.5B-Instruct.</source>
        <translation>Hugging Face 模型 ID 的格式为 所有者/名称，例如 Qwen/Qwen2.5-0.5B-Instruct。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="587" />
        <source>Looking up %1 on Hugging Face…</source>
        <translation>正在 Hugging Face 上查找 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="590" />
        <location filename="../../desktop/ui/wizard/local_models.py" line="638" />
        <source>Looking up %1</source>
        <translation>正在查找 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="610" />
        <source>Found on Hugging Face</source>
        <translation>在 Hugging Face 上找到</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="623" />
        <source>%1 is on Hugging Face (%2).</source>
        <translation>%1 在 Hugging Face 上（%2）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="629" />
        <source>It has no chat template: train it on prompt/completion data (chat data needs a template).</source>
        <translation>它没有对话模板：请用提示/补全数据训练（对话数据需要模板）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="651" />
        <source>Choose a model folder</source>
        <translation>选择模型文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="674" />
        <source>Model folder on this computer</source>
        <translation>本机上的模型文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="681" />
        <source>Using the model in %1.</source>
        <translation>使用 %1 中的模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="710" />
        <source>1. Open &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt; while signed in to Hugging Face and accept the terms (some publishers review requests: wait for their e-mail).&lt;br&gt;2. Create an access token with read permission at &lt;a href=&quot;%3&quot;&gt;Settings ▸ Access Tokens&lt;/a&gt;.&lt;br&gt;3. Paste it here. It is kept in the system keyring and sent only to the local engine.</source>
        <translation>1. 登录 Hugging Face 后打开 &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt; 并接受条款（部分发布者会审核申请：请等待其邮件）。&lt;br&gt;2. 在&lt;a href=&quot;%3&quot;&gt;设置 ▸ 访问令牌&lt;/a&gt;中创建具有读取权限的访问令牌。&lt;br&gt;3. 将令牌粘贴到这里。它保存在系统密钥环中，只发送给本地引擎。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="717" />
        <source>%1 is a gated model: its publisher shares it only with accounts that asked.</source>
        <translation>%1 是受限模型：发布者只向申请过的账户开放。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="746" />
        <source>No system keyring is available: the token is kept for this session only.</source>
        <translation>系统密钥环不可用：令牌仅在本次会话中保留。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/local_models.py" line="756" />
        <source>Saving the Hugging Face token</source>
        <translation>正在保存 Hugging Face 令牌</translation>
    </message>
    <message>
        <source>The longest example has %1 tokens; %2 reads at most %3.</source>
        <translation>最长的样本有 %1 个词元，而 %2 最多读取 %3 个。</translation>
    </message>
    <message>
        <source>%1 is not a model folder: it has no config.json. Choose the folder that holds the model&apos;s config.json, tokenizer and weights.</source>
        <translation>%1 不是模型文件夹：其中没有 config.json。请选择包含模型 config.json、分词器和权重的文件夹。</translation>
    </message>
</context>
<context>
    <name>MethodPage</name>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="88" />
        <source>Method and hyperparameters</source>
        <translation>方法和超参数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="90" />
        <source>Leave a value on “auto” to let the provider choose it from the size of your data.</source>
        <translation>保持“自动”，服务商会根据数据量自动选择合适的值。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="94" />
        <source>Supervised fine-tuning (SFT): learn to answer like the examples</source>
        <translation>监督微调（SFT）：学习像样本那样回答</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="97" />
        <source>Direct preference optimisation (DPO): prefer one answer over another</source>
        <translation>直接偏好优化（DPO）：学会偏好更好的回答</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="109" />
        <location filename="../../desktop/ui/wizard/method_page.py" line="113" />
        <location filename="../../desktop/ui/wizard/method_page.py" line="119" />
        <location filename="../../desktop/ui/wizard/method_page.py" line="125" />
        <location filename="../../desktop/ui/wizard/method_page.py" line="161" />
        <location filename="../../desktop/ui/wizard/method_page.py" line="170" />
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="126" />
        <source>Fixed seed</source>
        <translation>固定随机种子</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="142" />
        <source>e.g. support-bot-v2 (optional)</source>
        <translation>例如 support-bot-v2（可选）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="148" />
        <source>Hold out a validation set</source>
        <translation>保留验证集</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="152" />
        <source>Split off validation rows…</source>
        <translation>拆分验证集…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="163" />
        <source>The size of the LoRA adapter: higher learns more detail but needs more memory and data.</source>
        <translation>低秩适配器的大小：越大能学到越多细节，但需要更多内存和数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="169" />
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="173" />
        <source>Examples longer than this many tokens are cut. Auto lets the engine choose it from your data and the model.</source>
        <translation>超过这么多词元的样本会被截断。选择“自动”时由引擎根据你的数据和模型决定。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="177" />
        <source>Show advanced settings</source>
        <translation>显示高级设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="179" />
        <source>Auto (when memory is short)</source>
        <translation>自动（内存不足时开启）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="180" />
        <source>On: less memory, slower</source>
        <translation>开启：占用内存更少，速度更慢</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="181" />
        <source>Off: faster, more memory</source>
        <translation>关闭：速度更快，占用内存更多</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="182" />
        <source>Gradient checkpointing:</source>
        <translation>梯度检查点：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="185" />
        <source>Local engine</source>
        <translation>本地引擎</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="187" />
        <source>LoRA rank:</source>
        <translation>低秩适配的秩：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="188" />
        <source>Max sequence length:</source>
        <translation>最大序列长度：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="200" />
        <source>Epochs:</source>
        <translation>训练轮数：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="201" />
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="202" />
        <source>Learning-rate multiplier:</source>
        <translation>学习率倍数：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="203" />
        <source>DPO beta:</source>
        <translation>DPO beta：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="205" />
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="206" />
        <source>Model name suffix:</source>
        <translation>模型名后缀：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="214" />
        <source>Validation:</source>
        <translation>验证：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="295" />
        <source>This model cannot be trained with DPO; choose another model on the previous page.</source>
        <translation>此模型不支持 DPO 训练，请在上一页选择其他模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="298" />
        <source>Your data are preference pairs, so DPO is the method.</source>
        <translation>你的数据是偏好对，因此使用 DPO 方法。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="300" />
        <source>DPO needs preference pairs (input, preferred and non-preferred output).</source>
        <translation>DPO 需要偏好对数据（输入、较好的回答和较差的回答）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="328" />
        <source>→ %1 for this data</source>
        <translation>→ 对这份数据为 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="334" />
        <source>Asking the engine for its plan…</source>
        <translation>正在向引擎询问训练计划…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="338" />
        <source>The engine could not estimate this job: %1</source>
        <translation>引擎无法估算此任务：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/method_page.py" line="348" />
        <source>%Ln training steps</source>
        <translation><numerusform>%Ln 个训练步</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="352" />
        <source>about %1 on this computer</source>
        <translation>在本机上约需 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="359" />
        <source>fits in memory</source>
        <translation>内存足够</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="361" />
        <source>memory is tight</source>
        <translation>内存紧张</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="363" />
        <source>needs more memory than this computer has</source>
        <translation>所需内存超过本机可用内存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="366" />
        <source>gradient checkpointing on</source>
        <translation>开启梯度检查点</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="367" />
        <source>The engine&apos;s plan: %1.</source>
        <translation>引擎的计划：%1。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="367" />
        <source>, </source>
        <translation>，</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/method_page.py" line="373" />
        <source>Examples marked for validation in the table: %Ln.</source>
        <translation><numerusform>表格中标记为验证集的样本：%Ln 个。</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="380" />
        <source>No example is marked for validation yet: split off a share of the rows to measure how well the model does on examples it has not seen.</source>
        <translation>还没有样本被标记为验证集：拆分出一部分行，用来衡量模型在没见过的样本上的表现。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="394" />
        <source>With validation held out, the training file keeps %1 examples; at least %2 are needed. Turn validation off or mark fewer rows for it.</source>
        <translation>保留验证集后，训练文件只剩 %1 个样本，至少需要 %2 个。请关闭验证集，或减少标记为验证集的行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="433" />
        <source>The suffix is %1 characters long; at most %2 are allowed.</source>
        <translation>后缀长度为 %1 个字符，最多允许 %2 个。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/method_page.py" line="441" />
        <source>Use only letters A–Z, digits, “-”, “_” and “.” in the suffix.</source>
        <translation>后缀只能包含英文字母 A–Z、数字、“-”、“_”和“.”。</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../../desktop/ui/wizard/model_page.py" line="42" />
        <source>Provider and base model</source>
        <translation>服务商和基础模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/model_page.py" line="45" />
        <source>Choose where to train and which model to start from. Greyed models cannot train on this data.</source>
        <translation>选择在哪里训练以及从哪个模型开始。灰色的模型无法使用这些数据训练。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/model_page.py" line="52" />
        <source>Refresh list</source>
        <translation>刷新列表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/model_page.py" line="75" />
        <source>Provider:</source>
        <translation>服务商：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/model_page.py" line="111" />
        <source>There is no provider profile yet. Add one (or start the local engine) in Profiles.</source>
        <translation>还没有服务商配置。请在“配置”中添加一个（或启动本地引擎）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/model_page.py" line="222" />
        <source>Asking %1 which models it offers…</source>
        <translation>正在向 %1 查询可用的模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/model_page.py" line="241" />
        <source>Listing the models of %1</source>
        <translation>列出 %1 的模型</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/model_page.py" line="255" />
        <source>Models listed by the provider: %n; the catalog adds what it knows about them.</source>
        <translation><numerusform>服务商列出的模型：%n 个；模型目录补充了已知的信息。</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/model_page.py" line="268" />
        <source>Could not list the provider&apos;s models; showing the catalog only.</source>
        <translation>无法获取服务商的模型列表，仅显示模型目录中的模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/model_page.py" line="286" />
        <source>Convert the data to chat…</source>
        <translation>把数据转换为对话格式…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/model_page.py" line="289" />
        <source>Convert the data to prompt/completion (babbage-002, davinci-002)…</source>
        <translation>把数据转换为提示/补全格式（babbage-002、davinci-002）…</translation>
    </message>
</context>
<context>
    <name>ModelRows</name>
    <message>
        <source>chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>prompt/completion</source>
        <translation>提示/补全</translation>
    </message>
    <message>
        <source>preference pairs</source>
        <translation>偏好对</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between data formats</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>Not in the catalog: its formats, limits and price are not known here.</source>
        <translation>目录中没有此模型：格式、上限和价格未知。</translation>
    </message>
    <message>
        <source>No errors in the data, but no model of %1 can train on it (%2). Convert the data with a fix, or choose the local engine on the next page: it trains every data format.</source>
        <translation>数据没有错误，但 %1 没有任何模型能用它训练（%2）。请用修复功能转换数据，或在下一页选择本地引擎：它支持所有数据格式。</translation>
    </message>
</context>
<context>
    <name>ModelStatus</name>
    <message>
        <location filename="../../desktop/ui/wizard/services.py" line="396" />
        <source>new jobs stop %1 (%2 days left)</source>
        <translation>%1 停止新任务（还剩 %2 天）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/services.py" line="402" />
        <source>no new jobs since %1</source>
        <translation>自 %1 起不再接受新任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/services.py" line="407" />
        <source>retires %1</source>
        <translation>%1 下线</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/services.py" line="409" />
        <source>deprecated %1</source>
        <translation>%1 起弃用</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="34" />
        <source>Review</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="36" />
        <source>Check what will be uploaded and sent before anything leaves your computer.</source>
        <translation>在任何数据离开你的电脑之前，确认将要上传和发送的内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="95" />
        <source>Preparing the files…</source>
        <translation>正在准备文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="108" />
        <source>Preparing the files to upload</source>
        <translation>准备待上传的文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="112" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="112" />
        <source>Used for</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="112" />
        <source>Examples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="112" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="115" />
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="115" />
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="123" />
        <source>Files to upload</source>
        <translation>待上传的文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="135" />
        <source>Request that will be sent</source>
        <translation>将要发送的请求</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="139" />
        <source>Authorization: the key stays in the system keyring and is never shown.</source>
        <translation>授权：密钥保存在系统钥匙串中，永远不会显示。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="141" />
        <source>File ids are given by the provider when the files above are uploaded.</source>
        <translation>文件 ID 由服务商在上述文件上传后分配。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="144" />
        <location filename="../../desktop/ui/wizard/review_page.py" line="151" />
        <source>id of %1</source>
        <translation>%1 的 ID</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="157" />
        <location filename="../../desktop/ui/wizard/review_page.py" line="176" />
        <source>(auto)</source>
        <translation>（自动）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="159" />
        <source>unknown (the catalog has no price for this model)</source>
        <translation>未知（模型目录中没有此模型的价格）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="161" />
        <source>free (trained on this computer)</source>
        <translation>免费（在本机训练）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="168" />
        <source>Tokens in the training file:</source>
        <translation>训练文件中的词元数：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="169" />
        <source>Epochs:</source>
        <translation>训练轮数：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="170" />
        <source>Estimated billed tokens:</source>
        <translation>预计计费词元数：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="171" />
        <source>Estimated cost:</source>
        <translation>预计费用：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="172" />
        <source>Estimated training time:</source>
        <translation>预计训练时间：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="177" />
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="180" />
        <source>Estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="192" />
        <source>Values on “auto” were chosen by the local engine for this data (the rule its jobs use); the request below sends them, so the job runs with exactly these.</source>
        <translation>设为“自动”的值由本地引擎根据这份数据选定（与其训练任务使用同一规则）；下面的请求会发送这些值，任务将完全按此运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="196" />
        <source>The time is the engine&apos;s estimate for this computer.</source>
        <translation>时间是引擎针对本机给出的估算。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="200" />
        <source>The model takes at most %1 tokens per example.</source>
        <translation>该模型每个样本最多接受 %1 个词元。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/review_page.py" line="206" />
        <source>Training costs US$%1 per million billed tokens (from the model catalog).</source>
        <translation>训练费用为每百万计费词元 %1 美元（取自模型目录）。</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="54" />
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="55" />
        <source>The files are uploaded first; the job is created once they have arrived.</source>
        <translation>先上传文件，文件上传完成后再创建训练任务。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="56" />
        <source>Upload and start training</source>
        <translation>上传并开始训练</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="57" />
        <source>Cancel upload</source>
        <translation>取消上传</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="65" />
        <source>Request sent (the key is not shown):</source>
        <translation>已发送的请求（不显示密钥）：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="71" />
        <source>Open the job in the monitor</source>
        <translation>在任务监控中打开</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="97" />
        <source>Ready to upload.</source>
        <translation>准备上传。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="155" />
        <source>Uploading…</source>
        <translation>正在上传…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="159" />
        <source>Starting the fine-tuning job</source>
        <translation>启动微调任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="175" />
        <source>The data is being checked; the upload starts as soon as the check is done…</source>
        <translation>正在检查数据；检查完成后会立即开始上传…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="199" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="206" />
        <source>Files uploaded; creating the job…</source>
        <translation>文件已上传，正在创建任务…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="213" />
        <source>Uploading %1 (%2 of %3)…</source>
        <translation>正在上传 %1（第 %2 个，共 %3 个）…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="223" />
        <source>Training job created.</source>
        <translation>训练任务已创建。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="226" />
        <source>Job %1 was created. Follow it in the job monitor; you can close this wizard.</source>
        <translation>任务 %1 已创建。可在任务监控中查看进度；现在可以关闭此向导。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="247" />
        <source>The job could not be started.</source>
        <translation>无法启动任务。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="249" />
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/start_page.py" line="258" />
        <source>Upload cancelled; nothing was started.</source>
        <translation>上传已取消，没有启动任何任务。</translation>
    </message>
</context>
<context>
    <name>TokenHistogram</name>
    <message>
        <location filename="../../desktop/ui/wizard/histogram.py" line="32" />
        <source>%1–%2 tokens: %3</source>
        <translation>%1–%2 个词元：%3 个样本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/histogram.py" line="59" />
        <source>No token counts yet</source>
        <translation>尚无词元统计</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard/histogram.py" line="85" />
        <source>tokens per example</source>
        <translation>每个样本的词元数</translation>
    </message>
</context>
</TS>
