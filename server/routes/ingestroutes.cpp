// Alerts from monitoring tools, in their own wire formats: Prometheus Alertmanager's webhook (payload version 4,
// POST /integrations/alertmanager/:key), PagerDuty Events API v2 (POST /v2/enqueue) and a subset of the Opsgenie
// Alert API (POST /v2/alerts, /v2/alerts/:id/acknowledge and /close). Each answers as the original does, and each
// ends in AlertingService::ingest() inside a commit group (group commit: see HttpServer::routeGrouped).
#include "ingestroutes.h"

#include "routesupport.h"

#include "alerting/alertingservice.h"
#include "common/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace Vigil {

using namespace Qt::StringLiterals;
using namespace Routes;

namespace {

/// Severity words of monitoring tools → P1–P5 (unknown: P3).
Priority priorityFromSeverity(const QString &severity)
{
    const QString v = severity.trimmed().toLower();
    if (const auto p = priorityFromString(v.toUpper()))
        return *p;
    if (v == u"critical" || v == u"page" || v == u"fatal" || v == u"emergency")
        return Priority::P1;
    if (v == u"error" || v == u"high" || v == u"major")
        return Priority::P2;
    if (v == u"warning" || v == u"warn" || v == u"medium")
        return Priority::P3;
    if (v == u"minor" || v == u"low")
        return Priority::P4;
    if (v == u"info" || v == u"informational" || v == u"none" || v == u"ok")
        return Priority::P5;
    return Priority::P3;
}

} // namespace

HttpResponse IngestRoutes::ingestAlertmanager(const HttpRequest &req)
{
    const auto integration = m_store.secrets().findIntegration(req.args.at(0));
    if (!integration || integration->type != u"alertmanager")
        return HttpResponse::error(err(ErrorCode::Unauthorized, u"unknown or revoked Alertmanager integration key"_s));
    auto body = Json::parseObject(req.body);
    if (!body)
        return HttpResponse::error(body.error());
    const QString version = body->value(u"version"_s).toString();
    if (version != u"4")
        return HttpResponse::error(err(ErrorCode::InvalidField,
                                       QStringLiteral("version must be \"4\" (Alertmanager webhook payload version 4), "
                                                      "not \"%1\"").arg(version),
                                       u"version"_s));
    const QJsonValue alertsValue = body->value(u"alerts"_s);
    if (!alertsValue.isArray())
        return HttpResponse::error(err(ErrorCode::MissingField, u"alerts must be an array"_s, u"alerts"_s));
    const QJsonArray alerts = alertsValue.toArray();
    if (alerts.size() > MaxAlertsPerWebhook)
        return HttpResponse::error(err(ErrorCode::InvalidField,
                                       QStringLiteral("at most %1 alerts per notification; set max_alerts in the "
                                                      "webhook_config").arg(MaxAlertsPerWebhook),
                                       u"alerts"_s));
    QList<AlertEvent> events;
    for (qsizetype i = 0; i < alerts.size(); ++i) {
        const QJsonObject am = alerts.at(i).toObject();
        const QJsonObject labels = am.value(u"labels"_s).toObject();
        const QJsonObject annotations = am.value(u"annotations"_s).toObject();
        const QString fingerprint = am.value(u"fingerprint"_s).toString();
        const QString status = am.value(u"status"_s).toString();
        if (fingerprint.isEmpty())
            return HttpResponse::error(err(ErrorCode::MissingField, u"fingerprint is required"_s,
                                           QStringLiteral("alerts[%1].fingerprint").arg(i)));
        if (status != u"firing" && status != u"resolved")
            return HttpResponse::error(err(ErrorCode::InvalidField, u"status must be firing or resolved"_s,
                                           QStringLiteral("alerts[%1].status").arg(i)));
        AlertEvent ev;
        ev.action = status == u"firing" ? AlertEvent::Action::Trigger : AlertEvent::Action::Resolve;
        ev.serviceId = integration->serviceId;
        ev.integrationId = integration->id;
        ev.integrationType = u"alertmanager"_s;
        ev.alias = fingerprint;
        const QString name = labels.value(u"alertname"_s).toString();
        ev.message = annotations.value(u"summary"_s).toString();
        if (ev.message.isEmpty())
            ev.message = name.isEmpty() ? u"Alertmanager alert"_s : name;
        ev.description = annotations.value(u"description"_s).toString();
        ev.priority = priorityFromSeverity(labels.value(u"severity"_s).toString());
        ev.source = labels.value(u"instance"_s).toString();
        if (ev.source.isEmpty())
            ev.source = body->value(u"externalURL"_s).toString();
        for (auto it = labels.begin(); it != labels.end(); ++it)
            ev.tags.append(it.key() + u'=' + it.value().toString());
        ev.details = QJsonObject{{u"labels"_s, labels},
                                 {u"annotations"_s, annotations},
                                 {u"starts_at"_s, am.value(u"startsAt"_s)},
                                 {u"generator_url"_s, am.value(u"generatorURL"_s)},
                                 {u"group_key"_s, body->value(u"groupKey"_s)},
                                 {u"receiver"_s, body->value(u"receiver"_s)}};
        fitToLimits(ev);
        events.append(ev);
    }
    const Status st = m_store.writeGrouped([&]() -> Status {
        for (const AlertEvent &ev : events) {
            if (auto r = m_alerting.ingest(ev); !r)
                return r.error();
        }
        return Ok{};
    });
    if (!st)
        return HttpResponse::error(st.error());
    return HttpResponse::json(200, QJsonObject{{u"status"_s, u"success"_s}, {u"alerts"_s, int(events.size())}});
}

