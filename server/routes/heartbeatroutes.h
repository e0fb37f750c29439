#pragma once

#include "routegroup.h"

namespace Vigil {

class AlertingService;

/// /api/v1/heartbeats: list, add and remove heartbeats, and their ping (which closes the heartbeat's open alert).
class HeartbeatRoutes final : public RouteGroup
{
public:
    HeartbeatRoutes(const RouteContext &context, AlertingService &alerting) : RouteGroup(context), m_alerting(alerting) {}
    void registerRoutes(HttpServer &server) override;

private:
    AlertingService &m_alerting;
};

} // namespace Vigil
