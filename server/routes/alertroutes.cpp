// Alerts as people see them: the list, one alert and its log, alerts sent by people and scripts with a user's token
// (POST /api/v1/alerts), and the actions (acknowledge, close, snooze, ...). Monitoring tools send theirs through
// routes/ingestroutes.cpp; both end in AlertingService.
#include "alertroutes.h"

#include "routesupport.h"

#include "alerting/alertingservice.h"
#include "common/json.h"

#include <QJsonArray>

namespace Vigil {

using namespace Qt::StringLiterals;
using namespace Routes;

namespace {

constexpr int MaxMessage = 500;

} // namespace

void AlertRoutes::registerRoutes(HttpServer &server)
{
    // Alerts
    const QString alerts = u"/api/v1/alerts"_s;
    server.route(u"GET"_s, alerts, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            return listRecent(Kind::Alert, req,
                              {{u"status"_s, u"status"_s, alertStatusNames()}, {u"priority"_s, u"priority"_s, priorityNames()},
                               {u"service_id"_s, u"service_id"_s, {}}, {u"team_id"_s, u"team_id"_s, {}},
                               {u"owner_id"_s, u"owner_id"_s, {}}},
                              false, [](const QJsonObject &row) { return row; });
        });
    });
    server.route(u"GET"_s, alerts + u"/:id"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto o = m_store.get(Kind::Alert, req.args.at(0));
            return o ? HttpResponse::json(200, o.value()) : HttpResponse::error(o.error());
        });
    });
    server.route(u"GET"_s, alerts + u"/:id/log"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &p) {
            if (auto o = m_store.get(Kind::Alert, req.args.at(0)); !o)
                return HttpResponse::error(o.error());
            QJsonArray items;
            for (QJsonObject row : m_store.select(Kind::AlertLog, u"alert_id = ?"_s, {req.args.at(0)}, u"rev"_s)) {
                for (const char *k : {"version", "created_at", "updated_at"})
                    row.remove(QLatin1String(k));
                // Delivery outcomes only for the paged person and admins.
                items.append(alertLogEntryFor(row, p.userId, p.role == Role::Admin));
            }
            return HttpResponse::json(200, QJsonObject{{u"items"_s, items}, {u"next_cursor"_s, QJsonValue::Null}});
        });
    });
    // Native ingest with a user's token: the same de-duplication as every other path. 201 for a new alert, 200 for
    // a repeat (the alert with its count).
    server.routeGrouped(u"POST"_s, alerts, [this](const HttpRequest &req) {
        return guarded(req, Role::Responder, [&](const Principal &p) {
            auto body = Json::parseObject(req.body);
            if (!body)
                return HttpResponse::error(body.error());
            if (auto st = Json::onlyKnown(body.value(), {u"service_id"_s, u"message"_s, u"description"_s, u"priority"_s,
                                                         u"source"_s, u"tags"_s, u"details"_s, u"alias"_s});
                !st)
                return HttpResponse::error(st.error());
            AlertEvent ev;
            auto service = Json::string(body.value(), u"service_id"_s, true);
            auto message = Json::string(body.value(), u"message"_s, true);
            auto priority = Json::oneOf(body.value(), u"priority"_s, priorityNames(), false, u"P3"_s);
            for (const auto *r : {&service, &message, &priority}) {
                if (!*r)
                    return HttpResponse::error(r->error());
            }
            if (message->trimmed().isEmpty() || message->size() > MaxMessage)
                return HttpResponse::error(err(ErrorCode::InvalidField,
                                               QStringLiteral("message must be 1–%1 characters").arg(MaxMessage), u"message"_s));
            const QJsonValue tags = body->value(u"tags"_s);
            if (!tags.isUndefined() && !tags.isArray())
                return HttpResponse::error(err(ErrorCode::InvalidField, u"tags must be an array of strings"_s, u"tags"_s));
            if (tags.toArray().size() > MaxTags)
                return HttpResponse::error(
                    err(ErrorCode::InvalidField, QStringLiteral("tags must have at most %1 items").arg(MaxTags), u"tags"_s));
            for (qsizetype i = 0; i < tags.toArray().size(); ++i) {
                const QJsonValue tag = tags.toArray().at(i);
                const QString field = QStringLiteral("tags[%1]").arg(i);
                if (!tag.isString())
                    return HttpResponse::error(err(ErrorCode::InvalidField, field + u" must be a string"_s, field));
                if (tag.toString().size() > MaxTagLength)
                    return HttpResponse::error(err(
                        ErrorCode::InvalidField, QStringLiteral("%1 must be at most %2 characters").arg(field).arg(MaxTagLength), field));
            }
            const QJsonValue details = body->value(u"details"_s);
            if (!details.isUndefined() && !details.isObject())
                return HttpResponse::error(err(ErrorCode::InvalidField, u"details must be an object"_s, u"details"_s));
            if (detailsBytes(details.toObject()) > MaxDetailsBytes)
                return HttpResponse::error(err(ErrorCode::InvalidField,
                                               QStringLiteral("details must be at most %1 bytes as JSON").arg(MaxDetailsBytes),
                                               u"details"_s));
            ev.serviceId = service.value();
            ev.message = message.value();
            ev.priority = *priorityFromString(priority.value());
            ev.description = body->value(u"description"_s).toString();
            ev.source = body->value(u"source"_s).toString();
            for (const auto &t : tags.toArray())
                ev.tags.append(t.toString());
            ev.details = details.toObject();
            ev.alias = body->value(u"alias"_s).toString();
            ev.actorId = p.userId;
            ev.integrationType = u"native"_s;
            AlertingService::IngestResult result;
            const Status st = m_store.writeGrouped([&]() -> Status {
                auto r = m_alerting.ingest(ev);
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
    for (const QString &name : AlertingService::actionNames()) {
        server.route(u"POST"_s, alerts + u"/:id/"_s + name, [this, name](const HttpRequest &req) {
            return guarded(req, Role::Responder, [&](const Principal &p) {
                auto body = optionalJsonBody(req);
                if (!body)
                    return HttpResponse::error(body.error());
                HttpResponse out = mutate(req, p, 200, [&] { return m_alerting.act(req.args.at(0), name, p.userId, body.value()); });
                // Actions commit on their own, not in a group: the engine looks again now (a stopped or moved step).
                m_alerting.wakeEscalation();
                return out;
            });
        });
    }
}

} // namespace Vigil
