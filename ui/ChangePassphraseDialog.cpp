#include "ChangePassphraseDialog.h"

#include "UiLogging.h"
#include "core/SecureWipe.h"
#include "core/store/ContentKeyRotation.h"
#include "core/store/Store.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QEventLoop>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <atomic>

namespace clerk {

namespace {
// The document files are re-encrypted on a worker thread (ContentKeyRotation touches files only,
// never the store's connection); this thread waits in an event loop, so the window repaints and
// `show` moves the progress bar every 100 ms. Simplest design that keeps both promises: the GUI
// stays responsive, and nothing else writes documents meanwhile (the dialog is modal, sync is
// stopped, the idle lock waits) — so no file can be replaced under the worker.
Status runRotation(Store& store, const std::function<void(int percent)>& show)
{
    ContentKeyRotation rotation(store);
    if (!rotation.prepared())
        return rotation.prepared();
    const qint64 total = rotation.totalBytes();
    std::atomic<qint64> done { 0 };
    Status result;
    QEventLoop loop;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        result = rotation.run([&](qint64 bytes, qint64) {
            done = bytes;
            return true;
        });
    }));
    QObject::connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
    QTimer tick;
    tick.setInterval(100);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] { show(total > 0 ? int(done * 100 / total) : 0); });
    worker->start();
    tick.start();
    loop.exec();
    worker->wait();
    show(100);
    if (!result)
        return result;
    qCInfo(lcUi) << "documents re-encrypted:" << rotation.rewritten() << "of" << rotation.fileCount() << "files";
    return store.finishContentKeyRotation(rotation);
}
} // namespace

ChangePassphraseDialog::ChangePassphraseDialog(Store& store, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("ChangePassphraseDialog"));
    setWindowTitle(tr("Change passphrase"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Choose a new passphrase of at least 8 characters. Your requests and documents on "
                                "this computer are encrypted again under it; with many documents this takes a few "
                                "minutes. The old passphrase no longer opens your profile afterwards."),
        this);
    intro->setWordWrap(true);
    intro->setAccessibleName(tr("About changing the passphrase"));
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    auto field = [&](const QString& name, const QString& label, const QString& accessible) {
        auto* edit = new QLineEdit(this);
        edit->setObjectName(name);
        edit->setEchoMode(QLineEdit::Password);
        edit->setAccessibleName(accessible);
        auto* l = new QLabel(label, this);
        l->setBuddy(edit);
        form->addRow(l, edit);
        return edit;
    };
    m_current = field(QStringLiteral("currentPassphraseField"), tr("&Current passphrase:"), tr("Current passphrase"));
    m_new = field(QStringLiteral("newPassphraseField"), tr("&New passphrase:"), tr("New passphrase"));
    m_repeat
        = field(QStringLiteral("repeatPassphraseField"), tr("&Repeat new passphrase:"), tr("Repeat new passphrase"));
    layout->addLayout(form);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("passphraseMessage"));
    m_message->setWordWrap(true);
    m_message->setAccessibleName(tr("Message"));
    m_message->hide();
    layout->addWidget(m_message);
    m_progressLabel = new QLabel(tr("Encrypting your documents under the new key…"), this);
    m_progressLabel->setAccessibleName(tr("Progress"));
    m_progressLabel->hide();
    layout->addWidget(m_progressLabel);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("rotationProgress"));
    m_progress->setRange(0, 100);
    m_progress->setAccessibleName(tr("Documents encrypted"));
    m_progress->hide();
    layout->addWidget(m_progress);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("C&hange passphrase"));
    m_buttons->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Change passphrase"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ChangePassphraseDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ChangePassphraseDialog::reject);
    layout->addWidget(m_buttons);
    setMinimumWidth(480);
    m_current->setFocus();
}

void ChangePassphraseDialog::addNote(const QString& note)
{
    m_notes << note;
}

void ChangePassphraseDialog::fail(const QString& message, QLineEdit* focus)
{
    m_message->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    m_message->setText(message);
    m_message->show();
    adjustSize(); // room for the message (word-wrapped labels do not grow the dialog themselves)
    if (focus) {
        focus->selectAll();
        focus->setFocus();
    }
}

void ChangePassphraseDialog::finish(const QString& message)
{
    m_done = true;
    m_message->setText((QStringList { message } + m_notes).join(QStringLiteral("\n\n")));
    m_message->show();
    m_buttons->button(QDialogButtonBox::Cancel)->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Close"));
    m_buttons->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Close"));
    m_buttons->setEnabled(true);
    m_buttons->button(QDialogButtonBox::Ok)->setFocus();
    adjustSize();
}

