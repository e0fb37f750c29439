// Demo data for alerting: an escalation policy per team on every service, a day of alert history that reads like a
// real NOC's (paged, acknowledged, resolved by the tool or by hand, repeats counted), a few alerts still open in
// different states, and integrations of each kind whose keys are printed at start-up.
#include "demo.h"

#include "alerts/alert.h"
#include "alerts/escalation.h"
#include "common/clock.h"
#include "common/json.h"
#include "oncall/oncallresolver.h"
#include "store/store.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace Vigil {

using namespace Qt::StringLiterals;

namespace {

struct AlertTemplate
{
    const char *service;
    const char *message;
    const char *description;
    Priority priority;
    const char *source;
    const char *tags;
};

const AlertTemplate alertTemplates[] = {
    {"VPN", "VPN 게이트웨이 세션 90% 사용", "vpn-gw-01 동시 접속 세션이 임계치(90%)를 넘었습니다.", Priority::P2, "vpn-gw-01:9100", "severity=warning,site=seoul"},
    {"VPN", "GlobalProtect portal certificate expires in 7 days", "Renew the portal certificate before it expires.", Priority::P4, "blackbox-exporter", "severity=info"},
    {"Email", "Mail queue above 500 messages", "The outbound queue on mx-02 has grown for 10 minutes.", Priority::P2, "mx-02", "severity=error,role=mta"},
    {"Email", "Exchange Online: delayed delivery to gmail.com", "Deferred messages to gmail.com for 20 minutes.", Priority::P3, "message-trace", "severity=warning"},
    {"ERP", "ERP 배치 작업 실패: 월마감 전표", "FI_CLOSE_02 배치가 3회 연속 실패했습니다.", Priority::P1, "sap-prd-app01", "severity=critical,sid=PRD"},
    {"ERP", "SAP dialog response time above 2 s", "Average dialog response time 2.4 s over 5 minutes.", Priority::P3, "sap-prd-app02", "severity=warning,sid=PRD"},
    {"Groupware", "결재 서비스 응답 없음 (HTTP 503)", "approval.example.com 헬스 체크가 503을 반환합니다.", Priority::P1, "blackbox-exporter", "severity=critical"},
    {"Intranet portal", "Intranet portal TLS certificate expires in 14 days", "portal.example.com certificate expires soon.", Priority::P4, "blackbox-exporter", "severity=info"},
    {"Office Wi-Fi", "본사 3층 AP-3F-07 오프라인", "컨트롤러와의 연결이 끊겼습니다.", Priority::P3, "wlc-01", "severity=warning,floor=3"},
    {"Printers", "5F printer toner low", "Black toner at 5%.", Priority::P5, "printer-5f", "severity=info"},
    {"Accounts & access", "AD replication lag above 15 min (DC-02)", "DC-02 has not replicated from DC-01 for 17 minutes.", Priority::P2, "dc-02", "severity=error"},
};

const char *integrationTypes[] = {"alertmanager", "pagerduty", "opsgenie", "native"};

/// Writes one log entry at `at` (the change log keeps the order of writing).
Status logEntry(Store &store, const QString &alertId, const QDateTime &at, const QString &type, const QString &actor,
                const QString &message, const QJsonObject &details = {})
{
    AlertLogEntry e{Json::newId(), alertId, at, type, actor, message, details};
    QJsonObject o = e.toJson();
    o.insert(u"version"_s, 1);
    o.insert(u"created_at"_s, Json::formatTime(at));
    o.insert(u"updated_at"_s, Json::formatTime(at));
    return store.put(Kind::AlertLog, o);
}

QJsonObject withField(QJsonObject o, const char *key, const QJsonValue &value, const QDateTime &now)
{
    o.insert(QLatin1String(key), value);
    o.insert(u"version"_s, o.value(u"version"_s).toInteger() + 1);
    o.insert(u"updated_at"_s, Json::formatTime(now));
    return o;
}

} // namespace

