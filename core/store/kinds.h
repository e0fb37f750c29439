#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariant>

#include <functional>
#include <utility>

namespace Vigil {

/// Kinds of stored entity. Each is a table with id, version, created_at, updated_at, the entity's JSON in `data`,
/// and a few indexed columns derived from the JSON (see kindInfo()).
enum class Kind { User, Team, Service, Ticket, TicketComment, SlaPolicy, Schedule, EscalationPolicy, Alert, AlertLog };

/// How a kind is stored: shared by Documents (which writes the rows) and ChangeLog (which names them in the feed).
/// Immutable tables built on first use; safe to read from any thread.
struct KindInfo
{
    const char *table;
    const char *entity;
    // Indexed columns beyond id/version/times/data, and how to read each from the JSON document.
    QList<std::pair<QString, std::function<QVariant(const QJsonObject &)>>> columns;
    // The table has a `rev` column: the change-log revision of the row's last change ("most recently changed").
    bool tracksRev = false;
    // The change log refers to the row instead of holding a copy of the document (see ChangeLog::changesSince()).
    bool changesByReference = false;
};

[[nodiscard]] const KindInfo &kindInfo(Kind k);
[[nodiscard]] QString entityName(Kind k); // "user", "ticket_comment", …

/// Every kind, in declaration order.
inline constexpr Kind AllKinds[] = {Kind::User,          Kind::Team,      Kind::Service,  Kind::Ticket,
                                    Kind::TicketComment, Kind::SlaPolicy, Kind::Schedule, Kind::EscalationPolicy,
                                    Kind::Alert,         Kind::AlertLog};

} // namespace Vigil
