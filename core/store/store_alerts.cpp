// Store: ingest integrations and pending escalation steps (tables of migration 4 that are not entity documents).
#include "store.h"

#include "common/json.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlError>

namespace Vigil {

namespace {

QString keyHash(const QString &key)
{
    return QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex());
}

Store::Integration integrationFrom(const QSqlQuery &q)
{
    return Store::Integration{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                              Json::parseTime(q.value(4).toString()), Json::parseTime(q.value(5).toString())};
}

Store::PendingStep stepFrom(const QSqlQuery &q)
{
    return Store::PendingStep{q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(), q.value(3).toInt(),
                              QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong(), Qt::UTC)};
}

constexpr const char *IntegrationColumns = "id, service_id, type, name, created_at, revoked_at";
constexpr const char *StepColumns = "alert_id, policy_id, cycle, rule, due_ms";

} // namespace

QJsonObject Store::Integration::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("service_id"), serviceId},
                       {QStringLiteral("type"), type},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("created_at"), Json::formatTime(createdAt)},
                       {QStringLiteral("revoked_at"), Json::timeOrNull(revokedAt)}};
}

Result<QString> Store::createIntegration(const QString &serviceId, const QString &type, const QString &name,
                                         QString *integrationId)
{
    Q_ASSERT(m_inWrite);
    QByteArray raw(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), raw.size() / 4);
    // 32 hex characters: safe in URL paths (Alertmanager) and headers (GenieKey), and the length PagerDuty
    // clients expect of a routing key.
    const QString key = QString::fromLatin1(raw.toHex());
    const QString id = Json::newId();
    if (auto st = exec(QStringLiteral("INSERT INTO integrations (id, service_id, type, name, hash, created_at) "
                                      "VALUES (?,?,?,?,?,?)"),
                       {id, serviceId, type, name, keyHash(key), Json::formatTime(m_clock.now())});
        !st)
        return st.error();
    if (integrationId)
        *integrationId = id;
    return key;
}

std::optional<Store::Integration> Store::findIntegration(const QString &key) const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT %1 FROM integrations WHERE hash = ? AND revoked_at IS NULL")
                                .arg(QLatin1String(IntegrationColumns)),
                            {keyHash(key)});
    if (!q.exec() || !q.next()) {
        q.finish();
        return std::nullopt;
    }
    Integration i = integrationFrom(q);
    q.finish();
    return i;
}

QList<Store::Integration> Store::integrations(const QString &serviceId) const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT %1 FROM integrations WHERE service_id = ? ORDER BY created_at, id")
                                .arg(QLatin1String(IntegrationColumns)),
                            {serviceId});
    QList<Integration> out;
    if (q.exec()) {
        while (q.next())
            out.append(integrationFrom(q));
    }
    q.finish();
    return out;
}

Status Store::revokeIntegration(const QString &serviceId, const QString &integrationId)
{
    Q_ASSERT(m_inWrite);
    QSqlQuery &q = prepared(QStringLiteral("UPDATE integrations SET revoked_at = ? WHERE id = ? AND service_id = ? "
                                           "AND revoked_at IS NULL"),
                            {Json::formatTime(m_clock.now()), integrationId, serviceId});
    if (!q.exec())
        return Error::make(ErrorCode::Internal, QStringLiteral("revoke integration: %1").arg(q.lastError().text()));
    const int n = q.numRowsAffected();
    q.finish();
    if (n != 1)
        return Error::make(ErrorCode::NotFound,
                           QStringLiteral("service %1 has no active integration %2").arg(serviceId, integrationId));
    return Ok{};
}

Status Store::setPendingStep(const PendingStep &step)
{
    Q_ASSERT(m_inWrite);
    m_queuesTouched = true;
    if (auto st = clearPendingStep(step.alertId); !st)
        return st;
    return exec(QStringLiteral("INSERT INTO escalation_steps (%1) VALUES (?,?,?,?,?)").arg(QLatin1String(StepColumns)),
                {step.alertId, step.policyId, step.cycle, step.rule, step.dueAt.toMSecsSinceEpoch()});
}

Status Store::clearPendingStep(const QString &alertId)
{
    Q_ASSERT(m_inWrite);
    m_queuesTouched = true;
    return exec(QStringLiteral("DELETE FROM escalation_steps WHERE alert_id = ?"), {alertId});
}

