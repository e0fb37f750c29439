#pragma once

#include "changelog.h"
#include "common/clock.h"
#include "common/result.h"
#include "connection.h"
#include "documents.h"
#include "heartbeats.h"
#include "idempotencyrecords.h"
#include "kinds.h"
#include "queues.h"
#include "secrets.h"
#include "transactions.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <memory>
#include <optional>

namespace Vigil {

class WalCheckpointer;

/// The server's database: it opens the connection, runs the schema migrations and owns one part per concern —
/// Documents (entity documents), ChangeLog (revisions, counters and the change feed), Transactions (write() and
/// group commit), Secrets (tokens, integration keys, notification settings), IdempotencyRecords, Queues
/// (escalation steps, deliveries, the engine lock) and Heartbeats. The calls made everywhere (documents,
/// transactions, the change log) are forwarded from here; the others are reached through their part.
/// Not thread-safe: one Store per thread. Every write happens inside write(), which is one transaction; the change
/// log's rev comes from a counter row updated in that transaction, so revs are gap-free and ordered by commit.
class Store final
{
public:
    /// Opens (creating when missing) an SQLite file, and runs the migrations. SQLite runs in WAL mode with
    /// foreign keys on and synchronous=NORMAL: a committed transaction survives a crash of the process. The log is
    /// copied into the database by a thread of the Store's own (WalCheckpointer), not by the committing writes.
    [[nodiscard]] static Result<std::unique_ptr<Store>> openSqlite(const QString &path, const Clock &clock);
    /// Opens a PostgreSQL database from a URL (postgres://user:password@host:port/dbname?sslmode=…) and runs the
    /// same migrations. Several servers may share it: commits are announced with NOTIFY, so each Store's committed
    /// hook also fires for changes written by the others.
    [[nodiscard]] static Result<std::unique_ptr<Store>> openPostgres(const QString &url, const Clock &clock);
    /// openPostgres() for postgres:// and postgresql:// URLs, openSqlite() for anything else.
    [[nodiscard]] static Result<std::unique_ptr<Store>> open(const QString &spec, const Clock &clock);
    [[nodiscard]] static bool isPostgresUrl(const QString &spec);
    [[nodiscard]] bool isPostgres() const { return m_connection.isPostgres(); }
    ~Store();
    Q_DISABLE_COPY_MOVE(Store)

    [[nodiscard]] QSqlDatabase db() const { return m_connection.db(); }
    [[nodiscard]] const Clock &clock() const { return m_clock; }
    [[nodiscard]] int schemaVersion() const;

    // ---- the parts ----
    [[nodiscard]] Secrets &secrets() { return m_secrets; }
    [[nodiscard]] const Secrets &secrets() const { return m_secrets; }
    [[nodiscard]] IdempotencyRecords &idempotency() { return m_idempotency; }
    [[nodiscard]] const IdempotencyRecords &idempotency() const { return m_idempotency; }
    [[nodiscard]] Queues &queues() { return m_queues; }
    [[nodiscard]] const Queues &queues() const { return m_queues; }
    [[nodiscard]] Heartbeats &heartbeats() { return m_heartbeats; }
    [[nodiscard]] const Heartbeats &heartbeats() const { return m_heartbeats; }

    // ---- transactions (see Transactions) ----
    Status write(const std::function<Status()> &fn) { return m_transactions.write(fn); }
    void setCommittedHook(std::function<void(qint64)> hook) { m_transactions.setCommittedHook(std::move(hook)); }
    Status writeGrouped(const std::function<Status()> &fn) { return m_transactions.writeGrouped(fn); }
    Status flush() { return m_transactions.flush(); }
    [[nodiscard]] bool groupOpen() const { return m_transactions.groupOpen(); }
    Status attempt(const std::function<Status()> &fn) { return m_transactions.attempt(fn); }
    [[nodiscard]] bool lastCommitTouchedQueues() const { return m_transactions.lastCommitTouchedQueues(); }
    void setGroupHook(std::function<void(const Status &)> hook) { m_transactions.setGroupHook(std::move(hook)); }
    using GroupStats = Transactions::GroupStats;
    [[nodiscard]] GroupStats groupStats() const { return m_transactions.groupStats(); }

    // ---- documents (see Documents; inside write() for mutations) ----
    [[nodiscard]] Result<QJsonObject> get(Kind k, const QString &id) const { return m_documents.get(k, id); }
    Status put(Kind k, const QJsonObject &data) { return m_documents.put(k, data); }
    Status put(Kind k, const QJsonObject &data, const QJsonObject &before) { return m_documents.put(k, data, before); }
    Status putOver(Kind k, const QJsonObject &data, qint64 readVersion) { return m_documents.putOver(k, data, readVersion); }
    Status remove(Kind k, const QString &id) { return m_documents.remove(k, id); }
    [[nodiscard]] QList<QJsonObject> select(Kind k, const QString &where, const QVariantList &binds,
                                            const QString &orderBy, int limit = -1) const
    {
        return m_documents.select(k, where, binds, orderBy, limit);
    }
    [[nodiscard]] std::optional<QJsonObject> first(Kind k, const QString &where, const QVariantList &binds,
                                                   const QString &orderBy) const
    {
        return m_documents.first(k, where, binds, orderBy);
    }
    [[nodiscard]] qint64 count(Kind k, const QString &where = {}, const QVariantList &binds = {}) const
    {
        return m_documents.count(k, where, binds);
    }
    [[nodiscard]] QList<std::pair<qint64, QJsonObject>> selectRecent(Kind k, const QString &where,
                                                                    const QVariantList &binds, int limit) const
    {
        return m_documents.selectRecent(k, where, binds, limit);
    }

    // ---- change log (see ChangeLog) ----
    /// Next value of a named gap-free counter (ticket keys). Inside write().
    [[nodiscard]] Result<qint64> nextCounter(const QString &name) { return m_changes.nextCounter(name); }
    [[nodiscard]] qint64 lastRev() const { return m_changes.lastRev(); }
    [[nodiscard]] QList<Change> changesSince(qint64 rev, int limit, bool *more) const
    {
        return m_changes.changesSince(rev, limit, more);
    }

private:
    Store(QString connectionName, bool postgres, const Clock &clock);
    Status migrate();

    const Clock &m_clock;
    // Declared first, destroyed last: the parts hold references to it, and it closes the connection.
    Connection m_connection;
    ChangeLog m_changes;
    Documents m_documents;
    Transactions m_transactions;
    Secrets m_secrets;
    IdempotencyRecords m_idempotency;
    Queues m_queues;
    Heartbeats m_heartbeats;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // SQLite only
};

/// Numbered schema migrations, applied in order; each runs in its own transaction. A migration with a `prepare`
/// step runs it first, as a Store::write() (documents it changes go to the change feed like any other change), then
/// its statements, all in that one transaction.
struct Migration
{
    int version;
    const char *name;
    QStringList statements;
    std::function<Status(Store &)> prepare = {};
};
[[nodiscard]] const QList<Migration> &migrations();

} // namespace Vigil
