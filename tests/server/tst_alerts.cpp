// Alerts against a real vigild: ingest in the exact wire formats of Alertmanager (webhook v4), PagerDuty Events v2
// and Opsgenie as captured from a real Alertmanager 0.25 (tests/server/fixtures), native ingest, de-duplication,
// actions and the log, maintenance windows, and escalation that survives a kill -9 of the server.
#include "httpreceiver.h"
#include "vigildprocess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Vigil::Testing;
using namespace Qt::StringLiterals;

namespace {

struct Captured
{
    QByteArray method;
    QString path;
    Headers headers;
    QByteArray body;
};

/// A request captured from Alertmanager, with its placeholder key replaced by `key`.
Captured captured(const QString &name, const QString &key)
{
    QFile f(QStringLiteral(VIGIL_FIXTURES "/alertmanager-0.25/") + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    Captured c;
    c.method = o.value(u"method").toString().toUtf8();
    c.path = o.value(u"path").toString().replace(u"INTEGRATION_KEY"_s, key);
    const QJsonObject headers = o.value(u"headers").toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        const QString name = it.key().toLower();
        if (name == u"content-type" || name == u"authorization")
            c.headers.append({name.toUtf8(), it.value().toString().replace(u"INTEGRATION_KEY"_s, key).toUtf8()});
    }
    QByteArray body = QJsonDocument(o.value(u"body").toObject()).toJson(QJsonDocument::Compact);
    body.replace("0123456789abcdef0123456789abcdef", key.toUtf8()); // PagerDuty's routing key
    c.body = body;
    return c;
}

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

} // namespace

class tst_Alerts final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void alertmanagerFiringDeduplicatesAndResolves();
    void pagerDutyEventsV2();
    void pagerDutyInvalidEvents_data();
    void pagerDutyInvalidEvents();
    void opsgenieCreateAndCloseByAlias();
    void opsgenieErrors();
    void nativeIngestAndActions();
    void actionErrors();
    void maintenanceWindowPagesNobody();
    void integrationsAreRevocable();
    void contactMethodsRetryAndFallBack();
    void deliveryOutcomesOnlyForTheOwnerAndAdmins_data();
    void deliveryOutcomesOnlyForTheOwnerAndAdmins();
    void internalWebhooksAreBlockedAndTheNextMethodTried();
    void notificationSettingsValidation();
    void demoIsReadyForAlertsAtOnce();
    void missedHeartbeatOpensAnAlertAndAPingClosesIt();
    void escalationResumesAfterKill();

private:
    QString createService(const QString &name, const QString &policyId, const QJsonArray &maintenance = {});
    QString createPolicy(const QString &name, const QJsonArray &rules, int repeat = 0);
    QString integration(const QString &serviceId, const QString &type);
    QJsonArray log(VigildProcess &server, const QString &alertId, const QString &reader = u"viewer"_s);
    QJsonArray entries(VigildProcess &server, const QString &alertId, const QString &type,
                       const QString &reader = u"viewer"_s);
    QJsonObject onlyAlert(const QString &serviceId);

    VigildProcess m_server;
    QString m_schedule;
    QString m_policy;
    QString m_service;
};

void tst_Alerts::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
    // A schedule with the agent on call around the clock; a policy: that schedule at once, then the manager.
    const QJsonObject layer{{u"name"_s, u"24/7"_s}, {u"participants"_s, QJsonArray{m_server.userId(u"agent"_s)}},
                            {u"rotation_type"_s, u"weekly"_s}, {u"start"_s, u"2026-01-05T09:00:00"_s}};
    const Reply schedule = m_server.as(u"manager"_s, "POST", u"/api/v1/schedules"_s,
                                       json({{u"name"_s, u"DB primary"_s}, {u"time_zone"_s, u"Asia/Seoul"_s},
                                             {u"layers"_s, QJsonArray{layer}}}));
    QCOMPARE(schedule.status, 201);
    m_schedule = schedule.json().value(u"id").toString();
    m_policy = createPolicy(u"DB escalation"_s,
                            {QJsonObject{{u"delay_minutes"_s, 0},
                                         {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"schedule"_s}, {u"id"_s, m_schedule}}}}},
                             QJsonObject{{u"delay_minutes"_s, 15},
                                         {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"user"_s},
                                                                               {u"id"_s, m_server.userId(u"manager"_s)}}}}}});
    QVERIFY(!m_policy.isEmpty());
    m_service = createService(u"Database"_s, m_policy);
    QVERIFY(!m_service.isEmpty());
}

QString tst_Alerts::createPolicy(const QString &name, const QJsonArray &rules, int repeat)
{
    const Reply r = m_server.as(u"manager"_s, "POST", u"/api/v1/escalation_policies"_s,
                                json({{u"name"_s, name}, {u"rules"_s, rules}, {u"repeat"_s, repeat}, {u"repeat_delay_minutes"_s, 1}}));
    if (r.status != 201)
        qWarning("policy: %d %s", r.status, r.body.constData());
    return r.json().value(u"id").toString();
}

QString tst_Alerts::createService(const QString &name, const QString &policyId, const QJsonArray &maintenance)
{
    QJsonObject body{{u"name"_s, name}, {u"escalation_policy_id"_s, policyId}};
    if (!maintenance.isEmpty())
        body.insert(u"maintenance_windows"_s, maintenance);
    const Reply r = m_server.as(u"manager"_s, "POST", u"/api/v1/services"_s, json(body));
    if (r.status != 201)
        qWarning("service: %d %s", r.status, r.body.constData());
    return r.json().value(u"id").toString();
}

QString tst_Alerts::integration(const QString &serviceId, const QString &type)
{
    const Reply r = m_server.as(u"manager"_s, "POST", u"/api/v1/services/%1/integrations"_s.arg(serviceId),
                                json({{u"type"_s, type}, {u"name"_s, QString(type + u" test"_s)}}));
    if (r.status != 201)
        qWarning("integration: %d %s", r.status, r.body.constData());
    return r.json().value(u"key").toString();
}

QJsonArray tst_Alerts::log(VigildProcess &server, const QString &alertId, const QString &reader)
{
    return server.as(reader, "GET", u"/api/v1/alerts/%1/log"_s.arg(alertId)).json().value(u"items").toArray();
}

QJsonArray tst_Alerts::entries(VigildProcess &server, const QString &alertId, const QString &type,
                               const QString &reader)
{
    QJsonArray out;
    for (const auto &e : log(server, alertId, reader)) {
        if (e.toObject().value(u"type").toString() == type)
            out.append(e);
    }
    return out;
}

QJsonObject tst_Alerts::onlyAlert(const QString &serviceId)
{
    const QJsonArray items = m_server.as(u"viewer"_s, "GET", u"/api/v1/alerts?service_id=%1"_s.arg(serviceId))
                                 .json().value(u"items").toArray();
    return items.size() == 1 ? items.first().toObject() : QJsonObject{};
}

