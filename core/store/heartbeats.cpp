#include "heartbeats.h"

#include "common/clock.h"
#include "common/json.h"
#include "connection.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Vigil {

namespace {

constexpr const char *HeartbeatColumns = "name, service_id, interval_seconds, priority, last_ping_ms, created_at";

Heartbeat heartbeatFrom(const QSqlQuery &q)
{
    return Heartbeat{q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(), q.value(3).toString(),
                     QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong(), Qt::UTC),
                     Json::parseTime(q.value(5).toString())};
}

} // namespace

Heartbeats::Heartbeats(Connection &connection, const Clock &clock) : m_connection(connection), m_clock(clock) {}

QJsonObject Heartbeat::toJson(const QDateTime &now) const
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

Status Heartbeats::add(const Heartbeat &h)
{
    Q_ASSERT(m_connection.inWrite());
    if (find(h.name))
        return Error::make(ErrorCode::Conflict, QStringLiteral("a heartbeat named %1 exists").arg(h.name),
                           QStringLiteral("name"));
    return m_connection.exec(QStringLiteral("INSERT INTO heartbeats (%1) VALUES (?,?,?,?,?,?)").arg(QLatin1String(HeartbeatColumns)),
                             {h.name, h.serviceId, h.intervalSeconds, h.priority, h.lastPing.toMSecsSinceEpoch(),
                              Json::formatTime(h.createdAt)});
}

Status Heartbeats::remove(const QString &name)
{
    Q_ASSERT(m_connection.inWrite());
    if (!find(name))
        return Error::make(ErrorCode::NotFound, QStringLiteral("no heartbeat named %1").arg(name));
    return m_connection.exec(QStringLiteral("DELETE FROM heartbeats WHERE name = ?"), {name});
}

Status Heartbeats::ping(const QString &name)
{
    Q_ASSERT(m_connection.inWrite());
    if (!find(name))
        return Error::make(ErrorCode::NotFound, QStringLiteral("no heartbeat named %1").arg(name));
    return m_connection.exec(QStringLiteral("UPDATE heartbeats SET last_ping_ms = ? WHERE name = ?"),
                             {m_clock.now().toMSecsSinceEpoch(), name});
}

std::optional<Heartbeat> Heartbeats::find(const QString &name) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT %1 FROM heartbeats WHERE name = ?").arg(QLatin1String(HeartbeatColumns)),
                                         {name});
    return Connection::firstRow(q, heartbeatFrom);
}

QList<Heartbeat> Heartbeats::all() const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT %1 FROM heartbeats ORDER BY name").arg(QLatin1String(HeartbeatColumns)), {});
    QList<Heartbeat> out;
    if (q.exec()) {
        while (q.next())
            out.append(heartbeatFrom(q));
    }
    q.finish();
    return out;
}

} // namespace Vigil
