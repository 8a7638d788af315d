// The inbox search marks what it found in German spelling: typing "mueller" finds Müller, Mueller
// and Muller (the search folds them alike) and the real window marks exactly those letters — in
// the inbox list (through the ranges the InboxDelegate marks) and in the request pane.
#include "../common/TestData.h"
#include "core/Settings.h"
#include "core/store/Store.h"
#include "models/InboxModel.h"
#include "ui/Highlight.h"
#include "ui/InboxDelegate.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"
#include "ui/Translations.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace clerk;

namespace {

// One request per name, all the clerk's (in "Meine Vorgänge", the window's first view).
QList<Request> clerksRequests(const QStringList& names)
{
    QList<Request> requests;
    for (int i = 0; i < names.size(); ++i) {
        requests << testdata::request(i + 1, names.at(i));
        requests.last().assignee = QStringLiteral("b.hartmann");
    }
    return requests;
}

// A store with the parking service and `requests`, and the window on it at 1366×768.
struct PaneWindow
{
    std::unique_ptr<Store> store;
    std::unique_ptr<Settings> settings;
    std::unique_ptr<MainWindow> window;
    bool open(const QTemporaryDir& dir, const QString& name, const QList<Request>& requests)
    {
        store = std::make_unique<Store>(dir.filePath(name + QStringLiteral(".db")));
        if (!store->create("search-marks-passphrase") || !store->upsertServices({ testdata::parkingService() })
            || !store->upsertRequests(requests))
            return false;
        settings = std::make_unique<Settings>(
            dir.filePath(name + QStringLiteral(".conf")), QStringList { dir.filePath(QStringLiteral("x")) });
        window = std::make_unique<MainWindow>(*settings);
        window->attachWorkspace(*store, nullptr, QStringLiteral("b.hartmann"));
        window->resize(1366, 768);
        window->show();
        return QTest::qWaitForWindowExposed(window.get());
    }
    ~PaneWindow()
    {
        window.reset(); // (before its store)
    }
};

// Collects the widgets that were moved or resized (as "class#name").
class GeometryChanges : public QObject
{
public:
    QStringList seen;

protected:
    bool eventFilter(QObject* o, QEvent* e) override
    {
        if (e->type() == QEvent::Move || e->type() == QEvent::Resize)
            seen << QString::fromLatin1(o->metaObject()->className()) + u'#' + o->objectName();
        return false;
    }
};

} // namespace

class TestSearchMarks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rangesOfSpellingVariants_data();
    void rangesOfSpellingVariants();
    void theWindowMarksEverySpelling_data();
    void theWindowMarksEverySpelling();
    void theListPaintsTheMarksOfTheCurrentSearch();
    void theListDrawsPlainCellsAsTheirColumnsAllow();
    void aSearchLeavesTheListsOwnLines();
    void thePaneTakesItsMarksAwayInPlace();
    void theNextRequestOfTheSameFormKeepsThePaneLaidOut();

private:
    QTemporaryDir m_dir;
};

void TestSearchMarks::rangesOfSpellingVariants_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QStringList>("marked");
    auto row = [](const char* name, const char* text, const char* typed, QStringList marked) {
        QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(typed) << marked;
    };
    row("ue finds ü", "Jana Müller", "mueller", { QStringLiteral("Müller") });
    row("ü finds ue", "Jonas Mueller", "Müller", { QStringLiteral("Mueller") });
    row("u finds ue", "Jonas Mueller", "muller", { QStringLiteral("Mueller") });
    row("case", "JANA MÜLLER", "müller", { QStringLiteral("MÜLLER") });
    row("ss finds ß", "Königstraße 12", "strasse", { QStringLiteral("straße") });
    row("ß finds ss", "Königstrasse 12", "straße", { QStringLiteral("strasse") });
    row("oe finds ö", "Königstraße 12", "koenig", { QStringLiteral("König") });
    row("ae finds ä", "Gärtnerei Schäfer", "schaefer", { QStringLiteral("Schäfer") });
    row("prefix ending in a dropped e", "Jonas Mueller", "mue", { QStringLiteral("Mue") });
    row("half a ß", "Weiß", "weis", { QStringLiteral("Weiß") });
    row("two words, two hits", "Müller, Königstraße", "koenig müller",
        { QStringLiteral("Müller"), QStringLiteral("König") });
    row("none", "Schmidt", "mueller", {});
}

