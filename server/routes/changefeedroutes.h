#pragma once

#include "routegroup.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

class QWebSocket;

namespace Vigil {

/// Limits on the WebSocket stream (docs/API.md, "Change feed"). Each connection costs a socket and a little memory
/// for as long as it lives, so their number, their silence and what they leave unread are all bounded.
struct StreamLimits
{
    int maxPerToken = 4;       // streams open with one API token; more get 429
    int maxTotal = 500;        // streams open on this server; more get 429
    int pingMs = 30'000;       // the server pings every stream this often
    int idleMs = 90'000;       // a stream that answered nothing (no pong, no frame) for this long is closed
    qint64 maxUnsentBytes = 64 * 1024; // a client that leaves more than this unread is dropped
};

/// The change feed: GET /api/v1/changes (with long-poll, ?wait=) and the WebSocket /api/v1/stream, which announces
/// each new revision as {"rev":N}. Clients read what changed from the feed; the stream only says when to look.
class ChangeFeedRoutes final : public QObject, public RouteGroup
{
    Q_OBJECT
public:
    explicit ChangeFeedRoutes(const RouteContext &context, QObject *parent = nullptr);
    void registerRoutes(HttpServer &server) override;
    /// Before registerRoutes().
    void setStreamLimits(const StreamLimits &limits);

    /// A transaction committed (here or on another server sharing the database): answer long-polls and tell
    /// stream clients, once the event loop is free (a burst of commits becomes one announcement).
    void committed();
    [[nodiscard]] qsizetype waiting() const { return m_waiters.size(); }
    [[nodiscard]] qsizetype streamClients() const { return m_clients.size(); }
    /// Ends what a token (or, with `tokenId` empty, every token of `userId`) holds open: its WebSockets are closed
    /// and its held long-polls answered 401. Called once a revocation or a user's disabling has committed.
    void closeStreamsOf(const QString &userId, const QString &tokenId);

private:
    void flushWaiters();
    /// The changes after `since` as `reader` may see them (routes' alertLogEntryFor).
    void answerChanges(const std::shared_ptr<DeferredReply> &reply, const Principal &reader, qint64 since, int limit);
    void announce();
    /// Ends the held long-polls whose token was revoked where closeStreamsOf() was not called (the CLI, another
    /// server sharing the database); streams are checked at each ping.
    void recheckOwners();
    /// Who may open a stream: the token's principal, or the refusal (401, or 429 over a limit).
    [[nodiscard]] Result<Principal> admitStream(const HttpRequest &req) const;
    void acceptStream(QWebSocket *ws);
    void sendTo(QWebSocket *ws, const QString &message);
    void dropStream(QWebSocket *ws);
    /// Pings every stream; closes those silent for too long, whose token no longer holds, or that read nothing.
    void checkStreams();

    struct Waiter
    {
        std::shared_ptr<DeferredReply> reply;
        Principal principal; // who asked: what they may see, and whose revocation ends the wait
        qint64 since;
        int limit;
        QDateTime deadline;
    };
    QList<Waiter> m_waiters;
    QTimer m_waiterTimer;
    QTimer m_pushTimer;
    QTimer m_ownerTimer;
    struct StreamClient
    {
        HttpRequest request; // the handshake, to authenticate again later
        Principal principal; // whose token opened it
        QElapsedTimer lastHeard;
    };
    QHash<QWebSocket *, StreamClient> m_clients;
    StreamLimits m_limits;
    QTimer m_pingTimer;
    qint64 m_pushedRev = 0;
};

} // namespace Vigil
