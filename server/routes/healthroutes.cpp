// Health and metrics: GET /healthz for load balancers and service managers, GET /metrics in Prometheus' text format.
// Neither needs a token: they say nothing about the data beyond counts.
#include "healthroutes.h"

#include "changefeedroutes.h"

#include "tickets/ticket.h"

namespace Vigil {

using namespace Qt::StringLiterals;

void HealthRoutes::registerRoutes(HttpServer &server)
{
    server.route(u"GET"_s, u"/healthz"_s, [this](const HttpRequest &) {
        return HttpResponse::json(200, QJsonObject{{u"status"_s, u"ok"_s}, {u"rev"_s, m_store.lastRev()},
                                                   {u"version"_s, QString::fromLatin1(VIGIL_VERSION)}});
    });
    server.route(u"GET"_s, u"/metrics"_s, [this](const HttpRequest &) {
        QByteArray out = "# HELP vigil_change_rev Newest revision of the change log.\n# TYPE vigil_change_rev gauge\n";
        out += "vigil_change_rev " + QByteArray::number(m_store.lastRev()) + '\n';
        out += "# HELP vigil_tickets Tickets by status.\n# TYPE vigil_tickets gauge\n";
        for (const QString &st : ticketStatusNames())
            out += "vigil_tickets{status=\"" + st.toLatin1() + "\"} "
                   + QByteArray::number(m_store.count(Kind::Ticket, u"status = ?"_s, {st})) + '\n';
        out += "# HELP vigil_changes_waiters Long-poll requests being held.\n# TYPE vigil_changes_waiters gauge\n";
        out += "vigil_changes_waiters " + QByteArray::number(m_feed.waiting()) + '\n';
        out += "# HELP vigil_stream_clients Connected WebSocket clients.\n# TYPE vigil_stream_clients gauge\n";
        out += "vigil_stream_clients " + QByteArray::number(m_feed.streamClients()) + '\n';
        out += "# HELP vigil_commit_groups_total Transactions committed for grouped (ingest) requests.\n"
               "# TYPE vigil_commit_groups_total counter\n";
        out += "vigil_commit_groups_total " + QByteArray::number(m_store.groupStats().groups) + '\n';
        out += "# HELP vigil_grouped_writes_total Ingest requests that wrote in a commit group (a group's size is this "
               "over vigil_commit_groups_total).\n# TYPE vigil_grouped_writes_total counter\n";
        out += "vigil_grouped_writes_total " + QByteArray::number(m_store.groupStats().writes) + '\n';
        return HttpResponse{200, out, "text/plain; version=0.0.4", {}};
    });
}

} // namespace Vigil