void TestSearchMarks::rangesOfSpellingVariants()
{
    QFETCH(QString, text);
    QFETCH(QString, typed);
    QFETCH(QStringList, marked);
    QStringList got;
    for (const HitRange& h : hitRanges(text, typed.split(QLatin1Char(' '))))
        got << text.mid(h.start, h.length);
    QCOMPARE(got, marked);
    // The HTML marks the same letters.
    const QString html = markTerms(text, typed.split(QLatin1Char(' ')));
    for (const QString& m : marked)
        QVERIFY2(html.contains(QLatin1String("font-weight:bold\">") + m + QLatin1String("</span>")), qPrintable(html));
}

void TestSearchMarks::theWindowMarksEverySpelling_data()
{
    QTest::addColumn<QString>("typed");
    QTest::newRow("mueller") << QStringLiteral("mueller");
    QTest::newRow("müller") << QStringLiteral("müller");
    QTest::newRow("MULLER") << QStringLiteral("MULLER");
}

void TestSearchMarks::theWindowMarksEverySpelling()
{
    QFETCH(QString, typed);
    const QString path = m_dir.filePath(QStringLiteral("marks-%1.db").arg(QString::number(qHash(typed))));
    Store store(path);
    QVERIFY(store.create("search-marks-passphrase"));
    QVERIFY(store.upsertServices({ testdata::parkingService() }).ok());
    const QStringList names { QStringLiteral("Jana Müller"), QStringLiteral("Jonas Mueller"),
        QStringLiteral("Lea Muller"), QStringLiteral("Tim Schmidt") };
    QVERIFY(store.upsertRequests(clerksRequests(names)).ok());

    Settings settings(
        m_dir.filePath(QStringLiteral("marks.conf")), QStringList { m_dir.filePath(QStringLiteral("x")) });
    MainWindow window(settings);
    window.attachWorkspace(store, nullptr, QStringLiteral("b.hartmann"));
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.searchField()->setText(typed);
    QTRY_COMPARE(window.inboxModel()->search(), typed);
    QTRY_VERIFY(!window.inboxModel()->searchPending()); // the search's answer comes from a worker thread
    QCOMPARE(window.inboxModel()->rowCount(), 3);

    // The list: the applicant cell of every hit marks its own spelling, through the delegate's terms.
    auto* delegate = qobject_cast<InboxDelegate*>(window.inboxView()->itemDelegate());
    QVERIFY(delegate);
    QTRY_VERIFY(!delegate->terms().isEmpty());
    QStringList marked;
    for (int row = 0; row < window.inboxModel()->rowCount(); ++row) {
        const QString cell = window.inboxModel()->index(row, InboxModel::Applicant).data().toString();
        const QList<HitRange> hits = hitRanges(cell, delegate->terms());
        QCOMPARE(hits.size(), 1);
        marked << cell.mid(hits.first().start, hits.first().length);
    }
    if (const QString dir = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !dir.isEmpty())
        window.grab().save(
            QStringLiteral("%1/search-marks-%2.png").arg(dir, QString::fromLatin1(QTest::currentDataTag())));
    marked.sort();
    QCOMPARE(marked, QStringList({ QStringLiteral("Mueller"), QStringLiteral("Muller"), QStringLiteral("Müller") }));

    // The request pane marks the applicant's name in its spelling.
    for (int row = 0; row < window.inboxModel()->rowCount(); ++row) {
        window.inboxView()->selectRow(row);
        const QString cell = window.inboxModel()->index(row, InboxModel::Applicant).data().toString();
        const QString surname = cell.section(QLatin1Char(' '), -1);
        QTRY_COMPARE(store.request(window.requestPane()->requestId())->applicant.name, cell);
        bool found = false;
        for (QLabel* l : window.requestPane()->findChildren<QLabel*>())
            found |= l->textFormat() == Qt::RichText
                && l->text().contains(QLatin1String("font-weight:bold\">") + surname + QLatin1String("</span>"));
        QVERIFY2(found, qPrintable(surname));
    }
}

