#include "auth.h"

#include "routesupport.h"
#include "store/store.h"

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

Result<Principal> Auth::authenticate(const HttpRequest &req) const
{
    QByteArray auth = req.header("authorization");
    QString token;
    if (auth.startsWith("Bearer ") || auth.startsWith("bearer "))
        token = QString::fromLatin1(auth.mid(7).trimmed());
    else if (auth.isEmpty())
        token = req.queryValue(u"access_token"_s); // WebSocket clients in browsers cannot set headers
    if (token.isEmpty())
        return err(ErrorCode::Unauthorized, u"send Authorization: Bearer <token>"_s);
    const auto info = m_store.secrets().findToken(token);
    if (!info)
        return err(ErrorCode::Unauthorized, u"unknown or revoked token"_s);
    const auto user = m_store.get(Kind::User, info->userId);
    if (!user)
        return err(ErrorCode::Unauthorized, u"the token's user no longer exists"_s);
    // A role the server no longer knows (a database from a later version) gets the least rights, not an error.
    const auto role = roleFromString(user->value(u"role"_s).toString());
    return Principal{info->userId, role.value_or(Role::Viewer), info->id};
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
