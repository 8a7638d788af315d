<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CommandLine</name>
    <message>
        <source>ClerkDesk – the workstation for processing online requests of a city administration.</source>
        <translation>ClerkDesk – der Arbeitsplatz für die Bearbeitung von Online-Anträgen einer Stadtverwaltung.</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>Diese Hilfe anzeigen und beenden.</translation>
    </message>
    <message>
        <source>Show the versions and exit.</source>
        <translation>Die Versionen anzeigen und beenden.</translation>
    </message>
    <message>
        <source>User interface language (de or en).</source>
        <translation>Sprache der Oberfläche (de oder en).</translation>
    </message>
    <message>
        <source>Profile (database and sign-in) to use.</source>
        <translation>Zu verwendendes Profil (Datenbank und Anmeldung).</translation>
    </message>
    <message>
        <source>Start the training demo with synthetic data.</source>
        <translation>Die Schulungsdemo mit erfundenen Daten starten.</translation>
    </message>
    <message>
        <source>Start the demo from scratch.</source>
        <translation>Die Demo von vorn beginnen.</translation>
    </message>
    <message>
        <source>Render the main window into a PNG file and exit.</source>
        <translation>Das Hauptfenster in eine PNG-Datei zeichnen und beenden.</translation>
    </message>
    <message>
        <source>Invalid profile name: %1</source>
        <translation>Ungültiger Profilname: %1</translation>
    </message>
    <message>
        <source>Unknown language &apos;%1&apos;; use de or en.</source>
        <translation>Unbekannte Sprache „%1“; bitte de oder en angeben.</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>Unerwartetes Argument: %1</translation>
    </message>
    <message>
        <source>Demo: sign in as this demo clerk.</source>
        <translation>Demo: als diese/r Demo-Sachbearbeiter/in anmelden.</translation>
    </message>
    <message>
        <source>Demo: seconds between new requests (0 pauses).</source>
        <translation>Demo: Sekunden zwischen neuen Anträgen (0 pausiert).</translation>
    </message>
    <message>
        <source>--demo-speed takes a number of seconds (0 pauses).</source>
        <translation>--demo-speed erwartet eine Anzahl Sekunden (0 pausiert).</translation>
    </message>
    <message>
        <source>With --screenshot: the window&apos;s size, e.g. 1366x768.</source>
        <translation>Mit --screenshot: die Größe des Fensters, z. B. 1366x768.</translation>
    </message>
    <message>
        <source>With --screenshot: open the first document of the first request.</source>
        <translation>Mit --screenshot: das erste Dokument des ersten Vorgangs öffnen.</translation>
    </message>
    <message>
        <source>--screenshot-size takes WIDTHxHEIGHT, e.g. 1366x768.</source>
        <translation>--screenshot-size erwartet BREITExHÖHE, z. B. 1366x768.</translation>
    </message>
</context>
<context>
    <name>clerk::AboutDialog</name>
    <message>
        <source>About ClerkDesk</source>
        <translation>Über ClerkDesk</translation>
    </message>
    <message>
        <source>The workstation for processing online requests: one inbox, the e-file, and an encrypted offline cache.</source>
        <translation>Der Arbeitsplatz für Online-Anträge: ein Posteingang, die E-Akte und ein verschlüsselter Offline-Speicher.</translation>
    </message>
    <message>
        <source>Libraries in use:</source>
        <translation>Verwendete Bibliotheken:</translation>
    </message>
    <message>
        <source>Library versions</source>
        <translation>Bibliotheksversionen</translation>
    </message>
</context>
<context>
    <name>clerk::AnnotationHistory</name>
    <message>
        <source>Add %1</source>
        <translation>%1 hinzufügen</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>%1 ändern</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>%1 löschen</translation>
    </message>
</context>
<context>
    <name>clerk::AnnotationListModel</name>
    <message>
        <source>Stamp “%1” · page %2</source>
        <translation>Stempel „%1“ · Seite %2</translation>
    </message>
    <message>
        <source>%1 · page %2</source>
        <translation>%1 · Seite %2</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
</context>
<context>
    <name>clerk::AnnotationToolPalette</name>
    <message>
        <source>Highlight</source>
        <translation>Hervorhebung</translation>
    </message>
    <message>
        <source>Highlight text: drag over it</source>
        <translation>Text hervorheben: darüber ziehen</translation>
    </message>
    <message>
        <source>Underline</source>
        <translation>Unterstreichung</translation>
    </message>
    <message>
        <source>Underline text: drag over it</source>
        <translation>Text unterstreichen: darüber ziehen</translation>
    </message>
    <message>
        <source>Strike out</source>
        <translation>Durchstreichen</translation>
    </message>
    <message>
        <source>Strike out text: drag over it</source>
        <translation>Text durchstreichen: darüber ziehen</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Haftnotiz</translation>
    </message>
    <message>
        <source>Sticky note: click where it belongs</source>
        <translation>Haftnotiz: an die gewünschte Stelle klicken</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Text on the page: drag a box or click</source>
        <translation>Text auf der Seite: Rahmen aufziehen oder klicken</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>Zeichnen</translation>
    </message>
    <message>
        <source>Draw freehand</source>
        <translation>Freihand zeichnen</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <source>Rectangle: drag it</source>
        <translation>Rechteck: aufziehen</translation>
    </message>
    <message>
        <source>Stamp</source>
        <translation>Stempel</translation>
    </message>
    <message>
        <source>Stamp with your name and today&apos;s date: click where it goes</source>
        <translation>Stempel mit Ihrem Namen und dem heutigen Datum: an die gewünschte Stelle klicken</translation>
    </message>
    <message>
        <source>Redact</source>
        <translation>Schwärzen</translation>
    </message>
    <message>
        <source>Mark an area for redaction: drag over it (applied only in a redacted copy)</source>
        <translation>Bereich zum Schwärzen markieren: darüber ziehen (wirksam erst in einer geschwärzten Kopie)</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>Gelb</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>Grün</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Blau</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>Rot</translation>
    </message>
    <message>
        <source>Purple</source>
        <translation>Violett</translation>
    </message>
    <message>
        <source>Black</source>
        <translation>Schwarz</translation>
    </message>
    <message>
        <source>Annotation tools</source>
        <translation>Werkzeuge für Anmerkungen</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>Auswählen</translation>
    </message>
    <message>
        <source>Select, move and resize annotations; drag over text to select it</source>
        <translation>Anmerkungen auswählen, verschieben und in der Größe ändern; über Text ziehen markiert ihn</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Undo the last annotation change (%1)</source>
        <translation>Letzte Änderung an Anmerkungen rückgängig machen (%1)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Redo (%1)</source>
        <translation>Wiederholen (%1)</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>Colour of new annotations and of the selected one</source>
        <translation>Farbe neuer Anmerkungen und der ausgewählten</translation>
    </message>
</context>
<context>
    <name>clerk::AnnotationType</name>
    <message>
        <source>Highlight</source>
        <translation>Hervorhebung</translation>
    </message>
    <message>
        <source>Underline</source>
        <translation>Unterstreichung</translation>
    </message>
    <message>
        <source>Strike-out</source>
        <translation>Durchstreichung</translation>
    </message>
    <message>
        <source>Sticky note</source>
        <translation>Haftnotiz</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Drawing</source>
        <translation>Zeichnung</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <source>Stamp</source>
        <translation>Stempel</translation>
    </message>
    <message>
        <source>Redaction mark</source>
        <translation>Schwärzungsmarkierung</translation>
    </message>
</context>
<context>
    <name>clerk::ArchivingRecords</name>
    <message>
        <source>The offer list for the archive could not be released: %1</source>
        <translation>Das Anbieteverzeichnis für das Archiv konnte nicht freigegeben werden: %1</translation>
    </message>
    <message>
        <source>The delivery to the archive could not be released: %1</source>
        <translation>Die Abgabe an das Archiv konnte nicht freigegeben werden: %1</translation>
    </message>
    <message>
        <source>The city backend accepted the offer (Aussonderung %1). The offer list for the archive is ready to be sent: %2</source>
        <translation>Das Fachverfahren hat das Angebot angenommen (Aussonderung %1). Das Anbieteverzeichnis für das Archiv kann gesendet werden: %2</translation>
    </message>
    <message>
        <source>The city backend accepted the hand-over (Aussonderung %1). The delivery to the archive is ready to be sent: %2</source>
        <translation>Das Fachverfahren hat die Übergabe angenommen (Aussonderung %1). Die Abgabe an das Archiv kann versendet werden: %2</translation>
    </message>
    <message>
        <source>The withdrawn file for the archive could not be removed: %1</source>
        <translation>Die zurückgezogene Datei für das Archiv konnte nicht entfernt werden: %1</translation>
    </message>
    <message>
        <source>The delivery to the archive (Aussonderung %1) was withdrawn and not written: the city backend did not accept the hand-over of every request in it (see the sync problems). Do not send the archive an older copy of it.</source>
        <translation>Die Abgabe an das Archiv (Aussonderung %1) wurde zurückgezogen und nicht geschrieben: Das Fachverfahren hat die Übergabe nicht für alle enthaltenen Vorgänge angenommen (siehe Synchronisationsprobleme). Senden Sie dem Archiv keine ältere Kopie davon.</translation>
    </message>
    <message>
        <source>The file for the archive could not be read back: %1</source>
        <translation>Die Datei für das Archiv konnte nicht wieder gelesen werden: %1</translation>
    </message>
    <message>
        <source>The outbox could not be read.</source>
        <translation>Der Postausgang konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The file for the archive (Aussonderung %1) was changed after ClerkDesk wrote it and is not released: %2. Do not send it to the archive.</source>
        <translation>Die Datei für das Archiv (Aussonderung %1) wurde verändert, nachdem ClerkDesk sie geschrieben hat, und wird nicht freigegeben: %2. Senden Sie sie nicht an das Archiv.</translation>
    </message>
    <message>
        <source>The folder of the file for the archive cannot be reached: %1. It is released or withdrawn at the next synchronisation.</source>
        <translation>Der Ordner der Datei für das Archiv ist nicht erreichbar: %1. Sie wird bei der nächsten Synchronisation freigegeben oder zurückgezogen.</translation>
    </message>
    <message>
        <source>The file for the archive cannot be read now: %1. It is released at the next synchronisation.</source>
        <translation>Die Datei für das Archiv kann gerade nicht gelesen werden: %1. Sie wird bei der nächsten Synchronisation freigegeben.</translation>
    </message>
    <message>
        <source>The file for the archive (Aussonderung %1) was removed before it could be released: %2. Nothing was released.</source>
        <translation>Die Datei für das Archiv (Aussonderung %1) wurde entfernt, bevor sie freigegeben werden konnte: %2. Es wurde nichts freigegeben.</translation>
    </message>
    <message>
        <source>The offer list for the archive (Aussonderung %1) was withdrawn and not written: the city backend did not accept the offer of every request in it (see the sync problems). The requests it accepted can be offered again. Do not send the archive an older copy of it.</source>
        <translation>Das Anbieteverzeichnis für das Archiv (Aussonderung %1) wurde zurückgezogen und nicht geschrieben: Das Fachverfahren hat das Angebot nicht für alle enthaltenen Vorgänge angenommen (siehe Synchronisationsprobleme). Die angenommenen Vorgänge können erneut angeboten werden. Senden Sie dem Archiv keine ältere Kopie davon.</translation>
    </message>
</context>
<context>
    <name>clerk::AussonderungCommands</name>
    <message>
        <source>Offer to the &amp;archive…</source>
        <translation>Zur &amp;Archivierung anbieten…</translation>
    </message>
    <message>
        <source>Offer closed requests whose retention period has ended to the archive (xdomea 0501)</source>
        <translation>Abgeschlossene Vorgänge, deren Aufbewahrungsfrist abgelaufen ist, dem Archiv anbieten (xdomea 0501)</translation>
    </message>
    <message>
        <source>Offer to the archive</source>
        <translation>Zur Archivierung anbieten</translation>
    </message>
    <message>
        <source>Folder for the offer list</source>
        <translation>Ordner für das Anbieteverzeichnis</translation>
    </message>
    <message>
        <source>Import the archive&apos;s &amp;assessment…</source>
        <translation>&amp;Bewertung des Archivs importieren…</translation>
    </message>
    <message>
        <source>Read the archive&apos;s assessment (xdomea 0502) and write the delivery of the requests it keeps (xdomea 0503)</source>
        <translation>Die Bewertung des Archivs (xdomea 0502) lesen und die Abgabe der Vorgänge schreiben, die es übernimmt (xdomea 0503)</translation>
    </message>
    <message>
        <source>Import the archive&apos;s assessment</source>
        <translation>Bewertung des Archivs importieren</translation>
    </message>
    <message>
        <source>xdomea message (*.zip *.xml)</source>
        <translation>xdomea-Nachricht (*.zip *.xml)</translation>
    </message>
    <message>
        <source>Folder for the delivery to the archive</source>
        <translation>Ordner für die Abgabe an das Archiv</translation>
    </message>
    <message>
        <source>Import the archive&apos;s &amp;confirmation…</source>
        <translation>Archiv&amp;bestätigung importieren…</translation>
    </message>
    <message>
        <source>Read the archive&apos;s confirmation (xdomea 0506): the requests it took over are marked archived and removed from this computer</source>
        <translation>Die Bestätigung des Archivs (xdomea 0506) lesen: Die übernommenen Vorgänge werden als archiviert vermerkt und von diesem Computer entfernt</translation>
    </message>
    <message>
        <source>Import the archive&apos;s confirmation</source>
        <translation>Archivbestätigung importieren</translation>
    </message>
    <message>
        <source>Nothing was offered.

%1</source>
        <translation>Es wurde nichts angeboten.

%1</translation>
    </message>
    <message>
        <source>The archive&apos;s assessment was not imported; nothing was changed.

%1</source>
        <translation>Die Bewertung des Archivs wurde nicht importiert; es wurde nichts geändert.

%1</translation>
    </message>
    <message numerus="yes">
        <source>The archive keeps %n request(s)</source>
        <translation>
            <numerusform>Das Archiv übernimmt %n Vorgang</numerusform>
            <numerusform>Das Archiv übernimmt %n Vorgänge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and releases %n for destruction.</source>
        <translation>
            <numerusform>und gibt %n zur Vernichtung frei.</numerusform>
            <numerusform>und gibt %n zur Vernichtung frei.</numerusform>
        </translation>
    </message>
    <message>
        <source>The archive&apos;s confirmation was not imported; nothing was changed.

%1</source>
        <translation>Die Bestätigung des Archivs wurde nicht importiert; es wurde nichts geändert.

%1</translation>
    </message>
    <message>
        <source>Not taken over:</source>
        <translation>Nicht übernommen:</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) offered to %1. The offer list is written once the city backend has accepted the offer (at the next synchronisation; the request&apos;s history says so): %2</source>
        <translation>
            <numerusform>%n Vorgang %1 angeboten. Das Anbieteverzeichnis wird geschrieben, sobald das Fachverfahren das Angebot angenommen hat (bei der nächsten Synchronisation; der Verlauf des Vorgangs zeigt es an): %2</numerusform>
            <numerusform>%n Vorgänge %1 angeboten. Das Anbieteverzeichnis wird geschrieben, sobald das Fachverfahren das Angebot angenommen hat (bei der nächsten Synchronisation; der Verlauf der Vorgänge zeigt es an): %2</numerusform>
        </translation>
    </message>
    <message>
        <source>The delivery to the archive is written once the city backend has accepted the hand-over (at the next synchronisation; the request&apos;s history says so). Then send it to the archive: %1</source>
        <translation>Die Abgabe an das Archiv wird geschrieben, sobald das Fachverfahren die Übergabe angenommen hat (bei der nächsten Synchronisation; der Verlauf des Vorgangs zeigt es an). Senden Sie sie dann an das Archiv: %1</translation>
    </message>
    <message numerus="yes">
        <source>The archive took over %n request(s); they leave this computer once the city backend has recorded it (at the next synchronisation).</source>
        <translation>
            <numerusform>Das Archiv hat %n Vorgang übernommen; er wird von diesem Computer entfernt, sobald das Fachverfahren es verzeichnet hat (bei der nächsten Synchronisation).</numerusform>
            <numerusform>Das Archiv hat %n Vorgänge übernommen; sie werden von diesem Computer entfernt, sobald das Fachverfahren es verzeichnet hat (bei der nächsten Synchronisation).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::AussonderungDialog</name>
    <message>
        <source>Offer to the archive</source>
        <translation>Zur Archivierung anbieten</translation>
    </message>
    <message>
        <source>None of the selected requests can be offered to the archive yet. A request is offered when it is closed and its retention period (Aufbewahrungsfrist) has ended; the list says why each one is not ready.</source>
        <translation>Keiner der gewählten Vorgänge kann dem Archiv schon angeboten werden. Ein Vorgang wird angeboten, wenn er abgeschlossen und seine Aufbewahrungsfrist abgelaufen ist; die Liste nennt für jeden den Grund.</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) will be offered to the archive in an offer list (xdomea Anbieteverzeichnis 0501). The archive answers with its assessment; import it with File → Import the archive&apos;s assessment…</source>
        <translation>
            <numerusform>%n Vorgang wird dem Archiv in einem Anbieteverzeichnis (xdomea 0501) angeboten. Das Archiv antwortet mit seiner Bewertung; importieren Sie sie mit Datei → Bewertung des Archivs importieren…</numerusform>
            <numerusform>%n Vorgänge werden dem Archiv in einem Anbieteverzeichnis (xdomea 0501) angeboten. Das Archiv antwortet mit seiner Bewertung; importieren Sie sie mit Datei → Bewertung des Archivs importieren…</numerusform>
        </translation>
    </message>
    <message>
        <source>Selected requests</source>
        <translation>Gewählte Vorgänge</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Closed on</source>
        <translation>Abgeschlossen am</translation>
    </message>
    <message>
        <source>Kept until</source>
        <translation>Aufzubewahren bis</translation>
    </message>
    <message>
        <source>Offer</source>
        <translation>Anbieten</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>Will be offered to the archive.</source>
        <translation>Wird dem Archiv angeboten.</translation>
    </message>
    <message>
        <source>(not set: enter your authority in the settings)</source>
        <translation>(nicht eingestellt: Tragen Sie Ihre Behörde in den Einstellungen ein)</translation>
    </message>
    <message>
        <source>Offered by:</source>
        <translation>Angeboten von:</translation>
    </message>
    <message>
        <source>e.g. Stadtarchiv Stuttgart</source>
        <translation>z. B. Stadtarchiv Stuttgart</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archiv</translation>
    </message>
    <message>
        <source>&amp;Archive:</source>
        <translation>&amp;Archiv:</translation>
    </message>
    <message>
        <source>Short name of the archive</source>
        <translation>Kurzbezeichnung des Archivs</translation>
    </message>
    <message>
        <source>&amp;Short name:</source>
        <translation>&amp;Kurzbezeichnung:</translation>
    </message>
    <message>
        <source>&amp;Offer…</source>
        <translation>&amp;Anbieten…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Offered already in the Aussonderung %1, which the archive has not assessed; offered again, it leaves that one. Send the archive only the new offer list.</source>
        <translation>Bereits in der Aussonderung %1 angeboten, die das Archiv noch nicht bewertet hat; erneut angeboten, scheidet der Vorgang dort aus. Senden Sie dem Archiv nur das neue Anbieteverzeichnis.</translation>
    </message>
    <message>
        <source>yes, again</source>
        <translation>ja, erneut</translation>
    </message>
