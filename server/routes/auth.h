#pragma once

#include "common/result.h"
#include "httpserver.h"

#include <QDateTime>
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

/// Who sent a request: the token's user, their role, and the token itself.
struct Principal
{
    QString userId;
    Role role = Role::Viewer;
    QString tokenId; // the API token that was sent (its id, never the secret)
};

/// Whether a token in the query string (?access_token=) counts. Only the WebSocket stream takes one: browsers
/// cannot set headers on a WebSocket, and anywhere else a token in a URL ends up in logs and histories.
enum class QueryToken { Ignored, Accepted };

/// The one place that decides who a request is and what it may do. Tokens are bearer tokens, looked up by hash in
/// the store; a revoked token, or any token of a disabled user, is refused at once.
class Auth final
{
public:
    explicit Auth(Store &store) : m_store(store) {}
    Q_DISABLE_COPY_MOVE(Auth)

    /// 401 when the token is missing, unknown, revoked, or its user is gone or disabled. Records when the token was
    /// last used (a write at most once a minute per token, joining an open commit group rather than flushing it).
    [[nodiscard]] Result<Principal> authenticate(const HttpRequest &req, QueryToken query = QueryToken::Ignored) const;
    /// Runs `fn` for an authenticated request whose role is `minRole` or higher; the 401 or 403 otherwise.
    [[nodiscard]] HttpResponse guarded(const HttpRequest &req, Role minRole,
                                       const std::function<HttpResponse(const Principal &)> &fn) const;

    /// Whether a principal's token still stands (not revoked, its user there and not disabled): for what a request
    /// authenticated once holds open, when the revocation may have come from elsewhere (the CLI, another server).
    [[nodiscard]] bool stillValid(const Principal &p) const;

    /// Who may hold a stream open: called after a commit that revoked a token (`tokenId`) or disabled a user
    /// (`tokenId` empty: every token of `userId`), so that their WebSockets and held long-polls end at once.
    using RevokedHook = std::function<void(const QString &userId, const QString &tokenId)>;
    void setRevokedHook(RevokedHook hook) { m_revokedHook = std::move(hook); }
    void revoked(const QString &userId, const QString &tokenId) const
    {
        if (m_revokedHook)
            m_revokedHook(userId, tokenId);
    }

private:
    void touch(const QString &tokenId, const QDateTime &lastUsed) const;

    Store &m_store;
    RevokedHook m_revokedHook;
};

} // namespace Vigil
