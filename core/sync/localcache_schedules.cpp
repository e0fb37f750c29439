// LocalCache: on-call schedules. The server's copy of each schedule is kept as it was sent (table `schedules`), and
// the view the console shows is that copy with the user's pending schedule commands applied on top, so an override
// dragged onto the timeline appears at once, offline included, and disappears again if the server refuses it.

#include "localcache.h"

#include "common/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcCache)

namespace Vigil {

namespace {

QString scheduleText(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

} // namespace

std::optional<Schedule> LocalCache::schedule(const QString &id) const
{
    const auto it = m_schedules.constFind(id);
    return it == m_schedules.constEnd() ? std::nullopt : std::optional(*it);
}

void LocalCache::storeServerSchedule(const QJsonObject &json)
{
    const QString id = json.value(QStringLiteral("id")).toString();
    if (id.isEmpty())
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT INTO schedules(id, json) VALUES (?, ?)"
                             " ON CONFLICT(id) DO UPDATE SET json = excluded.json"));
    q.addBindValue(id);
    q.addBindValue(scheduleText(json));
    q.exec();
    m_serverSchedules.insert(id, json);
    rebuildSchedule(id, m_pendingTickets.contains(id) ? pendingCommands() : QList<OutboxCommand>());
}

void LocalCache::rebuildSchedule(const QString &id, const QList<OutboxCommand> &pending)
{
    const auto server = m_serverSchedules.constFind(id);
    if (server == m_serverSchedules.constEnd()) {
        m_schedules.remove(id);
        return;
    }
    auto decoded = Schedule::fromJson(*server);
    if (!decoded) {
        qCWarning(lcCache) << "unreadable schedule" << id << decoded.error().message;
        m_schedules.remove(id);
        return;
    }
    Schedule shown = std::move(decoded).value();
    QJsonObject json = *server;
    for (const auto &c : pending) {
        if (c.entityId != id || !c.isScheduleCommand())
            continue;
        QJsonObject next = json;
        if (!applyScheduleCommand(next, c))
            continue;
        // A command the schedule no longer admits (say, an override that now overlaps) is shown as not applied;
        // the server's answer will drop it.
        if (auto candidate = Schedule::fromJson(next)) {
            json = next;
            shown = std::move(candidate).value();
        }
    }
    m_schedules.insert(id, std::move(shown));
}

void LocalCache::rebuildSchedules()
{
    const QList<OutboxCommand> pending = m_pendingCount > 0 ? pendingCommands() : QList<OutboxCommand>();
    m_schedules.clear();
    for (auto it = m_serverSchedules.cbegin(); it != m_serverSchedules.cend(); ++it)
        rebuildSchedule(it.key(), pending);
}

void LocalCache::applyServerSchedule(const QJsonObject &json)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    storeServerSchedule(json);
    db.commit();
    Q_EMIT schedulesChanged();
}

Result<QString> LocalCache::addOverride(const QString &scheduleId, const QString &userId, const QDateTime &start,
                                        const QDateTime &end)
{
    const auto current = schedule(scheduleId);
    if (!current)
        return Error::make(ErrorCode::NotFound, QStringLiteral("no such schedule"), QStringLiteral("schedule_id"));
    if (userId.isEmpty())
        return Error::make(ErrorCode::MissingField, QStringLiteral("choose who covers the shift"), QStringLiteral("user_id"));
    if (!start.isValid())
        return Error::make(ErrorCode::MissingField, QStringLiteral("start is required"), QStringLiteral("start"));
    if (!end.isValid() || end <= start)
        return Error::make(ErrorCode::InvalidField, QStringLiteral("end must be after start"), QStringLiteral("end"));
    const QDateTime from = start.toUTC();
    const QDateTime to = end.toUTC();
    for (const auto &ov : current->overrides) {
        if (ov.userId == userId && ov.start < to && from < ov.end)
            return Error::make(ErrorCode::InvalidField,
                               QStringLiteral("this override overlaps another override of the same user"),
                               QStringLiteral("start"));
    }

    OutboxCommand c;
    c.kind = OutboxCommand::Kind::AddOverride;
    c.entityId = scheduleId;
    c.body = QJsonObject{{QStringLiteral("user_id"), userId},
                         {QStringLiteral("start"), Json::formatTime(from)},
                         {QStringLiteral("end"), Json::formatTime(to)}};
    c.idempotencyKey = Json::newId();
    c.createdAt = m_clock.now();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    if (auto s = enqueue(c); !s) {
        db.rollback();
        return s.error();
    }
    if (!db.commit()) {
        db.rollback();
        return fail(QStringLiteral("add override")).error();
    }
    refreshPending();
    rebuildSchedule(scheduleId, pendingCommands());
    Q_EMIT schedulesChanged();
    return c.idempotencyKey;
}

