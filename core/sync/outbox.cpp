#include "outbox.h"

#include "common/json.h"
#include "tickets/workflow.h"

namespace Vigil {

QString OutboxCommand::kindName(Kind k)
{
    switch (k) {
    case Kind::CreateTicket: return QStringLiteral("create_ticket");
    case Kind::UpdateTicket: return QStringLiteral("update_ticket");
    case Kind::Transition: return QStringLiteral("transition");
    case Kind::AddComment: return QStringLiteral("add_comment");
    }
    return {};
}

std::optional<OutboxCommand::Kind> OutboxCommand::kindFromName(const QString &s)
{
    for (auto k : {Kind::CreateTicket, Kind::UpdateTicket, Kind::Transition, Kind::AddComment}) {
        if (kindName(k) == s)
            return k;
    }
    return std::nullopt;
}

QStringList OutboxCommand::touchedFields() const
{
    switch (kind) {
    case Kind::UpdateTicket: return body.keys();
    case Kind::Transition: return {QStringLiteral("status")};
    default: return {};
    }
}

QByteArray OutboxCommand::method() const
{
    return kind == Kind::UpdateTicket ? QByteArrayLiteral("PATCH") : QByteArrayLiteral("POST");
}

QString OutboxCommand::path() const
{
    switch (kind) {
    case Kind::CreateTicket: return QStringLiteral("/api/v1/tickets");
    case Kind::UpdateTicket: return QStringLiteral("/api/v1/tickets/%1").arg(entityId);
    case Kind::Transition: return QStringLiteral("/api/v1/tickets/%1/transitions").arg(entityId);
    case Kind::AddComment: return QStringLiteral("/api/v1/tickets/%1/comments").arg(entityId);
    }
    return {};
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
    }
    return false;
}

} // namespace Vigil
