#include "httpserver.h"

#include "connectionguard.h"

#include <QAbstractEventDispatcher>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcHttp, "vigil.server.http")

namespace Vigil {

int httpStatusFor(const QString &code)
{
    static const QHash<QString, int> map{
        {QLatin1String(ErrorCode::InvalidJson), 400},        {QLatin1String(ErrorCode::InvalidField), 400},
        {QLatin1String(ErrorCode::MissingField), 400},       {QLatin1String(ErrorCode::InvalidQuery), 400},
        {QLatin1String(ErrorCode::Unauthorized), 401},       {QLatin1String(ErrorCode::Forbidden), 403},
        {QLatin1String(ErrorCode::NotFound), 404},           {QLatin1String(ErrorCode::MethodNotAllowed), 405},
        {QLatin1String(ErrorCode::Conflict), 409},           {QLatin1String(ErrorCode::LengthRequired), 411},
        {QLatin1String(ErrorCode::VersionMismatch), 412},    {QLatin1String(ErrorCode::PayloadTooLarge), 413},
        {QLatin1String(ErrorCode::UnsupportedMediaType), 415}, {QLatin1String(ErrorCode::InvalidTransition), 422},
        {QLatin1String(ErrorCode::Internal), 500},
        {QLatin1String(ErrorCode::TooManyStreams), 429},
    };
    return map.value(code, 400);
}

HttpResponse HttpResponse::json(int status, const QJsonObject &o)
{
    return HttpResponse{status, QJsonDocument(o).toJson(QJsonDocument::Compact), "application/json", {}};
}

HttpResponse HttpResponse::error(const Error &e)
{
    QJsonObject err{{QStringLiteral("code"), e.code}, {QStringLiteral("message"), e.message}};
    if (!e.field.isEmpty())
        err.insert(QStringLiteral("field"), e.field);
    QJsonObject body = e.extra;
    body.insert(QStringLiteral("error"), err);
    return json(httpStatusFor(e.code), body);
}

// The 6.4 responder takes headers only as an initializer_list; our responses carry at most two extra headers.
static void writeResponse(QHttpServerResponder &responder, const HttpResponse &r)
{
    const auto status = static_cast<QHttpServerResponder::StatusCode>(r.status);
    const auto &h = r.headers;
    Q_ASSERT(h.size() <= 2);
    if (h.isEmpty())
        responder.write(r.body, {{"Content-Type", r.contentType}}, status);
    else if (h.size() == 1)
        responder.write(r.body, {{"Content-Type", r.contentType}, h.at(0)}, status);
    else
        responder.write(r.body, {{"Content-Type", r.contentType}, h.at(0), h.at(1)}, status);
}

DeferredReply::DeferredReply(QHttpServerResponder &&responder, QTcpSocket *socket)
    : m_responder(std::move(responder)), m_socket(socket)
{
}

bool DeferredReply::alive() const
{
    return !m_sent && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void DeferredReply::send(const HttpResponse &r)
{
    // Writing a responder whose socket is gone crashes Qt HTTP Server 6.4: check first.
    if (!alive())
        return;
    m_sent = true;
    writeResponse(m_responder, r);
}

HttpServer::HttpServer(QObject *parent) : QAbstractHttpServer(parent) {}

static QStringList splitPath(const QString &path)
{
    return path.split(u'/', Qt::SkipEmptyParts);
}

void HttpServer::route(const QString &method, const QString &pattern, Handler h)
{
    m_routes.append(Route{method, splitPath(pattern), std::move(h), {}, {}});
}

void HttpServer::routeGrouped(const QString &method, const QString &pattern, Handler h)
{
    Route r{method, splitPath(pattern), std::move(h), {}, {}};
    r.grouped = true;
    m_routes.append(std::move(r));
}

void HttpServer::setCommitGroup(std::function<bool()> isOpen, std::function<Status()> flush)
{
    const bool first = !m_flushGroup;
    m_groupOpen = std::move(isOpen);
    m_flushGroup = std::move(flush);
    if (!first)
        return;
    // A group commits when the event loop has nothing else to do (every request that had arrived has joined it),
    // or after MaxGroupWaitMs under a load that never lets the loop rest.
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    m_flushTimer.setInterval(MaxGroupWaitMs);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { (void)flushGroup(); });
    if (auto *dispatcher = QAbstractEventDispatcher::instance(thread()))
        connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, [this] {
            // Clients whose answers the last group carried are likely sending again: wait for as many (at most
            // MaxGroupWaitMs, the timer), so that the group does not split in two.
            if (!m_held.isEmpty() && m_held.size() >= m_lastGroupSize)
                (void)flushGroup();
        });
}