void ChangePassphraseDialog::reject()
{
    if (m_running)
        return; // the database or the documents are being rewritten: not now
    QDialog::reject();
}

void ChangePassphraseDialog::accept()
{
    if (m_done) {
        QDialog::accept();
        return;
    }
    if (m_running)
        return;
    if (m_new->text().size() < 8)
        return fail(tr("The new passphrase must have at least 8 characters."), m_new);
    if (m_repeat->text() != m_new->text())
        return fail(
            tr("The two new passphrases differ. Please type the new passphrase again in both fields."), m_repeat);
    QByteArray current = m_current->text().toUtf8();
    QByteArray fresh = m_new->text().toUtf8();
    auto wipeAll = [&] {
        secureWipe(current);
        secureWipe(fresh);
    };
    if (current == fresh) {
        wipeAll();
        return fail(tr("The new passphrase is the same as the current one. Please choose a different one."), m_new);
    }
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const bool right = m_store.isPassphrase(current); // about 0.3 s: SQLCipher's key derivation
    QApplication::restoreOverrideCursor();
    if (!right) {
        wipeAll();
        return fail(tr("The current passphrase is wrong. Nothing was changed; please try again."), m_current);
    }
    m_running = true;
    m_buttons->setEnabled(false);
    for (QLineEdit* e : { m_current, m_new, m_repeat }) {
        e->clear();
        e->setEnabled(false);
    }
    m_message->setStyleSheet(QString());
    m_message->setText(tr("Encrypting your requests under the new passphrase…"));
    m_message->show();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    // The message before the work: painted now, without running the event loop (the re-encryption
    // needs the store's own connection, on this thread, with nothing else using it meanwhile).
    layout()->activate();
    m_message->repaint();
    const Status changed = m_store.changePassphrase(fresh);
    QApplication::restoreOverrideCursor();
    wipeAll();
    if (!changed) {
        m_running = false;
        qCWarning(lcUi) << "changing the passphrase failed:" << changed.error().detail;
        for (QLineEdit* e : { m_current, m_new, m_repeat })
            e->setEnabled(m_store.isUnlocked());
        m_buttons->setEnabled(true);
        if (!m_store.isUnlocked()) {
            finish(tr("The passphrase could not be changed: %1 Please unlock ClerkDesk again.")
                    .arg(changed.errorString()));
            return;
        }
        return fail(tr("The passphrase could not be changed: %1 Your current passphrase still applies.")
                        .arg(changed.errorString()),
            m_current);
    }
    Q_EMIT passphraseChanged();
    m_message->setText(tr("Your requests are encrypted under the new passphrase."));
    m_progressLabel->show();
    m_progress->setValue(0);
    m_progress->show();
    adjustSize();
    const Status rotated = runRotation(m_store, [this](int percent) { m_progress->setValue(percent); });
    m_running = false;
    m_progressLabel->hide();
    m_message->setStyleSheet(rotated ? QString() : QStringLiteral("color: #b71c1c;"));
    if (!rotated) {
        qCWarning(lcUi) << "re-encrypting the documents failed:" << rotated.error().detail;
        finish(tr("Your passphrase has been changed; unlock ClerkDesk with the new one from now on. Encrypting "
                  "your documents under the new key did not finish (%1). It continues the next time you unlock "
                  "ClerkDesk; your documents stay readable.")
                .arg(rotated.errorString()));
        return;
    }
    finish(tr("Your passphrase has been changed. From now on, unlock ClerkDesk with the new passphrase."));
}

Status ChangePassphraseDialog::finishRotation(Store& store, QWidget* parent)
{
    if (!store.contentKeyRotationPending())
        return {};
    QProgressDialog progress(
        tr("Finishing the encryption of your documents under your new passphrase…"), QString(), 0, 100, parent);
    progress.setObjectName(QStringLiteral("rotationProgressDialog"));
    progress.setWindowTitle(tr("Change passphrase"));
    progress.setAccessibleName(tr("Finishing the encryption of your documents"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setValue(0);
    const Status s = runRotation(store, [&progress](int percent) { progress.setValue(percent); });
    if (!s)
        qCWarning(lcUi) << "finishing the documents' re-encryption failed:" << s.error().detail;
    return s;
}

} // namespace clerk
