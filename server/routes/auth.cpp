#include "auth.h"

#include "routesupport.h"
#include "store/store.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAuth, "vigil.server.auth")

namespace Vigil {

using namespace Qt::StringLiterals;
using Routes::err;

const QStringList &roleNames()
{
    static const QStringList names{u"viewer"_s, u"responder"_s, u"agent"_s, u"manager"_s, u"admin"_s};
    return names;
}

std::optional<Role> roleFromString(const QString &name)
{
    const auto i = roleNames().indexOf(name);
    return i < 0 ? std::nullopt : std::optional(static_cast<Role>(i));
}

namespace {
// How stale "last used" may get: the price of never writing on every request.
constexpr qint64 LastUsedResolutionSecs = 60;
} // namespace

Result<Principal> Auth::authenticate(const HttpRequest &req, QueryToken query) const
{
    QByteArray auth = req.header("authorization");
    QString token;
    if (auth.startsWith("Bearer ") || auth.startsWith("bearer "))
        token = QString::fromLatin1(auth.mid(7).trimmed());
    else if (auth.isEmpty() && query == QueryToken::Accepted)
        token = req.queryValue(u"access_token"_s); // WebSocket clients in browsers cannot set headers
    if (token.isEmpty())
        return err(ErrorCode::Unauthorized, u"send Authorization: Bearer <token>"_s);
    const auto info = m_store.secrets().findToken(token);
    if (!info)
        return err(ErrorCode::Unauthorized, u"unknown or revoked token"_s);
    const auto user = m_store.get(Kind::User, info->userId);
    if (!user)
        return err(ErrorCode::Unauthorized, u"the token's user no longer exists"_s);
    if (user->value(u"disabled"_s).toBool())
        return err(ErrorCode::Unauthorized, u"the token's user is disabled"_s);
    touch(info->id, info->lastUsedAt);
    // A role the server no longer knows (a database from a later version) gets the least rights, not an error.
    const auto role = roleFromString(user->value(u"role"_s).toString());
    return Principal{info->userId, role.value_or(Role::Viewer), info->id};
}

bool Auth::stillValid(const Principal &p) const
{
    const auto token = m_store.secrets().token(p.tokenId);
    if (!token || token->revokedAt.isValid())
        return false;
    const auto user = m_store.get(Kind::User, token->userId);
    return user && !user->value(u"disabled"_s).toBool();
}

void Auth::touch(const QString &tokenId, const QDateTime &lastUsed) const
{
    const QDateTime now = m_store.clock().now();
    if (lastUsed.isValid() && lastUsed.secsTo(now) < LastUsedResolutionSecs && lastUsed <= now)
        return;
    const auto write = [&]() -> Status { return m_store.secrets().touchToken(tokenId); };
    // Inside an open commit group (the ingest routes) the update rides along in a savepoint of its own instead of
    // forcing the group to commit early; otherwise it is a small transaction of its own, before the request's.
    const Status st = m_store.groupOpen() ? m_store.writeGrouped(write) : m_store.write(write);
    if (!st)
        qCWarning(lcAuth) << "could not record the use of token" << tokenId << ":" << st.error().message;
}

HttpResponse Auth::guarded(const HttpRequest &req, Role minRole, const std::function<HttpResponse(const Principal &)> &fn) const
{
    const auto p = authenticate(req);
    if (!p)
        return HttpResponse::error(p.error());
    if (p->role < minRole)
        return HttpResponse::error(
            err(ErrorCode::Forbidden, QStringLiteral("this needs the %1 role or higher; yours is %2")
                                          .arg(roleNames().at(int(minRole)), roleNames().at(int(p->role)))));
    return fn(p.value());
}

} // namespace Vigil