</context>
<context>
    <name>clerk::AussonderungJobs</name>
    <message>
        <source>Writing the offer list for the archive (xdomea 0501)</source>
        <translation>Anbieteverzeichnis für das Archiv wird geschrieben (xdomea 0501)</translation>
    </message>
    <message>
        <source>Importing the archive&apos;s assessment and writing the delivery (xdomea 0502, 0503)</source>
        <translation>Bewertung des Archivs wird importiert, Abgabe an das Archiv wird geschrieben (xdomea 0502, 0503)</translation>
    </message>
    <message>
        <source>Importing the archive&apos;s confirmation (xdomea 0506)</source>
        <translation>Bestätigung des Archivs wird importiert (xdomea 0506)</translation>
    </message>
</context>
<context>
    <name>clerk::BackendClient</name>
    <message>
        <source>The city CA bundle %1 could not be read.</source>
        <translation>Die CA-Zertifikate der Stadt (%1) konnten nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Your sign-in has expired. Please sign in again; your unsent work is kept.</source>
        <translation>Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an; Ihre noch nicht gesendete Arbeit bleibt erhalten.</translation>
    </message>
    <message>
        <source>The city backend does not allow this for your account.</source>
        <translation>Das Fachverfahren der Stadt erlaubt dies für Ihr Konto nicht.</translation>
    </message>
    <message>
        <source>The city backend is having trouble (%1). ClerkDesk will try again.</source>
        <translation>Das Fachverfahren der Stadt hat Probleme (%1). ClerkDesk versucht es erneut.</translation>
    </message>
    <message>
        <source>The city backend refused the request (%1).</source>
        <translation>Das Fachverfahren der Stadt hat die Anfrage abgelehnt (%1).</translation>
    </message>
    <message>
        <source>The connection to the city backend is not trustworthy (%1). Nothing was sent. Ask IT whether the city&apos;s certificate authority is configured.</source>
        <translation>Die Verbindung zum Fachverfahren der Stadt ist nicht vertrauenswürdig (%1). Es wurde nichts gesendet. Fragen Sie die IT, ob die Zertifizierungsstelle der Stadt eingerichtet ist.</translation>
    </message>
    <message>
        <source>The city backend did not answer in time. ClerkDesk will try again.</source>
        <translation>Das Fachverfahren der Stadt hat nicht rechtzeitig geantwortet. ClerkDesk versucht es erneut.</translation>
    </message>
    <message>
        <source>The city backend cannot be reached. You can keep working; changes are sent later.</source>
        <translation>Das Fachverfahren der Stadt ist nicht erreichbar. Sie können weiterarbeiten; Änderungen werden später gesendet.</translation>
    </message>
    <message>
        <source>The connection to the city backend is not trustworthy: %1. Nothing was sent.</source>
        <translation>Die Verbindung zum Fachverfahren der Stadt ist nicht vertrauenswürdig: %1. Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>The city backend sent an answer ClerkDesk cannot read. It will try again.</source>
        <translation>Das Fachverfahren der Stadt hat eine unlesbare Antwort gesendet. ClerkDesk versucht es erneut.</translation>
    </message>
    <message>
        <source>The download was interrupted.</source>
        <translation>Der Download wurde unterbrochen.</translation>
    </message>
    <message>
        <source>ClerkDesk talks to the city backend only over HTTPS, and %1 is not an HTTPS address. Nothing was sent. Ask IT for the backend&apos;s https:// address.</source>
        <translation>ClerkDesk spricht mit dem Fachverfahren der Stadt nur über HTTPS, und %1 ist keine HTTPS-Adresse. Es wurde nichts gesendet. Fragen Sie die IT nach der https://-Adresse des Fachverfahrens.</translation>
    </message>
    <message>
        <source>The request to the city backend was cancelled.</source>
        <translation>Die Anfrage an das Fachverfahren der Stadt wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>clerk::ChangePassphraseDialog</name>
    <message>
        <source>Change passphrase</source>
        <translation>Passphrase ändern</translation>
    </message>
    <message>
        <source>Choose a new passphrase of at least 8 characters. Your requests and documents on this computer are encrypted again under it; with many documents this takes a few minutes. The old passphrase no longer opens your profile afterwards.</source>
        <translation>Wählen Sie eine neue Passphrase mit mindestens 8 Zeichen. Ihre Anträge und Dokumente auf diesem Computer werden damit neu verschlüsselt; bei vielen Dokumenten dauert das einige Minuten. Die alte Passphrase öffnet Ihr Profil danach nicht mehr.</translation>
    </message>
    <message>
        <source>About changing the passphrase</source>
        <translation>Hinweise zum Ändern der Passphrase</translation>
    </message>
    <message>
        <source>&amp;Current passphrase:</source>
        <translation>&amp;Aktuelle Passphrase:</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>Aktuelle Passphrase</translation>
    </message>
    <message>
        <source>&amp;New passphrase:</source>
        <translation>&amp;Neue Passphrase:</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Neue Passphrase</translation>
    </message>
    <message>
        <source>&amp;Repeat new passphrase:</source>
        <translation>Neue Passphrase &amp;wiederholen:</translation>
    </message>
    <message>
        <source>Repeat new passphrase</source>
        <translation>Neue Passphrase wiederholen</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Encrypting your documents under the new key…</source>
        <translation>Ihre Dokumente werden mit dem neuen Schlüssel verschlüsselt …</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Documents encrypted</source>
        <translation>Verschlüsselte Dokumente</translation>
    </message>
    <message>
        <source>C&amp;hange passphrase</source>
        <translation>&amp;Passphrase ändern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>The new passphrase must have at least 8 characters.</source>
        <translation>Die neue Passphrase muss mindestens 8 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>The two new passphrases differ. Please type the new passphrase again in both fields.</source>
        <translation>Die beiden neuen Passphrasen stimmen nicht überein. Bitte geben Sie die neue Passphrase in beiden Feldern noch einmal ein.</translation>
    </message>
    <message>
        <source>The new passphrase is the same as the current one. Please choose a different one.</source>
        <translation>Die neue Passphrase ist dieselbe wie die aktuelle. Bitte wählen Sie eine andere.</translation>
    </message>
    <message>
        <source>The current passphrase is wrong. Nothing was changed; please try again.</source>
        <translation>Die aktuelle Passphrase ist falsch. Es wurde nichts geändert; bitte versuchen Sie es noch einmal.</translation>
    </message>
    <message>
        <source>Encrypting your requests under the new passphrase…</source>
        <translation>Ihre Anträge werden mit der neuen Passphrase verschlüsselt …</translation>
    </message>
    <message>
        <source>The passphrase could not be changed: %1 Please unlock ClerkDesk again.</source>
        <translation>Die Passphrase konnte nicht geändert werden: %1 Bitte entsperren Sie ClerkDesk erneut.</translation>
    </message>
    <message>
        <source>The passphrase could not be changed: %1 Your current passphrase still applies.</source>
        <translation>Die Passphrase konnte nicht geändert werden: %1 Ihre bisherige Passphrase gilt weiterhin.</translation>
    </message>
    <message>
        <source>Your requests are encrypted under the new passphrase.</source>
        <translation>Ihre Anträge sind mit der neuen Passphrase verschlüsselt.</translation>
    </message>
    <message>
        <source>Your passphrase has been changed; unlock ClerkDesk with the new one from now on. Encrypting your documents under the new key did not finish (%1). It continues the next time you unlock ClerkDesk; your documents stay readable.</source>
        <translation>Ihre Passphrase wurde geändert; entsperren Sie ClerkDesk ab jetzt mit der neuen. Das Verschlüsseln Ihrer Dokumente mit dem neuen Schlüssel wurde nicht abgeschlossen (%1). Es wird beim nächsten Entsperren von ClerkDesk fortgesetzt; Ihre Dokumente bleiben lesbar.</translation>
    </message>
    <message>
        <source>Your passphrase has been changed. From now on, unlock ClerkDesk with the new passphrase.</source>
        <translation>Ihre Passphrase wurde geändert. Entsperren Sie ClerkDesk ab jetzt mit der neuen Passphrase.</translation>
    </message>
    <message>
        <source>Finishing the encryption of your documents under your new passphrase…</source>
        <translation>Die Verschlüsselung Ihrer Dokumente mit Ihrer neuen Passphrase wird abgeschlossen …</translation>
    </message>
    <message>
        <source>Finishing the encryption of your documents</source>
        <translation>Verschlüsselung Ihrer Dokumente wird abgeschlossen</translation>
    </message>
</context>
<context>
    <name>clerk::ConflictCompareDialog</name>
    <message>
        <source>Compare your change with the server</source>
        <translation>Ihre Änderung mit dem Stand im Fachverfahren vergleichen</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; was changed on the server while you worked on it. Your change: &lt;b&gt;%2&lt;/b&gt;. Rows marked ≠ differ.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; wurde im Fachverfahren geändert, während Sie daran gearbeitet haben. Ihre Änderung: &lt;b&gt;%2&lt;/b&gt;. Mit ≠ markierte Zeilen unterscheiden sich.</translation>
    </message>
    <message>
        <source>The city backend refused your change &lt;b&gt;%1&lt;/b&gt; to &lt;b&gt;%2&lt;/b&gt;: %3. Rows marked ≠ differ.</source>
        <translation>Das Fachverfahren der Stadt hat Ihre Änderung &lt;b&gt;%1&lt;/b&gt; an &lt;b&gt;%2&lt;/b&gt; abgelehnt: %3. Mit ≠ markierte Zeilen unterscheiden sich.</translation>
    </message>
    <message>
        <source>Your version and the server&apos;s version</source>
        <translation>Ihr Stand und der Stand im Fachverfahren</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>On this computer (yours)</source>
        <translation>Auf diesem Computer (Ihr Stand)</translation>
    </message>
    <message>
        <source>On the server</source>
        <translation>Im Fachverfahren</translation>
    </message>
    <message>
        <source>Differs</source>
        <translation>Unterschiedlich</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Bearbeiter/in</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>niemand</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Antragsteller/in</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>(not known on this computer)</source>
        <translation>(auf diesem Computer nicht bekannt)</translation>
    </message>
    <message>
        <source>Your change</source>
        <translation>Ihre Änderung</translation>
    </message>
    <message>
        <source>&amp;Keep mine</source>
        <translation>&amp;Meine behalten</translation>
    </message>
    <message>
        <source>&amp;Take theirs</source>
        <translation>&amp;Stand des Fachverfahrens übernehmen</translation>
    </message>
    <message>
        <source>&amp;Discard my change</source>
        <translation>Meine Änderung &amp;verwerfen</translation>
    </message>
</context>
<context>
    <name>clerk::ContentFiles</name>
    <message>
        <source>The document&apos;s stored file is damaged.</source>
        <translation>Die gespeicherte Datei des Dokuments ist beschädigt.</translation>
    </message>
    <message>
        <source>The document&apos;s stored file is missing.</source>
        <translation>Die gespeicherte Datei des Dokuments fehlt.</translation>
    </message>
    <message>
        <source>The document&apos;s stored file is damaged or does not belong to it.</source>
        <translation>Die gespeicherte Datei des Dokuments ist beschädigt oder gehört nicht zu ihm.</translation>
    </message>
    <message>
        <source>The document could not be stored.</source>
        <translation>Das Dokument konnte nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>No random numbers for the document&apos;s encryption.</source>
        <translation>Das Dokument konnte nicht verschlüsselt werden (das Betriebssystem lieferte keine Zufallsdaten). Es wurde nichts gespeichert; versuchen Sie es erneut oder wenden Sie sich an die IT.</translation>
    </message>
    <message>
        <source>The document could not be stored (is the disk full?).</source>
        <translation>Das Dokument konnte nicht gespeichert werden (ist der Datenträger voll?).</translation>
    </message>
    <message>
        <source>The document could not be encrypted.</source>
        <translation>Das Dokument konnte nicht verschlüsselt werden.</translation>
    </message>
    <message>
        <source>The document is larger than announced and was not stored.</source>
        <translation>Das Dokument ist größer als angekündigt und wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>The document is smaller than announced and was not stored.</source>
        <translation>Das Dokument ist kleiner als angekündigt und wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>The document folder could not be written to disk.</source>
        <translation>Der Dokumentordner konnte nicht auf den Datenträger geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>clerk::ContentKeyRotation</name>
    <message>
        <source>The local database is locked.</source>
        <translation>ClerkDesk ist gesperrt. Entsperren Sie es, um weiterzuarbeiten; Ihre Arbeit ist gespeichert.</translation>
    </message>
    <message>
        <source>The re-encryption of the documents was interrupted; it continues the next time you unlock ClerkDesk.</source>
        <translation>Das Neuverschlüsseln der Dokumente wurde unterbrochen; es wird beim nächsten Entsperren von ClerkDesk fortgesetzt.</translation>
    </message>
</context>
<context>
    <name>clerk::DemoCity</name>
    <message>
        <source>The demo could not create its temporary folder.</source>
        <translation>Die Demo konnte ihren temporären Ordner nicht anlegen.</translation>
    </message>
    <message>
        <source>The demo could not start its city.</source>
        <translation>Die Demo konnte ihre Stadt nicht starten.</translation>
    </message>
    <message>
        <source>The demo city could not open a local port.</source>
        <translation>Die Demo-Stadt konnte keinen lokalen Port öffnen.</translation>
    </message>
    <message>
        <source>The colleague&apos;s change did not apply.</source>
        <translation>Die Änderung der Kollegin wurde nicht übernommen.</translation>
    </message>
</context>
<context>
    <name>clerk::DemoTrainer</name>
    <message>
        <source>Claim the oldest overdue unassigned request of your team</source>
        <translation>Übernehmen Sie den ältesten überfälligen, nicht zugewiesenen Vorgang Ihres Teams</translation>
    </message>
    <message>
        <source>Add an internal note to a request</source>
        <translation>Schreiben Sie einen Vermerk zu einem Vorgang</translation>
    </message>
    <message>
        <source>Request a missing document from an applicant</source>
        <translation>Fordern Sie bei einer antragstellenden Person fehlende Unterlagen nach</translation>
    </message>
    <message>
        <source>Resolve a sync conflict (use the button below)</source>
        <translation>Lösen Sie einen Synchronisierungskonflikt (Schaltfläche unten)</translation>
    </message>
    <message>
        <source>New request arrived: %1</source>
        <translation>Neuer Antrag eingegangen: %1</translation>
    </message>
    <message>
        <source>Open a request first; the colleague will change that one.</source>
        <translation>Öffnen Sie zuerst einen Vorgang; die Kollegin ändert dann diesen.</translation>
    </message>
    <message>
        <source>Note written at the same time as a colleague&apos;s change</source>
        <translation>Vermerk, gleichzeitig mit der Änderung einer Kollegin geschrieben</translation>
    </message>
    <message>
        <source>Export a request&apos;s e-file (Request → Export e-file…)</source>
        <translation>Exportieren Sie die E-Akte eines Vorgangs (Vorgang → E-Akte exportieren…)</translation>
    </message>
    <message>
        <source>Stamp a document of a request &quot;Genehmigt&quot; (viewer: Stamp) and approve the request</source>
        <translation>Stempeln Sie ein Dokument eines Vorgangs mit „Genehmigt“ (Dokumentansicht: Stempel) und genehmigen Sie den Vorgang</translation>
    </message>
</context>
<context>
    <name>clerk::DocumentCache</name>
    <message>
        <source>The document was not found.</source>
        <translation>Das Dokument wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>The document could not be read.</source>
        <translation>Das Dokument konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The document &quot;%1&quot; arrived damaged (checksum mismatch) and was not stored.</source>
        <translation>Das Dokument „%1“ kam beschädigt an (Prüfsumme stimmt nicht) und wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>The document is not stored on this computer yet.</source>
        <translation>Das Dokument ist noch nicht auf diesem Computer gespeichert.</translation>
    </message>
    <message>
        <source>The document could not be written out.</source>
        <translation>Das Dokument konnte nicht ausgegeben werden.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; removed from this computer&apos;s cache (storage budget); it is downloaded again when opened.</source>
        <translation>„%1“ wurde aus dem Zwischenspeicher dieses Computers entfernt (Speicherbudget); beim Öffnen wird es erneut geladen.</translation>
    </message>
    <message>
        <source>The local database is locked.</source>
        <translation>ClerkDesk ist gesperrt. Entsperren Sie es, um weiterzuarbeiten; Ihre Arbeit ist gespeichert.</translation>
    </message>
    <message>
        <source>The document&apos;s stored file is damaged.</source>
        <translation>Die gespeicherte Datei des Dokuments ist beschädigt.</translation>
    </message>
</context>
<context>
    <name>clerk::DocumentListModel</name>
    <message>
        <source> – not on this computer yet</source>
        <translation> – noch nicht auf diesem Computer</translation>
    </message>
</context>
<context>
    <name>clerk::DocumentTabs</name>
    <message>
        <source>Inbox and open documents</source>
        <translation>Posteingang und geöffnete Dokumente</translation>
    </message>
    <message>
        <source>Open documents</source>
        <translation>Geöffnete Dokumente</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <source>The inbox (Ctrl+1)</source>
        <translation>Der Posteingang (Strg+1)</translation>
    </message>
    <message>
        <source>Request %1: %2</source>
        <translation>Vorgang %1: %2</translation>
    </message>
    <message>
        <source>This document is not on this computer yet, and there is no connection to the city backend to fetch it.</source>
        <translation>Dieses Dokument ist noch nicht auf diesem Computer, und es besteht keine Verbindung zum Fachverfahren der Stadt, um es zu laden.</translation>
    </message>
    <message>
        <source>Fetching the document from the city backend…</source>
        <translation>Das Dokument wird vom Fachverfahren der Stadt geladen…</translation>
    </message>
    <message>
        <source>The document could not be read: %1
Show another tab and this one again to retry.</source>
        <translation>Das Dokument ließ sich nicht lesen: %1
Wechseln Sie zu einem anderen Reiter und zurück, um es erneut zu versuchen.</translation>
    </message>
