// Writes tests/data/efile-sample.zip: an e-file package of one synthetic request, exported by today's
// exporter. The package checks verify it with the installed clerkdesk-cli. Run by hand; not a test.
#include "../common/TestData.h"
#include "core/archive/EFilePackage.h"
#include "core/pdf/SimplePdf.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QTemporaryDir>
#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_efile_fixture OUT.zip\n");
        return 2;
    }
    QTemporaryDir dir;
    clerk::Store s(dir.filePath(QStringLiteral("profile.db")));
    if (!s.create("fixture-passphrase"))
        return 1;
    using namespace clerk::testdata;
    clerk::Request r = request(1, QStringLiteral("Hannelore Schäfer"));
    r.id = QStringLiteral("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e");
    r.attachmentCount = 1;
    if (!s.upsertServices({ parkingService() }) || !s.upsertRequests({ r }))
        return 1;
    clerk::SimplePdf pdf;
    pdf.setTitle(QStringLiteral("Antrag Bewohnerparkausweis"));
    pdf.text(72, 90, QStringLiteral("Antrag auf einen Bewohnerparkausweis – Zone S-West 3"), 14, true);
    const QByteArray bytes = pdf.toPdf();
    const clerk::Document doc { QStringLiteral("7a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d"), r.id, QStringLiteral("Antrag"),
        QStringLiteral("application"), QStringLiteral("application/pdf"), bytes.size(),
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), 1 };
    clerk::DocumentCache cache(s);
    QBuffer source;
    source.setData(bytes);
    source.open(QIODevice::ReadOnly);
    if (!cache.upsertDocuments({ doc }) || !cache.putContent(doc.id, source))
        return 1;
    if (clerk::Status st = clerk::efile::exportRequest(s, r.id, QString::fromLocal8Bit(argv[1])); !st) {
        std::fprintf(stderr, "export failed: %s\n", qPrintable(st.error().detail));
        return 1;
    }
    std::printf("wrote %s\n", argv[1]);
    return 0;
}
