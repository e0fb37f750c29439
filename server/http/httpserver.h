#pragma once

#include "common/result.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>

#include <functional>
#include <memory>

class QTcpSocket;

namespace Vigil {

/// An incoming request as our handlers see it (decoupled from the Qt HTTP Server preview API).
struct HttpRequest
{
    QString method; // GET, POST, …
    QString path;
    QUrlQuery query;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QStringList args;                      // values of the route's ":name" segments, in order
    [[nodiscard]] QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
    [[nodiscard]] QString queryValue(const QString &key) const
    {
        return query.queryItemValue(key, QUrl::FullyDecoded);
    }
};

struct HttpResponse
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<std::pair<QByteArray, QByteArray>> headers;

    static HttpResponse json(int status, const QJsonObject &o);
    static HttpResponse error(const Error &e); // status from the error code: the one mapping of codes to HTTP
};

/// The HTTP status of an error code (400 for unknown codes).
[[nodiscard]] int httpStatusFor(const QString &code);

/// A reply kept for later (long-poll). send() is a no-op once the client has gone away.
class DeferredReply
{
public:
    DeferredReply(QHttpServerResponder &&responder, QTcpSocket *socket);
    [[nodiscard]] bool alive() const;
    void send(const HttpResponse &r);
    [[nodiscard]] bool sent() const { return m_sent; }

private:
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    bool m_sent = false;
};

/// Routes requests to handlers by method and path pattern ("/api/v1/tickets/:id/comments"). A path that matches
/// with another method gets 405 with Allow; no match gets 404. Both with the JSON error body.
class HttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    using AsyncHandler = std::function<void(const HttpRequest &, std::shared_ptr<DeferredReply>)>;
    /// Called for a WebSocket upgrade on a route registered with addWebSocket(); returns an error to refuse. Only
    /// such routes upgrade: an upgrade request to any other path is refused with 400 and the connection closed.
    using UpgradeCheck = std::function<std::optional<HttpResponse>(const HttpRequest &)>;

    explicit HttpServer(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(HttpServer)

    void route(const QString &method, const QString &pattern, Handler h);
    /// A route whose handler writes with Store::writeGrouped (group commit): a success answer is held until the
    /// group commits and becomes a 500 if the commit fails; every other route first flushes the open group, so it
    /// sees only committed state.
    void routeGrouped(const QString &method, const QString &pattern, Handler h);
    /// How the server reaches the group commit: whether a group is open, and how to flush it. The owner of the
    /// store calls groupEnded() from the store's group hook.
    void setCommitGroup(std::function<bool()> isOpen, std::function<Status()> flush);
    /// Sends the answers held for the group that just ended (committed when `outcome` is ok).
    void groupEnded(const Status &outcome);
    void routeAsync(const QString &method, const QString &pattern, AsyncHandler h);
    void addWebSocket(const QString &pattern, UpgradeCheck check);
    /// Runs the handler of a plain (not async, not WebSocket) route in-process and returns its answer: 404 or 405
    /// like the network path. For tests that drive the API with an injected clock.
    [[nodiscard]] HttpResponse call(HttpRequest req);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Route
    {
        QString method;
        QStringList segments;
        Handler handler;
        AsyncHandler async;
        UpgradeCheck upgrade;
        bool grouped = false;
    };
    struct Held
    {
        std::shared_ptr<DeferredReply> reply;
        HttpResponse response;
    };
    Status flushGroup();
    static constexpr qsizetype MaxHeld = 256;
    static constexpr int MaxGroupWaitMs = 2;
    [[nodiscard]] static bool match(const Route &r, const QStringList &segments, QStringList *args);
    void write(QHttpServerResponder &responder, const HttpResponse &r);
    /// Whether a WebSocket upgrade of `req` may go ahead: nothing when it may, the refusal otherwise.
    [[nodiscard]] std::optional<HttpResponse> upgradeRefusal(const HttpRequest &req, const QStringList &segments) const;

    QList<Route> m_routes;
    std::function<bool()> m_groupOpen;
    std::function<Status()> m_flushGroup;
    QList<Held> m_held;
    QTimer m_flushTimer;
    qsizetype m_lastGroupSize = 0;
    std::optional<HttpResponse> m_refusal; // handleRequest() refused an upgrade: missingHandler() writes this
};

} // namespace Vigil
