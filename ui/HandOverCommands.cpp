#include "HandOverCommands.h"

#include "core/Settings.h"
#include "core/jobs/JobRunner.h"
#include "core/jobs/XdomeaJobs.h"
#include "core/store/Store.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QStandardPaths>
#include <QStatusBar>
#include <QVBoxLayout>

namespace clerk {

namespace {

QString authorityText(const xdomea::Authority& a)
{
    const QString id = a.idPrefix + a.id;
    return id.isEmpty() ? a.name : QStringLiteral("%1 (%2)").arg(a.name, id);
}

} // namespace

HandOverDialog::HandOverDialog(const xdomea::Authority& sender, int count, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("handOverDialog"));
    setWindowTitle(tr("Hand over to another authority"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("%n request(s) will be handed over with all documents, notes and history as an xdomea "
                                "message (Abgabe 0401), which the other authority's e-file system reads.",
                                 nullptr, count),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    auto* from = new QLabel(
        sender.name.isEmpty() ? tr("(not set: enter your authority in the settings)") : authorityText(sender), this);
    from->setObjectName(QStringLiteral("handOverSender"));
    from->setTextFormat(Qt::PlainText);
    form->addRow(tr("Handed over by:"), from);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("receiverName"));
    m_name->setPlaceholderText(tr("e.g. Landratsamt Böblingen"));
    m_name->setAccessibleName(tr("Receiving authority"));
    form->addRow(tr("&Receiving authority:"), m_name);
    m_shortName = new QLineEdit(this);
    m_shortName->setObjectName(QStringLiteral("receiverShortName"));
    m_shortName->setAccessibleName(tr("Short name"));
    form->addRow(tr("&Short name:"), m_shortName);
    m_id = new QLineEdit(this);
    m_id->setObjectName(QStringLiteral("receiverId"));
    m_id->setPlaceholderText(tr("e.g. ags:08115000"));
    m_id->setAccessibleName(tr("Authority identifier (Behördenkennung)"));
    m_id->setToolTip(tr("The identifier of the authority in the DVDV: prefix and key, for a municipality \"ags:\" "
                        "and its official municipality key."));
    m_id->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral(R"(([a-z]{2,8}:)?[0-9A-Za-z.\-]{0,40})")), m_id));
    form->addRow(tr("Authority &identifier:"), m_id);
    layout->addLayout(form);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Hand over…"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &HandOverDialog::updateButtons);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_buttons->button(QDialogButtonBox::Ok)->setProperty("senderMissing", sender.name.isEmpty());
    resize(520, sizeHint().height());
}

void HandOverDialog::updateButtons()
{
    const bool senderMissing = m_buttons->button(QDialogButtonBox::Ok)->property("senderMissing").toBool();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!senderMissing && !m_name->text().trimmed().isEmpty());
}

xdomea::Authority HandOverDialog::receiver() const
{
    xdomea::Authority a;
    a.name = m_name->text().trimmed();
    a.shortName = m_shortName->text().trimmed();
    const QString id = m_id->text().trimmed();
    const qsizetype colon = id.indexOf(QLatin1Char(':'));
    a.idPrefix = colon < 0 ? QString() : id.left(colon + 1);
    a.id = colon < 0 ? id : id.mid(colon + 1);
    return a;
}

HandOverCommands::HandOverCommands(QMainWindow& window, JobRunner& jobs, Settings& settings)
    : QObject(&window)
    , m_window(window)
    , m_jobs(jobs)
    , m_settings(settings)
{ }

QAction* HandOverCommands::addHandOverAction(QMenu* menu, std::function<QStringList()> selection)
{
    auto* action = menu->addAction(tr("&Hand over to another authority…"));
    action->setObjectName(QStringLiteral("handOverAction"));
    action->setEnabled(false); // enabled when requests are selected
    connect(action, &QAction::triggered, this, [this, selection = std::move(selection)] {
        const QStringList ids = selection();
        if (ids.isEmpty() || !m_store)
            return;
        HandOverDialog dialog(xdomea::senderFromSettings(m_settings), int(ids.size()), &m_window);
        if (dialog.exec() != QDialog::Accepted)
            return;
        const QString processId = xdomea::newProcessId();
        const QString path = QFileDialog::getSaveFileName(&m_window, tr("Hand over to another authority"),
            QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                .filePath(xdomea::abgabeZipName(processId)),
            tr("xdomea message (*.zip)"));
        if (!path.isEmpty())
            handOver(ids, dialog.receiver(), processId, path);
    });
    return action;
}

void HandOverCommands::attach(Store* store)
{
    m_store = store;
}

XdomeaExportJob* HandOverCommands::handOver(
    const QStringList& requestIds, const xdomea::Authority& receiver, const QString& processId, const QString& path)
{
    if (!m_store || !m_store->isUnlocked())
        return nullptr;
    auto* job
        = new XdomeaExportJob(*m_store, requestIds, xdomea::senderFromSettings(m_settings), receiver, processId, path);
    connect(job, &Job::finished, this, [this, job, receiver] {
        const Status& s = job->status();
        if (!s) {
            if (!job->wasCancelled())
                QMessageBox::warning(&m_window, tr("Hand over to another authority"),
                    tr("Nothing was handed over.\n\n%1").arg(s.errorString()));
            m_window.statusBar()->showMessage(s.errorString(), 10000);
            Q_EMIT failed(s.errorString());
            return;
        }
        m_window.statusBar()->showMessage(tr("%n request(s) handed over to %1: %2", nullptr, job->result().requests)
                                              .arg(receiver.name, QDir::toNativeSeparators(job->zipPath())),
            10000);
        Q_EMIT handedOver(job->zipPath());
    });
    m_jobs.start(job);
    return job;
}

} // namespace clerk
