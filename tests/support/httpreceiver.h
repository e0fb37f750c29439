#pragma once

// An HTTP/1.1 endpoint on 127.0.0.1 playing the receiver of what vigild sends (a webhook, Slack, an SMS gateway):
// it records each request and answers as told. Shared by the tests and the benchmarks.

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>

class QTcpSocket;

namespace Vigil::Testing {

/// One request as the receiver read it.
struct ReceivedRequest
{
    QByteArray method;
    QByteArray target;                     // path and query, as sent
    QHash<QByteArray, QByteArray> headers; // lower-case names; repeated headers joined with ", "
    QByteArray body;

    /// The target without its query.
    [[nodiscard]] QByteArray path() const;
    /// The body as a JSON object (empty when it is not one).
    [[nodiscard]] QJsonObject json() const;
};

/// How the receiver answers one request.
struct ReceiverAnswer
{
    int status = 200;   // 0: read the request and never answer (a stalled receiver; the client's deadline ends it)
    QByteArray body;    // sent as text/plain
    int delayMs = 0;    // wait this long before answering (answers on one connection stay in order)
    bool close = false; // close the connection after answering (otherwise it is kept alive)
};

/// Listens on 127.0.0.1 on a free port as soon as it is made. Reads requests by Content-Length across partial reads
/// and several requests on one keep-alive connection (pipelined too); a request with Transfer-Encoding or an
/// unreadable Content-Length is answered 400 and its connection closed, and is not recorded.
/// Single-threaded: lives on the thread that made it and answers from its event loop.
class HttpReceiver final : public QObject
{
    Q_OBJECT
public:
    explicit HttpReceiver(QObject *parent = nullptr);
    ~HttpReceiver() override;
    Q_DISABLE_COPY_MOVE(HttpReceiver)

    [[nodiscard]] bool isListening() const { return m_server.isListening(); }
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    /// "http://127.0.0.1:<port>" followed by `pathAndQuery` (which starts with '/').
    [[nodiscard]] QString url(const QString &pathAndQuery) const;

    /// The answers to the next requests, in order; once they are used up, the default answer.
    void script(const QList<ReceiverAnswer> &answers) { m_script = answers; }
    /// Convenience: the next requests are answered with these statuses.
    void scriptStatuses(const QList<int> &statuses);
    /// The answer once the script is used up (at first: 200, empty body, connection kept alive).
    void setDefaultAnswer(const ReceiverAnswer &answer) { m_default = answer; }

    /// Every request so far, in the order they were complete.
    [[nodiscard]] const QList<ReceivedRequest> &requests() const { return m_requests; }
    [[nodiscard]] qsizetype count() const { return m_requests.size(); }
    /// Forgets the requests recorded so far (the benchmarks' long runs).
    void clearRequests() { m_requests.clear(); }

signals:
    /// A request was read whole (and recorded); its answer is already on its way unless delayed or stalled.
    void requestReceived(const Vigil::Testing::ReceivedRequest &request);

private:
    struct Pending
    {
        qint64 dueMs = 0; // on m_clock
        ReceiverAnswer answer;
    };
    struct Connection
    {
        QByteArray buffer;
        QList<Pending> queue; // answers not written yet, in request order
        bool closing = false; // no more requests are read once an answer closes the connection
    };

    void onReadyRead(QTcpSocket *socket);
    /// Takes one whole request off the front of `buffer`; false when it is not whole yet. `bad` when it cannot be read.
    static bool takeRequest(QByteArray &buffer, ReceivedRequest &request, bool &bad);
    void flush(QTcpSocket *socket);
    ReceiverAnswer nextAnswer();

    QTcpServer m_server;
    QHash<QTcpSocket *, Connection> m_connections;
    QList<ReceiverAnswer> m_script;
    ReceiverAnswer m_default;
    QList<ReceivedRequest> m_requests;
    QElapsedTimer m_clock;
};

} // namespace Vigil::Testing
