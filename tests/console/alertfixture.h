#pragma once
// Alerts as the change feed brings them, for the cache, model and pane tests. Now is T0 = Wed 25 Nov 2026 09:00Z and
// the signed-in user is kim, a member of the Database team (kim, lee); Network is park's team.
//
//   id  prio  message                        service   team  status        count  created   owner  escalation
//   a1  P1    Disk full on db-01             Database  dba   open          12     T0-30m    —      rule 1 of 3, next T0+10m
//   a2  P2    Replication lag on db-02       Database  dba   acknowledged  1      T0-2h     lee    rule 1 of 3, none next
//   a3  P3    Packet loss on core-sw-1       Network   net   open          1      T0-5m     kim    next T0+1m (none fired)
//   a4  P5    Toner low                      Network   net   closed        3      T0-1d     —      no policy
//   a5  P4    VPN sessions at 90%            Network   net   open          2      T0-3h     —      rule 2 of 3, pass 2
//
// Logs: a1 received, kim notified on the console, delivered to kim by e-mail ("SMTP 250 OK"), deduplicated;
// a5 kim notified. So "mine" (owner kim or kim paged) = a1, a3, a5 and "my team" (dba) = a1, a2.

#include "consolefixture.h"

#include "common/json.h"
#include "sync/localcache.h"

#include <QJsonArray>
#include <QJsonObject>