// Clearing the search takes the marks out of the request pane's labels without rebuilding its form:
// the same labels show the plain text again (a rebuild laid out and repainted the window around it).
// The applicant's label and the form's values are marked in place; a locked pane shows nothing.
void TestSearchMarks::thePaneTakesItsMarksAwayInPlace()
{
    const QList<Request> requests = clerksRequests({ QStringLiteral("Jonas Mueller"), QStringLiteral("Tim Schmidt") });
    PaneWindow opened;
    QVERIFY(opened.open(m_dir, QStringLiteral("in-place"), requests));
    Store& store = *opened.store;
    MainWindow& window = *opened.window;
    RequestPane* pane = window.requestPane();
    // How many of the pane's labels mark `word`; and whether one shows `text` unmarked.
    auto marking = [pane](const QString& word) {
        int n = 0;
        for (QLabel* l : pane->findChildren<QLabel*>())
            n += l->textFormat() == Qt::RichText
                && l->text().contains(QLatin1String("font-weight:bold\">") + word + QLatin1Char('<'));
        return n;
    };
    auto showsPlain = [pane](const QString& text) {
        for (QLabel* l : pane->findChildren<QLabel*>())
            if (l->textFormat() == Qt::PlainText && l->text().startsWith(text))
                return true;
        return false;
    };
    auto search = [&window](const QString& text) {
        window.searchField()->setText(text);
        return QTest::qWaitFor(
            [&] { return window.inboxModel()->search() == text && !window.inboxModel()->searchPending(); });
    };

    QVERIFY(search(QStringLiteral("mueller")));
    QCOMPARE(window.inboxModel()->rowCount(), 1);
    window.inboxView()->selectRow(0);
    QTRY_COMPARE(pane->requestId(), requests.first().id);
    // Shown, the request is marked read, and the pane reloads it once for that.
    QTRY_VERIFY(!window.inboxModel()->index(0, 0).data(InboxModel::UnreadRole).toBool());
    QCOMPARE(marking(QStringLiteral("Mueller")), 1);
    QList<QPointer<QLabel>> labels;
    for (QLabel* l : pane->findChildren<QLabel*>())
        labels << l;
    QVERIFY(labels.size() > 5); // title, applicant, the form's names and values, ...

    // Nothing in the pane moves or changes its size when the marks go (in ./dev bench week each
    // cleared search moved some 45 of the pane's widgets, and the whole pane was painted again).
    QCoreApplication::processEvents();
    GeometryChanges changes;
    for (QWidget* child : pane->findChildren<QWidget*>())
        child->installEventFilter(&changes);
    QVERIFY(search(QString()));
    QCoreApplication::processEvents();
    QVERIFY2(changes.seen.isEmpty(), qPrintable(changes.seen.join(QLatin1String(", "))));
    QCOMPARE(window.inboxModel()->rowCount(), 2);
    QCOMPARE(pane->requestId(), requests.first().id);
    QCOMPARE(marking(QStringLiteral("Mueller")), 0);
    QVERIFY(showsPlain(QStringLiteral("Jonas Mueller\n")));
    QVERIFY(search(QStringLiteral("mueller")));
    QCOMPARE(marking(QStringLiteral("Mueller")), 1);

    // A form value (the parking zone, "S-West 3") is marked and unmarked in its own label too.
    pane->setHighlight({ QStringLiteral("west") });
    QCOMPARE(marking(QStringLiteral("West")), 1);
    QCOMPARE(marking(QStringLiteral("Mueller")), 0);
    pane->setHighlight({});
    QCOMPARE(marking(QStringLiteral("West")), 0);
    QVERIFY(showsPlain(QStringLiteral("S-West 3")));
    for (const QPointer<QLabel>& l : labels)
        QVERIFY2(l, "a label of the pane was replaced");
    QCOMPARE(pane->findChildren<QLabel*>().size(), labels.size());

    // Locked, a new search (its debounce may end behind the unlock dialog) brings no text back, and
    // the list's delegate keeps no cell's text.
    auto* delegate = qobject_cast<InboxDelegate*>(window.inboxView()->itemDelegate());
    QVERIFY(delegate);
    window.inboxView()->viewport()->repaint();
    QVERIFY(delegate->keptPlainLines() > 0);
    store.lock();
    QCOMPARE(delegate->keptPlainLines(), 0);
    pane->setHighlight({ QStringLiteral("jonas") });
    for (QLabel* l : pane->findChildren<QLabel*>())
        QVERIFY2(!l->text().contains(QLatin1String("Jonas")), qPrintable(l->text()));
}