void tst_Alerts::alertmanagerFiringDeduplicatesAndResolves()
{
    // Given a service with an Alertmanager integration
    const QString service = createService(u"Storage"_s, m_policy);
    const QString key = integration(service, u"alertmanager"_s);
    QCOMPARE(key.size(), 32);
    // When Alertmanager posts its firing webhook
    const Captured firing = captured(u"webhook-firing.json"_s, key);
    QVERIFY(!firing.body.isEmpty());
    Reply r = m_server.request(firing.method, firing.path, firing.body, {}, firing.headers);
    QCOMPARE(r.status, 200);
    // Then one open alert carries Alertmanager's summary, severity and fingerprint
    QJsonObject alert = onlyAlert(service);
    QCOMPARE(alert.value(u"message").toString(), u"디스크 사용량 95% (db-01)"_s);
    QCOMPARE(alert.value(u"description").toString(), u"/var 파티션이 95%를 넘었습니다"_s);
    QCOMPARE(alert.value(u"priority").toString(), u"P1"_s); // severity=critical
    QCOMPARE(alert.value(u"alias").toString(), u"f95b7e9252b61f03"_s);
    QCOMPARE(alert.value(u"source").toString(), u"db-01:9100"_s);
    QCOMPARE(alert.value(u"status").toString(), u"open"_s);
    QCOMPARE(alert.value(u"integration_type").toString(), u"alertmanager"_s);
    QVERIFY(alert.value(u"tags").toArray().contains(u"severity=critical"_s));
    const QString id = alert.value(u"id").toString();
    // And the on-call person (the agent, from the schedule) is paged at once
    QTRY_COMPARE_WITH_TIMEOUT(entries(m_server, id, u"notified"_s).size(), 1, 3000);
    QCOMPARE(entries(m_server, id, u"notified"_s).first().toObject().value(u"details").toObject().value(u"user_id").toString(),
             m_server.userId(u"agent"_s));
    const QJsonValue nextRule = onlyAlert(service).value(u"escalation").toObject().value(u"next_at");
    QVERIFY(nextRule.isString()); // the manager, 15 minutes later
    // When the same alert fires again, it is counted and nobody is paged again
    r = m_server.request(firing.method, firing.path, firing.body, {}, firing.headers);
    QCOMPARE(r.status, 200);
    alert = onlyAlert(service);
    QCOMPARE(alert.value(u"count").toInt(), 2);
    QCOMPARE(entries(m_server, id, u"deduplicated"_s).size(), 1);
    // (the escalation keeps its next step, and whatever the repeat would have paged by now has been paged once the
    // engine has caught up with it)
    QCOMPARE(alert.value(u"escalation").toObject().value(u"next_at"), nextRule);
    QVERIFY2(m_server.engineCaughtUp(), qPrintable(m_server.lastError()));
    QCOMPARE(entries(m_server, id, u"notified"_s).size(), 1);
    // When it resolves, the alert closes and its escalation stops
    const Captured resolved = captured(u"webhook-resolved.json"_s, key);
    r = m_server.request(resolved.method, resolved.path, resolved.body, {}, resolved.headers);
    QCOMPARE(r.status, 200);
    alert = onlyAlert(service);
    QCOMPARE(alert.value(u"status").toString(), u"closed"_s);
    QVERIFY(alert.value(u"escalation").toObject().value(u"next_at").isNull());
    QCOMPARE(entries(m_server, id, u"closed"_s).size(), 1);
    // A payload of another version is refused, naming the field
    r = m_server.request("POST", firing.path, R"({"version":"3","alerts":[]})", {}, firing.headers);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(u"error").toObject().value(u"field").toString(), u"version"_s);
    // An unknown key is refused
    r = m_server.request("POST", u"/integrations/alertmanager/0000"_s, firing.body, {}, firing.headers);
    QCOMPARE(r.status, 401);
}

void tst_Alerts::pagerDutyEventsV2()
{
    const QString service = createService(u"Payments"_s, m_policy);
    const QString key = integration(service, u"pagerduty"_s);
    // Trigger: 202 with PagerDuty's body and the dedup_key
    const Captured trigger = captured(u"pagerduty-trigger.json"_s, key);
    Reply r = m_server.request(trigger.method, trigger.path, trigger.body, {}, trigger.headers);
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json().value(u"status").toString(), u"success"_s);
    QCOMPARE(r.json().value(u"message").toString(), u"Event processed"_s);
    QCOMPARE(r.json().value(u"dedup_key").toString(),
             u"07e722c34c49fc04eeaf6e8bc53929159bb5a3e9f430d7a2a565882fe7b8064b"_s);
    QJsonObject alert = onlyAlert(service);
    QCOMPARE(alert.value(u"message").toString(), u"[FIRING:1] DiskFull_pagerduty (db-01:9100 node critical pagerduty)"_s);
    QCOMPARE(alert.value(u"priority").toString(), u"P2"_s); // severity=error
    QCOMPARE(alert.value(u"source").toString(), u"Alertmanager"_s);
    QVERIFY(alert.value(u"description").toString().contains(u"파티션"_s));
    // Resolve with the same dedup_key closes it
    const Captured resolve = captured(u"pagerduty-resolve.json"_s, key);
    r = m_server.request(resolve.method, resolve.path, resolve.body, {}, resolve.headers);
    QCOMPARE(r.status, 202);
    QCOMPARE(onlyAlert(service).value(u"status").toString(), u"closed"_s);
}

void tst_Alerts::pagerDutyInvalidEvents_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::newRow("short routing key") << QByteArray(R"({"routing_key":"abc","event_action":"trigger"})")
                                       << u"Length of 'routing_key' is incorrect (should be 32 characters)"_s;
    QTest::newRow("bad action") << QByteArray(R"({"routing_key":"@key","event_action":"open"})")
                                << u"'event_action' is invalid (must be one of trigger, acknowledge, resolve)"_s;
    QTest::newRow("no summary") << QByteArray(R"({"routing_key":"@key","event_action":"trigger","payload":{"source":"x","severity":"info"}})")
                                << u"'payload.summary' is missing or blank"_s;
    QTest::newRow("bad severity") << QByteArray(R"({"routing_key":"@key","event_action":"trigger","payload":{"summary":"x","source":"x","severity":"high"}})")
                                  << u"'payload.severity' is invalid (must be one of critical, error, warning, info)"_s;
    QTest::newRow("resolve without dedup_key") << QByteArray(R"({"routing_key":"@key","event_action":"resolve"})")
                                               << u"'dedup_key' is required for acknowledge and resolve events"_s;
    QTest::newRow("not JSON") << QByteArray("{") << u"Event object is not valid JSON"_s;
}

