<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop/ui/about.py" line="42"/>
        <source>About Finetune Desk</source>
        <translation>关于微调工作台</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="45"/>
        <source>Finetune Desk</source>
        <translation>微调工作台</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="47"/>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="49"/>
        <source>From a spreadsheet of examples to a fine-tuned model you have tested.</source>
        <translation>从一张示例表格，到一个经过您测试的微调模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="52"/>
        <source>Licence: %1</source>
        <translation>许可证：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="54"/>
        <source>Local engine: version %1 — %2</source>
        <translation>本地引擎：版本 %1 — %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="58"/>
        <source>Documentation</source>
        <translation>文档</translation>
    </message>
</context>
<context>
    <name>LanguageSwitcher</name>
    <message>
        <location filename="../../desktop/ui/language_switch.py" line="51"/>
        <source>Change the language</source>
        <translation>切换语言</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/language_switch.py" line="51"/>
        <source>Follow the new colours</source>
        <translation>采用新的配色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/language_switch.py" line="54"/>
        <source>The system changed between light and dark. Redrawing the windows closes the open fine-tune wizard; a job it started goes on and stays on the Jobs page. Redraw now? (Otherwise a few colours keep their old shade until Finetune Desk starts again.)</source>
        <translation>系统在浅色和深色之间切换了。重新绘制窗口会关闭打开的微调向导；它已启动的任务会继续运行，并保留在“任务”页中。现在重新绘制吗？（否则部分颜色要到下次启动微调工作台时才会更新。）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/language_switch.py" line="60"/>
        <source>The fine-tune wizard is open. Changing the language closes it; a job it started goes on and stays on the Jobs page. Change the language now?</source>
        <translation>微调向导正在打开。切换语言会关闭它；它已启动的任务会继续运行，并保留在“任务”页中。现在切换语言吗？</translation>
    </message>
</context>
<context>
    <name>ProviderServices</name>
    <message>
        <source>Provider profiles</source>
        <translation>服务商配置</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="45"/>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="46"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="47"/>
        <source>Keep</source>
        <translation>保管</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="100"/>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="105"/>
        <source>&amp;Welcome</source>
        <translation>欢迎(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="106"/>
        <source>The first steps, the sample and the providers' state.</source>
        <translation>入门步骤、示例数据和服务商状态。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="153"/>
        <source>Add example from the test tab</source>
        <translation>从测试页添加样例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="163"/>
        <source>This conversation cannot be added to a data set of another kind ({kind}).</source>
        <translation>此对话无法添加到另一种类型（{kind}）的数据集中。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="173"/>
        <source>Fine-tune…</source>
        <translation>微调…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="176"/>
        <source>Check the data, choose a provider and model, see the cost, and start a job.</source>
        <translation>检查数据，选择服务商和模型，查看费用，然后开始任务。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="179"/>
        <source>Providers and keys…</source>
        <translation>服务商与密钥…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="181"/>
        <source>Add, edit and test provider profiles; keys go to the keyring.</source>
        <translation>添加、编辑并测试服务商配置；密钥保存在系统钥匙串中。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="187"/>
        <source>Fine-&amp;tune</source>
        <translation>微调(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench.py" line="198"/>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
</context>
</TS>