std::optional<Store::PendingStep> Store::pendingStep(const QString &alertId) const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT %1 FROM escalation_steps WHERE alert_id = ?").arg(QLatin1String(StepColumns)),
                            {alertId});
    if (!q.exec() || !q.next()) {
        q.finish();
        return std::nullopt;
    }
    PendingStep step = stepFrom(q);
    q.finish();
    return step;
}

void Store::forEachDue(const QString &table, const QString &columns, const QString &tieBreak, const QDateTime &now,
                       int limit, const std::function<void(const QSqlQuery &)> &read) const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT %1 FROM %2 WHERE due_ms <= ? ORDER BY due_ms, %3 LIMIT ?")
                                .arg(columns, table, tieBreak),
                            {now.toMSecsSinceEpoch(), limit});
    if (q.exec()) {
        while (q.next())
            read(q);
    }
    q.finish();
}

QDateTime Store::earliestDue(const QString &table) const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT MIN(due_ms) FROM %1").arg(table), {});
    QDateTime at;
    if (q.exec() && q.next() && !q.value(0).isNull())
        at = QDateTime::fromMSecsSinceEpoch(q.value(0).toLongLong(), Qt::UTC);
    q.finish();
    return at;
}

QList<Store::PendingStep> Store::dueSteps(const QDateTime &now, int limit) const
{
    QList<PendingStep> out;
    forEachDue(QStringLiteral("escalation_steps"), QLatin1String(StepColumns), QStringLiteral("alert_id"), now, limit,
               [&](const QSqlQuery &q) { out.append(stepFrom(q)); });
    return out;
}

QDateTime Store::nextDueAt() const { return earliestDue(QStringLiteral("escalation_steps")); }

} // namespace Vigil

namespace Vigil {

namespace {

constexpr const char *DeliveryColumns = "id, alert_id, user_id, method, attempt, due_ms, payload";

Store::PendingDelivery deliveryFrom(const QSqlQuery &q)
{
    return Store::PendingDelivery{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toInt(),
                                  q.value(4).toInt(), QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC),
                                  QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object()};
}

QString compact(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

} // namespace

QJsonObject Store::notificationSettings(const QString &userId) const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT data FROM notification_settings WHERE user_id = ?"), {userId});
    QJsonObject o;
    if (q.exec() && q.next())
        o = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
    q.finish();
    return o;
}

Status Store::setNotificationSettings(const QString &userId, const QJsonObject &settings)
{
    Q_ASSERT(m_inWrite);
    if (auto st = exec(QStringLiteral("DELETE FROM notification_settings WHERE user_id = ?"), {userId}); !st)
        return st;
    return exec(QStringLiteral("INSERT INTO notification_settings (user_id, data, updated_at) VALUES (?,?,?)"),
                {userId, compact(settings), Json::formatTime(m_clock.now())});
}

Status Store::addDelivery(const PendingDelivery &d)
{
    Q_ASSERT(m_inWrite);
    m_queuesTouched = true;
    return exec(QStringLiteral("INSERT INTO deliveries (%1) VALUES (?,?,?,?,?,?,?)").arg(QLatin1String(DeliveryColumns)),
                {d.id, d.alertId, d.userId, d.method, d.attempt, d.dueAt.toMSecsSinceEpoch(), compact(d.payload)});
}

Status Store::rescheduleDelivery(const QString &id, int attempt, const QDateTime &dueAt)
{
    Q_ASSERT(m_inWrite);
    m_queuesTouched = true;
    return exec(QStringLiteral("UPDATE deliveries SET attempt = ?, due_ms = ? WHERE id = ?"),
                {attempt, dueAt.toMSecsSinceEpoch(), id});
}

Status Store::removeDelivery(const QString &id)
{
    Q_ASSERT(m_inWrite);
    m_queuesTouched = true;
    return exec(QStringLiteral("DELETE FROM deliveries WHERE id = ?"), {id});
}

Result<int> Store::removeDeliveriesOf(const QString &alertId)
{
    Q_ASSERT(m_inWrite);
    m_queuesTouched = true;
    QSqlQuery &q = prepared(QStringLiteral("DELETE FROM deliveries WHERE alert_id = ?"), {alertId});
    if (!q.exec())
        return Error::make(ErrorCode::Internal, QStringLiteral("remove deliveries: %1").arg(q.lastError().text()));
    const int n = q.numRowsAffected();
    q.finish();
    return n;
}

