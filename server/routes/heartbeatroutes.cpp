// Heartbeats: a job pings vigild every interval; a missed ping opens an alert on the heartbeat's service
// (alerting/heartbeatmonitor.cpp), the next ping closes it.
#include "heartbeatroutes.h"

#include "routesupport.h"

#include "alerting/alertingservice.h"
#include "alerting/heartbeatmonitor.h"
#include "common/clock.h"
#include "common/json.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace Vigil {

using namespace Qt::StringLiterals;
using namespace Routes;

void HeartbeatRoutes::registerRoutes(HttpServer &server)
{
    const QString base = u"/api/v1/heartbeats"_s;
    server.route(u"GET"_s, base, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            QJsonArray items;
            const QDateTime now = m_clock.now();
            for (const auto &h : m_store.heartbeats().all())
                items.append(h.toJson(now));
            return onePage(items);
        });
    });
    routeWrite(server, u"POST"_s, base, Role::Manager, 201,
               [this](const HttpRequest &, const QJsonObject &body, const Principal &) -> Result<QJsonObject> {
                   if (auto st = Json::onlyKnown(body, {u"name"_s, u"service_id"_s, u"interval_seconds"_s, u"priority"_s}); !st)
                       return st.error();
                   auto name = Json::string(body, u"name"_s, true);
                   if (!name)
                       return name.error();
                   static const QRegularExpression valid(u"^[A-Za-z0-9._-]{1,100}$"_s);
                   if (!valid.match(name.value()).hasMatch())
                       return Error::make(ErrorCode::InvalidField,
                                          u"name must be 1-100 letters, digits, dots, dashes or underscores (it is in the ping URL)"_s,
                                          u"name"_s);
                   auto service = Json::string(body, u"service_id"_s, true);
                   if (!service)
                       return service.error();
                   if (auto st = checkRef(Kind::Service, u"service_id"_s, service.value()); !st)
                       return st.error();
                   auto interval = Json::integer(body, u"interval_seconds"_s, true, 0, 5, 7 * 86400);
                   if (!interval)
                       return interval.error();
                   auto priority = Json::oneOf(body, u"priority"_s, priorityNames(), false, u"P2"_s);
                   if (!priority)
                       return priority.error();
                   const QDateTime now = m_clock.now();
                   Heartbeat h{name.value(), service.value(), int(interval.value()), priority.value(), now, now};
                   if (auto st = m_store.heartbeats().add(h); !st)
                       return st.error();
                   QJsonObject out = h.toJson(now);
                   out.insert(u"ping_path"_s, QStringLiteral("/api/v1/heartbeats/%1/ping").arg(h.name));
                   return out;
               });
    server.route(u"DELETE"_s, base + u"/:name"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Manager, [&](const Principal &) {
            const Status st = m_store.write([&] { return m_store.heartbeats().remove(req.args.at(0)); });
            return st ? noContent() : HttpResponse::error(st.error());
        });
    });
    // A ping records the time and closes the heartbeat's open alert, if any. Responders and up (a job's token).
    server.routeGrouped(u"POST"_s, base + u"/:name/ping"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Responder, [&](const Principal &p) {
            const Status st = m_store.writeGrouped([&]() -> Status {
                if (auto st = m_store.heartbeats().ping(req.args.at(0)); !st)
                    return st;
                const auto h = m_store.heartbeats().find(req.args.at(0));
                AlertEvent ev;
                ev.action = AlertEvent::Action::Resolve;
                ev.serviceId = h->serviceId;
                ev.alias = HeartbeatMonitor::aliasOf(h->name);
                ev.integrationType = u"heartbeat"_s;
                ev.actorId = p.userId;
                auto r = m_alerting.ingest(ev);
                return r ? Status(Ok{}) : Status(r.error());
            });
            if (!st)
                return HttpResponse::error(st.error());
            const auto h = m_store.heartbeats().find(req.args.at(0));
            return HttpResponse::json(200, h->toJson(m_clock.now()));
        });
    });
}

} // namespace Vigil
