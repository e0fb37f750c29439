// Heartbeats: a job pings vigild every interval; a missed ping opens an alert on the heartbeat's service, the next
// ping closes it. Routes: /api/v1/heartbeats (GET any, POST/DELETE manager) and /api/v1/heartbeats/<name>/ping.
#include "heartbeats.h"

#include "api.h"

#include "common/clock.h"
#include "common/json.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QRegularExpression>

Q_LOGGING_CATEGORY(lcHeartbeat, "vigil.server.heartbeat")

namespace Vigil {

namespace {

QString s(const char *text) { return QString::fromUtf8(text); }

QString aliasOf(const QString &name) { return s("heartbeat:") + name; }

} // namespace

HeartbeatMonitor::HeartbeatMonitor(Store &store, Api &api, const Clock &clock, QObject *parent)
    : QObject(parent), m_store(store), m_api(api), m_clock(clock)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, [this] { check(); });
}

void HeartbeatMonitor::start()
{
    check();
    m_timer.start();
}

int HeartbeatMonitor::check()
{
    if (!m_store.holdsEngineLock())
        return 0;
    const QDateTime now = m_clock.now();
    int opened = 0;
    for (const Store::Heartbeat &h : m_store.heartbeats()) {
        if (h.lastPing.addSecs(h.intervalSeconds) >= now)
            continue;
        const bool open = !m_store.select(Kind::Alert, s("service_id = ? AND alias = ? AND status <> 'closed'"),
                                          {h.serviceId, aliasOf(h.name)}, {}, 1).isEmpty();
        if (open)
            continue;
        Api::AlertEvent ev;
        ev.serviceId = h.serviceId;
        ev.alias = aliasOf(h.name);
        ev.message = QStringLiteral("Heartbeat %1 missed: no ping since %2").arg(h.name, Json::formatTime(h.lastPing));
        ev.description = QStringLiteral("The heartbeat %1 expects a ping every %2 s. The job that pings it may have "
                                        "stopped, or cannot reach vigild.")
                             .arg(h.name)
                             .arg(h.intervalSeconds);
        ev.priority = priorityFromString(h.priority).value_or(Priority::P2);
        ev.source = s("heartbeat");
        ev.tags = {s("heartbeat=") + h.name};
        ev.integrationType = s("heartbeat");
        const Status st = m_store.write([&]() -> Status {
            auto r = m_api.ingest(ev);
            return r ? Status(Ok{}) : Status(r.error());
        });
        if (!st)
            qCWarning(lcHeartbeat) << "heartbeat" << h.name << "could not open its alert:" << st.error().message;
        else
            ++opened;
    }
    if (opened > 0)
        m_api.wakeEscalation();
    return opened;
}

void Api::registerHeartbeatRoutes(HttpServer &server)
{
    const QString base = s("/api/v1/heartbeats");
    server.route(s("GET"), base, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            QJsonArray items;
            const QDateTime now = m_clock.now();
            for (const auto &h : m_store.heartbeats())
                items.append(h.toJson(now));
            return HttpResponse::json(200, QJsonObject{{s("items"), items}, {s("next_cursor"), QJsonValue::Null}});
        });
    });
    routeWrite(server, s("POST"), base, Role::Manager, 201,
               [this](const HttpRequest &, const QJsonObject &body, const Principal &) -> Result<QJsonObject> {
                   if (auto st = Json::onlyKnown(body, {s("name"), s("service_id"), s("interval_seconds"), s("priority")}); !st)
                       return st.error();
                   auto name = Json::string(body, s("name"), true);
                   if (!name)
                       return name.error();
                   static const QRegularExpression valid(s("^[A-Za-z0-9._-]{1,100}$"));
                   if (!valid.match(name.value()).hasMatch())
                       return Error::make(ErrorCode::InvalidField,
                                          s("name must be 1-100 letters, digits, dots, dashes or underscores (it is in the ping URL)"),
                                          s("name"));
                   auto service = Json::string(body, s("service_id"), true);
                   if (!service)
                       return service.error();
                   if (auto st = checkRef(Kind::Service, s("service_id"), service.value()); !st)
                       return st.error();
                   auto interval = Json::integer(body, s("interval_seconds"), true, 0, 5, 7 * 86400);
                   if (!interval)
                       return interval.error();
                   auto priority = Json::oneOf(body, s("priority"), priorityNames(), false, s("P2"));
                   if (!priority)
                       return priority.error();
                   const QDateTime now = m_clock.now();
                   Store::Heartbeat h{name.value(), service.value(), int(interval.value()), priority.value(), now, now};
                   if (auto st = m_store.addHeartbeat(h); !st)
                       return st.error();
                   QJsonObject out = h.toJson(now);
                   out.insert(s("ping_path"), QStringLiteral("/api/v1/heartbeats/%1/ping").arg(h.name));
                   return out;
               });
    server.route(s("DELETE"), base + s("/:name"), [this](const HttpRequest &req) {
        return guarded(req, Role::Manager, [&](const Principal &) {
            const Status st = m_store.write([&] { return m_store.removeHeartbeat(req.args.at(0)); });
            return st ? HttpResponse{204, {}, "application/json", {}} : HttpResponse::error(st.error());
        });
    });
    // A ping records the time and closes the heartbeat's open alert, if any. Responders and up (a job's token).
    server.routeGrouped(s("POST"), base + s("/:name/ping"), [this](const HttpRequest &req) {
        return guarded(req, Role::Responder, [&](const Principal &p) {
            const Status st = m_store.writeGrouped([&]() -> Status {
                if (auto st = m_store.pingHeartbeat(req.args.at(0)); !st)
                    return st;
                const auto h = m_store.heartbeat(req.args.at(0));
                AlertEvent ev;
                ev.action = AlertEvent::Action::Resolve;
                ev.serviceId = h->serviceId;
                ev.alias = aliasOf(h->name);
                ev.integrationType = s("heartbeat");
                ev.actorId = p.userId;
                auto r = ingest(ev);
                return r ? Status(Ok{}) : Status(r.error());
            });
            if (!st)
                return HttpResponse::error(st.error());
            const auto h = m_store.heartbeat(req.args.at(0));
            return HttpResponse::json(200, h->toJson(m_clock.now()));
        });
    });
}

} // namespace Vigil