// Going from one request to the next of the same service sets the form's values in the labels it
// has (in ./dev bench week each request shown built, laid out and painted the pane twice: once
// shown, once more when it was marked read). A request with other fields gets its own rows.
void TestSearchMarks::theNextRequestOfTheSameFormKeepsThePaneLaidOut()
{
    QList<Request> requests = clerksRequests(
        { QStringLiteral("Jonas Mueller"), QStringLiteral("Tim Schmidt"), QStringLiteral("Ana Lange") });
    requests[1].form.insert(QStringLiteral("zone"), QStringLiteral("N-Ost 7")); // every value differs
    requests[2].form.remove(QStringLiteral("plate")); // a field fewer: another shape
    requests[0].status = requests[1].status = QStringLiteral("in_progress"); // three next states
    PaneWindow opened;
    QVERIFY(opened.open(m_dir, QStringLiteral("same-form"), requests));
    Store& store = *opened.store;
    MainWindow& window = *opened.window;
    RequestPane* pane = window.requestPane();
    auto rowOf = [&](const Request& r) { return window.inboxModel()->rowOf(r.id); };
    auto shows = [pane](const QString& text) {
        for (QLabel* l : pane->findChildren<QLabel*>())
            if (l->text() == text)
                return true;
        return false;
    };
    auto select = [&](const Request& r) {
        window.inboxView()->selectRow(rowOf(r));
        return QTest::qWaitFor([&] {
            return pane->requestId() == r.id
                && !window.inboxModel()->index(rowOf(r), 0).data(InboxModel::UnreadRole).toBool();
        });
    };
    QVERIFY(select(requests.at(0))); // shown, and marked read
    QVERIFY(shows(QStringLiteral("S-CD 1")));
    QVERIFY(shows(QStringLiteral("S-West 3")));
    QList<QPointer<QLabel>> labels;
    for (QLabel* l : pane->findChildren<QLabel*>())
        labels << l;
    // A status chosen but not set stays with its request: the next one starts at the first choice.
    QCOMPARE(pane->statusBox()->count(), 3);
    pane->statusBox()->setCurrentIndex(pane->statusBox()->count() - 1);

    // The next request of the same form: the same labels show its values.
    QVERIFY(select(requests.at(1)));
    QVERIFY(shows(QStringLiteral("S-CD 2")));
    QVERIFY(shows(QStringLiteral("N-Ost 7")));
    QVERIFY(!shows(QStringLiteral("S-CD 1")));
    QVERIFY(!shows(QStringLiteral("S-West 3")));
    QVERIFY(shows(QStringLiteral("Tim Schmidt\nKönigstraße 12\n70173 Stuttgart\nantrag2@example.org · 0711 5552")));
    for (const QPointer<QLabel>& l : labels)
        QVERIFY2(l, "a label of the pane was replaced");
    QCOMPARE(pane->statusBox()->currentIndex(), 0);
    // It changes (flagged): the pane reloads it, and nothing in it moves.
    QCoreApplication::processEvents();
    GeometryChanges changes;
    for (QWidget* child : pane->findChildren<QWidget*>())
        child->installEventFilter(&changes);
    QSignalSpy changed(&store, &Store::requestsChanged);
    QVERIFY(store.setFlagged(requests.at(1).id, true));
    QTRY_VERIFY(!changed.isEmpty());
    QCoreApplication::processEvents();
    QVERIFY2(changes.seen.isEmpty(), qPrintable(changes.seen.join(QLatin1String(", "))));
    QVERIFY(shows(QStringLiteral("N-Ost 7")));
    for (const QPointer<QLabel>& l : labels) // (a label made anew is not watched above)
        QVERIFY2(l, "a label of the pane was replaced by the reload");

    // Another shape: the form is built anew, without the field the request does not have.
    QVERIFY(select(requests.at(2)));
    QVERIFY(!shows(QStringLiteral("S-CD 2")));
    QVERIFY(!shows(QStringLiteral("Kennzeichen:")));
    QVERIFY(shows(QStringLiteral("Parkzone:")));
    QVERIFY(shows(QStringLiteral("S-West 3")));
}

namespace {

// The columns of `image` holding the mark's background (empty: no mark painted), as [first, last].
QPair<int, int> markedColumns(const QImage& image)
{
    const QRgb mark = QColor(QLatin1String(kMarkBackground)).rgb();
    int first = -1, last = -1;
    for (int x = 0; x < image.width(); ++x)
        for (int y = 0; y < image.height(); ++y)
            if (image.pixel(x, y) == mark) {
                if (first < 0)
                    first = x;
                last = x;
                break;
            }
    return { first, last };
}

} // namespace

