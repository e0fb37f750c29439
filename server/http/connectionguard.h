#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QTcpServer>

class QTcpSocket;
class QTimer;

namespace Vigil {

/// Limits a GuardedTcpServer enforces on every connection before the HTTP parser sees the bytes.
struct ConnectionLimits
{
    qint64 maxBodyBytes = 1024 * 1024;  // larger bodies get 413 from the headers alone
    int maxHeaderBytes = 16 * 1024;     // larger header blocks get 431
    int stallMs = 10'000;               // a started request that receives nothing for this long is dropped
    int headerDeadlineMs = 30'000;      // headers must be complete this long after their first byte
    int idleMs = 60'000;                // a keep-alive connection with no request for this long is closed
};

/// Qt HTTP Server 6.4 buffers any body whole and never times out. This QTcpServer hands the HTTP server sockets
/// that carry a ConnectionGuard: it reads each request's framing (headers, Content-Length) from the bytes as they
/// arrive — before the parser consumes them — answers 413/411/431/400 itself without reading the body, and closes
/// connections that stall or idle. It also answers "Expect: 100-continue".
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT
public:
    explicit GuardedTcpServer(ConnectionLimits limits, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(GuardedTcpServer)

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    ConnectionLimits m_limits;
};

class ConnectionGuard final : public QObject
{
    Q_OBJECT
public:
    ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits);
    Q_DISABLE_COPY_MOVE(ConnectionGuard)

    /// The HTTP adapter accepted a WebSocket upgrade on `socket`: Qt HTTP Server hands the connection to its WebSocket
    /// server, which answers the handshake later. The guard keeps a deadline on that answer and lets go of the
    /// connection once it has been written (the WebSocket side then keeps its own ping and idle timeouts).
    static void upgradeAccepted(QTcpSocket *socket);

private:
    enum class State { Idle, Headers, Body, AwaitingResponse, Upgrading, Upgraded, Rejected };
    void onReadyRead();
    void onBytesWritten();
    void watchHandshake();
    void onTimeout();
    void consume(const QByteArray &data);
    /// Returns false when the request was rejected.
    bool headersComplete();
    void reject(int status, const char *reason, const char *code, const QString &message);
    void arm(int ms);

    QTcpSocket *m_socket;
    ConnectionLimits m_limits;
    QTimer *m_timer;
    State m_state = State::Idle;
    QByteArray m_header;
    qint64 m_bodyLeft = 0;
    QElapsedTimer m_requestStarted;
};

} // namespace Vigil
