// The Aussonderung's steps as jobs (core/xdomea/XdomeaAussonderung.h): on a worker thread with a
// store connection of their own. The offer list is small and quick; the delivery to the archive
// (0503) streams every document of the objects the archive wants, with progress and cancel (a
// cancelled one leaves no file and records no step).
#pragma once

#include "Job.h"
#include "StoreJob.h"
#include "core/xdomea/XdomeaAussonderung.h"

namespace clerk {

class AussonderungOfferJob : public StoreJob
{
    Q_OBJECT
public:
    AussonderungOfferJob(const Store& store, QStringList requestIds, xdomea::Authority sender,
        xdomea::Authority archive, QString processId, QString folder);
    const xdomea::OfferResult& result() const { return m_result; }

protected:
    Status run() override;

private:
    QStringList m_requestIds;
    xdomea::Authority m_sender, m_archive;
    QString m_processId, m_folder;
    xdomea::OfferResult m_result;
};

class ArchiveAssessmentJob : public StoreJob
{
    Q_OBJECT
public:
    ArchiveAssessmentJob(const Store& store, QString path, xdomea::Authority sender, QString folder);
    const xdomea::AssessmentResult& result() const { return m_result; }

protected:
    Status run() override;

private:
    QString m_path;
    xdomea::Authority m_sender;
    QString m_folder;
    xdomea::AssessmentResult m_result;
};

class ArchiveConfirmationJob : public StoreJob
{
    Q_OBJECT
public:
    ArchiveConfirmationJob(const Store& store, QString path);
    const xdomea::ConfirmationResult& result() const { return m_result; }

protected:
    Status run() override;

private:
    QString m_path;
    xdomea::ConfirmationResult m_result;
};

} // namespace clerk