Status HttpServer::flushGroup()
{
    if (m_groupOpen && m_groupOpen())
        return m_flushGroup();
    return Ok{};
}

void HttpServer::groupEnded(const Status &outcome)
{
    m_flushTimer.stop();
    const QList<Held> held = std::exchange(m_held, {});
    m_lastGroupSize = held.size();
    for (const Held &h : held) {
        if (outcome || h.response.status >= 400)
            h.reply->send(h.response);
        else
            h.reply->send(HttpResponse::error(Error::make(
                ErrorCode::Internal, QStringLiteral("the database did not commit (%1); nothing was kept, send it again")
                                         .arg(outcome.error().message))));
    }
}

void HttpServer::routeAsync(const QString &method, const QString &pattern, AsyncHandler h)
{
    m_routes.append(Route{method, splitPath(pattern), {}, std::move(h), {}});
}

void HttpServer::addWebSocket(const QString &pattern, UpgradeCheck check)
{
    m_routes.append(Route{QStringLiteral("GET"), splitPath(pattern), {}, {}, std::move(check)});
}

bool HttpServer::match(const Route &r, const QStringList &segments, QStringList *args)
{
    if (r.segments.size() != segments.size())
        return false;
    QStringList captured;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &p = r.segments.at(i);
        if (p.startsWith(u':'))
            captured.append(segments.at(i));
        else if (p != segments.at(i))
            return false;
    }
    if (args)
        *args = captured;
    return true;
}

static QString methodName(QHttpServerRequest::Method m)
{
    using M = QHttpServerRequest::Method;
    switch (m) {
    case M::Get: return QStringLiteral("GET");
    case M::Put: return QStringLiteral("PUT");
    case M::Delete: return QStringLiteral("DELETE");
    case M::Post: return QStringLiteral("POST");
    case M::Head: return QStringLiteral("HEAD");
    case M::Options: return QStringLiteral("OPTIONS");
    case M::Patch: return QStringLiteral("PATCH");
    case M::Connect: return QStringLiteral("CONNECT");
    case M::Trace: return QStringLiteral("TRACE");
    default: return QStringLiteral("UNKNOWN");
    }
}

