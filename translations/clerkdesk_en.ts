<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>clerk::AussonderungCommands</name>
    <message numerus="yes">
        <source>The archive keeps %n request(s)</source>
        <translation>
            <numerusform>The archive keeps %n request</numerusform>
            <numerusform>The archive keeps %n requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and releases %n for destruction.</source>
        <translation>
            <numerusform>and releases %n for destruction.</numerusform>
            <numerusform>and releases %n for destruction.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) offered to %1. The offer list is written once the city backend has accepted the offer (at the next synchronisation; the request&apos;s history says so): %2</source>
        <translation>
            <numerusform>%n request offered to %1. The offer list is written once the city backend has accepted the offer (at the next synchronisation; the request&apos;s history says so): %2</numerusform>
            <numerusform>%n requests offered to %1. The offer list is written once the city backend has accepted the offer (at the next synchronisation; the request&apos;s history says so): %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The archive took over %n request(s); they leave this computer once the city backend has recorded it (at the next synchronisation).</source>
        <translation>
            <numerusform>The archive took over %n request; it leaves this computer once the city backend has recorded it (at the next synchronisation).</numerusform>
            <numerusform>The archive took over %n requests; they leave this computer once the city backend has recorded it (at the next synchronisation).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::AussonderungDialog</name>
    <message numerus="yes">
        <source>%n request(s) will be offered to the archive in an offer list (xdomea Anbieteverzeichnis 0501). The archive answers with its assessment; import it with File → Import the archive&apos;s assessment…</source>
        <translation>
            <numerusform>%n request will be offered to the archive in an offer list (xdomea Anbieteverzeichnis 0501). The archive answers with its assessment; import it with File → Import the archive&apos;s assessment…</numerusform>
            <numerusform>%n requests will be offered to the archive in an offer list (xdomea Anbieteverzeichnis 0501). The archive answers with its assessment; import it with File → Import the archive&apos;s assessment…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::DocumentViewer</name>
    <message numerus="yes">
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n hit</numerusform>
            <numerusform>%n hits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import %n annotation(s)</source>
        <translation>
            <numerusform>Import %n annotation</numerusform>
            <numerusform>Import %n annotations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n annotation(s) added.</source>
        <translation>
            <numerusform>%n annotation added.</numerusform>
            <numerusform>%n annotations added.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::HandOverCommands</name>
    <message numerus="yes">
        <source>%n request(s) handed over to %1: %2</source>
        <translation>
            <numerusform>%n request handed over to %1: %2</numerusform>
            <numerusform>%n requests handed over to %1: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::HandOverDialog</name>
    <message numerus="yes">
        <source>%n request(s) will be handed over with all documents, notes and history as an xdomea message (Abgabe 0401), which the other authority&apos;s e-file system reads.</source>
        <translation>
            <numerusform>The request will be handed over with all its documents, notes and history as an xdomea message (Abgabe 0401), which the other authority&apos;s e-file system reads.</numerusform>
            <numerusform>%n requests will be handed over with all their documents, notes and history as an xdomea message (Abgabe 0401), which the other authority&apos;s e-file system reads.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::JobProgress</name>
    <message numerus="yes">
        <source>%1 (and %n more)</source>
        <translation>
            <numerusform>%1 (and %n more)</numerusform>
            <numerusform>%1 (and %n more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::MainWindow</name>
    <message numerus="yes">
        <source>%n change(s) not yet sent</source>
        <translation>
            <numerusform>%n change not yet sent</numerusform>
            <numerusform>%n changes not yet sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) your decision</source>
        <translation>
            <numerusform>%n needs your decision</numerusform>
            <numerusform>%n need your decision</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) selected: the Request menu acts on all of them.</source>
        <translation>
            <numerusform>%n request selected: the Request menu acts on it.</numerusform>
            <numerusform>%n requests selected: the Request menu acts on all of them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>E-file imported: %n document(s).</source>
        <translation>
            <numerusform>E-file imported: %n document.</numerusform>
            <numerusform>E-file imported: %n documents.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::NoteDraftKeeper</name>
    <message numerus="yes">
        <source>%n note(s) being written could not be saved: the local database refuses them (disk full?). If you quit now, they are lost.</source>
        <translation>
            <numerusform>%n note being written could not be saved: the local database refuses it (disk full?). If you quit now, it is lost.</numerusform>
            <numerusform>%n notes being written could not be saved: the local database refuses them (disk full?). If you quit now, they are lost.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::RedactionPreview</name>
    <message numerus="yes">
        <source>%n area(s) blacked out. Pages with a redaction are now pictures without text.</source>
        <translation>
            <numerusform>%n area blacked out. Pages with a redaction are now pictures without text.</numerusform>
            <numerusform>%n areas blacked out. Pages with a redaction are now pictures without text.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::RequestActions</name>
    <message numerus="yes">
        <source>%n request(s) claimed.</source>
        <translation>
            <numerusform>%n request claimed.</numerusform>
            <numerusform>%n requests claimed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Assign %n request(s) to (a login of the team):</source>
        <translation>
            <numerusform>Assign %n request to (a login of the team):</numerusform>
            <numerusform>Assign %n requests to (a login of the team):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) assigned.</source>
        <translation>
            <numerusform>%n request assigned.</numerusform>
            <numerusform>%n requests assigned.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New status for %n request(s):</source>
        <translation>
            <numerusform>New status for %n request:</numerusform>
            <numerusform>New status for %n requests:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Status changed for %n request(s).</source>
        <translation>
            <numerusform>Status changed for %n request.</numerusform>
            <numerusform>Status changed for %n requests.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Internal note for %n request(s):</source>
        <translation>
            <numerusform>Internal note for %n request:</numerusform>
            <numerusform>Internal note for %n requests:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Note added to %n request(s).</source>
        <translation>
            <numerusform>Note added to %n request.</numerusform>
            <numerusform>Note added to %n requests.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::SyncStatusBar</name>
    <message numerus="yes">
        <source>%n change(s) need your decision (see the banner on the request).</source>
        <translation>
            <numerusform>%n change needs your decision (see the banner on the request).</numerusform>
            <numerusform>%n changes need your decision (see the banner on the request).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) the archive took over removed from this computer.</source>
        <translation>
            <numerusform>%n request the archive took over removed from this computer.</numerusform>
            <numerusform>%n requests the archive took over removed from this computer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) for the archive ready to be sent (the request&apos;s history names the file).</source>
        <translation>
            <numerusform>%n file for the archive ready to be sent (the request&apos;s history names the file).</numerusform>
            <numerusform>%n files for the archive ready to be sent (the request&apos;s history names the file).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) for the archive withdrawn: do not send them (see the sync problems).</source>
        <translation>
            <numerusform>%n file for the archive withdrawn: do not send it (see the sync problems).</numerusform>
            <numerusform>%n files for the archive withdrawn: do not send them (see the sync problems).</numerusform>
        </translation>
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
<context>
    <name>clerk::WindowActions</name>
    <message numerus="yes">
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n hit</numerusform>
            <numerusform>%n hits</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::XdomeaCommands</name>
    <message numerus="yes">
        <source>xdomea message imported: %n request(s).</source>
        <translation>
            <numerusform>xdomea message imported: %n request.</numerusform>
            <numerusform>xdomea message imported: %n requests.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::pdf::PdfExport</name>
    <message numerus="yes">
        <source>%n form field(s)</source>
        <translation>
            <numerusform>%n form field</numerusform>
            <numerusform>%n form fields</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s)</source>
        <translation>
            <numerusform>%n attachment</numerusform>
            <numerusform>%n attachments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bookmark(s)</source>
        <translation>
            <numerusform>%n bookmark</numerusform>
            <numerusform>%n bookmarks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n script(s) or action(s)</source>
        <translation>
            <numerusform>%n script or action</numerusform>
            <numerusform>%n scripts or actions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n named destination(s)</source>
        <translation>
            <numerusform>%n named destination</numerusform>
            <numerusform>%n named destinations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page label text(s)</source>
        <translation>
            <numerusform>%n page label text</numerusform>
            <numerusform>%n page label texts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thumbnail(s)</source>
        <translation>
            <numerusform>%n thumbnail</numerusform>
            <numerusform>%n thumbnails</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n metadata record(s)</source>
        <translation>
            <numerusform>%n metadata record</numerusform>
            <numerusform>%n metadata records</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::xdomea</name>
    <message numerus="yes">
        <source>Taken over from xdomea: %1 from %2 (ProzessID %3), %n document(s)</source>
        <translation>
            <numerusform>Taken over from xdomea: %1 from %2 (ProzessID %3), %n document</numerusform>
            <numerusform>Taken over from xdomea: %1 from %2 (ProzessID %3), %n documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n annotation(s) of &quot;%1&quot; not taken over: they are on pages the PDF does not have (it has %2).</source>
        <translation>
            <numerusform>%n annotation of &quot;%1&quot; not taken over: it is on a page the PDF does not have (it has %2).</numerusform>
            <numerusform>%n annotations of &quot;%1&quot; not taken over: they are on pages the PDF does not have (it has %2).</numerusform>
        </translation>
    </message>
</context>
</TS>
