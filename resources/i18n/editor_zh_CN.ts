<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Autosave</name>
    <message>
        <location filename="../../desktop/ui/autosave.py" line="132"/>
        <source>Writing the recovery journal</source>
        <translation>写入恢复日志</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/autosave.py" line="162"/>
        <source>an unsaved data set</source>
        <translation>一个未保存的数据集</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/autosave.py" line="166"/>
        <source>Restore unsaved edits?</source>
        <translation>恢复未保存的修改？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/autosave.py" line="169"/>
        <source>Finetune Desk did not close cleanly last time. Restore the unsaved edits of %1?</source>
        <translation>微调工作台上次没有正常关闭。要恢复 %1 中未保存的修改吗？</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/autosave.py" line="172"/>
        <source>%Ln row(s), recorded at %1.</source>
        <translation><numerusform>%Ln 行，记录于 %1。</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/autosave.py" line="173"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/autosave.py" line="174"/>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/autosave.py" line="203"/>
        <source>Restoring unsaved edits</source>
        <translation>恢复未保存的修改</translation>
    </message>
</context>
<context>
    <name>ConversationPanel</name>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="181"/>
        <source>Add Message</source>
        <translation>添加消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="233"/>
        <source>Select a row to edit its conversation.</source>
        <translation>选择一行以编辑其对话。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="238"/>
        <source>Conversation of row %1</source>
        <translation>第 %1 行的对话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="294"/>
        <source>Add message</source>
        <translation>添加消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="307"/>
        <source>Remove message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="318"/>
        <source>Move message</source>
        <translation>移动消息</translation>
    </message>
