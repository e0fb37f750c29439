#pragma once

#include "tickets/ticket.h"

#include <QJsonObject>
#include <QString>

namespace Vigil {

/// A user action waiting to reach the server. Kept in the cache's `outbox` table, drained in `seq` order.
struct OutboxCommand
{
    enum class Kind { CreateTicket, UpdateTicket, Transition, AddComment };

    qint64 seq = 0;
    Kind kind = Kind::UpdateTicket;
    QString entityId;     // the ticket the command works on (a client id until its creation is confirmed)
    QJsonObject body;     // the request body as sent
    QString idempotencyKey; // creations only (ticket, comment); also the client id of the new entity
    qint64 baseVersion = 0; // the version the edit was based on (If-Match); 0 for creations
    QJsonObject base;     // the ticket as the user saw it when editing; decides whether a 412 really conflicts
    QDateTime createdAt;

    [[nodiscard]] static QString kindName(Kind k);
    [[nodiscard]] static std::optional<Kind> kindFromName(const QString &s);
    /// Ticket fields this command changes ("status" for a transition; none for comments and creations).
    [[nodiscard]] QStringList touchedFields() const;
    /// HTTP method and path of the command (relative to the server root).
    [[nodiscard]] QByteArray method() const;
    [[nodiscard]] QString path() const;
};

/// Applies a pending command to a ticket as the user expects to see it before the server confirms.
/// Returns false when the command no longer applies (e.g. a transition the workflow now forbids).
bool applyCommandLocally(Ticket &t, const OutboxCommand &c, const QDateTime &now);

} // namespace Vigil
