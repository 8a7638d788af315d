// What the tst_xdomea_roundtrip* tests share: the official schemas and xmllint's verdict on a
// message, the texts of an element, a sink that hashes what streams into it, and the process's
// peak RSS.
#pragma once

#include "core/Sha256.h"

#include <QFile>
#include <QIODevice>
#include <QMultiMap>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringList>
#include <QXmlStreamReader>
#include <cstring>

namespace clerk::xdomearoundtrip {

inline const QString kSource = QStringLiteral(CLERKDESK_SOURCE_DIR);

inline QString schemaOf(const QString& version)
{
    return kSource + QStringLiteral("/standards/xdomea/%1/xdomea-Nachrichten-AbgabeDurchfuehren.xsd").arg(version);
}

// xmllint's verdict on the file at `path`: empty when it validates, its words otherwise.
inline QString lint(const QString& path, const QString& version)
{
    const QString xmllint = QStandardPaths::findExecutable(QStringLiteral("xmllint"));
    if (xmllint.isEmpty())
        return QStringLiteral("xmllint (libxml2-utils) is not installed");
    QProcess p;
    p.start(xmllint,
        { QStringLiteral("--noout"), QStringLiteral("--nonet"), QStringLiteral("--schema"), schemaOf(version), path });
    if (!p.waitForFinished(120000))
        return QStringLiteral("xmllint did not finish");
    const QString err = QString::fromUtf8(p.readAllStandardError());
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return err.isEmpty() ? QStringLiteral("xmllint failed") : err;
    return err.contains(QLatin1String("validates")) ? QString() : QStringLiteral("no verdict: ") + err;
}

// The texts of every element `name` in `xml`.
inline QStringList texts(const QByteArray& xml, const QString& name)
{
    QStringList out;
    QXmlStreamReader r(xml);
    while (!r.atEnd())
        if (r.readNext() == QXmlStreamReader::StartElement && r.name() == name)
            out << r.readElementText();
    return out;
}

// Every Feld of the message's AnwendungsspezifischeErweiterung: name → value.
inline QMultiMap<QString, QString> fieldsOf(const QByteArray& xml)
{
    QMultiMap<QString, QString> out;
    QXmlStreamReader r(xml);
    QString name, value;
    int inField = 0;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && r.name() == QLatin1String("Feld")) {
            inField = 1;
            name.clear();
            value.clear();
        } else if (r.isStartElement() && inField && r.name() == QLatin1String("Name")) {
            name = r.readElementText();
        } else if (r.isStartElement() && inField && r.name() == QLatin1String("Wert")) {
            value = r.readElementText();
        } else if (r.isEndElement() && inField && r.name() == QLatin1String("Feld")) {
            inField = 0;
            out.insert(name, value);
        }
    }
    return out;
}

// A sink that only hashes what is written into it (a 200 MB document is never held whole).
class HashSink : public QIODevice
{
public:
    HashSink() { open(WriteOnly); }
    QByteArray hex() { return m_hash.hexResult(); }
    qint64 bytes = 0;

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 n) override
    {
        m_hash.addData(QByteArrayView(data, n));
        bytes += n;
        return n;
    }

private:
    Sha256 m_hash;
};

// The large document of the round trips: 200 MB.
inline constexpr qint64 kLargeBytes = qint64(200) << 20;

// Writes `bytes` incompressible, reproducible bytes (xorshift, a PDF header first) to `path` in
// blocks of 1 MiB, hashing them on the way; their SHA-256 in hex, or empty when it failed.
inline QByteArray writeNoise(const QString& path, qint64 bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    Sha256 hash;
    QByteArray block(1 << 20, Qt::Uninitialized);
    quint32 x = 2463534242u;
    for (qint64 written = 0; written < bytes; written += block.size()) {
        auto* words = reinterpret_cast<quint32*>(block.data());
        for (qsizetype i = 0; i < block.size() / 4; ++i) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            words[i] = x;
        }
        if (written == 0)
            std::memcpy(block.data(), "%PDF-1.7\n", 9);
        const QByteArrayView piece(block.constData(), qMin<qint64>(block.size(), bytes - written));
        hash.addData(piece);
        if (f.write(piece.data(), piece.size()) != piece.size())
            return {};
    }
    return hash.hexResult();
}

// Peak resident set of this process in KiB (VmHWM), and its reset (Linux ≥ 4.0: "5" into clear_refs).
inline qint64 peakRssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression hwm(QStringLiteral("VmHWM:\\s*(\\d+) kB"));
    return hwm.match(QString::fromLatin1(f.readAll())).captured(1).toLongLong();
}

inline bool resetPeakRss()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

} // namespace clerk::xdomearoundtrip
