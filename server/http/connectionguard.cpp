#include "connectionguard.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcGuard, "vigil.server.guard")

namespace Vigil {

GuardedTcpServer::GuardedTcpServer(ConnectionLimits limits, QObject *parent)
    : QTcpServer(parent), m_limits(limits)
{
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    // Connected before the HTTP server connects its own readyRead handler, so the guard sees each chunk first.
    new ConnectionGuard(socket, m_limits);
    addPendingConnection(socket);
}

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits)
    : QObject(socket), m_socket(socket), m_limits(limits), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &ConnectionGuard::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::onBytesWritten);
    arm(m_limits.idleMs);
}

void ConnectionGuard::arm(int ms)
{
    m_timer->start(ms);
}

void ConnectionGuard::onReadyRead()
{
    if (m_state == State::Upgrading || m_state == State::Upgraded)
        return;
    if (m_state == State::Rejected) {
        // Drain and discard whatever the client still sends until we close: never buffer it.
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    // The HTTP server reads everything available after this slot returns, so what we can peek now is exactly the
    // bytes that arrived since the last notification.
    consume(m_socket->peek(m_socket->bytesAvailable()));
}

void ConnectionGuard::consume(const QByteArray &data)
{
    qsizetype pos = 0;
    while (pos < data.size() && m_state != State::Rejected && m_state != State::Upgrading && m_state != State::Upgraded) {
        switch (m_state) {
        case State::Idle:
        case State::AwaitingResponse: // a pipelined request
            m_state = State::Headers;
            m_header.clear();
            m_requestStarted.start();
            [[fallthrough]];
        case State::Headers: {
            // Look for the end of the header block across chunk boundaries.
            const qsizetype before = m_header.size();
            const qsizetype take = std::min<qsizetype>(data.size() - pos, m_limits.maxHeaderBytes + 4 - before);
            m_header.append(data.constData() + pos, take);
            const qsizetype end = m_header.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
            if (end < 0) {
                if (m_header.size() > m_limits.maxHeaderBytes) {
                    reject(431, "Request Header Fields Too Large", "headers_too_large",
                           QStringLiteral("request headers exceed %1 bytes").arg(m_limits.maxHeaderBytes));
                    return;
                }
                pos += take;
                break;
            }
            pos += end + 4 - before;
            m_header.truncate(end);
            if (!headersComplete())
                return;
            break;
        }
        case State::Body: {
            const qint64 take = std::min<qint64>(m_bodyLeft, data.size() - pos);
            m_bodyLeft -= take;
            pos += take;
            if (m_bodyLeft == 0)
                m_state = State::AwaitingResponse;
            break;
        }
        case State::Upgrading:
        case State::Upgraded:
        case State::Rejected:
            return;
        }
    }
    switch (m_state) {
    case State::Headers:
        arm(std::min<qint64>(m_limits.stallMs,
                             std::max<qint64>(0, m_limits.headerDeadlineMs - m_requestStarted.elapsed())));
        break;
    case State::Body: arm(m_limits.stallMs); break;
    case State::AwaitingResponse: m_timer->stop(); break; // the server answers (long-polls end by themselves)
    default: break;
    }
}

bool ConnectionGuard::headersComplete()
{
    qint64 contentLength = 0;
    bool hasLength = false;
    bool hasTransferEncoding = false;
    bool expectContinue = false;
    const auto invalid = [this](const QString &message) {
        reject(400, "Bad Request", "invalid_request", message);
        return false;
    };
    const QList<QByteArray> lines = m_header.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &raw = lines.at(i);
        // A folded line continues the previous header for some parsers and starts a new one for others: refuse it,
        // so that the guard and the parser behind it never read different headers.
        if (raw.startsWith(' ') || raw.startsWith('\t'))
            return invalid(QStringLiteral("folded header lines are not accepted"));
        const QByteArray line = raw.trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            // The parser behind us reads the first Content-Length, other software the last: a second one, even an
            // equal one, is refused rather than guessed at (the body limit must hold for the length that is used).
            if (hasLength)
                return invalid(QStringLiteral("Content-Length is sent more than once"));
            bool ok = false;
            contentLength = value.toLongLong(&ok);
            if (!ok || contentLength < 0 || value.startsWith('+'))
                return invalid(QStringLiteral("invalid Content-Length"));
            hasLength = true;
        } else if (name == "transfer-encoding") {
            hasTransferEncoding = true;
        } else if (name == "expect" && value.toLower() == "100-continue") {
            expectContinue = true;
        }
    }
    if (hasTransferEncoding && hasLength)
        return invalid(QStringLiteral("Content-Length and Transfer-Encoding must not be sent together"));
    if (hasTransferEncoding) {
        reject(411, "Length Required", "length_required",
               QStringLiteral("send the body with a Content-Length; chunked bodies are not accepted"));
        return false;
    }
    if (contentLength > m_limits.maxBodyBytes) {
        reject(413, "Payload Too Large", "payload_too_large",
               QStringLiteral("the body is %1 bytes; the limit is %2").arg(contentLength).arg(m_limits.maxBodyBytes));
        return false;
    }
    // A WebSocket handshake is an ordinary request here: the guard lets go only when the adapter accepted the upgrade
    // (upgradeAccepted()) and the 101 was written. An Upgrade header alone changes nothing: the HTTP server keeps
    // serving such a connection as keep-alive, and so the guard keeps guarding it.
    if (expectContinue && contentLength > 0)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_bodyLeft = contentLength;
    m_state = m_bodyLeft > 0 ? State::Body : State::AwaitingResponse;
    return true;
}

