// Escalation policies (/api/v1/escalation_policies) and the integrations of a service through which monitoring
// tools send alerts (/api/v1/services/:id/integrations; the key is shown once, in the creation's answer).
#include "policyroutes.h"

#include "routesupport.h"

#include "alerts/escalation.h"
#include "common/clock.h"
#include "common/json.h"

#include <QJsonArray>

namespace Vigil {

using namespace Qt::StringLiterals;
using namespace Routes;

Result<QJsonObject> PolicyRoutes::savePolicy(const QJsonObject &body, const QString &id)
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
        if (auto st = checkRef(Kind::Team, u"team_id"_s, policy->teamId); !st)
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
        ? !m_store.select(Kind::EscalationPolicy, u"name = ?"_s, {name}, {}, 1).isEmpty()
        : !m_store.select(Kind::EscalationPolicy, u"name = ? AND id <> ?"_s, {name, id}, {}, 1).isEmpty();
    if (taken)
        return err(ErrorCode::Conflict, QStringLiteral("an escalation policy named %1 exists").arg(name), u"name"_s);
    policy.value().name = name;
    QJsonObject o = policy->toJson();
    for (const char *k : {"id", "version", "created_at", "updated_at"})
        o.remove(QLatin1String(k));
    o = stamp(o, before, m_clock.now(), id.isEmpty() ? Json::newId() : id);
    if (auto st = m_store.put(Kind::EscalationPolicy, o); !st)
        return st.error();
    return o;
}

void PolicyRoutes::registerRoutes(HttpServer &server)
{
    const QString policies = u"/api/v1/escalation_policies"_s;
    server.route(u"GET"_s, policies, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) { return listKind(Kind::EscalationPolicy, req, u"name"_s); });
    });
    server.route(u"GET"_s, policies + u"/:id"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto o = m_store.get(Kind::EscalationPolicy, req.args.at(0));
            return o ? HttpResponse::json(200, o.value()) : HttpResponse::error(o.error());
        });
    });
    routeWrite(server, u"POST"_s, policies, Role::Manager, 201,
               [this](const HttpRequest &, const QJsonObject &body, const Principal &) { return savePolicy(body, {}); });
    routeWrite(server, u"PATCH"_s, policies + u"/:id"_s, Role::Manager, 200,
               [this](const HttpRequest &req, const QJsonObject &body, const Principal &) -> Result<QJsonObject> {
                   auto cur = m_store.get(Kind::EscalationPolicy, req.args.at(0));
                   if (!cur)
                       return cur.error();
                   if (auto st = checkIfMatch(req, u"escalation policy"_s, cur.value()); !st)
                       return st.error();
                   return savePolicy(body, req.args.at(0));
               });
    server.route(u"DELETE"_s, policies + u"/:id"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Manager, [&](const Principal &) {
            const Status st = m_store.write([&]() -> Status {
                auto cur = m_store.get(Kind::EscalationPolicy, req.args.at(0));
                if (!cur)
                    return cur.error();
                if (auto st = checkIfMatch(req, u"escalation policy"_s, cur.value()); !st)
                    return st;
                for (const QJsonObject &svc : m_store.select(Kind::Service, {}, {}, u"name"_s)) {
                    if (svc.value(u"escalation_policy_id"_s).toString() == req.args.at(0))
                        return err(ErrorCode::Conflict,
                                   QStringLiteral("service %1 follows this policy").arg(svc.value(u"name"_s).toString()));
                }
                return m_store.remove(Kind::EscalationPolicy, req.args.at(0));
            });
            return st ? noContent() : HttpResponse::error(st.error());
        });
    });

    // Integrations of a service: the key is shown once, in the creation's answer.
    const QString integrations = u"/api/v1/services/:id/integrations"_s;
    server.route(u"GET"_s, integrations, [this](const HttpRequest &req) {
        return guarded(req, Role::Manager, [&](const Principal &) {
            if (auto svc = m_store.get(Kind::Service, req.args.at(0)); !svc)
                return HttpResponse::error(svc.error());
            QJsonArray items;
            for (const auto &i : m_store.secrets().integrations(req.args.at(0)))
                items.append(i.toJson());
            return onePage(items);
        });
    });
    // Not through mutate(): an Idempotency-Key replay would have to keep the key, which exists only as a hash.
    server.route(u"POST"_s, integrations, [this](const HttpRequest &req) {
        return guarded(req, Role::Manager, [&](const Principal &) {
            auto body = Json::parseObject(req.body);
            if (!body)
                return HttpResponse::error(body.error());
            if (auto svc = m_store.get(Kind::Service, req.args.at(0)); !svc)
                return HttpResponse::error(svc.error());
            if (auto st = Json::onlyKnown(body.value(), {u"type"_s, u"name"_s}); !st)
                return HttpResponse::error(st.error());
            auto type = Json::oneOf(body.value(), u"type"_s, {u"alertmanager"_s, u"pagerduty"_s, u"opsgenie"_s}, true);
            if (!type)
                return HttpResponse::error(type.error());
            const QString name = Json::oneLine(body->value(u"name"_s).toString(type.value()), 200);
            QString id;
            Result<QString> key = QString();
            const Status st = m_store.write([&]() -> Status {
                key = m_store.secrets().createIntegration(req.args.at(0), type.value(), name, &id);
                return key ? Status(Ok{}) : Status(key.error());
            });
            if (!st)
                return HttpResponse::error(st.error());
            const QString path = type.value() == u"alertmanager" ? u"/integrations/alertmanager/"_s + key.value()
                                 : type.value() == u"pagerduty"  ? u"/v2/enqueue"_s
                                                                  : u"/v2/alerts"_s;
            return HttpResponse::json(201, QJsonObject{{u"id"_s, id}, {u"service_id"_s, req.args.at(0)}, {u"type"_s, type.value()},
                                                       {u"name"_s, name}, {u"key"_s, key.value()}, {u"path"_s, path}});
        });
    });
    server.route(u"DELETE"_s, integrations + u"/:integration"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Manager, [&](const Principal &) {
            const Status st = m_store.write([&] { return m_store.secrets().revokeIntegration(req.args.at(0), req.args.at(1)); });
            return st ? noContent() : HttpResponse::error(st.error());
        });
    });
}

} // namespace Vigil