Status seedDemoAlerting(Store &store, const Clock &clock, quint32 seed)
{
    if (store.count(Kind::EscalationPolicy) > 0 || store.count(Kind::Service) == 0)
        return Ok{};
    QRandomGenerator rng(seed);
    const QDateTime now = clock.now();
    return store.write([&]() -> Status {
        // Per team: its on-call schedule at once, its manager after 15 minutes, the whole team's on-call after 30;
        // one repeat.
        const QHash<QString, QString> managers{{u"Service Desk"_s, u"seoyeon.lee@example.com"_s},
                                               {u"Infrastructure"_s, u"minjun.kim@example.com"_s},
                                               {u"Applications"_s, u"emily.carter@example.com"_s}};
        QHash<QString, QString> policyOfTeam;
        QHash<QString, Schedule> scheduleOfTeam;
        for (const QJsonObject &team : store.select(Kind::Team, {}, {}, u"name"_s)) {
            const QString teamId = team.value(u"id"_s).toString();
            const QString teamName = team.value(u"name"_s).toString();
            const auto schedules = store.select(Kind::Schedule, u"team_id = ? AND name = ?"_s, {teamId, QString(teamName + u" on-call"_s)}, {}, 1);
            const auto manager = store.select(Kind::User, u"email = ?"_s, {managers.value(teamName)}, {}, 1);
            if (schedules.isEmpty() || manager.isEmpty())
                continue;
            if (auto sch = Schedule::fromJson(schedules.first()))
                scheduleOfTeam.insert(teamId, sch.value());
            EscalationPolicy p;
            p.name = teamName + u" escalation"_s;
            p.teamId = teamId;
            p.rules = {EscalationRule{0, {EscalationTarget{EscalationTarget::Type::Schedule, schedules.first().value(u"id"_s).toString()}}},
                       EscalationRule{15, {EscalationTarget{EscalationTarget::Type::User, manager.first().value(u"id"_s).toString()}}},
                       EscalationRule{30, {EscalationTarget{EscalationTarget::Type::Team, teamId}}}};
            p.repeat = 1;
            p.repeatDelayMinutes = 30;
            QJsonObject o = p.toJson();
            o.insert(u"id"_s, Json::newId());
            o.insert(u"version"_s, 1);
            o.insert(u"created_at"_s, Json::formatTime(now.addDays(-90)));
            o.insert(u"updated_at"_s, Json::formatTime(now.addDays(-90)));
            if (auto st = store.put(Kind::EscalationPolicy, o); !st)
                return st;
            policyOfTeam.insert(teamId, o.value(u"id"_s).toString());
        }
        QHash<QString, QJsonObject> services;
        for (QJsonObject svc : store.select(Kind::Service, {}, {}, u"name"_s)) {
            svc = withField(svc, "escalation_policy_id", policyOfTeam.value(svc.value(u"team_id"_s).toString()), now);
            QJsonArray windows;
            if (svc.value(u"name"_s).toString() == u"Printers") // a maintenance window now: recorded, nobody paged
                windows.append(QJsonObject{{u"start"_s, Json::formatTime(now.addSecs(-3600))},
                                           {u"end"_s, Json::formatTime(now.addSecs(3 * 3600))},
                                           {u"reason"_s, u"복합기 펌웨어 업데이트 — firmware update"_s}});
            svc.insert(u"maintenance_windows"_s, windows);
            if (auto st = store.put(Kind::Service, svc); !st)
                return st;
            services.insert(svc.value(u"name"_s).toString(), svc);
        }
        // A day of history, oldest first, then four alerts still open.
        struct Planned
        {
            const AlertTemplate *t;
            QDateTime at;
            int state; // 0 resolved, 1 acknowledged, 2 open and escalating, 3 snoozed, 4 in maintenance
        };
        QList<Planned> plan;
        for (int i = 0; i < 36; ++i) {
            const AlertTemplate &t = alertTemplates[rng.bounded(int(std::size(alertTemplates)))];
            plan.append({&t, now.addSecs(-qint64(rng.bounded(24 * 3600 - 3600)) - 3600), 0});
        }
        std::sort(plan.begin(), plan.end(), [](const Planned &a, const Planned &b) { return a.at < b.at; });
        plan.append({&alertTemplates[6], now.addSecs(-25 * 60), 1});
        plan.append({&alertTemplates[8], now.addSecs(-12 * 60), 3});
        plan.append({&alertTemplates[9], now.addSecs(-8 * 60), 4});
        plan.append({&alertTemplates[2], now.addSecs(-3 * 60), 2});
        for (const Planned &pl : plan) {
            const QJsonObject svc = services.value(QString::fromUtf8(pl.t->service));
            if (svc.isEmpty())
                continue;
            Alert a;
            a.id = Json::newId();
            a.version = 1;
            a.createdAt = pl.at;
            a.serviceId = svc.value(u"id"_s).toString();
            a.teamId = svc.value(u"team_id"_s).toString();
            a.message = QString::fromUtf8(pl.t->message);
            a.description = QString::fromUtf8(pl.t->description);
            a.priority = pl.t->priority;
            a.source = QString::fromUtf8(pl.t->source);
            a.tags = QString::fromUtf8(pl.t->tags).split(u',');
            a.alias = QStringLiteral("%1-%2").arg(a.source).arg(rng.bounded(100000));
            a.integrationType = QString::fromLatin1(integrationTypes[rng.bounded(4)]);
            a.policyId = svc.value(u"escalation_policy_id"_s).toString();
            a.inMaintenance = pl.state == 4;
            const auto schedule = scheduleOfTeam.constFind(a.teamId);
            const QString onCall = schedule == scheduleOfTeam.cend() ? QString()
                                                                     : OnCallResolver(*schedule).onCallAt(pl.at, 1).userId;
            QList<std::tuple<QDateTime, QString, QString, QString, QJsonObject>> log; // at, type, actor, message, details
            const QJsonObject via{{u"integration_type"_s, a.integrationType}, {u"integration_id"_s, QJsonValue::Null}};
            log.append({pl.at, u"received"_s, {}, QStringLiteral("Received from %1").arg(a.integrationType), via});
            if (a.inMaintenance) {
                log.append({pl.at, u"maintenance"_s, {}, u"The service is in a maintenance window: the alert is recorded, nobody is paged"_s, {}});
            } else if (!onCall.isEmpty()) {
                log.append({pl.at, u"notified"_s, {}, u"Paged on the console"_s,
                            QJsonObject{{u"user_id"_s, onCall}, {u"channel"_s, u"console"_s}, {u"policy_id"_s, a.policyId},
                                        {u"cycle"_s, 0}, {u"rule"_s, 0}}});
                a.escalationRule = 0;
            }
            a.count = pl.state == 0 ? 1 + int(rng.bounded(4)) : 1 + int(rng.bounded(2));
            QDateTime last = pl.at;
            for (int c = 1; c < a.count; ++c) {
                last = last.addSecs(60 + rng.bounded(240));
                log.append({last, u"deduplicated"_s, {}, QStringLiteral("Seen again (%1 times); nobody is paged again").arg(c + 1), via});
            }
            a.lastSeenAt = last;
            if ((pl.state == 0 || pl.state == 1) && !onCall.isEmpty()) {
                a.status = AlertStatus::Acknowledged;
                a.acknowledgedBy = onCall;
                a.acknowledgedAt = pl.at.addSecs(120 + rng.bounded(pl.state == 1 ? 300 : 780));
                a.ownerId = onCall;
                log.append({a.acknowledgedAt, u"acknowledged"_s, onCall, u"Acknowledged: escalation stopped"_s, {}});
                if (pl.state == 0) {
                    a.status = AlertStatus::Closed;
                    a.closedAt = a.acknowledgedAt.addSecs(600 + rng.bounded(7200));
                    const bool byTool = a.integrationType != u"native" && rng.bounded(3) > 0;
                    a.closedBy = byTool ? QString() : onCall;
                    if (!byTool)
                        log.append({a.closedAt.addSecs(-60), u"note"_s, onCall, u"원인 확인 후 조치 완료 — fixed and verified"_s, {}});
                    log.append({a.closedAt, u"closed"_s, a.closedBy, byTool ? QStringLiteral("Resolved by %1").arg(a.integrationType) : u"Closed"_s, via});
                }
            } else if (pl.state == 0) {
                a.status = AlertStatus::Closed;
                a.closedAt = pl.at.addSecs(1800);
                log.append({a.closedAt, u"closed"_s, {}, QStringLiteral("Resolved by %1").arg(a.integrationType), via});
            }
            if (pl.state == 3) {
                a.snoozedUntil = now.addSecs(48 * 60);
                log.append({pl.at.addSecs(240), u"snoozed"_s, onCall, QStringLiteral("Snoozed until %1").arg(Json::formatTime(a.snoozedUntil)),
                            QJsonObject{{u"until"_s, Json::formatTime(a.snoozedUntil)}}});
            }
            a.updatedAt = std::get<0>(log.last());
            if ((pl.state == 2 || pl.state == 3) && !a.policyId.isEmpty())
                a.nextEscalationAt = pl.state == 2 ? pl.at.addSecs(15 * 60) : a.snoozedUntil;
            if (auto st = store.put(Kind::Alert, a.toJson()); !st)
                return st;
            for (const auto &[at, type, actor, message, details] : log) {
                if (auto st = logEntry(store, a.id, at, type, actor, message, details); !st)
                    return st;
            }
            if (a.nextEscalationAt.isValid()) {
                const int rule = pl.state == 2 ? 1 : 0;
                if (auto st = store.queues().setPendingStep({a.id, a.policyId, 0, rule, a.nextEscalationAt}); !st)
                    return st;
            }
        }
        return Ok{};
    });
}

