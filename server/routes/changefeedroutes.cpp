// The change feed and its live push. Every committed change has a revision in the change log (gap-free, also
// across servers sharing a PostgreSQL database); consoles catch up with GET /api/v1/changes?since=N and learn of new
// revisions at once through a long-poll or the stream.
#include "changefeedroutes.h"

#include "routesupport.h"

#include "common/clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcStream, "vigil.server.stream")

namespace Vigil {

using namespace Qt::StringLiterals;
using namespace Routes;

namespace {

/// The upgrade request as the route saw it, rebuilt from what the WebSocket kept of its handshake.
HttpRequest handshakeOf(const QWebSocket &ws)
{
    HttpRequest req;
    const QNetworkRequest r = ws.request();
    req.method = u"GET"_s;
    req.path = r.url().path(QUrl::FullyDecoded);
    req.query = QUrlQuery(r.url());
    for (const QByteArray &name : r.rawHeaderList())
        req.headers.insert(name.toLower(), r.rawHeader(name));
    return req;
}

} // namespace

ChangeFeedRoutes::ChangeFeedRoutes(const RouteContext &context, QObject *parent) : QObject(parent), RouteGroup(context)
{
    m_waiterTimer.setInterval(250);
    connect(&m_waiterTimer, &QTimer::timeout, this, &ChangeFeedRoutes::flushWaiters);
    m_pushTimer.setSingleShot(true);
    m_pushTimer.setInterval(0);
    connect(&m_pushTimer, &QTimer::timeout, this, &ChangeFeedRoutes::announce);
    m_pushedRev = m_store.lastRev();
    // Streams are checked at every ping (checkStreams); held long-polls once every 30 s: how late a revocation made
    // outside this server (the CLI, another server) reaches what they hold open.
    m_ownerTimer.setInterval(30'000);
    connect(&m_ownerTimer, &QTimer::timeout, this, &ChangeFeedRoutes::recheckOwners);
    m_ownerTimer.start();
    connect(&m_pingTimer, &QTimer::timeout, this, &ChangeFeedRoutes::checkStreams);
}

void ChangeFeedRoutes::setStreamLimits(const StreamLimits &limits)
{
    m_limits = limits;
}

void ChangeFeedRoutes::recheckOwners()
{
    for (qsizetype i = m_waiters.size() - 1; i >= 0; --i) {
        if (!m_auth.stillValid(m_waiters.at(i).principal)) {
            m_waiters.at(i).reply->send(
                HttpResponse::error(err(ErrorCode::Unauthorized, u"the token was revoked or its user disabled"_s)));
            m_waiters.removeAt(i);
        }
    }
}

void ChangeFeedRoutes::committed()
{
    if (!m_pushTimer.isActive())
        m_pushTimer.start();
}

void ChangeFeedRoutes::announce()
{
    // Only committed revisions are announced: while a group is open, its commit announces them (committed()).
    if (m_store.groupOpen())
        return;
    const qint64 rev = m_store.lastRev();
    if (rev == m_pushedRev)
        return;
    m_pushedRev = rev;
    const QString msg = QString::fromUtf8(QJsonDocument(QJsonObject{{u"rev"_s, rev}}).toJson(QJsonDocument::Compact));
    const QList<QWebSocket *> clients = m_clients.keys();
    for (QWebSocket *ws : clients)
        sendTo(ws, msg);
    flushWaiters();
}

void ChangeFeedRoutes::closeStreamsOf(const QString &userId, const QString &tokenId)
{
    const auto owns = [&](const Principal &p) { return tokenId.isEmpty() ? p.userId == userId : p.tokenId == tokenId; };
    const QString why = tokenId.isEmpty() ? u"the user is disabled"_s : u"the token was revoked"_s;
    const QList<QWebSocket *> clients = m_clients.keys();
    for (QWebSocket *ws : clients) {
        if (owns(m_clients.value(ws).principal)) {
            ws->close(QWebSocketProtocol::CloseCodePolicyViolated, why);
            dropStream(ws);
        }
    }
    for (qsizetype i = m_waiters.size() - 1; i >= 0; --i) {
        if (owns(m_waiters.at(i).principal)) {
            m_waiters.at(i).reply->send(HttpResponse::error(err(ErrorCode::Unauthorized, why)));
            m_waiters.removeAt(i);
        }
    }
}

void ChangeFeedRoutes::answerChanges(const std::shared_ptr<DeferredReply> &reply, const Principal &reader,
                                     qint64 since, int limit)
{
    bool more = false;
    const QList<Change> changes = m_store.changesSince(since, limit, &more);
    QJsonArray arr;
    qint64 last = since;
    for (const Change &c : changes) {
        QJsonObject data = c.data;
        // As GET /api/v1/alerts/:id/log: a delivery's address and outcome only for the paged person and admins.
        if (c.entity == u"alert_log")
            data = alertLogEntryFor(std::move(data), reader.userId, reader.role == Role::Admin);
        arr.append(QJsonObject{{u"rev"_s, c.rev}, {u"entity"_s, c.entity}, {u"id"_s, c.id}, {u"op"_s, c.op},
                               {u"data"_s, data}});
        last = c.rev;
    }
    if (changes.isEmpty())
        last = std::max(since, m_store.lastRev());
    reply->send(HttpResponse::json(200, QJsonObject{{u"changes"_s, arr}, {u"last_rev"_s, last}, {u"more"_s, more}}));
}

void ChangeFeedRoutes::flushWaiters()
{
    if (m_store.groupOpen())
        return; // answered after the group commits, or at the next tick
    const qint64 rev = m_store.lastRev();
    const QDateTime now = m_clock.now();
    for (qsizetype i = m_waiters.size() - 1; i >= 0; --i) {
        Waiter &w = m_waiters[i];
        if (!w.reply->alive()) {
            m_waiters.removeAt(i);
        } else if (rev > w.since || now >= w.deadline) {
            answerChanges(w.reply, w.principal, w.since, w.limit);
            m_waiters.removeAt(i);
        }
    }
    if (m_waiters.isEmpty())
        m_waiterTimer.stop();
}

void ChangeFeedRoutes::registerRoutes(HttpServer &server)
{
    // --- change feed
    server.routeAsync(u"GET"_s, u"/api/v1/changes"_s, [this](const HttpRequest &req, std::shared_ptr<DeferredReply> reply) {
        const auto p = m_auth.authenticate(req);
        if (!p)
            return reply->send(HttpResponse::error(p.error()));
        bool ok = true;
        const QString sinceText = req.queryValue(u"since"_s);
        const qint64 since = sinceText.isEmpty() ? 0 : sinceText.toLongLong(&ok);
        if (!ok || since < 0)
            return reply->send(HttpResponse::error(err(ErrorCode::InvalidQuery, u"since must be a revision number >= 0"_s, u"since"_s)));
        const auto limit = limitParam(req, 500, 5000);
        if (!limit)
            return reply->send(HttpResponse::error(limit.error()));
        const QString waitText = req.queryValue(u"wait"_s);
        const int wait = waitText.isEmpty() ? 0 : waitText.toInt(&ok);
        if (!ok || wait < 0 || wait > 60)
            return reply->send(HttpResponse::error(err(ErrorCode::InvalidQuery, u"wait must be 0 to 60 seconds"_s, u"wait"_s)));
        if (wait == 0 || m_store.lastRev() > since)
            return answerChanges(reply, p.value(), since, limit.value());
        m_waiters.append(Waiter{reply, p.value(), since, limit.value(), m_clock.now().addSecs(wait)});
        if (!m_waiterTimer.isActive())
            m_waiterTimer.start();
    });
    server.addWebSocket(u"/api/v1/stream"_s, [this](const HttpRequest &req) -> std::optional<HttpResponse> {
        if (const auto p = admitStream(req); !p)
            return HttpResponse::error(p.error());
        return std::nullopt;
    });
    connect(&server, &HttpServer::newWebSocketConnection, this, [this, &server] {
        while (server.hasPendingWebSocketConnections())
            acceptStream(server.nextPendingWebSocketConnection().release());
    });
    m_pingTimer.start(m_limits.pingMs);
}

Result<Principal> ChangeFeedRoutes::admitStream(const HttpRequest &req) const
{
    const auto p = m_auth.authenticate(req, QueryToken::Accepted);
    if (!p)
        return p.error();
    if (m_clients.size() >= m_limits.maxTotal)
        return err(ErrorCode::TooManyStreams,
                   u"the server has %1 streams open, its limit; try again later"_s.arg(m_limits.maxTotal));
    const auto sameToken = std::count_if(m_clients.cbegin(), m_clients.cend(),
                                         [&](const StreamClient &c) { return c.principal.tokenId == p->tokenId; });
    if (sameToken >= m_limits.maxPerToken)
        return err(ErrorCode::TooManyStreams,
                   u"this token has %1 streams open, its limit; close one first"_s.arg(m_limits.maxPerToken),
                   u"access_token"_s);
    return p;
}

void ChangeFeedRoutes::acceptStream(QWebSocket *ws)
{
    ws->setParent(this);
    // Checked again on the socket itself: whatever let the handshake through, only an authenticated client within
    // the limits joins (several handshakes may have passed the check before any of them was counted).
    const HttpRequest req = handshakeOf(*ws);
    const auto p = req.path == u"/api/v1/stream"_s ? admitStream(req)
                                                   : Result<Principal>(err(ErrorCode::NotFound, u"not a stream"_s));
    if (!p) {
        qCInfo(lcStream) << "closing a WebSocket that may not stream:" << p.error().message;
        ws->close(QWebSocketProtocol::CloseCodePolicyViolated, p.error().message);
        ws->deleteLater();
        return;
    }
    // Clients send nothing but control frames: anything larger is not ours to buffer.
    ws->setMaxAllowedIncomingFrameSize(1024);
    ws->setMaxAllowedIncomingMessageSize(1024);
    StreamClient client{req, p.value(), {}};
    client.lastHeard.start();
    m_clients.insert(ws, client);
    const auto heard = [this, ws] {
        if (auto it = m_clients.find(ws); it != m_clients.end())
            it->lastHeard.start();
    };
    connect(ws, &QWebSocket::pong, this, heard);
    connect(ws, &QWebSocket::textMessageReceived, this, heard);
    connect(ws, &QWebSocket::binaryMessageReceived, this, heard);
    connect(ws, &QWebSocket::disconnected, this, [this, ws] { dropStream(ws); });
    sendTo(ws, QString::fromUtf8(QJsonDocument(QJsonObject{{u"rev"_s, m_store.lastRev()}}).toJson(QJsonDocument::Compact)));
}

void ChangeFeedRoutes::sendTo(QWebSocket *ws, const QString &message)
{
    // A client that does not read would have every announcement buffered here without end: drop it instead.
    if (ws->bytesToWrite() > m_limits.maxUnsentBytes) {
        qCInfo(lcStream) << "dropping a stream client that does not read" << ws->peerAddress().toString();
        ws->abort();
        dropStream(ws);
        return;
    }
    ws->sendTextMessage(message);
}

void ChangeFeedRoutes::dropStream(QWebSocket *ws)
{
    if (m_clients.remove(ws))
        ws->deleteLater();
}

void ChangeFeedRoutes::checkStreams()
{
    const QList<QWebSocket *> clients = m_clients.keys();
    for (QWebSocket *ws : clients) {
        const StreamClient &c = m_clients[ws];
        if (c.lastHeard.elapsed() > m_limits.idleMs) {
            qCInfo(lcStream) << "closing a silent stream client" << ws->peerAddress().toString();
            ws->abort();
            dropStream(ws);
        } else if (const auto p = m_auth.authenticate(c.request, QueryToken::Accepted); !p) {
            ws->close(QWebSocketProtocol::CloseCodePolicyViolated, p.error().message);
            dropStream(ws);
        } else if (ws->bytesToWrite() > m_limits.maxUnsentBytes) {
            ws->abort();
            dropStream(ws);
        } else {
            ws->ping();
        }
    }
}

} // namespace Vigil
