#include "alerts/alert.h"

#include "common/json.h"

#include <QJsonArray>

namespace Vigil {

namespace {

QString s(const char *text) { return QString::fromLatin1(text); }

Error corrupt(const QString &field)
{
    return Error::make(ErrorCode::InvalidField, QStringLiteral("%1 is missing or malformed").arg(field), field);
}

QJsonValue stringOrNull(const QString &v) { return v.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(v); }

} // namespace

QString toString(AlertStatus st)
{
    switch (st) {
    case AlertStatus::Open: return s("open");
    case AlertStatus::Acknowledged: return s("acknowledged");
    case AlertStatus::Closed: return s("closed");
    }
    return {};
}

const QStringList &alertStatusNames()
{
    static const QStringList names{s("open"), s("acknowledged"), s("closed")};
    return names;
}

std::optional<AlertStatus> alertStatusFromString(const QString &v)
{
    for (auto st : {AlertStatus::Open, AlertStatus::Acknowledged, AlertStatus::Closed}) {
        if (toString(st) == v)
            return st;
    }
    return std::nullopt;
}

QJsonObject Alert::toJson() const
{
    QJsonObject o{{s("id"), id},
                  {s("version"), version},
                  {s("created_at"), Json::formatTime(createdAt)},
                  {s("updated_at"), Json::formatTime(updatedAt)},
                  {s("service_id"), stringOrNull(serviceId)},
                  {s("team_id"), stringOrNull(teamId)},
                  {s("message"), message},
                  {s("description"), description},
                  {s("priority"), Vigil::toString(priority)},
                  {s("source"), source},
                  {s("tags"), QJsonArray::fromStringList(tags)},
                  {s("details"), details},
                  {s("alias"), alias},
                  {s("count"), count},
                  {s("status"), Vigil::toString(status)},
                  {s("last_seen_at"), Json::timeOrNull(lastSeenAt)},
                  {s("snoozed_until"), Json::timeOrNull(snoozedUntil)},
                  {s("owner_id"), stringOrNull(ownerId)},
                  {s("acknowledged_by"), stringOrNull(acknowledgedBy)},
                  {s("acknowledged_at"), Json::timeOrNull(acknowledgedAt)},
                  {s("closed_by"), stringOrNull(closedBy)},
                  {s("closed_at"), Json::timeOrNull(closedAt)},
                  {s("integration_id"), stringOrNull(integrationId)},
                  {s("integration_type"), integrationType},
                  {s("in_maintenance"), inMaintenance}};
    o.insert(s("escalation"), QJsonObject{{s("policy_id"), stringOrNull(policyId)},
                                          {s("cycle"), escalationCycle},
                                          {s("rule"), escalationRule},
                                          {s("next_at"), Json::timeOrNull(nextEscalationAt)}});
    return o;
}

QJsonObject Alert::seenAgain(const QJsonObject &stored, const QDateTime &now)
{
    // Copied member by member into a new object rather than patched with insert(): Qt's JSON objects keep the
    // bytes of every replaced string, so a document patched repeat after repeat would grow without bound.
    const QString at = Json::formatTime(now);
    QJsonObject out;
    for (auto it = stored.constBegin(); it != stored.constEnd(); ++it) {
        const QString key = it.key();
        if (key == u"count")
            out.insert(key, it.value().toInteger(1) + 1);
        else if (key == u"version")
            out.insert(key, it.value().toInteger() + 1);
        else if (key == u"last_seen_at" || key == u"updated_at")
            out.insert(key, at);
        else
            out.insert(key, it.value());
    }
    for (const char *key : {"last_seen_at", "updated_at"}) {
        if (!out.contains(QLatin1String(key)))
            out.insert(QLatin1String(key), at);
    }
    if (!out.contains(QLatin1String("count")))
        out.insert(QLatin1String("count"), 2);
    return out;
}

Result<Alert> Alert::fromJson(const QJsonObject &o)
{
    Alert a;
    a.id = o.value(s("id")).toString();
    a.version = o.value(s("version")).toInteger();
    a.createdAt = Json::parseTime(o.value(s("created_at")).toString());
    a.updatedAt = Json::parseTime(o.value(s("updated_at")).toString());
    if (a.id.isEmpty())
        return corrupt(s("id"));
    if (!a.createdAt.isValid())
        return corrupt(s("created_at"));
    a.serviceId = o.value(s("service_id")).toString();
    a.teamId = o.value(s("team_id")).toString();
    a.message = o.value(s("message")).toString();
    a.description = o.value(s("description")).toString();
    const auto prio = priorityFromString(o.value(s("priority")).toString());
    const auto status = alertStatusFromString(o.value(s("status")).toString());
    if (!prio)
        return corrupt(s("priority"));
    if (!status)
        return corrupt(s("status"));
    a.priority = *prio;
    a.status = *status;
    a.source = o.value(s("source")).toString();
    for (const auto &t : o.value(s("tags")).toArray())
        a.tags.append(t.toString());
    a.details = o.value(s("details")).toObject();
    a.alias = o.value(s("alias")).toString();
    a.count = int(o.value(s("count")).toInteger(1));
    a.lastSeenAt = Json::parseTime(o.value(s("last_seen_at")).toString());
    a.snoozedUntil = Json::parseTime(o.value(s("snoozed_until")).toString());
    a.ownerId = o.value(s("owner_id")).toString();
    a.acknowledgedBy = o.value(s("acknowledged_by")).toString();
    a.acknowledgedAt = Json::parseTime(o.value(s("acknowledged_at")).toString());
    a.closedBy = o.value(s("closed_by")).toString();
    a.closedAt = Json::parseTime(o.value(s("closed_at")).toString());
    a.integrationId = o.value(s("integration_id")).toString();
    a.integrationType = o.value(s("integration_type")).toString();
    a.inMaintenance = o.value(s("in_maintenance")).toBool();
    const QJsonObject e = o.value(s("escalation")).toObject();
    a.policyId = e.value(s("policy_id")).toString();
    a.escalationCycle = int(e.value(s("cycle")).toInteger());
    a.escalationRule = int(e.value(s("rule")).toInteger(-1));
    a.nextEscalationAt = Json::parseTime(e.value(s("next_at")).toString());
    return a;
}

QJsonObject AlertLogEntry::toJson() const
{
    return QJsonObject{{s("id"), id},
                       {s("alert_id"), alertId},
                       {s("at"), Json::formatTime(at)},
                       {s("type"), type},
                       {s("actor_id"), stringOrNull(actorId)},
                       {s("message"), message},
                       {s("details"), details}};
}

Result<AlertLogEntry> AlertLogEntry::fromJson(const QJsonObject &o)
{
    AlertLogEntry e;
    e.id = o.value(s("id")).toString();
    e.alertId = o.value(s("alert_id")).toString();
    e.at = Json::parseTime(o.value(s("at")).toString());
    e.type = o.value(s("type")).toString();
    if (e.id.isEmpty())
        return corrupt(s("id"));
    if (e.alertId.isEmpty())
        return corrupt(s("alert_id"));
    if (!e.at.isValid())
        return corrupt(s("at"));
    if (e.type.isEmpty())
        return corrupt(s("type"));
    e.actorId = o.value(s("actor_id")).toString();
    e.message = o.value(s("message")).toString();
    e.details = o.value(s("details")).toObject();
    return e;
}

} // namespace Vigil
