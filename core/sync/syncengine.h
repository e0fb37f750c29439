#pragma once

#include "common/clock.h"
#include "outbox.h"

#include <QJsonObject>
#include <QNetworkRequest>
#include <QUrlQuery>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QWebSocket;

namespace Vigil {

class LocalCache;

/// What the user must decide when the server has a newer version of a ticket they edited.
struct SyncConflict
{
    qint64 seq = 0;       // the outbox command in conflict
    QString ticketId;     // the ticket (or, when isSchedule, the schedule) in conflict
    bool isSchedule = false;
    QStringList fields;   // the fields both sides changed
    QJsonObject mine;     // the ticket as the user edited it
    QJsonObject theirs;   // the server's current ticket (the 412 body's "current")
};

/// The answer to an administrative request sent with SyncEngine::sendJson().
struct ApiReply
{
    int status = 0;      // HTTP status; 0 when the server could not be reached (offline, timeout)
    QJsonObject body;    // the JSON answer (an object; empty for 204)
    QString errorCode;   // error.code of an error answer
    QString errorMessage;
    QString errorField;  // error.field, when one field is at fault
    [[nodiscard]] bool ok() const { return status >= 200 && status < 300; }
    [[nodiscard]] bool offline() const { return status == 0; }
};

/// Keeps a LocalCache in step with vigild: pulls the change feed (pushed by the WebSocket stream, long-poll as the
/// fallback), and drains the outbox in order, exactly once (creations carry Idempotency-Key, edits If-Match).
/// Network errors never stop it: it goes offline and retries with exponential backoff.
/// A 412 whose fields do not overlap the user's edit is re-based silently; a real conflict pauses the outbox and
/// emits conflict() until resolveKeepMine() or resolveTakeTheirs().
class SyncEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncEngine)

public:
    SyncEngine(LocalCache &cache, const Clock &clock, QObject *parent = nullptr);
    ~SyncEngine() override;

    void setServer(const QUrl &baseUrl, const QString &token);
    [[nodiscard]] QUrl server() const { return m_baseUrl; }
    /// Long-poll wait in seconds while the WebSocket is not connected (default 25).
    void setLongPollSeconds(int seconds) { m_longPollSeconds = seconds; }
    /// Disable the WebSocket (tests of the long-poll path).
    void setStreamEnabled(bool enabled) { m_streamEnabled = enabled; }

    void start();
    void stop();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] bool isOnline() const { return m_online; }
    [[nodiscard]] bool isStreamConnected() const { return m_streamConnected; }
    [[nodiscard]] bool hasConflict() const { return m_conflict.seq != 0; }
    [[nodiscard]] const SyncConflict &currentConflict() const { return m_conflict; }

    /// Re-send the user's edit on top of the server's version.
    void resolveKeepMine();
    /// Drop the user's edit and accept the server's ticket.
    void resolveTakeTheirs();
    /// Pull now (e.g. a "refresh" action).
    void pullNow();

    /// Sends one authenticated JSON request now, outside the outbox (administrative edits made online: services,
    /// escalation policies, integrations, notification settings). `ifMatch` > 0 adds If-Match: "<ifMatch>";
    /// `idempotencyKey` adds Idempotency-Key. `done` runs on the GUI thread with the answer, unless `context` is
    /// destroyed first (the request is then aborted). A request the server never answers reports status 0.
    void sendJson(const QByteArray &method, const QString &path, const QJsonObject &body, QObject *context,
                  std::function<void(const ApiReply &)> done, qint64 ifMatch = 0, const QString &idempotencyKey = {});

Q_SIGNALS:
    void onlineChanged(bool online);
    void streamConnectedChanged(bool connected);
    void conflict(const Vigil::SyncConflict &conflict);
    /// The server refused a command for good (not a conflict); the command was dropped. `code` is the API error code.
    /// `ticketId` is the id of the entity the command worked on (a ticket, schedule or alert).
    void commandRejected(const QString &ticketId, const QString &code, const QString &message);
    /// A pull finished and the cache is at `rev`.
    void synced(qint64 rev);
    /// While `active`, the server has more changes than one page: the cache is catching up (shown as progress).
    void catchingUp(bool active, qint64 rev);
    void currentUserChanged(const QString &userId);
    void authenticationFailed();

private:
    [[nodiscard]] QNetworkRequest request(const QString &path, const QUrlQuery &query = {}) const;
    void pull();
    void onPullFinished(QNetworkReply *reply);
    void drain();
    void onCommandFinished(QNetworkReply *reply, const OutboxCommand &command);
    void fetchTicket(const QString &id);
    void fetchSchedule(const QString &id);
    void fetchAlert(const QString &id);
    void fetchMe();
    void openStream();
    void setOnline(bool online);
    void networkFailure();
    void scheduleRetry();

    LocalCache &m_cache;
    const Clock &m_clock;
    QNetworkAccessManager *m_nam;
    QWebSocket *m_socket = nullptr;
    QUrl m_baseUrl;
    QString m_token;
    int m_longPollSeconds = 25;
    bool m_streamEnabled = true;
    bool m_running = false;
    bool m_online = false;
    bool m_streamConnected = false;
    bool m_pullAgain = false;
    bool m_catchingUp = false;
    QPointer<QNetworkReply> m_pullReply;
    QPointer<QNetworkReply> m_commandReply;
    SyncConflict m_conflict;
    QTimer m_retryTimer;
    QTimer m_streamRetryTimer;
    QTimer m_safetyPullTimer;
    int m_backoffMs = 0;
};

} // namespace Vigil

Q_DECLARE_METATYPE(Vigil::SyncConflict)