Status LocalCache::removeOverride(const QString &scheduleId, const QString &overrideId)
{
    const auto current = schedule(scheduleId);
    if (!current)
        return Error::make(ErrorCode::NotFound, QStringLiteral("no such schedule"), QStringLiteral("schedule_id"));
    const bool known = std::any_of(current->overrides.cbegin(), current->overrides.cend(),
                                   [&](const ScheduleOverride &ov) { return ov.id == overrideId; });
    if (!known)
        return Error::make(ErrorCode::NotFound, QStringLiteral("no such override"), QStringLiteral("override_id"));
    OutboxCommand c;
    c.kind = OutboxCommand::Kind::RemoveOverride;
    c.entityId = scheduleId;
    c.body = QJsonObject{{QStringLiteral("override_id"), overrideId}};
    c.createdAt = m_clock.now();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    if (auto s = enqueue(c); !s || !db.commit()) {
        db.rollback();
        return s ? fail(QStringLiteral("remove override")) : s;
    }
    refreshPending();
    rebuildSchedule(scheduleId, pendingCommands());
    Q_EMIT schedulesChanged();
    return Ok{};
}

Status LocalCache::saveSchedule(const Schedule &edited)
{
    const auto server = m_serverSchedules.constFind(edited.id);
    if (server == m_serverSchedules.constEnd())
        return Error::make(ErrorCode::NotFound, QStringLiteral("no such schedule"), QStringLiteral("id"));
    if (auto s = validateSchedule(edited); !s)
        return s;
    const QJsonObject json = edited.toJson();
    OutboxCommand c;
    c.kind = OutboxCommand::Kind::SaveSchedule;
    c.entityId = edited.id;
    for (const char *member : {"name", "team_id", "time_zone", "layers"})
        c.body.insert(QLatin1String(member), json.value(QLatin1String(member)));
    c.baseVersion = edited.version > 0 ? edited.version : server->value(QStringLiteral("version")).toInteger();
    c.base = *server;
    c.createdAt = m_clock.now();
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    if (auto s = enqueue(c); !s || !db.commit()) {
        db.rollback();
        return s ? fail(QStringLiteral("save schedule")) : s;
    }
    refreshPending();
    rebuildSchedule(edited.id, pendingCommands());
    Q_EMIT schedulesChanged();
    return Ok{};
}

void LocalCache::scheduleCommandSucceeded(const OutboxCommand &cmd, const QJsonObject &response)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    db.transaction();
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE seq = ?"));
    q.addBindValue(cmd.seq);
    q.exec();
    QJsonObject server = m_serverSchedules.value(cmd.entityId);
    switch (cmd.kind) {
    case OutboxCommand::Kind::AddOverride: {
        // The server named the override: a removal queued meanwhile must name it the same way.
        const QString serverId = response.value(QStringLiteral("id")).toString();
        if (!serverId.isEmpty() && serverId != cmd.idempotencyKey) {
            q.prepare(QStringLiteral("UPDATE outbox SET body = ? WHERE kind = ? AND entity_id = ? AND body = ?"));
            q.addBindValue(scheduleText({{QStringLiteral("override_id"), serverId}}));
            q.addBindValue(OutboxCommand::kindName(OutboxCommand::Kind::RemoveOverride));
            q.addBindValue(cmd.entityId);
            q.addBindValue(scheduleText({{QStringLiteral("override_id"), cmd.idempotencyKey}}));
            q.exec();
        }
        QJsonArray overrides = server.value(QStringLiteral("overrides")).toArray();
        const bool known = std::any_of(overrides.cbegin(), overrides.cend(), [&](const QJsonValue &v) {
            return v.toObject().value(QStringLiteral("id")).toString() == serverId;
        });
        // Unless the change feed was quicker and the server's copy has it already.
        if (!server.isEmpty() && !known) {
            QJsonObject added;
            for (const char *member : {"id", "user_id", "start", "end"})
                added.insert(QLatin1String(member), response.value(QLatin1String(member)));
            overrides.append(added);
            server.insert(QStringLiteral("overrides"), overrides);
            server.insert(QStringLiteral("version"), response.value(QStringLiteral("schedule_version")));
        }
        break;
    }
    case OutboxCommand::Kind::RemoveOverride:
        if (!server.isEmpty() && applyScheduleCommand(server, cmd))
            server.insert(QStringLiteral("version"), server.value(QStringLiteral("version")).toInteger() + 1);
        break;
    case OutboxCommand::Kind::SaveSchedule:
        if (response.contains(QStringLiteral("layers")))
            server = response;
        // A later edit of the same chain was based on the version this one replaced.
        q.prepare(QStringLiteral("UPDATE outbox SET base_version = ? WHERE entity_id = ? AND base_version = ?"));
        q.addBindValue(response.value(QStringLiteral("version")).toInteger());
        q.addBindValue(cmd.entityId);
        q.addBindValue(cmd.baseVersion);
        q.exec();
        break;
    default:
        break;
    }
    refreshPending();
    if (!server.isEmpty())
        storeServerSchedule(server); // the change feed brings the server's own copy shortly after
    db.commit();
    Q_EMIT schedulesChanged();
}

} // namespace Vigil
