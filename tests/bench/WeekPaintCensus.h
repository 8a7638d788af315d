// Which widgets ./dev bench week's activities paint, move and resize: with
// CLERKDESK_WEEK_PAINT_CENSUS=1 an application-wide event filter counts, per activity, the paint,
// move and resize events each widget receives, and the time its paint events took (its own
// painting, without its children's: TimedApplication times them), printed at the end. It tells a paint of the
// whole window apart from the list's, and which geometry change brought it.
#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QHash>
#include <QThread>
#include <QWidget>
#include <algorithm>
#include <cstdio>

namespace clerk::bench {

inline bool paintCensusWanted()
{
    return qEnvironmentVariableIntValue("CLERKDESK_WEEK_PAINT_CENSUS") == 1;
}

class PaintCensus : public QObject
{
public:
    static PaintCensus& instance()
    {
        static PaintCensus c;
        return c;
    }
    // A widget's paint event took `ms` (TimedApplication times them: each widget's is a send of its
    // own, not within its parent's).
    void addPaintTime(const QWidget* w, double ms) { m_entries[key(w)].ms += ms; }
    const QString& currentPhase() const { return m_phase; }
    void phase(const QString& p) { m_phase = p; }
    void print() const
    {
        if (!m_on)
            return;
        QList<QPair<QString, Entry>> all;
        for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
            all << qMakePair(it.key(), it.value());
        std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.second.ms > b.second.ms; });
        std::printf("\npaint census (activity | widget | paints, their own ms | moves | resizes):\n");
        for (const auto& [key, e] : all.mid(0, 80))
            std::printf("  %s | %d, %.1f ms | %d | %d\n", qPrintable(key), e.paints, e.ms, e.moves, e.resizes);
    }

protected:
    bool eventFilter(QObject* o, QEvent* e) override
    {
        const QEvent::Type t = e->type();
        if (t != QEvent::Paint && t != QEvent::Move && t != QEvent::Resize)
            return false;
        auto* w = qobject_cast<QWidget*>(o);
        if (!w)
            return false;
        if (t == QEvent::Paint)
            ++m_entries[key(w)].paints;
        else if (t == QEvent::Move)
            ++m_entries[key(w)].moves;
        else
            ++m_entries[key(w)].resizes;
        return false;
    }

private:
    struct Entry
    {
        int paints = 0, moves = 0, resizes = 0;
        double ms = 0;
    };
    PaintCensus()
    {
        m_on = paintCensusWanted();
        if (m_on)
            qApp->installEventFilter(this);
    }
    // The activity, the widget's class and name, and its parent's.
    QString key(const QWidget* w) const
    {
        auto name = [](const QObject* o) {
            const QString n = o->objectName();
            return QString::fromLatin1(o->metaObject()->className()) + (n.isEmpty() ? QString() : u'#' + n);
        };
        const QObject* p = w->parent();
        return m_phase + QStringLiteral(" | ") + (p ? name(p) + QStringLiteral(" > ") : QString()) + name(w);
    }
    bool m_on = false;
    QString m_phase;
    QHash<QString, Entry> m_entries;
};

// With CLERKDESK_WEEK_PAINT_CENSUS=1 the bench's application times each event the GUI thread's loop
// delivers (and those sent within it, one level down): the slow ones are printed at the end, by
// activity, with what they spent their time in.
class TimedApplication : public QApplication
{
public:
    TimedApplication(int& argc, char** argv)
        : QApplication(argc, argv)
        , m_on(paintCensusWanted())
    {
        m_clock.start();
    }
    bool notify(QObject* receiver, QEvent* e) override
    {
        if (!m_on || QThread::currentThread() != thread())
            return QApplication::notify(receiver, e);
        const int depth = m_depth++;
        const qint64 start = m_clock.nsecsElapsed();
        const QString what = depth <= 1 ? describe(receiver, e) : QString();
        const bool r = QApplication::notify(receiver, e);
        const double ms = double(m_clock.nsecsElapsed() - start) / 1e6;
        --m_depth;
        if (e->type() == QEvent::Paint && receiver->isWidgetType())
            PaintCensus::instance().addPaintTime(static_cast<QWidget*>(receiver), ms);
        if (depth == 1) {
            m_inside[what] += ms;
        } else if (depth == 0) {
            if (ms >= 20) {
                QStringList parts;
                QList<QPair<double, QString>> inside;
                for (auto it = m_inside.cbegin(); it != m_inside.cend(); ++it)
                    inside << qMakePair(it.value(), it.key());
                std::sort(inside.begin(), inside.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
                for (const auto& [t, w] : inside.mid(0, 4))
                    parts << QStringLiteral("%1 %2 ms").arg(w).arg(t, 0, 'f', 1);
                m_slow << QStringLiteral("%1 | %2 %3 ms | %4")
                              .arg(PaintCensus::instance().currentPhase(), what)
                              .arg(ms, 0, 'f', 1)
                              .arg(parts.join(QLatin1String("; ")));
            }
            m_inside.clear();
        }
        return r;
    }
    void print() const
    {
        if (!m_on)
            return;
        std::printf("\nevents of 20 ms and more (activity | event receiver, time | inside it):\n");
        for (const QString& s : m_slow.mid(0, 400))
            std::printf("  %s\n", qPrintable(s));
    }

private:
    static QString describe(const QObject* o, const QEvent* e)
    {
        const QString n = o->objectName();
        return QStringLiteral("%1 to %2%3")
            .arg(int(e->type()))
            .arg(QString::fromLatin1(o->metaObject()->className()), n.isEmpty() ? QString() : u'#' + n);
    }
    bool m_on = false;
    int m_depth = 0;
    QElapsedTimer m_clock;
    QHash<QString, double> m_inside;
    QStringList m_slow;
};

} // namespace clerk::bench
