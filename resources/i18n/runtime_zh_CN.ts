<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>TrainingRuntimeDialog</name>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="42"/>
        <source>Set up local training…</source>
        <translation>设置本地训练…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="44"/>
        <source>Install, repair or remove what the local engine needs to train on this computer.</source>
        <translation>安装、修复或移除本地引擎在本机训练所需的组件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="54"/>
        <source>The local engine could not train job {job}: the training libraries are not installed yet. Install them here, then start the job again.</source>
        <translation>本地引擎无法训练任务 {job}：训练库尚未安装。请在此安装，然后重新开始该任务。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="82"/>
        <source>Set up local training</source>
        <translation>设置本地训练</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="100"/>
        <source>To fine-tune models on this computer, the local engine needs PyTorch, transformers and peft. They are not part of the app: they are large, and which PyTorch fits depends on your graphics card. Finetune Desk installs them once into its own folder; nothing else on this computer is changed.</source>
        <translation>要在本机微调模型，本地引擎需要 PyTorch、transformers 和 peft。它们没有包含在应用中：体积很大，而且适用哪个 PyTorch 版本取决于您的显卡。微调工作台会将它们一次性安装到自己的文件夹中，不会改动本机的其他任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="114"/>
        <source>Now</source>
        <translation>当前状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="122"/>
        <source>What will be installed</source>
        <translation>将要安装的内容</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="135"/>
        <source>Package sources</source>
        <translation>软件包来源</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="143"/>
        <source>PyPI (default), or a mirror&apos;s address</source>
        <translation>PyPI（默认），或镜像地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="145"/>
        <source>A mirror of PyPI, for example https://pypi.tuna.tsinghua.edu.cn/simple</source>
        <translation>PyPI 的镜像，例如 https://pypi.tuna.tsinghua.edu.cn/simple</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="147"/>
        <source>Package index:</source>
        <translation>软件包索引：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="149"/>
        <source>empty: take PyTorch from the package index</source>
        <translation>留空：从软件包索引获取 PyTorch</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="151"/>
        <source>Where the PyTorch builds for graphics cards come from; the build&apos;s name is added.</source>
        <translation>适用于显卡的 PyTorch 版本的下载来源；会自动加上版本名称。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="153"/>
        <source>PyTorch index:</source>
        <translation>PyTorch 索引：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="155"/>
        <source>one address per line</source>
        <translation>每行一个地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="157"/>
        <source>Extra indexes:</source>
        <translation>额外索引：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="159"/>
        <source>folders or pages of wheel files, one per line</source>
        <translation>存放 wheel 文件的文件夹或网页，每行一个</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="161"/>
        <source>Find links:</source>
        <translation>查找链接：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="162"/>
        <source>Also use this computer&apos;s pip settings</source>
        <translation>同时使用本机的 pip 设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="163"/>
        <source>none found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="164"/>
        <source>pip configuration files: {files}</source>
        <translation>pip 配置文件：{files}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="166"/>
        <source>Download Python if this computer has no Python 3.11 or newer</source>
        <translation>如果本机没有 Python 3.11 或更高版本，则自动下载 Python</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="169"/>
        <source>default: python-build-standalone on GitHub</source>
        <translation>默认：GitHub 上的 python-build-standalone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="170"/>
        <source>Python download mirror:</source>
        <translation>Python 下载镜像：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="188"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="201"/>
        <location filename="../../desktop/ui/runtime_dialog.py" line="301"/>
        <source>Install</source>
        <translation>安装</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="203"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="205"/>
        <source>Cancel installation</source>
        <translation>取消安装</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="255"/>
        <source>Looking at this computer&apos;s graphics card…</source>
        <translation>正在检测本机的显卡…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="257"/>
        <source>Looking at this computer&apos;s graphics card</source>
        <translation>检测本机的显卡</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="282"/>
        <source>Installed: PyTorch {torch}, transformers {transformers}, peft {peft} for {device}, in {folder}.</source>
        <translation>已安装：PyTorch {torch}、transformers {transformers}、peft {peft}，适用于 {device}，位于 {folder}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="292"/>
        <location filename="../../desktop/ui/runtime_dialog.py" line="298"/>
        <source>Repair</source>
        <translation>修复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="294"/>
        <source>Install the runtime again (changed sources or hardware).</source>
        <translation>重新安装运行环境（来源或硬件有变化时）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="300"/>
        <source>Not installed: the local engine cannot train yet.</source>
        <translation>未安装：本地引擎暂时无法训练。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="322"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="324"/>
        <source>Setting up local training</source>
        <translation>设置本地训练</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="357"/>
        <source>Cancelled. Nothing was installed.</source>
        <translation>已取消，未安装任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="367"/>
        <source>Local training is ready. The local engine now trains on {device}.</source>
        <translation>本地训练已就绪。本地引擎现在使用 {device} 训练。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="372"/>
        <source>PyTorch does not see the graphics card yet; training will use the CPU until it does (restart the computer after a driver update, then choose Repair).</source>
        <translation>PyTorch 暂时无法识别显卡，在此之前训练将使用 CPU（更新驱动后请重启电脑，然后选择“修复”）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="387"/>
        <source>Setting up local training failed: {error}</source>
        <translation>设置本地训练失败：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="392"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="398"/>
        <source>Remove the training runtime?</source>
        <translation>移除训练运行环境？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="400"/>
        <source>This deletes PyTorch and the other training libraries from {folder} (your models, jobs and data sets stay). The local engine can then no longer train until you install again.</source>
        <translation>这将从 {folder} 删除 PyTorch 及其他训练库（您的模型、任务和数据集会保留）。此后本地引擎将无法训练，直到您重新安装。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="409"/>
        <source>Removing…</source>
        <translation>正在移除…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="411"/>
        <source>Removing the training runtime</source>
        <translation>移除训练运行环境</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/runtime_dialog.py" line="419"/>
        <source>The training runtime was removed.</source>
        <translation>训练运行环境已移除。</translation>
    </message>
</context>
</TS>
