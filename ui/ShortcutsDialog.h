// The keyboard overview (F1 or ?): every menu action with its shortcut, read from the menus
// themselves so that it never goes stale, plus the keys of the inbox list.
#pragma once

#include <QDialog>

class QMenuBar;
class QTreeWidget;

namespace clerk {

class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    ShortcutsDialog(const QMenuBar* menus, QWidget* parent = nullptr);
    QTreeWidget* table() const { return m_table; }

private:
    QTreeWidget* m_table = nullptr;
};

} // namespace clerk
