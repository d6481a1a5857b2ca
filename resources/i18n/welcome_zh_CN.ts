<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="301" />
        <source>Welcome to Finetune Desk</source>
        <translation>欢迎使用微调工作台</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="304" />
        <source>Turn a spreadsheet of examples into a fine-tuned model you have tested — on this computer with the local engine, or with OpenAI or Azure OpenAI.</source>
        <translation>把一张示例表格变成经过您测试的微调模型——在本机用本地引擎训练，或使用 OpenAI、Azure OpenAI。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="310" />
        <source>1. Bring your examples</source>
        <translation>1. 准备示例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="312" />
        <source>Open a spreadsheet or JSONL file of questions and answers. Edit it like a spreadsheet; problems are listed with their row.</source>
        <translation>打开包含问题和回答的表格或 JSONL 文件。像电子表格一样编辑；有问题的行会连同行号列出。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="317" />
        <source>2. Fine-tune</source>
        <translation>2. 微调</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="319" />
        <source>The wizard checks and fixes the data, lets you pick a provider and base model, shows the cost and starts the job.</source>
        <translation>向导检查并修正数据，让您选择服务商和基础模型，显示费用并启动任务。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="324" />
        <source>3. Test and keep</source>
        <translation>3. 测试与保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="326" />
        <source>Follow the training live, talk to the new model next to the base model, and export what you made.</source>
        <translation>实时查看训练进度，把新模型和基础模型放在一起对话，并导出您的成果。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="336" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="337" />
        <source>Try the Sample</source>
        <translation>试用示例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="339" />
        <source>Open the sample data set and train on it with the local engine, step by step.</source>
        <translation>打开示例数据集，并在本地引擎上一步步用它训练。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="341" />
        <source>Open My Spreadsheet…</source>
        <translation>打开我的表格…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="342" />
        <source>Open an Excel, LibreOffice, CSV or JSONL file (Ctrl+O).</source>
        <translation>打开 Excel、LibreOffice、CSV 或 JSONL 文件（Ctrl+O）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="345" />
        <source>The sample has 61 short questions and answers. It trains on this computer in about a minute with the built-in test model.</source>
        <translation>示例包含 61 条简短的问答。用内置的测试模型，在本机大约一分钟即可训练完。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="349" />
        <source>Open Recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="350" />
        <source>No recent files yet.</source>
        <translation>还没有最近打开的文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="351" />
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="352" />
        <source>Check Again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="353" />
        <source>Show this page when Finetune Desk starts</source>
        <translation>启动微调工作台时显示此页</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="404" />
        <source>Starting the local engine…</source>
        <translation>正在启动本地引擎…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="404" />
        <location filename="../../desktop/ui/welcome.py" line="431" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="418" />
        <source>Checking the providers</source>
        <translation>检查服务商</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="434" />
        <source>The local engine is ready on this computer.</source>
        <translation>本地引擎已在本机就绪。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="438" />
        <source>The local engine could not start: %1</source>
        <translation>本地引擎无法启动：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="439" />
        <source>Start Again</source>
        <translation>重新启动</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="444" />
        <source>The local engine is not running yet. It trains models on this computer.</source>
        <translation>本地引擎尚未运行。它在本机训练模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="445" />
        <source>Start the Local Engine</source>
        <translation>启动本地引擎</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="451" />
        <source>Start the local engine to see which models it has downloaded.</source>
        <translation>启动本地引擎后即可查看已下载的模型。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/welcome.py" line="456" />
        <source>%n local model(s) downloaded: %1</source>
        <translation><numerusform>已下载 %n 个本地模型：%1</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="457" />
        <source>Fine-tune…</source>
        <translation>微调…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="462" />
        <source>No open model is downloaded yet; the built-in test model works for trying the app.</source>
        <translation>还没有下载开放模型；内置的测试模型可用于试用本应用。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="463" />
        <source>Choose a Model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="467" />
        <source>Your OpenAI key is stored in the system keyring.</source>
        <translation>您的 OpenAI 密钥已保存在系统密钥环中。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="468" />
        <source>The OpenAI key is missing.</source>
        <translation>缺少 OpenAI 密钥。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="468" />
        <source>Enter the Key…</source>
        <translation>输入密钥…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="471" />
        <source>No OpenAI profile. Optional: add one to train on OpenAI's servers.</source>
        <translation>没有 OpenAI 配置（可选）：添加后可在 OpenAI 的服务器上训练。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="472" />
        <source>Add an OpenAI Key…</source>
        <translation>添加 OpenAI 密钥…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="476" />
        <source>The system keyring cannot be reached, so the OpenAI key cannot be read.</source>
        <translation>无法访问系统密钥环，因此读取不到 OpenAI 密钥。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="477" />
        <source>Open Providers…</source>
        <translation>打开服务商设置…</translation>
    </message>
</context>
</TS>