void tst_Alerts::pagerDutyInvalidEvents()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    static const QString key = integration(m_service, u"pagerduty"_s);
    body.replace("@key", key.toUtf8());
    const Reply r = m_server.request("POST", u"/v2/enqueue"_s, body, {}, {{"content-type", "application/json"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(u"status").toString(), u"invalid event"_s);
    QCOMPARE(r.json().value(u"message").toString(), u"Event object is invalid"_s);
    QCOMPARE(r.json().value(u"errors").toArray(), QJsonArray{error});
}

void tst_Alerts::opsgenieCreateAndCloseByAlias()
{
    const QString service = createService(u"Web"_s, m_policy);
    const QString key = integration(service, u"opsgenie"_s);
    const Captured create = captured(u"opsgenie-create.json"_s, key);
    Reply r = m_server.request(create.method, create.path, create.body, {}, create.headers);
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json().value(u"result").toString(), u"Request will be processed"_s);
    QVERIFY(r.json().value(u"took").isDouble());
    QCOMPARE(r.json().value(u"requestId").toString().size(), 36);
    QJsonObject alert = onlyAlert(service);
    QCOMPARE(alert.value(u"message").toString(), u"[FIRING:1] DiskFull_opsgenie (db-01:9100 node critical opsgenie)"_s);
    QCOMPARE(alert.value(u"alias").toString(), u"b3da20b96908f6f7e2b3ad514d1e168b9075c81c74704e21a1ee3f188e1f0ed4"_s);
    const Captured close = captured(u"opsgenie-close.json"_s, key);
    r = m_server.request(close.method, close.path, close.body, {}, close.headers);
    QCOMPARE(r.status, 202);
    QCOMPARE(onlyAlert(service).value(u"status").toString(), u"closed"_s);
}

void tst_Alerts::opsgenieErrors()
{
    const QString key = integration(m_service, u"opsgenie"_s);
    const Headers auth{{"authorization", "GenieKey " + key.toUtf8()}, {"content-type", "application/json"}};
    Reply r = m_server.request("POST", u"/v2/alerts"_s, R"({"message":""})", {}, auth);
    QCOMPARE(r.status, 422);
    QCOMPARE(r.json().value(u"message").toString(), u"Message can not be empty."_s);
    r = m_server.request("POST", u"/v2/alerts"_s, R"({"message":"x","priority":"P9"})", {}, auth);
    QCOMPARE(r.status, 422);
    r = m_server.request("POST", u"/v2/alerts"_s, R"({"message":"x"})", {},
                         {{"authorization", "GenieKey wrong"}, {"content-type", "application/json"}});
    QCOMPARE(r.status, 401);
    r = m_server.request("POST", u"/v2/alerts/nope/close?identifierType=id"_s, "{}", {}, auth);
    QCOMPARE(r.status, 404);
}

void tst_Alerts::nativeIngestAndActions()
{
    const QString service = createService(u"Mail"_s, m_policy);
    const QJsonObject body{{u"service_id"_s, service}, {u"message"_s, u"SMTP queue growing"_s}, {u"priority"_s, u"P2"_s},
                           {u"alias"_s, u"smtp-queue"_s}, {u"tags"_s, QJsonArray{u"mail"_s}}, {u"details"_s, QJsonObject{{u"queue"_s, 1200}}}};
    Reply r = m_server.as(u"responder"_s, "POST", u"/api/v1/alerts"_s, json(body));
    QCOMPARE(r.status, 201);
    const QString id = r.json().value(u"id").toString();
    QCOMPARE(r.json().value(u"escalation").toObject().value(u"policy_id").toString(), m_policy);
    QTRY_COMPARE_WITH_TIMEOUT(entries(m_server, id, u"notified"_s).size(), 1, 3000);
    // The same alias again: 200, counted
    r = m_server.as(u"responder"_s, "POST", u"/api/v1/alerts"_s, json(body));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"id").toString(), id);
    QCOMPARE(r.json().value(u"count").toInt(), 2);
    QVERIFY(!r.json().value(u"escalation").toObject().value(u"next_at").isNull());
    // Acknowledge (empty body): the escalation stops at once
    r = m_server.as(u"agent"_s, "POST", u"/api/v1/alerts/%1/acknowledge"_s.arg(id));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"status").toString(), u"acknowledged"_s);
    QCOMPARE(r.json().value(u"acknowledged_by").toString(), m_server.userId(u"agent"_s));
    QVERIFY(r.json().value(u"escalation").toObject().value(u"next_at").isNull());
    // Note, assign (pages the new owner), snooze, close
    r = m_server.as(u"agent"_s, "POST", u"/api/v1/alerts/%1/notes"_s.arg(id), json({{u"body"_s, u"큐 정리 중"_s}}));
    QCOMPARE(r.status, 200);
    r = m_server.as(u"agent"_s, "POST", u"/api/v1/alerts/%1/assign"_s.arg(id), json({{u"user_id"_s, m_server.userId(u"manager"_s)}}));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"owner_id").toString(), m_server.userId(u"manager"_s));
    r = m_server.as(u"agent"_s, "POST", u"/api/v1/alerts/%1/close"_s.arg(id));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"status").toString(), u"closed"_s);
    // The log tells the story in order, with actors
    QStringList types;
    for (const auto &e : log(m_server, id))
        types.append(e.toObject().value(u"type").toString());
    QCOMPARE(types, (QStringList{u"received"_s, u"notified"_s, u"deduplicated"_s, u"acknowledged"_s, u"note"_s,
                                 u"assigned"_s, u"notified"_s, u"closed"_s}));
    const QJsonObject note = entries(m_server, id, u"note"_s).first().toObject();
    QCOMPARE(note.value(u"message").toString(), u"큐 정리 중"_s);
    QCOMPARE(note.value(u"actor_id").toString(), m_server.userId(u"agent"_s));
    // After closing, the same alias opens a new alert
    r = m_server.as(u"responder"_s, "POST", u"/api/v1/alerts"_s, json(body));
    QCOMPARE(r.status, 201);
    QVERIFY(r.json().value(u"id").toString() != id);
}

