#include "syncengine.h"

#include "apiclient.h"
#include "localcache.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcSync, "vigil.sync")

namespace Vigil {

namespace {
constexpr int CommandTimeoutMs = 15000;
constexpr int MaxBackoffMs = 5000;
constexpr int SafetyPullMs = 60000;

QJsonObject replyObject(const QByteArray &body) { return QJsonDocument::fromJson(body).object(); }
} // namespace

SyncEngine::SyncEngine(LocalCache &cache, const Clock &clock, QObject *parent)
    : QObject(parent), m_cache(cache), m_clock(clock), m_nam(new QNetworkAccessManager(this))
{
    qRegisterMetaType<Vigil::SyncConflict>();
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        pull();
        drain();
    });
    m_streamRetryTimer.setSingleShot(true);
    connect(&m_streamRetryTimer, &QTimer::timeout, this, &SyncEngine::openStream);
    m_safetyPullTimer.setInterval(SafetyPullMs);
    connect(&m_safetyPullTimer, &QTimer::timeout, this, &SyncEngine::pull);
    // A command written while online goes out at once.
    connect(&m_cache, &LocalCache::pendingCountChanged, this, [this](int n) {
        if (n > 0)
            drain();
    });
}

SyncEngine::~SyncEngine() { stop(); }

void SyncEngine::setServer(const QUrl &baseUrl, const QString &token)
{
    m_baseUrl = baseUrl;
    m_token = token;
}

void SyncEngine::start()
{
    if (m_running)
        return;
    m_running = true;
    fetchMe();
    pull();
    drain();
    openStream();
    m_safetyPullTimer.start();
}

void SyncEngine::stop()
{
    m_running = false;
    m_retryTimer.stop();
    m_streamRetryTimer.stop();
    m_safetyPullTimer.stop();
    if (m_pullReply)
        m_pullReply->abort();
    if (m_commandReply)
        m_commandReply->abort();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (m_streamConnected) {
        m_streamConnected = false;
        Q_EMIT streamConnectedChanged(false);
    }
    setOnline(false);
}

QNetworkRequest SyncEngine::request(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_baseUrl;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(query);
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setTransferTimeout(CommandTimeoutMs);
    return req;
}

void SyncEngine::setOnline(bool online)
{
    if (online == m_online)
        return;
    m_online = online;
    qCInfo(lcSync) << (online ? "online" : "offline");
    Q_EMIT onlineChanged(online);
    if (online) {
        m_backoffMs = 0;
        if (m_cache.currentUserId().isEmpty())
            fetchMe();
        drain();
        if (!m_socket && m_streamEnabled)
            openStream();
    }
}

void SyncEngine::networkFailure()
{
    setOnline(false);
    scheduleRetry();
}

void SyncEngine::scheduleRetry()
{
    if (!m_running || m_retryTimer.isActive())
        return;
    m_backoffMs = qBound(250, m_backoffMs * 2, MaxBackoffMs);
    m_retryTimer.start(m_backoffMs);
}

void SyncEngine::pullNow() { pull(); }

void SyncEngine::sendJson(const QByteArray &method, const QString &path, const QJsonObject &body, QObject *context,
                          std::function<void(const ApiReply &)> done, qint64 ifMatch, const QString &idempotencyKey)
{
    QNetworkRequest req = request(path);
    if (ifMatch > 0)
        req.setRawHeader("If-Match", '"' + QByteArray::number(ifMatch) + '"');
    if (!idempotencyKey.isEmpty())
        req.setRawHeader("Idempotency-Key", idempotencyKey.toUtf8());
    const bool hasBody = method == "POST" || method == "PUT" || method == "PATCH";
    QNetworkReply *reply = m_nam->sendCustomRequest(
        req, method, hasBody ? QJsonDocument(body).toJson(QJsonDocument::Compact) : QByteArray());
    // The answer is for `context` only: once it is gone, nothing of it may run (not even during its destructor).
    connect(context, &QObject::destroyed, reply, [reply] {
        reply->disconnect();
        reply->abort();
        reply->deleteLater();
    });
    connect(reply, &QNetworkReply::finished, context, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        ApiReply answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = replyObject(reply->readAll());
        const QJsonObject error = answer.body.value(QStringLiteral("error")).toObject();
        answer.errorCode = error.value(QStringLiteral("code")).toString();
        answer.errorMessage = error.value(QStringLiteral("message")).toString();
        answer.errorField = error.value(QStringLiteral("field")).toString();
        if (answer.status == 401)
            Q_EMIT authenticationFailed();
        else if (answer.ok())
            pull(); // the change feed brings the new state into the cache
        done(answer);
    });
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

