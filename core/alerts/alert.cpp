#include "alerts/alert.h"

#include "common/json.h"

#include <QJsonArray>

namespace Vigil {

using namespace Qt::StringLiterals;

namespace {

Error corrupt(const QString &field)
{
    return Error::make(ErrorCode::InvalidField, QStringLiteral("%1 is missing or malformed").arg(field), field);
}

QJsonValue stringOrNull(const QString &v) { return v.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(v); }

} // namespace

QString toString(AlertStatus st)
{
    switch (st) {
    case AlertStatus::Open: return u"open"_s;
    case AlertStatus::Acknowledged: return u"acknowledged"_s;
    case AlertStatus::Closed: return u"closed"_s;
    }
    return {};
}

const QStringList &alertStatusNames()
{
    static const QStringList names{u"open"_s, u"acknowledged"_s, u"closed"_s};
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
    QJsonObject o{{u"id"_s, id},
                  {u"version"_s, version},
                  {u"created_at"_s, Json::formatTime(createdAt)},
                  {u"updated_at"_s, Json::formatTime(updatedAt)},
                  {u"service_id"_s, stringOrNull(serviceId)},
                  {u"team_id"_s, stringOrNull(teamId)},
                  {u"message"_s, message},
                  {u"description"_s, description},
                  {u"priority"_s, Vigil::toString(priority)},
                  {u"source"_s, source},
                  {u"tags"_s, QJsonArray::fromStringList(tags)},
                  {u"details"_s, details},
                  {u"alias"_s, alias},
                  {u"count"_s, count},
                  {u"status"_s, Vigil::toString(status)},
                  {u"last_seen_at"_s, Json::timeOrNull(lastSeenAt)},
                  {u"snoozed_until"_s, Json::timeOrNull(snoozedUntil)},
                  {u"owner_id"_s, stringOrNull(ownerId)},
                  {u"acknowledged_by"_s, stringOrNull(acknowledgedBy)},
                  {u"acknowledged_at"_s, Json::timeOrNull(acknowledgedAt)},
                  {u"closed_by"_s, stringOrNull(closedBy)},
                  {u"closed_at"_s, Json::timeOrNull(closedAt)},
                  {u"integration_id"_s, stringOrNull(integrationId)},
                  {u"integration_type"_s, integrationType},
                  {u"in_maintenance"_s, inMaintenance}};
    o.insert(u"escalation"_s, QJsonObject{{u"policy_id"_s, stringOrNull(policyId)},
                                          {u"cycle"_s, escalationCycle},
                                          {u"rule"_s, escalationRule},
                                          {u"next_at"_s, Json::timeOrNull(nextEscalationAt)}});
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
    a.id = o.value(u"id"_s).toString();
    a.version = o.value(u"version"_s).toInteger();
    a.createdAt = Json::parseTime(o.value(u"created_at"_s).toString());
    a.updatedAt = Json::parseTime(o.value(u"updated_at"_s).toString());
    if (a.id.isEmpty())
        return corrupt(u"id"_s);
    if (!a.createdAt.isValid())
        return corrupt(u"created_at"_s);
    a.serviceId = o.value(u"service_id"_s).toString();
    a.teamId = o.value(u"team_id"_s).toString();
    a.message = o.value(u"message"_s).toString();
    a.description = o.value(u"description"_s).toString();
    const auto prio = priorityFromString(o.value(u"priority"_s).toString());
    const auto status = alertStatusFromString(o.value(u"status"_s).toString());
    if (!prio)
        return corrupt(u"priority"_s);
    if (!status)
        return corrupt(u"status"_s);
    a.priority = *prio;
    a.status = *status;
    a.source = o.value(u"source"_s).toString();
    for (const auto &t : o.value(u"tags"_s).toArray())
        a.tags.append(t.toString());
    a.details = o.value(u"details"_s).toObject();
    a.alias = o.value(u"alias"_s).toString();
    a.count = int(o.value(u"count"_s).toInteger(1));
    a.lastSeenAt = Json::parseTime(o.value(u"last_seen_at"_s).toString());
    a.snoozedUntil = Json::parseTime(o.value(u"snoozed_until"_s).toString());
    a.ownerId = o.value(u"owner_id"_s).toString();
    a.acknowledgedBy = o.value(u"acknowledged_by"_s).toString();
    a.acknowledgedAt = Json::parseTime(o.value(u"acknowledged_at"_s).toString());
    a.closedBy = o.value(u"closed_by"_s).toString();
    a.closedAt = Json::parseTime(o.value(u"closed_at"_s).toString());
    a.integrationId = o.value(u"integration_id"_s).toString();
    a.integrationType = o.value(u"integration_type"_s).toString();
    a.inMaintenance = o.value(u"in_maintenance"_s).toBool();
    const QJsonObject e = o.value(u"escalation"_s).toObject();
    a.policyId = e.value(u"policy_id"_s).toString();
    a.escalationCycle = int(e.value(u"cycle"_s).toInteger());
    a.escalationRule = int(e.value(u"rule"_s).toInteger(-1));
    a.nextEscalationAt = Json::parseTime(e.value(u"next_at"_s).toString());
    return a;
}

QJsonObject AlertLogEntry::toJson() const
{
    return QJsonObject{{u"id"_s, id},
                       {u"alert_id"_s, alertId},
                       {u"at"_s, Json::formatTime(at)},
                       {u"type"_s, type},
                       {u"actor_id"_s, stringOrNull(actorId)},
                       {u"message"_s, message},
                       {u"details"_s, details}};
}

Result<AlertLogEntry> AlertLogEntry::fromJson(const QJsonObject &o)
{
    AlertLogEntry e;
    e.id = o.value(u"id"_s).toString();
    e.alertId = o.value(u"alert_id"_s).toString();
    e.at = Json::parseTime(o.value(u"at"_s).toString());
    e.type = o.value(u"type"_s).toString();
    if (e.id.isEmpty())
        return corrupt(u"id"_s);
    if (e.alertId.isEmpty())
        return corrupt(u"alert_id"_s);
    if (!e.at.isValid())
        return corrupt(u"at"_s);
    if (e.type.isEmpty())
        return corrupt(u"type"_s);
    e.actorId = o.value(u"actor_id"_s).toString();
    e.message = o.value(u"message"_s).toString();
    e.details = o.value(u"details"_s).toObject();
    return e;
}

} // namespace Vigil
