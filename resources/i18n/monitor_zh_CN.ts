<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CheckpointsTableModel</name>
    <message>
        <location filename="../../desktop/ui/monitor/checkpoints_model.py" line="55" />
        <source>Step</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/checkpoints_model.py" line="56" />
        <source>Checkpoint model</source>
        <translation>检查点模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/checkpoints_model.py" line="57" />
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/checkpoints_model.py" line="58" />
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/checkpoints_model.py" line="59" />
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/checkpoints_model.py" line="60" />
        <source>Full validation loss</source>
        <translation>完整验证损失</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/checkpoints_model.py" line="61" />
        <source>Training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/checkpoints_model.py" line="62" />
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
</context>
<context>
    <name>JobMonitorWidget</name>
    <message>
        <location filename="../../desktop/ui/monitor/monitor_widget.py" line="271" />
        <source>Checking fine-tuning jobs</source>
        <translation>检查微调任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/monitor_widget.py" line="280" />
        <source>Trying to reach the provider…</source>
        <translation>正在尝试连接服务商…</translation>
    </message>
</context>
<context>
    <name>JobNotifier</name>
    <message>
        <location filename="../../desktop/ui/monitor/notifier.py" line="37" />
        <source>Fine-tuning finished</source>
        <translation>微调已完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/notifier.py" line="39" />
        <source>Job %1 succeeded: %2</source>
        <translation>任务 %1 已成功：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/notifier.py" line="43" />
        <source>Fine-tuning failed</source>
        <translation>微调失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/notifier.py" line="45" />
        <source>Job %1 failed. %2</source>
        <translation>任务 %1 失败。%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/notifier.py" line="48" />
        <source>Fine-tuning cancelled</source>
        <translation>微调已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/notifier.py" line="49" />
        <source>Job %1 was cancelled.</source>
        <translation>任务 %1 已被取消。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/notifier.py" line="67" />
        <source>Finetune Desk jobs</source>
        <translation>微调工作台任务</translation>
    </message>
