#pragma once

#include "common/result.h"
#include "httpserver.h"

#include <QStringList>

#include <functional>
#include <optional>

namespace Vigil {

class Store;

/// Roles, each including the ones before it (README "Roles").
enum class Role { Viewer = 0, Responder, Agent, Manager, Admin };
[[nodiscard]] std::optional<Role> roleFromString(const QString &s);
/// The wire names, indexed by Role.
[[nodiscard]] const QStringList &roleNames();

/// Who sent a request: the token's user and their role.
struct Principal
{
    QString userId;
    Role role = Role::Viewer;
    QString tokenId; // the API token that was sent (its id, never the secret)
};

/// The one place that decides who a request is and what it may do. Tokens are bearer tokens (or ?access_token=
/// for browsers' WebSockets, which cannot set headers), looked up by hash in the store.
class Auth final
{
public:
    explicit Auth(const Store &store) : m_store(store) {}
    Q_DISABLE_COPY_MOVE(Auth)

    /// 401 when the token is missing, unknown, revoked or its user is gone.
    [[nodiscard]] Result<Principal> authenticate(const HttpRequest &req) const;
    /// Runs `fn` for an authenticated request whose role is `minRole` or higher; the 401 or 403 otherwise.
    [[nodiscard]] HttpResponse guarded(const HttpRequest &req, Role minRole,
                                       const std::function<HttpResponse(const Principal &)> &fn) const;

private:
    const Store &m_store;
};

} // namespace Vigil