void TestSearchMarks::theListPaintsTheMarksOfTheCurrentSearch()
{
    // The delegate as the list uses it, painting one cell into an image: the hit is painted on
    // the mark's background where its letters are, a cell without a hit has none, and a new
    // search marks its own hit in the same text (not the laid-out line of the search before).
    QStandardItemModel model(3, 1);
    model.setData(model.index(0, 0), QStringLiteral("Jana Müller-Lüdenscheidt"));
    model.setData(model.index(1, 0), QStringLiteral("Tim Schmidt"));
    // A hostile length: the cell is marked and drawn as its shown start (InboxDelegate::kShownChars).
    model.setData(model.index(2, 0), QStringLiteral("Müller ") + QString(200000, QLatin1Char('x')));
    QTableView view;
    view.setModel(&model);
    InboxDelegate delegate;
    view.setItemDelegate(&delegate);
    auto paintCell = [&](int row) {
        QImage image(400, 24, QImage::Format_RGB32);
        image.fill(Qt::white);
        QStyleOptionViewItem option;
        option.initFrom(&view);
        option.widget = &view;
        option.rect = image.rect();
        option.state |= QStyle::State_Enabled;
        QPainter painter(&image);
        delegate.paint(&painter, option, model.index(row, 0));
        painter.end();
        return markedColumns(image);
    };
    QCOMPARE(paintCell(0).first, -1); // no search: no mark
    delegate.setTerms({ QStringLiteral("mueller") });
    const auto first = paintCell(0);
    QVERIFY(first.first > 0);
    QCOMPARE(paintCell(0), first); // painted again from what was kept: the same
    QCOMPARE(paintCell(1).first, -1);
    // Where the hit's letters are: "Müller" at the start of the long text, after "Jana " in the first.
    const int afterFirstName = QFontMetrics(view.font()).horizontalAdvance(QStringLiteral("Jana "));
    QVERIFY2(qAbs(paintCell(2).first + afterFirstName - first.first) <= 2,
        qPrintable(QStringLiteral("%1 + %2 against %3").arg(paintCell(2).first).arg(afterFirstName).arg(first.first)));
    delegate.setTerms({ QStringLiteral("jana") });
    QVERIFY2(paintCell(0).first < first.first, "the first name's mark lies left of the surname's");
    delegate.setTerms({ QStringLiteral("luedenscheidt") });
    const auto second = paintCell(0);
    QVERIFY2(second.first > first.second,
        qPrintable(QStringLiteral("%1-%2 then %3-%4")
                .arg(first.first)
                .arg(first.second)
                .arg(second.first)
                .arg(second.second)));
    delegate.setTerms({});
    QCOMPARE(paintCell(0).first, -1);
}

