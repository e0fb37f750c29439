#include "changelog.h"

#include "common/clock.h"
#include "common/json.h"
#include "connection.h"
#include "kinds.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Vigil {

ChangeLog::ChangeLog(Connection &connection, const Clock &clock) : m_connection(connection), m_clock(clock) {}

Result<qint64> ChangeLog::nextCounter(const QString &name)
{
    Q_ASSERT(m_connection.inWrite());
    QSqlQuery &q = m_connection.prepared(QStringLiteral("UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value"), {name});
    if (!q.exec())
        return Connection::sqlError(q.lastError(), QStringLiteral("counter"));
    const bool found = q.next();
    const qint64 value = found ? q.value(0).toLongLong() : 0;
    q.finish();
    if (!found) {
        // A counter that does not exist yet starts at 1.
        if (auto s = m_connection.exec(QStringLiteral("INSERT INTO counters (name, value) VALUES (?, 1)"), {name}); !s)
            return s.error();
        return qint64(1);
    }
    return value;
}

Result<qint64> ChangeLog::firstRev()
{
    auto rev = nextCounter(QStringLiteral("rev"));
    if (!rev)
        return rev;
    m_txRev = m_txRevStored = rev.value();
    return rev;
}

Status ChangeLog::storeRev()
{
    if (m_txRev < 0 || m_txRev == m_txRevStored)
        return Ok{};
    if (auto s = m_connection.exec(QStringLiteral("UPDATE counters SET value = ? WHERE name = 'rev'"), {m_txRev}); !s)
        return s;
    m_txRevStored = m_txRev;
    return Ok{};
}

Status ChangeLog::appendChange(qint64 rev, const QString &entity, const QString &id, const QString &op,
                               const QString &json)
{
    // Kept until the transaction is about to commit, then written with as few statements as possible.
    m_pendingChanges.append(PendingChange{rev, entity, id, op, json, Json::formatTime(m_clock.now())});
    m_changed = true;
    m_lastRevCache = rev;
    return Ok{};
}

Status ChangeLog::writeChanges()
{
    // Multi-row INSERTs of up to 16 rows, one prepared statement per row count used.
    constexpr qsizetype MaxRows = 16;
    qsizetype done = 0;
    while (done < m_pendingChanges.size()) {
        const qsizetype rows = std::min(MaxRows, m_pendingChanges.size() - done);
        QString sql = QStringLiteral("INSERT INTO changes (rev, entity, entity_id, op, data, at) VALUES (?,?,?,?,?,?)");
        for (qsizetype r = 1; r < rows; ++r)
            sql += QStringLiteral(",(?,?,?,?,?,?)");
        QVariantList binds;
        binds.reserve(rows * 6);
        for (qsizetype r = done; r < done + rows; ++r) {
            const PendingChange &c = m_pendingChanges.at(r);
            binds << c.rev << c.entity << c.id << c.op << c.json << c.at;
        }
        if (auto s = m_connection.execPrepared(sql, binds); !s) {
            m_pendingChanges.clear();
            return s;
        }
        done += rows;
    }
    m_pendingChanges.clear();
    return Ok{};
}

void ChangeLog::restore(const Mark &m)
{
    m_changed = m.changed;
    m_pendingChanges.resize(m.changes);
    m_txRev = m.rev;
    m_txRevStored = m.revStored;
    m_lastRevCache = -1;
}

qint64 ChangeLog::lastRev() const
{
    if (m_txRev >= 0)
        return m_txRev; // the open transaction's, not yet in the counter row
    // With PostgreSQL other servers write too: always ask the database.
    if (m_lastRevCache >= 0 && !m_connection.inWrite() && !m_connection.isPostgres())
        return m_lastRevCache;
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT value FROM counters WHERE name = 'rev'"), {});
    if (!q.exec() || !q.next())
        return 0;
    m_lastRevCache = q.value(0).toLongLong();
    q.finish();
    return m_lastRevCache;
}

QList<Change> ChangeLog::changesSince(qint64 rev, int limit, bool *more) const
{
    // The change log holds a copy of each document, except for the kinds written most often (alerts and their
    // log): their rows hold '' and the document is read from its table. For an append-only log entry that is the
    // same document; for an alert changed again since, it is the newer version, which the later change carries
    // too, so a client that applies the feed in order ends in the same state.
    static const QString sql = [] {
        QString data = QStringLiteral("CASE WHEN c.data <> '' THEN c.data");
        for (Kind k : AllKinds) {
            if (kindInfo(k).changesByReference)
                data += QStringLiteral(" WHEN c.entity = '%1' THEN (SELECT data FROM %2 WHERE id = c.entity_id)")
                            .arg(QLatin1String(kindInfo(k).entity), QLatin1String(kindInfo(k).table));
        }
        data += QStringLiteral(" END");
        return QStringLiteral("SELECT c.rev, c.entity, c.entity_id, c.op, %1 FROM changes c WHERE c.rev > ? ORDER BY c.rev LIMIT ?")
            .arg(data);
    }();
    QSqlQuery &q = m_connection.prepared(sql, {rev, limit + 1});
    QList<Change> out;
    if (!q.exec()) {
        qCWarning(lcStore) << "changes query failed" << q.lastError().text();
        return out;
    }
    while (q.next()) {
        if (out.size() == limit) {
            if (more)
                *more = true;
            q.finish();
            return out;
        }
        if (q.value(4).isNull())
            continue; // a document since removed: its removal follows in the log
        out.append(Change{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                          q.value(3).toString(), QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object()});
    }
    q.finish();
    if (more)
        *more = false;
    return out;
}

} // namespace Vigil
