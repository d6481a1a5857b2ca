<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="41"/>
        <source>Export everything</source>
        <translation>全部导出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="45"/>
        <source>Saving every job, its events, checkpoints and files of “%1” into %2.</source>
        <translation>正在把“%1”的所有任务及其事件、检查点和文件保存到 %2。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="52"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="56"/>
        <source>The report appears here when the export ends.</source>
        <translation>导出结束后，报告会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="57"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="60"/>
        <source>Stop after the current item. Export again into the same folder to finish: nothing saved is lost.</source>
        <translation>在当前项目完成后停止。再次导出到同一文件夹即可完成：已保存的内容不会丢失。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="84"/>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="133"/>
        <source>Exporting “%1”</source>
        <translation>正在导出“%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="97"/>
        <source>Stopping after the current item…</source>
        <translation>将在当前项目完成后停止…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="111"/>
        <source>Stopped. Export again into the same folder to finish.</source>
        <translation>已停止。再次导出到同一文件夹即可完成。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="115"/>
        <source>Finished: the jobs, events and files were saved. The models&apos; weights stay with the provider, which does not hand them out (see the report).</source>
        <translation>已完成：任务、事件和文件均已保存。模型权重留在服务商处，服务商不提供下载（见报告）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/keep/export_dialog.py" line="122"/>
        <source>Finished; %n item(s) could not be saved (see the report).</source>
        <translation>
            <numerusform>已完成；有 %n 项无法保存（见报告）。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="126"/>
        <source>Finished: everything was saved.</source>
        <translation>已完成：全部内容均已保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/export_dialog.py" line="132"/>
        <source>The export stopped: %1</source>
        <translation>导出已停止：%1</translation>
    </message>
</context>
<context>
    <name>GoldenComparisonView</name>
    <message>
        <location filename="../../desktop/ui/keep/compare_view.py" line="24"/>
        <source>No comparison yet. Record golden answers, then compare a model against them.</source>
        <translation>还没有对比。请先记录黄金答案，再用它们对比模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/compare_view.py" line="52"/>
        <source>%1 compared with the golden answers recorded from %2. “Expected” is the recorded answer.</source>
        <translation>%1 与从 %2 记录的黄金答案的对比。“期望答案”列即记录下来的答案。</translation>
    </message>
</context>
<context>
    <name>HyperparameterTableModel</name>
    <message>
        <location filename="../../desktop/ui/keep/hyperparameters_model.py" line="85"/>
        <source>Hyperparameter</source>
        <translation>超参数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/hyperparameters_model.py" line="86"/>
        <source>Original job</source>
        <translation>原任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/hyperparameters_model.py" line="87"/>
        <source>Sent to the target</source>
        <translation>发送给目标</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/hyperparameters_model.py" line="88"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/hyperparameters_model.py" line="108"/>
        <source>not sent</source>
        <translation>不发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/hyperparameters_model.py" line="110"/>
        <source>Changed by you.</source>
        <translation>由你修改。</translation>
    </message>
</context>
<context>
    <name>InventoryTableModel</name>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="84"/>
        <source>Fine-tuned model / job</source>
        <translation>微调模型 / 任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="85"/>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="86"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="87"/>
        <source>Suffix</source>
        <translation>后缀</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="88"/>
        <source>Trained tokens</source>
        <translation>训练词元数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="89"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="90"/>
        <source>New jobs stop</source>
        <translation>停止接受新任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="91"/>
        <source>Model retires</source>
        <translation>模型下线</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="96"/>
        <source>After this day the provider accepts no new fine-tuning jobs on this base model.</source>
        <translation>此日期之后，服务商不再接受基于此基础模型的新微调任务。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="100"/>
        <source>After this day the base model, and every model fine-tuned from it, stops answering.</source>
        <translation>此日期之后，基础模型以及基于它微调的所有模型都将停止响应。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="108"/>
        <source>%1 (passed)</source>
        <translation>%1（已过）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="110"/>
        <source>%1 (today)</source>
        <translation>%1（今天）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/keep/inventory_model.py" line="111"/>
        <source>%1 (%n days left)</source>
        <translation>
            <numerusform>%1（还剩 %n 天）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="156"/>
        <source>(no model yet)</source>
        <translation>（尚无模型）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="158"/>
        <source>Job: %1</source>
        <translation>任务：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/inventory_model.py" line="177"/>
        <source>model only</source>
        <translation>仅模型</translation>
    </message>