namespace {

/// PagerDuty's answer to an event it cannot take (HTTP 400).
HttpResponse pagerDutyInvalid(const QString &error)
{
    return HttpResponse::json(400, QJsonObject{{u"status"_s, u"invalid event"_s},
                                               {u"message"_s, u"Event object is invalid"_s},
                                               {u"errors"_s, QJsonArray{error}}});
}

} // namespace

HttpResponse IngestRoutes::ingestPagerDuty(const HttpRequest &req)
{
    const QJsonDocument doc = QJsonDocument::fromJson(req.body);
    if (!doc.isObject())
        return pagerDutyInvalid(u"Event object is not valid JSON"_s);
    const QJsonObject e = doc.object();
    const QString routingKey = e.value(u"routing_key"_s).toString();
    if (routingKey.size() != 32)
        return pagerDutyInvalid(u"Length of 'routing_key' is incorrect (should be 32 characters)"_s);
    const QString action = e.value(u"event_action"_s).toString();
    if (action != u"trigger" && action != u"acknowledge" && action != u"resolve")
        return pagerDutyInvalid(u"'event_action' is invalid (must be one of trigger, acknowledge, resolve)"_s);
    QString dedupKey = e.value(u"dedup_key"_s).toString();
    if (dedupKey.size() > 255)
        return pagerDutyInvalid(u"'dedup_key' is too long (maximum is 255 characters)"_s);
    if (action != u"trigger" && dedupKey.isEmpty())
        return pagerDutyInvalid(u"'dedup_key' is required for acknowledge and resolve events"_s);
    const QJsonObject payload = e.value(u"payload"_s).toObject();
    AlertEvent ev;
    if (action == u"trigger") {
        const QString summary = payload.value(u"summary"_s).toString();
        const QString source = payload.value(u"source"_s).toString();
        const QString severity = payload.value(u"severity"_s).toString();
        if (summary.isEmpty())
            return pagerDutyInvalid(u"'payload.summary' is missing or blank"_s);
        if (source.isEmpty())
            return pagerDutyInvalid(u"'payload.source' is missing or blank"_s);
        if (severity != u"critical" && severity != u"error" && severity != u"warning" && severity != u"info")
            return pagerDutyInvalid(u"'payload.severity' is invalid (must be one of critical, error, warning, info)"_s);
        ev.message = summary;
        ev.source = source;
        ev.priority = priorityFromSeverity(severity);
        for (const char *k : {"component", "group", "class"}) {
            const QString v = payload.value(QLatin1String(k)).toString();
            if (!v.isEmpty())
                ev.tags.append(QLatin1String(k) + u'=' + v);
        }
        ev.details = QJsonObject{{u"custom_details"_s, payload.value(u"custom_details"_s)},
                                 {u"timestamp"_s, payload.value(u"timestamp"_s)},
                                 {u"links"_s, e.value(u"links"_s)},
                                 {u"client"_s, e.value(u"client"_s)},
                                 {u"client_url"_s, e.value(u"client_url"_s)}};
        const QJsonValue custom = payload.value(u"custom_details"_s);
        ev.description = custom.isString() ? custom.toString()
                                           : QString::fromUtf8(QJsonDocument(custom.toObject()).toJson(QJsonDocument::Indented));
        if (dedupKey.isEmpty())
            dedupKey = QUuid::createUuid().toString(QUuid::Id128);
    }
    const auto integration = m_store.secrets().findIntegration(routingKey);
    if (!integration || integration->type != u"pagerduty")
        return pagerDutyInvalid(u"'routing_key' does not match an active integration"_s);
    ev.action = action == u"trigger" ? AlertEvent::Action::Trigger
                : action == u"acknowledge" ? AlertEvent::Action::Acknowledge : AlertEvent::Action::Resolve;
    ev.serviceId = integration->serviceId;
    ev.integrationId = integration->id;
    ev.integrationType = u"pagerduty"_s;
    ev.alias = dedupKey;
    fitToLimits(ev);
    const Status st = m_store.writeGrouped([&]() -> Status {
        auto r = m_alerting.ingest(ev);
        return r ? Status(Ok{}) : Status(r.error());
    });
    if (!st)
        return HttpResponse::error(st.error());
    return HttpResponse::json(202, QJsonObject{{u"status"_s, u"success"_s},
                                               {u"message"_s, u"Event processed"_s},
                                               {u"dedup_key"_s, dedupKey}});
}

