#include "ShortcutsDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace clerk {

namespace {
QString plain(QString text)
{
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    return text.replace(QStringLiteral("&&"), QStringLiteral("&"));
}
} // namespace

ShortcutsDialog::ShortcutsDialog(const QMenuBar* menus, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    auto* layout = new QVBoxLayout(this);
    m_table = new QTreeWidget(this);
    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setAccessibleName(tr("Keyboard shortcuts"));
    m_table->setHeaderLabels({ tr("Action"), tr("Keys") });
    m_table->setRootIsDecorated(true);
    auto* list = new QTreeWidgetItem(m_table, { tr("Inbox list") });
    const QList<QPair<QString, QString>> keys = {
        { tr("Next / previous request"), tr("J / K or ↓ / ↑") },
        { tr("Open the request (focus on its details)"), tr("Enter") },
        { tr("Select several requests"), tr("Shift+↓ / Ctrl+Click / Ctrl+A") },
        { tr("Search"), tr("/ or Ctrl+F") },
        { tr("This overview"), tr("F1 or ?") },
        { tr("Next area (views, list, request)"), tr("Tab / Shift+Tab") },
    };
    for (const auto& [what, key] : keys)
        new QTreeWidgetItem(list, { what, key });
    for (QAction* top : menus->actions()) {
        const QMenu* menu = top->menu();
        if (!menu)
            continue;
        QTreeWidgetItem* section = nullptr;
        for (QAction* a : menu->actions()) {
            if (a->isSeparator() || a->shortcut().isEmpty())
                continue;
            if (!section)
                section = new QTreeWidgetItem(m_table, { plain(top->text()) });
            new QTreeWidgetItem(section,
                { plain(a->text()).remove(QStringLiteral("…")), a->shortcut().toString(QKeySequence::NativeText) });
        }
    }
    m_table->expandAll();
    m_table->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(m_table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(520, 560);
}

} // namespace clerk