</context>
<context>
    <name>JobPage</name>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="67" />
        <source>← All jobs</source>
        <translation>← 全部任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="80" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="81" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="82" />
        <source>Cancel job</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="83" />
        <source>Download results…</source>
        <translation>下载结果…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="100" />
        <source>Fine-tuned model:</source>
        <translation>微调模型：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="103" />
        <source>Named when the job succeeds</source>
        <translation>任务成功后生成名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="104" />
        <source>Copy name</source>
        <translation>复制名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="106" />
        <source>Test this model</source>
        <translation>测试此模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="112" />
        <source>Export model…</source>
        <translation>导出模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="114" />
        <source>Save the model as an adapter, merged weights or an Ollama folder, to use it elsewhere.</source>
        <translation>把模型保存为适配器、合并后的权重或 Ollama 文件夹，以便在别处使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="168" />
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="169" />
        <source>Checkpoints</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="185" />
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="186" />
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="187" />
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="188" />
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="189" />
        <source>Learning rate multiplier</source>
        <translation>学习率倍数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="190" />
        <source>DPO beta</source>
        <translation>DPO beta</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="191" />
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="192" />
        <source>Suffix</source>
        <translation>后缀</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="193" />
        <source>Training file</source>
        <translation>训练文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="194" />
        <source>Validation file</source>
        <translation>验证文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="195" />
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="196" />
        <source>Finished</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="197" />
        <source>Trained tokens</source>
        <translation>已训练词元</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="198" />
        <source>Result files</source>
        <translation>结果文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="199" />
        <source>Metadata</source>
        <translation>元数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="231" />
        <source>Supervised (SFT)</source>
        <translation>监督微调（SFT）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="232" />
        <source>Direct preference optimisation (DPO)</source>
        <translation>直接偏好优化（DPO）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="233" />
        <source>Reinforcement (RFT)</source>
        <translation>强化微调（RFT）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="241" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="259" />
        <source>The job failed%1: %2</source>
        <translation>任务失败%1：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="275" />
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="304" />
        <source>Events (%1)</source>
        <translation>事件（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="306" />
        <source>Checkpoints (%1)</source>
        <translation>检查点（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="316" />
        <source>Step %v of %m</source>
        <translation>第 %v / %m 步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="320" />
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="324" />
        <source>Waiting for the first step</source>
        <translation>等待第一步</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="332" />
        <source>Estimated finish: under a minute (%1)</source>
        <translation>预计完成：不到一分钟（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="335" />
        <source>Estimated finish: in about %1 min (%2)</source>
        <translation>预计完成：约 %1 分钟后（%2）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="364" />
        <source>Cancel the job?</source>
        <translation>取消任务？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="365" />
        <source>Cancel fine-tuning job %1? Training stops and cannot be continued.</source>
        <translation>要取消微调任务 %1 吗？训练会停止，且无法继续。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="370" />
        <source>Cancelling job %1</source>
        <translation>正在取消任务 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="374" />
        <source>Pause the job?</source>
        <translation>暂停任务？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="375" />
        <source>Pause fine-tuning job %1? It stops at the next step and can be resumed later.</source>
        <translation>要暂停微调任务 %1 吗？它会在下一步停下，之后可以继续。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="380" />
        <source>Pausing job %1</source>
        <translation>正在暂停任务 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="384" />
        <source>Resume the job?</source>
        <translation>继续任务？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="385" />
        <source>Resume fine-tuning job %1 from its last checkpoint?</source>
        <translation>要从上一个检查点继续微调任务 %1 吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="388" />
        <source>Resuming job %1</source>
        <translation>正在继续任务 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="415" />
        <source>Copied %1</source>
        <translation>已复制 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="431" />
        <source>Reading the result files of job %1</source>
        <translation>正在读取任务 %1 的结果文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="443" />
        <source>Save the result file</source>
        <translation>保存结果文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="445" />
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="450" />
        <source>Save the result files in</source>
        <translation>将结果文件保存到</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="461" />
        <source>Downloading the result files</source>
        <translation>正在下载结果文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/job_page.py" line="467" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <location filename="../../desktop/ui/job_status.py" line="27" />
        <source>Validating files</source>
        <translation>正在验证文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/job_status.py" line="28" />
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/job_status.py" line="29" />
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/job_status.py" line="30" />
        <source>Pausing</source>
        <translation>正在暂停</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/job_status.py" line="31" />
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/job_status.py" line="32" />
        <source>Succeeded</source>
        <translation>已成功</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/job_status.py" line="33" />
        <source>Failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/job_status.py" line="34" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/job_status.py" line="36" />
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>JobsListWidget</name>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="44" />
        <source>Search jobs, models, suffixes…</source>
        <translation>搜索任务、模型、后缀…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="49" />
        <source>All jobs</source>
        <translation>全部任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="50" />
        <source>Active</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="51" />
        <source>Succeeded</source>
        <translation>已成功</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="52" />
        <source>Failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="53" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="60" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="96" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="100" />
        <source>Copy job ID</source>
        <translation>复制任务 ID</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="102" />
        <source>Copy fine-tuned model name</source>
        <translation>复制微调模型名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="115" />
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="145" />
        <source>No fine-tuning jobs on this provider yet.</source>
        <translation>此服务商上还没有微调任务。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="126" />
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_list.py" line="143" />
        <source>Loading jobs…</source>
        <translation>正在加载任务…</translation>
    </message>
</context>
<context>
    <name>JobsTableModel</name>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_model.py" line="68" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_model.py" line="69" />
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_model.py" line="70" />
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_model.py" line="71" />
        <source>Fine-tuned model</source>
        <translation>微调模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_model.py" line="72" />
        <source>Suffix</source>
        <translation>后缀</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_model.py" line="73" />
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_model.py" line="74" />
        <source>Finished</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/jobs_model.py" line="75" />
        <source>Trained tokens</source>
        <translation>已训练词元</translation>
    </message>
</context>
<context>
    <name>MetricsChart</name>
    <message>
        <location filename="../../desktop/ui/monitor/chart.py" line="91" />
        <source>Smooths the noisy training curves (0: off); the raw values stay visible, faintly. Validation curves are never smoothed.</source>
        <translation>平滑波动较大的训练曲线（0 表示关闭）；原始数值仍以浅色显示。验证曲线从不平滑。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/chart.py" line="96" />
        <source>Smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/chart.py" line="100" />
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/chart.py" line="101" />
        <source>Token accuracy</source>
        <translation>词元准确率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/chart.py" line="113" />
        <location filename="../../desktop/ui/monitor/chart.py" line="116" />
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/chart.py" line="114" />
        <location filename="../../desktop/ui/monitor/chart.py" line="117" />
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/chart.py" line="115" />
        <location filename="../../desktop/ui/monitor/chart.py" line="118" />
        <source>Full validation</source>
        <translation>完整验证</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/chart.py" line="128" />
        <source>Step</source>
        <translation>步数</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <location filename="../../desktop/ui/monitor/monitor_widget.py" line="45" />
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/monitor/monitor_widget.py" line="52" />
        <source>Offline: the provider could not be reached (%1 tries). %2 The monitor keeps trying.</source>
        <translation>离线：无法连接服务商（已尝试 %1 次）。%2 监视器会继续尝试。</translation>
    </message>
</context>
</TS>