</context>
<context>
    <name>clerk::DocumentViewer</name>
    <message>
        <source>Document viewer</source>
        <translation>Dokumentanzeige</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>This image is damaged and cannot be shown.</source>
        <translation>Dieses Bild ist beschädigt und kann nicht angezeigt werden.</translation>
    </message>
    <message>
        <source>This PDF is damaged and cannot be shown. The original is kept unchanged; ask the applicant to send it again.</source>
        <translation>Dieses PDF ist beschädigt und kann nicht angezeigt werden. Das Original bleibt unverändert; bitten Sie die antragstellende Person, es erneut zu senden.</translation>
    </message>
    <message numerus="yes">
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n Treffer</numerusform>
            <numerusform>%n Treffer</numerusform>
        </translation>
    </message>
    <message>
        <source>hit %1 of %2</source>
        <translation>Treffer %1 von %2</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>This PDF is protected by a password. Enter it to open the document:</source>
        <translation>Dieses PDF ist durch ein Passwort geschützt. Geben Sie es ein, um das Dokument zu öffnen:</translation>
    </message>
    <message>
        <source>The password is not correct. Try again:</source>
        <translation>Das Passwort stimmt nicht. Bitte erneut versuchen:</translation>
    </message>
    <message>
        <source>Password-protected PDF</source>
        <translation>Passwortgeschütztes PDF</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Text:</translation>
    </message>
    <message>
        <source>This PDF is protected by a password. Open it again and enter the password, or ask the applicant for an unprotected copy.</source>
        <translation>Dieses PDF ist durch ein Passwort geschützt. Öffnen Sie es erneut und geben Sie das Passwort ein, oder bitten Sie die antragstellende Person um eine ungeschützte Kopie.</translation>
    </message>
    <message>
        <source>This PDF is protected by a password that was not given. Ask the applicant for an unprotected copy.</source>
        <translation>Dieses PDF ist durch ein Passwort geschützt, das nicht angegeben wurde. Bitten Sie die antragstellende Person um eine ungeschützte Kopie.</translation>
    </message>
    <message>
        <source>This PDF has no pages. The original is kept unchanged; ask the applicant to send it again.</source>
        <translation>Dieses PDF hat keine Seiten. Das Original bleibt unverändert; bitten Sie die antragstellende Person, es erneut zu senden.</translation>
    </message>
    <message>
        <source>Annotations need a document of a request</source>
        <translation>Anmerkungen sind nur an Dokumenten eines Vorgangs möglich</translation>
    </message>
    <message>
        <source>Annotation not saved</source>
        <translation>Anmerkung nicht gespeichert</translation>
    </message>
    <message>
        <source>The change could not be saved: %1</source>
        <translation>Die Änderung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Sticky note</source>
        <translation>Haftnotiz</translation>
    </message>
    <message>
        <source>Text on the page</source>
        <translation>Text auf der Seite</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>%1 bearbeiten</translation>
    </message>
    <message>
        <source>Copy text</source>
        <translation>Text kopieren</translation>
    </message>
    <message>
        <source>Mark for redaction</source>
        <translation>Zum Schwärzen markieren</translation>
    </message>
    <message>
        <source>Edit text…</source>
        <translation>Text bearbeiten…</translation>
    </message>
    <message>
        <source>Other colour…</source>
        <translation>Andere Farbe…</translation>
    </message>
    <message>
        <source>Annotation colour</source>
        <translation>Farbe der Anmerkung</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Annotations can only be added to a document of a request.</source>
        <translation>Anmerkungen können nur an Dokumenten eines Vorgangs angebracht werden.</translation>
    </message>
    <message numerus="yes">
        <source>Import %n annotation(s)</source>
        <translation>
            <numerusform>%n Anmerkung importieren</numerusform>
            <numerusform>%n Anmerkungen importieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Nicht gespeichert</translation>
    </message>
    <message>
        <source>The file could not be saved: %1</source>
        <translation>Die Datei konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Save annotated copy</source>
        <translation>Kopie mit Anmerkungen speichern</translation>
    </message>
    <message>
        <source> (annotated).pdf</source>
        <translation> (mit Anmerkungen).pdf</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Redacted copy</source>
        <translation>Geschwärzte Kopie</translation>
    </message>
    <message>
        <source>There is nothing to redact yet. Mark the areas with the Redact tool (X) first.</source>
        <translation>Es ist noch nichts zum Schwärzen markiert. Markieren Sie die Bereiche zuerst mit dem Werkzeug „Schwärzen“ (X).</translation>
    </message>
    <message>
        <source>Save redacted copy</source>
        <translation>Geschwärzte Kopie speichern</translation>
    </message>
    <message>
        <source> (redacted).pdf</source>
        <translation> (geschwärzt).pdf</translation>
    </message>
    <message>
        <source>Save annotations as XFDF</source>
        <translation>Anmerkungen als XFDF speichern</translation>
    </message>
    <message>
        <source>XFDF (*.xfdf)</source>
        <translation>XFDF (*.xfdf)</translation>
    </message>
    <message>
        <source>Import annotations</source>
        <translation>Anmerkungen importieren</translation>
    </message>
    <message>
        <source>XFDF (*.xfdf *.xml)</source>
        <translation>XFDF (*.xfdf *.xml)</translation>
    </message>
    <message>
        <source>The file could not be read: %1</source>
        <translation>Die Datei konnte nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n annotation(s) added.</source>
        <translation>
            <numerusform>%n Anmerkung hinzugefügt.</numerusform>
            <numerusform>%n Anmerkungen hinzugefügt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Drucken</translation>
    </message>
</context>
<context>
    <name>clerk::EFileJobs</name>
    <message>
        <source>Exporting the e-file</source>
        <translation>E-Akte wird exportiert</translation>
    </message>
    <message>
        <source>Checking and importing the e-file</source>
        <translation>E-Akte wird geprüft und importiert</translation>
    </message>
</context>
<context>
    <name>clerk::HandOverCommands</name>
    <message>
        <source>&amp;Hand over to another authority…</source>
        <translation>An andere Behörde &amp;abgeben…</translation>
    </message>
    <message>
        <source>Hand over to another authority</source>
        <translation>An andere Behörde abgeben</translation>
    </message>
    <message>
        <source>xdomea message (*.zip)</source>
        <translation>xdomea-Nachricht (*.zip)</translation>
    </message>
    <message>
        <source>Nothing was handed over.

%1</source>
        <translation>Es wurde nichts abgegeben.

%1</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) handed over to %1: %2</source>
        <translation>
            <numerusform>%n Vorgang an %1 abgegeben: %2</numerusform>
            <numerusform>%n Vorgänge an %1 abgegeben: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::HandOverDialog</name>
    <message>
        <source>Hand over to another authority</source>
        <translation>An andere Behörde abgeben</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) will be handed over with all documents, notes and history as an xdomea message (Abgabe 0401), which the other authority&apos;s e-file system reads.</source>
        <translation>
            <numerusform>%n Vorgang wird mit allen Dokumenten, Vermerken und dem Verlauf als xdomea-Nachricht (Abgabe 0401) abgegeben, die das E-Akten-System der anderen Behörde liest.</numerusform>
            <numerusform>%n Vorgänge werden mit allen Dokumenten, Vermerken und dem Verlauf als xdomea-Nachricht (Abgabe 0401) abgegeben, die das E-Akten-System der anderen Behörde liest.</numerusform>
        </translation>
    </message>
    <message>
        <source>(not set: enter your authority in the settings)</source>
        <translation>(nicht eingestellt: Tragen Sie Ihre Behörde in den Einstellungen ein)</translation>
    </message>
    <message>
        <source>Handed over by:</source>
        <translation>Abgebende Behörde:</translation>
    </message>
    <message>
        <source>e.g. Landratsamt Böblingen</source>
        <translation>z. B. Landratsamt Böblingen</translation>
    </message>
    <message>
        <source>Receiving authority</source>
        <translation>Empfangende Behörde</translation>
    </message>
    <message>
        <source>&amp;Receiving authority:</source>
        <translation>&amp;Empfangende Behörde:</translation>
    </message>
    <message>
        <source>Short name</source>
        <translation>Kurzbezeichnung</translation>
    </message>
    <message>
        <source>&amp;Short name:</source>
        <translation>&amp;Kurzbezeichnung:</translation>
    </message>
    <message>
        <source>e.g. ags:08115000</source>
        <translation>z. B. ags:08115000</translation>
    </message>
    <message>
        <source>Authority identifier (Behördenkennung)</source>
        <translation>Behördenkennung</translation>
    </message>
    <message>
        <source>The identifier of the authority in the DVDV: prefix and key, for a municipality &quot;ags:&quot; and its official municipality key.</source>
        <translation>Die Kennung der Behörde im DVDV: Präfix und Schlüssel, für eine Gemeinde „ags:“ und ihr amtlicher Gemeindeschlüssel.</translation>
    </message>
    <message>
        <source>Authority &amp;identifier:</source>
        <translation>&amp;Behördenkennung:</translation>
    </message>
    <message>
        <source>&amp;Hand over…</source>
        <translation>&amp;Abgeben…</translation>
    </message>
</context>
<context>
    <name>clerk::InboxModel</name>
    <message>
        <source>%1 (overdue)</source>
        <translation>%1 (überfällig)</translation>
    </message>
    <message>
        <source>%1 (due soon)</source>
        <translation>%1 (bald fällig)</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Vorgangsnr.</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Antragsteller/in</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Eingegangen</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Bearbeiter/in</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Eingangskanal</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Anlagen</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <source>Not flagged</source>
        <translation>Nicht markiert</translation>
    </message>
    <message>
        <source>Flagged for follow-up</source>
        <translation>Zur Wiedervorlage markiert</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Markierung</translation>
    </message>
</context>
<context>
    <name>clerk::InboxPage</name>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Vorgangsnr.</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Antragsteller/in</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Eingegangen</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Bearbeiter/in</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Eingangskanal</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Anlagen</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Select a request in the inbox to see its details and documents.</source>
        <translation>Wählen Sie einen Vorgang im Posteingang, um Angaben und Dokumente zu sehen.</translation>
    </message>
</context>
<context>
    <name>clerk::Job</name>
    <message>
        <source>Cancelled; nothing was written.</source>
        <translation>Abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
</context>
<context>
    <name>clerk::JobProgress</name>
    <message>
        <source>%p %</source>
        <translation>%p %</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop this work; nothing half-done is kept</source>
        <translation>Diese Arbeit anhalten; nichts halb Fertiges bleibt zurück</translation>
    </message>
    <message numerus="yes">
        <source>%1 (and %n more)</source>
        <translation>
            <numerusform>%1 (und %n weitere)</numerusform>
            <numerusform>%1 (und %n weitere)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::Keyring</name>
    <message>
        <source>No key is remembered on this computer.</source>
        <translation>Auf diesem Computer ist kein Schlüssel gespeichert.</translation>
    </message>
    <message>
        <source>This computer has no keyring that ClerkDesk can use; please enter your passphrase.</source>
        <translation>Dieser Computer hat keinen Schlüsselbund, den ClerkDesk nutzen kann; bitte geben Sie Ihre Passphrase ein.</translation>
    </message>
    <message>
        <source>Access to the keyring was denied.</source>
        <translation>Der Zugriff auf den Schlüsselbund wurde verweigert.</translation>
    </message>
    <message>
        <source>The keyring could not be used: %1</source>
        <translation>Der Schlüsselbund konnte nicht verwendet werden: %1</translation>
    </message>
</context>
<context>
    <name>clerk::MainWindow</name>
    <message>
        <source>ClerkDesk</source>
        <translation>ClerkDesk</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>Jetzt &amp;synchronisieren</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Sperren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>&amp;Vorgang</translation>
    </message>
    <message>
        <source>ClerkDesk – DEMO</source>
        <translation>ClerkDesk – DEMO</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) not yet sent</source>
        <translation>
            <numerusform>%n Änderung noch nicht gesendet</numerusform>
            <numerusform>%n Änderungen noch nicht gesendet</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync &amp;problems…</source>
        <translation>Synchronisierungs&amp;probleme…</translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) your decision</source>
        <translation>
            <numerusform>%n braucht Ihre Entscheidung</numerusform>
            <numerusform>%n brauchen Ihre Entscheidung</numerusform>
        </translation>
    </message>
    <message>
        <source>J and K move, Enter opens, Ctrl+Shift+C claims; F1 lists every shortcut.</source>
        <translation>J und K wechseln, Eingabe öffnet, Strg+Umschalt+C übernimmt; F1 zeigt alle Tastenkürzel.</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) selected: the Request menu acts on all of them.</source>
        <translation>
            <numerusform>%n Vorgang ausgewählt: Das Menü Vorgang wirkt auf ihn.</numerusform>
            <numerusform>%n Vorgänge ausgewählt: Das Menü Vorgang wirkt auf alle.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Import e-file…</source>
        <translation>E-Akte &amp;importieren…</translation>
    </message>
    <message>
        <source>Import e-file</source>
        <translation>E-Akte importieren</translation>
    </message>
    <message>
        <source>E-file package (*.zip)</source>
        <translation>E-Akten-Paket (*.zip)</translation>
    </message>
    <message>
        <source>&amp;Export e-file…</source>
        <translation>E-Akte &amp;exportieren…</translation>
    </message>
    <message>
        <source>Export e-file</source>
        <translation>E-Akte exportieren</translation>
    </message>
    <message>
        <source>E-file exported to %1</source>
        <translation>E-Akte exportiert nach %1</translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation>&amp;Zusammenführen</translation>
    </message>
    <message>
        <source>&amp;Keep both</source>
        <translation>&amp;Beide behalten</translation>
    </message>
    <message>
        <source>Merge adds the documents, notes and annotations this computer does not have and keeps the request as it is here. Keep both imports the package as a separate request.</source>
        <translation>Zusammenführen ergänzt die Dokumente, Vermerke und Anmerkungen, die dieser Computer noch nicht hat, und lässt den Vorgang hier unverändert. Beide behalten importiert das Paket als eigenen Vorgang.</translation>
    </message>
    <message>
        <source>The e-file was not imported; nothing on this computer was changed.

%1</source>
        <translation>Die E-Akte wurde nicht importiert; auf diesem Computer wurde nichts verändert.

%1</translation>
    </message>
    <message numerus="yes">
        <source>E-file imported: %n document(s).</source>
        <translation>
            <numerusform>E-Akte importiert: %n Dokument.</numerusform>
            <numerusform>E-Akte importiert: %n Dokumente.</numerusform>
        </translation>
    </message>
    <message>
        <source>Building search index: %1 %</source>
        <translation>Suchindex wird aufgebaut: %1 %</translation>
    </message>
    <message>
        <source>Building search index …</source>
        <translation>Suchindex wird aufgebaut …</translation>
    </message>
    <message>
        <source>Search does not find every request yet: the search index is still being built.</source>
        <translation>Die Suche findet noch nicht alle Vorgänge: Der Suchindex wird noch aufgebaut.</translation>
    </message>
    <message>
        <source>Searching …</source>
        <translation>Suche läuft …</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>Die Suche ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>clerk::NoteDraftKeeper</name>
    <message>
        <source>Unsaved notes</source>
        <translation>Nicht gespeicherte Vermerke</translation>
    </message>
    <message numerus="yes">
        <source>%n note(s) being written could not be saved: the local database refuses them (disk full?). If you quit now, they are lost.</source>
        <translation>
            <numerusform>%n begonnener Vermerk konnte nicht gespeichert werden: Die lokale Datenbank nimmt ihn nicht an (Datenträger voll?). Wenn Sie jetzt beenden, geht er verloren.</numerusform>
            <numerusform>%n begonnene Vermerke konnten nicht gespeichert werden: Die lokale Datenbank nimmt sie nicht an (Datenträger voll?). Wenn Sie jetzt beenden, gehen sie verloren.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel, copy the note from its request, and quit then.</source>
        <translation>Brechen Sie ab, kopieren Sie den Vermerk aus seinem Vorgang und beenden Sie dann.</translation>
    </message>
    <message>
        <source>&amp;Quit and lose them</source>
        <translation>&amp;Beenden und verwerfen</translation>
    </message>
    <message>
        <source>Note not saved</source>
        <translation>Vermerk nicht gespeichert</translation>
    </message>
    <message>
        <source>A note you began could not be saved: its request was removed from this computer while you wrote (it was closed and deleted, or handed to another team). Copy the words now if you still need them; they are gone when you close this message.</source>
        <translation>Ein begonnener Vermerk konnte nicht gespeichert werden: Sein Antrag wurde während des Schreibens von diesem Rechner entfernt (abgeschlossen und gelöscht oder an ein anderes Team abgegeben). Kopieren Sie den Text jetzt, wenn Sie ihn noch brauchen; mit dem Schließen dieser Meldung ist er weg.</translation>
    </message>
    <message>
        <source>&amp;Copy the note and close</source>
        <translation>Vermerk &amp;kopieren und schließen</translation>
    </message>
</context>
<context>
    <name>clerk::NotesBox</name>
    <message>
        <source>Internal notes</source>
        <translation>Vermerke</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>Neuer Vermerk</translation>
    </message>
    <message>
        <source>Write an internal note…</source>
        <translation>Vermerk schreiben…</translation>
    </message>
    <message>
        <source>The note begun on this request could not be read; show the request again to retry.</source>
        <translation>Der begonnene Vermerk zu diesem Vorgang ließ sich nicht lesen; zum erneuten Versuch den Vorgang noch einmal öffnen.</translation>
    </message>
    <message>
        <source>Your note could not be saved (disk full?). It stays here and is saved again shortly; copy it before you close ClerkDesk.</source>
        <translation>Vermerk nicht gespeichert (Datenträger voll?). Er bleibt hier und wird gleich erneut gespeichert; vor dem Beenden bitte kopieren.</translation>
    </message>
    <message>
        <source>Add &amp;note</source>
        <translation>&amp;Vermerk hinzufügen</translation>
    </message>
    <message>
        <source>Too long for a note: %1 of at most %2 characters</source>
        <translation>Zu lang für einen Vermerk: %1 von höchstens %2 Zeichen</translation>
    </message>
    <message>
        <source>%1 of at most %2 characters</source>
        <translation>%1 von höchstens %2 Zeichen</translation>
    </message>
</context>
<context>
    <name>clerk::PageView</name>
    <message>
        <source>Document pages</source>
        <translation>Dokumentseiten</translation>
    </message>
    <message>
        <source>The pages of the document with your annotations. Arrow keys and Page Up/Down scroll, Ctrl+plus and Ctrl+minus zoom, Delete removes the selected annotation.</source>
        <translation>Die Seiten des Dokuments mit Ihren Anmerkungen. Pfeiltasten und Bild auf/ab blättern, Strg+Plus und Strg+Minus zoomen, Entf löscht die ausgewählte Anmerkung.</translation>
    </message>
    <message>
        <source>No document</source>
        <translation>Kein Dokument</translation>
    </message>
</context>
<context>
    <name>clerk::PdfJobs</name>
    <message>
        <source>Saving the annotated copy</source>
        <translation>Kopie mit Anmerkungen wird gespeichert</translation>
    </message>
    <message>
        <source>The file could not be saved: %1</source>
        <translation>Die Datei konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Making the redacted copy</source>
        <translation>Geschwärzte Kopie wird erstellt</translation>
    </message>