void tst_Alerts::actionErrors()
{
    Reply r = m_server.as(u"responder"_s, "POST", u"/api/v1/alerts"_s, json({{u"message"_s, u"no service"_s}}));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(u"error").toObject().value(u"field").toString(), u"service_id"_s);
    r = m_server.as(u"responder"_s, "POST", u"/api/v1/alerts"_s,
                    json({{u"service_id"_s, m_service}, {u"message"_s, u"x"_s}, {u"priority"_s, u"P0"_s}}));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(u"error").toObject().value(u"field").toString(), u"priority"_s);
    r = m_server.as(u"viewer"_s, "POST", u"/api/v1/alerts"_s, json({{u"service_id"_s, m_service}, {u"message"_s, u"x"_s}}));
    QCOMPARE(r.status, 403);
    r = m_server.as(u"responder"_s, "POST", u"/api/v1/alerts"_s, json({{u"service_id"_s, m_service}, {u"message"_s, u"snooze me"_s}}));
    const QString id = r.json().value(u"id").toString();
    r = m_server.as(u"agent"_s, "POST", u"/api/v1/alerts/%1/snooze"_s.arg(id), json({{u"until"_s, u"2001-01-01T00:00:00Z"_s}}));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(u"error").toObject().value(u"field").toString(), u"until"_s);
    r = m_server.as(u"agent"_s, "POST", u"/api/v1/alerts/%1/unacknowledge"_s.arg(id));
    QCOMPARE(r.status, 422);
    r = m_server.as(u"agent"_s, "POST", u"/api/v1/alerts/%1/assign"_s.arg(id), json({{u"user_id"_s, u"nobody"_s}}));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(u"error").toObject().value(u"field").toString(), u"user_id"_s);
    r = m_server.as(u"agent"_s, "POST", u"/api/v1/alerts/nope/acknowledge"_s);
    QCOMPARE(r.status, 404);
    // Policies name the bad field
    r = m_server.as(u"manager"_s, "POST", u"/api/v1/escalation_policies"_s,
                    json({{u"name"_s, u"Bad"_s}, {u"rules"_s, QJsonArray{QJsonObject{{u"delay_minutes"_s, 0},
                        {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"user"_s}, {u"id"_s, u"ghost"_s}}}}}}}}));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(u"error").toObject().value(u"field").toString(), u"rules[0].targets[0].id"_s);
    r = m_server.as(u"manager"_s, "DELETE", u"/api/v1/escalation_policies/%1"_s.arg(m_policy));
    QCOMPARE(r.status, 409); // services follow it
}

void tst_Alerts::maintenanceWindowPagesNobody()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime windowEnd = QDateTime::fromString(now.addSecs(3600).toString(Qt::ISODate), Qt::ISODate);
    const QString service = createService(u"Backup"_s, m_policy,
                                          {QJsonObject{{u"start"_s, now.addSecs(-600).toString(Qt::ISODate)},
                                                       {u"end"_s, windowEnd.toString(Qt::ISODate)},
                                                       {u"reason"_s, u"Storage upgrade"_s}}});
    QVERIFY(!service.isEmpty());
    const Reply r = m_server.as(u"responder"_s, "POST", u"/api/v1/alerts"_s,
                                json({{u"service_id"_s, service}, {u"message"_s, u"Backup job failed"_s}}));
    QCOMPARE(r.status, 201);
    QVERIFY(r.json().value(u"in_maintenance").toBool());
    const QString id = r.json().value(u"id").toString();
    QCOMPARE(entries(m_server, id, u"maintenance"_s).size(), 1);
    // Its first page waits for the window's end; nothing was paged by the time the engine has caught up
    const QJsonObject escalation = r.json().value(u"escalation").toObject();
    QCOMPARE(QDateTime::fromString(escalation.value(u"next_at").toString(), Qt::ISODate), windowEnd);
    QVERIFY2(m_server.engineCaughtUp(), qPrintable(m_server.lastError()));
    QCOMPARE(entries(m_server, id, u"notified"_s).size(), 0);
    QCOMPARE(m_server.as(u"viewer"_s, "GET", u"/api/v1/alerts/%1"_s.arg(id)).json().value(u"escalation").toObject()
                 .value(u"next_at"), escalation.value(u"next_at"));
    // A window that ends before it starts is refused, naming it
    const Reply bad = m_server.as(u"manager"_s, "PATCH", u"/api/v1/services/%1"_s.arg(service),
                                  json({{u"maintenance_windows"_s, QJsonArray{QJsonObject{{u"start"_s, u"2026-12-01T02:00:00Z"_s},
                                                                                          {u"end"_s, u"2026-12-01T01:00:00Z"_s}}}}}));
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.json().value(u"error").toObject().value(u"field").toString(), u"maintenance_windows[0].end"_s);
}

void tst_Alerts::integrationsAreRevocable()
{
    const QString service = createService(u"Cache"_s, m_policy);
    const Reply created = m_server.as(u"manager"_s, "POST", u"/api/v1/services/%1/integrations"_s.arg(service),
                                      json({{u"type"_s, u"alertmanager"_s}}));
    QCOMPARE(created.status, 201);
    const QString key = created.json().value(u"key").toString();
    QCOMPARE(created.json().value(u"path").toString(), u"/integrations/alertmanager/"_s + key);
    const Reply list = m_server.as(u"manager"_s, "GET", u"/api/v1/services/%1/integrations"_s.arg(service));
    QCOMPARE(list.json().value(u"items").toArray().size(), 1);
    QCOMPARE(m_server.as(u"manager"_s, "POST", u"/api/v1/services/%1/integrations"_s.arg(service),
                         json({{u"type"_s, u"native"_s}})).status, 400);
    QVERIFY(!list.body.contains(key.toUtf8())); // the key is shown once
    // A key works only in its own tool's format
    QCOMPARE(m_server.request("POST", u"/v2/alerts"_s, R"({"message":"x"})", {},
                              {{"authorization", "GenieKey " + key.toUtf8()}, {"content-type", "application/json"}}).status, 401);
    // Replaying the creation with an Idempotency-Key does not reveal the key again: it exists only as a hash
    const Reply again = m_server.as(u"manager"_s, "POST", u"/api/v1/services/%1/integrations"_s.arg(service),
                                    json({{u"type"_s, u"pagerduty"_s}}), {{"idempotency-key", "same-key"}});
    const Reply replay = m_server.as(u"manager"_s, "POST", u"/api/v1/services/%1/integrations"_s.arg(service),
                                     json({{u"type"_s, u"pagerduty"_s}}), {{"idempotency-key", "same-key"}});
    QCOMPARE(again.status, 201);
    QCOMPARE(replay.status, 201);
    QVERIFY(again.json().value(u"key").toString() != replay.json().value(u"key").toString());
    const QString integrationId = created.json().value(u"id").toString();
    QCOMPARE(m_server.as(u"manager"_s, "DELETE", u"/api/v1/services/%1/integrations/%2"_s.arg(service, integrationId)).status, 204);
    const Captured firing = captured(u"webhook-firing.json"_s, key);
    QCOMPARE(m_server.request(firing.method, firing.path, firing.body, {}, firing.headers).status, 401);
    QCOMPARE(m_server.as(u"agent"_s, "POST", u"/api/v1/services/%1/integrations"_s.arg(service),
                         json({{u"type"_s, u"alertmanager"_s}})).status, 403);
}

