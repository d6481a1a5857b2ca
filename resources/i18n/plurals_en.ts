<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Autosave</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/autosave.py" line="172"/>
        <source>%Ln row(s), recorded at %1.</source>
        <translation><numerusform>%Ln row, recorded at %1.</numerusform><numerusform>%Ln rows, recorded at %1.</numerusform></translation>
    </message>
</context>
<context>
    <name>DataEditor</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/editor.py" line="354"/>
        <source>Delete %n row(s)</source>
        <translation><numerusform>Delete %n row</numerusform><numerusform>Delete %n rows</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/editor.py" line="371"/>
        <source>Duplicate %n row(s)</source>
        <translation><numerusform>Duplicate %n row</numerusform><numerusform>Duplicate %n rows</numerusform></translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/data_page.py" line="104"/>
        <location filename="../../desktop/ui/wizard/data_page.py" line="483"/>
        <source>Apply %Ln recommended fix(es)…</source>
        <translation><numerusform>Apply %Ln recommended fix…</numerusform><numerusform>Apply %Ln recommended fixes…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/data_page.py" line="197"/>
        <source>Checking the examples (%Ln)…</source>
        <translation><numerusform>Checking the examples (%Ln)…</numerusform><numerusform>Checking the examples (%Ln)…</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/data_page.py" line="265"/>
        <source>Training is blocked until every error is fixed (errors left: %n). Fix them here or in the editor (double-click a finding to show its row).</source>
        <translation><numerusform>Training is blocked until every error is fixed (errors left: %n). Fix them here or in the editor (double-click a finding to show its row).</numerusform><numerusform>Training is blocked until every error is fixed (errors left: %n). Fix them here or in the editor (double-click a finding to show its row).</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/data_page.py" line="279"/>
        <source>Look at the warnings (%n) before you go on.</source>
        <translation><numerusform>Look at the warnings (%n) before you go on.</numerusform><numerusform>Look at the warnings (%n) before you go on.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/data_page.py" line="323"/>
        <source>Examples: %Ln</source>
        <translation><numerusform>Examples: %Ln</numerusform><numerusform>Examples: %Ln</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/data_page.py" line="332"/>
        <source>Marked for validation: %Ln.</source>
        <translation><numerusform>Marked for validation: %Ln.</numerusform><numerusform>Marked for validation: %Ln.</numerusform></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/keep/export_dialog.py" line="147"/>
        <source>Finished; %n item(s) could not be saved (see the report).</source>
        <translation><numerusform>Finished; %n item could not be saved (see the report).</numerusform><numerusform>Finished; %n items could not be saved (see the report).</numerusform></translation>
    </message>
</context>
<context>
    <name>FileFlow</name>
    <message numerus="yes">
        <source>Saved %Ln row(s) to %1</source>
        <translation><numerusform>Saved %Ln row to %1</numerusform><numerusform>Saved %Ln rows to %1</numerusform></translation>
    </message>
</context>
<context>
    <name>FindReplaceDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/find_replace.py" line="213"/>
        <source>Replaced %Ln match(es) in %1.</source>
        <translation><numerusform>Replaced %Ln match in %1.</numerusform><numerusform>Replaced %Ln matches in %1.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/find_replace.py" line="214"/>
        <source>%Ln row(s)</source>
        <translation><numerusform>%Ln row</numerusform><numerusform>%Ln rows</numerusform></translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/findings_model.py" line="156"/>
        <source>(+%n more)</source>
        <translation><numerusform>(+%n more)</numerusform><numerusform>(+%n more)</numerusform></translation>
    </message>
</context>
<context>
    <name>FixPreviewDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/fix_dialogs.py" line="88"/>
        <source>Rows this fix changes: %Ln.</source>
        <translation><numerusform>Rows this fix changes: %Ln.</numerusform><numerusform>Rows this fix changes: %Ln.</numerusform></translation>
    </message>
</context>
<context>
    <name>InventoryTableModel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/keep/inventory_model.py" line="111"/>
        <source>%1 (%n days left)</source>
        <translation><numerusform>%1 (%n day left)</numerusform><numerusform>%1 (%n days left)</numerusform></translation>
    </message>
</context>
<context>
    <name>KeepPage</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/keep/page.py" line="486"/>
        <source>New fine-tuning jobs stop in %n days, on %1. Export now, record golden answers, retrain elsewhere.</source>
        <translation><numerusform>New fine-tuning jobs stop in %n day, on %1. Export now, record golden answers, retrain elsewhere.</numerusform><numerusform>New fine-tuning jobs stop in %n days, on %1. Export now, record golden answers, retrain elsewhere.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/keep/page.py" line="518"/>
        <location filename="../../desktop/ui/keep/page.py" line="550"/>
        <source>%n item(s).</source>
        <translation><numerusform>%n item.</numerusform><numerusform>%n items.</numerusform></translation>
    </message>
</context>
<context>
    <name>LocalModelsPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/local_models.py" line="309"/>
        <source>Open models the local engine can fine-tune on this computer: %n. Downloaded ones work offline; the others are downloaded once.</source>
        <translation><numerusform>Open models the local engine can fine-tune on this computer: %n. Downloaded ones work offline; the others are downloaded once.</numerusform><numerusform>Open models the local engine can fine-tune on this computer: %n. Downloaded ones work offline; the others are downloaded once.</numerusform></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/main_window.py" line="385"/>
        <location filename="../../desktop/ui/main_window.py" line="662"/>
        <source>%Ln row(s)</source>
        <translation><numerusform>%Ln row</numerusform><numerusform>%Ln rows</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/main_window.py" line="664"/>
        <source>%Ln row(s) could not be read (see Problems)</source>
        <translation><numerusform>%Ln row could not be read (see Problems)</numerusform><numerusform>%Ln rows could not be read (see Problems)</numerusform></translation>
    </message>
</context>
<context>
    <name>MethodPage</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/method_page.py" line="348"/>
        <source>%Ln training steps</source>
        <translation><numerusform>%Ln training step</numerusform><numerusform>%Ln training steps</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/method_page.py" line="373"/>
        <source>Examples marked for validation in the table: %Ln.</source>
        <translation><numerusform>Examples marked for validation in the table: %Ln.</numerusform><numerusform>Examples marked for validation in the table: %Ln.</numerusform></translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/wizard/model_page.py" line="251"/>
        <source>Models listed by the provider: %n; the catalog adds what it knows about them.</source>
        <translation><numerusform>Models listed by the provider: %n; the catalog adds what it knows about them.</numerusform><numerusform>Models listed by the provider: %n; the catalog adds what it knows about them.</numerusform></translation>
    </message>
</context>
<context>
    <name>RetrainDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/keep/retrain_dialog.py" line="178"/>
        <source>%n base model(s) offered by this profile.</source>
        <translation><numerusform>%n base model offered by this profile.</numerusform><numerusform>%n base models offered by this profile.</numerusform></translation>
    </message>
</context>
<context>
    <name>TestTab</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/testtab/widget.py" line="79"/>
        <source>%n model(s) available</source>
        <translation><numerusform>%n model available</numerusform><numerusform>%n models available</numerusform></translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/welcome.py" line="458"/>
        <source>%n local model(s) downloaded: %1</source>
        <translation><numerusform>%n local model downloaded: %1</numerusform><numerusform>%n local models downloaded: %1</numerusform></translation>
    </message>
</context>
</TS>