void HttpServer::write(QHttpServerResponder &responder, const HttpResponse &r)
{
    writeResponse(responder, r);
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpRequest req;
    req.method = methodName(request.method());
    req.path = request.url().path(QUrl::FullyDecoded);
    req.query = QUrlQuery(request.url());
    req.body = request.body();
    for (const auto &[name, value] : request.headers())
        req.headers.insert(name.toLower(), value);

    const QStringList segments = splitPath(req.path);
    // Qt HTTP Server 6.4 calls handleRequest() before it has taken the request off the socket (the read transaction is
    // still open) only on its WebSocket path, where answering true upgrades the connection whatever was written.
    // So true means "upgrade" there: only on a WebSocket route whose check passes. A refusal answers false, and
    // missingHandler() writes it; the server then closes the connection.
    if (socket->isTransactionStarted()) {
        m_refusal = upgradeRefusal(req, segments);
        if (m_refusal)
            return false;
        ConnectionGuard::upgradeAccepted(socket);
        return true; // write nothing: the server upgrades the connection to a WebSocket
    }

    QStringList allowed;
    for (const Route &r : m_routes) {
        QStringList args;
        if (!match(r, segments, &args))
            continue;
        if (r.method != req.method) {
            if (!allowed.contains(r.method))
                allowed.append(r.method);
            continue;
        }
        req.args = args;
        if (r.upgrade) {
            // A plain request (an Upgrade header without "Connection: Upgrade" is one too) never upgrades.
            (void)flushGroup();
            auto responder = makeResponder(request, socket);
            write(responder, HttpResponse::error(Error::make(
                                 ErrorCode::InvalidRequest,
                                 QStringLiteral("%1 is a WebSocket: send Upgrade: websocket and Connection: Upgrade").arg(req.path),
                                 QStringLiteral("upgrade"))));
            return true;
        }
        if (!r.grouped)
            (void)flushGroup(); // what this route reads or writes must stand on committed state
        if (r.async) {
            auto deferred = std::make_shared<DeferredReply>(makeResponder(request, socket), socket);
            r.async(req, deferred);
            return true;
        }
        HttpResponse response = r.handler(req);
        if (r.grouped && m_groupOpen && m_groupOpen()) {
            // Answered once the group commits: a flush later in this event-loop turn, or sooner if the group is big.
            // Error answers wait too, so that pipelined answers keep their order.
            m_held.append(Held{std::make_shared<DeferredReply>(makeResponder(request, socket), socket), std::move(response)});
            if (m_held.size() >= MaxHeld)
                (void)flushGroup();
            else if (!m_flushTimer.isActive())
                m_flushTimer.start();
            return true;
        }
        auto responder = makeResponder(request, socket);
        write(responder, response);
        return true;
    }
    (void)flushGroup();
    auto responder = makeResponder(request, socket);
    if (!allowed.isEmpty()) {
        HttpResponse resp = HttpResponse::error(Error::make(
            ErrorCode::MethodNotAllowed,
            QStringLiteral("%1 is not allowed on %2; use %3").arg(req.method, req.path, allowed.join(QStringLiteral(", ")))));
        resp.headers.append({"Allow", allowed.join(QStringLiteral(", ")).toLatin1()});
        write(responder, resp);
        return true;
    }
    write(responder, HttpResponse::error(Error::make(ErrorCode::NotFound,
                                                     QStringLiteral("no route for %1 %2").arg(req.method, req.path))));
    return true;
}

HttpResponse HttpServer::call(HttpRequest req)
{
    const QStringList segments = splitPath(req.path);
    QStringList allowed;
    for (const Route &r : m_routes) {
        QStringList args;
        if (!match(r, segments, &args) || r.upgrade || r.async)
            continue;
        if (r.method != req.method) {
            allowed.append(r.method);
            continue;
        }
        req.args = args;
        if (!r.grouped)
            (void)flushGroup();
        HttpResponse response = r.handler(req);
        // In-process callers get their answer after the commit, like the network path.
        if (const Status committed = r.grouped ? flushGroup() : Status(Ok{}); !committed && response.status < 400)
            return HttpResponse::error(Error::make(ErrorCode::Internal, committed.error().message));
        return response;
    }
    if (!allowed.isEmpty())
        return HttpResponse::error(Error::make(ErrorCode::MethodNotAllowed, QStringLiteral("%1 is not allowed").arg(req.method)));
    return HttpResponse::error(Error::make(ErrorCode::NotFound, QStringLiteral("no route for %1 %2").arg(req.method, req.path)));
}

std::optional<HttpResponse> HttpServer::upgradeRefusal(const HttpRequest &req, const QStringList &segments) const
{
    for (const Route &r : m_routes) {
        QStringList args;
        if (!r.upgrade || !match(r, segments, &args))
            continue;
        HttpRequest matched = req;
        matched.args = args;
        if (req.method != r.method)
            break;
        return r.upgrade(matched);
    }
    return HttpResponse::error(Error::make(ErrorCode::InvalidRequest,
                                           QStringLiteral("%1 %2 does not accept a WebSocket upgrade").arg(req.method, req.path),
                                           QStringLiteral("upgrade")));
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    auto responder = makeResponder(request, socket);
    if (auto refusal = std::exchange(m_refusal, std::nullopt)) {
        // The server closes the connection after a refused upgrade: say so.
        refusal->headers.append(std::pair<QByteArray, QByteArray>("Connection", "close"));
        write(responder, *refusal);
        return;
    }
    write(responder, HttpResponse::error(Error::make(ErrorCode::NotFound, QStringLiteral("no route"))));
}

} // namespace Vigil