void tst_Alerts::contactMethodsRetryAndFallBack()
{
    // Given the responder's contact methods: a webhook that refuses (404, no retry), then a Slack-style one that
    // fails once (503, retried) and then takes it
    HttpReceiver refusing;
    ReceiverAnswer notFound;
    notFound.status = 404;
    refusing.setDefaultAnswer(notFound);
    HttpReceiver flaky;
    flaky.scriptStatuses({503}); // then 200
    const QJsonObject settings{
        {u"contact_methods"_s, QJsonArray{QJsonObject{{u"id"_s, u"hook-a"_s}, {u"type"_s, u"webhook"_s}, {u"address"_s, refusing.url(u"/hook"_s)}},
                                          QJsonObject{{u"id"_s, u"hook-b"_s}, {u"type"_s, u"webhook"_s}, {u"address"_s, flaky.url(u"/hook"_s)}}}},
        {u"notification_rules"_s, QJsonArray{QJsonObject{{u"after_minutes"_s, 0}, {u"contact_method_id"_s, u"hook-a"_s}}}}};
    Reply r = m_server.as(u"responder"_s, "PUT", u"/api/v1/me/notification_settings"_s, json(settings));
    QCOMPARE(r.status, 200);
    const QJsonObject toResponder{{u"delay_minutes"_s, 0},
                                  {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"user"_s}, {u"id"_s, m_server.userId(u"responder"_s)}}}}};
    const QString service = createService(u"Network"_s, createPolicy(u"Responder first"_s, {toResponder}));
    // When an alert pages the responder
    r = m_server.as(u"agent"_s, "POST", u"/api/v1/alerts"_s,
                    json({{u"service_id"_s, service}, {u"message"_s, u"Core switch down"_s}, {u"priority"_s, u"P1"_s}}));
    QCOMPARE(r.status, 201);
    const QString id = r.json().value(u"id").toString();
    // Then the refusing webhook is tried once, the next contact method at once, and retried after 5 s
    QTRY_COMPARE_WITH_TIMEOUT(refusing.count(), 1, 3000);
    QTRY_COMPARE_WITH_TIMEOUT(flaky.count(), 1, 3000);
    QTRY_COMPARE_WITH_TIMEOUT(flaky.count(), 2, 10'000);
    const ReceivedRequest &last = flaky.requests().last();
    QCOMPARE(last.method, "POST");
    QCOMPARE(last.target, "/hook");
    QCOMPARE(last.json().value(u"event").toString(), u"alert.notification"_s);
    QCOMPARE(last.json().value(u"alert").toObject().value(u"id").toString(), id);
    QCOMPARE(last.json().value(u"alert").toObject().value(u"message").toString(), u"Core switch down"_s);
    QTRY_COMPARE_WITH_TIMEOUT(entries(m_server, id, u"delivered"_s).size(), 1, 3000);
    // Read by the paged responder: the outcomes are theirs (and admins') to see.
    const QJsonArray failed = entries(m_server, id, u"delivery_failed"_s, u"responder"_s);
    QCOMPARE(failed.size(), 2);
    QCOMPARE(failed.at(0).toObject().value(u"details").toObject().value(u"outcome").toString(), u"HTTP 404"_s);
    QVERIFY(failed.at(0).toObject().value(u"message").toString().contains(u"trying webhook to 127.0.0.1 next"_s));
    QCOMPARE(failed.at(1).toObject().value(u"details").toObject().value(u"outcome").toString(), u"HTTP 503"_s);
    const QJsonObject delivered = entries(m_server, id, u"delivered"_s, u"responder"_s).first().toObject().value(u"details").toObject();
    QCOMPARE(delivered.value(u"outcome").toString(), u"HTTP 200"_s);
    QCOMPARE(delivered.value(u"attempt").toInt(), 2);
    QVERIFY(delivered.value(u"latency_ms").isDouble());
    QCOMPARE(delivered.value(u"to").toString(), u"127.0.0.1"_s); // the URL itself (a secret) is not logged
    // And nothing more is sent: whatever would have been sent by now has been once the worker has caught up
    QVERIFY2(m_server.engineCaughtUp(), qPrintable(m_server.lastError()));
    QCOMPARE(refusing.count(), 1);
    QCOMPARE(flaky.count(), 2);
    QCOMPARE(entries(m_server, id, u"delivered"_s).size(), 1);
    QCOMPARE(entries(m_server, id, u"delivery_failed"_s).size(), 2);
}

void tst_Alerts::deliveryOutcomesOnlyForTheOwnerAndAdmins_data()
{
    QTest::addColumn<QString>("reader");
    QTest::addColumn<bool>("seesOutcomes");
    QTest::addRow("viewer") << u"viewer"_s << false;
    QTest::addRow("agent") << u"agent"_s << false;
    QTest::addRow("manager") << u"manager"_s << false;
    QTest::addRow("owner") << u"responder"_s << true;
    QTest::addRow("admin") << u"admin"_s << true;
}