void SyncEngine::pull()
{
    if (!m_running)
        return;
    if (m_pullReply) {
        m_pullAgain = true;
        return;
    }
    m_pullAgain = false;
    const int wait = (m_streamConnected || !m_online) ? 0 : m_longPollSeconds;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("since"), QString::number(m_cache.lastRev()));
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
    query.addQueryItem(QStringLiteral("wait"), QString::number(wait));
    QNetworkRequest req = request(ApiPath::changes(), query);
    req.setTransferTimeout(wait * 1000 + CommandTimeoutMs);
    QNetworkReply *reply = m_nam->get(req);
    m_pullReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onPullFinished(reply); });
}

void SyncEngine::onPullFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    m_pullReply = nullptr;
    if (!m_running)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 401) {
        Q_EMIT authenticationFailed();
        networkFailure();
        return;
    }
    if (status != 200) {
        qCDebug(lcSync) << "pull failed" << status << reply->errorString();
        networkFailure();
        return;
    }
    const QJsonObject body = replyObject(reply->readAll());
    const QJsonArray changes = body.value(QStringLiteral("changes")).toArray();
    const qint64 lastRev = body.value(QStringLiteral("last_rev")).toInteger(m_cache.lastRev());
    if (!changes.isEmpty() || lastRev > m_cache.lastRev()) {
        // Never move backwards (a restarted, emptier server is not our business to mirror here).
        if (auto s = m_cache.applyChanges(changes, std::max(lastRev, m_cache.lastRev())); !s)
            qCWarning(lcSync) << "cannot apply changes:" << s.error().message;
    }
    setOnline(true);
    Q_EMIT synced(m_cache.lastRev());
    const bool more = body.value(QStringLiteral("more")).toBool();
    if (more != m_catchingUp || more) {
        m_catchingUp = more;
        Q_EMIT catchingUp(more, m_cache.lastRev());
    }
    if (more || m_pullAgain || !m_streamConnected)
        pull();
}

void SyncEngine::drain()
{
    if (!m_running || m_commandReply || hasConflict())
        return;
    const auto next = m_cache.nextCommand();
    if (!next)
        return;
    const OutboxCommand cmd = *next;
    QNetworkRequest req = request(cmd.path());
    if (!cmd.idempotencyKey.isEmpty())
        req.setRawHeader("Idempotency-Key", cmd.idempotencyKey.toUtf8());
    if ((cmd.kind == OutboxCommand::Kind::UpdateTicket || cmd.kind == OutboxCommand::Kind::Transition
         || cmd.kind == OutboxCommand::Kind::SaveSchedule)
        && cmd.baseVersion > 0)
        req.setRawHeader("If-Match", '"' + QByteArray::number(cmd.baseVersion) + '"');
    const QByteArray body = QJsonDocument(cmd.body).toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_nam->sendCustomRequest(req, cmd.method(), body);
    m_commandReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, cmd] { onCommandFinished(reply, cmd); });
}

