// "Request → Offer to the archive…": which of the selected requests may be offered to the archive
// now (closed, retention ended, not offered yet) and why the others may not, in a list; the archive
// to offer them to. Only the requests that qualify are offered; when none does, the dialog says why
// and offers nothing.
#pragma once

#include "core/xdomea/XdomeaAussonderung.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTreeWidget;

namespace clerk {

class AussonderungDialog : public QDialog
{
    Q_OBJECT
public:
    AussonderungDialog(
        const xdomea::Authority& sender, const QList<xdomea::Candidate>& candidates, QWidget* parent = nullptr);
    xdomea::Authority archive() const;
    // The requests that qualify, in the order chosen.
    QStringList offerable() const;

private:
    void updateButtons();

    QList<xdomea::Candidate> m_candidates;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_shortName = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_senderMissing = false;
};

} // namespace clerk
