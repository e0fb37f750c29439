#pragma once

#include "routegroup.h"

namespace Vigil {

class AlertingService;

/// Monitoring tools' own wire formats: POST /integrations/alertmanager/:key (Alertmanager webhook),
/// POST /v2/enqueue (PagerDuty Events API v2), POST /v2/alerts[/:id/acknowledge|close] (Opsgenie Alert API).
/// Authenticated by the integration key, not by a user's token.
class IngestRoutes final : public RouteGroup
{
public:
    IngestRoutes(const RouteContext &context, AlertingService &alerting) : RouteGroup(context), m_alerting(alerting) {}
    void registerRoutes(HttpServer &server) override;

private:
    [[nodiscard]] HttpResponse ingestAlertmanager(const HttpRequest &req);
    [[nodiscard]] HttpResponse ingestPagerDuty(const HttpRequest &req);
    /// `action` empty: create; otherwise "acknowledge" or "close" of the alert named in the path.
    [[nodiscard]] HttpResponse ingestOpsgenie(const HttpRequest &req, const QString &action);

    AlertingService &m_alerting;
};

} // namespace Vigil
