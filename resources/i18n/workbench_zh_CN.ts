<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>LanguageSwitcher</name>
    <message>
        <location filename="../../desktop/ui/language_switch.py" line="47" />
        <source>Change the language</source>
        <translation>切换语言</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/language_switch.py" line="49" />
        <source>The fine-tune wizard is open. Changing the language closes it; a job it started goes on and stays on the Jobs page. Change the language now?</source>
        <translation>微调向导正在打开。切换语言会关闭它；它已启动的任务会继续运行，并保留在“任务”页中。现在切换语言吗？</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="43" />
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="44" />
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="45" />
        <source>Keep</source>
        <translation>保管</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="95" />
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="100" />
        <source>&amp;Welcome</source>
        <translation>欢迎(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="101" />
        <source>The first steps, the sample and the providers' state.</source>
        <translation>入门步骤、示例数据和服务商状态。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="148" />
        <source>Add example from the test tab</source>
        <translation>从测试页添加样例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="158" />
        <source>This conversation cannot be added to a data set of another kind ({kind}).</source>
        <translation>此对话无法添加到另一种类型（{kind}）的数据集中。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="168" />
        <source>Fine-tune…</source>
        <translation>微调…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="171" />
        <source>Check the data, choose a provider and model, see the cost, and start a job.</source>
        <translation>检查数据，选择服务商和模型，查看费用，然后开始任务。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="174" />
        <source>Providers and keys…</source>
        <translation>服务商与密钥…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="176" />
        <source>Add, edit and test provider profiles; keys go to the keyring.</source>
        <translation>添加、编辑并测试服务商配置；密钥保存在系统钥匙串中。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="180" />
        <source>Fine-&amp;tune</source>
        <translation>微调(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="189" />
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
</context>
</TS>