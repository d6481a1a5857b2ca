<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AzureDeploymentsModel</name>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="142"/>
        <source>Fine-tuned model</source>
        <translation>微调模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="144"/>
        <source>Deployment name</source>
        <translation>部署名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="153"/>
        <source>The deployment's name as shown in the Azure AI Foundry portal</source>
        <translation>Azure AI Foundry 门户中显示的部署名称</translation>
    </message>
</context>
<context>
    <name>ConnectionModelsModel</name>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="199"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="201"/>
        <source>Fine-tune here</source>
        <translation>可在此微调</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="203"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="216"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="217"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="217"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="219"/>
        <source>fine-tuned</source>
        <translation>已微调</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="225"/>
        <source>This server does not say which models it can fine-tune.</source>
        <translation>此服务器未说明哪些模型可以微调。</translation>
    </message>
</context>
<context>
    <name>ProfileEditor</name>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="45"/>
        <source>optional, e.g. org-…</source>
        <translation>可选，例如 org-…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="47"/>
        <source>optional, e.g. proj_…</source>
        <translation>可选，例如 proj_…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="51"/>
        <source>empty: the system's proxy settings</source>
        <translation>留空：使用系统代理设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="55"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="61"/>
        <source>empty: huggingface.co; a mirror, e.g. https://hf-mirror.com</source>
        <translation>留空：huggingface.co；也可填镜像，例如 https://hf-mirror.com</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="65"/>
        <source>Where the local engine downloads base models from. A mirror helps where huggingface.co is slow or blocked. The engine restarts to use a new source; running jobs resume.</source>
        <translation>本地引擎下载基础模型的来源。在 huggingface.co 访问缓慢或无法访问时，镜像会有帮助。更换来源后引擎会重新启动；正在运行的任务会继续。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="83"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="84"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="85"/>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="86"/>
        <source>Organisation</source>
        <translation>组织</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="87"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="88"/>
        <source>API version</source>
        <translation>API 版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="89"/>
        <location filename="../../desktop/ui/profiles/editor.py" line="240"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="90"/>
        <source>HTTP proxy</source>
        <translation>HTTP 代理</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="91"/>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="92"/>
        <source>Retries</source>
        <translation>重试次数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="93"/>
        <source>Model downloads</source>
        <translation>模型下载源</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="100"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="101"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="103"/>
        <source>On Azure a fine-tuned model answers only once it is deployed. Deploy it in the &lt;a href="%1"&gt;Azure AI Foundry portal&lt;/a&gt;, then enter the deployment's name here.</source>
        <translation>在 Azure 上，微调模型只有部署后才能调用。请在 &lt;a href="%1"&gt;Azure AI Foundry 门户&lt;/a&gt;中部署它，然后在此填写部署名称。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="109"/>
        <source>Azure deployments</source>
        <translation>Azure 部署</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="232"/>
        <source>empty: https://api.openai.com/v1</source>
        <translation>留空：https://api.openai.com/v1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="233"/>
        <source>https://YOUR-RESOURCE.openai.azure.com/</source>
        <translation>https://你的资源名.openai.azure.com/</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="234"/>
        <source>e.g. http://localhost:8000/v1</source>
        <translation>例如 http://localhost:8000/v1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="235"/>
        <source>empty: the engine the app starts on this computer</source>
        <translation>留空：使用应用在本机启动的引擎</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="240"/>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="242"/>
        <source>not needed for the app's own engine</source>
        <translation>应用自带的引擎无需填写</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="244"/>
        <source>if the server needs one</source>
        <translation>如果服务器需要</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/editor.py" line="246"/>
        <source>paste the key; it is kept in the system keyring</source>
        <translation>粘贴密钥；它将保存在系统密钥环中</translation>
    </message>