void tst_Alerts::deliveryOutcomesOnlyForTheOwnerAndAdmins()
{
    QFETCH(QString, reader);
    QFETCH(bool, seesOutcomes);
    // Given the responder's webhooks: one that answers 404 (to a port scanner: "something listens here"), then one
    // that takes the page
    HttpReceiver refusing;
    ReceiverAnswer notFound;
    notFound.status = 404;
    refusing.setDefaultAnswer(notFound);
    HttpReceiver taking;
    const QJsonObject settings{
        {u"contact_methods"_s, QJsonArray{QJsonObject{{u"id"_s, u"scan-a"_s}, {u"type"_s, u"webhook"_s}, {u"address"_s, refusing.url(u"/a"_s)}},
                                          QJsonObject{{u"id"_s, u"scan-b"_s}, {u"type"_s, u"webhook"_s}, {u"address"_s, taking.url(u"/b"_s)}}}},
        {u"notification_rules"_s, QJsonArray{QJsonObject{{u"after_minutes"_s, 0}, {u"contact_method_id"_s, u"scan-a"_s}}}}};
    QCOMPARE(m_server.as(u"responder"_s, "PUT", u"/api/v1/me/notification_settings"_s, json(settings)).status, 200);
    const QJsonObject toResponder{{u"delay_minutes"_s, 0},
                                  {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"user"_s}, {u"id"_s, m_server.userId(u"responder"_s)}}}}};
    const QString service = createService(u"Outcomes "_s + reader, createPolicy(u"Outcomes "_s + reader, {toResponder}));
    const qint64 since = m_server.lastRev();
    Reply r = m_server.as(u"responder"_s, "POST", u"/api/v1/alerts"_s,
                          json({{u"service_id"_s, service}, {u"message"_s, u"Probe"_s}, {u"priority"_s, u"P1"_s}}));
    QCOMPARE(r.status, 201);
    const QString id = r.json().value(u"id").toString();
    QTRY_COMPARE_WITH_TIMEOUT(entries(m_server, id, u"delivered"_s, u"admin"_s).size(), 1, 5000);

    // When the reader reads the alert's log and the change feed
    QList<QJsonObject> fromLog;
    for (const auto &e : log(m_server, id, reader)) {
        const QString type = e.toObject().value(u"type").toString();
        if (type == u"delivered" || type == u"delivery_failed")
            fromLog.append(e.toObject());
    }
    QList<QJsonObject> fromFeed;
    r = m_server.as(reader, "GET", u"/api/v1/changes?since=%1&limit=5000"_s.arg(since));
    QCOMPARE(r.status, 200);
    for (const auto &c : r.json().value(u"changes").toArray()) {
        const QJsonObject data = c.toObject().value(u"data").toObject();
        const QString type = data.value(u"type").toString();
        if (c.toObject().value(u"entity").toString() == u"alert_log" && data.value(u"alert_id").toString() == id
            && (type == u"delivered" || type == u"delivery_failed"))
            fromFeed.append(data);
    }

    // Then everyone sees that the page failed once and was then delivered, by webhook, to the responder, and when
    for (const QList<QJsonObject> &seen : {fromLog, fromFeed}) {
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen.at(0).value(u"type").toString(), u"delivery_failed"_s);
        QCOMPARE(seen.at(1).value(u"type").toString(), u"delivered"_s);
        for (const QJsonObject &e : seen) {
            const QJsonObject details = e.value(u"details").toObject();
            QCOMPARE(details.value(u"channel").toString(), u"webhook"_s);
            QCOMPARE(details.value(u"user_id").toString(), m_server.userId(u"responder"_s));
            QVERIFY(!e.value(u"at").toString().isEmpty());
            // And only the owner and admins see where it went and what the far end answered
            const QString text = QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact));
            QCOMPARE(details.contains(u"outcome"_s), seesOutcomes);
            QCOMPARE(details.contains(u"to"_s), seesOutcomes);
            QCOMPARE(details.contains(u"latency_ms"_s), seesOutcomes);
            QCOMPARE(text.contains(u"127.0.0.1"_s), seesOutcomes);
            QCOMPARE(text.contains(u"HTTP "_s), seesOutcomes);
        }
        if (seesOutcomes) {
            QCOMPARE(seen.at(0).value(u"details").toObject().value(u"outcome").toString(), u"HTTP 404"_s);
            QCOMPARE(seen.at(1).value(u"details").toObject().value(u"outcome").toString(), u"HTTP 200"_s);
        } else {
            QCOMPARE(seen.at(0).value(u"message").toString(), u"Delivery by webhook failed"_s);
            QCOMPARE(seen.at(1).value(u"message").toString(), u"Delivered by webhook"_s);
        }
    }
    QCOMPARE(m_server.as(u"responder"_s, "POST", u"/api/v1/alerts/%1/close"_s.arg(id)).status, 200);
    QCOMPARE(m_server.as(u"responder"_s, "PUT", u"/api/v1/me/notification_settings"_s,
                         json({{u"contact_methods"_s, QJsonArray{}}, {u"notification_rules"_s, QJsonArray{}}})).status, 200);
}

void tst_Alerts::internalWebhooksAreBlockedAndTheNextMethodTried()
{
    // Given vigild allowing only 127.0.0.0/8 (as the tests start it), and the responder's contact methods: the cloud
    // metadata service, then a webhook on loopback
    HttpReceiver taking;
    const QJsonObject settings{
        {u"contact_methods"_s, QJsonArray{QJsonObject{{u"id"_s, u"meta"_s}, {u"type"_s, u"webhook"_s}, {u"address"_s, u"http://169.254.169.254/latest/meta-data/"_s}},
                                          QJsonObject{{u"id"_s, u"loop"_s}, {u"type"_s, u"slack"_s}, {u"address"_s, taking.url(u"/slack"_s)}}}},
        {u"notification_rules"_s, QJsonArray{QJsonObject{{u"after_minutes"_s, 0}, {u"contact_method_id"_s, u"meta"_s}}}}};
    QCOMPARE(m_server.as(u"responder"_s, "PUT", u"/api/v1/me/notification_settings"_s, json(settings)).status, 200);
    const QJsonObject toResponder{{u"delay_minutes"_s, 0},
                                  {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"user"_s}, {u"id"_s, m_server.userId(u"responder"_s)}}}}};
    const QString service = createService(u"Metadata"_s, createPolicy(u"Metadata"_s, {toResponder}));

    // When an alert pages the responder
    Reply r = m_server.as(u"responder"_s, "POST", u"/api/v1/alerts"_s,
                          json({{u"service_id"_s, service}, {u"message"_s, u"Probe"_s}, {u"priority"_s, u"P1"_s}}));
    QCOMPARE(r.status, 201);
    const QString id = r.json().value(u"id").toString();

    // Then the metadata webhook is blocked once, without retries, and the loopback one (allowed) gets the page
    QTRY_COMPARE_WITH_TIMEOUT(entries(m_server, id, u"delivered"_s, u"responder"_s).size(), 1, 5000);
    const QJsonArray failed = entries(m_server, id, u"delivery_failed"_s, u"responder"_s);
    QCOMPARE(failed.size(), 1);
    const QJsonObject details = failed.first().toObject().value(u"details").toObject();
    QCOMPARE(details.value(u"contact_method_id").toString(), u"meta"_s);
    QCOMPARE(details.value(u"outcome").toString(), u"blocked: the URL points to an internal address"_s);
    QCOMPARE(taking.count(), 1);
    QCOMPARE(taking.requests().first().target, "/slack");
    QCOMPARE(m_server.as(u"responder"_s, "POST", u"/api/v1/alerts/%1/close"_s.arg(id)).status, 200);
    QCOMPARE(m_server.as(u"responder"_s, "PUT", u"/api/v1/me/notification_settings"_s,
                         json({{u"contact_methods"_s, QJsonArray{}}, {u"notification_rules"_s, QJsonArray{}}})).status, 200);
}

void tst_Alerts::notificationSettingsValidation()
{
    const auto put = [this](const QJsonObject &body) {
        return m_server.as(u"agent"_s, "PUT", u"/api/v1/me/notification_settings"_s, json(body));
    };
    Reply r = put({{u"contact_methods"_s, QJsonArray{QJsonObject{{u"type"_s, u"sms"_s}, {u"address"_s, u"010-1234"_s}}}}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(u"error").toObject().value(u"field").toString(), u"contact_methods[0].address"_s);
    r = put({{u"contact_methods"_s, QJsonArray{QJsonObject{{u"type"_s, u"pager"_s}, {u"address"_s, u"x"_s}}}}});
    QCOMPARE(r.json().value(u"error").toObject().value(u"field").toString(), u"contact_methods[0].type"_s);
    r = put({{u"contact_methods"_s, QJsonArray{QJsonObject{{u"type"_s, u"email"_s}, {u"address"_s, u"kim@example.com"_s}}}},
             {u"notification_rules"_s, QJsonArray{QJsonObject{{u"after_minutes"_s, 5}, {u"contact_method_id"_s, u"nope"_s}}}}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(u"error").toObject().value(u"field").toString(), u"notification_rules[0].contact_method_id"_s);
    r = put({{u"contact_methods"_s, QJsonArray{QJsonObject{{u"type"_s, u"email"_s}, {u"address"_s, u"kim@example.com"_s}},
                                               QJsonObject{{u"type"_s, u"sms"_s}, {u"address"_s, u"+821012345678"_s}}}}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"contact_methods"_s).toArray().size(), 2);
    QVERIFY(!r.json().value(u"contact_methods"_s).toArray().first().toObject().value(u"id").toString().isEmpty());
    // Private: not in the user document, not readable by others than admins
    QVERIFY(!m_server.as(u"viewer"_s, "GET", u"/api/v1/users/%1"_s.arg(m_server.userId(u"agent"_s))).body.contains("+8210"));
    QCOMPARE(m_server.as(u"manager"_s, "GET", u"/api/v1/users/%1/notification_settings"_s.arg(m_server.userId(u"agent"_s))).status, 403);
    r = m_server.as(u"admin"_s, "GET", u"/api/v1/users/%1/notification_settings"_s.arg(m_server.userId(u"agent"_s)));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"contact_methods"_s).toArray().at(1).toObject().value(u"address").toString(), u"+821012345678"_s);
}

