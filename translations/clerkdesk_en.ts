<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>clerk::DocumentViewer</name>
    <message numerus="yes">
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n hit</numerusform>
            <numerusform>%n hits</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::MainWindow</name>
    <message numerus="yes">
        <source>%n change(s) need your decision (see the banner on the request).</source>
        <translation>
            <numerusform>%n change needs your decision (see the banner on the request).</numerusform>
            <numerusform>%n changes need your decision (see the banner on the request).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not yet sent</source>
        <translation>
            <numerusform>%n change not yet sent</numerusform>
            <numerusform>%n changes not yet sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) your decision</source>
        <translation><numerusform>%n needs your decision</numerusform><numerusform>%n need your decision</numerusform></translation>
    </message>
</context>
<context>
    <name>clerk::ViewsModel</name>
    <message numerus="yes">
        <source>%1, %n request(s)</source>
        <translation>
            <numerusform>%1, %n request</numerusform>
            <numerusform>%1, %n requests</numerusform>
        </translation>
    </message>
</context>
</TS>