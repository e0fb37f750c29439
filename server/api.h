#pragma once

#include "routes/auth.h"
#include "routes/idempotency.h"
#include "routes/routegroup.h"

#include <QObject>

#include <memory>
#include <vector>

namespace Vigil {

class AlertingService;
class ChangeFeedRoutes;
class Clock;
class HttpServer;
class Store;
struct StreamLimits;
class TicketRoutes;

/// vigild's REST API: the route classes of every feature (server/routes/), over one store, with one Auth and one
/// place for idempotent writes. It also ties the store's commits to what follows them: the change feed's
/// announcements, the answers held for a commit group, and the escalation engine's next look.
class Api final : public QObject
{
    Q_OBJECT
public:
    Api(Store &store, const Clock &clock, AlertingService &alerting, QObject *parent = nullptr);
    ~Api() override;
    Q_DISABLE_COPY_MOVE(Api)

    /// Registers every route on `server` and wires group commit to it.
    void registerRoutes(HttpServer &server);
    /// The WebSocket stream's limits and timeouts; before registerRoutes().
    void setStreamLimits(const StreamLimits &limits);

private:
    Store &m_store;
    AlertingService &m_alerting;
    Auth m_auth;
    IdempotentWrites m_writes;
    RouteContext m_context;
    ChangeFeedRoutes *m_feed = nullptr;
    TicketRoutes *m_tickets = nullptr;
    std::vector<std::unique_ptr<RouteGroup>> m_groups;
};

} // namespace Vigil