</context>
<context>
    <name>KeepPage</name>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="89"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="90"/>
        <source>Ask the profile&apos;s provider for its jobs and models now.</source>
        <translation>立即向此配置的服务商查询任务和模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="91"/>
        <source>Open export folder…</source>
        <translation>打开导出文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="93"/>
        <source>Show the inventory saved in an export folder, without a provider.</source>
        <translation>显示导出文件夹中保存的清单，无需连接服务商。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="95"/>
        <source>Export everything…</source>
        <translation>全部导出…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="97"/>
        <source>Save every job with its events, checkpoints and files into a folder.</source>
        <translation>把每个任务及其事件、检查点和文件保存到一个文件夹。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="99"/>
        <source>Record golden answers…</source>
        <translation>记录黄金答案…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="101"/>
        <source>Ask the selected model its validation questions (or a data file) and keep its answers.</source>
        <translation>用验证集（或某个数据文件）中的问题询问所选模型，并保存它的回答。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="103"/>
        <source>Retrain elsewhere…</source>
        <translation>在别处重新训练…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="104"/>
        <source>Start the same training on another profile.</source>
        <translation>在另一个配置上开始同样的训练。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="105"/>
        <source>Compare with golden answers…</source>
        <translation>与黄金答案对比…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="106"/>
        <source>Export model…</source>
        <translation>导出模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="108"/>
        <source>Save the selected local-engine model as an adapter, merged weights or an Ollama folder.</source>
        <translation>把所选的本地引擎模型保存为适配器、合并后的权重或 Ollama 文件夹。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="110"/>
        <source>Import model…</source>
        <translation>导入模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="113"/>
        <source>Bring an exported adapter folder (from this or another computer) into the local engine, to test it or train it further.</source>
        <translation>把导出的适配器文件夹（来自本机或其他电脑）导入本地引擎，以便测试或继续训练。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="117"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="152"/>
        <source>Profile</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="178"/>
        <source>Inventory</source>
        <translation>清单</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="179"/>
        <source>Comparison with golden answers</source>
        <translation>与黄金答案对比</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="197"/>
        <source>Choose a profile and press Refresh, or open an export folder.</source>
        <translation>请选择一个配置并点击“刷新”，或打开一个导出文件夹。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="278"/>
        <location filename="../../desktop/ui/keep/page.py" line="289"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="282"/>
        <source>%1 failed: %2</source>
        <translation>%1失败：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="307"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="321"/>
        <source>Waiting %1 s.</source>
        <translation>等待 %1 秒。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/keep/page.py" line="356"/>
        <source>New fine-tuning jobs stop in %n days, on %1. Export now, record golden answers, retrain elsewhere.</source>
        <translation>
            <numerusform>新的微调任务将在 %n 天后（%1）停止。请立即导出、记录黄金答案，并在别处重新训练。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="363"/>
        <source>New fine-tuning jobs stopped on %1. Export your files and models while they are still there.</source>
        <translation>新的微调任务已于 %1 停止。请趁文件和模型还在时把它们导出。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="381"/>
        <source>Asking “%1” for its fine-tunes…</source>
        <translation>正在向“%1”查询微调内容…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="385"/>
        <source>Live: the fine-tunes of the profile “%1”, most urgent first.</source>
        <translation>在线：配置“%1”的微调内容，最紧急的排在最前。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/keep/page.py" line="389"/>
        <location filename="../../desktop/ui/keep/page.py" line="421"/>
        <source>%n item(s).</source>
        <translation>
            <numerusform>%n 项。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="393"/>
        <source>Listing the fine-tunes of “%1”</source>
        <translation>列出“%1”的微调内容</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="410"/>
        <source>complete</source>
        <translation>完整</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="412"/>
        <source>incomplete: export again to finish</source>
        <translation>不完整：请再次导出以完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="415"/>
        <source>Offline: the export of “%1” in %2 (saved %3, %4).</source>
        <translation>离线：“%1”的导出，位于 %2（保存于 %3，%4）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="425"/>
        <source>Opening the export folder %1</source>
        <translation>打开导出文件夹 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="432"/>
        <source>Open export folder</source>
        <translation>打开导出文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="464"/>
        <source>Imported as %1: test it, or choose it as the base of a new fine-tune.</source>
        <translation>已导入为 %1：可以测试它，或把它选作新微调的基础。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="471"/>
        <source>Importing the model in %1</source>
        <translation>导入 %1 中的模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="476"/>
        <source>Import an exported adapter folder</source>
        <translation>导入已导出的适配器文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="491"/>
        <source>Export finished: %1 saved now, %2 already saved, %3 not saved.</source>
        <translation>导出完成：本次保存 %1 项，之前已保存 %2 项，未能保存 %3 项。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="496"/>
        <source>Export stopped; export again into the same folder to finish.</source>
        <translation>导出已停止；再次导出到同一文件夹即可完成。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="515"/>
        <source>Export into folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="543"/>
        <source>Recorded %1 golden answer(s) of %2 in %3.</source>
        <translation>已将 %2 的 %1 个黄金答案记录到 %3。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="550"/>
        <source>Recording the answers of %1…</source>
        <translation>正在记录 %1 的回答…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="552"/>
        <source>Recording golden answers of %1</source>
        <translation>记录 %1 的黄金答案</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="570"/>
        <source>The job&apos;s validation set</source>
        <translation>任务的验证集</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="570"/>
        <source>Another data file…</source>
        <translation>其他数据文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="573"/>
        <source>Record golden answers</source>
        <translation>记录黄金答案</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="574"/>
        <source>Questions to ask %1:</source>
        <translation>要询问 %1 的问题：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="585"/>
        <source>Data file</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="587"/>
        <source>Data sets (*.jsonl *.json *.csv *.tsv *.xlsx *.xls *.ods)</source>
        <translation>数据集 (*.jsonl *.json *.csv *.tsv *.xlsx *.xls *.ods)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="596"/>
        <source>Save golden answers</source>
        <translation>保存黄金答案</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="598"/>
        <source>Evaluation runs (*.eval.json)</source>
        <translation>评估运行 (*.eval.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="339"/>
        <location filename="../../desktop/ui/keep/page.py" line="613"/>
        <source>Comparing %1 with the golden answers…</source>
        <translation>正在将 %1 与黄金答案对比…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="615"/>
        <source>Comparing %1 with golden answers</source>
        <translation>将 %1 与黄金答案对比</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="629"/>
        <source>Compared with the golden answers: %1 of %2 rows answered, %3 exactly equal, mean similarity %4.</source>
        <translation>与黄金答案的对比：%2 行中回答了 %1 行，%3 行完全一致，平均相似度 %4。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="645"/>
        <source>Compare with golden answers</source>
        <translation>与黄金答案对比</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="645"/>
        <source>Golden answers of:</source>
        <translation>黄金答案来自：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="325"/>
        <source>Uploading %1 to “%2”…</source>
        <translation>正在把 %1 上传到“%2”…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="333"/>
        <source>Retraining on “%1”: job %2 is %3.</source>
        <translation>正在“%1”上重新训练：任务 %2 的状态为 %3。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="669"/>
        <source>The training on “%1” did not succeed: %2</source>
        <translation>在“%1”上的训练未成功：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="677"/>
        <source>Retrained on “%1”: %2. Record golden answers to compare it.</source>
        <translation>已在“%1”上重新训练：%2。记录黄金答案后即可对比。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="684"/>
        <source>Retraining on “%1”</source>
        <translation>在“%1”上重新训练</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="709"/>
        <source>the export folder %1</source>
        <translation>导出文件夹 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/page.py" line="712"/>
        <source>the profile “%1”</source>
        <translation>配置“%1”</translation>
    </message>
</context>
<context>
    <name>ModelExportDialog</name>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="86"/>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="89"/>
        <source>Export “%1” to use it outside Finetune Desk.</source>
        <translation>导出“%1”，以便在微调工作台之外使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="97"/>
        <source>Adapter</source>
        <translation>适配器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="99"/>
        <source>The small LoRA adapter and a README: load it with peft, or import it into another engine.</source>
        <translation>小巧的 LoRA 适配器和说明文件：可用 Hugging Face 的参数高效微调库加载，或导入另一个引擎。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="104"/>
        <source>Merged model</source>
        <translation>合并后的模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="106"/>
        <source>The base model with the adapter merged in (safetensors), its tokenizer and chat template: loads in transformers and most tools.</source>
        <translation>已合并适配器的完整模型权重，附带分词器和对话模板：可用 Hugging Face 的模型库及大多数工具加载。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="111"/>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="113"/>
        <source>The merged model and a Modelfile: run “ollama create NAME -f Modelfile” in the folder.</source>
        <translation>合并后的模型和 Ollama 的模型描述文件：在该文件夹中用 Ollama 的创建命令导入（命令见文件夹中的说明文件）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="117"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="126"/>
        <source>Size: working it out…</source>
        <translation>大小：正在计算…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="136"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="148"/>
        <source>Save in:</source>
        <translation>保存位置：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="149"/>
        <source>Folder name:</source>
        <translation>文件夹名称：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="161"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="163"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="166"/>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="214"/>
        <source>The export goes to %1</source>
        <translation>导出到 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="240"/>
        <location filename="../../desktop/ui/model_export_dialog.py" line="269"/>
        <source>Working out the export sizes of “%1”</source>
        <translation>计算“%1”的导出大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="254"/>
        <source>needs the base model on this computer</source>
        <translation>需要本机上有基础模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="257"/>
        <source>about %1</source>
        <translation>约 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="262"/>
        <source>Free space on that disk: %1</source>
        <translation>该磁盘的可用空间：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="268"/>
        <source>size unknown</source>
        <translation>大小未知</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="275"/>
        <source>Save the export in</source>
        <translation>选择导出的保存位置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="288"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="290"/>
        <location filename="../../desktop/ui/model_export_dialog.py" line="382"/>
        <source>Exporting “%1”</source>
        <translation>正在导出“%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="317"/>
        <source>Cancelling; the engine removes what it wrote…</source>
        <translation>正在取消；引擎会删除已写入的内容…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="325"/>
        <source>Waiting for the engine…</source>
        <translation>正在等待引擎…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="328"/>
        <source>(%1 of %2)</source>
        <translation>（%2 中的 %1）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="336"/>
        <source>Copying the adapter…</source>
        <translation>正在复制适配器…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="337"/>
        <source>Copying the base model…</source>
        <translation>正在复制基础模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="338"/>
        <source>Loading the base model…</source>
        <translation>正在加载基础模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="339"/>
        <source>Merging the adapter into the base model…</source>
        <translation>正在把适配器合并到基础模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="340"/>
        <source>Writing the merged weights…</source>
        <translation>正在写入合并后的权重…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="341"/>
        <source>Finishing…</source>
        <translation>正在完成…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="342"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="344"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="352"/>
        <location filename="../../desktop/ui/model_export_dialog.py" line="364"/>
        <source>Cancelled. Nothing was left in the folder.</source>
        <translation>已取消。文件夹中没有留下任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="355"/>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="369"/>
        <source>Replace the folder?</source>
        <translation>替换该文件夹？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="371"/>
        <source>The folder %1 already exists and is not empty. Replace everything in it with the export?</source>
        <translation>文件夹 %1 已存在且不为空。要用导出内容替换其中的全部内容吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="379"/>
        <source>Choose another folder name, or replace the folder.</source>
        <translation>请换一个文件夹名称，或替换该文件夹。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_export_dialog.py" line="387"/>
        <source>%1 failed: %2</source>
        <translation>%1失败：%2</translation>
    </message>
</context>
<context>
    <name>RetrainDialog</name>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="66"/>
        <source>Retrain elsewhere</source>
        <translation>在别处重新训练</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="71"/>
        <source>Start the same training on another profile: the same training and validation files are uploaded again, with the same suffix and the hyperparameters below.
Job %1 (base model %2) from %3.</source>
        <translation>在另一个配置上开始同样的训练：重新上传相同的训练文件和验证文件，使用相同的后缀和下列超参数。
任务 %1（基础模型 %2），来自%3。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="88"/>
        <source>An open model of the target, e.g. tiny-random</source>
        <translation>目标上的开源模型，例如 tiny-random</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="90"/>
        <source>Start from an exported adapter…</source>
        <translation>从导出的适配器开始…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="93"/>
        <source>Import a model exported from another computer&apos;s local engine (adapter format) and train it further here.</source>
        <translation>导入从另一台电脑的本地引擎导出的模型（适配器格式），并在这里继续训练。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="111"/>
        <source>Target profile</source>
        <translation>目标配置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="112"/>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="114"/>
        <source>Suffix</source>
        <translation>后缀</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="119"/>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="127"/>
        <source>Hyperparameters (double-click a value sent to the target to change it)</source>
        <translation>超参数（双击发送给目标的值即可修改）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="156"/>
        <source>Listing the base models of %1…</source>
        <translation>正在列出 %1 的基础模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="158"/>
        <source>Listing the models of “%1”</source>
        <translation>列出“%1”的模型</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="178"/>
        <source>%n base model(s) offered by this profile.</source>
        <translation>
            <numerusform>此配置提供 %n 个基础模型。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="182"/>
        <source>Import an exported adapter folder</source>
        <translation>导入已导出的适配器文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="192"/>
        <source>Importing the model in %1…</source>
        <translation>正在导入 %1 中的模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="200"/>
        <source>Imported as %1; training starts from it.</source>
        <translation>已导入为 %1；训练将从它开始。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="207"/>
        <source>Could not import the model: %1</source>
        <translation>无法导入模型：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="209"/>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="212"/>
        <source>Importing the model in %1</source>
        <translation>导入 %1 中的模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="225"/>
        <source>Could not list the models: %1 Type the base model&apos;s name.</source>
        <translation>无法列出模型：%1 请手动输入基础模型名称。</translation>
    </message>
</context>
</TS>