namespace {

/// Opsgenie's answer shape: {"result"|"message", "took", "requestId"}.
HttpResponse opsgenie(int status, const QString &text)
{
    const QString member = status == 202 ? u"result"_s : u"message"_s;
    return HttpResponse::json(status, QJsonObject{{member, text},
                                                  {u"took"_s, 0.001},
                                                  {u"requestId"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}});
}

} // namespace

HttpResponse IngestRoutes::ingestOpsgenie(const HttpRequest &req, const QString &action)
{
    const QByteArray auth = req.header("authorization");
    if (!auth.startsWith("GenieKey "))
        return opsgenie(401, u"Could not authenticate"_s);
    const auto integration = m_store.secrets().findIntegration(QString::fromUtf8(auth.mid(9)).trimmed());
    if (!integration || integration->type != u"opsgenie")
        return opsgenie(401, u"Could not authenticate"_s);
    QJsonObject body;
    if (!req.body.trimmed().isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(req.body);
        if (!doc.isObject())
            return opsgenie(400, u"Could not parse the request body as JSON"_s);
        body = doc.object();
    }
    AlertEvent ev;
    ev.serviceId = integration->serviceId;
    ev.integrationId = integration->id;
    ev.integrationType = u"opsgenie"_s;
    if (action.isEmpty()) {
        const QString message = body.value(u"message"_s).toString().trimmed();
        if (message.isEmpty())
            return opsgenie(422, u"Message can not be empty."_s);
        if (message.size() > 130)
            return opsgenie(422, u"Message can not be longer than 130 characters."_s);
        const QString alias = body.value(u"alias"_s).toString();
        if (alias.size() > 512)
            return opsgenie(422, u"Alias can not be longer than 512 characters."_s);
        const QString priority = body.value(u"priority"_s).toString(u"P3"_s);
        if (!priorityFromString(priority))
            return opsgenie(422, u"Priority should be one of [P1, P2, P3, P4, P5]"_s);
        ev.action = AlertEvent::Action::Trigger;
        ev.message = message;
        ev.alias = alias;
        ev.description = body.value(u"description"_s).toString();
        ev.priority = *priorityFromString(priority);
        ev.source = body.value(u"source"_s).toString();
        for (const auto &t : body.value(u"tags"_s).toArray())
            ev.tags.append(t.toString());
        ev.details = QJsonObject{{u"details"_s, body.value(u"details"_s)},
                                 {u"entity"_s, body.value(u"entity"_s)},
                                 {u"responders"_s, body.value(u"responders"_s)},
                                 {u"user"_s, body.value(u"user"_s)},
                                 {u"note"_s, body.value(u"note"_s)}};
    } else {
        const QString type = req.queryValue(u"identifierType"_s).isEmpty() ? u"id"_s : req.queryValue(u"identifierType"_s);
        if (type != u"id" && type != u"alias")
            return opsgenie(422, u"identifierType should be one of [id, alias]"_s);
        ev.action = action == u"acknowledge" ? AlertEvent::Action::Acknowledge : AlertEvent::Action::Resolve;
        ev.alias = req.args.at(0);
        if (type == u"id") {
            // By id: the alias of that alert on this integration's service.
            auto stored = m_store.get(Kind::Alert, req.args.at(0));
            if (!stored || stored->value(u"service_id"_s).toString() != integration->serviceId)
                return opsgenie(404, u"Alert with id [%1] does not exist"_s.replace(u"%1"_s, req.args.at(0)));
            ev.alias = stored->value(u"alias"_s).toString();
        }
    }
    fitToLimits(ev);
    const Status st = m_store.writeGrouped([&]() -> Status {
        auto r = m_alerting.ingest(ev);
        return r ? Status(Ok{}) : Status(r.error());
    });
    if (!st)
        return opsgenie(st.error().code == QLatin1String(ErrorCode::InvalidField) ? 422 : 500, st.error().message);
    return opsgenie(202, u"Request will be processed"_s);
}

void IngestRoutes::registerRoutes(HttpServer &server)
{
    // Monitoring tools
    server.routeGrouped(u"POST"_s, u"/integrations/alertmanager/:key"_s, [this](const HttpRequest &req) { return ingestAlertmanager(req); });
    server.routeGrouped(u"POST"_s, u"/v2/enqueue"_s, [this](const HttpRequest &req) { return ingestPagerDuty(req); });
    server.routeGrouped(u"POST"_s, u"/v2/alerts"_s, [this](const HttpRequest &req) { return ingestOpsgenie(req, {}); });
    server.routeGrouped(u"POST"_s, u"/v2/alerts/:id/acknowledge"_s,
                 [this](const HttpRequest &req) { return ingestOpsgenie(req, u"acknowledge"_s); });
    server.routeGrouped(u"POST"_s, u"/v2/alerts/:id/close"_s, [this](const HttpRequest &req) { return ingestOpsgenie(req, u"close"_s); });
}

} // namespace Vigil
