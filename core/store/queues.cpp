// Queues: pending escalation steps and deliveries (tables of migrations 4 and 5 that are not entity documents),
// and the engine lock.
#include "queues.h"

#include "connection.h"
#include "transactions.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Vigil {

namespace {

PendingStep stepFrom(const QSqlQuery &q)
{
    return PendingStep{q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(), q.value(3).toInt(),
                       QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong(), Qt::UTC)};
}

PendingDelivery deliveryFrom(const QSqlQuery &q)
{
    return PendingDelivery{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toInt(),
                           q.value(4).toInt(), QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC),
                           QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object()};
}

constexpr const char *StepColumns = "alert_id, policy_id, cycle, rule, due_ms";
constexpr const char *DeliveryColumns = "id, alert_id, user_id, method, attempt, due_ms, payload";

QString compact(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

} // namespace

Queues::Queues(Connection &connection, Transactions &transactions)
    : m_connection(connection), m_transactions(transactions)
{
}

Status Queues::setPendingStep(const PendingStep &step)
{
    Q_ASSERT(m_connection.inWrite());
    m_transactions.touchQueues();
    if (auto st = clearPendingStep(step.alertId); !st)
        return st;
    return m_connection.exec(QStringLiteral("INSERT INTO escalation_steps (%1) VALUES (?,?,?,?,?)").arg(QLatin1String(StepColumns)),
                             {step.alertId, step.policyId, step.cycle, step.rule, step.dueAt.toMSecsSinceEpoch()});
}

Status Queues::clearPendingStep(const QString &alertId)
{
    Q_ASSERT(m_connection.inWrite());
    m_transactions.touchQueues();
    return m_connection.exec(QStringLiteral("DELETE FROM escalation_steps WHERE alert_id = ?"), {alertId});
}

std::optional<PendingStep> Queues::pendingStep(const QString &alertId) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT %1 FROM escalation_steps WHERE alert_id = ?").arg(QLatin1String(StepColumns)),
                                         {alertId});
    return Connection::firstRow(q, stepFrom);
}

void Queues::forEachDue(const QString &table, const QString &columns, const QString &tieBreak, const QDateTime &now,
                       int limit, const std::function<void(const QSqlQuery &)> &read) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT %1 FROM %2 WHERE due_ms <= ? ORDER BY due_ms, %3 LIMIT ?")
                                             .arg(columns, table, tieBreak),
                                         {now.toMSecsSinceEpoch(), limit});
    if (q.exec()) {
        while (q.next())
            read(q);
    }
    q.finish();
}

QDateTime Queues::earliestDue(const QString &table) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT MIN(due_ms) FROM %1").arg(table), {});
    QDateTime at;
    if (q.exec() && q.next() && !q.value(0).isNull())
        at = QDateTime::fromMSecsSinceEpoch(q.value(0).toLongLong(), Qt::UTC);
    q.finish();
    return at;
}

QList<PendingStep> Queues::dueSteps(const QDateTime &now, int limit) const
{
    QList<PendingStep> out;
    forEachDue(QStringLiteral("escalation_steps"), QLatin1String(StepColumns), QStringLiteral("alert_id"), now, limit,
               [&](const QSqlQuery &q) { out.append(stepFrom(q)); });
    return out;
}

QDateTime Queues::nextDueAt() const { return earliestDue(QStringLiteral("escalation_steps")); }

Status Queues::addDelivery(const PendingDelivery &d)
{
    Q_ASSERT(m_connection.inWrite());
    m_transactions.touchQueues();
    return m_connection.exec(QStringLiteral("INSERT INTO deliveries (%1) VALUES (?,?,?,?,?,?,?)").arg(QLatin1String(DeliveryColumns)),
                             {d.id, d.alertId, d.userId, d.method, d.attempt, d.dueAt.toMSecsSinceEpoch(), compact(d.payload)});
}

Status Queues::rescheduleDelivery(const QString &id, int attempt, const QDateTime &dueAt)
{
    Q_ASSERT(m_connection.inWrite());
    m_transactions.touchQueues();
    return m_connection.exec(QStringLiteral("UPDATE deliveries SET attempt = ?, due_ms = ? WHERE id = ?"),
                             {attempt, dueAt.toMSecsSinceEpoch(), id});
}

Status Queues::removeDelivery(const QString &id)
{
    Q_ASSERT(m_connection.inWrite());
    m_transactions.touchQueues();
    return m_connection.exec(QStringLiteral("DELETE FROM deliveries WHERE id = ?"), {id});
}

Result<int> Queues::removeDeliveriesOf(const QString &alertId)
{
    Q_ASSERT(m_connection.inWrite());
    m_transactions.touchQueues();
    QSqlQuery &q = m_connection.prepared(QStringLiteral("DELETE FROM deliveries WHERE alert_id = ?"), {alertId});
    if (!q.exec())
        return Error::make(ErrorCode::Internal, QStringLiteral("remove deliveries: %1").arg(q.lastError().text()));
    const int n = q.numRowsAffected();
    q.finish();
    return n;
}

QList<PendingDelivery> Queues::dueDeliveries(const QDateTime &now, int limit) const
{
    QList<PendingDelivery> out;
    forEachDue(QStringLiteral("deliveries"), QLatin1String(DeliveryColumns), QStringLiteral("id"), now, limit,
               [&](const QSqlQuery &q) { out.append(deliveryFrom(q)); });
    return out;
}

QDateTime Queues::nextDeliveryAt() const { return earliestDue(QStringLiteral("deliveries")); }

bool Queues::holdsEngineLock()
{
    if (!m_connection.isPostgres())
        return true;
    if (m_engineLock)
        return true;
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT pg_try_advisory_lock(7741002)"), {});
    m_engineLock = q.exec() && q.next() && q.value(0).toBool();
    q.finish();
    return m_engineLock;
}

} // namespace Vigil