void SyncEngine::onCommandFinished(QNetworkReply *reply, const OutboxCommand &cmd)
{
    reply->deleteLater();
    m_commandReply = nullptr;
    if (!m_running)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject body = replyObject(reply->readAll());
    if (status == 0 || status >= 500 || status == 429 || status == 408) {
        // Not an answer about the command: send it again later (idempotency keys make that safe).
        qCDebug(lcSync) << "command" << cmd.seq << "not delivered:" << status << reply->errorString();
        networkFailure();
        return;
    }
    setOnline(true);
    if (status == 401) {
        Q_EMIT authenticationFailed();
        networkFailure();
        return;
    }
    // An alert that is gone (deleted on the server) takes its queued actions with it.
    if (status == 404 && cmd.isAlertCommand()) {
        m_cache.dropCommand(cmd.seq);
        Q_EMIT commandRejected(cmd.entityId, QStringLiteral("not_found"),
                               body.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString());
        drain();
        return;
    }
    // Removing an override someone else removed already is done.
    if ((status >= 200 && status < 300) || (status == 404 && cmd.kind == OutboxCommand::Kind::RemoveOverride)) {
        m_cache.commandSucceeded(cmd.seq, body);
        drain();
        return;
    }
    if (status == 412) {
        const QJsonObject theirs = body.value(QStringLiteral("current")).toObject();
        QStringList overlap;
        for (const auto &field : cmd.touchedFields()) {
            const QJsonValue base = cmd.base.value(field);
            const QJsonValue now = theirs.value(field);
            // Both changed the same field to different values: only then ask the user.
            if (base != now && now != cmd.body.value(field == u"status" ? QStringLiteral("to") : field))
                overlap.append(field);
        }
        if (overlap.isEmpty() && !theirs.isEmpty()) {
            m_cache.rebaseCommand(cmd.seq, theirs);
            drain();
            return;
        }
        QJsonObject mine;
        if (cmd.isScheduleCommand()) {
            if (const auto s = m_cache.schedule(cmd.entityId))
                mine = s->toJson();
        } else if (const auto t = m_cache.ticketDetails(cmd.entityId)) {
            mine = t->toJson();
        }
        m_conflict = SyncConflict{cmd.seq, cmd.entityId, cmd.isScheduleCommand(), overlap, mine, theirs};
        Q_EMIT conflict(m_conflict);
        return;
    }
    // A final refusal (validation, permission, workflow, gone): drop it and restore the server's state.
    const QJsonObject error = body.value(QStringLiteral("error")).toObject();
    const QString code = error.value(QStringLiteral("code")).toString();
    qCWarning(lcSync) << "command" << cmd.seq << "rejected:" << status << code;
    m_cache.dropCommand(cmd.seq);
    Q_EMIT commandRejected(cmd.entityId, code, error.value(QStringLiteral("message")).toString());
    if (cmd.isScheduleCommand())
        fetchSchedule(cmd.entityId);
    else if (cmd.isAlertCommand())
        fetchAlert(cmd.entityId); // e.g. 422: someone closed it meanwhile; show what the server has
    else if (cmd.kind != OutboxCommand::Kind::CreateTicket && status != 404)
        fetchTicket(cmd.entityId);
    drain();
}

void SyncEngine::resolveKeepMine()
{
    if (!hasConflict())
        return;
    const SyncConflict c = std::exchange(m_conflict, SyncConflict{});
    m_cache.rebaseCommand(c.seq, c.theirs);
    drain();
}

void SyncEngine::resolveTakeTheirs()
{
    if (!hasConflict())
        return;
    const SyncConflict c = std::exchange(m_conflict, SyncConflict{});
    m_cache.dropCommand(c.seq, c.theirs);
    drain();
}

void SyncEngine::fetchTicket(const QString &id)
{
    QNetworkReply *reply = m_nam->get(request(ApiPath::ticket(id)));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
            m_cache.applyServerTicket(replyObject(reply->readAll()));
    });
}

void SyncEngine::fetchSchedule(const QString &id)
{
    QNetworkReply *reply = m_nam->get(request(ApiPath::schedule(id)));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
            m_cache.applyServerSchedule(replyObject(reply->readAll()));
    });
}

void SyncEngine::fetchAlert(const QString &id)
{
    QNetworkReply *reply = m_nam->get(request(ApiPath::alert(id)));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
            m_cache.applyServerAlert(replyObject(reply->readAll()));
    });
}

void SyncEngine::fetchMe()
{
    QNetworkReply *reply = m_nam->get(request(ApiPath::me()));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
            return;
        const QString id = replyObject(reply->readAll()).value(QStringLiteral("id")).toString();
        if (!id.isEmpty() && id != m_cache.currentUserId()) {
            m_cache.setCurrentUserId(id);
            Q_EMIT currentUserChanged(id);
        }
    });
}

void SyncEngine::openStream()
{
    if (!m_running || !m_streamEnabled || m_socket)
        return;
    QUrl url = m_baseUrl;
    url.setScheme(m_baseUrl.scheme() == u"https" ? QStringLiteral("wss") : QStringLiteral("ws"));
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + ApiPath::stream());
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_streamConnected = true;
        Q_EMIT streamConnectedChanged(true);
        pull();
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        const qint64 rev = replyObject(message.toUtf8()).value(QStringLiteral("rev")).toInteger();
        if (rev > m_cache.lastRev())
            pull();
    });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        if (m_socket) {
            m_socket->deleteLater();
            m_socket = nullptr;
        }
        if (m_streamConnected) {
            m_streamConnected = false;
            Q_EMIT streamConnectedChanged(false);
        }
        // Fall back to long-polling until the stream is back.
        pull();
        if (m_running)
            m_streamRetryTimer.start(m_online ? 2000 : MaxBackoffMs);
    });
    m_socket->open(req);
}

} // namespace Vigil
