#pragma once

#include "common/result.h"

#include <QtGlobal>

#include <functional>

namespace Vigil {

class ChangeLog;
class Connection;
class Documents;

/// Transactions and group commit: write(), writeGrouped() and flush(), the committed and group hooks, and, on
/// PostgreSQL, the NOTIFY/LISTEN that tells each server of the commits of the others. It drives the ChangeLog's
/// transaction state (its change rows are written just before each commit and forgotten on rollback), empties the
/// Documents' cache on every rollback, and keeps the "queues touched" flag that Queues raises.
/// Not thread-safe: one Store per thread. write() and writeGrouped() do not nest; the hooks may start new writes.
class Transactions final
{
public:
    Transactions(Connection &connection, ChangeLog &changes, Documents &documents);
    Q_DISABLE_COPY_MOVE(Transactions)

    /// Runs `fn` in one transaction; commits when it returns ok, rolls back otherwise (or if commit fails).
    /// After a commit with changes, calls the committed hook with the new last rev.
    Status write(const std::function<Status()> &fn);
    void setCommittedHook(std::function<void(qint64)> hook) { m_committedHook = std::move(hook); }

    /// Group commit: runs `fn` like write(), but in a savepoint of one transaction shared by consecutive grouped
    /// writes. A failing `fn` rolls back its own savepoint only. The transaction stays open until flush(); a write()
    /// flushes it first. Nothing a grouped write did is durable (or visible to other connections) before the group
    /// hook reports the commit: callers hold their answers until then.
    Status writeGrouped(const std::function<Status()> &fn);
    /// Commits the open group (Ok when none is open), then calls the group hook with the outcome, then the
    /// committed hook. On failure the whole group is rolled back.
    Status flush();
    [[nodiscard]] bool groupOpen() const { return m_groupOpen; }
    /// Inside a write (or a grouped write): runs `fn` in a savepoint of its own. When it fails, only what `fn` did
    /// is undone (its change rows and cached documents too) and the write can go on, e.g. to try again after a
    /// conflict with another server sharing the database. PostgreSQL aborts a transaction at its first failed
    /// statement; this is how such a failure is survived.
    Status attempt(const std::function<Status()> &fn);
    void setGroupHook(std::function<void(const Status &)> hook) { m_groupHook = std::move(hook); }
    struct GroupStats
    {
        qint64 groups = 0; // groups committed
        qint64 writes = 0; // grouped writes in them
    };
    [[nodiscard]] GroupStats groupStats() const { return m_groupStats; }

    /// Whether the last commit may have added, moved or removed escalation steps or deliveries: true when this
    /// store's last commit wrote to them, and after a commit announced by another server sharing the database.
    /// Read in the committed and group hooks.
    [[nodiscard]] bool lastCommitTouchedQueues() const { return m_lastCommitTouchedQueues; }
    /// Raised by Queues for every write to escalation steps or deliveries (inside a write).
    void touchQueues() { m_queuesTouched = true; }

    /// PostgreSQL: LISTENs for the commits of other servers sharing the database, and calls the committed hook
    /// for each (it is not known what they wrote).
    void listenForCommits();

private:
    /// What every rollback (of a transaction or a group) forgets.
    void rolledBack();

    Connection &m_connection;
    ChangeLog &m_changes;
    Documents &m_documents;
    std::function<void(qint64)> m_committedHook;
    std::function<void(const Status &)> m_groupHook;
    bool m_groupOpen = false;
    qint64 m_groupWrites = 0; // in the open group
    GroupStats m_groupStats;
    bool m_queuesTouched = false; // the open transaction wrote escalation steps or deliveries
    bool m_lastCommitTouchedQueues = true;
};

} // namespace Vigil
