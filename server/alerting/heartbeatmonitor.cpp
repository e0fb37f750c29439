// Heartbeats: a job pings vigild every interval; a missed ping opens an alert on the heartbeat's service, the next
// ping closes it (routes/heartbeatroutes.cpp).
#include "heartbeatmonitor.h"

#include "alertingservice.h"

#include "common/clock.h"
#include "common/json.h"
#include "store/store.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcHeartbeat, "vigil.server.heartbeat")

namespace Vigil {

using namespace Qt::StringLiterals;

QString HeartbeatMonitor::aliasOf(const QString &name)
{
    return u"heartbeat:"_s + name;
}

HeartbeatMonitor::HeartbeatMonitor(Store &store, AlertingService &alerting, const Clock &clock, QObject *parent)
    : QObject(parent), m_store(store), m_alerting(alerting), m_clock(clock)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, [this] { check(); });
}

void HeartbeatMonitor::start()
{
    check();
    m_timer.start();
}

int HeartbeatMonitor::check()
{
    if (!m_store.queues().holdsEngineLock())
        return 0;
    const QDateTime now = m_clock.now();
    int opened = 0;
    for (const Heartbeat &h : m_store.heartbeats().all()) {
        if (h.lastPing.addSecs(h.intervalSeconds) >= now)
            continue;
        const bool open = !m_store.select(Kind::Alert, u"service_id = ? AND alias = ? AND status <> 'closed'"_s,
                                          {h.serviceId, aliasOf(h.name)}, {}, 1).isEmpty();
        if (open)
            continue;
        AlertEvent ev;
        ev.serviceId = h.serviceId;
        ev.alias = aliasOf(h.name);
        ev.message = QStringLiteral("Heartbeat %1 missed: no ping since %2").arg(h.name, Json::formatTime(h.lastPing));
        ev.description = QStringLiteral("The heartbeat %1 expects a ping every %2 s. The job that pings it may have "
                                        "stopped, or cannot reach vigild.")
                             .arg(h.name)
                             .arg(h.intervalSeconds);
        ev.priority = priorityFromString(h.priority).value_or(Priority::P2);
        ev.source = u"heartbeat"_s;
        ev.tags = {u"heartbeat="_s + h.name};
        ev.integrationType = u"heartbeat"_s;
        const Status st = m_store.write([&]() -> Status {
            auto r = m_alerting.ingest(ev);
            return r ? Status(Ok{}) : Status(r.error());
        });
        if (!st)
            qCWarning(lcHeartbeat) << "heartbeat" << h.name << "could not open its alert:" << st.error().message;
        else
            ++opened;
    }
    if (opened > 0)
        m_alerting.wakeEscalation();
    return opened;
}

} // namespace Vigil
