#pragma once
// The benchmarks' HTTP client: one HTTP/1.1 keep-alive connection to a server on 127.0.0.1, one request in flight,
// answers parsed by Content-Length. Raw QTcpSocket, so that what is measured is the server, not a client library.

#include <QByteArray>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <utility>

namespace Bench {

/// The clock every send time is read from (started on first use).
inline QElapsedTimer &clock()
{
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer;
}

struct Request
{
    QByteArray method;
    QByteArray path;
    QByteArray body;
};

class KeepAliveClient : public QObject
{
public:
    /// `token`: sent as a bearer token when not empty.
    KeepAliveClient(quint16 port, QByteArray token) : m_token(std::move(token))
    {
        connect(&m_socket, &QTcpSocket::readyRead, this, &KeepAliveClient::onReadyRead);
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
            if (m_busy && onClosedInFlight)
                onClosedInFlight();
        });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
    bool waitConnected() { return m_socket.waitForConnected(5000); }

    std::function<void(int status, const QByteArray &body)> onResponse;
    /// The server closed the connection while a request was in flight.
    std::function<void()> onClosedInFlight;

    void send(const Request &r)
    {
        QByteArray req = r.method + ' ' + r.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        if (!m_token.isEmpty())
            req += "Authorization: Bearer " + m_token + "\r\n";
        if (!r.body.isEmpty())
            req += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(r.body.size()) + "\r\n";
        req += "\r\n";
        req += r.body;
        m_busy = true;
        m_sentNs = clock().nsecsElapsed();
        m_socket.write(req);
    }
    /// When the last request was sent, on clock().
    [[nodiscard]] qint64 sentNs() const { return m_sentNs; }
    [[nodiscard]] qint64 elapsedUs() const { return (clock().nsecsElapsed() - m_sentNs) / 1000; }
    [[nodiscard]] bool busy() const { return m_busy; }

    /// Sends and waits for the answer (set-up requests); status 0 when none came within 30 s.
    std::pair<int, QByteArray> call(const Request &r)
    {
        std::pair<int, QByteArray> out{0, {}};
        QEventLoop loop;
        auto saved = std::move(onResponse);
        onResponse = [&](int status, const QByteArray &body) {
            out = {status, body};
            loop.quit();
        };
        QTimer::singleShot(30'000, &loop, &QEventLoop::quit);
        send(r);
        loop.exec();
        onResponse = std::move(saved);
        return out;
    }

private:
    void onReadyRead()
    {
        m_buffer += m_socket.readAll();
        for (;;) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            qint64 length = 0;
            const QByteArray head = m_buffer.left(end);
            for (const QByteArray &line : head.split('\n')) {
                if (line.size() > 15 && line.left(15).toLower() == "content-length:")
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (m_buffer.size() < end + 4 + length)
                return;
            const int status = head.mid(9, 3).toInt();
            const QByteArray body = m_buffer.mid(end + 4, length);
            m_buffer.remove(0, end + 4 + length);
            m_busy = false;
            if (onResponse)
                onResponse(status, body);
        }
    }

    QTcpSocket m_socket;
    QByteArray m_token;
    QByteArray m_buffer;
    qint64 m_sentNs = 0;
    bool m_busy = false;
};

} // namespace Bench