Result<QList<DemoIntegration>> createDemoIntegrations(Store &store)
{
    const std::pair<const char *, const char *> wanted[] = {{"VPN", "alertmanager"}, {"Email", "pagerduty"}, {"ERP", "opsgenie"}};
    QList<DemoIntegration> out;
    const Status st = store.write([&]() -> Status {
        for (const auto &[serviceName, type] : wanted) {
            const auto svc = store.select(Kind::Service, u"name = ?"_s, {QString::fromUtf8(serviceName)}, {}, 1);
            if (svc.isEmpty())
                continue;
            const QString serviceId = svc.first().value(u"id"_s).toString();
            // Keys exist only as hashes: each start replaces the demo's integrations with new ones it can print.
            for (const auto &i : store.secrets().integrations(serviceId)) {
                if (i.name.startsWith(u"demo ") && !i.revokedAt.isValid()) {
                    if (auto r = store.secrets().revokeIntegration(serviceId, i.id); !r)
                        return r;
                }
            }
            auto key = store.secrets().createIntegration(serviceId, QString::fromLatin1(type), u"demo "_s + QString::fromLatin1(type));
            if (!key)
                return key.error();
            out.append({QString::fromUtf8(serviceName), QString::fromLatin1(type), key.value()});
        }
        return Ok{};
    });
    if (!st)
        return st.error();
    return out;
}

} // namespace Vigil
