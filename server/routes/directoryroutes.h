#pragma once

#include "routegroup.h"

namespace Vigil {

/// /api/v1/me, /api/v1/users, /api/v1/tokens, /api/v1/teams and /api/v1/services.
class DirectoryRoutes final : public RouteGroup
{
public:
    using RouteGroup::RouteGroup;
    void registerRoutes(HttpServer &server) override;

private:
    [[nodiscard]] Result<QJsonObject> saveUser(const QJsonObject &body, const QString &id);
    /// GET /api/v1/tokens: every token for admins, the caller's own for everyone else; never a secret or hash.
    [[nodiscard]] HttpResponse listTokens(const HttpRequest &req, const Principal &p) const;
    /// Shared by teams and services: name (unique) and description, plus the kind's own fields set by applyExtra.
    [[nodiscard]] Result<QJsonObject> saveNamed(Kind kind, const QJsonObject &body, const QString &id,
                                                const QStringList &extraFields,
                                                const std::function<Status(QJsonObject &, bool creating)> &applyExtra);
    [[nodiscard]] Result<QJsonObject> saveTeam(const QJsonObject &body, const QString &id);
    [[nodiscard]] Result<QJsonObject> saveService(const QJsonObject &body, const QString &id);
};

} // namespace Vigil
