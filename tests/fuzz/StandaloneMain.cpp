// Runs a fuzz target without libFuzzer (gcc builds, ./dev test): every file of its seed corpus,
// then a fixed number of deterministic mutations of them. Coverage-guided runs use the `fuzz`
// preset and ./dev fuzz NAME SECONDS.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR [MUTATIONS]\n", argv[0]);
        return 2;
    }
    const int mutations = argc > 2 ? std::atoi(argv[2]) : 5000;
    QList<QByteArray> seeds;
    const QDir dir(QString::fromLocal8Bit(argv[1]));
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(name));
        if (f.open(QIODevice::ReadOnly))
            seeds << f.readAll();
    }
    if (seeds.isEmpty()) {
        std::fprintf(stderr, "no seeds in %s\n", argv[1]);
        return 2;
    }
    for (const QByteArray& s : seeds)
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.constData()), size_t(s.size()));
    QRandomGenerator g(20261126);
    for (int i = 0; i < mutations; ++i) {
        QByteArray b = seeds.at(int(g.bounded(int(seeds.size()))));
        const int edits = 1 + int(g.bounded(8));
        for (int e = 0; e < edits; ++e) {
            const int pos = b.isEmpty() ? 0 : int(g.bounded(int(b.size())));
            switch (g.bounded(5)) {
            case 0:
                if (!b.isEmpty())
                    b[pos] = char(g.bounded(256));
                break;
            case 1:
                b.insert(pos, char(g.bounded(256)));
                break;
            case 2:
                if (!b.isEmpty())
                    b.remove(pos, 1 + int(g.bounded(qMin(16, int(b.size()) - pos))));
                break;
            case 3:
                b.insert(pos, b.mid(int(g.bounded(int(qMax<qsizetype>(1, b.size())))), 16));
                break;
            case 4:
                b.truncate(pos);
                break;
            }
        }
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(b.constData()), size_t(b.size()));
    }
    std::printf("%lld seeds and %d mutations ran without a crash\n", static_cast<long long>(seeds.size()), mutations);
    return 0;
}
