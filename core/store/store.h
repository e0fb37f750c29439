#pragma once

#include "common/clock.h"
#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QLoggingCategory>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <functional>
#include <memory>
#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace Vigil {

class WalCheckpointer;

/// Kinds of stored entity. Each is a table with id, version, created_at, updated_at, the entity's JSON in `data`,
/// and a few indexed columns derived from the JSON (see kindColumns in store.cpp).
enum class Kind { User, Team, Service, Ticket, TicketComment, SlaPolicy, Schedule, EscalationPolicy, Alert, AlertLog };
[[nodiscard]] QString entityName(Kind k); // "user", "ticket_comment", …

struct Change
{
    qint64 rev = 0;
    QString entity;
    QString id;
    QString op; // upsert | delete
    QJsonObject data;
};

/// The server's database: schema migrations, entity documents, the change log, tokens and idempotency records.
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
    [[nodiscard]] bool isPostgres() const { return m_postgres; }
    ~Store();
    Q_DISABLE_COPY_MOVE(Store)

    [[nodiscard]] QSqlDatabase db() const;
    [[nodiscard]] const Clock &clock() const { return m_clock; }
    [[nodiscard]] int schemaVersion() const;

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
    /// Whether the last commit may have added, moved or removed escalation steps or deliveries: true when this
    /// store's last commit wrote to them, and after a commit announced by another server sharing the database.
    /// Read in the committed and group hooks.
    [[nodiscard]] bool lastCommitTouchedQueues() const { return m_lastCommitTouchedQueues; }
    void setGroupHook(std::function<void(const Status &)> hook) { m_groupHook = std::move(hook); }
    struct GroupStats
    {
        qint64 groups = 0; // groups committed
        qint64 writes = 0; // grouped writes in them
    };
    [[nodiscard]] GroupStats groupStats() const { return m_groupStats; }

    // ---- documents (inside write() for mutations) ----
    [[nodiscard]] Result<QJsonObject> get(Kind k, const QString &id) const;
    /// Inserts or replaces the document (data must hold "id"), refreshes the indexed columns and logs the change.
    Status put(Kind k, const QJsonObject &data);
    /// put() of a document that replaces `before`, the stored one as read in this transaction: only the indexed
    /// columns whose values changed are written (an index none of whose columns changed is left alone).
    Status put(Kind k, const QJsonObject &data, const QJsonObject &before);
    Status remove(Kind k, const QString &id);
    /// Rows of a kind matching an SQL condition over its indexed columns, e.g. ("ticket_id = ?", {id}).
    [[nodiscard]] QList<QJsonObject> select(Kind k, const QString &where, const QVariantList &binds,
                                            const QString &orderBy, int limit = -1) const;
    /// The first row of select(k, where, binds, orderBy, 1), or nothing.
    [[nodiscard]] std::optional<QJsonObject> first(Kind k, const QString &where, const QVariantList &binds,
                                                   const QString &orderBy) const;
    [[nodiscard]] qint64 count(Kind k, const QString &where = {}, const QVariantList &binds = {}) const;
    /// Rows of a kind that tracks revisions (tickets), most recently changed first, each with the revision of its
    /// last change (for keyset paging: pass `where` = "rev < ?" with the last revision seen).
    [[nodiscard]] QList<std::pair<qint64, QJsonObject>> selectRecent(Kind k, const QString &where,
                                                                    const QVariantList &binds, int limit) const;

    /// Next value of a named gap-free counter (ticket keys). Inside write().
    [[nodiscard]] Result<qint64> nextCounter(const QString &name);

    // ---- change log ----
    [[nodiscard]] qint64 lastRev() const;
    [[nodiscard]] QList<Change> changesSince(qint64 rev, int limit, bool *more) const;

    // ---- tokens ----
    struct TokenInfo
    {
        QString id;
        QString userId;
        QString name;
    };
    /// Creates a token for a user: returns the secret, shown once; only its SHA-256 is stored. Inside write().
    [[nodiscard]] Result<QString> createToken(const QString &userId, const QString &name, QString *tokenId = nullptr);
    [[nodiscard]] std::optional<TokenInfo> findToken(const QString &secret) const;

    // ---- calendar feed tokens (one per user) ----
    /// Replaces the user's feed token with a new one and returns its secret, shown once; only its SHA-256 is stored.
    /// Inside write().
    [[nodiscard]] Result<QString> createFeedToken(const QString &userId);
    /// Revokes the user's feed token (none is fine). Inside write().
    Status revokeFeedToken(const QString &userId);
    /// The user id owning a feed token, or nullopt when it is unknown or revoked.
    [[nodiscard]] std::optional<QString> findFeedToken(const QString &secret) const;

    // ---- integrations (ingest keys of a service; only the key's SHA-256 is stored) ----
    struct Integration
    {
        QString id;
        QString serviceId;
        QString type; // native | alertmanager | pagerduty | opsgenie
        QString name;
        QDateTime createdAt;
        QDateTime revokedAt; // invalid while active
        [[nodiscard]] QJsonObject toJson() const;
    };
    /// Creates an integration and returns its key, shown once. Inside write().
    [[nodiscard]] Result<QString> createIntegration(const QString &serviceId, const QString &type, const QString &name,
                                                    QString *integrationId = nullptr);
    /// The active integration a key belongs to (nullopt when unknown or revoked).
    [[nodiscard]] std::optional<Integration> findIntegration(const QString &key) const;
    [[nodiscard]] QList<Integration> integrations(const QString &serviceId) const;
    /// Revokes an integration of a service; not_found when there is none. Inside write().
    Status revokeIntegration(const QString &serviceId, const QString &integrationId);

    // ---- escalation steps: at most one pending step per alert, with its due time (ms since the epoch, UTC) ----
    struct PendingStep
    {
        QString alertId;
        QString policyId;
        int cycle = 0;
        int rule = 0;
        QDateTime dueAt;
    };
    /// Sets (replaces) the alert's pending step. Inside write().
    Status setPendingStep(const PendingStep &step);
    /// Removes the alert's pending step (none is fine). Inside write().
    Status clearPendingStep(const QString &alertId);
    [[nodiscard]] std::optional<PendingStep> pendingStep(const QString &alertId) const;
    /// Steps due at or before `now`, oldest first, at most `limit`.
    [[nodiscard]] QList<PendingStep> dueSteps(const QDateTime &now, int limit) const;
    /// The earliest due time of any pending step (invalid when none).
    [[nodiscard]] QDateTime nextDueAt() const;

    // ---- notification settings (contact methods and rules of a user; not in the change feed) ----
    /// The user's settings document ({} when none was saved).
    [[nodiscard]] QJsonObject notificationSettings(const QString &userId) const;
    /// Replaces the user's settings. Inside write().
    Status setNotificationSettings(const QString &userId, const QJsonObject &settings);

    // ---- deliveries: notifications waiting to be sent (or retried), drained by vigild's delivery worker ----
    struct PendingDelivery
    {
        QString id;
        QString alertId;
        QString userId;
        int method = 0;  // index into the user's contact methods when it was queued
        int attempt = 0; // attempts already made
        QDateTime dueAt;
        QJsonObject payload;
    };
    /// Inside write().
    Status addDelivery(const PendingDelivery &d);
    /// Inside write(): sets attempt and due time (a retry).
    Status rescheduleDelivery(const QString &id, int attempt, const QDateTime &dueAt);
    /// Inside write().
    Status removeDelivery(const QString &id);
    /// Inside write(): every delivery of an alert (it was acknowledged or closed); returns how many were removed.
    Result<int> removeDeliveriesOf(const QString &alertId);
    [[nodiscard]] QList<PendingDelivery> dueDeliveries(const QDateTime &now, int limit) const;
    [[nodiscard]] QDateTime nextDeliveryAt() const;

    // ---- the engine lock: one server of those sharing a database runs escalations, deliveries and heartbeats ----
    /// True when this Store's server is the one to run them: always on SQLite; on PostgreSQL the holder of a
    /// session advisory lock (taken here when free; released when the server's connection ends, so another server
    /// takes over).
    [[nodiscard]] bool holdsEngineLock();

    // ---- heartbeats ----
    struct Heartbeat
    {
        QString name;
        QString serviceId;
        int intervalSeconds = 60;
        QString priority; // P1–P5 of the alert a missed heartbeat opens
        QDateTime lastPing;
        QDateTime createdAt;
        [[nodiscard]] QJsonObject toJson(const QDateTime &now) const;
    };
    /// Inside write(); conflict when the name is taken.
    Status addHeartbeat(const Heartbeat &h);
    /// Inside write(); not_found when there is none.
    Status removeHeartbeat(const QString &name);
    /// Inside write(): records a ping now; not_found when there is none.
    Status pingHeartbeat(const QString &name);
    [[nodiscard]] std::optional<Heartbeat> heartbeat(const QString &name) const;
    [[nodiscard]] QList<Heartbeat> heartbeats() const;

    // ---- idempotency ----
    struct IdempotentReply
    {
        QString requestHash;
        int status = 0;
        QByteArray body;
    };
    [[nodiscard]] std::optional<IdempotentReply> findIdempotent(const QString &userId, const QString &key) const;
    Status saveIdempotent(const QString &userId, const QString &key, const IdempotentReply &reply);
    /// Forgets idempotency records older than `age` seconds; returns how many were removed.
    qint64 purgeIdempotent(qint64 ageSeconds);

