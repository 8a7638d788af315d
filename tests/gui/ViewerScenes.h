// Shared by the tst_viewer_* tests: a three-page report to open, waiting until the viewer has
// drawn its pages, mouse drags in page coordinates, screenshots on request
// (CLERKDESK_SCREENSHOT_DIR), and a real encrypted store in a scratch folder.
#pragma once

#include "core/pdf/SimplePdf.h"
#include "core/store/Store.h"
#include "ui/PageView.h"

#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>
#include <memory>

namespace clerk::viewertest {

inline constexpr double H = SimplePdf::kA4Height;

inline QByteArray threePages()
{
    SimplePdf pdf;
    pdf.setTitle(QStringLiteral("Gutachten"));
    for (int p = 1; p <= 3; ++p) {
        pdf.newPage();
        pdf.text(56, 80, QStringLiteral("Seite %1 – Gutachten zur Standsicherheit").arg(p), 14, true);
        if (p != 2)
            pdf.paragraph(
                56, 120, 480, QStringLiteral("Nach der Baumschutzsatzung ist die Fällung genehmigungspflichtig."));
    }
    return pdf.toPdf();
}

inline void saveShot(QWidget& w, const QString& name)
{
    if (const QString dir = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !dir.isEmpty())
        w.grab().save(dir + QLatin1Char('/') + name);
}

// Waits until the visible pages are rendered (ink on the viewport).
inline bool pagesRendered(PageView* view)
{
    const QImage shot = view->viewport()->grab().toImage();
    int dark = 0;
    for (int y = 0; y < shot.height(); y += 2)
        for (int x = 0; x < shot.width(); x += 2)
            dark += qGray(shot.pixel(x, y)) < 100;
    return dark > 50;
}

inline QPoint at(PageView* view, int page, QPointF user)
{
    return view->pageToViewport(page).map(user).toPoint();
}

inline void drag(PageView* view, QPoint from, QPoint to)
{
    QWidget* vp = view->viewport();
    QTest::mousePress(vp, Qt::LeftButton, {}, from);
    for (int i = 1; i <= 8; ++i)
        QTest::mouseMove(vp, from + (to - from) * i / 8);
    QTest::mouseRelease(vp, Qt::LeftButton, {}, to);
}

// The scratch folder and the encrypted store every viewer test writes its annotations into;
// each test class opens the store in its initTestCase.
class ViewerFixture : public QObject
{
protected:
    void openStore()
    {
        m_store = std::make_unique<Store>(m_dir.filePath(QStringLiteral("profile.db")));
        QVERIFY(m_store->create("correct horse battery staple"));
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
};

} // namespace clerk::viewertest