QList<Store::PendingDelivery> Store::dueDeliveries(const QDateTime &now, int limit) const
{
    QList<PendingDelivery> out;
    forEachDue(QStringLiteral("deliveries"), QLatin1String(DeliveryColumns), QStringLiteral("id"), now, limit,
               [&](const QSqlQuery &q) { out.append(deliveryFrom(q)); });
    return out;
}

QDateTime Store::nextDeliveryAt() const { return earliestDue(QStringLiteral("deliveries")); }

} // namespace Vigil

namespace Vigil {

namespace {

constexpr const char *HeartbeatColumns = "name, service_id, interval_seconds, priority, last_ping_ms, created_at";

Store::Heartbeat heartbeatFrom(const QSqlQuery &q)
{
    return Store::Heartbeat{q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(), q.value(3).toString(),
                            QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong(), Qt::UTC),
                            Json::parseTime(q.value(5).toString())};
}

} // namespace

QJsonObject Store::Heartbeat::toJson(const QDateTime &now) const
{
    const QDateTime due = lastPing.addSecs(intervalSeconds);
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("service_id"), serviceId},
                       {QStringLiteral("interval_seconds"), intervalSeconds},
                       {QStringLiteral("priority"), priority},
                       {QStringLiteral("last_ping_at"), Json::formatTime(lastPing)},
                       {QStringLiteral("expired"), due < now},
                       {QStringLiteral("created_at"), Json::formatTime(createdAt)}};
}

Status Store::addHeartbeat(const Heartbeat &h)
{
    Q_ASSERT(m_inWrite);
    if (heartbeat(h.name))
        return Error::make(ErrorCode::Conflict, QStringLiteral("a heartbeat named %1 exists").arg(h.name),
                           QStringLiteral("name"));
    return exec(QStringLiteral("INSERT INTO heartbeats (%1) VALUES (?,?,?,?,?,?)").arg(QLatin1String(HeartbeatColumns)),
                {h.name, h.serviceId, h.intervalSeconds, h.priority, h.lastPing.toMSecsSinceEpoch(),
                 Json::formatTime(h.createdAt)});
}

Status Store::removeHeartbeat(const QString &name)
{
    Q_ASSERT(m_inWrite);
    if (!heartbeat(name))
        return Error::make(ErrorCode::NotFound, QStringLiteral("no heartbeat named %1").arg(name));
    return exec(QStringLiteral("DELETE FROM heartbeats WHERE name = ?"), {name});
}

Status Store::pingHeartbeat(const QString &name)
{
    Q_ASSERT(m_inWrite);
    if (!heartbeat(name))
        return Error::make(ErrorCode::NotFound, QStringLiteral("no heartbeat named %1").arg(name));
    return exec(QStringLiteral("UPDATE heartbeats SET last_ping_ms = ? WHERE name = ?"),
                {m_clock.now().toMSecsSinceEpoch(), name});
}

std::optional<Store::Heartbeat> Store::heartbeat(const QString &name) const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT %1 FROM heartbeats WHERE name = ?").arg(QLatin1String(HeartbeatColumns)),
                            {name});
    if (!q.exec() || !q.next()) {
        q.finish();
        return std::nullopt;
    }
    Heartbeat h = heartbeatFrom(q);
    q.finish();
    return h;
}

QList<Store::Heartbeat> Store::heartbeats() const
{
    QSqlQuery &q = prepared(QStringLiteral("SELECT %1 FROM heartbeats ORDER BY name").arg(QLatin1String(HeartbeatColumns)), {});
    QList<Heartbeat> out;
    if (q.exec()) {
        while (q.next())
            out.append(heartbeatFrom(q));
    }
    q.finish();
    return out;
}

} // namespace Vigil

namespace Vigil {

bool Store::holdsEngineLock()
{
    if (!m_postgres)
        return true;
    if (m_engineLock)
        return true;
    QSqlQuery &q = prepared(QStringLiteral("SELECT pg_try_advisory_lock(7741002)"), {});
    m_engineLock = q.exec() && q.next() && q.value(0).toBool();
    q.finish();
    return m_engineLock;
}

} // namespace Vigil
