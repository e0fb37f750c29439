#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Vigil {

enum class TicketStatus { Open, InProgress, WaitingForCustomer, Resolved, Closed };
enum class TicketType { Incident, ServiceRequest, Question, Change };
/// P1 is the most urgent. The numeric value is the rank used for sorting.
enum class Priority { P1 = 1, P2, P3, P4, P5 };

[[nodiscard]] QString toString(TicketStatus s);
[[nodiscard]] QString toString(TicketType t);
[[nodiscard]] QString toString(Priority p);
[[nodiscard]] std::optional<TicketStatus> ticketStatusFromString(const QString &s);
[[nodiscard]] std::optional<TicketType> ticketTypeFromString(const QString &s);
[[nodiscard]] std::optional<Priority> priorityFromString(const QString &s);
[[nodiscard]] const QStringList &ticketStatusNames();
[[nodiscard]] const QStringList &ticketTypeNames();
[[nodiscard]] const QStringList &priorityNames();

struct StatusChange
{
    TicketStatus status = TicketStatus::Open;
    QDateTime at; // UTC
    friend bool operator==(const StatusChange &, const StatusChange &) = default;
};

/// A service-desk ticket as it travels on the wire and sits in the store and the console cache.
/// The "sla" member is derived (see sla/ticketsla.h) and is not part of this struct.
struct Ticket
{
    QString id;
    QString key; // SD-<n>
    qint64 version = 0;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString summary;
    QString description;
    TicketType type = TicketType::ServiceRequest;
    Priority priority = Priority::P3;
    TicketStatus status = TicketStatus::Open;
    QString requesterName;
    QString requesterEmail;
    QString assigneeId; // empty = unassigned
    QString teamId;
    QString serviceId;
    QDateTime firstResponseAt;
    QDateTime resolvedAt;
    QList<StatusChange> statusHistory; // oldest first; the first entry is the creation

    [[nodiscard]] int keyNumber() const; // 42 for SD-42
    [[nodiscard]] QJsonObject toJson() const;
    /// Decodes what toJson() wrote (tolerates a missing history: the ticket is then taken as opened at created_at).
    [[nodiscard]] static Result<Ticket> fromJson(const QJsonObject &o);
    friend bool operator==(const Ticket &, const Ticket &) = default;
};

struct TicketComment
{
    QString id;
    QString ticketId;
    QString authorId;
    QString body;
    bool isPublic = true;
    qint64 version = 0;
    QDateTime createdAt;
    QDateTime updatedAt;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static Result<TicketComment> fromJson(const QJsonObject &o);
    friend bool operator==(const TicketComment &, const TicketComment &) = default;
};

} // namespace Vigil
