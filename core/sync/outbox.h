#pragma once

#include "alerts/alert.h"
#include "tickets/ticket.h"

#include <QJsonObject>
#include <QString>

namespace Vigil {

/// A user action waiting to reach the server. Kept in the cache's `outbox` table, drained in `seq` order.
struct OutboxCommand
{
    enum class Kind {
        CreateTicket, UpdateTicket, Transition, AddComment, AddOverride, RemoveOverride, SaveSchedule,
        // Alert actions: POST to ApiPath::alertAction(entityId, action); all carry an Idempotency-Key.
        AcknowledgeAlert, UnacknowledgeAlert, CloseAlert, SnoozeAlert, AssignAlert, AddAlertNote, EscalateAlert
    };

    qint64 seq = 0;
    Kind kind = Kind::UpdateTicket;
    QString entityId;     // the ticket (or schedule) the command works on (a ticket's client id until its creation is confirmed)
    QJsonObject body;     // the request body as sent
    QString idempotencyKey; // creations only (ticket, comment, override); also the client id of the new entity
    qint64 baseVersion = 0; // the version the edit was based on (If-Match); 0 for creations
    QJsonObject base;     // the ticket (schedule) as the user saw it when editing; decides whether a 412 really conflicts
    QDateTime createdAt;

    [[nodiscard]] static QString kindName(Kind k);
    [[nodiscard]] static std::optional<Kind> kindFromName(const QString &s);
    /// Ticket fields this command changes ("status" for a transition; none for comments and creations).
    [[nodiscard]] QStringList touchedFields() const;
    /// HTTP method and path of the command (relative to the server root).
    [[nodiscard]] QByteArray method() const;
    [[nodiscard]] QString path() const;
    /// Whether the command works on a schedule (entityId is then a schedule id) rather than a ticket.
    [[nodiscard]] bool isScheduleCommand() const;
    /// Whether the command is an alert action (entityId is then an alert id).
    [[nodiscard]] bool isAlertCommand() const;
};

/// Applies a pending command to a ticket as the user expects to see it before the server confirms.
/// Returns false when the command no longer applies (e.g. a transition the workflow now forbids).
bool applyCommandLocally(Ticket &t, const OutboxCommand &c, const QDateTime &now);

/// Applies a pending schedule command to a schedule's JSON (wire shape) as the user expects to see it: an added
/// override appears with its client id, a removed one disappears, a saved edit replaces the members it sends.
/// Returns false when the command does not apply (not a schedule command, or the override is already gone).
bool applyScheduleCommand(QJsonObject &schedule, const OutboxCommand &c);

/// Applies a pending alert action to an alert as the user expects to see it before the server answers (an
/// acknowledge shows acknowledged at once). `userId` is who acts, `now` when. Returns false when the action is not
/// allowed in the alert's status (the rules of the server: acknowledge only while open, close and snooze while open
/// or acknowledged, …) or the command is not an alert action.
bool applyAlertCommand(Alert &a, const OutboxCommand &c, const QString &userId, const QDateTime &now);

} // namespace Vigil