</context>
<context>
    <name>clerk::PdfText</name>
    <message>
        <source>This document is not a PDF.</source>
        <translation>Dieses Dokument ist kein PDF.</translation>
    </message>
    <message>
        <source>The PDF could not be read (damaged or password-protected).</source>
        <translation>Das PDF konnte nicht gelesen werden (beschädigt oder passwortgeschützt).</translation>
    </message>
</context>
<context>
    <name>clerk::PrintJob</name>
    <message>
        <source>Printing</source>
        <translation>Drucken</translation>
    </message>
    <message>
        <source>The document could not be prepared for printing.</source>
        <translation>Das Dokument konnte nicht für den Druck vorbereitet werden.</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>Der Drucker konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
</context>
<context>
    <name>clerk::RedactionPreview</name>
    <message>
        <source>Preview of the redacted copy</source>
        <translation>Vorschau der geschwärzten Kopie</translation>
    </message>
    <message numerus="yes">
        <source>%n area(s) blacked out. Pages with a redaction are now pictures without text.</source>
        <translation>
            <numerusform>%n Bereich geschwärzt. Seiten mit Schwärzung sind jetzt Bilder ohne Text.</numerusform>
            <numerusform>%n Bereiche geschwärzt. Seiten mit Schwärzung sind jetzt Bilder ohne Text.</numerusform>
        </translation>
    </message>
    <message>
        <source>The copy keeps only the pages; check every page before you save.</source>
        <translation>Die Kopie enthält nur noch die Seiten; prüfen Sie jede Seite, bevor Sie speichern.</translation>
    </message>
</context>
<context>
    <name>clerk::RefusalNames</name>
    <message>
        <source>Changed by someone else in the meantime.</source>
        <translation>Wurde in der Zwischenzeit von jemand anderem geändert.</translation>
    </message>
    <message>
        <source>The document does not exist in the city backend, or it is not released to you.</source>
        <translation>Das Dokument gibt es im Fachverfahren nicht, oder es ist für Sie nicht freigegeben.</translation>
    </message>
    <message>
        <source>The annotation does not exist in the city backend, or it is not released to you.</source>
        <translation>Die Anmerkung gibt es im Fachverfahren nicht, oder sie ist für Sie nicht freigegeben.</translation>
    </message>
    <message>
        <source>The request does not exist in the city backend, or it is not released to you.</source>
        <translation>Den Vorgang gibt es im Fachverfahren nicht, oder er ist für Sie nicht freigegeben.</translation>
    </message>
    <message>
        <source>The status cannot change from &quot;%1&quot; to &quot;%2&quot;.</source>
        <translation>Der Status kann nicht von „%1“ zu „%2“ wechseln.</translation>
    </message>
    <message>
        <source>The assignment cannot be removed.</source>
        <translation>Die Zuweisung kann nicht aufgehoben werden.</translation>
    </message>
    <message>
        <source>%1 is not a member of the team responsible for this request.</source>
        <translation>%1 gehört nicht zum Team, das für diesen Vorgang zuständig ist.</translation>
    </message>
    <message>
        <source>The message to the applicant is empty.</source>
        <translation>Die Nachricht an die antragstellende Person ist leer.</translation>
    </message>
    <message>
        <source>The note is empty.</source>
        <translation>Der Vermerk ist leer.</translation>
    </message>
    <message>
        <source>The annotation&apos;s data are not valid.</source>
        <translation>Die Angaben der Anmerkung sind ungültig.</translation>
    </message>
    <message>
        <source>The city backend could not read this change.</source>
        <translation>Das Fachverfahren konnte diese Änderung nicht lesen.</translation>
    </message>
    <message>
        <source>The city backend does not know this kind of change.</source>
        <translation>Das Fachverfahren kennt diese Art von Änderung nicht.</translation>
    </message>
    <message>
        <source>The city backend has a change with the same id already.</source>
        <translation>Das Fachverfahren hat bereits eine Änderung mit derselben Kennung.</translation>
    </message>
    <message>
        <source>The city backend refused the change (%1).</source>
        <translation>Das Fachverfahren hat die Änderung abgelehnt (%1).</translation>
    </message>
    <message>
        <source>The step of the Aussonderung is not complete (ProzessID or the archive&apos;s decision missing).</source>
        <translation>Der Schritt der Aussonderung ist unvollständig (ProzessID oder Entscheidung des Archivs fehlt).</translation>
    </message>
    <message>
        <source>Only closed requests can be offered to the archive.</source>
        <translation>Nur abgeschlossene Vorgänge können dem Archiv angeboten werden.</translation>
    </message>
    <message>
        <source>No retention period is set for this service; the request cannot be offered to the archive.</source>
        <translation>Für diese Leistung ist keine Aufbewahrungsfrist festgelegt; der Vorgang kann dem Archiv nicht angeboten werden.</translation>
    </message>
    <message>
        <source>The request must be kept until %1; it cannot be offered to the archive yet.</source>
        <translation>Der Vorgang ist bis %1 aufzubewahren; er kann dem Archiv noch nicht angeboten werden.</translation>
    </message>
    <message>
        <source>This step of the Aussonderung does not fit where the request stands (another clerk may have taken it further).</source>
        <translation>Dieser Schritt der Aussonderung passt nicht zum Stand des Vorgangs (vielleicht hat ihn jemand aus Ihrem Team schon weitergeführt).</translation>
    </message>
    <message>
        <source>The request is part of another Aussonderung (%1).</source>
        <translation>Der Vorgang gehört zu einer anderen Aussonderung (%1).</translation>
    </message>
    <message>
        <source>The request is no longer closed; the Aussonderung goes on only with closed requests.</source>
        <translation>Der Vorgang ist nicht mehr abgeschlossen; die Aussonderung wird nur mit abgeschlossenen Vorgängen fortgesetzt.</translation>
    </message>
    <message>
        <source>The request is part of an Aussonderung that is not finished (%1); its status cannot change until then.</source>
        <translation>Der Vorgang gehört zu einer Aussonderung, die noch nicht abgeschlossen ist (%1); sein Status kann sich bis dahin nicht ändern.</translation>
    </message>
    <message>
        <source>The note is longer than the city backend takes (%1 characters).</source>
        <translation>Der Vermerk ist länger, als das Fachverfahren annimmt (%1 Zeichen).</translation>
    </message>
</context>
<context>
    <name>clerk::RequestActions</name>
    <message>
        <source>&amp;Claim</source>
        <translation>&amp;Übernehmen</translation>
    </message>
    <message>
        <source>&amp;Assign to…</source>
        <translation>&amp;Zuweisen an…</translation>
    </message>
    <message>
        <source>Change &amp;status…</source>
        <translation>&amp;Status ändern…</translation>
    </message>
    <message>
        <source>Add &amp;note…</source>
        <translation>&amp;Vermerk hinzufügen…</translation>
    </message>
    <message>
        <source>Request &amp;documents…</source>
        <translation>&amp;Unterlagen nachfordern…</translation>
    </message>
    <message>
        <source>&amp;Open document</source>
        <translation>Dokument ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Mark &amp;read / unread</source>
        <translation>Als &amp;gelesen / ungelesen markieren</translation>
    </message>
    <message>
        <source>&amp;Flag / unflag</source>
        <translation>&amp;Markieren / Markierung entfernen</translation>
    </message>
    <message>
        <source>%1 done, %2 not: %3</source>
        <translation>%1 erledigt, %2 nicht: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) claimed.</source>
        <translation>
            <numerusform>%n Vorgang übernommen.</numerusform>
            <numerusform>%n Vorgänge übernommen.</numerusform>
        </translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>(niemand)</translation>
    </message>
    <message>
        <source>Assign to a colleague</source>
        <translation>Einer Kollegin / einem Kollegen zuweisen</translation>
    </message>
    <message numerus="yes">
        <source>Assign %n request(s) to (a login of the team):</source>
        <translation>
            <numerusform>%n Vorgang zuweisen an (Kennung aus dem Team):</numerusform>
            <numerusform>%n Vorgänge zuweisen an (Kennung aus dem Team):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) assigned.</source>
        <translation>
            <numerusform>%n Vorgang zugewiesen.</numerusform>
            <numerusform>%n Vorgänge zugewiesen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The selected requests have no status change in common.</source>
        <translation>Für die ausgewählten Vorgänge gibt es keinen gemeinsamen Statuswechsel.</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>Status ändern</translation>
    </message>
    <message numerus="yes">
        <source>New status for %n request(s):</source>
        <translation>
            <numerusform>Neuer Status für %n Vorgang:</numerusform>
            <numerusform>Neuer Status für %n Vorgänge:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Status changed for %n request(s).</source>
        <translation>
            <numerusform>Status für %n Vorgang geändert.</numerusform>
            <numerusform>Status für %n Vorgänge geändert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Add a note</source>
        <translation>Vermerk hinzufügen</translation>
    </message>
    <message numerus="yes">
        <source>Internal note for %n request(s):</source>
        <translation>
            <numerusform>Vermerk zu %n Vorgang:</numerusform>
            <numerusform>Vermerk zu %n Vorgängen:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Note added to %n request(s).</source>
        <translation>
            <numerusform>Vermerk zu %n Vorgang hinzugefügt.</numerusform>
            <numerusform>Vermerk zu %n Vorgängen hinzugefügt.</numerusform>
        </translation>
    </message>
    <message>
        <source>This request has no documents.</source>
        <translation>Zu diesem Vorgang gibt es keine Dokumente.</translation>
    </message>
    <message>
        <source>Marked as unread.</source>
        <translation>Als ungelesen markiert.</translation>
    </message>
    <message>
        <source>Marked as read.</source>
        <translation>Als gelesen markiert.</translation>
    </message>
    <message>
        <source>Flagged for follow-up.</source>
        <translation>Zur Wiedervorlage markiert.</translation>
    </message>
    <message>
        <source>Flag removed.</source>
        <translation>Markierung entfernt.</translation>
    </message>
