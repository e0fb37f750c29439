#include "api.h"

#include "alerting/alertingservice.h"
#include "routes/alertroutes.h"
#include "routes/calendarroutes.h"
#include "routes/changefeedroutes.h"
#include "routes/directoryroutes.h"
#include "routes/healthroutes.h"
#include "routes/heartbeatroutes.h"
#include "routes/ingestroutes.h"
#include "routes/notificationroutes.h"
#include "routes/policyroutes.h"
#include "routes/scheduleroutes.h"
#include "routes/ticketroutes.h"

#include "store/store.h"

namespace Vigil {

Api::Api(Store &store, const Clock &clock, AlertingService &alerting, QObject *parent)
    : QObject(parent), m_store(store), m_alerting(alerting), m_auth(store), m_writes(store),
      m_context{store, clock, m_auth, m_writes}
{
    auto feed = std::make_unique<ChangeFeedRoutes>(m_context);
    m_feed = feed.get();
    m_groups.push_back(std::move(feed));
    m_groups.push_back(std::make_unique<HealthRoutes>(m_context, *m_feed));
    m_groups.push_back(std::make_unique<DirectoryRoutes>(m_context));
    auto tickets = std::make_unique<TicketRoutes>(m_context);
    m_tickets = tickets.get();
    m_groups.push_back(std::move(tickets));
    m_groups.push_back(std::make_unique<ScheduleRoutes>(m_context));
    m_groups.push_back(std::make_unique<CalendarRoutes>(m_context));
    m_groups.push_back(std::make_unique<PolicyRoutes>(m_context));
    m_groups.push_back(std::make_unique<AlertRoutes>(m_context, alerting));
    m_groups.push_back(std::make_unique<IngestRoutes>(m_context, alerting));
    m_groups.push_back(std::make_unique<NotificationRoutes>(m_context));
    m_groups.push_back(std::make_unique<HeartbeatRoutes>(m_context, alerting));

    // A revoked token or a disabled user loses its open streams as soon as that commits.
    m_auth.setRevokedHook([this](const QString &userId, const QString &tokenId) { m_feed->closeStreamsOf(userId, tokenId); });

    m_store.setCommittedHook([this](qint64) {
        m_feed->committed();
        m_tickets->committed();
        // A commit here or on another server sharing the database may have queued an escalation step or a
        // delivery: the server running the engine looks at once.
        m_alerting.committed(m_store.lastCommitTouchedQueues());
    });
}

Api::~Api()
{
    (void)m_store.flush(); // answers the requests of an open group while their server is still there
    m_store.setGroupHook({});
    m_store.setCommittedHook({});
}

void Api::setStreamLimits(const StreamLimits &limits)
{
    m_feed->setStreamLimits(limits);
}

void Api::registerRoutes(HttpServer &server)
{
    // Group commit for the ingest routes: their answers wait for the commit of the group they joined.
    server.setCommitGroup([this] { return m_store.groupOpen(); }, [this] { return m_store.flush(); });
    // The engine and the delivery worker wait while a group is open (they act on committed rows only): wake them.
    m_store.setGroupHook([this, &server](const Status &outcome) {
        server.groupEnded(outcome);
        // A failed group commits nothing, but runs put off while it was open are due now.
        m_alerting.committed(outcome && m_store.lastCommitTouchedQueues());
    });
    for (const auto &group : m_groups)
        group->registerRoutes(server);
}

} // namespace Vigil
