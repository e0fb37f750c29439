#pragma once

#include "common/result.h"
#include "tickets/ticket.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Vigil {

enum class AlertStatus { Open, Acknowledged, Closed };

[[nodiscard]] QString toString(AlertStatus s);
[[nodiscard]] std::optional<AlertStatus> alertStatusFromString(const QString &s);
[[nodiscard]] const QStringList &alertStatusNames();

/// An alert: from a monitoring tool or a person, on a service. Wire shape (DESIGN.md §2):
/// {"id","version","created_at","updated_at","service_id","team_id","message","description","priority":"P1"…"P5",
///  "source","tags":[…],"details":{…},"alias","count","status":"open|acknowledged|closed","last_seen_at",
///  "snoozed_until","owner_id","acknowledged_by","acknowledged_at","closed_by","closed_at","integration_id",
///  "integration_type","escalation":{"policy_id","cycle","rule","next_at"},"in_maintenance"}
/// Unset optional members are null. An open alert with the same alias on the same service is de-duplicated: count
/// and last_seen_at move, nobody is paged again.
struct Alert
{
    QString id;
    qint64 version = 0;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString serviceId;
    QString teamId;
    QString message;     // one line, 1–500 characters
    QString description; // up to 64 KiB
    Priority priority = Priority::P3;
    QString source;
    QStringList tags;
    QJsonObject details;
    QString alias; // the de-duplication key; set to the id when none was given
    int count = 1;
    AlertStatus status = AlertStatus::Open;
    QDateTime lastSeenAt;
    QDateTime snoozedUntil;
    QString ownerId;
    QString acknowledgedBy;
    QDateTime acknowledgedAt;
    QString closedBy;
    QDateTime closedAt;
    QString integrationId;
    QString integrationType; // native | alertmanager | pagerduty | opsgenie | heartbeat
    QString policyId;        // the escalation policy followed (empty: none)
    int escalationCycle = 0; // pass of the policy the last fired step belonged to
    int escalationRule = -1; // rule of the last fired step; -1 before the first one
    QDateTime nextEscalationAt; // when the next step is due; invalid when none is pending
    bool inMaintenance = false;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static Result<Alert> fromJson(const QJsonObject &o);
    /// The stored document of an alert seen again at `now`: count + 1, last_seen_at, version + 1 and updated_at,
    /// and nothing else. A repeat patches the document as stored instead of decoding and re-encoding the alert;
    /// the result equals fromJson(stored) with those four members moved, then toJson().
    [[nodiscard]] static QJsonObject seenAgain(const QJsonObject &stored, const QDateTime &now);
};

/// One entry of an alert's append-only log. Wire shape:
/// {"id","alert_id","at","type","actor_id"|null,"message","details":{…}}
/// Types: received, deduplicated, notified, delivered, delivery_failed, gap, escalated, acknowledged,
/// unacknowledged, snoozed, snooze_ended, assigned, note, closed, reopened, maintenance, policy_exhausted.
struct AlertLogEntry
{
    QString id;
    QString alertId;
    QDateTime at;
    QString type;
    QString actorId; // empty: the system
    QString message;
    QJsonObject details;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static Result<AlertLogEntry> fromJson(const QJsonObject &o);
};

} // namespace Vigil
