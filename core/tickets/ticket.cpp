#include "ticket.h"

#include "common/json.h"

#include <QJsonArray>

namespace Vigil {

const QStringList &ticketStatusNames()
{
    static const QStringList names{QStringLiteral("open"), QStringLiteral("in_progress"),
                                   QStringLiteral("waiting_for_customer"), QStringLiteral("resolved"),
                                   QStringLiteral("closed")};
    return names;
}

const QStringList &ticketTypeNames()
{
    static const QStringList names{QStringLiteral("incident"), QStringLiteral("service_request"),
                                   QStringLiteral("question"), QStringLiteral("change")};
    return names;
}

const QStringList &priorityNames()
{
    static const QStringList names{QStringLiteral("P1"), QStringLiteral("P2"), QStringLiteral("P3"),
                                   QStringLiteral("P4"), QStringLiteral("P5")};
    return names;
}

QString toString(TicketStatus s) { return ticketStatusNames().at(static_cast<int>(s)); }
QString toString(TicketType t) { return ticketTypeNames().at(static_cast<int>(t)); }
QString toString(Priority p) { return priorityNames().at(static_cast<int>(p) - 1); }

std::optional<TicketStatus> ticketStatusFromString(const QString &s)
{
    const auto i = ticketStatusNames().indexOf(s);
    return i < 0 ? std::nullopt : std::optional(static_cast<TicketStatus>(i));
}

std::optional<TicketType> ticketTypeFromString(const QString &s)
{
    const auto i = ticketTypeNames().indexOf(s);
    return i < 0 ? std::nullopt : std::optional(static_cast<TicketType>(i));
}

std::optional<Priority> priorityFromString(const QString &s)
{
    const auto i = priorityNames().indexOf(s);
    return i < 0 ? std::nullopt : std::optional(static_cast<Priority>(i + 1));
}

int Ticket::keyNumber() const
{
    const auto dash = key.indexOf(u'-');
    return dash < 0 ? 0 : QStringView(key).mid(dash + 1).toInt();
}

static QJsonValue idOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonObject Ticket::toJson() const
{
    QJsonArray history;
    for (const auto &h : statusHistory)
        history.append(QJsonObject{{QStringLiteral("status"), toString(h.status)},
                                   {QStringLiteral("at"), Json::formatTime(h.at)}});
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("key"), key},
        {QStringLiteral("version"), version},
        {QStringLiteral("created_at"), Json::formatTime(createdAt)},
        {QStringLiteral("updated_at"), Json::formatTime(updatedAt)},
        {QStringLiteral("summary"), summary},
        {QStringLiteral("description"), description},
        {QStringLiteral("type"), toString(type)},
        {QStringLiteral("priority"), toString(priority)},
        {QStringLiteral("status"), toString(status)},
        {QStringLiteral("requester_name"), requesterName},
        {QStringLiteral("requester_email"), requesterEmail},
        {QStringLiteral("assignee_id"), idOrNull(assigneeId)},
        {QStringLiteral("team_id"), idOrNull(teamId)},
        {QStringLiteral("service_id"), idOrNull(serviceId)},
        {QStringLiteral("first_response_at"), Json::timeOrNull(firstResponseAt)},
        {QStringLiteral("resolved_at"), Json::timeOrNull(resolvedAt)},
        {QStringLiteral("status_history"), history},
    };
}

static Error corrupt(const QString &field)
{
    return Error::make(ErrorCode::InvalidField, QStringLiteral("bad or missing %1").arg(field), field);
}

Result<Ticket> Ticket::fromJson(const QJsonObject &o)
{
    Ticket t;
    t.id = o.value(QStringLiteral("id")).toString();
    t.key = o.value(QStringLiteral("key")).toString();
    t.version = o.value(QStringLiteral("version")).toInteger();
    t.createdAt = Json::parseTime(o.value(QStringLiteral("created_at")).toString());
    t.updatedAt = Json::parseTime(o.value(QStringLiteral("updated_at")).toString());
    if (t.id.isEmpty())
        return corrupt(QStringLiteral("id"));
    if (!t.createdAt.isValid())
        return corrupt(QStringLiteral("created_at"));
    t.summary = o.value(QStringLiteral("summary")).toString();
    t.description = o.value(QStringLiteral("description")).toString();
    const auto type = ticketTypeFromString(o.value(QStringLiteral("type")).toString());
    const auto prio = priorityFromString(o.value(QStringLiteral("priority")).toString());
    const auto status = ticketStatusFromString(o.value(QStringLiteral("status")).toString());
    if (!type)
        return corrupt(QStringLiteral("type"));
    if (!prio)
        return corrupt(QStringLiteral("priority"));
    if (!status)
        return corrupt(QStringLiteral("status"));
    t.type = *type;
    t.priority = *prio;
    t.status = *status;
    t.requesterName = o.value(QStringLiteral("requester_name")).toString();
    t.requesterEmail = o.value(QStringLiteral("requester_email")).toString();
    t.assigneeId = o.value(QStringLiteral("assignee_id")).toString();
    t.teamId = o.value(QStringLiteral("team_id")).toString();
    t.serviceId = o.value(QStringLiteral("service_id")).toString();
    t.firstResponseAt = Json::parseTime(o.value(QStringLiteral("first_response_at")).toString());
    t.resolvedAt = Json::parseTime(o.value(QStringLiteral("resolved_at")).toString());
    const QJsonArray history = o.value(QStringLiteral("status_history")).toArray();
    for (const auto &v : history) {
        const QJsonObject h = v.toObject();
        const auto s = ticketStatusFromString(h.value(QStringLiteral("status")).toString());
        const QDateTime at = Json::parseTime(h.value(QStringLiteral("at")).toString());
        if (!s || !at.isValid())
            return corrupt(QStringLiteral("status_history"));
        t.statusHistory.append({*s, at});
    }
    if (t.statusHistory.isEmpty())
        t.statusHistory.append({t.status, t.createdAt});
    return t;
}

QJsonObject TicketComment::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("ticket_id"), ticketId},
        {QStringLiteral("author_id"), authorId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(authorId)},
        {QStringLiteral("body"), body},
        {QStringLiteral("public"), isPublic},
        {QStringLiteral("version"), version},
        {QStringLiteral("created_at"), Json::formatTime(createdAt)},
        {QStringLiteral("updated_at"), Json::formatTime(updatedAt)},
    };
}

Result<TicketComment> TicketComment::fromJson(const QJsonObject &o)
{
    TicketComment c;
    c.id = o.value(QStringLiteral("id")).toString();
    c.ticketId = o.value(QStringLiteral("ticket_id")).toString();
    c.authorId = o.value(QStringLiteral("author_id")).toString();
    c.body = o.value(QStringLiteral("body")).toString();
    c.isPublic = o.value(QStringLiteral("public")).toBool(true);
    c.version = o.value(QStringLiteral("version")).toInteger();
    c.createdAt = Json::parseTime(o.value(QStringLiteral("created_at")).toString());
    c.updatedAt = Json::parseTime(o.value(QStringLiteral("updated_at")).toString());
    if (c.id.isEmpty())
        return corrupt(QStringLiteral("id"));
    if (c.ticketId.isEmpty())
        return corrupt(QStringLiteral("ticket_id"));
    if (!c.createdAt.isValid())
        return corrupt(QStringLiteral("created_at"));
    return c;
}

} // namespace Vigil