</context>
<context>
    <name>clerk::RequestPane</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Request details</source>
        <translation>Vorgangsdetails</translation>
    </message>
    <message>
        <source>Sync problem</source>
        <translation>Synchronisierungsproblem</translation>
    </message>
    <message>
        <source>&amp;Keep mine</source>
        <translation>&amp;Meine behalten</translation>
    </message>
    <message>
        <source>&amp;Take theirs</source>
        <translation>&amp;Stand des Fachverfahrens übernehmen</translation>
    </message>
    <message>
        <source>&amp;Claim</source>
        <translation>&amp;Übernehmen</translation>
    </message>
    <message>
        <source>Take over this request (Ctrl+Shift+C)</source>
        <translation>Diesen Vorgang übernehmen (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <source>Next status</source>
        <translation>Nächster Status</translation>
    </message>
    <message>
        <source>Change &amp;status</source>
        <translation>&amp;Status ändern</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Antragsteller/in</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Formular</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Request not found</source>
        <translation>Vorgang nicht gefunden</translation>
    </message>
    <message>
        <source>Status: %1 · received %2 via %3 · due %4 · assigned to %5 · file number %6</source>
        <translation>Status: %1 · eingegangen %2 über %3 · fällig %4 · bearbeitet von %5 · Aktenzeichen %6</translation>
    </message>
    <message>
        <source>no deadline</source>
        <translation>keine Frist</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>niemandem</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <source>This request was changed on the server while you worked on it (now: %1, version %2). Your change: %3.</source>
        <translation>Dieser Vorgang wurde im Fachverfahren geändert, während Sie daran gearbeitet haben (jetzt: %1, Version %2). Ihre Änderung: %3.</translation>
    </message>
    <message>
        <source>Enter or double-click opens the document</source>
        <translation>Eingabetaste oder Doppelklick öffnet das Dokument</translation>
    </message>
    <message>
        <source>Request &amp;documents…</source>
        <translation>&amp;Unterlagen nachfordern…</translation>
    </message>
    <message>
        <source>Ask the applicant for missing documents (Ctrl+Shift+D)</source>
        <translation>Fehlende Unterlagen bei der antragstellenden Person nachfordern (Strg+Umschalt+D)</translation>
    </message>
    <message>
        <source>Dear %1,

to decide on your request %2 we still need the following documents:

- 

Please upload them in the online portal within 14 days.

Kind regards</source>
        <translation>Guten Tag %1,

für die Entscheidung über Ihren Antrag %2 benötigen wir noch folgende Unterlagen:

- 

Bitte laden Sie diese innerhalb von 14 Tagen im Online-Portal hoch.

Mit freundlichen Grüßen</translation>
    </message>
    <message>
        <source>Request missing documents</source>
        <translation>Fehlende Unterlagen nachfordern</translation>
    </message>
    <message>
        <source>Message to the applicant (editable):</source>
        <translation>Nachricht an die antragstellende Person (bearbeitbar):</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Erneut senden</translation>
    </message>
    <message>
        <source>C&amp;ompare…</source>
        <translation>&amp;Vergleichen…</translation>
    </message>
    <message>
        <source>The city backend refused your change &quot;%1&quot;: %2</source>
        <translation>Das Fachverfahren der Stadt hat Ihre Änderung „%1“ abgelehnt: %2</translation>
    </message>
    <message>
        <source>&amp;Discard my change</source>
        <translation>Meine Änderung &amp;verwerfen</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Absender</translation>
    </message>
    <message>
        <source>Authority key</source>
        <translation>Behördenkennung</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>File (Akte)</source>
        <translation>Akte</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Note from the sender</source>
        <translation>Hinweis des Absenders</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>ProzessID</source>
        <translation>ProzessID</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Schriftgutobjekt</translation>
    </message>
    <message>
        <source>Sending system</source>
        <translation>Sendendes System</translation>
    </message>
    <message>
        <source>Taken over from xdomea</source>
        <translation>Übernommen aus xdomea</translation>
    </message>
    <message>
        <source>The note begun on this request can no longer be saved. Copy it now: it is lost when you lock ClerkDesk or quit.</source>
        <translation>Der begonnene Vermerk zu diesem Antrag kann nicht mehr gespeichert werden. Kopieren Sie ihn jetzt: Beim Sperren oder Beenden von ClerkDesk geht er verloren.</translation>
    </message>
</context>
<context>
    <name>clerk::RequestPurge</name>
    <message>
        <source>%1 removed from this computer after the retention period of %2 days.</source>
        <translation>%1 wurde nach %2 Tagen (lokale Vorhaltezeit) von diesem Computer entfernt; im Fachverfahren bleibt der Vorgang erhalten.</translation>
    </message>
    <message>
        <source>%1 removed from this computer: the archive has taken it over (Aussonderung).</source>
        <translation>%1 von diesem Computer entfernt: Das Archiv hat den Vorgang übernommen (Aussonderung).</translation>
    </message>
</context>
<context>
    <name>clerk::SavedSearchActions</name>
    <message>
        <source>Save search</source>
        <translation>Suche speichern</translation>
    </message>
    <message>
        <source>Name for the search &quot;%1&quot;:</source>
        <translation>Name für die Suche „%1“:</translation>
    </message>
    <message>
        <source>Saved search &quot;%1&quot; is in the views on the left.</source>
        <translation>Die gespeicherte Suche „%1“ steht links bei den Ansichten.</translation>
    </message>
</context>
<context>
    <name>clerk::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Sprache des Systems</translation>
    </message>
    <message>
        <source>&amp;Language (after restart):</source>
        <translation>&amp;Sprache (nach Neustart):</translation>
    </message>
    <message>
        <source>&amp;Backend address:</source>
        <translation>&amp;Adresse des Fachverfahrens:</translation>
    </message>
    <message>
        <source>System certificates only</source>
        <translation>Nur Zertifikate des Systems</translation>
    </message>
    <message>
        <source>City &amp;CA bundle (PEM):</source>
        <translation>&amp;CA-Zertifikate der Stadt (PEM):</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>Lock after &amp;idle time:</source>
        <translation>Sperren nach &amp;Leerlauf:</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Document cache &amp;budget:</source>
        <translation>&amp;Speicherbudget für Dokumente:</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Keep closed requests for:</source>
        <translation>Abgeschlossene Vorgänge behalten:</translation>
    </message>
    <message>
        <source>Set by your administrator (machine policy).</source>
        <translation>Von Ihrer IT-Administration festgelegt (Richtlinie).</translation>
    </message>
    <message>
        <source>(set by policy)</source>
        <translation>(per Richtlinie festgelegt)</translation>
    </message>
    <message>
        <source>Change passphrase…</source>
        <translation>Passphrase ändern…</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>Passphrase ändern</translation>
    </message>
    <message>
        <source>Choose a new passphrase for your encrypted profile on this computer.</source>
        <translation>Wählen Sie eine neue Passphrase für Ihr verschlüsseltes Profil auf diesem Computer.</translation>
    </message>
    <message>
        <source>Profile passphrase:</source>
        <translation>Passphrase des Profils:</translation>
    </message>
    <message>
        <source>Available while your profile is unlocked.</source>
        <translation>Verfügbar, solange Ihr Profil entsperrt ist.</translation>
    </message>
    <message>
        <source>Your au&amp;thority (for hand-overs):</source>
        <translation>Ihre &amp;Behörde (für Abgaben):</translation>
    </message>
    <message>
        <source>Authority short na&amp;me:</source>
        <translation>&amp;Kurzbezeichnung der Behörde:</translation>
    </message>
    <message>
        <source>Authority i&amp;dentifier:</source>
        <translation>Behördenkennun&amp;g:</translation>
    </message>
    <message>
        <source>Organisational &amp;unit:</source>
        <translation>&amp;Organisationseinheit:</translation>
    </message>
</context>
<context>
    <name>clerk::ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Inbox list</source>
        <translation>Posteingangsliste</translation>
    </message>
    <message>
        <source>Next / previous request</source>
        <translation>Nächster / vorheriger Vorgang</translation>
    </message>
    <message>
        <source>J / K or ↓ / ↑</source>
        <translation>J / K oder ↓ / ↑</translation>
    </message>
    <message>
        <source>Open the request (focus on its details)</source>
        <translation>Vorgang öffnen (Fokus auf die Angaben)</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Select several requests</source>
        <translation>Mehrere Vorgänge auswählen</translation>
    </message>
    <message>
        <source>Shift+↓ / Ctrl+Click / Ctrl+A</source>
        <translation>Umschalt+↓ / Strg+Klick / Strg+A</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>/ or Ctrl+F</source>
        <translation>/ oder Strg+F</translation>
    </message>
    <message>
        <source>This overview</source>
        <translation>Diese Übersicht</translation>
    </message>
    <message>
        <source>F1 or ?</source>
        <translation>F1 oder ?</translation>
    </message>
    <message>
        <source>Next area (views, list, request)</source>
        <translation>Nächster Bereich (Ansichten, Liste, Vorgang)</translation>
    </message>
    <message>
        <source>Tab / Shift+Tab</source>
        <translation>Tab / Umschalt+Tab</translation>
    </message>
</context>
<context>
    <name>clerk::SignInDialog</name>
    <message>
        <source>Sign in to the city backend</source>
        <translation>Beim Fachverfahren der Stadt anmelden</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>Fachverfahren: %1</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Kennung</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Kennung:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
</context>
<context>
    <name>clerk::StatusNames</name>
    <message>
        <source>Received</source>
        <translation>Eingegangen</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>Waiting for applicant</source>
        <translation>Rückfrage beim Antragsteller</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Genehmigt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Forwarded</source>
        <translation>Weitergeleitet</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Online portal</source>
        <translation>Online-Portal</translation>
    </message>
    <message>
        <source>FIT-Connect</source>
        <translation>FIT-Connect</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Schalter</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Remove assignment</source>
        <translation>Zuweisung aufheben</translation>
    </message>
    <message>
        <source>Assign to %1</source>
        <translation>Zuweisen an %1</translation>
    </message>
    <message>
        <source>Status → %1</source>
        <translation>Status → %1</translation>
    </message>
    <message>
        <source>Request missing documents</source>
        <translation>Fehlende Unterlagen nachfordern</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Vermerk: %1</translation>
    </message>
    <message>
        <source>Delete an annotation</source>
        <translation>Anmerkung löschen</translation>
    </message>
    <message>
        <source>Add an annotation</source>
        <translation>Anmerkung hinzufügen</translation>
    </message>
    <message>
        <source>Change an annotation</source>
        <translation>Anmerkung ändern</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Wartet auf Versand</translation>
    </message>
    <message>
        <source>Sent, no answer yet</source>
        <translation>Gesendet, noch keine Antwort</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>Angekommen</translation>
    </message>
    <message>
        <source>Needs your decision</source>
        <translation>Braucht Ihre Entscheidung</translation>
    </message>
    <message>
        <source>Refused by the city backend</source>
        <translation>Vom Fachverfahren abgelehnt</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Received via %1</source>
        <translation>Eingegangen über %1</translation>
    </message>
    <message>
        <source>Claimed by %1</source>
        <translation>Übernommen von %1</translation>
    </message>
    <message>
        <source>Assignment removed by %1</source>
        <translation>Zuweisung aufgehoben von %1</translation>
    </message>
    <message>
        <source>Assigned to %1 by %2</source>
        <translation>Zugewiesen an %1 von %2</translation>
    </message>
    <message>
        <source>Status changed: %1 → %2 (%3)</source>
        <translation>Status geändert: %1 → %2 (%3)</translation>
    </message>
    <message>
        <source>Documents requested by %1: %2</source>
        <translation>Unterlagen nachgefordert von %1: %2</translation>
    </message>
    <message>
        <source>Note added by %1</source>
        <translation>Vermerk hinzugefügt von %1</translation>
    </message>
    <message>
        <source>xdomea hand-over</source>
        <translation>xdomea-Übernahme</translation>
    </message>
</context>
<context>
    <name>clerk::Store</name>
    <message>
        <source>A local database already exists for this profile.</source>
        <translation>Für dieses Profil gibt es bereits eine lokale Datenbank.</translation>
    </message>
    <message>
        <source>The passphrase must have at least 8 characters.</source>
        <translation>Die Passphrase muss mindestens 8 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>The key from the keyring is not valid.</source>
        <translation>Der Schlüssel aus dem Schlüsselbund ist ungültig.</translation>
    </message>
    <message>
        <source>The local database is not encrypted.</source>
        <translation>Die lokale Datenbank ist nicht verschlüsselt.</translation>
    </message>
    <message>
        <source>This database was written by a newer ClerkDesk (schema %1; this version knows %2). Please update ClerkDesk; the database was left untouched.</source>
        <translation>Diese Datenbank stammt von einer neueren ClerkDesk-Version (Schema %1; diese Version kennt %2). Bitte aktualisieren Sie ClerkDesk; die Datenbank wurde nicht verändert.</translation>
    </message>
    <message>
        <source>The local database is locked.</source>
        <translation>ClerkDesk ist gesperrt. Entsperren Sie es, um weiterzuarbeiten; Ihre Arbeit ist gespeichert.</translation>
    </message>
    <message>
        <source>The re-encrypted copy could not be written to disk.</source>
        <translation>Die neu verschlüsselte Kopie konnte nicht auf den Datenträger geschrieben werden.</translation>
    </message>
    <message>
        <source>The database could not be replaced by its re-encrypted copy.</source>
        <translation>Die Datenbank konnte nicht durch ihre neu verschlüsselte Kopie ersetzt werden.</translation>
    </message>
    <message>
        <source>The request was not found.</source>
        <translation>Der Vorgang wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>The service was not found.</source>
        <translation>Die Leistung wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>The status cannot change from &quot;%1&quot; to &quot;%2&quot; for this service.</source>
        <translation>Bei dieser Leistung kann der Status nicht von „%1“ zu „%2“ wechseln.</translation>
    </message>
    <message>
        <source>The note is empty.</source>
        <translation>Der Vermerk ist leer.</translation>
    </message>
    <message>
        <source>There is no such conflict.</source>
        <translation>Diesen Konflikt gibt es nicht.</translation>
    </message>
    <message>
        <source>The message to the applicant is empty.</source>
        <translation>Die Nachricht an die antragstellende Person ist leer.</translation>
    </message>
    <message>
        <source>There is no such refused change.</source>
        <translation>Diese abgelehnte Änderung gibt es nicht.</translation>
    </message>
    <message>
        <source>A saved search needs a name and search words.</source>
        <translation>Eine gespeicherte Suche braucht einen Namen und Suchbegriffe.</translation>
    </message>
    <message>
        <source>The annotation was not found.</source>
        <translation>Die Anmerkung wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>No random numbers for the document key.</source>
        <translation>Der Schlüssel für die Dokumente konnte nicht erzeugt werden (das Betriebssystem lieferte keine Zufallsdaten). Es wurde nichts verändert; starten Sie ClerkDesk neu oder wenden Sie sich an die IT.</translation>
    </message>
    <message>
        <source>The documents are still being re-encrypted after the last change of the passphrase. Please unlock ClerkDesk again to let that finish, then change the passphrase.</source>
        <translation>Die Dokumente werden nach der letzten Änderung der Passphrase noch neu verschlüsselt. Bitte entsperren Sie ClerkDesk erneut, damit das abgeschlossen wird, und ändern Sie dann die Passphrase.</translation>
    </message>
    <message>
        <source>The document key is missing.</source>
        <translation>Der Dokumentschlüssel fehlt.</translation>
    </message>
    <message>
        <source>Not every document has been re-encrypted yet.</source>
        <translation>Noch sind nicht alle Dokumente neu verschlüsselt.</translation>
    </message>
    <message>
        <source>The local database changed while this task started; please try again.</source>
        <translation>Die lokale Datenbank wurde geändert, während diese Aufgabe startete. Versuchen Sie es erneut; Ihre Arbeit ist gespeichert.</translation>
    </message>
    <message>
        <source>The local database is not ready for this task yet; please try again.</source>
        <translation>Die lokale Datenbank ist für diese Aufgabe noch nicht bereit. Versuchen Sie es erneut; Ihre Arbeit ist gespeichert.</translation>
    </message>
    <message>
        <source>The note has %1 characters; a note may have at most %2. Shorten it or split it into two notes.</source>
        <translation>Der Vermerk hat %1 Zeichen; ein Vermerk darf höchstens %2 haben. Kürzen Sie ihn oder teilen Sie ihn auf zwei Vermerke auf.</translation>
    </message>
</context>
<context>
    <name>clerk::SyncProblemsDialog</name>
    <message>
        <source>Changes not yet at the city backend</source>
        <translation>Noch nicht übertragene Änderungen</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Erneut senden</translation>
    </message>
    <message>
        <source>Send a refused change again, e.g. after the data on the server was fixed.</source>
        <translation>Eine abgelehnte Änderung erneut senden, z. B. nachdem die Daten im Fachverfahren korrigiert wurden.</translation>
    </message>
    <message>
        <source>&amp;Keep mine</source>
        <translation>&amp;Meine behalten</translation>
    </message>
    <message>
        <source>Apply your change on top of the server&apos;s version.</source>
        <translation>Ihre Änderung auf den Stand des Fachverfahrens anwenden.</translation>
    </message>
    <message>
        <source>&amp;Discard my change</source>
        <translation>Meine Änderung &amp;verwerfen</translation>
    </message>
    <message>
        <source>Drop your change and take the server&apos;s version.</source>
        <translation>Ihre Änderung verwerfen und den Stand des Fachverfahrens übernehmen.</translation>
    </message>
    <message>
        <source>&amp;Compare…</source>
        <translation>&amp;Vergleichen…</translation>
    </message>
    <message>
        <source>Show your version and the server&apos;s side by side.</source>
        <translation>Ihren Stand und den des Fachverfahrens nebeneinander zeigen.</translation>
    </message>
    <message>
        <source>&amp;Open request</source>
        <translation>Vorgang ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Show the request in the main window.</source>
        <translation>Den Vorgang im Hauptfenster anzeigen.</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>Jetzt &amp;synchronisieren</translation>
    </message>
    <message>
        <source>Send what is waiting now.</source>
        <translation>Wartende Änderungen jetzt senden.</translation>
    </message>
    <message>
        <source>Everything you changed has reached the city backend.</source>
        <translation>Alle Ihre Änderungen sind beim Fachverfahren der Stadt angekommen.</translation>
    </message>
    <message>
        <source>%1 waiting to be sent · %2 need your decision · %3 refused by the city backend. Nothing here is lost: it stays on this computer until it has arrived or you discard it.</source>
        <translation>%1 warten auf Versand · %2 brauchen Ihre Entscheidung · %3 vom Fachverfahren abgelehnt. Nichts geht verloren: Alles bleibt auf diesem Computer, bis es angekommen ist oder Sie es verwerfen.</translation>
    </message>
    <message>
        <source>The list of your changes could not be read: %1</source>
        <translation>Die Liste Ihrer Änderungen konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The list shows the oldest %1 of each kind.</source>
        <translation>Die Liste zeigt von jeder Art die ältesten %1.</translation>
    </message>
</context>
<context>
    <name>clerk::SyncSession</name>
    <message>
        <source>Wrong login or password.</source>
        <translation>Falsche Kennung oder falsches Passwort.</translation>
    </message>
    <message>
        <source>Please sign in to sync.</source>
        <translation>Bitte melden Sie sich zum Synchronisieren an.</translation>
    </message>
    <message>
        <source>The city backend answered a different number of changes than were sent.</source>
        <translation>Das Fachverfahren der Stadt hat auf eine andere Anzahl Änderungen geantwortet als gesendet.</translation>
    </message>
    <message>
        <source>The city backend answered for a different change.</source>
        <translation>Das Fachverfahren der Stadt hat für eine andere Änderung geantwortet.</translation>
    </message>
    <message>
        <source>A sync is already running.</source>
        <translation>Es wird bereits synchronisiert.</translation>
    </message>
    <message>
        <source>The sync was stopped.</source>
        <translation>Die Synchronisierung wurde angehalten.</translation>
    </message>
</context>
<context>
    <name>clerk::SyncStatusBar</name>
    <message>
        <source>DEMO – training data only</source>
        <translation>DEMO – nur Schulungsdaten</translation>
    </message>
    <message>
        <source>Connection state</source>
        <translation>Verbindungsstatus</translation>
    </message>
    <message>
        <source>Show the changes that have not reached the city backend yet (Ctrl+Shift+F5)</source>
        <translation>Die Änderungen anzeigen, die das Fachverfahren der Stadt noch nicht erreicht haben (Strg+Umschalt+F5)</translation>
    </message>
    <message>
        <source>After the first sync the search index is built in the background. The inbox works already; until the index is complete, search finds only part of the requests.</source>
        <translation>Nach der ersten Synchronisierung wird der Suchindex im Hintergrund aufgebaut. Der Posteingang ist schon nutzbar; bis der Index fertig ist, findet die Suche nur einen Teil der Vorgänge.</translation>
    </message>
    <message>
        <source>Last sync: never</source>
        <translation>Letzte Synchronisierung: nie</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronisiere…</translation>
    </message>
    <message>
        <source>Sync error</source>
        <translation>Synchronisierungsfehler</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <source>%1 sent, %2 received</source>
        <translation>%1 gesendet, %2 empfangen</translation>
    </message>
    <message>
        <source>Fetching documents of your requests ahead: %1 of %2</source>
        <translation>Dokumente Ihrer Vorgänge werden vorab geladen: %1 von %2</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Letzte Synchronisierung: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) need your decision (see the banner on the request).</source>
        <translation>
            <numerusform>%n Änderung braucht Ihre Entscheidung (siehe Hinweis am Antrag).</numerusform>
            <numerusform>%n Änderungen brauchen Ihre Entscheidung (siehe Hinweis am Antrag).</numerusform>
        </translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Polling</source>
        <translation>Abgleich im Intervall</translation>
    </message>
    <message>
        <source>Changes by your colleagues appear at once.</source>
        <translation>Änderungen Ihrer Kolleginnen und Kollegen erscheinen sofort.</translation>
    </message>
    <message>
        <source>The live connection to the city backend is interrupted. ClerkDesk asks for changes at regular intervals and connects again by itself.</source>
        <translation>Die Live-Verbindung zum Fachverfahren ist unterbrochen. ClerkDesk fragt in regelmäßigen Abständen nach Änderungen und verbindet sich selbst wieder.</translation>
    </message>
    <message>
        <source>Live updates</source>
        <translation>Live-Aktualisierung</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) the archive took over removed from this computer.</source>
        <translation>
            <numerusform>%n vom Archiv übernommener Vorgang von diesem Computer entfernt.</numerusform>
            <numerusform>%n vom Archiv übernommene Vorgänge von diesem Computer entfernt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) for the archive ready to be sent (the request&apos;s history names the file).</source>
        <translation>
            <numerusform>%n Datei für das Archiv kann gesendet werden (der Verlauf des Vorgangs nennt die Datei).</numerusform>
            <numerusform>%n Dateien für das Archiv können gesendet werden (der Verlauf des Vorgangs nennt die Dateien).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) for the archive withdrawn: do not send them (see the sync problems).</source>
        <translation>
            <numerusform>%n Datei für das Archiv zurückgezogen: Senden Sie sie nicht (siehe Synchronisationsprobleme).</numerusform>
            <numerusform>%n Dateien für das Archiv zurückgezogen: Senden Sie sie nicht (siehe Synchronisationsprobleme).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::SyncWorker</name>
    <message>
        <source>Please sign in to the city backend.</source>
        <translation>Bitte melden Sie sich beim Fachverfahren der Stadt an.</translation>
    </message>
</context>
<context>
    <name>clerk::TrainerPanel</name>
    <message>
        <source>Training</source>
        <translation>Schulung</translation>
    </message>
    <message>
        <source>Exercises</source>
        <translation>Übungen</translation>
    </message>
    <message>
        <source>A new request arrives now</source>
        <translation>Jetzt geht ein neuer Antrag ein</translation>
    </message>
    <message>
        <source>Pause arrivals</source>
        <translation>Neue Anträge anhalten</translation>
    </message>
    <message>
        <source>Colleague edits the open request (conflict)</source>
        <translation>Kollegin ändert den offenen Vorgang (Konflikt)</translation>
    </message>
    <message>
        <source>You and a colleague change the same request at the same time; the banner asks you to decide.</source>
        <translation>Sie und eine Kollegin ändern denselben Vorgang gleichzeitig; der Hinweis am Vorgang fragt Sie, was gelten soll.</translation>
    </message>
    <message>
        <source>Start the demo over</source>
        <translation>Demo neu beginnen</translation>
    </message>
    <message>
        <source>%1 of %2 exercises done</source>
        <translation>%1 von %2 Übungen erledigt</translation>
    </message>
    <message>
        <source>New requests since the start: %1</source>
        <translation>Neue Anträge seit dem Start: %1</translation>
    </message>
</context>
<context>
    <name>clerk::UnlockDialog</name>
    <message>
        <source>Create your encrypted profile</source>
        <translation>Verschlüsseltes Profil anlegen</translation>
    </message>
    <message>
        <source>Unlock ClerkDesk</source>
        <translation>ClerkDesk entsperren</translation>
    </message>
    <message>
        <source>ClerkDesk keeps the requests you work on encrypted on this computer. Choose a passphrase of at least 8 characters; without it the data cannot be read.</source>
        <translation>ClerkDesk speichert die Vorgänge, die Sie bearbeiten, verschlüsselt auf diesem Computer. Wählen Sie eine Passphrase mit mindestens 8 Zeichen; ohne sie sind die Daten nicht lesbar.</translation>
    </message>
    <message>
        <source>Enter your passphrase to open profile &quot;%1&quot;.</source>
        <translation>Geben Sie Ihre Passphrase ein, um das Profil „%1“ zu öffnen.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>Repeat passphrase</source>
        <translation>Passphrase wiederholen</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <source>Re&amp;member on this computer (OS keyring)</source>
        <translation>Auf diesem Computer &amp;merken (Schlüsselbund des Systems)</translation>
    </message>
    <message>
        <source>This computer has no keyring that ClerkDesk can use; please enter your passphrase.</source>
        <translation>Dieser Computer hat keinen Schlüsselbund, den ClerkDesk nutzen kann; bitte geben Sie Ihre Passphrase ein.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Die beiden Passphrasen stimmen nicht überein.</translation>
    </message>
    <message>
        <source>The keyring did not answer in time, so your key may not be remembered on this computer; ClerkDesk then asks for your passphrase next time.</source>
        <translation>Der Schlüsselbund hat nicht rechtzeitig geantwortet; Ihr Schlüssel wird daher auf diesem Computer möglicherweise nicht gemerkt, und ClerkDesk fragt beim nächsten Mal nach Ihrer Passphrase.</translation>
    </message>
</context>
<context>
    <name>clerk::ViewerSidePanel</name>
    <message>
        <source>Outline</source>
        <translation>Gliederung</translation>
    </message>
    <message>
        <source>Search hits</source>
        <translation>Suchtreffer</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>Treffer</translation>
    </message>
    <message>
        <source>Page thumbnails</source>
        <translation>Seitenvorschau</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>Anmerkungen</translation>
    </message>
    <message>
        <source>Annotations (%1)</source>
        <translation>Anmerkungen (%1)</translation>
    </message>
    <message>
        <source>Page %1: %2</source>
        <translation>Seite %1: %2</translation>
    </message>
    <message>
        <source>Hits (%1)</source>
        <translation>Treffer (%1)</translation>
    </message>
