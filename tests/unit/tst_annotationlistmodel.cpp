// The side panel's list of annotations: reading order, and edits reported as the rows they touch
// (inserted, removed, moved, changed) so that the clerk's selection stays; only another document
// resets. Runs under QAbstractItemModelTester.
#include "core/pdf/Annotations.h"
#include "models/AnnotationListModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace clerk;

namespace {
Annotation at(const QString& id, int page, double top, AnnotationType type = AnnotationType::Rect)
{
    Annotation a;
    a.id = id;
    a.documentId = QStringLiteral("doc-1");
    a.type = type;
    a.page = page;
    a.author = QStringLiteral("mkeller");
    a.color = annotationColor(type);
    pdf::Geometry::setRect(a, QRectF(100, top - 20, 100, 20));
    return a;
}

QStringList ids(const AnnotationListModel& m)
{
    QStringList out;
    for (int i = 0; i < m.rowCount(); ++i)
        out << m.index(i).data(AnnotationListModel::IdRole).toString();
    return out;
}
} // namespace

class TestAnnotationListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readingOrderAndText();
    void editsTouchOnlyTheirRows();
};

void TestAnnotationListModel::readingOrderAndText()
{
    AnnotationListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Annotation stamp = at(QStringLiteral("s"), 0, 700, AnnotationType::Stamp);
    stamp.text = QStringLiteral("Genehmigt");
    Annotation note = at(QStringLiteral("n"), 0, 400, AnnotationType::Note);
    note.text = QStringLiteral("Nachweis fehlt");
    model.setAnnotations(QStringLiteral("doc-1"), { at(QStringLiteral("p2"), 1, 780), note, stamp });
    QCOMPARE(ids(model), QStringList({ "s", "n", "p2" })); // page 1 top to bottom, then page 2
    const QString first = model.index(0).data().toString();
    QVERIFY2(
        first.contains(QStringLiteral("“Genehmigt”")) && first.contains(QLatin1String("mkeller")), qPrintable(first));
    const QString second = model.index(1).data().toString();
    QVERIFY2(
        second.contains(annotationTypeName(AnnotationType::Note)) && second.contains(QLatin1String("Nachweis fehlt")),
        qPrintable(second));
    QCOMPARE(model.index(1).data(Qt::DecorationRole).value<QColor>(), QColor::fromString(note.color));
    QCOMPARE(model.index(1).data(AnnotationListModel::TypeRole).value<AnnotationType>(), AnnotationType::Note);
    QCOMPARE(model.indexOf(QStringLiteral("p2")).row(), 2);
    QVERIFY(!model.indexOf(QStringLiteral("gone")).isValid());
}

void TestAnnotationListModel::editsTouchOnlyTheirRows()
{
    AnnotationListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<Annotation> list { at(QStringLiteral("a"), 0, 700), at(QStringLiteral("b"), 0, 500),
        at(QStringLiteral("c"), 1, 700) };
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setAnnotations(QStringLiteral("doc-1"), list);
    QCOMPARE(reset.size(), 1);
    const QPersistentModelIndex selectedB = model.index(1);

    // Added between a and b: one row inserted, b's row follows it.
    list << at(QStringLiteral("d"), 0, 600);
    model.setAnnotations(QStringLiteral("doc-1"), list);
    QCOMPARE(ids(model), QStringList({ "a", "d", "b", "c" }));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 1);
    QCOMPARE(selectedB.row(), 2);

    // Its text changed: that row only.
    list[1].text = QStringLiteral("Rückfrage");
    model.setAnnotations(QStringLiteral("doc-1"), list);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 2);
    QVERIFY(model.index(2).data().toString().contains(QStringLiteral("Rückfrage")));

    // The same list again: nothing.
    model.setAnnotations(QStringLiteral("doc-1"), list);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(inserted.size(), 1);

    // c moved to the top of page 1: a move, not a reset; b stays selected.
    pdf::Geometry::setRect(list[2], QRectF(100, 760, 100, 20));
    list[2].page = 0;
    model.setAnnotations(QStringLiteral("doc-1"), list);
    QCOMPARE(ids(model), QStringList({ "c", "a", "d", "b" }));
    QCOMPARE(moved.size(), 1);
    QCOMPARE(selectedB.row(), 3);

    // a deleted (gone from the list, or marked deleted): removed.
    list[0].deleted = true;
    model.setAnnotations(QStringLiteral("doc-1"), list);
    QCOMPARE(ids(model), QStringList({ "c", "d", "b" }));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1);
    QCOMPARE(selectedB.row(), 2);
    QCOMPARE(reset.size(), 1); // none of these reset

    // Another document: a reset.
    model.setAnnotations(QStringLiteral("doc-2"), { at(QStringLiteral("x"), 0, 100) });
    QCOMPARE(reset.size(), 2);
    QCOMPARE(ids(model), QStringList({ "x" }));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestAnnotationListModel)
#include "tst_annotationlistmodel.moc"
