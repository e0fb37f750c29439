#include "kinds.h"

namespace Vigil {

namespace {

QVariant str(const QJsonObject &o, const char *k)
{
    const QJsonValue v = o.value(QLatin1String(k));
    return v.isString() && !v.toString().isEmpty() ? QVariant(v.toString()) : QVariant(QMetaType(QMetaType::QString));
}

} // namespace

const KindInfo &kindInfo(Kind k)
{
    static const KindInfo users{"users", "user",
                                {{QStringLiteral("email"), [](const QJsonObject &o) { return str(o, "email"); }},
                                 {QStringLiteral("name"), [](const QJsonObject &o) { return str(o, "name"); }},
                                 {QStringLiteral("role"), [](const QJsonObject &o) { return str(o, "role"); }}}};
    static const KindInfo teams{"teams", "team",
                                {{QStringLiteral("name"), [](const QJsonObject &o) { return str(o, "name"); }}}};
    static const KindInfo services{"services", "service",
                                   {{QStringLiteral("name"), [](const QJsonObject &o) { return str(o, "name"); }},
                                    {QStringLiteral("team_id"),
                                     [](const QJsonObject &o) { return str(o, "team_id"); }}}};
    static const KindInfo tickets{
        "tickets", "ticket",
        {{QStringLiteral("key_num"),
          [](const QJsonObject &o) {
              const QString key = o.value(QStringLiteral("key")).toString();
              return QVariant(key.mid(key.indexOf(u'-') + 1).toLongLong());
          }},
         {QStringLiteral("status"), [](const QJsonObject &o) { return str(o, "status"); }},
         {QStringLiteral("priority"), [](const QJsonObject &o) { return str(o, "priority"); }},
         {QStringLiteral("assignee_id"), [](const QJsonObject &o) { return str(o, "assignee_id"); }},
         {QStringLiteral("team_id"), [](const QJsonObject &o) { return str(o, "team_id"); }},
         {QStringLiteral("service_id"), [](const QJsonObject &o) { return str(o, "service_id"); }},
         {QStringLiteral("search"), [](const QJsonObject &o) {
              return QVariant(QStringList{o.value(QStringLiteral("key")).toString(),
                                          o.value(QStringLiteral("summary")).toString(),
                                          o.value(QStringLiteral("requester_name")).toString(),
                                          o.value(QStringLiteral("requester_email")).toString()}
                                  .join(u'\n')
                                  .toLower());
          }}}, true};
    static const KindInfo comments{
        "ticket_comments", "ticket_comment",
        {{QStringLiteral("ticket_id"), [](const QJsonObject &o) { return str(o, "ticket_id"); }}}};
    static const KindInfo settings{"settings", "sla_policy", {}};
    static const KindInfo schedules{"schedules", "schedule",
                                    {{QStringLiteral("name"), [](const QJsonObject &o) { return str(o, "name"); }},
                                     {QStringLiteral("team_id"),
                                      [](const QJsonObject &o) { return str(o, "team_id"); }}}};
    static const KindInfo policies{"escalation_policies", "escalation_policy",
                                   {{QStringLiteral("name"), [](const QJsonObject &o) { return str(o, "name"); }},
                                    {QStringLiteral("team_id"),
                                     [](const QJsonObject &o) { return str(o, "team_id"); }}}};
    static const KindInfo alerts{
        "alerts", "alert",
        {{QStringLiteral("service_id"), [](const QJsonObject &o) { return str(o, "service_id"); }},
         {QStringLiteral("team_id"), [](const QJsonObject &o) { return str(o, "team_id"); }},
         {QStringLiteral("status"), [](const QJsonObject &o) { return str(o, "status"); }},
         {QStringLiteral("priority"), [](const QJsonObject &o) { return str(o, "priority"); }},
         {QStringLiteral("alias"), [](const QJsonObject &o) { return str(o, "alias"); }},
         {QStringLiteral("owner_id"), [](const QJsonObject &o) { return str(o, "owner_id"); }}},
        true, true};
    static const KindInfo alertLog{"alert_log", "alert_log",
                                   {{QStringLiteral("alert_id"), [](const QJsonObject &o) { return str(o, "alert_id"); }}},
                                   true, true};
    switch (k) {
    case Kind::EscalationPolicy: return policies;
    case Kind::Alert: return alerts;
    case Kind::AlertLog: return alertLog;
    case Kind::User: return users;
    case Kind::Team: return teams;
    case Kind::Service: return services;
    case Kind::Ticket: return tickets;
    case Kind::TicketComment: return comments;
    case Kind::SlaPolicy: return settings;
    case Kind::Schedule: return schedules;
    }
    return settings;
}

QString entityName(Kind k)
{
    return QString::fromLatin1(kindInfo(k).entity);
}

} // namespace Vigil
