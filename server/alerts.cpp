// Alerts: escalation policies, service integrations, the alert actions, and ingest in the wire formats of the
// tools teams already run — native JSON, Prometheus Alertmanager's webhook (payload version 4), PagerDuty Events
// API v2 and a subset of the Opsgenie Alert API. Every ingest path ends in Api::ingest(): one transaction that
// opens or de-duplicates (or acknowledges / closes) an alert, appends to its log and starts its escalation.
#include "api.h"
#include "apisupport.h"
#include "escalationengine.h"

#include "alerts/alert.h"
#include "alerts/escalation.h"
#include "common/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUuid>

namespace Vigil {

using ApiSupport::checkIfMatch;
using ApiSupport::stamp;

namespace {

QString s(const char *text) { return QString::fromUtf8(text); }

Error err(const char *code, const QString &message, const QString &field = {})
{
    return Error::make(code, message, field);
}

constexpr int MaxMessage = 500;
constexpr int MaxDescription = 65536;

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

QString oneLine(QString text, int max)
{
    text.replace(u'\r', u' ').replace(u'\n', u' ');
    text = text.trimmed();
    return text.size() > max ? text.left(max - 1) + u'…' : text;
}

} // namespace

namespace ApiSupport {

Result<QJsonArray> validateMaintenanceWindows(const QJsonValue &value)
{
    if (!value.isArray())
        return err(ErrorCode::InvalidField, s("maintenance_windows must be an array"), s("maintenance_windows"));
    QJsonArray out;
    const QJsonArray in = value.toArray();
    for (qsizetype i = 0; i < in.size(); ++i) {
        const QString field = QStringLiteral("maintenance_windows[%1]").arg(i);
        const QJsonObject w = in.at(i).toObject();
        if (auto st = Json::onlyKnown(w, {s("start"), s("end"), s("reason")}); !st)
            return Error{st.error().code, st.error().message, field + u'.' + st.error().field, {}};
        const QDateTime start = Json::parseTime(w.value(s("start")).toString());
        const QDateTime end = Json::parseTime(w.value(s("end")).toString());
        if (!start.isValid())
            return err(ErrorCode::InvalidField, s("start must be an RFC 3339 time"), field + s(".start"));
        if (!end.isValid() || end <= start)
            return err(ErrorCode::InvalidField, s("end must be an RFC 3339 time after start"), field + s(".end"));
        out.append(QJsonObject{{s("start"), Json::formatTime(start)},
                               {s("end"), Json::formatTime(end)},
                               {s("reason"), oneLine(w.value(s("reason")).toString(), 200)}});
    }
    return out;
}

} // namespace ApiSupport

// --- escalation policies -----------------------------------------------------------------------------------------

Result<QJsonObject> Api::savePolicy(const QJsonObject &body, const QString &id)
{
    QJsonObject before;
    if (!id.isEmpty()) {
        auto cur = m_store.get(Kind::EscalationPolicy, id);
        if (!cur)
            return cur.error();
        before = cur.value();
    }
    QJsonObject merged = before;
    for (auto it = body.begin(); it != body.end(); ++it)
        merged.insert(it.key(), it.value());
    auto policy = EscalationPolicy::fromJson(merged);
    if (!policy)
        return policy.error();
    if (!policy->teamId.isEmpty()) {
        if (auto st = checkRef(Kind::Team, s("team_id"), policy->teamId); !st)
            return st.error();
    }
    for (qsizetype r = 0; r < policy->rules.size(); ++r) {
        for (qsizetype t = 0; t < policy->rules.at(r).targets.size(); ++t) {
            const EscalationTarget &target = policy->rules.at(r).targets.at(t);
            const Kind kind = target.type == EscalationTarget::Type::User       ? Kind::User
                              : target.type == EscalationTarget::Type::Schedule ? Kind::Schedule
                                                                               : Kind::Team;
            if (auto st = checkRef(kind, QStringLiteral("rules[%1].targets[%2].id").arg(r).arg(t), target.id); !st)
                return st.error();
        }
    }
    const QString name = policy->name.trimmed();
    const bool taken = id.isEmpty()
        ? !m_store.select(Kind::EscalationPolicy, s("name = ?"), {name}, {}, 1).isEmpty()
        : !m_store.select(Kind::EscalationPolicy, s("name = ? AND id <> ?"), {name, id}, {}, 1).isEmpty();
    if (taken)
        return err(ErrorCode::Conflict, QStringLiteral("an escalation policy named %1 exists").arg(name), s("name"));
    policy.value().name = name;
    QJsonObject o = policy->toJson();
    for (const char *k : {"id", "version", "created_at", "updated_at"})
        o.remove(QLatin1String(k));
    o = stamp(o, before, m_clock.now(), id.isEmpty() ? Json::newId() : id);
    if (auto st = m_store.put(Kind::EscalationPolicy, o); !st)
        return st.error();
    return o;
}

// --- alerts -------------------------------------------------------------------------------------------------------

Status Api::appendAlertLog(const QString &alertId, const QString &type, const QString &actorId, const QString &message,
                           const QJsonObject &details)
{
    AlertLogEntry e{Json::newId(), alertId, m_clock.now(), type, actorId, message, details};
    QJsonObject o = e.toJson();
    o.insert(s("version"), 1);
    o.insert(s("created_at"), Json::formatTime(e.at));
    o.insert(s("updated_at"), Json::formatTime(e.at));
    return m_store.put(Kind::AlertLog, o);
}

Status Api::saveAlert(Alert &a, const QJsonObject &stored, QJsonObject *written)
{
    const QDateTime now = m_clock.now();
    if (a.version == 0) {
        a.createdAt = now;
        a.lastSeenAt = now;
        a.version = 1;
    } else {
        ++a.version;
    }
    a.updatedAt = now;
    const QJsonObject o = a.toJson();
    if (written)
        *written = o;
    return stored.isEmpty() ? m_store.put(Kind::Alert, o) : m_store.put(Kind::Alert, o, stored);
}

Result<Api::IngestResult> Api::ingest(const AlertEvent &ev)
{
    const QDateTime now = m_clock.now();
    // The alert this event is about: the open (or acknowledged) one with this alias on this service.
    QJsonObject currentRow;
    if (!ev.alias.isEmpty()) {
        currentRow = m_store.first(Kind::Alert, s("service_id = ? AND alias = ? AND status <> 'closed'"),
                                   {ev.serviceId, ev.alias}, s("created_at DESC"))
                         .value_or(QJsonObject());
    }
    // An open alert vouches for its service (a service with alerts cannot be deleted): only without one is the
    // service read, to open an alert on it or to say it does not exist.
    QJsonObject service;
    if (currentRow.isEmpty()) {
        auto found = m_store.get(Kind::Service, ev.serviceId);
        if (!found)
            return err(ErrorCode::InvalidField, QStringLiteral("no service %1").arg(ev.serviceId), s("service_id"));
        service = found.value();
    }
    const QJsonObject via{{s("integration_type"), ev.integrationType},
                          {s("integration_id"), ev.integrationId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(ev.integrationId)}};
    if (ev.action == AlertEvent::Action::Trigger) {
        if (!currentRow.isEmpty()) {
            // A repeat moves four members of the stored document; the alert is not decoded and re-encoded.
            const QJsonObject o = Alert::seenAgain(currentRow, now);
            const QString id = o.value(s("id")).toString();
            if (auto st = m_store.put(Kind::Alert, o, currentRow); !st)
                return st.error();
            if (auto st = appendAlertLog(id, s("deduplicated"), ev.actorId,
                                         QStringLiteral("Seen again (%1 times); nobody is paged again")
                                             .arg(o.value(s("count")).toInteger()),
                                         via);
                !st)
                return st.error();
            return IngestResult{o, true};
        }
        Alert a;
        a.id = Json::newId();
        a.serviceId = ev.serviceId;
        a.teamId = service.value(s("team_id")).toString();
        a.message = oneLine(ev.message, MaxMessage);
        a.description = ev.description.left(MaxDescription);
        a.priority = ev.priority;
        a.source = oneLine(ev.source, 200);
        a.tags = ev.tags;
        a.details = ev.details;
        a.alias = ev.alias.isEmpty() ? a.id : ev.alias;
        a.lastSeenAt = now;
        a.integrationId = ev.integrationId;
        a.integrationType = ev.integrationType;
        a.inMaintenance = EscalationEngine::maintenanceEnd(service, now).isValid();
        a.policyId = service.value(s("escalation_policy_id")).toString();
        const auto step = EscalationEngine::prepare(m_store, now, a);
        const auto received = [&] {
            return appendAlertLog(a.id, s("received"), ev.actorId, QStringLiteral("Received from %1").arg(ev.integrationType), via);
        };
        QJsonObject written;
        if (m_engine && step) {
            // Rule 0 due at once fires in this same transaction: one commit per new alert, pages included.
            auto fired = m_engine->fireNew(a, *step, received, &written);
            if (!fired)
                return fired.error();
            if (fired.value())
                return IngestResult{written, false};
        }
        if (auto st = saveAlert(a, {}, &written); !st)
            return st.error();
        if (auto st = received(); !st)
            return st.error();
        if (auto st = EscalationEngine::begin(m_store, *this, a, step); !st)
            return st.error();
        return IngestResult{written, false};
    }
    if (currentRow.isEmpty())
        return IngestResult{}; // nothing open under this alias: nothing to do (as the originals)
    auto current = Alert::fromJson(currentRow);
    if (!current)
        return current.error();
    const QString action = ev.action == AlertEvent::Action::Acknowledge ? s("acknowledge") : s("close");
    auto changed = applyAction(current.value(), action, ev.actorId, {}, via);
    if (!changed)
        return changed.error();
    return IngestResult{changed.value(), false};
}

Result<QJsonObject> Api::applyAction(Alert &a, const QString &action, const QString &actorId, const QJsonObject &body,
                                     const QJsonObject &logDetails)
{
    const QDateTime now = m_clock.now();
    QString type = action;
    QString message;
    QJsonObject details = logDetails;
    if (action == u"acknowledge") {
        if (a.status != AlertStatus::Open)
            return err(ErrorCode::InvalidTransition, QStringLiteral("the alert is %1").arg(toString(a.status)), s("status"));
        a.status = AlertStatus::Acknowledged;
        a.acknowledgedBy = actorId;
        a.acknowledgedAt = now;
        type = s("acknowledged");
        message = s("Acknowledged: escalation stopped");
    } else if (action == u"unacknowledge") {
        if (a.status != AlertStatus::Acknowledged)
            return err(ErrorCode::InvalidTransition, QStringLiteral("the alert is %1").arg(toString(a.status)), s("status"));
        a.status = AlertStatus::Open;
        a.acknowledgedBy.clear();
        a.acknowledgedAt = {};
        type = s("unacknowledged");
        message = s("Unacknowledged: escalation starts again");
    } else if (action == u"close") {
        if (a.status == AlertStatus::Closed)
            return err(ErrorCode::InvalidTransition, s("the alert is closed"), s("status"));
        a.status = AlertStatus::Closed;
        a.closedBy = actorId;
        a.closedAt = now;
        type = s("closed");
        message = s("Closed");
    } else if (action == u"snooze") {
        if (a.status == AlertStatus::Closed)
            return err(ErrorCode::InvalidTransition, s("the alert is closed"), s("status"));
        const QDateTime until = Json::parseTime(body.value(s("until")).toString());
        if (!until.isValid() || until <= now)
            return err(ErrorCode::InvalidField, s("until must be an RFC 3339 time in the future"), s("until"));
        a.snoozedUntil = until;
        type = s("snoozed");
        message = QStringLiteral("Snoozed until %1").arg(Json::formatTime(until));
        details.insert(s("until"), Json::formatTime(until));
    } else if (action == u"assign") {
        if (a.status == AlertStatus::Closed)
            return err(ErrorCode::InvalidTransition, s("the alert is closed"), s("status"));
        const QString user = body.value(s("user_id")).toString();
        if (user.isEmpty())
            return err(ErrorCode::MissingField, s("user_id is required"), s("user_id"));
        if (auto st = checkRef(Kind::User, s("user_id"), user); !st)
            return st.error();
        a.ownerId = user;
        type = s("assigned");
        message = s("Assigned");
        details.insert(s("user_id"), user);
    } else if (action == u"notes") {
        const QString note = body.value(s("body")).toString().trimmed();
        if (note.isEmpty())
            return err(ErrorCode::MissingField, s("body is required"), s("body"));
        if (note.size() > 10000)
            return err(ErrorCode::InvalidField, s("body must be at most 10000 characters"), s("body"));
        type = s("note");
        message = note;
    } else if (action == u"escalate") {
        if (a.status == AlertStatus::Closed)
            return err(ErrorCode::InvalidTransition, s("the alert is closed"), s("status"));
        type = s("escalated");
        message = s("Escalated now by hand");
    } else {
        return err(ErrorCode::NotFound, QStringLiteral("no alert action %1").arg(action));
    }
    if (type == u"acknowledged" || type == u"unacknowledged" || type == u"closed" || type == u"escalated")
        a.snoozedUntil = {};
    if (type != u"note") {
        if (auto st = EscalationEngine::onAction(m_store, *this, a, type); !st)
            return st.error();
        if (auto st = saveAlert(a); !st)
            return st.error();
    }
    if (auto st = appendAlertLog(a.id, type, actorId, message, details); !st)
        return st.error();
    if (type == u"assigned") {
        if (auto st = EscalationEngine::pageUsers(*this, a, {a.ownerId}, QJsonObject{{s("reason"), s("assigned")}}); !st)
            return st.error();
    }
    return a.toJson();
}

// --- ingest formats ---------------------------------------------------------------------------------------------

HttpResponse Api::ingestAlertmanager(const HttpRequest &req)
{
    const auto integration = m_store.findIntegration(req.args.at(0));
    if (!integration || integration->type != u"alertmanager")
        return HttpResponse::error(err(ErrorCode::Unauthorized, s("unknown or revoked Alertmanager integration key")));
    auto body = Json::parseObject(req.body);
    if (!body)
        return HttpResponse::error(body.error());
    const QString version = body->value(s("version")).toString();
    if (version != u"4")
        return HttpResponse::error(err(ErrorCode::InvalidField,
                                       QStringLiteral("version must be \"4\" (Alertmanager webhook payload version 4), "
                                                      "not \"%1\"").arg(version),
                                       s("version")));
    const QJsonValue alertsValue = body->value(s("alerts"));
    if (!alertsValue.isArray())
        return HttpResponse::error(err(ErrorCode::MissingField, s("alerts must be an array"), s("alerts")));
    const QJsonArray alerts = alertsValue.toArray();
    QList<AlertEvent> events;
    for (qsizetype i = 0; i < alerts.size(); ++i) {
        const QJsonObject am = alerts.at(i).toObject();
        const QJsonObject labels = am.value(s("labels")).toObject();
        const QJsonObject annotations = am.value(s("annotations")).toObject();
        const QString fingerprint = am.value(s("fingerprint")).toString();
        const QString status = am.value(s("status")).toString();
        if (fingerprint.isEmpty())
            return HttpResponse::error(err(ErrorCode::MissingField, s("fingerprint is required"),
                                           QStringLiteral("alerts[%1].fingerprint").arg(i)));
        if (status != u"firing" && status != u"resolved")
            return HttpResponse::error(err(ErrorCode::InvalidField, s("status must be firing or resolved"),
                                           QStringLiteral("alerts[%1].status").arg(i)));
        AlertEvent ev;
        ev.action = status == u"firing" ? AlertEvent::Action::Trigger : AlertEvent::Action::Resolve;
        ev.serviceId = integration->serviceId;
        ev.integrationId = integration->id;
        ev.integrationType = s("alertmanager");
        ev.alias = fingerprint;
        const QString name = labels.value(s("alertname")).toString();
        ev.message = annotations.value(s("summary")).toString();
        if (ev.message.isEmpty())
            ev.message = name.isEmpty() ? s("Alertmanager alert") : name;
        ev.description = annotations.value(s("description")).toString();
        ev.priority = priorityFromSeverity(labels.value(s("severity")).toString());
        ev.source = labels.value(s("instance")).toString();
        if (ev.source.isEmpty())
            ev.source = body->value(s("externalURL")).toString();
        for (auto it = labels.begin(); it != labels.end(); ++it)
            ev.tags.append(it.key() + u'=' + it.value().toString());
        ev.details = QJsonObject{{s("labels"), labels},
                                 {s("annotations"), annotations},
                                 {s("starts_at"), am.value(s("startsAt"))},
                                 {s("generator_url"), am.value(s("generatorURL"))},
                                 {s("group_key"), body->value(s("groupKey"))},
                                 {s("receiver"), body->value(s("receiver"))}};
        events.append(ev);
    }
    const Status st = m_store.writeGrouped([&]() -> Status {
        for (const AlertEvent &ev : events) {
            if (auto r = ingest(ev); !r)
                return r.error();
        }
        return Ok{};
    });
    if (!st)
        return HttpResponse::error(st.error());
    return HttpResponse::json(200, QJsonObject{{s("status"), s("success")}, {s("alerts"), int(events.size())}});
}

namespace {

/// PagerDuty's answer to an event it cannot take (HTTP 400).
HttpResponse pagerDutyInvalid(const QString &error)
{
    return HttpResponse::json(400, QJsonObject{{s("status"), s("invalid event")},
                                               {s("message"), s("Event object is invalid")},
                                               {s("errors"), QJsonArray{error}}});
}

} // namespace

HttpResponse Api::ingestPagerDuty(const HttpRequest &req)
{
    const QJsonDocument doc = QJsonDocument::fromJson(req.body);
    if (!doc.isObject())
        return pagerDutyInvalid(s("Event object is not valid JSON"));
    const QJsonObject e = doc.object();
    const QString routingKey = e.value(s("routing_key")).toString();
    if (routingKey.size() != 32)
        return pagerDutyInvalid(s("Length of 'routing_key' is incorrect (should be 32 characters)"));
    const QString action = e.value(s("event_action")).toString();
    if (action != u"trigger" && action != u"acknowledge" && action != u"resolve")
        return pagerDutyInvalid(s("'event_action' is invalid (must be one of trigger, acknowledge, resolve)"));
    QString dedupKey = e.value(s("dedup_key")).toString();
    if (dedupKey.size() > 255)
        return pagerDutyInvalid(s("'dedup_key' is too long (maximum is 255 characters)"));
    if (action != u"trigger" && dedupKey.isEmpty())
        return pagerDutyInvalid(s("'dedup_key' is required for acknowledge and resolve events"));
    const QJsonObject payload = e.value(s("payload")).toObject();
    AlertEvent ev;
    if (action == u"trigger") {
        const QString summary = payload.value(s("summary")).toString();
        const QString source = payload.value(s("source")).toString();
        const QString severity = payload.value(s("severity")).toString();
        if (summary.isEmpty())
            return pagerDutyInvalid(s("'payload.summary' is missing or blank"));
        if (source.isEmpty())
            return pagerDutyInvalid(s("'payload.source' is missing or blank"));
        if (severity != u"critical" && severity != u"error" && severity != u"warning" && severity != u"info")
            return pagerDutyInvalid(s("'payload.severity' is invalid (must be one of critical, error, warning, info)"));
        ev.message = summary;
        ev.source = source;
        ev.priority = priorityFromSeverity(severity);
        for (const char *k : {"component", "group", "class"}) {
            const QString v = payload.value(QLatin1String(k)).toString();
            if (!v.isEmpty())
                ev.tags.append(QLatin1String(k) + u'=' + v);
        }
        ev.details = QJsonObject{{s("custom_details"), payload.value(s("custom_details"))},
                                 {s("timestamp"), payload.value(s("timestamp"))},
                                 {s("links"), e.value(s("links"))},
                                 {s("client"), e.value(s("client"))},
                                 {s("client_url"), e.value(s("client_url"))}};
        const QJsonValue custom = payload.value(s("custom_details"));
        ev.description = custom.isString() ? custom.toString()
                                           : QString::fromUtf8(QJsonDocument(custom.toObject()).toJson(QJsonDocument::Indented));
        if (dedupKey.isEmpty())
            dedupKey = QUuid::createUuid().toString(QUuid::Id128);
    }
    const auto integration = m_store.findIntegration(routingKey);
    if (!integration || integration->type != u"pagerduty")
        return pagerDutyInvalid(s("'routing_key' does not match an active integration"));
    ev.action = action == u"trigger" ? AlertEvent::Action::Trigger
                : action == u"acknowledge" ? AlertEvent::Action::Acknowledge : AlertEvent::Action::Resolve;
    ev.serviceId = integration->serviceId;
    ev.integrationId = integration->id;
    ev.integrationType = s("pagerduty");
    ev.alias = dedupKey;
    const Status st = m_store.writeGrouped([&]() -> Status {
        auto r = ingest(ev);
        return r ? Status(Ok{}) : Status(r.error());
    });
    if (!st)
        return HttpResponse::error(st.error());
    return HttpResponse::json(202, QJsonObject{{s("status"), s("success")},
                                               {s("message"), s("Event processed")},
                                               {s("dedup_key"), dedupKey}});
}

namespace {

/// Opsgenie's answer shape: {"result"|"message", "took", "requestId"}.
HttpResponse opsgenie(int status, const QString &text)
{
    const QString member = status == 202 ? s("result") : s("message");
    return HttpResponse::json(status, QJsonObject{{member, text},
                                                  {s("took"), 0.001},
                                                  {s("requestId"), QUuid::createUuid().toString(QUuid::WithoutBraces)}});
}

} // namespace

HttpResponse Api::ingestOpsgenie(const HttpRequest &req, const QString &action)
{
    const QByteArray auth = req.header("authorization");
    if (!auth.startsWith("GenieKey "))
        return opsgenie(401, s("Could not authenticate"));
    const auto integration = m_store.findIntegration(QString::fromUtf8(auth.mid(9)).trimmed());
    if (!integration || integration->type != u"opsgenie")
        return opsgenie(401, s("Could not authenticate"));
    QJsonObject body;
    if (!req.body.trimmed().isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(req.body);
        if (!doc.isObject())
            return opsgenie(400, s("Could not parse the request body as JSON"));
        body = doc.object();
    }
    AlertEvent ev;
    ev.serviceId = integration->serviceId;
    ev.integrationId = integration->id;
    ev.integrationType = s("opsgenie");
    if (action.isEmpty()) {
        const QString message = body.value(s("message")).toString().trimmed();
        if (message.isEmpty())
            return opsgenie(422, s("Message can not be empty."));
        if (message.size() > 130)
            return opsgenie(422, s("Message can not be longer than 130 characters."));
        const QString alias = body.value(s("alias")).toString();
        if (alias.size() > 512)
            return opsgenie(422, s("Alias can not be longer than 512 characters."));
        const QString priority = body.value(s("priority")).toString(s("P3"));
        if (!priorityFromString(priority))
            return opsgenie(422, s("Priority should be one of [P1, P2, P3, P4, P5]"));
        ev.action = AlertEvent::Action::Trigger;
        ev.message = message;
        ev.alias = alias;
        ev.description = body.value(s("description")).toString();
        ev.priority = *priorityFromString(priority);
        ev.source = body.value(s("source")).toString();
        for (const auto &t : body.value(s("tags")).toArray())
            ev.tags.append(t.toString());
        ev.details = QJsonObject{{s("details"), body.value(s("details"))},
                                 {s("entity"), body.value(s("entity"))},
                                 {s("responders"), body.value(s("responders"))},
                                 {s("user"), body.value(s("user"))},
                                 {s("note"), body.value(s("note"))}};
    } else {
        const QString type = req.queryValue(s("identifierType")).isEmpty() ? s("id") : req.queryValue(s("identifierType"));
        if (type != u"id" && type != u"alias")
            return opsgenie(422, s("identifierType should be one of [id, alias]"));
        ev.action = action == u"acknowledge" ? AlertEvent::Action::Acknowledge : AlertEvent::Action::Resolve;
        ev.alias = req.args.at(0);
        if (type == u"id") {
            // By id: the alias of that alert on this integration's service.
            auto stored = m_store.get(Kind::Alert, req.args.at(0));
            if (!stored || stored->value(s("service_id")).toString() != integration->serviceId)
                return opsgenie(404, s("Alert with id [%1] does not exist").replace(s("%1"), req.args.at(0)));
            ev.alias = stored->value(s("alias")).toString();
        }
    }
    const Status st = m_store.writeGrouped([&]() -> Status {
        auto r = ingest(ev);
        return r ? Status(Ok{}) : Status(r.error());
    });
    if (!st)
        return opsgenie(st.error().code == QLatin1String(ErrorCode::InvalidField) ? 422 : 500, st.error().message);
    return opsgenie(202, s("Request will be processed"));
}

void Api::wakeEscalation()
{
    if (m_engine)
        m_engine->wake();
}

void Api::escalationCommitted(bool queuesTouched)
{
    if (m_engine)
        m_engine->committed(queuesTouched);
}

// --- routes -----------------------------------------------------------------------------------------------------

void Api::registerAlertRoutes(HttpServer &server)
{
    const QString policies = s("/api/v1/escalation_policies");
    server.route(s("GET"), policies, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) { return listKind(Kind::EscalationPolicy, req, s("name")); });
    });
    server.route(s("GET"), policies + s("/:id"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto o = m_store.get(Kind::EscalationPolicy, req.args.at(0));
            return o ? HttpResponse::json(200, o.value()) : HttpResponse::error(o.error());
        });
    });
    routeWrite(server, s("POST"), policies, Role::Manager, 201,
               [this](const HttpRequest &, const QJsonObject &body, const Principal &) { return savePolicy(body, {}); });
    routeWrite(server, s("PATCH"), policies + s("/:id"), Role::Manager, 200,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) -> Result<QJsonObject> {
                   auto cur = m_store.get(Kind::EscalationPolicy, req.args.at(0));
                   if (!cur)
                       return cur.error();
                   if (auto st = checkIfMatch(req, s("escalation policy"), cur.value()); !st)
                       return st.error();
                   return savePolicy(body, req.args.at(0));
               });
    server.route(s("DELETE"), policies + s("/:id"), [this](const HttpRequest &req) {
        return guarded(req, Role::Manager, [&](const Principal &) {
            const Status st = m_store.write([&]() -> Status {
                auto cur = m_store.get(Kind::EscalationPolicy, req.args.at(0));
                if (!cur)
                    return cur.error();
                if (auto st = checkIfMatch(req, s("escalation policy"), cur.value()); !st)
                    return st;
                for (const QJsonObject &svc : m_store.select(Kind::Service, {}, {}, s("name"))) {
                    if (svc.value(s("escalation_policy_id")).toString() == req.args.at(0))
                        return err(ErrorCode::Conflict,
                                   QStringLiteral("service %1 follows this policy").arg(svc.value(s("name")).toString()));
                }
                return m_store.remove(Kind::EscalationPolicy, req.args.at(0));
            });
            return st ? HttpResponse{204, {}, "application/json", {}} : HttpResponse::error(st.error());
        });
    });

    // Integrations of a service: the key is shown once, in the creation's answer.
    const QString integrations = s("/api/v1/services/:id/integrations");
    server.route(s("GET"), integrations, [this](const HttpRequest &req) {
        return guarded(req, Role::Manager, [&](const Principal &) {
            if (auto svc = m_store.get(Kind::Service, req.args.at(0)); !svc)
                return HttpResponse::error(svc.error());
            QJsonArray items;
            for (const auto &i : m_store.integrations(req.args.at(0)))
                items.append(i.toJson());
            return HttpResponse::json(200, QJsonObject{{s("items"), items}, {s("next_cursor"), QJsonValue::Null}});
        });
    });
    // Not through mutate(): an Idempotency-Key replay would have to keep the key, which exists only as a hash.
    server.route(s("POST"), integrations, [this](const HttpRequest &req) {
        return guarded(req, Role::Manager, [&](const Principal &) {
            auto body = Json::parseObject(req.body);
            if (!body)
                return HttpResponse::error(body.error());
            if (auto svc = m_store.get(Kind::Service, req.args.at(0)); !svc)
                return HttpResponse::error(svc.error());
            if (auto st = Json::onlyKnown(body.value(), {s("type"), s("name")}); !st)
                return HttpResponse::error(st.error());
            auto type = Json::oneOf(body.value(), s("type"), {s("alertmanager"), s("pagerduty"), s("opsgenie")}, true);
            if (!type)
                return HttpResponse::error(type.error());
            const QString name = oneLine(body->value(s("name")).toString(type.value()), 200);
            QString id;
            Result<QString> key = QString();
            const Status st = m_store.write([&]() -> Status {
                key = m_store.createIntegration(req.args.at(0), type.value(), name, &id);
                return key ? Status(Ok{}) : Status(key.error());
            });
            if (!st)
                return HttpResponse::error(st.error());
            const QString path = type.value() == u"alertmanager" ? s("/integrations/alertmanager/") + key.value()
                                 : type.value() == u"pagerduty"  ? s("/v2/enqueue")
                                                                  : s("/v2/alerts");
            return HttpResponse::json(201, QJsonObject{{s("id"), id}, {s("service_id"), req.args.at(0)}, {s("type"), type.value()},
                                                       {s("name"), name}, {s("key"), key.value()}, {s("path"), path}});
        });
    });
    server.route(s("DELETE"), integrations + s("/:integration"), [this](const HttpRequest &req) {
        return guarded(req, Role::Manager, [&](const Principal &) {
            const Status st = m_store.write([&] { return m_store.revokeIntegration(req.args.at(0), req.args.at(1)); });
            return st ? HttpResponse{204, {}, "application/json", {}} : HttpResponse::error(st.error());
        });
    });

    // Alerts
    const QString alerts = s("/api/v1/alerts");
    server.route(s("GET"), alerts, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            return listRecent(Kind::Alert, req,
                              {{s("status"), s("status"), alertStatusNames()}, {s("priority"), s("priority"), priorityNames()},
                               {s("service_id"), s("service_id"), {}}, {s("team_id"), s("team_id"), {}},
                               {s("owner_id"), s("owner_id"), {}}},
                              false, [](const QJsonObject &row) { return row; });
        });
    });
    server.route(s("GET"), alerts + s("/:id"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto o = m_store.get(Kind::Alert, req.args.at(0));
            return o ? HttpResponse::json(200, o.value()) : HttpResponse::error(o.error());
        });
    });
    server.route(s("GET"), alerts + s("/:id/log"), [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            if (auto o = m_store.get(Kind::Alert, req.args.at(0)); !o)
                return HttpResponse::error(o.error());
            QJsonArray items;
            for (QJsonObject row : m_store.select(Kind::AlertLog, s("alert_id = ?"), {req.args.at(0)}, s("rev"))) {
                for (const char *k : {"version", "created_at", "updated_at"})
                    row.remove(QLatin1String(k));
                items.append(row);
            }
            return HttpResponse::json(200, QJsonObject{{s("items"), items}, {s("next_cursor"), QJsonValue::Null}});
        });
    });
    // Native ingest with a user's token: the same de-duplication as every other path. 201 for a new alert, 200 for
    // a repeat (the alert with its count).
    server.routeGrouped(s("POST"), alerts, [this](const HttpRequest &req) {
        return guarded(req, Role::Responder, [&](const Principal &p) {
            auto body = Json::parseObject(req.body);
            if (!body)
                return HttpResponse::error(body.error());
            if (auto st = Json::onlyKnown(body.value(), {s("service_id"), s("message"), s("description"), s("priority"),
                                                         s("source"), s("tags"), s("details"), s("alias")});
                !st)
                return HttpResponse::error(st.error());
            AlertEvent ev;
            auto service = Json::string(body.value(), s("service_id"), true);
            auto message = Json::string(body.value(), s("message"), true);
            auto priority = Json::oneOf(body.value(), s("priority"), priorityNames(), false, s("P3"));
            for (const auto *r : {&service, &message, &priority}) {
                if (!*r)
                    return HttpResponse::error(r->error());
            }
            if (message->trimmed().isEmpty() || message->size() > MaxMessage)
                return HttpResponse::error(err(ErrorCode::InvalidField,
                                               QStringLiteral("message must be 1–%1 characters").arg(MaxMessage), s("message")));
            const QJsonValue tags = body->value(s("tags"));
            if (!tags.isUndefined() && !tags.isArray())
                return HttpResponse::error(err(ErrorCode::InvalidField, s("tags must be an array of strings"), s("tags")));
            const QJsonValue details = body->value(s("details"));
            if (!details.isUndefined() && !details.isObject())
                return HttpResponse::error(err(ErrorCode::InvalidField, s("details must be an object"), s("details")));
            ev.serviceId = service.value();
            ev.message = message.value();
            ev.priority = *priorityFromString(priority.value());
            ev.description = body->value(s("description")).toString();
            ev.source = body->value(s("source")).toString();
            for (const auto &t : tags.toArray())
                ev.tags.append(t.toString());
            ev.details = details.toObject();
            ev.alias = body->value(s("alias")).toString();
            ev.actorId = p.userId;
            ev.integrationType = s("native");
            IngestResult result;
            const Status st = m_store.writeGrouped([&]() -> Status {
                auto r = ingest(ev);
                if (!r)
                    return r.error();
                result = r.value();
                return Ok{};
            });
            if (!st)
                return HttpResponse::error(st.error());
            return HttpResponse::json(result.deduplicated ? 200 : 201, result.alert);
        });
    });
    // Actions: the body may be empty (acknowledge, close, escalate) or carry the action's members.
    for (const char *action : {"acknowledge", "unacknowledge", "close", "snooze", "assign", "notes", "escalate"}) {
        const QString name = QString::fromLatin1(action);
        server.route(s("POST"), alerts + s("/:id/") + name, [this, name](const HttpRequest &req) {
            return guarded(req, Role::Responder, [&](const Principal &p) {
                auto body = req.body.trimmed().isEmpty() ? Result<QJsonObject>(QJsonObject{}) : Json::parseObject(req.body);
                if (!body)
                    return HttpResponse::error(body.error());
                HttpResponse out = mutate(req, p, 200, [&]() -> Result<QJsonObject> {
                    auto stored = m_store.get(Kind::Alert, req.args.at(0));
                    if (!stored)
                        return stored.error();
                    auto a = Alert::fromJson(stored.value());
                    if (!a)
                        return a.error();
                    return applyAction(a.value(), name, p.userId, body.value(), {});
                });
                wakeEscalation();
                return out;
            });
        });
    }

    // Monitoring tools
    server.routeGrouped(s("POST"), s("/integrations/alertmanager/:key"), [this](const HttpRequest &req) { return ingestAlertmanager(req); });
    server.routeGrouped(s("POST"), s("/v2/enqueue"), [this](const HttpRequest &req) { return ingestPagerDuty(req); });
    server.routeGrouped(s("POST"), s("/v2/alerts"), [this](const HttpRequest &req) { return ingestOpsgenie(req, {}); });
    server.routeGrouped(s("POST"), s("/v2/alerts/:id/acknowledge"),
                 [this](const HttpRequest &req) { return ingestOpsgenie(req, s("acknowledge")); });
    server.routeGrouped(s("POST"), s("/v2/alerts/:id/close"), [this](const HttpRequest &req) { return ingestOpsgenie(req, s("close")); });
}

} // namespace Vigil