private:
    Store(QString connectionName, const Clock &clock);
    Status migrate();
    [[nodiscard]] QString dialect(const QString &sql) const;
    void listenForCommits();
    Status exec(const QString &sql, const QVariantList &binds = {}) const;
    Status execPrepared(const QString &sql, const QVariantList &binds) const;
    Status execSavepoint(const QString &sql) const;
    /// A prepared statement for `sql`, prepared once per connection and reused (binds are replaced on each use).
    QSqlQuery &prepared(const QString &sql, const QVariantList &binds) const;
    /// The next change-log revision. The counter row is updated (and, on PostgreSQL, locked) at the first change
    /// of a transaction; later ones count in memory and storeRev() writes the last before the commit.
    [[nodiscard]] Result<qint64> nextRev();
    Status storeRev();
    Status appendChange(qint64 rev, const QString &entity, const QString &id, const QString &op, const QString &json);
    /// Rows of a queue table (escalation_steps, deliveries) due at `now` (due_ms <= now), oldest first, each
    /// handed to `read`; and the earliest due time of the table (invalid when it is empty).
    void forEachDue(const QString &table, const QString &columns, const QString &tieBreak, const QDateTime &now, int limit,
                    const std::function<void(const QSqlQuery &)> &read) const;
    [[nodiscard]] QDateTime earliestDue(const QString &table) const;

    QString m_connection;
    const Clock &m_clock;
    std::function<void(qint64)> m_committedHook;
    std::function<void(const Status &)> m_groupHook;
    bool m_inWrite = false;
    bool m_groupOpen = false;
    qint64 m_groupWrites = 0; // in the open group
    GroupStats m_groupStats;
    bool m_changed = false;
    bool m_queuesTouched = false;           // the open transaction wrote escalation steps or deliveries
    bool m_lastCommitTouchedQueues = true;
    mutable qint64 m_lastRevCache = -1;
    qint64 m_txRev = -1;       // the last revision handed out in the open transaction (-1: none yet)
    qint64 m_txRevStored = -1; // what the counter row holds in it
    bool m_postgres = false;
    bool m_engineLock = false;
    mutable QHash<QString, QSqlQuery> m_prepared;
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
    Status writeChanges();
    // Decoded documents of the kinds every ingest reads (alerts, services, users), by id. get() and first() read a row's
    // version and updated_at, and decode its data only when they differ from the cached copy's. put() refreshes
    // an entry that is there (it adds none); a rollback empties the cache, since a rolled-back version number is
    // handed out again.
    struct CachedDoc
    {
        qint64 version = 0;
        QString updatedAt;
        QJsonObject data;
    };
    mutable QHash<QString, CachedDoc> m_docs;
    void cacheDoc(Kind k, const QJsonObject &data) const;
    void refreshCachedDoc(Kind k, const QJsonObject &data) const;
    [[nodiscard]] Result<QJsonObject> readDoc(Kind k, const QString &id) const;
    [[nodiscard]] std::optional<QJsonObject> cachedDoc(const QString &id, qint64 version, const QString &updatedAt) const;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // SQLite only
};

/// Numbered schema migrations, applied in order; each runs in its own transaction.
struct Migration
{
    int version;
    const char *name;
    QStringList statements;
};
[[nodiscard]] const QList<Migration> &migrations();

} // namespace Vigil
