#pragma once

#include "routegroup.h"

namespace Vigil {

class AlertingService;

/// /api/v1/alerts: list, one alert, its log, native ingest with a user's token, and the actions.
class AlertRoutes final : public RouteGroup
{
public:
    AlertRoutes(const RouteContext &context, AlertingService &alerting) : RouteGroup(context), m_alerting(alerting) {}
    void registerRoutes(HttpServer &server) override;

private:
    AlertingService &m_alerting;
};

} // namespace Vigil
