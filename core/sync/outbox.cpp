#include "outbox.h"

#include "apiclient.h"

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
    case Kind::AcknowledgeAlert: return QStringLiteral("alert_acknowledge");
    case Kind::UnacknowledgeAlert: return QStringLiteral("alert_unacknowledge");
    case Kind::CloseAlert: return QStringLiteral("alert_close");
    case Kind::SnoozeAlert: return QStringLiteral("alert_snooze");
    case Kind::AssignAlert: return QStringLiteral("alert_assign");
    case Kind::AddAlertNote: return QStringLiteral("alert_note");
    case Kind::EscalateAlert: return QStringLiteral("alert_escalate");
    }
    return {};
}

std::optional<OutboxCommand::Kind> OutboxCommand::kindFromName(const QString &s)
{
    for (auto k : {Kind::CreateTicket, Kind::UpdateTicket, Kind::Transition, Kind::AddComment, Kind::AddOverride,
                   Kind::RemoveOverride, Kind::SaveSchedule, Kind::AcknowledgeAlert, Kind::UnacknowledgeAlert,
                   Kind::CloseAlert, Kind::SnoozeAlert, Kind::AssignAlert, Kind::AddAlertNote, Kind::EscalateAlert}) {
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
    case Kind::CreateTicket: return ApiPath::tickets();
    case Kind::UpdateTicket: return ApiPath::ticket(entityId);
    case Kind::Transition: return ApiPath::ticketTransitions(entityId);
    case Kind::AddComment: return ApiPath::ticketComments(entityId);
    case Kind::AddOverride: return ApiPath::scheduleOverrides(entityId);
    case Kind::RemoveOverride:
        return ApiPath::scheduleOverride(entityId, body.value(QStringLiteral("override_id")).toString());
    case Kind::SaveSchedule: return ApiPath::schedule(entityId);
    case Kind::AcknowledgeAlert: return ApiPath::alertAction(entityId, QStringLiteral("acknowledge"));
    case Kind::UnacknowledgeAlert: return ApiPath::alertAction(entityId, QStringLiteral("unacknowledge"));
    case Kind::CloseAlert: return ApiPath::alertAction(entityId, QStringLiteral("close"));
    case Kind::SnoozeAlert: return ApiPath::alertAction(entityId, QStringLiteral("snooze"));
    case Kind::AssignAlert: return ApiPath::alertAction(entityId, QStringLiteral("assign"));
    case Kind::AddAlertNote: return ApiPath::alertAction(entityId, QStringLiteral("notes"));
    case Kind::EscalateAlert: return ApiPath::alertAction(entityId, QStringLiteral("escalate"));
    }
    return {};
}

bool OutboxCommand::isScheduleCommand() const
{
    return kind == Kind::AddOverride || kind == Kind::RemoveOverride || kind == Kind::SaveSchedule;
}

bool OutboxCommand::isAlertCommand() const
{
    switch (kind) {
    case Kind::AcknowledgeAlert:
    case Kind::UnacknowledgeAlert:
    case Kind::CloseAlert:
    case Kind::SnoozeAlert:
    case Kind::AssignAlert:
    case Kind::AddAlertNote:
    case Kind::EscalateAlert: return true;
    default: return false;
    }
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
    default: // schedule and alert commands
        return false;
    }
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

bool applyAlertCommand(Alert &a, const OutboxCommand &c, const QString &userId, const QDateTime &now)
{
    const bool active = a.status == AlertStatus::Open || a.status == AlertStatus::Acknowledged;
    switch (c.kind) {
    case OutboxCommand::Kind::AcknowledgeAlert:
        if (a.status != AlertStatus::Open)
            return false;
        a.status = AlertStatus::Acknowledged;
        a.acknowledgedBy = userId;
        a.acknowledgedAt = now;
        a.snoozedUntil = QDateTime(); // an acknowledge clears a snooze
        a.nextEscalationAt = QDateTime(); // the pending step is dropped
        return true;
    case OutboxCommand::Kind::UnacknowledgeAlert:
        if (a.status != AlertStatus::Acknowledged)
            return false;
        a.status = AlertStatus::Open;
        a.acknowledgedBy.clear();
        a.acknowledgedAt = QDateTime();
        return true;
    case OutboxCommand::Kind::CloseAlert:
        if (!active)
            return false;
        a.status = AlertStatus::Closed;
        a.closedBy = userId;
        a.closedAt = now;
        a.snoozedUntil = QDateTime();
        a.nextEscalationAt = QDateTime();
        return true;
    case OutboxCommand::Kind::SnoozeAlert: {
        const QDateTime until = Json::parseTime(c.body.value(QStringLiteral("until")).toString());
        if (!active || !until.isValid())
            return false;
        a.snoozedUntil = until;
        return true;
    }
    case OutboxCommand::Kind::AssignAlert:
        if (!active) // closed alerts cannot be assigned
            return false;
        a.ownerId = c.body.value(QStringLiteral("user_id")).toString();
        return true;
    case OutboxCommand::Kind::AddAlertNote:
        return true; // the alert itself does not change; the note shows in the log
    case OutboxCommand::Kind::EscalateAlert:
        if (!active)
            return false;
        if (a.status == AlertStatus::Acknowledged) { // escalating an acknowledged alert opens it again
            a.status = AlertStatus::Open;
            a.acknowledgedBy.clear();
            a.acknowledgedAt = QDateTime();
        }
        a.snoozedUntil = QDateTime();
        return true;
    default:
        return false;
    }
}

} // namespace Vigil
