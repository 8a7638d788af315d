// What the running program shows, read off its widgets, and a check that none of it is English on
// a German screen. Two independent tests of every shown text:
//  - against the English sources of translations/clerkdesk_de.ts: a text that is an English source
//    (placeholders filled in), or holds an English sentence of it, where the German differs or is
//    missing;
//  - against English as such: Qt's own button words untranslated, or two and more English function
//    words in one text (English that never went through tr(): a server's reason, a library's error).
// Data (names, references, dates) passes both: it is neither a source nor English prose.
#pragma once

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabBar>
#include <QTextDocumentFragment>
#include <QTextEdit>
#include <QTreeWidget>
#include <QXmlStreamReader>

namespace clerk::test {

inline QString plainShownText(QString text)
{
    if (Qt::mightBeRichText(text))
        text = QTextDocumentFragment::fromHtml(text).toPlainText();
    // Mnemonics: "&Datei" shows as "Datei", "&&" as "&".
    static const QRegularExpression mnemonic(QStringLiteral("&(?!&)"));
    text.replace(mnemonic, QString());
    text.replace(QStringLiteral("&&"), QStringLiteral("&"));
    return text.simplified();
}

// Every text the visible windows show a clerk: titles, labels, buttons, tool tips, placeholders,
// status bar, menus, tabs, header sections and the first rows of item views.
inline QStringList shownTexts()
{
    QStringList out;
    auto add = [&out](const QString& t) {
        const QString plain = plainShownText(t);
        if (!plain.isEmpty())
            out << plain;
    };
    auto addModel = [&add](const QAbstractItemModel* model, const QModelIndex& parent, int depth, auto& self) -> void {
        if (!model || depth > 2)
            return;
        const int rows = qMin(model->rowCount(parent), 60);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < model->columnCount(parent); ++c) {
                const QModelIndex i = model->index(r, c, parent);
                add(i.data(Qt::DisplayRole).toString());
                add(i.data(Qt::ToolTipRole).toString());
                if (c == 0)
                    self(model, i, depth + 1, self);
            }
    };
    // Menus and their submenus, all the way down: text, tool tip and status tip of each action.
    auto addActions = [&add](const QList<QAction*>& actions, int depth, auto& self) -> void {
        if (depth > 4)
            return;
        for (QAction* a : actions) {
            add(a->text());
            if (a->toolTip() != plainShownText(a->text()))
                add(a->toolTip());
            add(a->statusTip());
            if (a->menu())
                self(a->menu()->actions(), depth + 1, self);
        }
    };
    for (QWidget* top : QApplication::topLevelWidgets()) {
        if (!top->isVisible())
            continue;
        QList<QWidget*> widgets = top->findChildren<QWidget*>();
        widgets.prepend(top);
        for (QWidget* w : widgets) {
            if (!w->isVisible())
                continue;
            if (w->isWindow())
                add(w->windowTitle());
            add(w->toolTip());
            add(w->accessibleName());
            if (auto* l = qobject_cast<QLabel*>(w))
                add(l->text());
            else if (auto* b = qobject_cast<QAbstractButton*>(w))
                add(b->text());
            else if (auto* e = qobject_cast<QLineEdit*>(w))
                add(e->placeholderText());
            else if (auto* g = qobject_cast<QGroupBox*>(w))
                add(g->title());
            else if (auto* s = qobject_cast<QStatusBar*>(w))
                add(s->currentMessage());
            else if (auto* t = qobject_cast<QTabBar*>(w)) {
                for (int i = 0; i < t->count(); ++i)
                    add(t->tabText(i));
            } else if (auto* c = qobject_cast<QComboBox*>(w)) {
                for (int i = 0; i < c->count(); ++i)
                    add(c->itemText(i));
            } else if (auto* p = qobject_cast<QPlainTextEdit*>(w)) {
                add(p->placeholderText());
            } else if (auto* t = qobject_cast<QTextEdit*>(w)) {
                add(t->placeholderText());
            } else if (auto* n = qobject_cast<QSpinBox*>(w)) {
                add(n->prefix());
                add(n->suffix());
            } else if (auto* m = qobject_cast<QMenuBar*>(w)) {
                addActions(m->actions(), 0, addActions);
            } else if (auto* m = qobject_cast<QMenu*>(w)) { // an open popup
                addActions(m->actions(), 0, addActions);
            } else if (auto* v = qobject_cast<QAbstractItemView*>(w)) {
                QAbstractItemModel* model = v->model();
                if (!model)
                    continue;
                for (int c = 0; c < model->columnCount(); ++c)
                    add(model->headerData(c, Qt::Horizontal).toString());
                addModel(model, v->rootIndex(), 0, addModel);
            }
        }
    }
    out.removeDuplicates();
    return out;
}

