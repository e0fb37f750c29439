#pragma once

#include "routegroup.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

class QWebSocket;

namespace Vigil {

/// The change feed: GET /api/v1/changes (with long-poll, ?wait=) and the WebSocket /api/v1/stream, which announces
/// each new revision as {"rev":N}. Clients read what changed from the feed; the stream only says when to look.
class ChangeFeedRoutes final : public QObject, public RouteGroup
{
    Q_OBJECT
public:
    explicit ChangeFeedRoutes(const RouteContext &context, QObject *parent = nullptr);
    void registerRoutes(HttpServer &server) override;

    /// A transaction committed (here or on another server sharing the database): answer long-polls and tell
    /// stream clients, once the event loop is free (a burst of commits becomes one announcement).
    void committed();
    [[nodiscard]] qsizetype waiting() const { return m_waiters.size(); }
    [[nodiscard]] qsizetype streamClients() const { return m_sockets.size(); }
    /// Ends what a token (or, with `tokenId` empty, every token of `userId`) holds open: its WebSockets are closed
    /// and its held long-polls answered 401. Called once a revocation or a user's disabling has committed.
    void closeStreamsOf(const QString &userId, const QString &tokenId);

private:
    void flushWaiters();
    /// The changes after `since` as `reader` may see them (routes' alertLogEntryFor).
    void answerChanges(const std::shared_ptr<DeferredReply> &reply, const Principal &reader, qint64 since, int limit);
    void announce();
    /// Ends the streams and long-polls whose token was revoked where closeStreamsOf() was not called (the CLI,
    /// another server sharing the database).
    void recheckOwners();

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
    QList<QWebSocket *> m_sockets;
    QHash<QWebSocket *, Principal> m_socketOwners; // whose token opened each stream
    qint64 m_pushedRev = 0;
};

} // namespace Vigil
