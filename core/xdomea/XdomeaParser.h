// The xdomea message parser, shared by XdomeaReader.cpp (the tokens, the root and the header) and
// XdomeaObjects.cpp (Akten, Vorgänge, Dokumente); not part of the interface.
#pragma once

#include "XdomeaReader.h"

#include <QSet>
#include <QXmlStreamReader>
#include <functional>
#include <optional>

namespace clerk::xdomea::detail {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::xdomea)
};

inline Error refused(const QString& message, const QString& detail = {})
{
    return { Error::Invalid, message, detail };
}

inline const QString kNamespacePrefix = QStringLiteral("urn:xoev-de:xdomea:schema:");

inline QDateTime dateTime(const QString& s)
{
    return QDateTime::fromString(s.trimmed(), Qt::ISODateWithMs).toUTC();
}

inline QDate date(const QString& s)
{
    return QDate::fromString(s.trimmed().left(10), Qt::ISODate); // (an xs:date may carry a zone)
}

// Reads one message. Every token goes through advance(), which refuses a DTD, entity references,
// elements too deep and elements outside the message's namespace; each parse function consumes
class Parser
{
public:
    // `answers`: read the archive's answers (0502, 0506) instead of deliveries (0401, 0503).
    Parser(const QByteArray& xml, const ReaderLimits& limits, bool answers = false)
        : m_r(xml)
        , m_limits(limits)
        , m_answers(answers)
    {
        m_r.setNamespaceProcessing(true);
        m_r.setEntityExpansionLimit(0);
    }

    Result<Message> run();

private:
    bool fail(const QString& message, const QString& detail = {})
    {
        if (!m_error)
            m_error = refused(message, detail);
        return false;
    }
    bool advance();
    // Calls `child(name)` for every child element of the current one; `child` consumes it.
    template <class F> bool children(F&& child);
    bool skip(); // the current element and all it holds (foreign content allowed inside)
    bool text(QString& out);
    bool code(QString& out); // the unqualified <code> of a code-list value
    bool countObject();

    bool kopf(Message& m);
    bool contact(Contact& c);
    bool history(HistoryEntry& h);
    // Reads one HistorienProtokollInformation into `into`, counted against the message's and the
    // record's limits (ReaderLimits::maxHistory, maxHistoryPerRecord) before it is kept.
    bool historyEntry(QList<HistoryEntry>& into, const QString& owner);
    bool historyFits(qsizetype entries, const QString& owner);
    bool schriftgutobjekt(Message& m);
    bool akte(Message& m, const Record* outer);
    bool vorgang(Record& rec);
    bool dokument(QList<DocumentInfo>& out);
    bool version(DocumentInfo& d);
    bool format(DocumentInfo& d, const QString& versionNumber);
    bool addFile(DocumentInfo& d, FileRef f);
    bool metadata(QString& title, QString& fileNumber);
    bool named(QString& out); // the <Name> inside the current element
    bool identification(QString& id);
    bool period(Record& r);
    bool flag(bool& out);
    bool documentRecord(QList<Record>& out);
    bool extension(Record& r); // a Vorgang's AnwendungsspezifischeErweiterung (ours only)
    // The Feld elements of an AnwendungsspezifischeErweiterung with our Kennung: name, value.
    bool fields(const std::function<void(const QString&, const QString&)>& field);
    bool assessment(Message& m); // XdomeaAnswers.cpp
    bool outcome(Message& m);
    // The root a message of this kind must have; a refusal otherwise.
    std::optional<Error> refuseRoot(const Message& m) const;
    std::optional<Error> refuseContent(const Message& m) const;

    QXmlStreamReader m_r;
    const ReaderLimits& m_limits;
    const bool m_answers;
    QString m_ns;
    Version m_version = Version::V3_1_0;
    int m_depth = 0;
    int m_objects = 0;
    int m_history = 0; // HistorienProtokollInformation entries read
    int m_skipping = 0; // > 0 while inside foreign content (AnwendungsspezifischeErweiterungXML)
    QSet<QString> m_files, m_filesFolded, m_documentIds;
    QString m_typeCode; // Kopf/Nachrichtentyp
    std::optional<Error> m_error;
};

template <class F> bool Parser::children(F&& child)
{
    const int level = m_depth;
    while (advance()) {
        if (m_r.isEndElement() && m_depth < level)
            return true;
        if (m_r.isStartElement() && !child(m_r.name().toString()))
            return false;
    }
    return false;
}

} // namespace clerk::xdomea::detail
