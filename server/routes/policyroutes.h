#pragma once

#include "routegroup.h"

namespace Vigil {

/// /api/v1/escalation_policies and /api/v1/services/:id/integrations.
class PolicyRoutes final : public RouteGroup
{
public:
    using RouteGroup::RouteGroup;
    void registerRoutes(HttpServer &server) override;

private:
    /// Creates (id empty) or changes a policy; every target must exist and the name must be free.
    [[nodiscard]] Result<QJsonObject> savePolicy(const QJsonObject &body, const QString &id);
};

} // namespace Vigil