</context>
<context>
    <name>clerk::ViewerToolBar</name>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>← Request</source>
        <translation>← Vorgang</translation>
    </message>
    <message>
        <source>Back to the request</source>
        <translation>Zurück zum Vorgang</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>An Breite anpassen</translation>
    </message>
    <message>
        <source>Fit page</source>
        <translation>Ganze Seite</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Rotate counter-clockwise</source>
        <translation>Gegen den Uhrzeigersinn drehen</translation>
    </message>
    <message>
        <source>Rotate clockwise</source>
        <translation>Im Uhrzeigersinn drehen</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>Page </source>
        <translation>Seite </translation>
    </message>
    <message>
        <source>Find in document</source>
        <translation>Im Dokument suchen</translation>
    </message>
    <message>
        <source>Previous hit</source>
        <translation>Vorheriger Treffer</translation>
    </message>
    <message>
        <source>Next hit</source>
        <translation>Nächster Treffer</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Drucken…</translation>
    </message>
    <message>
        <source>Print with annotations</source>
        <translation>Mit Anmerkungen drucken</translation>
    </message>
    <message>
        <source>Annotated copy (PDF)…</source>
        <translation>Kopie mit Anmerkungen (PDF)…</translation>
    </message>
    <message>
        <source>Annotated copy, flattened (PDF)…</source>
        <translation>Kopie mit fest eingebrannten Anmerkungen (PDF)…</translation>
    </message>
    <message>
        <source>Redacted copy (PDF)…</source>
        <translation>Geschwärzte Kopie (PDF)…</translation>
    </message>
    <message>
        <source>Annotations as XFDF…</source>
        <translation>Anmerkungen als XFDF…</translation>
    </message>
    <message>
        <source>Import annotations from XFDF…</source>
        <translation>Anmerkungen aus XFDF importieren…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export a copy of this document</source>
        <translation>Eine Kopie dieses Dokuments exportieren</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>von %1</translation>
    </message>
</context>
<context>
    <name>clerk::ViewsModel</name>
    <message>
        <source>My requests</source>
        <translation>Meine Vorgänge</translation>
    </message>
    <message>
        <source>My team</source>
        <translation>Mein Team</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Nicht zugewiesen</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>Bald fällig</translation>
    </message>
    <message>
        <source>All requests</source>
        <translation>Alle Vorgänge</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n request(s)</source>
        <translation>
            <numerusform>%1, %n Antrag</numerusform>
            <numerusform>%1, %n Anträge</numerusform>
        </translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <source>By service</source>
        <translation>Nach Leistung</translation>
    </message>
    <message>
        <source>By status</source>
        <translation>Nach Status</translation>
    </message>
    <message>
        <source>By channel</source>
        <translation>Nach Eingangskanal</translation>
    </message>
    <message>
        <source>Saved searches</source>
        <translation>Gespeicherte Suchen</translation>
    </message>
    <message>
        <source>Section: %1</source>
        <translation>Abschnitt: %1</translation>
    </message>
</context>
<context>
    <name>clerk::WindowActions</name>
    <message>
        <source>Search requests (Ctrl+F)</source>
        <translation>Vorgänge durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <source>Search requests</source>
        <translation>Vorgänge durchsuchen</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Find requests</source>
        <translation>Vorgänge &amp;suchen</translation>
    </message>
    <message>
        <source>Save &amp;search…</source>
        <translation>Suche &amp;speichern…</translation>
    </message>
    <message>
        <source>&amp;Remove saved search</source>
        <translation>Gespeicherte Suche &amp;entfernen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Show &amp;views sidebar</source>
        <translation>&amp;Ansichten-Leiste anzeigen</translation>
    </message>
    <message>
        <source>&amp;Inbox</source>
        <translation>&amp;Posteingang</translation>
    </message>
    <message>
        <source>Ne&amp;xt tab</source>
        <translation>&amp;Nächster Reiter</translation>
    </message>
    <message>
        <source>Pre&amp;vious tab</source>
        <translation>&amp;Vorheriger Reiter</translation>
    </message>
    <message>
        <source>&amp;Close document</source>
        <translation>Dokument &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About ClerkDesk</source>
        <translation>&amp;Über ClerkDesk</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>More than %1 hits – refine your search</source>
        <translation>Mehr als %1 Treffer – verfeinern Sie die Suche</translation>
    </message>
    <message>
        <source>The list shows the %1 best hits. Add a word to the search to find the others.</source>
        <translation>Die Liste zeigt die %1 besten Treffer. Ergänzen Sie die Suche um ein Wort, um die übrigen zu finden.</translation>
    </message>
    <message numerus="yes">
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n Treffer</numerusform>
            <numerusform>%n Treffer</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clerk::Workspace</name>
    <message>
        <source>No city backend is configured (Settings, or your administrator&apos;s policy).</source>
        <translation>Es ist kein Fachverfahren der Stadt eingerichtet (Einstellungen oder Richtlinie Ihrer IT-Administration).</translation>
    </message>
    <message>
        <source>Locked. Unlock to continue where you were.</source>
        <translation>Gesperrt. Entsperren Sie, um dort weiterzuarbeiten, wo Sie waren.</translation>
    </message>
    <message>
        <source>%1 closed request(s) removed after the retention period, %2 document(s) removed from the cache.</source>
        <translation>%1 abgeschlossene(r) Vorgang/Vorgänge nach Ablauf der lokalen Vorhaltezeit von diesem Computer entfernt, %2 Dokument(e) aus dem Zwischenspeicher entfernt.</translation>
    </message>
    <message>
        <source>Encrypting your documents under your new passphrase did not finish (%1). It continues the next time you unlock ClerkDesk; your documents stay readable.</source>
        <translation>Das Verschlüsseln Ihrer Dokumente mit Ihrer neuen Passphrase wurde nicht abgeschlossen (%1). Es wird beim nächsten Entsperren von ClerkDesk fortgesetzt; Ihre Dokumente bleiben lesbar.</translation>
    </message>
    <message>
        <source>The key remembered on this computer could not be replaced (%1). Next time ClerkDesk will ask for your new passphrase; nothing is lost.</source>
        <translation>Der auf diesem Computer gemerkte Schlüssel konnte nicht ersetzt werden (%1). Beim nächsten Mal fragt ClerkDesk nach Ihrer neuen Passphrase; es geht nichts verloren.</translation>
    </message>
    <message>
        <source>The keyring did not answer; please enter your passphrase.</source>
        <translation>Der Schlüsselbund hat nicht geantwortet; bitte geben Sie Ihre Passphrase ein.</translation>
    </message>
</context>
<context>
    <name>clerk::XdomeaCommands</name>
    <message>
        <source>Import &amp;xdomea message…</source>
        <translation>&amp;xdomea-Nachricht importieren…</translation>
    </message>
    <message>
        <source>Take over a case another authority handed over (xdomea 0401) or an archive delivered (xdomea 0503)</source>
        <translation>Einen Vorgang übernehmen, den eine andere Behörde abgegeben (xdomea 0401) oder ein Archiv ausgesondert hat (xdomea 0503)</translation>
    </message>
    <message>
        <source>Import xdomea message</source>
        <translation>xdomea-Nachricht importieren</translation>
    </message>
    <message>
        <source>xdomea message (*.zip)</source>
        <translation>xdomea-Nachricht (*.zip)</translation>
    </message>
    <message>
        <source>The xdomea message was not imported; nothing on this computer was changed.

%1</source>
        <translation>Die xdomea-Nachricht wurde nicht importiert; auf diesem Computer wurde nichts geändert.

%1</translation>
    </message>
    <message numerus="yes">
        <source>xdomea message imported: %n request(s).</source>
        <translation>
            <numerusform>xdomea-Nachricht importiert: %n Vorgang.</numerusform>
            <numerusform>xdomea-Nachricht importiert: %n Vorgänge.</numerusform>
        </translation>
    </message>
    <message>
        <source>Acknowledgement for the sender (xdomea 0402) written: %1</source>
        <translation>Importbestätigung für den Absender (xdomea 0402) geschrieben: %1</translation>
    </message>
</context>
<context>
    <name>clerk::XdomeaJobs</name>
    <message>
        <source>Handing over to another authority (xdomea)</source>
        <translation>Abgabe an eine andere Behörde (xdomea)</translation>
    </message>
    <message>
        <source>Checking and importing the xdomea message</source>
        <translation>Die xdomea-Nachricht wird geprüft und importiert</translation>
    </message>
</context>
<context>
    <name>clerk::archiving::Messages</name>
    <message>
        <source>The data from the server is malformed (%1).</source>
        <translation>Die Daten vom Fachverfahren sind fehlerhaft (%1).</translation>
    </message>
</context>
<context>
    <name>clerk::efile</name>
    <message>
        <source>The e-file schema could not be loaded.</source>
        <translation>Das Schema für E-Akten konnte nicht geladen werden.</translation>
    </message>
    <message>
        <source>The package&apos;s manifest (efile.xml) is not well-formed XML.</source>
        <translation>Das Inhaltsverzeichnis des Pakets (efile.xml) ist kein gültiges XML.</translation>
    </message>
    <message>
        <source>The package&apos;s manifest declares a DTD, which is not accepted.</source>
        <translation>Das Inhaltsverzeichnis des Pakets deklariert eine DTD; das wird nicht angenommen.</translation>
    </message>
    <message>
        <source>The package&apos;s manifest does not follow the e-file schema: %1</source>
        <translation>Das Inhaltsverzeichnis des Pakets entspricht nicht dem E-Akten-Schema: %1</translation>
    </message>
    <message>
        <source>The form data in the package&apos;s manifest cannot be read.</source>
        <translation>Die Formulardaten im Inhaltsverzeichnis des Pakets sind nicht lesbar.</translation>
    </message>
    <message>
        <source>An annotation in the package&apos;s manifest cannot be read.</source>
        <translation>Eine Anmerkung im Inhaltsverzeichnis des Pakets ist nicht lesbar.</translation>
    </message>
    <message>
        <source>The package contains an entry with an unreadable name.</source>
        <translation>Das Paket enthält einen Eintrag mit unlesbarem Namen.</translation>
    </message>
    <message>
        <source>The package contains an entry with control characters in its name.</source>
        <translation>Das Paket enthält einen Eintrag mit Steuerzeichen im Namen.</translation>
    </message>
    <message>
        <source>The package contains a Windows-style path (&quot;%1&quot;); it is refused.</source>
        <translation>Das Paket enthält einen Windows-Pfad („%1“); es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package contains an absolute path (&quot;%1&quot;); it is refused.</source>
        <translation>Das Paket enthält einen absoluten Pfad („%1“); es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package contains a path with a drive letter (&quot;%1&quot;); it is refused.</source>
        <translation>Das Paket enthält einen Pfad mit Laufwerksbuchstaben („%1“); es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package contains a path that leaves its folder (&quot;%1&quot;); it is refused.</source>
        <translation>Das Paket enthält einen Pfad, der seinen Ordner verlässt („%1“); es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The document &quot;%1&quot; is not on this computer yet. Open it once (with a connection) and export again.</source>
        <translation>Das Dokument „%1“ ist noch nicht auf diesem Computer. Öffnen Sie es einmal (mit Verbindung) und exportieren Sie erneut.</translation>
    </message>
    <message>
        <source>The package file could not be created: %1</source>
        <translation>Die Paketdatei konnte nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>The package could not be written (is the disk full?).</source>
        <translation>Das Paket konnte nicht geschrieben werden (ist der Datenträger voll?).</translation>
    </message>
    <message>
        <source>The export was cancelled; no package was written.</source>
        <translation>Der Export wurde abgebrochen; es wurde kein Paket geschrieben.</translation>
    </message>
    <message>
        <source>The stored copy of &quot;%1&quot; does not match its checksum; it was not exported.</source>
        <translation>Die gespeicherte Kopie von „%1“ passt nicht zu ihrer Prüfsumme; sie wurde nicht exportiert.</translation>
    </message>
    <message>
        <source>The package %1 cannot be opened.</source>
        <translation>Das Paket %1 lässt sich nicht öffnen.</translation>
    </message>
    <message>
        <source>The package contains an encrypted entry (&quot;%1&quot;); encrypted packages are not accepted.</source>
        <translation>Das Paket enthält einen verschlüsselten Eintrag („%1“); verschlüsselte Pakete werden nicht angenommen.</translation>
    </message>
    <message>
        <source>The package contains a symbolic link (&quot;%1&quot;); it is refused.</source>
        <translation>Das Paket enthält eine symbolische Verknüpfung („%1“); es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package contains an entry that is not a regular file (&quot;%1&quot;); it is refused.</source>
        <translation>Das Paket enthält einen Eintrag, der keine normale Datei ist („%1“); es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package uses a compression method ClerkDesk does not accept (&quot;%1&quot;).</source>
        <translation>Das Paket verwendet ein Komprimierungsverfahren, das ClerkDesk nicht annimmt („%1“).</translation>
    </message>
    <message>
        <source>The package contains &quot;%1&quot; twice; it is refused.</source>
        <translation>Das Paket enthält „%1“ zweimal; es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package contains names that differ only in case (&quot;%1&quot;); it is refused.</source>
        <translation>Das Paket enthält Namen, die sich nur in Groß-/Kleinschreibung unterscheiden („%1“); es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The entry &quot;%1&quot; is larger than the accepted %2 MiB.</source>
        <translation>Der Eintrag „%1“ ist größer als die zulässigen %2 MiB.</translation>
    </message>
    <message>
        <source>The package&apos;s content is larger than the accepted %1 MiB.</source>
        <translation>Der Inhalt des Pakets ist größer als die zulässigen %1 MiB.</translation>
    </message>
    <message>
        <source>The entry &quot;%1&quot; is compressed suspiciously well (%2:1); the package looks like a decompression bomb and is refused.</source>
        <translation>Der Eintrag „%1“ ist verdächtig stark komprimiert (%2:1) und würde beim Entpacken den Datenträger füllen. Das Paket wurde abgelehnt, es wurde nichts verändert; bitten Sie den Absender um ein neues Paket.</translation>
    </message>
    <message>
        <source>The package has no manifest (efile.xml); it is not a ClerkDesk e-file.</source>
        <translation>Das Paket hat kein Inhaltsverzeichnis (efile.xml); es ist keine ClerkDesk-E-Akte.</translation>
    </message>
    <message>
        <source>The package is damaged or incomplete (it may have been cut off while copying).</source>
        <translation>Das Paket ist beschädigt oder unvollständig (vielleicht beim Kopieren abgeschnitten).</translation>
    </message>
    <message>
        <source>The package&apos;s manifest is missing or too large.</source>
        <translation>Das Inhaltsverzeichnis des Pakets fehlt oder ist zu groß.</translation>
    </message>
    <message>
        <source>The manifest names the file &quot;%1&quot; twice.</source>
        <translation>Das Inhaltsverzeichnis nennt die Datei „%1“ zweimal.</translation>
    </message>
    <message>
        <source>The manifest names the file &quot;%1&quot;, which is not in the package.</source>
        <translation>Das Inhaltsverzeichnis nennt die Datei „%1“, die nicht im Paket ist.</translation>
    </message>
    <message>
        <source>The package contains &quot;%1&quot;, which its manifest does not name; it is refused.</source>
        <translation>Das Paket enthält „%1“, das sein Inhaltsverzeichnis nicht nennt; es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The entry &quot;%1&quot; holds more data than announced; the package is refused.</source>
        <translation>Der Eintrag „%1“ enthält mehr Daten als angegeben; das Paket wird abgelehnt.</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; has %2 bytes, the manifest says %3; the package is damaged.</source>
        <translation>Die Datei „%1“ hat %2 Bytes, das Inhaltsverzeichnis sagt %3; das Paket ist beschädigt.</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; (&quot;%2&quot;) does not match its checksum; the package is damaged or was altered.</source>
        <translation>Die Datei „%1“ („%2“) passt nicht zu ihrer Prüfsumme; das Paket ist beschädigt oder wurde verändert.</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was changed.</source>
        <translation>Der Import wurde abgebrochen; es wurde nichts verändert.</translation>
    </message>
    <message>
        <source>The request %1 is already on this computer. Merge the package into it, or keep both?</source>
        <translation>Der Vorgang %1 ist bereits auf diesem Computer. Das Paket mit ihm zusammenführen oder beide behalten?</translation>
    </message>
    <message>
        <source> (imported)</source>
        <translation> (importiert)</translation>
    </message>
    <message>
        <source>E-file package imported (%1 document(s) from %2)</source>
        <translation>E-Akten-Paket importiert (%1 Dokument(e) aus %2)</translation>
    </message>
    <message>
        <source>A document&apos;s annotations in the package&apos;s manifest lack their file or checksum.</source>
        <translation>Bei den Anmerkungen eines Dokuments fehlen im Inhaltsverzeichnis des Pakets Datei oder Prüfsumme.</translation>
    </message>
    <message>
        <source>The manifest names the file &quot;%1&quot; twice or for the wrong document.</source>
        <translation>Das Inhaltsverzeichnis nennt die Datei „%1“ doppelt oder beim falschen Dokument.</translation>
    </message>
    <message>
        <source>The package carries annotations twice (in the manifest and as XFDF).</source>
        <translation>Das Paket enthält Anmerkungen doppelt (im Inhaltsverzeichnis und als XFDF).</translation>
    </message>
    <message>
        <source>The annotations file &quot;%1&quot; is missing or too large.</source>
        <translation>Die Anmerkungsdatei „%1“ fehlt oder ist zu groß.</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; does not match its checksum; the package is damaged or was altered.</source>
        <translation>Die Datei „%1“ passt nicht zu ihrer Prüfsumme; das Paket ist beschädigt oder wurde verändert.</translation>
    </message>
    <message>
        <source>The annotations of &quot;%1&quot; cannot be read: %2</source>
        <translation>Die Anmerkungen zu „%1“ können nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The e-file of %1 is %2 MiB; a package can hold at most %3 MiB. Export fewer documents, or hand the largest ones over separately.</source>
        <translation>Die E-Akte %1 umfasst %2 MiB; ein Paket fasst höchstens %3 MiB. Exportieren Sie weniger Dokumente oder übergeben Sie die größten gesondert.</translation>
    </message>
    <message>
        <source>The package is %1 MiB; ClerkDesk reads packages of at most %2 MiB. Ask the sender to split the e-file into smaller packages.</source>
        <translation>Das Paket umfasst %1 MiB; ClerkDesk liest Pakete bis höchstens %2 MiB. Bitten Sie den Absender, die E-Akte in kleinere Pakete aufzuteilen.</translation>
    </message>
    <message>
        <source>The stored copy of &quot;%1&quot; is damaged; it was not exported.</source>
        <translation>Die gespeicherte Kopie von „%1“ ist beschädigt; sie wurde nicht exportiert.</translation>
    </message>
    <message>
        <source>The package&apos;s content unpacks to more than the accepted %1 MiB; it is refused.</source>
        <translation>Der Inhalt des Pakets ergibt entpackt mehr als die zulässigen %1 MiB; es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package&apos;s entries read differently depending on how it is read (it may have two directories); it is refused.</source>
        <translation>Die Einträge des Pakets lesen sich je nach Leseweise unterschiedlich (es hat womöglich zwei Verzeichnisse); es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; has %2 bytes by the package&apos;s directory, the manifest says %3; the package is damaged or was altered.</source>
        <translation>Die Datei „%1“ hat laut Verzeichnis des Pakets %2 Bytes, das Manifest nennt %3; das Paket ist beschädigt oder wurde verändert.</translation>
    </message>
    <message>
        <source>The package contains the document id %1 twice; it is refused.</source>
        <translation>Das Paket enthält die Dokument-ID %1 zweimal; es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package contains the note id %1 twice; it is refused.</source>
        <translation>Das Paket enthält die Vermerk-ID %1 zweimal; es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package contains the annotation id %1 twice; it is refused.</source>
        <translation>Das Paket enthält die Anmerkungs-ID %1 zweimal; es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package contains an annotation on a document that is not in the package; it is refused.</source>
        <translation>Das Paket enthält eine Anmerkung zu einem Dokument, das nicht im Paket ist; es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package contains a document whose id belongs to another request (%1); nothing was imported.</source>
        <translation>Das Paket enthält ein Dokument, dessen ID zu einem anderen Vorgang gehört (%1); es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>The package contains a note whose id belongs to another request (%1); nothing was imported.</source>
        <translation>Das Paket enthält einen Vermerk, dessen ID zu einem anderen Vorgang gehört (%1); es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>The package contains an annotation whose id belongs to another request (%1); nothing was imported.</source>
        <translation>Das Paket enthält eine Anmerkung, deren ID zu einem anderen Vorgang gehört (%1); es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>A timeline entry in the package&apos;s manifest cannot be read.</source>
        <translation>Ein Eintrag des Verlaufs im Inhaltsverzeichnis des Pakets ist nicht lesbar.</translation>
    </message>
