// The directory: users (and the caller, /me; an admin may disable one), API tokens (create, list, revoke), teams
// and services.
#include "directoryroutes.h"

#include "routesupport.h"

#include "common/clock.h"
#include "common/json.h"

#include <QJsonArray>
#include <QTimeZone>

namespace Vigil {

using namespace Qt::StringLiterals;
using namespace Routes;

namespace {

/// Whether another entity of kind `k` has `column` = `value` (the entity `id` itself excluded when editing).
bool taken(const Store &store, Kind k, const QString &column, const QString &value, const QString &id)
{
    // A null id binds as NULL and "id <> NULL" matches no row: leave the clause out when creating.
    if (id.isEmpty())
        return !store.select(k, column + u" = ?"_s, {value}, {}, 1).isEmpty();
    return !store.select(k, column + u" = ? AND id <> ?"_s, {value, id}, {}, 1).isEmpty();
}


/// Validates a service's maintenance_windows: [{"start","end","reason"}], end after start (RFC 3339).
Result<QJsonArray> validateMaintenanceWindows(const QJsonValue &value)
{
    if (!value.isArray())
        return err(ErrorCode::InvalidField, u"maintenance_windows must be an array"_s, u"maintenance_windows"_s);
    QJsonArray out;
    const QJsonArray in = value.toArray();
    for (qsizetype i = 0; i < in.size(); ++i) {
        const QString field = QStringLiteral("maintenance_windows[%1]").arg(i);
        const QJsonObject w = in.at(i).toObject();
        if (auto st = Json::onlyKnown(w, {u"start"_s, u"end"_s, u"reason"_s}); !st)
            return Error{st.error().code, st.error().message, field + u'.' + st.error().field, {}};
        const QDateTime start = Json::parseTime(w.value(u"start"_s).toString());
        const QDateTime end = Json::parseTime(w.value(u"end"_s).toString());
        if (!start.isValid())
            return err(ErrorCode::InvalidField, u"start must be an RFC 3339 time"_s, field + u".start"_s);
        if (!end.isValid() || end <= start)
            return err(ErrorCode::InvalidField, u"end must be an RFC 3339 time after start"_s, field + u".end"_s);
        out.append(QJsonObject{{u"start"_s, Json::formatTime(start)},
                               {u"end"_s, Json::formatTime(end)},
                               {u"reason"_s, Json::oneLine(w.value(u"reason"_s).toString(), 200)}});
    }
    return out;
}

} // namespace

Result<QJsonObject> DirectoryRoutes::saveUser(const QJsonObject &body, const QString &id)
{
    QJsonObject before;
    if (!id.isEmpty()) {
        auto b = m_store.get(Kind::User, id);
        if (!b)
            return b.error();
        before = b.value();
    }
    const bool creating = before.isEmpty();
    // A user is created enabled; disabling is an edit of an existing one.
    QStringList known{u"name"_s, u"email"_s, u"role"_s, u"time_zone"_s};
    if (!creating)
        known.append(u"disabled"_s);
    if (auto st = Json::onlyKnown(body, known); !st)
        return st.error();
    QJsonObject o = before;
    auto name = Json::string(body, u"name"_s, creating, before.value(u"name"_s).toString());
    if (!name)
        return name.error();
    if (name->trimmed().isEmpty() || name->size() > 200)
        return err(ErrorCode::InvalidField, u"name must be 1-200 characters"_s, u"name"_s);
    auto email = Json::string(body, u"email"_s, creating, before.value(u"email"_s).toString());
    if (!email)
        return email.error();
    if (auto st = validateEmail(email->trimmed(), u"email"_s, true); !st)
        return st.error();
    auto role = Json::oneOf(body, u"role"_s, roleNames(), false, before.value(u"role"_s).toString(u"agent"_s));
    if (!role)
        return role.error();
    auto tz = Json::string(body, u"time_zone"_s, false, before.value(u"time_zone"_s).toString(u"UTC"_s));
    if (!tz)
        return tz.error();
    if (!QTimeZone(tz->toUtf8()).isValid())
        return err(ErrorCode::InvalidField, u"time_zone must be an IANA time zone such as Asia/Seoul"_s, u"time_zone"_s);
    o.insert(u"name"_s, name->trimmed());
    o.insert(u"email"_s, email->trimmed().toLower());
    o.insert(u"role"_s, role.value());
    o.insert(u"time_zone"_s, tz.value());
    auto disabled = Json::boolean(body, u"disabled"_s, before.value(u"disabled"_s).toBool());
    if (!disabled)
        return disabled.error();
    // Present only on a disabled user, so that enabled users keep the shape they always had.
    if (disabled.value())
        o.insert(u"disabled"_s, true);
    else
        o.remove(u"disabled"_s);
    if (taken(m_store, Kind::User, u"email"_s, email->trimmed().toLower(), id))
        return err(ErrorCode::Conflict, QStringLiteral("a user with e-mail %1 exists").arg(email->trimmed()), u"email"_s);
    o = stamp(o, before, m_clock.now(), creating ? Json::newId() : id);
    if (!creating && o == stamp(before, before, m_clock.now(), id))
        return before;
    if (auto st = m_store.put(Kind::User, o); !st)
        return st.error();
    return o;
}

Result<QJsonObject> DirectoryRoutes::saveNamed(Kind kind, const QJsonObject &body, const QString &id, const QStringList &extraFields,
                                   const std::function<Status(QJsonObject &, bool creating)> &applyExtra)
{
    QJsonObject before;
    if (!id.isEmpty()) {
        auto b = m_store.get(kind, id);
        if (!b)
            return b.error();
        before = b.value();
    }
    if (auto st = Json::onlyKnown(body, QStringList{u"name"_s, u"description"_s} + extraFields); !st)
        return st.error();
    const bool creating = before.isEmpty();
    QJsonObject o = before;
    auto name = Json::string(body, u"name"_s, creating, before.value(u"name"_s).toString());
    if (!name)
        return name.error();
    if (name->trimmed().isEmpty() || name->size() > 200)
        return err(ErrorCode::InvalidField, u"name must be 1-200 characters"_s, u"name"_s);
    auto desc = Json::string(body, u"description"_s, false, before.value(u"description"_s).toString());
    if (!desc)
        return desc.error();
    if (auto st = applyExtra(o, creating); !st)
        return st.error();
    if (taken(m_store, kind, u"name"_s, name->trimmed(), id))
        return err(ErrorCode::Conflict, QStringLiteral("a %1 named %2 exists").arg(entityName(kind), name->trimmed()),
                   u"name"_s);
    o.insert(u"name"_s, name->trimmed());
    o.insert(u"description"_s, desc.value());
    if (!creating && o == before)
        return before; // nothing changed: no new version
    o = stamp(o, before, m_clock.now(), creating ? Json::newId() : id);
    if (auto st = m_store.put(kind, o); !st)
        return st.error();
    return o;
}

Result<QJsonObject> DirectoryRoutes::saveTeam(const QJsonObject &body, const QString &id)
{
    return saveNamed(Kind::Team, body, id, {u"member_ids"_s}, [&](QJsonObject &o, bool creating) -> Status {
        if (!body.contains(u"member_ids"_s)) {
            if (creating)
                o.insert(u"member_ids"_s, QJsonArray{});
            return Ok{};
        }
        const QJsonValue mv = body.value(u"member_ids"_s);
        if (!mv.isArray())
            return err(ErrorCode::InvalidField, u"member_ids must be an array of user ids"_s, u"member_ids"_s);
        QJsonArray members;
        for (const auto &v : mv.toArray()) {
            if (!v.isString())
                return err(ErrorCode::InvalidField, u"member_ids must be an array of user ids"_s, u"member_ids"_s);
            if (auto st = checkRef(Kind::User, u"member_ids"_s, v.toString()); !st)
                return st;
            if (!members.contains(v))
                members.append(v);
        }
        o.insert(u"member_ids"_s, members);
        return Ok{};
    });
}

Result<QJsonObject> DirectoryRoutes::saveService(const QJsonObject &body, const QString &id)
{
    const QStringList extra{u"team_id"_s, u"escalation_policy_id"_s, u"maintenance_windows"_s};
    return saveNamed(Kind::Service, body, id, extra, [&](QJsonObject &o, bool creating) -> Status {
        // A reference that may be null: checked when present, null on creation when absent.
        const auto reference = [&](Kind kind, const QString &field) -> Status {
            auto ref = Json::nullableString(body, field);
            if (!ref)
                return ref.error();
            if (ref->present) {
                if (auto st = checkRef(kind, field, ref->value); !st)
                    return st;
                o.insert(field, ref->value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(ref->value));
            } else if (creating) {
                o.insert(field, QJsonValue::Null);
            }
            return Ok{};
        };
        if (auto st = reference(Kind::Team, u"team_id"_s); !st)
            return st;
        if (auto st = reference(Kind::EscalationPolicy, u"escalation_policy_id"_s); !st)
            return st;
        if (body.contains(u"maintenance_windows"_s)) {
            auto windows = validateMaintenanceWindows(body.value(u"maintenance_windows"_s));
            if (!windows)
                return windows.error();
            o.insert(u"maintenance_windows"_s, windows.value());
        } else if (creating) {
            o.insert(u"maintenance_windows"_s, QJsonArray{});
        }
        return Ok{};
    });
}


HttpResponse DirectoryRoutes::listTokens(const HttpRequest &req, const Principal &p) const
{
    const auto limit = limitParam(req, 100, 1000);
    if (!limit)
        return HttpResponse::error(limit.error());
    // Admins see everyone's tokens (or one user's, ?user_id=); everyone else sees their own.
    QString userId = req.queryValue(u"user_id"_s);
    if (p.role < Role::Admin) {
        if (!userId.isEmpty() && userId != p.userId)
            return HttpResponse::error(err(ErrorCode::Forbidden, u"only admins may list other users' tokens"_s, u"user_id"_s));
        userId = p.userId;
    }
    QString after;
    if (const QString cursor = req.queryValue(u"cursor"_s); !cursor.isEmpty()) {
        const auto c = decodeCursor(cursor);
        if (!c || c->first != u"token"_s)
            return HttpResponse::error(err(ErrorCode::InvalidQuery, u"cursor is not one this server issued"_s, u"cursor"_s));
        after = c->second;
    }
    QList<TokenInfo> tokens = m_store.secrets().tokens(userId, after, limit.value() + 1);
    QJsonValue next = QJsonValue::Null;
    if (tokens.size() > limit.value()) {
        tokens.resize(limit.value());
        next = encodeCursor(u"token"_s, tokens.last().id);
    }
    QJsonArray items;
    for (const TokenInfo &t : std::as_const(tokens))
        items.append(t.toJson());
    return HttpResponse::json(200, QJsonObject{{u"items"_s, items}, {u"next_cursor"_s, next}});
}

void DirectoryRoutes::registerRoutes(HttpServer &server)
{
    // --- me, users, tokens
    server.route(u"GET"_s, u"/api/v1/me"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [this](const Principal &p) {
            auto u = m_store.get(Kind::User, p.userId);
            return u ? HttpResponse::json(200, u.value()) : HttpResponse::error(u.error());
        });
    });
    server.route(u"GET"_s, u"/api/v1/users"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) { return listKind(Kind::User, req, u"name"_s); });
    });
    server.route(u"GET"_s, u"/api/v1/users/:id"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &) {
            auto u = m_store.get(Kind::User, req.args.at(0));
            return u ? HttpResponse::json(200, u.value()) : HttpResponse::error(u.error());
        });
    });
    routeWrite(server, u"POST"_s, u"/api/v1/users"_s, Role::Admin, 201,
               [this](const HttpRequest &, const QJsonObject &body, const Principal &) { return saveUser(body, {}); });
    server.route(u"PATCH"_s, u"/api/v1/users/:id"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Admin, [&](const Principal &p) {
            auto body = requireJsonBody(req);
            if (!body)
                return HttpResponse::error(body.error());
            const QString id = req.args.at(0);
            HttpResponse out = mutate(req, p, 200, [&]() -> Result<QJsonObject> {
                auto cur = m_store.get(Kind::User, id);
                if (!cur)
                    return cur.error();
                if (auto st = checkIfMatch(req, u"user"_s, cur.value()); !st)
                    return st.error();
                // An admin who disables themselves locks out the one account that could undo it.
                if (id == p.userId && body->value(u"disabled"_s).toBool())
                    return err(ErrorCode::InvalidField, u"you cannot disable your own account"_s, u"disabled"_s);
                return saveUser(body.value(), id);
            });
            // Committed: the disabled user's tokens already get 401; now end the streams they hold open.
            if (out.status == 200 && body->value(u"disabled"_s).toBool())
                m_auth.revoked(id, {});
            return out;
        });
    });
    routeWrite(server, u"POST"_s, u"/api/v1/tokens"_s, Role::Admin, 201,
               [this](const HttpRequest &, const QJsonObject &body, const Principal &) -> Result<QJsonObject> {
                   if (auto st = Json::onlyKnown(body, {u"user_id"_s, u"name"_s}); !st)
                       return st.error();
                   auto user = Json::string(body, u"user_id"_s, true);
                   if (!user)
                       return user.error();
                   if (auto st = checkRef(Kind::User, u"user_id"_s, user.value()); !st)
                       return st.error();
                   auto name = Json::string(body, u"name"_s, false, u"api"_s);
                   if (!name)
                       return name.error();
                   QString tokenId;
                   auto secret = m_store.secrets().createToken(user.value(), name.value(), &tokenId);
                   if (!secret)
                       return secret.error();
                   return QJsonObject{{u"id"_s, tokenId}, {u"user_id"_s, user.value()}, {u"name"_s, name.value()},
                                      {u"token"_s, secret.value()}};
               });

    server.route(u"GET"_s, u"/api/v1/tokens"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &p) { return listTokens(req, p); });
    });
    server.route(u"DELETE"_s, u"/api/v1/tokens/:id"_s, [this](const HttpRequest &req) {
        return guarded(req, Role::Viewer, [&](const Principal &p) {
            const QString id = req.args.at(0);
            const auto token = m_store.secrets().token(id);
            // Another user's token is answered like a missing one: its existence is not the caller's business.
            if (!token || token->revokedAt.isValid() || (p.role < Role::Admin && token->userId != p.userId))
                return HttpResponse::error(
                    err(ErrorCode::NotFound, QStringLiteral("you have no active token with id %1").arg(id)));
            if (const Status st = m_store.write([&] { return m_store.secrets().revokeToken(id); }); !st)
                return HttpResponse::error(st.error());
            m_auth.revoked(token->userId, id);
            return noContent();
        });
    });

    // --- teams and services
    const auto crud = [this, &server](const QString &base, Kind kind,
                                      Result<QJsonObject> (DirectoryRoutes::*save)(const QJsonObject &, const QString &)) {
        server.route(u"GET"_s, base, [this, kind](const HttpRequest &req) {
            return guarded(req, Role::Viewer, [&](const Principal &) { return listKind(kind, req, u"name"_s); });
        });
        server.route(u"GET"_s, base + u"/:id"_s, [this, kind](const HttpRequest &req) {
            return guarded(req, Role::Viewer, [&](const Principal &) {
                auto o = m_store.get(kind, req.args.at(0));
                return o ? HttpResponse::json(200, o.value()) : HttpResponse::error(o.error());
            });
        });
        routeWrite(server, u"POST"_s, base, Role::Manager, 201,
                   [this, save](const HttpRequest &, const QJsonObject &body, const Principal &) {
                       return (this->*save)(body, {});
                   });
        routeWrite(server, u"PATCH"_s, base + u"/:id"_s, Role::Manager, 200,
                   [this, kind, save](const HttpRequest &req, const QJsonObject &body,
                                      const Principal &) -> Result<QJsonObject> {
                       auto cur = m_store.get(kind, req.args.at(0));
                       if (!cur)
                           return cur.error();
                       if (auto st = checkIfMatch(req, entityName(kind), cur.value()); !st)
                           return st.error();
                       return (this->*save)(body, req.args.at(0));
                   });
        server.route(u"DELETE"_s, base + u"/:id"_s, [this, kind](const HttpRequest &req) {
            return guarded(req, Role::Manager, [&](const Principal &) {
                const Status st = m_store.write([&]() -> Status {
                    auto cur = m_store.get(kind, req.args.at(0));
                    if (!cur)
                        return cur.error();
                    if (auto match = checkIfMatch(req, entityName(kind), cur.value()); !match)
                        return match;
                    return m_store.remove(kind, req.args.at(0));
                });
                if (!st) {
                    Error e = st.error();
                    if (e.code == QLatin1String(ErrorCode::InvalidField) && e.field.isEmpty())
                        e = err(ErrorCode::Conflict, QStringLiteral("the %1 is still referenced by other entities").arg(entityName(kind)));
                    return HttpResponse::error(e);
                }
                return HttpResponse{204, {}, "application/json", {}};
            });
        });
    };
    crud(u"/api/v1/teams"_s, Kind::Team, &DirectoryRoutes::saveTeam);
    crud(u"/api/v1/services"_s, Kind::Service, &DirectoryRoutes::saveService);
}

} // namespace Vigil
