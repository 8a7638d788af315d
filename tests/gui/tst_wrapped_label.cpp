// ui/WrappedLabel keeps its heights for a width: it must answer as QLabel does after every change of
// what the height depends on (text, format, font, margins, indent, alignment, wrapping, selectability).
// (That it keeps them is not seen here: bench week's profile shows it.)
#include "ui/WrappedLabel.h"

#include <QTest>
#include <functional>

using namespace clerk;

class TestWrappedLabel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answersAsQLabelAfterEachChange();
};

void TestWrappedLabel::answersAsQLabelAfterEachChange()
{
    WrappedLabel kept;
    QLabel label;
    label.setWordWrap(true);
    for (QLabel* l : { static_cast<QLabel*>(&kept), &label })
        l->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    auto same = [&](const char* what) {
        for (int width : { 80, 160, 80, 400, 160 }) {
            const int expected = label.heightForWidth(width);
            if (kept.heightForWidth(width) != expected)
                return QStringLiteral("%1 at %2 px: %3, QLabel %4")
                    .arg(QLatin1String(what))
                    .arg(width)
                    .arg(kept.heightForWidth(width))
                    .arg(expected);
        }
        return QString();
    };
    auto both = [&](const std::function<void(QLabel&)>& change) {
        change(kept);
        change(label);
    };
    both([](QLabel& l) { l.setText(QStringLiteral("Kurz")); });
    QCOMPARE(same("short"), QString());
    const int shortHeight = kept.heightForWidth(80);
    const QString longText
        = QStringLiteral("Antrag auf Bewohnerparkausweis für die Zone B, Musterstraße 12, ").repeated(4);
    both([&](QLabel& l) { l.setText(longText); });
    QCOMPARE(same("long"), QString());
    QVERIFY2(kept.heightForWidth(80) > 3 * shortHeight, "a long text wraps into more lines");
    both([](QLabel& l) {
        QFont big = l.font();
        big.setPointSizeF(big.pointSizeF() * 2);
        l.setFont(big);
    });
    QCOMPARE(same("bigger font"), QString());
    const QString marked = QStringLiteral("<b>Antrag</b> auf<br>Bewohner&shy;parkausweis ").repeated(6);
    both([&](QLabel& l) { l.setText(marked); });
    QCOMPARE(same("markup as plain text"), QString());
    both([](QLabel& l) { l.setTextFormat(Qt::RichText); });
    QCOMPARE(same("the same text as rich text"), QString());
    both([&](QLabel& l) { l.setText(QStringLiteral("<b>") + longText + QStringLiteral("</b>")); });
    QCOMPARE(same("rich text"), QString());
    both([](QLabel& l) { l.setIndent(30); });
    QCOMPARE(same("indent"), QString());
    both([](QLabel& l) { l.setMargin(12); });
    QCOMPARE(same("margin"), QString());
    both([](QLabel& l) { l.setTextInteractionFlags(Qt::NoTextInteraction); });
    QCOMPARE(same("not selectable"), QString());
    both([](QLabel& l) { l.setWordWrap(false); });
    QCOMPARE(same("not wrapped"), QString());
    both([](QLabel& l) { l.setWordWrap(true); });
    both([](QLabel& l) { l.setContentsMargins(20, 10, 20, 10); });
    QCOMPARE(same("margins"), QString());
    both([](QLabel& l) { l.setText(QString()); });
    QCOMPARE(same("empty"), QString());
}

QTEST_MAIN(TestWrappedLabel)
#include "tst_wrapped_label.moc"