</context>
<context>
    <name>clerk::json::Messages</name>
    <message>
        <source>The data from the server is malformed (%1).</source>
        <translation>Die Daten vom Fachverfahren sind fehlerhaft (%1).</translation>
    </message>
</context>
<context>
    <name>clerk::pdf::Geometry</name>
    <message>
        <source>The annotation has no valid position on the page.</source>
        <translation>Die Anmerkung hat keine gültige Position auf der Seite.</translation>
    </message>
    <message>
        <source>The marked text of the annotation is not valid.</source>
        <translation>Der markierte Text der Anmerkung ist ungültig.</translation>
    </message>
    <message>
        <source>The drawing has no strokes.</source>
        <translation>Die Zeichnung enthält keine Striche.</translation>
    </message>
    <message>
        <source>A stroke of the drawing is not valid.</source>
        <translation>Ein Strich der Zeichnung ist ungültig.</translation>
    </message>
</context>
<context>
    <name>clerk::pdf::PdfExport</name>
    <message>
        <source>The PDF could not be read; it is damaged or not a PDF.</source>
        <translation>Das PDF konnte nicht gelesen werden; es ist beschädigt oder kein PDF.</translation>
    </message>
    <message>
        <source>This file is not a PDF.</source>
        <translation>Diese Datei ist kein PDF.</translation>
    </message>
    <message>
        <source>The PDF has no pages.</source>
        <translation>Das PDF hat keine Seiten.</translation>
    </message>
    <message>
        <source>This PDF is protected by a password.</source>
        <translation>Dieses PDF ist durch ein Passwort geschützt.</translation>
    </message>
    <message>
        <source>The PDF could not be written; the original may be damaged.</source>
        <translation>Das PDF konnte nicht geschrieben werden; das Original ist möglicherweise beschädigt.</translation>
    </message>
    <message>
        <source>An annotation refers to page %1, but the document has %2 pages.</source>
        <translation>Eine Anmerkung bezieht sich auf Seite %1, das Dokument hat aber %2 Seiten.</translation>
    </message>
    <message>
        <source>The annotations could not be added; the PDF may be damaged.</source>
        <translation>Die Anmerkungen konnten nicht eingefügt werden; das PDF ist möglicherweise beschädigt.</translation>
    </message>
    <message>
        <source>The PDF could not be rendered for redaction.</source>
        <translation>Das PDF konnte für die Schwärzung nicht in ein Bild umgewandelt werden. Das Original bleibt unverändert; es wurde keine Kopie erstellt.</translation>
    </message>
    <message>
        <source>A redaction mark refers to page %1, but the document has %2 pages.</source>
        <translation>Eine Schwärzung bezieht sich auf Seite %1, das Dokument hat aber %2 Seiten.</translation>
    </message>
    <message>
        <source>Page %1 could not be rendered for redaction.</source>
        <translation>Seite %1 konnte für die Schwärzung nicht in ein Bild umgewandelt werden. Das Original bleibt unverändert; es wurde keine Kopie erstellt.</translation>
    </message>
    <message>
        <source>The redaction could not be applied; the PDF may be damaged.</source>
        <translation>Die Schwärzung konnte nicht angewendet werden; das PDF ist möglicherweise beschädigt.</translation>
    </message>
    <message numerus="yes">
        <source>%n form field(s)</source>
        <translation>
            <numerusform>%n Formularfeld</numerusform>
            <numerusform>%n Formularfelder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s)</source>
        <translation>
            <numerusform>%n Anhang</numerusform>
            <numerusform>%n Anhänge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bookmark(s)</source>
        <translation>
            <numerusform>%n Lesezeichen</numerusform>
            <numerusform>%n Lesezeichen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n script(s) or action(s)</source>
        <translation>
            <numerusform>%n Skript oder Aktion</numerusform>
            <numerusform>%n Skripte oder Aktionen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n named destination(s)</source>
        <translation>
            <numerusform>%n benanntes Sprungziel</numerusform>
            <numerusform>%n benannte Sprungziele</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page label text(s)</source>
        <translation>
            <numerusform>%n Seitenbeschriftung</numerusform>
            <numerusform>%n Seitenbeschriftungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thumbnail(s)</source>
        <translation>
            <numerusform>%n Miniaturansicht</numerusform>
            <numerusform>%n Miniaturansichten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n metadata record(s)</source>
        <translation>
            <numerusform>%n Metadateneintrag</numerusform>
            <numerusform>%n Metadateneinträge</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 removed</source>
        <translation>%1 entfernt</translation>
    </message>
    <message>
        <source>The viewer cannot show this PDF, so no redacted copy is made of pages nobody could check. Ask the sender for an undamaged copy.</source>
        <translation>Die Ansicht kann dieses PDF nicht anzeigen, deshalb wird keine geschwärzte Kopie von Seiten erstellt, die niemand prüfen konnte. Bitten Sie den Absender um eine unbeschädigte Kopie.</translation>
    </message>
    <message>
        <source>This PDF lists its pages inconsistently: the viewer shows %1 page(s), but the file holds %2. A redacted copy of it could contain pages you have not seen, so none is made. Ask the sender for a corrected file, or print this one to a new PDF, open that and redact it.</source>
        <translation>Die Seiten dieses PDF sind widersprüchlich verzeichnet: Die Ansicht zeigt %1 Seite(n), die Datei enthält aber %2. Eine geschwärzte Kopie könnte Seiten enthalten, die Sie nicht gesehen haben, deshalb wird keine erstellt. Bitten Sie den Absender um eine korrigierte Datei, oder drucken Sie diese in ein neues PDF, öffnen Sie es und schwärzen Sie dort.</translation>
    </message>
</context>
<context>
    <name>clerk::pdf::Xfdf</name>
    <message>
        <source>The XFDF file is too large (over %1 MB).</source>
        <translation>Die XFDF-Datei ist zu groß (über %1 MB).</translation>
    </message>
    <message>
        <source>The XFDF file cannot be read: %1</source>
        <translation>Die XFDF-Datei kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>document type declarations are not accepted</source>
        <translation>Dokumenttyp-Deklarationen werden nicht angenommen</translation>
    </message>
    <message>
        <source>entities are not accepted</source>
        <translation>Entitäten werden nicht angenommen</translation>
    </message>
    <message>
        <source>the elements are nested too deeply</source>
        <translation>die Elemente sind zu tief verschachtelt</translation>
    </message>
    <message>
        <source>this is not XFDF</source>
        <translation>dies ist kein XFDF</translation>
    </message>
    <message>
        <source>more than %1 annotations</source>
        <translation>mehr als %1 Anmerkungen</translation>
    </message>
    <message>
        <source>an annotation has no valid page</source>
        <translation>eine Anmerkung hat keine gültige Seite</translation>
    </message>
    <message>
        <source>an annotation has no valid rectangle</source>
        <translation>eine Anmerkung hat kein gültiges Rechteck</translation>
    </message>
    <message>
        <source>the marked text of an annotation is not valid</source>
        <translation>der markierte Text einer Anmerkung ist ungültig</translation>
    </message>
    <message>
        <source>an annotation&apos;s text is too long</source>
        <translation>der Text einer Anmerkung ist zu lang</translation>
    </message>
    <message>
        <source>a drawing&apos;s stroke is not valid</source>
        <translation>ein Strich einer Zeichnung ist ungültig</translation>
    </message>
</context>
<context>
    <name>clerk::sql::Messages</name>
    <message>
        <source>The passphrase is wrong, or the file is not a ClerkDesk database. Nothing was changed.</source>
        <translation>Die Passphrase ist falsch, oder die Datei ist keine ClerkDesk-Datenbank. Es wurde nichts verändert.</translation>
    </message>
    <message>
        <source>The local database is damaged. It can be rebuilt from the city backend; unsent work is kept wherever it can still be read.</source>
        <translation>Die lokale Datenbank ist beschädigt. Sie kann vom Fachverfahren der Stadt neu aufgebaut werden; nicht gesendete Arbeit bleibt erhalten, soweit sie lesbar ist.</translation>
    </message>
    <message>
        <source>The disk is full. The last change was not saved; free some space and try again.</source>
        <translation>Der Datenträger ist voll. Die letzte Änderung wurde nicht gespeichert; schaffen Sie Platz und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The local database is busy. Please try again in a moment.</source>
        <translation>Die lokale Datenbank ist gerade beschäftigt. Ihre Arbeit ist sicher; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The local database could not be read or written.</source>
        <translation>Die lokale Datenbank konnte nicht gelesen oder geschrieben werden. Prüfen Sie, ob der Datenträger erreichbar ist, und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>An internal database error occurred.</source>
        <translation>In der lokalen Datenbank ist ein interner Fehler aufgetreten. Ihre gespeicherte Arbeit bleibt erhalten; versuchen Sie es erneut oder wenden Sie sich an die IT.</translation>
    </message>
    <message>
        <source>The local database does not exist.</source>
        <translation>Die lokale Datenbank existiert nicht.</translation>
    </message>
    <message>
        <source>The local database is not encrypted. ClerkDesk refuses to use it; it must be rebuilt from the city backend.</source>
        <translation>Die lokale Datenbank ist nicht verschlüsselt. ClerkDesk verwendet sie nicht; sie muss vom Fachverfahren der Stadt neu aufgebaut werden.</translation>
    </message>
    <message>
        <source>No passphrase was given.</source>
        <translation>Es wurde keine Passphrase angegeben.</translation>
    </message>
    <message>
        <source>The work was stopped; nothing was changed.</source>
        <translation>Die Arbeit wurde abgebrochen; nichts wurde geändert.</translation>
    </message>
</context>
<context>
    <name>clerk::xdomea</name>
    <message>
        <source>The hand-over file could not be written (is the disk full?).</source>
        <translation>Die Abgabedatei konnte nicht geschrieben werden (ist der Datenträger voll?).</translation>
    </message>
    <message>
        <source>Choose at least one request to hand over.</source>
        <translation>Wählen Sie mindestens einen Vorgang zur Abgabe aus.</translation>
    </message>
    <message>
        <source>The name of your authority is not set. Enter it in the settings (or ask city IT to set it by policy) and hand over again.</source>
        <translation>Der Name Ihrer Behörde ist nicht eingestellt. Tragen Sie ihn in den Einstellungen ein (oder bitten Sie die städtische IT, ihn per Richtlinie festzulegen), und geben Sie dann erneut ab.</translation>
    </message>
    <message>
        <source>Enter the authority that takes the requests over.</source>
        <translation>Geben Sie die Behörde an, die die Vorgänge übernimmt.</translation>
    </message>
    <message>
        <source>The document &quot;%1&quot; of %2 is not on this computer yet. Open it once (with a connection) and hand over again.</source>
        <translation>Das Dokument „%1“ von %2 ist noch nicht auf diesem Computer. Öffnen Sie es einmal (mit Verbindung), und geben Sie dann erneut ab.</translation>
    </message>
    <message>
        <source>The hand-over is %1 MiB; a file can hold at most %2 MiB. Hand over fewer requests or documents at once.</source>
        <translation>Die Abgabe umfasst %1 MiB; eine Datei kann höchstens %2 MiB aufnehmen. Geben Sie weniger Vorgänge oder Dokumente auf einmal ab.</translation>
    </message>
    <message>
        <source>The hand-over file could not be created: %1</source>
        <translation>Die Abgabedatei konnte nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>The hand-over was cancelled; no file was written.</source>
        <translation>Die Abgabe wurde abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <source>The stored copy of &quot;%1&quot; is damaged; nothing was handed over.</source>
        <translation>Die gespeicherte Kopie von „%1“ ist beschädigt; es wurde nichts abgegeben.</translation>
    </message>
    <message>
        <source>The stored copy of &quot;%1&quot; does not match its checksum; nothing was handed over.</source>
        <translation>Die gespeicherte Kopie von „%1“ stimmt nicht mit ihrer Prüfsumme überein; es wurde nichts abgegeben.</translation>
    </message>
    <message>
        <source>Cover letter: </source>
        <translation>Anschreiben: </translation>
    </message>
    <message>
        <source>xdomea message %1</source>
        <translation>xdomea-Nachricht %1</translation>
    </message>
    <message numerus="yes">
        <source>Taken over from xdomea: %1 from %2 (ProzessID %3), %n document(s)</source>
        <translation>
            <numerusform>Übernommen aus xdomea: %1 von %2 (ProzessID %3), %n Dokument</numerusform>
            <numerusform>Übernommen aus xdomea: %1 von %2 (ProzessID %3), %n Dokumente</numerusform>
        </translation>
    </message>
    <message>
        <source>This xdomea message (ProzessID %1) was imported on this computer before; it is not imported twice.</source>
        <translation>Diese xdomea-Nachricht (ProzessID %1) wurde auf diesem Computer bereits importiert; sie wird nicht zweimal importiert.</translation>
    </message>
    <message>
        <source>The xdomea message could not be stored.</source>
        <translation>Die xdomea-Nachricht konnte nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>The package holds no xdomea message (a file named {ProzessID}_….0401.xml or similar); it is not an xdomea package.</source>
        <translation>Das Paket enthält keine xdomea-Nachricht (eine Datei namens {ProzessID}_….0401.xml o. Ä.); es ist kein xdomea-Paket.</translation>
    </message>
    <message>
        <source>The package holds more than one xdomea message (%1); it is refused.</source>
        <translation>Das Paket enthält mehr als eine xdomea-Nachricht (%1); es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message is %1 MiB; ClerkDesk reads messages of at most %2 MiB. It is refused.</source>
        <translation>Die xdomea-Nachricht ist %1 MiB groß; ClerkDesk liest Nachrichten bis höchstens %2 MiB. Sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package is damaged or incomplete (it may have been cut off while copying).</source>
        <translation>Das Paket ist beschädigt oder unvollständig (es wurde vielleicht beim Kopieren abgeschnitten).</translation>
    </message>
    <message>
        <source>The xdomea message names itself as a document; it is refused.</source>
        <translation>Die xdomea-Nachricht nennt sich selbst als Dokument; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message names the file &quot;%1&quot;, which is not in the package; it is refused.</source>
        <translation>Die xdomea-Nachricht nennt die Datei „%1“, die nicht im Paket ist; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The package contains &quot;%1&quot;, which the xdomea message does not name; it is refused.</source>
        <translation>Das Paket enthält „%1“, das die xdomea-Nachricht nicht nennt; es wird abgelehnt.</translation>
    </message>
    <message>
        <source>The entry &quot;%1&quot; holds more data than announced; the package is refused.</source>
        <translation>Der Eintrag „%1“ enthält mehr Daten als angegeben; das Paket wird abgelehnt.</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; has %2 bytes, the package&apos;s directory says %3; the package is damaged.</source>
        <translation>Die Datei „%1“ hat %2 Bytes, das Verzeichnis des Pakets nennt %3; das Paket ist beschädigt.</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; changed while it was imported; nothing was imported.</source>
        <translation>Die Datei „%1“ hat sich während des Imports geändert; es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was changed.</source>
        <translation>Der Import wurde abgebrochen; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>A document in the xdomea message has no ID; the message is refused.</source>
        <translation>Ein Dokument der xdomea-Nachricht hat keine ID; die Nachricht wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message names the document %1 twice; it is refused.</source>
        <translation>Die xdomea-Nachricht nennt das Dokument %1 zweimal; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>A document in the xdomea message has a format without a file name; the message is refused.</source>
        <translation>Ein Dokument der xdomea-Nachricht hat ein Format ohne Dateinamen; die Nachricht wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message names a file with control characters in its name; it is refused.</source>
        <translation>Die xdomea-Nachricht nennt eine Datei mit Steuerzeichen im Namen; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message names the file &quot;%1&quot; with a backslash (a Windows path); it is refused.</source>
        <translation>Die xdomea-Nachricht nennt die Datei „%1“ mit einem umgekehrten Schrägstrich (einem Windows-Pfad); sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message names the file &quot;%1&quot; with an absolute path; it is refused.</source>
        <translation>Die xdomea-Nachricht nennt die Datei „%1“ mit einem absoluten Pfad; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message names the file &quot;%1&quot;, a path that leaves the package&apos;s folder; it is refused.</source>
        <translation>Die xdomea-Nachricht nennt die Datei „%1“, einen Pfad, der den Ordner des Pakets verlässt; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message names the file &quot;%1&quot; in a folder; xdomea files lie beside the message. It is refused.</source>
        <translation>Die xdomea-Nachricht nennt die Datei „%1“ in einem Ordner; xdomea-Dateien liegen neben der Nachricht. Sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message names the file &quot;%1&quot; twice; it is refused.</source>
        <translation>Die xdomea-Nachricht nennt die Datei „%1“ zweimal; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message names more than %1 files; ClerkDesk does not import it at once.</source>
        <translation>Die xdomea-Nachricht nennt mehr als %1 Dateien; ClerkDesk importiert sie nicht auf einmal.</translation>
    </message>
    <message>
        <source>The xdomea message declares a DTD or entities (&lt;!DOCTYPE …&gt;), which ClerkDesk does not accept; the message is refused.</source>
        <translation>Die xdomea-Nachricht deklariert eine DTD oder Entitäten (&lt;!DOCTYPE …&gt;), was ClerkDesk nicht annimmt; die Nachricht wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message uses entity references, which ClerkDesk does not accept; the message is refused.</source>
        <translation>Die xdomea-Nachricht verwendet Entitätsverweise, die ClerkDesk nicht annimmt; die Nachricht wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message is not well-formed XML; it is refused.</source>
        <translation>Die xdomea-Nachricht ist kein wohlgeformtes XML; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message ends too early; it is refused.</source>
        <translation>Die xdomea-Nachricht endet zu früh; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message nests its elements deeper than %1 levels; it is refused.</source>
        <translation>Die xdomea-Nachricht verschachtelt ihre Elemente tiefer als %1 Ebenen; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message contains the element &quot;%1&quot; in the namespace &quot;%2&quot;; a message of xdomea %3 has its elements in &quot;%4&quot;. It is refused.</source>
        <translation>Die xdomea-Nachricht enthält das Element „%1“ im Namensraum „%2“; eine Nachricht in xdomea %3 hat ihre Elemente in „%4“. Sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message has the element &quot;%1&quot; where a text belongs; it is refused.</source>
        <translation>Die xdomea-Nachricht hat das Element „%1“, wo ein Text stehen muss; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message holds more than %1 files, cases and documents; ClerkDesk does not import it at once.</source>
        <translation>Die xdomea-Nachricht enthält mehr als %1 Akten, Vorgänge und Dokumente; ClerkDesk importiert sie nicht auf einmal.</translation>
    </message>
    <message>
        <source>The file named as the xdomea message is not XML; it is refused.</source>
        <translation>Die als xdomea-Nachricht benannte Datei ist kein XML; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The message &quot;%1&quot; is in the namespace &quot;%2&quot;, which is not an xdomea namespace (ClerkDesk reads xdomea 2.4.0, 3.0.0 and 3.1.0); it is refused.</source>
        <translation>Die Nachricht „%1“ steht im Namensraum „%2“, der kein xdomea-Namensraum ist (ClerkDesk liest xdomea 2.4.0, 3.0.0 und 3.1.0); sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The file is not an xdomea message (its root element is &quot;%1&quot; in the namespace &quot;%2&quot;).</source>
        <translation>Die Datei ist keine xdomea-Nachricht (ihr Wurzelelement ist „%1“ im Namensraum „%2“).</translation>
    </message>
    <message>
        <source>The message is of xdomea version %1; ClerkDesk reads the versions 2.4.0, 3.0.0 and 3.1.0.</source>
        <translation>Die Nachricht ist in xdomea-Version %1; ClerkDesk liest die Versionen 2.4.0, 3.0.0 und 3.1.0.</translation>
    </message>
    <message>
        <source>The file is not an xdomea message (its root element is &quot;%1&quot;).</source>
        <translation>Die Datei ist keine xdomea-Nachricht (ihr Wurzelelement ist „%1“).</translation>
    </message>
    <message>
        <source>This is an xdomea message of type %1 (%2). ClerkDesk imports hand-overs (0401 Abgabe) and archive deliveries (0503 Aussonderung) only.</source>
        <translation>Dies ist eine xdomea-Nachricht vom Typ %1 (%2). ClerkDesk importiert nur Abgaben (0401) und Aussonderungen (0503).</translation>
    </message>
    <message>
        <source>The xdomea message has no header with a ProzessID; it is refused.</source>
        <translation>Die xdomea-Nachricht hat keinen Kopf mit einer ProzessID; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message calls itself of type %1 in its header, but is a %2; it is refused.</source>
        <translation>Die xdomea-Nachricht nennt sich im Kopf vom Typ %1, ist aber eine %2; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The xdomea message carries no Akte, Vorgang or Dokument.</source>
        <translation>Die xdomea-Nachricht enthält keine Akte, keinen Vorgang und kein Dokument.</translation>
    </message>
    <message>
        <source>hand-over (Abgabe 0401)</source>
        <translation>Abgabe (0401)</translation>
    </message>
    <message>
        <source>archive delivery (Aussonderung 0503)</source>
        <translation>Aussonderung (0503)</translation>
    </message>
    <message>
        <source>The xdomea message is %1 MiB; ClerkDesk reads messages of at most %2 MiB.</source>
        <translation>Die xdomea-Nachricht ist %1 MiB groß; ClerkDesk liest Nachrichten bis höchstens %2 MiB.</translation>
    </message>
    <message>
        <source>The archive&apos;s assessment (0502) assesses no object; there is nothing to do.</source>
        <translation>Die Bewertung des Archivs (0502) bewertet kein Objekt; es gibt nichts zu tun.</translation>
    </message>
    <message>
        <source>The archive&apos;s confirmation (0506) names no object; there is nothing to do.</source>
        <translation>Die Bestätigung des Archivs (0506) nennt kein Objekt; es gibt nichts zu tun.</translation>
    </message>
    <message>
        <source>The archive&apos;s answer names the object %1 twice; it is refused.</source>
        <translation>Die Antwort des Archivs nennt das Objekt %1 zweimal; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The archive&apos;s assessment has an object without an ID; it is refused.</source>
        <translation>Die Bewertung des Archivs enthält ein Objekt ohne ID; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The archive assessed %1 with its own value &quot;%2&quot;; ClerkDesk understands only the code list&apos;s A (archive) and V (destroy). Ask the archive for an assessment with those.</source>
        <translation>Das Archiv hat %1 mit dem eigenen Wert „%2“ bewertet; ClerkDesk versteht nur die Werte A (archivieren) und V (vernichten) der Codeliste. Bitten Sie das Archiv um eine Bewertung mit diesen Werten.</translation>
    </message>
    <message>
        <source>The archive assessed %1 as &quot;%2&quot;; ClerkDesk expects A (archive) or V (destroy). Ask the archive to finish its assessment.</source>
        <translation>Das Archiv hat %1 mit „%2“ bewertet; ClerkDesk erwartet A (archivieren) oder V (vernichten). Bitten Sie das Archiv, seine Bewertung abzuschließen.</translation>
    </message>
    <message>
        <source>The archive&apos;s confirmation has an object without an ID; it is refused.</source>
        <translation>Die Bestätigung des Archivs enthält ein Objekt ohne ID; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>The archive&apos;s answer belongs to the Aussonderung %1, which your team did not offer (or not from a profile of this city backend). Nothing was imported; check that the archive answered your offer list.</source>
        <translation>Die Antwort des Archivs gehört zur Aussonderung %1, die Ihr Team nicht angeboten hat (oder nicht aus einem Profil dieses Fachverfahrens). Es wurde nichts importiert; prüfen Sie, ob das Archiv auf Ihr Anbieteverzeichnis geantwortet hat.</translation>
    </message>
    <message>
        <source>The file for the archive could not be created: %1</source>
        <translation>Die Datei für das Archiv konnte nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>%1 is not closed yet.</source>
        <translation>%1 ist noch nicht abgeschlossen.</translation>
    </message>
    <message>
        <source>%1: no retention period (Aufbewahrungsfrist) is set for its service.</source>
        <translation>%1: Für die Leistung ist keine Aufbewahrungsfrist festgelegt.</translation>
    </message>
    <message>
        <source>%1: the day it was closed is not known on this computer; synchronise and try again.</source>
        <translation>%1: Der Tag des Abschlusses ist auf diesem Computer nicht bekannt; synchronisieren Sie und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1 must be kept until %2.</source>
        <translation>%1 ist bis %2 aufzubewahren.</translation>
    </message>
    <message>
        <source>%1 is already part of an Aussonderung (%2).</source>
        <translation>%1 gehört bereits zu einer Aussonderung (%2).</translation>
    </message>
    <message>
        <source>Choose at least one closed request to offer to the archive.</source>
        <translation>Wählen Sie mindestens einen abgeschlossenen Vorgang, der dem Archiv angeboten werden soll.</translation>
    </message>
    <message>
        <source>The name of your authority is not set. Enter it in the settings (or ask city IT to set it by policy) and offer again.</source>
        <translation>Der Name Ihrer Behörde ist nicht eingestellt. Tragen Sie ihn in den Einstellungen ein (oder bitten Sie die städtische IT, ihn per Richtlinie zu setzen) und bieten Sie erneut an.</translation>
    </message>
    <message>
        <source>Enter the archive the requests are offered to.</source>
        <translation>Geben Sie das Archiv an, dem die Vorgänge angeboten werden.</translation>
    </message>
    <message>
        <source>Nothing was offered to the archive:
%1</source>
        <translation>Dem Archiv wurde nichts angeboten:
%1</translation>
    </message>
    <message>
        <source>The file %1 cannot be read.</source>
        <translation>Die Datei %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The archive&apos;s file must hold exactly one xdomea message (a file named {ProzessID}_Aussonderung….xml) and nothing else; it is refused.</source>
        <translation>Die Datei des Archivs muss genau eine xdomea-Nachricht enthalten (eine Datei namens {ProzessID}_Aussonderung….xml) und sonst nichts; sie wird abgelehnt.</translation>
    </message>
    <message>
        <source>This is the archive&apos;s %1, not its assessment (Bewertungsverzeichnis 0502); nothing was imported.</source>
        <translation>Die Datei enthält: %1 – nicht die Bewertung des Archivs (Bewertungsverzeichnis 0502); es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>The archive assessed the object %1, which was not offered in the Aussonderung %2; nothing was imported.</source>
        <translation>Das Archiv hat das Objekt %1 bewertet, das in der Aussonderung %2 nicht angeboten wurde; es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>The assessment of the Aussonderung %1 was imported already; nothing was imported again.</source>
        <translation>Die Bewertung der Aussonderung %1 wurde bereits importiert; es wurde nichts erneut importiert.</translation>
    </message>
    <message>
        <source>This is the archive&apos;s %1, not its confirmation (AussonderungImportBestaetigen 0506); nothing was imported.</source>
        <translation>Die Datei enthält: %1 – nicht die Bestätigung des Archivs (AussonderungImportBestaetigen 0506); es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>The archive confirms the object %1, which was not handed over to it in the Aussonderung %2; nothing was imported.</source>
        <translation>Das Archiv bestätigt das Objekt %1, das ihm in der Aussonderung %2 nicht übergeben wurde; es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>The archive&apos;s confirmation of the Aussonderung %1 was imported already; nothing was imported again.</source>
        <translation>Die Bestätigung der Aussonderung %1 wurde bereits importiert; es wurde nichts erneut importiert.</translation>
    </message>
    <message>
        <source>the archive did not take it over</source>
        <translation>vom Archiv nicht übernommen</translation>
    </message>
    <message>
        <source>The file for the archive could not be written (is the disk full?).</source>
        <translation>Die Datei für das Archiv konnte nicht geschrieben werden (ist der Datenträger voll?).</translation>
    </message>
    <message>
        <source>The document &quot;%1&quot; of %2 is not on this computer yet. Open it once (with a connection) and import the archive&apos;s assessment again.</source>
        <translation>Das Dokument „%1“ von %2 ist noch nicht auf diesem Computer. Öffnen Sie es einmal (mit Verbindung) und importieren Sie die Bewertung des Archivs erneut.</translation>
    </message>
    <message>
        <source>The delivery to the archive is %1 MiB; a file can hold at most %2 MiB. Offer fewer requests at once.</source>
        <translation>Die Abgabe an das Archiv ist %1 MiB groß; eine Datei fasst höchstens %2 MiB. Bieten Sie weniger Vorgänge auf einmal an.</translation>
    </message>
    <message>
        <source>Writing the file for the archive was cancelled; no file was written.</source>
        <translation>Das Schreiben der Datei für das Archiv wurde abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <source>The stored copy of &quot;%1&quot; is damaged; nothing was written for the archive.</source>
        <translation>Die gespeicherte Kopie von „%1“ ist beschädigt; für das Archiv wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>The stored copy of &quot;%1&quot; does not match its checksum; nothing was written for the archive.</source>
        <translation>Die gespeicherte Kopie von „%1“ passt nicht zu ihrer Prüfsumme; für das Archiv wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Only a hand-over (xdomea 0401) is acknowledged with a 0402; this message is a %1.</source>
        <translation>Nur eine Abgabe (xdomea 0401) wird mit einer 0402 bestätigt; diese Nachricht ist eine %1.</translation>
    </message>
    <message>
        <source>The xdomea message names its objects in a form the acknowledgement (0402) cannot repeat; no acknowledgement was written.</source>
        <translation>Die xdomea-Nachricht benennt ihre Objekte in einer Form, die die Importbestätigung (0402) nicht wiedergeben kann; es wurde keine Bestätigung geschrieben.</translation>
    </message>
    <message>
        <source>The acknowledgement for the sender (xdomea 0402) could not be written to %1. The import itself is complete.</source>
        <translation>Die Importbestätigung für den Absender (xdomea 0402) konnte nicht nach %1 geschrieben werden. Der Import selbst ist vollständig.</translation>
    </message>
    <message>
        <source>Taking over this xdomea message would store %1 MiB of documents (the cover letter and the message once per request); ClerkDesk takes at most %2 MiB from one message. Nothing was imported.</source>
        <translation>Die Übernahme dieser xdomea-Nachricht würde %1 MiB an Dokumenten speichern (das Anschreiben und die Nachricht je Vorgang einmal); ClerkDesk übernimmt aus einer Nachricht höchstens %2 MiB. Es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>This is an xdomea message of type %1 (%2), not an answer of the archive. Import the archive&apos;s assessment (0502 Bewertungsverzeichnis) or its confirmation (0506 AussonderungImportBestaetigen).</source>
        <translation>Dies ist eine xdomea-Nachricht vom Typ %1 (%2), keine Antwort des Archivs. Importieren Sie die Bewertung des Archivs (0502 Bewertungsverzeichnis) oder seine Bestätigung (0506 AussonderungImportBestaetigen).</translation>
    </message>
    <message>
        <source>archive&apos;s assessment (Bewertungsverzeichnis 0502)</source>
        <translation>Bewertung des Archivs (Bewertungsverzeichnis 0502)</translation>
    </message>
    <message>
        <source>archive&apos;s confirmation (AussonderungImportBestaetigen 0506)</source>
        <translation>Bestätigung des Archivs (AussonderungImportBestaetigen 0506)</translation>
    </message>
    <message>
        <source>The annotations of &quot;%1&quot; (%2) are larger than %3 MiB; the xdomea message is refused, nothing was imported.</source>
        <translation>Die Anmerkungen zu „%1“ (%2) sind größer als %3 MiB; die xdomea-Nachricht wird abgewiesen, es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>The annotations of &quot;%1&quot; (%2) cannot be read (%3); the xdomea message is refused, nothing was imported.</source>
        <translation>Die Anmerkungen zu „%1“ (%2) können nicht gelesen werden (%3); die xdomea-Nachricht wird abgewiesen, es wurde nichts importiert.</translation>
    </message>
    <message numerus="yes">
        <source>%n annotation(s) of &quot;%1&quot; not taken over: they are on pages the PDF does not have (it has %2).</source>
        <translation>
            <numerusform>%n Anmerkung zu „%1“ nicht übernommen: sie steht auf einer Seite, die das PDF nicht hat (es hat %2).</numerusform>
            <numerusform>%n Anmerkungen zu „%1“ nicht übernommen: sie stehen auf Seiten, die das PDF nicht hat (es hat %2).</numerusform>
        </translation>
    </message>
    <message>
        <source>The annotations of the xdomea message (XFDF files) come to %1 MiB; ClerkDesk takes at most %2 MiB of annotations from one message. It is refused, nothing was imported.</source>
        <translation>Die Anmerkungen der xdomea-Nachricht (XFDF-Dateien) umfassen %1 MiB; ClerkDesk übernimmt höchstens %2 MiB Anmerkungen aus einer Nachricht. Sie wird abgelehnt, nichts wurde importiert.</translation>
    </message>
    <message>
        <source>The xdomea message carries more than %1 annotations (XFDF files); ClerkDesk does not import them at once. It is refused, nothing was imported.</source>
        <translation>Die xdomea-Nachricht enthält mehr als %1 Anmerkungen (XFDF-Dateien); ClerkDesk importiert sie nicht auf einmal. Sie wird abgelehnt, nichts wurde importiert.</translation>
    </message>
    <message>
        <source>A file or link named %1 was in the folder already; the acknowledgement (xdomea 0402) was written as %2 instead.</source>
        <translation>Im Ordner lag bereits eine Datei oder Verknüpfung namens %1; die Importbestätigung (xdomea 0402) wurde stattdessen als %2 geschrieben.</translation>
    </message>
    <message>
        <source>The xdomea message holds more than %1 history entries (HistorienProtokollInformation); ClerkDesk does not import it at once.</source>
        <translation>Die xdomea-Nachricht enthält mehr als %1 Historieneinträge (HistorienProtokollInformation); ClerkDesk importiert sie nicht auf einmal.</translation>
    </message>
    <message>
        <source>An object of the xdomea message carries more than %1 history entries (HistorienProtokollInformation), more than one request&apos;s Verlauf takes; the message is refused.</source>
        <translation>Ein Objekt der xdomea-Nachricht hat mehr als %1 Historieneinträge (HistorienProtokollInformation), mehr als der Verlauf eines Vorgangs aufnimmt; die Nachricht wird abgelehnt.</translation>
    </message>
    <message>
        <source>The object %1 of the xdomea message carries more than %2 history entries (HistorienProtokollInformation), more than one request&apos;s Verlauf takes; the message is refused.</source>
        <translation>Das Objekt %1 der xdomea-Nachricht hat mehr als %2 Historieneinträge (HistorienProtokollInformation), mehr als der Verlauf eines Vorgangs aufnimmt; die Nachricht wird abgelehnt.</translation>
    </message>
    <message>
        <source>The ProzessID of the xdomea message is not a UUID, as xdomea requires; the message is refused.</source>
        <translation>Die ProzessID der xdomea-Nachricht ist keine UUID, wie xdomea sie verlangt; die Nachricht wird abgelehnt.</translation>
    </message>
</context>
<context>
    <name>clerk::zipscan</name>
    <message>
        <source>The package is damaged or incomplete (it may have been cut off while copying).</source>
        <translation>Das Paket ist beschädigt oder unvollständig (vielleicht beim Kopieren abgeschnitten).</translation>
    </message>
    <message>
        <source>Packages split over several files are not accepted.</source>
        <translation>Auf mehrere Dateien verteilte Pakete werden nicht angenommen.</translation>
    </message>
    <message>
        <source>The package has %1 entries; at most %2 are accepted.</source>
        <translation>Das Paket hat %1 Einträge; höchstens %2 werden angenommen.</translation>
    </message>
    <message>
        <source>The package is not one plain ZIP archive (it has a second directory or hidden data); it is refused.</source>
        <translation>Das Paket ist kein einfaches ZIP-Archiv (es enthält ein zweites Verzeichnis oder versteckte Daten); es wird abgelehnt.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Demo mode is switched off by your administrator.</source>
        <translation>Der Demo-Modus ist von Ihrer IT-Administration abgeschaltet.</translation>
    </message>
    <message>
        <source>ClerkDesk demo</source>
        <translation>ClerkDesk-Demo</translation>
    </message>
    <message>
        <source>Work as:</source>
        <translation>Arbeiten als:</translation>
    </message>
</context>
<context>
    <name>sql::Messages</name>
    <message>
        <source>The transaction is not open.</source>
        <translation>Die Änderung konnte nicht gespeichert werden, weil sie nicht begonnen war. Es wurde nichts verändert; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>A part of the change failed; nothing of it was saved.</source>
        <translation>Ein Teil der Änderung ist fehlgeschlagen; nichts davon wurde gespeichert.</translation>
    </message>
</context>
</TS>