</context>
<context>
    <name>DataEditor</name>
    <message>
        <location filename="../../desktop/ui/editor.py" line="119"/>
        <source>Filter rows (text in any column)…</source>
        <translation>筛选行（任意列中的文字）…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="174"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="175"/>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="176"/>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="177"/>
        <source>C&amp;lear Cells</source>
        <translation>清空单元格(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="179"/>
        <source>Insert Row &amp;Above</source>
        <translation>在上方插入行(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="181"/>
        <source>Insert Row &amp;Below</source>
        <translation>在下方插入行(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="183"/>
        <source>&amp;Delete Rows</source>
        <translation>删除行(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="184"/>
        <source>Move Rows &amp;Up</source>
        <translation>上移行(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="186"/>
        <source>Move Rows Do&amp;wn</source>
        <translation>下移行(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="189"/>
        <source>Sort by Column, A→Z</source>
        <translation>按此列排序（A→Z）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="192"/>
        <source>Sort by Column, Z→A</source>
        <translation>按此列排序（Z→A）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="182"/>
        <source>Duplicat&amp;e Rows</source>
        <translation>复制行(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="194"/>
        <source>Filte&amp;r Rows</source>
        <translation>筛选行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="195"/>
        <source>&amp;Select All</source>
        <translation>全选(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="341"/>
        <location filename="../../desktop/ui/editor.py" line="347"/>
        <source>Insert row</source>
        <translation>插入行</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/editor.py" line="354"/>
        <source>Delete %n row(s)</source>
        <translation><numerusform>删除 %n 行</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/editor.py" line="371"/>
        <source>Duplicate %n row(s)</source>
        <translation><numerusform>复制 %n 行</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="390"/>
        <source>Move rows</source>
        <translation>移动行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="408"/>
        <source>Sort by %1</source>
        <translation>按“%1”排序</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="425"/>
        <source>Sorting…</source>
        <translation>正在排序…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="437"/>
        <location filename="../../desktop/ui/editor.py" line="574"/>
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="462"/>
        <source>Cut</source>
        <translation>剪切</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="472"/>
        <source>Clear cells</source>
        <translation>清空单元格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="521"/>
        <location filename="../../desktop/ui/editor.py" line="523"/>
        <location filename="../../desktop/ui/editor.py" line="525"/>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="558"/>
        <source>Filtering…</source>
        <translation>正在筛选…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editor.py" line="579"/>
        <source>Filtering rows</source>
        <translation>筛选行</translation>
    </message>
</context>
<context>
    <name>DatasetTableModel</name>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="42"/>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="43"/>
        <source>Completion</source>
        <translation>补全</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="44"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="45"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="46"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="47"/>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="48"/>
        <source>Preferred</source>
        <translation>优选</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="49"/>
        <source>Non-preferred</source>
        <translation>非优选</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="152"/>
        <source>Line %1 of %2 (JSON Lines files are numbered by line, from 1)</source>
        <translation>%2 的第 %1 行（JSON Lines 文件按行编号，从 1 开始）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="156"/>
        <source>Row %1 of %2, as the spreadsheet numbers it (the headers take row 1, so data starts at 2)</source>
        <translation>%2 的第 %1 行，与电子表格中的行号一致（标题占第 1 行，数据从第 2 行开始）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="160"/>
        <source>the source file</source>
        <translation>源文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="274"/>
        <source>Extra column from the source file: kept when saving as CSV or XLSX, not exported</source>
        <translation>源文件中的额外列：另存为 CSV 或 XLSX 时保留，不导出用于训练</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="291"/>
        <source>Added in the editor: numbered once the data set is saved</source>
        <translation>在编辑器中添加：保存数据集后编号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/table_model.py" line="325"/>
        <source>Edit cell</source>
        <translation>编辑单元格</translation>
    </message>
</context>
<context>
    <name>ErrorDetailsDialog</name>
    <message>
        <location filename="../../desktop/ui/notification_bar.py" line="27"/>
        <source>Error details</source>
        <translation>错误详情</translation>
    </message>
</context>
<context>
    <name>FileFlow</name>
    <message numerus="yes">
        <source>Saved %Ln row(s) to %1</source>
        <translation><numerusform>已将 %Ln 行保存到 %1</numerusform></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>The data set has changes that are not saved. Save them first?</source>
        <translation>数据集有尚未保存的修改。要先保存吗？</translation>
    </message>
    <message>
        <source>Open data set</source>
        <translation>打开数据集</translation>
    </message>
    <message>
        <source>Data sets (%1);;All files (*)</source>
        <translation>数据集 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>正在打开 %1</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Showing the first %1 rows while the rest is read…</source>
        <translation>正在读取其余部分，先显示前 %1 行…</translation>
    </message>
    <message>
        <source>Reading the first rows of %1</source>
        <translation>读取 %1 的前几行</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近打开的文件</translation>
    </message>
    <message>
        <source>%1 no longer exists.</source>
        <translation>%1 已不存在。</translation>
    </message>
    <message>
        <source>Overwrite the source file?</source>
        <translation>覆盖源文件？</translation>
    </message>
    <message>
        <source>%1 is the spreadsheet the data came from. Overwrite it with the edited data? A backup copy of the original is kept next to it.</source>
        <translation>%1 是数据来源的表格文件。要用编辑后的数据覆盖它吗？原文件会在同一文件夹中保留一份备份。</translation>
    </message>
    <message>
        <source>Overwrite, Keep Backup</source>
        <translation>覆盖并保留备份</translation>
    </message>
    <message>
        <source>Save as JSONL…</source>
        <translation>另存为 JSONL…</translation>
    </message>
    <message>
        <source>Wait until the whole file has been read.</source>
        <translation>请等整个文件读取完毕。</translation>
    </message>
    <message>
        <source>JSON Lines for training (*.jsonl)</source>
        <translation>用于训练的 JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>CSV spreadsheet (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Save data set as</source>
        <translation>数据集另存为</translation>
    </message>
    <message>
        <source>Saving %1…</source>
        <translation>正在保存 %1…</translation>
    </message>
    <message>
        <source>backup: %1</source>
        <translation>备份：%1</translation>
    </message>
    <message>
        <source>Saving %1</source>
        <translation>保存 %1</translation>
    </message>
</context>
<context>
    <name>FindReplaceDialog</name>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="84"/>
        <source>Find and Replace</source>
        <translation>查找和替换</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="88"/>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="89"/>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="90"/>
        <source>In selection only</source>
        <translation>仅在选区内</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="93"/>
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="94"/>
        <source>&amp;Replace</source>
        <translation>替换(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="95"/>
        <source>Replace &amp;All</source>
        <translation>全部替换(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="96"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="100"/>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="101"/>
        <source>Replace with:</source>
        <translation>替换为：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="135"/>
        <source>Type what to find.</source>
        <translation>请输入要查找的内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="140"/>
        <source>Not a valid regular expression: %1</source>
        <translation>不是有效的正则表达式：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="169"/>
        <source>Not found.</source>
        <translation>未找到。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="188"/>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/find_replace.py" line="210"/>
        <source>Replace all</source>
        <translation>全部替换</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/find_replace.py" line="213"/>
        <source>Replaced %Ln match(es) in %1.</source>
        <translation><numerusform>在 %1中替换了 %Ln 处。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/find_replace.py" line="214"/>
        <source>%Ln row(s)</source>
        <translation><numerusform>%Ln 行</numerusform></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="135"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="201"/>
        <location filename="../../desktop/ui/main_window.py" line="223"/>
        <source>Prompt / Completion</source>
        <translation>提示 / 补全</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="202"/>
        <location filename="../../desktop/ui/main_window.py" line="224"/>
        <source>Chat Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="203"/>
        <location filename="../../desktop/ui/main_window.py" line="225"/>
        <source>Preference Pairs (DPO)</source>
        <translation>偏好对（DPO）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="207"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="208"/>
        <source>Open Sa&amp;mple Data Set</source>
        <translation>打开示例数据集(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="209"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="210"/>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="211"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="213"/>
        <location filename="../../desktop/ui/main_window.py" line="294"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="215"/>
        <location filename="../../desktop/ui/main_window.py" line="295"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="218"/>
        <source>&amp;Find and Replace…</source>
        <translation>查找和替换(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="232"/>
        <source>&amp;About Finetune Desk</source>
        <translation>关于微调工作台(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="236"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="237"/>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="241"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="250"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="262"/>
        <source>&amp;Data</source>
        <translation>数据(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="263"/>
        <source>Example &amp;Kind</source>
        <translation>样本类型(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="268"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="271"/>
        <source>&amp;Problems Panel</source>
        <translation>问题面板(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="273"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="286"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="292"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="293"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="296"/>
        <source>Insert Row</source>
        <translation>插入行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="297"/>
        <source>Duplicate</source>
        <translation>复制行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="298"/>
        <source>Delete Rows</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="299"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="302"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="361"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="362"/>
        <source>Finetune Desk</source>
        <translation>微调工作台</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/main_window.py" line="371"/>
        <location filename="../../desktop/ui/main_window.py" line="648"/>
        <source>%Ln row(s)</source>
        <translation><numerusform>%Ln 行</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/main_window.py" line="650"/>
        <source>%Ln row(s) could not be read (see Problems)</source>
        <translation><numerusform>%Ln 行无法读取（见“问题”面板）</numerusform></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="375"/>
        <source>%1 selected</source>
        <translation>已选 %1 行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="380"/>
        <location filename="../../desktop/ui/main_window.py" line="424"/>
        <source>%1 characters in selection</source>
        <translation>选区 %1 字符</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="390"/>
        <source>about %1 characters</source>
        <translation>约 %1 字符</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="409"/>
        <source>Counting characters…</source>
        <translation>正在统计字符…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="427"/>
        <location filename="../../desktop/ui/main_window.py" line="459"/>
        <source>Counting characters</source>
        <translation>统计字符数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="457"/>
        <source>%1 characters</source>
        <translation>共 %1 字符</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="486"/>
        <location filename="../../desktop/ui/main_window.py" line="941"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="661"/>
        <source>Row %1 was not opened: it could not be read.</source>
        <translation>第 %1 行未打开：它无法读取。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="860"/>
        <source>Change example kind</source>
        <translation>更改样本类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="881"/>
        <source>running at %1</source>
        <translation>运行于 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="882"/>
        <source>not started (it starts when a job or test needs it)</source>
        <translation>未启动（任务或测试需要时会自动启动）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="942"/>
        <source>The data set has changes that are not saved. Save them before closing?</source>
        <translation>数据集有尚未保存的修改。关闭前要保存吗？</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="135"/>
        <source>Open %1: columns</source>
        <translation>打开 %1：列对应</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="140"/>
        <source>%1 (empty)</source>
        <translation>%1（空）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="144"/>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="152"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="154"/>
        <source>The row that holds the column names (none: the table has no such row)</source>
        <translation>列名所在的行（无：表格没有列名行）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="161"/>
        <source>Prompt / completion</source>
        <translation>提示 / 补全</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="162"/>
        <source>Chat conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="163"/>
        <source>Preference pairs (DPO)</source>
        <translation>偏好对（DPO）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="165"/>
        <source>Which column fills each part</source>
        <translation>每一部分取自哪一列</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="185"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="193"/>
        <source>Kind of example:</source>
        <translation>样本类型：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="198"/>
        <source>Header row:</source>
        <translation>列名行：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="207"/>
        <source>Preview:</source>
        <translation>预览：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="224"/>
        <source>Column names are on row %1; the data starts below them.</source>
        <translation>列名在第 %1 行，数据从其下一行开始。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="229"/>
        <source>No row of column names was found: columns go by letter.</source>
        <translation>没有找到列名行：各列按字母命名。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="240"/>
        <source>Text encoding: %1</source>
        <translation>文本编码：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="242"/>
        <source>How cells were read:</source>
        <translation>单元格的读取方式：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="249"/>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="250"/>
        <source>Completion</source>
        <translation>补全</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="251"/>
        <source>System message</source>
        <translation>系统消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="252"/>
        <source>User message</source>
        <translation>用户消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="253"/>
        <source>Assistant reply</source>
        <translation>助手回复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="254"/>
        <source>Whole conversation (JSON)</source>
        <translation>整段对话（JSON）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="255"/>
        <source>Tools (JSON)</source>
        <translation>工具（JSON）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="256"/>
        <source>Input (user message)</source>
        <translation>输入（用户消息）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="257"/>
        <source>Preferred reply</source>
        <translation>优选回复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="258"/>
        <source>Non-preferred reply</source>
        <translation>非优选回复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="269"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="294"/>
        <source>Kept in the editor but not exported for training: %1</source>
        <translation>保留在编辑器中，但不导出用于训练：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="338"/>
        <source>Reading sheet %1…</source>
        <translation>正在读取工作表 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="350"/>
        <source>Reading sheet %1 of %2</source>
        <translation>读取 %2 的工作表 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="385"/>
        <source>Reading rows…</source>
        <translation>正在读取各行…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mapping_dialog.py" line="387"/>
        <source>Opening %1</source>
        <translation>正在打开 %1</translation>
    </message>
</context>
<context>
    <name>MessageEditor</name>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="50"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="52"/>
        <source>name (optional)</source>
        <translation>名称（可选）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="54"/>
        <source>weight: default</source>
        <translation>权重：默认</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="55"/>
        <source>weight 1: learn</source>
        <translation>权重 1：学习</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="56"/>
        <source>weight 0: skip</source>
        <translation>权重 0：跳过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="59"/>
        <source>Whether the model learns from this assistant message</source>
        <translation>模型是否从这条助手消息中学习</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="61"/>
        <source>Move message up</source>
        <translation>上移消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="64"/>
        <source>Move message down</source>
        <translation>下移消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="67"/>
        <source>Remove message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="70"/>
        <source>Message text</source>
        <translation>消息内容</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="122"/>
        <source>Edit message</source>
        <translation>编辑消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="134"/>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="145"/>
        <source>Change weight</source>
        <translation>更改权重</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_panel.py" line="156"/>
        <source>Change name</source>
        <translation>更改名称</translation>
    </message>
</context>
<context>
    <name>MultiLineDelegate</name>
    <message>
        <location filename="../../desktop/ui/delegate.py" line="41"/>
        <source>Enter saves the cell, Alt+Enter starts a new line, Esc cancels</source>
        <translation>Enter 保存单元格，Alt+Enter 换行，Esc 取消</translation>
    </message>
</context>
<context>
    <name>NotificationBar</name>
    <message>
        <location filename="../../desktop/ui/notification_bar.py" line="54"/>
        <source>Details…</source>
        <translation>详情…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/notification_bar.py" line="55"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/notification_bar.py" line="71"/>
        <source>(%1 more)</source>
        <translation>（另有 %1 条）</translation>
    </message>
</context>
<context>
    <name>ProblemsDock</name>
    <message>
        <location filename="../../desktop/ui/problems.py" line="99"/>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/problems.py" line="101"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../../desktop/ui/problems.py" line="53"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/problems.py" line="53"/>
        <source>Row / line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/problems.py" line="53"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/problems.py" line="53"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
</TS>