namespace AlertFixture {

inline const QDateTime T0 = QDateTime(QDate(2026, 11, 25), QTime(9, 0), Qt::UTC);

using ConsoleFixture::change;

struct AlertSpec
{
    const char *id;
    const char *priority;
    const char *message;
    const char *service;
    const char *team;
    const char *status;
    int count;
    qint64 createdSecs; // relative to T0
    const char *owner;
    const char *policy;
    int cycle;
    int rule;
    qint64 nextSecs; // relative to T0; 0 = none
    qint64 version = 1;
};

inline QJsonObject alertJson(const AlertSpec &s)
{
    Vigil::Alert a;
    a.id = QString::fromUtf8(s.id);
    a.version = s.version;
    a.createdAt = T0.addSecs(s.createdSecs);
    a.updatedAt = a.createdAt;
    a.serviceId = QString::fromUtf8(s.service);
    a.teamId = QString::fromUtf8(s.team);
    a.message = QString::fromUtf8(s.message);
    a.description = QStringLiteral("Description of ") + a.message;
    a.priority = *Vigil::priorityFromString(QString::fromUtf8(s.priority));
    a.source = QString(a.id + QStringLiteral("-host"));
    a.tags = {QStringLiteral("env=prod"), QString(QStringLiteral("tag-") + a.id)};
    a.details = QJsonObject{{QStringLiteral("instance"), QString(a.id + QStringLiteral("-host"))},
                            {QStringLiteral("labels"), QJsonObject{{QStringLiteral("severity"), QStringLiteral("critical")}}}};
    a.alias = QStringLiteral("alias-") + a.id;
    a.count = s.count;
    a.status = *Vigil::alertStatusFromString(QString::fromUtf8(s.status));
    a.lastSeenAt = a.createdAt;
    a.ownerId = QString::fromUtf8(s.owner);
    if (a.status == Vigil::AlertStatus::Acknowledged) {
        a.acknowledgedBy = a.ownerId;
        a.acknowledgedAt = a.createdAt.addSecs(60);
    }
    if (a.status == Vigil::AlertStatus::Closed) {
        a.closedBy = QStringLiteral("park");
        a.closedAt = a.createdAt.addSecs(600);
    }
    a.integrationType = QStringLiteral("native");
    a.policyId = QString::fromUtf8(s.policy);
    a.escalationCycle = s.cycle;
    a.escalationRule = s.rule;
    if (s.nextSecs != 0)
        a.nextEscalationAt = T0.addSecs(s.nextSecs);
    return a.toJson();
}

inline const AlertSpec Alerts[] = {
    {"a1", "P1", "Disk full on db-01", "svc-db", "dba", "open", 12, -1800, "", "pol", 0, 0, 600},
    {"a2", "P2", "Replication lag on db-02", "svc-db", "dba", "acknowledged", 1, -7200, "lee", "pol", 0, 0, 0},
    {"a3", "P3", "Packet loss on core-sw-1", "svc-net", "net", "open", 1, -300, "kim", "pol", 0, -1, 60},
    {"a4", "P5", "Toner low", "svc-net", "net", "closed", 3, -86400, "", "", 0, -1, 0},
    {"a5", "P4", "VPN sessions at 90%", "svc-net", "net", "open", 2, -10800, "", "pol", 1, 1, 0},
};

inline QJsonObject logJson(const char *id, const char *alertId, qint64 atSecs, const char *type, const char *actor,
                           const QString &message, const QJsonObject &details = {})
{
    Vigil::AlertLogEntry e;
    e.id = QString::fromUtf8(id);
    e.alertId = QString::fromUtf8(alertId);
    e.at = T0.addSecs(atSecs);
    e.type = QString::fromUtf8(type);
    e.actorId = QString::fromUtf8(actor);
    e.message = message;
    e.details = details;
    return e.toJson();
}

inline QJsonObject named(const char *id, const char *name)
{
    return {{QStringLiteral("id"), QString::fromUtf8(id)}, {QStringLiteral("name"), QString::fromUtf8(name)}};
}

inline QJsonObject user(const char *id, const char *name)
{
    QJsonObject u = named(id, name);
    u.insert(QStringLiteral("email"), QString(QString::fromUtf8(id) + QStringLiteral("@example.com")));
    u.insert(QStringLiteral("role"), QStringLiteral("agent"));
    return u;
}

inline QJsonObject team(const char *id, const char *name, const QStringList &members)
{
    QJsonObject t = named(id, name);
    t.insert(QStringLiteral("member_ids"), QJsonArray::fromStringList(members));
    return t;
}

inline QJsonArray seedChanges()
{
    QJsonArray changes;
    qint64 rev = 0;
    changes.append(change(++rev, QStringLiteral("user"), user("kim", "Kim Minjun")));
    changes.append(change(++rev, QStringLiteral("user"), user("lee", "Lee Seoyeon")));
    changes.append(change(++rev, QStringLiteral("user"), user("park", "Park Jihoon")));
    changes.append(change(++rev, QStringLiteral("team"), team("dba", "Database", {QStringLiteral("kim"), QStringLiteral("lee")})));
    changes.append(change(++rev, QStringLiteral("team"), team("net", "Network", {QStringLiteral("park")})));
    changes.append(change(++rev, QStringLiteral("service"), named("svc-db", "Database")));
    changes.append(change(++rev, QStringLiteral("service"), named("svc-net", "Core network")));
    const QJsonObject rule{{QStringLiteral("delay_minutes"), 15},
                           {QStringLiteral("targets"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("team")},
                                                                             {QStringLiteral("id"), QStringLiteral("dba")}}}}};
    QJsonObject policy = named("pol", "Database escalation");
    policy.insert(QStringLiteral("rules"), QJsonArray{rule, rule, rule});
    policy.insert(QStringLiteral("repeat"), 1);
    changes.append(change(++rev, QStringLiteral("escalation_policy"), policy));
    for (const auto &spec : Alerts)
        changes.append(change(++rev, QStringLiteral("alert"), alertJson(spec)));
    const QJsonObject kimConsole{{QStringLiteral("user_id"), QStringLiteral("kim")}, {QStringLiteral("channel"), QStringLiteral("console")},
                                 {QStringLiteral("policy_id"), QStringLiteral("pol")}, {QStringLiteral("cycle"), 0},
                                 {QStringLiteral("rule"), 0}};
    const QJsonObject kimMail{{QStringLiteral("user_id"), QStringLiteral("kim")}, {QStringLiteral("channel"), QStringLiteral("email")},
                              {QStringLiteral("to"), QStringLiteral("kim@example.com")},
                              {QStringLiteral("outcome"), QStringLiteral("SMTP 250 OK")}, {QStringLiteral("latency_ms"), 120}};
    changes.append(change(++rev, QStringLiteral("alert_log"),
                          logJson("l1", "a1", -1800, "received", "", QStringLiteral("Received from native"),
                                  {{QStringLiteral("integration_type"), QStringLiteral("native")}})));
    changes.append(change(++rev, QStringLiteral("alert_log"),
                          logJson("l2", "a1", -1799, "notified", "", QStringLiteral("Paged on the console"), kimConsole)));
    changes.append(change(++rev, QStringLiteral("alert_log"),
                          logJson("l3", "a1", -1797, "delivered", "", QStringLiteral("Delivered by e-mail"), kimMail)));
    changes.append(change(++rev, QStringLiteral("alert_log"),
                          logJson("l4", "a1", -600, "deduplicated", "", QStringLiteral("Seen again (12 times)"))));
    changes.append(change(++rev, QStringLiteral("alert_log"),
                          logJson("l5", "a5", -10790, "notified", "", QStringLiteral("Paged on the console"), kimConsole)));
    return changes;
}

/// Users, teams, services, the policy, the alerts and their logs, as a first sync would bring them; kim signs in.
inline bool seed(Vigil::LocalCache &cache)
{
    const QJsonArray changes = seedChanges();
    if (!cache.applyChanges(changes, changes.size()).ok())
        return false;
    cache.setCurrentUserId(QStringLiteral("kim"));
    return true;
}

} // namespace AlertFixture