void tst_Alerts::demoIsReadyForAlertsAtOnce()
{
    // Given vigild started with --demo
    VigildProcess demo;
    QVERIFY2(demo.start({u"--demo"_s}), qPrintable(demo.lastError()));
    // Then it prints one ready-to-run command per integration kind
    const QString out = QString::fromUtf8(demo.output("GenieKey"));
    static const QRegularExpression am(uR"(-d '(\{"version":"4".*\})' (http://127\.0\.0\.1:\d+)(/integrations/alertmanager/[0-9a-f]{32}))"_s);
    const auto m = am.match(out);
    QVERIFY2(m.hasMatch(), qPrintable(out));
    QVERIFY(out.contains(u"/v2/enqueue"_s));
    QVERIFY(out.contains(u"/v2/alerts"_s));
    // And a day of history is there: mostly resolved, four still active in different states
    const QJsonArray all = demo.as(u"viewer"_s, "GET", u"/api/v1/alerts?limit=1000"_s).json().value(u"items").toArray();
    QCOMPARE(all.size(), 40);
    QStringList active;
    for (const auto &v : all) {
        const QJsonObject a = v.toObject();
        if (a.value(u"status").toString() != u"closed")
            active.append(a.value(u"priority").toString() + u' ' + a.value(u"status").toString());
        QVERIFY(!a.value(u"escalation").toObject().value(u"policy_id").toString().isEmpty());
    }
    active.sort();
    QCOMPARE(active, (QStringList{u"P1 acknowledged"_s, u"P2 open"_s, u"P3 open"_s, u"P5 open"_s}));
    for (const auto &v : demo.as(u"viewer"_s, "GET", u"/api/v1/services"_s).json().value(u"items").toArray())
        QVERIFY(!v.toObject().value(u"escalation_policy_id").toString().isEmpty());
    // When the printed Alertmanager command is run
    const Reply r = demo.request("POST", m.captured(3), m.captured(1).toUtf8(), {}, {{"content-type", "application/json"}});
    QCOMPARE(r.status, 200);
    // Then the alert opens on VPN and the Infrastructure on-call person is paged at once
    QJsonObject fresh;
    for (const auto &v : demo.as(u"viewer"_s, "GET", u"/api/v1/alerts?status=open"_s).json().value(u"items").toArray()) {
        if (v.toObject().value(u"message").toString() == u"VPN 게이트웨이 응답 없음")
            fresh = v.toObject();
    }
    QVERIFY(!fresh.isEmpty());
    QCOMPARE(fresh.value(u"priority").toString(), u"P1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(entries(demo, fresh.value(u"id").toString(), u"notified"_s).size(), 1, 3000);
    demo.stop();
}

void tst_Alerts::missedHeartbeatOpensAnAlertAndAPingClosesIt()
{
    const QString service = createService(u"Nightly backup"_s, m_policy);
    Reply r = m_server.as(u"manager"_s, "POST", u"/api/v1/heartbeats"_s,
                          json({{u"name"_s, u"backup-job"_s}, {u"service_id"_s, service}, {u"interval_seconds"_s, 5}}));
    QCOMPARE(r.status, 201);
    QCOMPARE(r.json().value(u"ping_path").toString(), u"/api/v1/heartbeats/backup-job/ping"_s);
    QCOMPARE(r.json().value(u"expired").toBool(), false);
    // A heartbeat that is never pinged, made after the first with the same interval, on a service of its own: its
    // alert opens in a check made when the first heartbeat, had it not been pinged, would have been overdue too
    // (the monitor checks every heartbeat in one go, before it answers anything else).
    const auto marker = [&](const QString &name) {
        const QString markerService = createService(name, m_policy);
        const Reply created = m_server.as(u"manager"_s, "POST", u"/api/v1/heartbeats"_s,
                                          json({{u"name"_s, name}, {u"service_id"_s, markerService}, {u"interval_seconds"_s, 5}}));
        if (created.status != 201)
            qWarning("marker heartbeat: %d %s", created.status, created.body.constData());
        return markerService;
    };
    const QString beforePing = marker(u"backup-marker-1"_s);
    // Pinged in time (3 s into its 5 s): nothing happens
    QTest::qWait(3000); // real time has to pass on the server's clock
    QCOMPARE(m_server.as(u"responder"_s, "POST", u"/api/v1/heartbeats/backup-job/ping"_s).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(!onlyAlert(beforePing).isEmpty(), 10'000);
    QVERIFY(onlyAlert(service).isEmpty());
    // Not pinged for more than 5 s: an alert opens on the service and pages the on-call person
    QTRY_VERIFY_WITH_TIMEOUT(!onlyAlert(service).isEmpty(), 8000);
    const QJsonObject alert = onlyAlert(service);
    QCOMPARE(alert.value(u"alias").toString(), u"heartbeat:backup-job"_s);
    QCOMPARE(alert.value(u"integration_type").toString(), u"heartbeat"_s);
    QCOMPARE(alert.value(u"priority").toString(), u"P2"_s);
    QVERIFY(alert.value(u"message").toString().startsWith(u"Heartbeat backup-job missed"_s));
    QTRY_COMPARE_WITH_TIMEOUT(entries(m_server, alert.value(u"id").toString(), u"notified"_s).size(), 1, 3000);
    // Later checks, while it stays unpinged, neither open another alert nor count this one again: proven by a second
    // marker made now, whose alert opens in a check at least 5 s later
    const QString afterAlert = marker(u"backup-marker-2"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!onlyAlert(afterAlert).isEmpty(), 10'000);
    QCOMPARE(m_server.as(u"viewer"_s, "GET", u"/api/v1/alerts?service_id=%1"_s.arg(service)).json().value(u"items").toArray().size(), 1);
    QCOMPARE(onlyAlert(service).value(u"count").toInt(), 1);
    QCOMPARE(entries(m_server, alert.value(u"id").toString(), u"deduplicated"_s).size(), 0);
    for (const char *name : {"backup-marker-1", "backup-marker-2"})
        QCOMPARE(m_server.as(u"manager"_s, "DELETE", u"/api/v1/heartbeats/"_s + QLatin1String(name)).status, 204);
    const QJsonArray listed = m_server.as(u"viewer"_s, "GET", u"/api/v1/heartbeats"_s).json().value(u"items").toArray();
    QVERIFY(std::any_of(listed.cbegin(), listed.cend(), [](const QJsonValue &v) {
        return v.toObject().value(u"name").toString() == u"backup-job" && v.toObject().value(u"expired").toBool();
    }));
    // A ping closes it
    r = m_server.as(u"responder"_s, "POST", u"/api/v1/heartbeats/backup-job/ping"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"expired").toBool(), false);
    QCOMPARE(onlyAlert(service).value(u"status").toString(), u"closed"_s);
    QCOMPARE(onlyAlert(service).value(u"closed_by").toString(), m_server.userId(u"responder"_s));
    // Errors
    QCOMPARE(m_server.as(u"responder"_s, "POST", u"/api/v1/heartbeats/nope/ping"_s).status, 404);
    r = m_server.as(u"manager"_s, "POST", u"/api/v1/heartbeats"_s,
                    json({{u"name"_s, u"bad name"_s}, {u"service_id"_s, service}, {u"interval_seconds"_s, 60}}));
    QCOMPARE(r.json().value(u"error").toObject().value(u"field").toString(), u"name"_s);
    r = m_server.as(u"manager"_s, "POST", u"/api/v1/heartbeats"_s,
                    json({{u"name"_s, u"fast"_s}, {u"service_id"_s, service}, {u"interval_seconds"_s, 1}}));
    QCOMPARE(r.json().value(u"error").toObject().value(u"field").toString(), u"interval_seconds"_s);
    r = m_server.as(u"manager"_s, "POST", u"/api/v1/heartbeats"_s,
                    json({{u"name"_s, u"backup-job"_s}, {u"service_id"_s, service}, {u"interval_seconds"_s, 60}}));
    QCOMPARE(r.status, 409);
    QCOMPARE(m_server.as(u"manager"_s, "DELETE", u"/api/v1/heartbeats/backup-job"_s).status, 204);
    QCOMPARE(m_server.as(u"viewer"_s, "POST", u"/api/v1/heartbeats/backup-job/ping"_s).status, 403);
}

void tst_Alerts::escalationResumesAfterKill()
{
    // Given a policy: the agent at once, the manager one minute later
    VigildProcess server;
    QVERIFY2(server.start(), qPrintable(server.lastError()));
    const QJsonObject toAgent{{u"delay_minutes"_s, 0},
                              {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"user"_s}, {u"id"_s, server.userId(u"agent"_s)}}}}};
    const QJsonObject toManager{{u"delay_minutes"_s, 1},
                                {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"user"_s}, {u"id"_s, server.userId(u"manager"_s)}}}}};
    Reply r = server.as(u"manager"_s, "POST", u"/api/v1/escalation_policies"_s,
                        json({{u"name"_s, u"Kill test"_s}, {u"rules"_s, QJsonArray{toAgent, toManager}}}));
    QCOMPARE(r.status, 201);
    r = server.as(u"manager"_s, "POST", u"/api/v1/services"_s,
                  json({{u"name"_s, u"Kill test"_s}, {u"escalation_policy_id"_s, r.json().value(u"id")}}));
    QCOMPARE(r.status, 201);
    const QString service = r.json().value(u"id").toString();
    QElapsedTimer sinceOpen;
    r = server.as(u"responder"_s, "POST", u"/api/v1/alerts"_s, json({{u"service_id"_s, service}, {u"message"_s, u"Disk full"_s}}));
    sinceOpen.start();
    QCOMPARE(r.status, 201);
    const QString id = r.json().value(u"id").toString();
    const QDateTime opened = QDateTime::fromString(r.json().value(u"created_at").toString(), Qt::ISODate);
    QTRY_COMPARE_WITH_TIMEOUT(entries(server, id, u"notified"_s).size(), 1, 3000);
    // Rule 1 is due one minute after rule 0 fired (which was at once)
    const QDateTime due = QDateTime::fromString(server.as(u"viewer"_s, "GET", u"/api/v1/alerts/%1"_s.arg(id))
                                                    .json().value(u"escalation").toObject().value(u"next_at").toString(),
                                                Qt::ISODate);
    QVERIFY2(due >= opened.addSecs(60) && due < opened.addSecs(61), qPrintable(due.toString(Qt::ISODateWithMs)));
    // When the server is killed mid-escalation and comes back 20 s later
    server.kill();
    QTest::qWait(20'000);
    QVERIFY2(server.restart(), qPrintable(server.lastError()));
    QVERIFY2(server.engineCaughtUp(), qPrintable(server.lastError()));
    QCOMPARE(entries(server, id, u"notified"_s).size(), 1); // not sent again by the restart
    const QJsonObject pending = server.as(u"viewer"_s, "GET", u"/api/v1/alerts/%1"_s.arg(id)).json();
    QCOMPARE(QDateTime::fromString(pending.value(u"escalation").toObject().value(u"next_at").toString(), Qt::ISODate), due);
    // Then the manager is paged once, on time (one minute after the alert opened)
    QTRY_COMPARE_WITH_TIMEOUT(entries(server, id, u"notified"_s).size(), 2, 70'000);
    const QJsonObject second = entries(server, id, u"notified"_s).at(1).toObject();
    QCOMPARE(second.value(u"details").toObject().value(u"user_id").toString(), server.userId(u"manager"_s));
    const QDateTime at = QDateTime::fromString(second.value(u"at").toString(), Qt::ISODate);
    QVERIFY2(at >= due && at < due.addSecs(2), qPrintable(second.value(u"at").toString()));
    QVERIFY(sinceOpen.elapsed() >= 59'000);
    // And that was the last page: nothing is pending, and nothing more was paged once the engine has caught up
    QCOMPARE(entries(server, id, u"policy_exhausted"_s).size(), 1);
    QVERIFY(server.as(u"viewer"_s, "GET", u"/api/v1/alerts/%1"_s.arg(id)).json().value(u"escalation").toObject()
                .value(u"next_at").isNull());
    QVERIFY2(server.engineCaughtUp(), qPrintable(server.lastError()));
    QCOMPARE(entries(server, id, u"notified"_s).size(), 2);
    QCOMPARE(entries(server, id, u"policy_exhausted"_s).size(), 1);
}

QTEST_GUILESS_MAIN(tst_Alerts)
#include "tst_alerts.moc"
