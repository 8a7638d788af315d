// About ClerkDesk: what the program is and the versions of the libraries actually loaded.
#pragma once

#include <QDialog>

class QLabel;

namespace clerk {

class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    QString versionsText() const;

private:
    QLabel* m_versions = nullptr;
};

} // namespace clerk