// The English sources of the German catalogue, as patterns of what they show once filled in.
class EnglishSources
{
public:
    explicit EnglishSources(const QString& tsPath)
    {
        QFile f(tsPath);
        if (!f.open(QIODevice::ReadOnly)) {
            m_error = QStringLiteral("cannot read ") + tsPath;
            return;
        }
        QXmlStreamReader xml(&f);
        QString source, translation;
        bool unfinished = false, gone = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
                if (!gone)
                    add(source, translation, unfinished);
                continue;
            }
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1String("message")) {
                source.clear();
                translation.clear();
                unfinished = gone = false;
            } else if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                const auto type = xml.attributes().value(QLatin1String("type"));
                unfinished = type == QLatin1String("unfinished");
                gone = type == QLatin1String("vanished") || type == QLatin1String("obsolete"); // not in the program
                // (numerus forms: their texts one after the other — enough to tell German from English)
                translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            }
        }
        if (xml.hasError())
            m_error = xml.errorString();
        if (m_patterns.size() < 100)
            m_error = QStringLiteral("only %1 English sources read from %2").arg(m_patterns.size()).arg(tsPath);
    }

    QString error() const { return m_error; }
    qsizetype size() const { return m_patterns.size(); }

    // The shown texts that are English, each with why.
    QStringList english(const QStringList& shown) const
    {
        QStringList out;
        for (const QString& text : shown) {
            for (const Pattern& p : m_patterns) {
                if (!text.contains(p.anchor, Qt::CaseSensitive))
                    continue;
                const auto m = p.whole.match(text);
                if (m.hasMatch()) {
                    out << QStringLiteral("\"%1\" is the English source \"%2\"").arg(text, p.source);
                    break;
                }
                if (p.sentence && p.inside.match(text).hasMatch()) {
                    out << QStringLiteral("\"%1\" holds the English \"%2\"").arg(text, p.source);
                    break;
                }
            }
            if (const QString why = looksEnglish(text); !why.isEmpty())
                out << QStringLiteral("\"%1\" reads as English (%2)").arg(text, why);
        }
        out.removeDuplicates();
        return out;
    }

    static QString looksEnglish(const QString& text)
    {
        static const QSet<QString> qtButtons { QStringLiteral("Cancel"), QStringLiteral("Close"), QStringLiteral("Yes"),
            QStringLiteral("No"), QStringLiteral("Save"), QStringLiteral("Discard"), QStringLiteral("Apply"),
            QStringLiteral("Open"), QStringLiteral("Retry"), QStringLiteral("Ignore"), QStringLiteral("Abort"),
            QStringLiteral("Reset"), QStringLiteral("Show Details..."), QStringLiteral("Hide Details...") };
        if (qtButtons.contains(text))
            return QStringLiteral("Qt's own button word");
        // Qt's and the system's own error texts, carried in an error's detail.
        static const QStringList systemErrors { QStringLiteral("Connection refused"), QStringLiteral("not found"),
            QStringLiteral("Permission denied"), QStringLiteral("Operation canceled"), QStringLiteral("Unknown error"),
            QStringLiteral("Network unreachable"), QStringLiteral("timed out"), QStringLiteral("No such file"),
            QStringLiteral("No space left") };
        for (const QString& e : systemErrors)
            if (text.contains(e, Qt::CaseInsensitive))
                return QStringLiteral("a system's English error (%1)").arg(e);
        static const QSet<QString> functionWords { QStringLiteral("the"), QStringLiteral("is"), QStringLiteral("was"),
            QStringLiteral("not"), QStringLiteral("your"), QStringLiteral("this"), QStringLiteral("of"),
            QStringLiteral("to"), QStringLiteral("and"), QStringLiteral("could"), QStringLiteral("has"),
            QStringLiteral("with"), QStringLiteral("you"), QStringLiteral("are"), QStringLiteral("cannot"),
            QStringLiteral("been"), QStringLiteral("request"), QStringLiteral("failed") };
        static const QRegularExpression word(QStringLiteral("[A-Za-z]+"));
        QStringList found;
        for (auto it = word.globalMatch(text); it.hasNext();) {
            const QString w = it.next().captured(0);
            if (functionWords.contains(w) && !found.contains(w))
                found << w;
        }
        return found.size() >= 2 ? found.join(QStringLiteral(", ")) : QString();
    }

private:
    struct Pattern
    {
        QString source, anchor;
        QRegularExpression whole, inside;
        bool sentence = false;
    };

    void add(const QString& rawSource, const QString& translation, bool unfinished)
    {
        const QString source = plainShownText(rawSource);
        if (source.isEmpty())
            return;
        static const QRegularExpression placeholder(QStringLiteral("%(L?\\d{1,2}|n)"));
        QString literal = source;
        literal.replace(placeholder, QStringLiteral("\x01"));
        // Only sources with words of their own: "%1 – %2" or "PDF" say nothing about a language.
        static const QRegularExpression hasWord(QStringLiteral("[A-Za-z]{3,}"));
        if (!hasWord.match(literal).hasMatch())
            return;
        if (!unfinished && !translation.isEmpty() && plainShownText(translation) == source)
            return; // German and English alike ("Offline", "E-Mail")
        QString anchor;
        for (const QString& piece : literal.split(QChar(0x01)))
            if (piece.trimmed().size() > anchor.size())
                anchor = piece.trimmed();
        QString rx;
        for (const QString& piece : literal.split(QChar(0x01)))
            rx += QRegularExpression::escape(piece) + QStringLiteral("\x01");
        rx.chop(1);
        rx.replace(QChar(0x01), QStringLiteral(".*?"));
        Pattern p;
        p.source = source;
        p.anchor = anchor;
        p.whole = QRegularExpression(
            QStringLiteral("^") + rx + QStringLiteral("$"), QRegularExpression::DotMatchesEverythingOption);
        static const QRegularExpression words(QStringLiteral("[A-Za-z]+"));
        int count = 0;
        for (auto it = words.globalMatch(literal); it.hasNext(); it.next())
            ++count;
        p.sentence = count >= 3;
        p.inside = QRegularExpression(rx, QRegularExpression::DotMatchesEverythingOption);
        m_patterns << p;
    }

    QList<Pattern> m_patterns;
    QString m_error;
};

} // namespace clerk::test