void ConnectionGuard::upgradeAccepted(QTcpSocket *socket)
{
    auto *guard = socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly);
    if (!guard)
        return;
    guard->m_state = State::Upgrading;
    // The handshake must be answered within the stall time, or the connection is dropped.
    guard->arm(guard->m_limits.stallMs);
    // Qt HTTP Server disconnects every handler of the socket once this request returns, and answers the handshake
    // from a queued call: watch for that answer from a queued call of our own, posted before it.
    QMetaObject::invokeMethod(guard, &ConnectionGuard::watchHandshake, Qt::QueuedConnection);
}

void ConnectionGuard::watchHandshake()
{
    if (m_state == State::Upgrading)
        connect(m_socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::onBytesWritten, Qt::UniqueConnection);
}

void ConnectionGuard::reject(int status, const char *reason, const char *code, const QString &message)
{
    qCInfo(lcGuard) << "rejecting request from" << m_socket->peerAddress().toString() << status << message;
    m_state = State::Rejected;
    // Take the socket away from the HTTP parser: nothing more of this connection reaches it.
    disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
    connect(m_socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->skip(m_socket->bytesAvailable());
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("error"),
                                                       QJsonObject{{QStringLiteral("code"), QLatin1String(code)},
                                                                   {QStringLiteral("message"), message}}}})
                                .toJson(QJsonDocument::Compact);
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    head += "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\n\r\n";
    m_socket->write(head + body);
    m_socket->flush();
    // Let the client read the answer, then close; a client that keeps sending is cut after a short grace period.
    m_socket->disconnectFromHost();
    arm(2000);
}

void ConnectionGuard::onBytesWritten()
{
    if (m_state == State::Upgrading) {
        // The handshake's answer (the 101) went out: from here on the socket is a WebSocket's.
        m_state = State::Upgraded;
        m_timer->stop();
        disconnect(m_socket, nullptr, this, nullptr);
        return;
    }
    if (m_state == State::AwaitingResponse && m_socket->bytesToWrite() == 0) {
        m_state = State::Idle;
        arm(m_limits.idleMs);
    }
}

void ConnectionGuard::onTimeout()
{
    switch (m_state) {
    case State::Idle: qCDebug(lcGuard) << "closing idle connection"; break;
    case State::Headers:
    case State::Body: qCInfo(lcGuard) << "dropping stalled request from" << m_socket->peerAddress().toString(); break;
    case State::Upgrading: qCInfo(lcGuard) << "dropping unanswered WebSocket handshake"; break;
    default: break;
    }
    if (m_state == State::AwaitingResponse || m_state == State::Upgraded)
        return;
    m_socket->abort();
}

} // namespace Vigil
