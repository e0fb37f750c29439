#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

class QSqlQuery;

namespace Vigil {

class Connection;
class Transactions;

/// The pending escalation step of an alert (at most one), with its due time (UTC).
struct PendingStep
{
    QString alertId;
    QString policyId;
    int cycle = 0;
    int rule = 0;
    QDateTime dueAt;
};

/// A notification waiting to be sent (or retried), drained by vigild's delivery worker.
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

/// The work queues of the alerting engine: escalation steps and deliveries, each row with a due time (ms since the
/// epoch, UTC), and the engine lock that picks the one server, of those sharing a database, that drains them (and
/// runs the heartbeats). Every write tells Transactions that the queues were touched, so its hooks know to replan.
/// Not thread-safe: one Store per thread. Every set, clear, add, reschedule and remove must run inside
/// Store::write() or writeGrouped().
class Queues final
{
public:
    Queues(Connection &connection, Transactions &transactions);
    Q_DISABLE_COPY_MOVE(Queues)

    // ---- escalation steps ----
    /// Sets (replaces) the alert's pending step. Inside write().
    Status setPendingStep(const PendingStep &step);
    /// Removes the alert's pending step (none is fine). Inside write().
    Status clearPendingStep(const QString &alertId);
    [[nodiscard]] std::optional<PendingStep> pendingStep(const QString &alertId) const;
    /// Steps due at or before `now`, oldest first, at most `limit`.
    [[nodiscard]] QList<PendingStep> dueSteps(const QDateTime &now, int limit) const;
    /// The earliest due time of any pending step (invalid when none).
    [[nodiscard]] QDateTime nextDueAt() const;

    // ---- deliveries ----
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

    // ---- the engine lock ----
    /// True when this Store's server is the one to run escalations, deliveries and heartbeats: always on SQLite;
    /// on PostgreSQL the holder of a session advisory lock (taken here when free; released when the server's
    /// connection ends, so another server takes over).
    [[nodiscard]] bool holdsEngineLock();

private:
    /// Rows of a queue table (escalation_steps, deliveries) due at `now` (due_ms <= now), oldest first, each
    /// handed to `read`; and the earliest due time of the table (invalid when it is empty).
    void forEachDue(const QString &table, const QString &columns, const QString &tieBreak, const QDateTime &now, int limit,
                    const std::function<void(const QSqlQuery &)> &read) const;
    [[nodiscard]] QDateTime earliestDue(const QString &table) const;

    Connection &m_connection;
    Transactions &m_transactions;
    bool m_engineLock = false;
};

} // namespace Vigil
