#pragma once

#include "routegroup.h"

namespace Vigil {

class ChangeFeedRoutes;

/// GET /healthz and GET /metrics (Prometheus text format).
class HealthRoutes final : public RouteGroup
{
public:
    HealthRoutes(const RouteContext &context, const ChangeFeedRoutes &feed) : RouteGroup(context), m_feed(feed) {}
    void registerRoutes(HttpServer &server) override;

private:
    const ChangeFeedRoutes &m_feed;
};

} // namespace Vigil