</context>
<context>
    <name>ProfilesDialog</name>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="63"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="71"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="75"/>
        <source>Use this profile</source>
        <translation>使用此配置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="91"/>
        <source>Keep for this session only</source>
        <translation>仅本次会话保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="106"/>
        <location filename="../../desktop/ui/profiles/dialog.py" line="428"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="211"/>
        <source>OpenAI</source>
        <translation>OpenAI</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="212"/>
        <source>Azure OpenAI</source>
        <translation>Azure OpenAI</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="213"/>
        <source>Compatible server</source>
        <translation>兼容服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="214"/>
        <source>Local engine</source>
        <translation>本地引擎</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="234"/>
        <source>Delete profile</source>
        <translation>删除配置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="229"/>
        <source>Delete the profile “%1” and its stored key?</source>
        <translation>删除配置“%1”及其保存的密钥吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="52"/>
        <source>Providers and keys</source>
        <translation>服务商与密钥</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="231"/>
        <source>It is the profile in use; the app switches to another one.</source>
        <translation>这是正在使用的配置；删除后应用会切换到另一个配置。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="244"/>
        <location filename="../../desktop/ui/profiles/dialog.py" line="356"/>
        <source>Deleting the stored key</source>
        <translation>正在删除保存的密钥</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="266"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="284"/>
        <source>Not saved yet: the form has a problem.</source>
        <translation>尚未保存：表单中有问题。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="304"/>
        <source>Changes are saved as you go.</source>
        <translation>修改会随时自动保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="306"/>
        <source>Saved; the key is stored when you leave its field.</source>
        <translation>已保存；密钥会在您离开密钥输入框时存入密钥环。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="311"/>
        <source>Saving in the system keyring…</source>
        <translation>正在保存到系统密钥环…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="313"/>
        <location filename="../../desktop/ui/profiles/dialog.py" line="339"/>
        <source>Saving the key</source>
        <translation>保存密钥</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="330"/>
        <source>The key is saved in the system keyring.</source>
        <translation>密钥已保存到系统密钥环。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="337"/>
        <source>The key is not saved yet.</source>
        <translation>密钥尚未保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="351"/>
        <location filename="../../desktop/ui/profiles/dialog.py" line="363"/>
        <source>The key is kept for this session only (forgotten on exit).</source>
        <translation>密钥仅在本次会话中保存（退出时遗忘）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="360"/>
        <source>The app makes and keeps this engine's token itself.</source>
        <translation>此引擎的令牌由应用自动生成并保管。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="365"/>
        <source>Checking the system keyring…</source>
        <translation>正在检查系统密钥环…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="372"/>
        <location filename="../../desktop/ui/profiles/dialog.py" line="386"/>
        <source>Reading the keyring</source>
        <translation>读取密钥环</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="389"/>
        <source>A key is stored in the system keyring. Type a new one to replace it.</source>
        <translation>系统密钥环中已保存密钥。输入新密钥即可替换。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="392"/>
        <source>No key is stored for this profile.</source>
        <translation>此配置尚未保存密钥。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="415"/>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="416"/>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="419"/>
        <source>Testing the connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/dialog.py" line="435"/>
        <source>Connected: %1 models, %2 can be fine-tuned here.</source>
        <translation>连接成功：共 %1 个模型，其中 %2 个可在此微调。</translation>
    </message>
</context>
<context>
    <name>ProfilesListModel</name>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="79"/>
        <source>%1 (active)</source>
        <translation>%1（当前使用）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="81"/>
        <source>started by the app</source>
        <translation>由应用启动</translation>
    </message>
</context>
<context>
    <name>ProviderKind</name>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="31"/>
        <source>OpenAI</source>
        <translation>OpenAI</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="32"/>
        <source>Azure OpenAI</source>
        <translation>Azure OpenAI</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="33"/>
        <source>OpenAI-compatible server</source>
        <translation>兼容 OpenAI 的服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/profiles/models.py" line="34"/>
        <source>Local engine (this computer)</source>
        <translation>本地引擎（本机）</translation>
    </message>
</context>
</TS>