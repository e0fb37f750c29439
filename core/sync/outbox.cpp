#include "outbox.h"

#include "common/json.h"
#include "tickets/workflow.h"

#include <QJsonArray>

namespace Vigil {

QString OutboxCommand::kindName(Kind k)
{
    switch (k) {
    case Kind::CreateTicket: return QStringLiteral("create_ticket");
    case Kind::UpdateTicket: return QStringLiteral("update_ticket");
    case Kind::Transition: return QStringLiteral("transition");
    case Kind::AddComment: return QStringLiteral("add_comment");
    case Kind::AddOverride: return QStringLiteral("add_override");
    case Kind::RemoveOverride: return QStringLiteral("remove_override");
    case Kind::SaveSchedule: return QStringLiteral("save_schedule");
    }
    return {};
}

std::optional<OutboxCommand::Kind> OutboxCommand::kindFromName(const QString &s)
{
    for (auto k : {Kind::CreateTicket, Kind::UpdateTicket, Kind::Transition, Kind::AddComment, Kind::AddOverride,
                   Kind::RemoveOverride, Kind::SaveSchedule}) {
        if (kindName(k) == s)
            return k;
    }
    return std::nullopt;
}

QStringList OutboxCommand::touchedFields() const
{
    switch (kind) {
    case Kind::UpdateTicket:
    case Kind::SaveSchedule: return body.keys();
    case Kind::Transition: return {QStringLiteral("status")};
    default: return {};
    }
}

QByteArray OutboxCommand::method() const
{
    switch (kind) {
    case Kind::UpdateTicket:
    case Kind::SaveSchedule: return QByteArrayLiteral("PATCH");
    case Kind::RemoveOverride: return QByteArrayLiteral("DELETE");
    default: return QByteArrayLiteral("POST");
    }
}

QString OutboxCommand::path() const
{
    switch (kind) {
    case Kind::CreateTicket: return QStringLiteral("/api/v1/tickets");
    case Kind::UpdateTicket: return QStringLiteral("/api/v1/tickets/%1").arg(entityId);
    case Kind::Transition: return QStringLiteral("/api/v1/tickets/%1/transitions").arg(entityId);
    case Kind::AddComment: return QStringLiteral("/api/v1/tickets/%1/comments").arg(entityId);
    case Kind::AddOverride: return QStringLiteral("/api/v1/schedules/%1/overrides").arg(entityId);
    case Kind::RemoveOverride:
        return QStringLiteral("/api/v1/schedules/%1/overrides/%2")
            .arg(entityId, body.value(QStringLiteral("override_id")).toString());
    case Kind::SaveSchedule: return QStringLiteral("/api/v1/schedules/%1").arg(entityId);
    }
    return {};
}

bool OutboxCommand::isScheduleCommand() const
{
    return kind == Kind::AddOverride || kind == Kind::RemoveOverride || kind == Kind::SaveSchedule;
}

bool applyCommandLocally(Ticket &t, const OutboxCommand &c, const QDateTime &now)
{
    switch (c.kind) {
    case OutboxCommand::Kind::CreateTicket:
        return true;
    case OutboxCommand::Kind::AddComment:
        return true;
    case OutboxCommand::Kind::Transition: {
        const auto to = ticketStatusFromString(c.body.value(QStringLiteral("to")).toString());
        return to && Workflow::transition(t, *to, now).ok();
    }
    case OutboxCommand::Kind::AddOverride:
    case OutboxCommand::Kind::RemoveOverride:
    case OutboxCommand::Kind::SaveSchedule:
        return false;
    case OutboxCommand::Kind::UpdateTicket: {
        QJsonObject json = t.toJson();
        for (auto it = c.body.begin(); it != c.body.end(); ++it)
            json.insert(it.key(), it.value());
        auto patched = Ticket::fromJson(json);
        if (!patched)
            return false;
        t = std::move(patched).value();
        return true;
    }
    }
    return false;
}

bool applyScheduleCommand(QJsonObject &schedule, const OutboxCommand &c)
{
    switch (c.kind) {
    case OutboxCommand::Kind::AddOverride: {
        QJsonObject added = c.body;
        added.insert(QStringLiteral("id"), c.idempotencyKey);
        QJsonArray overrides = schedule.value(QStringLiteral("overrides")).toArray();
        overrides.append(added);
        schedule.insert(QStringLiteral("overrides"), overrides);
        return true;
    }
    case OutboxCommand::Kind::RemoveOverride: {
        const QString id = c.body.value(QStringLiteral("override_id")).toString();
        QJsonArray overrides = schedule.value(QStringLiteral("overrides")).toArray();
        for (qsizetype i = 0; i < overrides.size(); ++i) {
            if (overrides.at(i).toObject().value(QStringLiteral("id")).toString() == id) {
                overrides.removeAt(i);
                schedule.insert(QStringLiteral("overrides"), overrides);
                return true;
            }
        }
        return false;
    }
    case OutboxCommand::Kind::SaveSchedule:
        for (auto it = c.body.begin(); it != c.body.end(); ++it)
            schedule.insert(it.key(), it.value());
        return true;
    default:
        return false;
    }
}

} // namespace Vigil