// A cell without a hit is drawn from the delegate's own kept lines: its text is there, shortened
// with "…" to its column, aligned as the model says, bold when the model's font is, and in the
// selection's text colour when selected.
void TestSearchMarks::theListDrawsPlainCellsAsTheirColumnsAllow()
{
    QStandardItemModel model(3, 1);
    const QString longName = QStringLiteral("Dieter Schäfer-Wiedemann-Lüdenscheidt");
    model.setData(model.index(0, 0), longName);
    model.setData(model.index(1, 0), QStringLiteral("12"));
    model.setData(model.index(1, 0), int(Qt::AlignRight | Qt::AlignVCenter), Qt::TextAlignmentRole);
    model.setData(model.index(2, 0), QStringLiteral("Tim Schmidt"));
    QTableView view;
    view.setModel(&model);
    InboxDelegate delegate;
    view.setItemDelegate(&delegate);
    const QColor text = view.palette().color(QPalette::Active, QPalette::Text);
    const QColor selectedText = view.palette().color(QPalette::Active, QPalette::HighlightedText);
    struct Ink
    {
        int first = -1, last = -1, pixels = 0;
    };
    // The columns that hold pixels of about `colour` (the text's, where a glyph covers a pixel).
    auto paintCell = [&](int row, int width, bool selected, const QColor& colour) {
        QImage image(width, 24, QImage::Format_RGB32);
        image.fill(Qt::white);
        QStyleOptionViewItem option;
        option.initFrom(&view);
        option.widget = &view;
        option.rect = image.rect();
        option.state |= QStyle::State_Enabled | QStyle::State_Active;
        if (selected)
            option.state |= QStyle::State_Selected;
        QPainter painter(&image);
        delegate.paint(&painter, option, model.index(row, 0));
        painter.end();
        Ink ink;
        for (int x = 0; x < image.width(); ++x)
            for (int y = 0; y < image.height(); ++y)
                if (const QColor c = image.pixelColor(x, y); qAbs(c.red() - colour.red()) < 48
                    && qAbs(c.green() - colour.green()) < 48 && qAbs(c.blue() - colour.blue()) < 48) {
                    ink.first = ink.first < 0 ? x : ink.first;
                    ink.last = x;
                    ++ink.pixels;
                }
        return ink;
    };
    const QFontMetrics metrics(view.font());
    // Wide enough: all of it, from the left.
    const Ink wide = paintCell(0, 600, false, text);
    QVERIFY(wide.pixels > 50);
    QVERIFY(wide.first < 10);
    QVERIFY2(qAbs(wide.last - wide.first - metrics.horizontalAdvance(longName)) <= 4,
        qPrintable(QString::number(wide.last)));
    // Narrow: shortened to the column, nothing drawn past it, and what is drawn ends in "…".
    const Ink narrow = paintCell(0, 120, false, text);
    QVERIFY(narrow.pixels > 10);
    QVERIFY(narrow.last < 120 - 2);
    QVERIFY2(narrow.last - narrow.first < wide.last - wide.first, "the long name is shortened");
    // Painted again from what was kept: the same, and nothing more is kept; forgotten at a lock.
    const qsizetype kept = delegate.keptPlainLines();
    QVERIFY(kept >= 2); // the long name at two widths
    const Ink again = paintCell(0, 120, false, text);
    QCOMPARE(again.pixels, narrow.pixels);
    QCOMPARE(delegate.keptPlainLines(), kept);
    delegate.forget();
    QCOMPARE(delegate.keptPlainLines(), 0);
    // Aligned right, as the model says.
    const Ink right = paintCell(1, 300, false, text);
    QVERIFY(right.pixels > 5);
    QVERIFY2(right.first > 250, qPrintable(QString::number(right.first)));
    // Selected: the selection's text colour, not the plain text's.
    QVERIFY(paintCell(2, 300, true, selectedText).pixels > 5);
    QCOMPARE(paintCell(2, 300, true, text).pixels, 0);
    // Bold (an unread request's row): wider than the same text in the list's font.
    const Ink plain = paintCell(2, 300, false, text);
    QFont bold = view.font();
    bold.setBold(true);
    model.setData(model.index(2, 0), bold, Qt::FontRole);
    const Ink wider = paintCell(2, 300, false, text);
    QVERIFY2(wider.last - wider.first > plain.last - plain.first,
        qPrintable(QStringLiteral("%1 against %2").arg(wider.last - wider.first).arg(plain.last - plain.first)));
}

// The lines of the list without a search are kept apart from those drawn while a search is shown:
// however many rows searches show, the list's own screen is drawn from what was kept when the
// search is cleared, without laying out a line.
void TestSearchMarks::aSearchLeavesTheListsOwnLines()
{
    // More rows than both caches hold, were each line as short as can be.
    const int rows = 2 * (InboxDelegate::kKeptPlainCost + InboxDelegate::kKeptSearchPlainCost)
        / InboxDelegate::kEntryOverheadChars;
    QStandardItemModel model(rows, 1);
    for (int r = 0; r < rows; ++r)
        model.setData(model.index(r, 0), QStringLiteral("Antrag auf Sondernutzung Nr. %1").arg(r));
    QTableView view;
    view.setModel(&model);
    InboxDelegate delegate;
    view.setItemDelegate(&delegate);
    auto paintRows = [&](int from, int to) {
        QImage image(400, 24, QImage::Format_RGB32);
        QPainter painter(&image);
        QStyleOptionViewItem option;
        option.initFrom(&view);
        option.widget = &view;
        option.rect = image.rect();
        for (int r = from; r < to; ++r)
            delegate.paint(&painter, option, model.index(r, 0));
    };
    paintRows(0, 26); // the list's first screen
    const qint64 firstScreen = delegate.plainLinesMade();
    QCOMPARE(firstScreen, 26);
    // A search whose rows hold no hit in this column: all drawn as plain lines, far more than are kept.
    delegate.setTerms({ QStringLiteral("zebrastreifen") });
    paintRows(26, rows);
    QCOMPARE(delegate.plainLinesMade(), rows);
    QVERIFY(delegate.keptPlainLines() < rows);
    // Cleared: the first screen again, from what was kept.
    delegate.setTerms({});
    paintRows(0, 26);
    QCOMPARE(delegate.plainLinesMade(), rows);
}

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("de"));
    TestSearchMarks t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_search_marks.moc"
