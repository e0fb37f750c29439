#pragma once

#include "common/result.h"
#include "connection.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Vigil {

class Clock;

struct Change
{
    qint64 rev = 0;
    QString entity;
    QString id;
    QString op; // upsert | delete
    QJsonObject data;
};

/// The change log and the gap-free counters: the revision each change gets, the change rows of the open
/// transaction (held in memory and written just before the commit, in multi-row INSERTs), lastRev() and the feed
/// read by changesSince(). The rev comes from a counter row updated in the writing transaction, so revs are
/// gap-free and ordered by commit. Transactions drives its transaction state (begin, write before commit, end,
/// savepoint mark/restore); Documents appends the changes. Not thread-safe: one Store per thread.
/// nextCounter(), nextRev() and appendChange() must run inside Store::write() or writeGrouped().
class ChangeLog final
{
public:
    ChangeLog(Connection &connection, const Clock &clock);
    Q_DISABLE_COPY_MOVE(ChangeLog)

    /// Next value of a named gap-free counter (ticket keys); a counter that does not exist yet starts at 1.
    [[nodiscard]] Result<qint64> nextCounter(const QString &name);
    /// The next change-log revision. The counter row is updated (and, on PostgreSQL, locked) at the first change
    /// of a transaction; later ones count in memory and storeRev() writes the last before the commit.
    /// Inline: Documents takes one for every put() and remove() on the ingest path.
    [[nodiscard]] Result<qint64> nextRev()
    {
        Q_ASSERT(m_connection.inWrite());
        if (m_txRev >= 0)
            return ++m_txRev;
        return firstRev();
    }
    /// Holds a change row until writeChanges(); `json` is '' for kinds whose changes refer to their row.
    Status appendChange(qint64 rev, const QString &entity, const QString &id, const QString &op, const QString &json);

    /// The last revision: the open transaction's, or the committed one (cached on SQLite, where this Store is the
    /// only writer; always read on PostgreSQL, where other servers write too).
    [[nodiscard]] qint64 lastRev() const;
    /// Changes after `rev`, oldest first, at most `limit`; `more` tells whether others follow.
    [[nodiscard]] QList<Change> changesSince(qint64 rev, int limit, bool *more) const;

    // ---- transaction state, driven by Transactions ----
    /// A transaction (or a commit group) begins: nothing changed yet.
    void begin() { m_changed = false; }
    /// Whether the open transaction logged a change.
    [[nodiscard]] bool changed() const { return m_changed; }
    /// Writes the held change rows (and forgets them, written or not), then the counter row: just before commit.
    Status writeChanges();
    Status storeRev();
    /// The transaction ended (committed or not): no revision is handed out in it any more.
    void end()
    {
        m_txRev = m_txRevStored = -1;
        m_pendingChanges.clear();
    }
    /// The committed rev is no longer known here: after a rollback (a rolled-back rev is handed out again) or a
    /// commit of another server.
    void forgetLastRev() { m_lastRevCache = -1; }

    /// Where a grouped write's savepoint starts, to undo its changes when the savepoint is rolled back.
    struct Mark
    {
        bool changed;
        qsizetype changes;
        qint64 rev;
        qint64 revStored;
    };
    [[nodiscard]] Mark mark() const { return Mark{m_changed, m_pendingChanges.size(), m_txRev, m_txRevStored}; }
    void restore(const Mark &m);

private:
    /// nextRev() at the first change of a transaction: takes the next value of the counter row.
    [[nodiscard]] Result<qint64> firstRev();

    Connection &m_connection;
    const Clock &m_clock;
    bool m_changed = false;
    mutable qint64 m_lastRevCache = -1;
    qint64 m_txRev = -1;       // the last revision handed out in the open transaction (-1: none yet)
    qint64 m_txRevStored = -1; // what the counter row holds in it
    // Change-log rows of the open transaction, written just before it commits (writeChanges()).
    struct PendingChange
    {
        qint64 rev;
        QString entity;
        QString id;
        QString op;
        QString json;
        QString at;
    };
    QList<PendingChange> m_pendingChanges;
};

} // namespace Vigil
