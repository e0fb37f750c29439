#include "httpreceiver.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>

#include <limits>

namespace Vigil::Testing {

namespace {

QByteArray reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Scripted";
    }
}

} // namespace

QByteArray ReceivedRequest::path() const
{
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.left(query);
}

QJsonObject ReceivedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

HttpReceiver::HttpReceiver(QObject *parent) : QObject(parent)
{
    m_clock.start();
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            m_connections.insert(socket, {});
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_connections.remove(socket);
                socket->deleteLater();
            });
        }
    });
    if (!m_server.listen(QHostAddress::LocalHost, 0))
        qWarning("HttpReceiver: cannot listen on 127.0.0.1: %s", qPrintable(m_server.errorString()));
}

HttpReceiver::~HttpReceiver()
{
    // The sockets are children; forget them first so that their disconnected() finds nothing to update.
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it)
        disconnect(it.key(), nullptr, this, nullptr);
    m_connections.clear();
}

QString HttpReceiver::url(const QString &pathAndQuery) const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port()) + pathAndQuery;
}

void HttpReceiver::scriptStatuses(const QList<int> &statuses)
{
    m_script.clear();
    for (const int status : statuses)
        m_script.append(ReceiverAnswer{status, {}, 0, false});
}

ReceiverAnswer HttpReceiver::nextAnswer()
{
    return m_script.isEmpty() ? m_default : m_script.takeFirst();
}

bool HttpReceiver::takeRequest(QByteArray &buffer, ReceivedRequest &request, bool &bad)
{
    bad = false;
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return false;
    ReceivedRequest r;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    r.method = requestLine.value(0);
    r.target = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = lines.at(i).left(colon).trimmed().toLower();
        const QByteArray value = lines.at(i).mid(colon + 1).trimmed();
        const auto existing = r.headers.constFind(name);
        r.headers.insert(name, existing == r.headers.cend() ? value : *existing + ", " + value);
    }
    qint64 length = 0;
    if (r.headers.contains("transfer-encoding")) {
        bad = true; // vigild's notifier always sends a Content-Length; chunked bodies are not read here
        return false;
    }
    if (r.headers.contains("content-length")) {
        bool ok = false;
        length = r.headers.value("content-length").toLongLong(&ok);
        if (!ok || length < 0 || length > std::numeric_limits<int>::max()) {
            bad = true;
            return false;
        }
    }
    if (r.method.isEmpty() || r.target.isEmpty()) {
        bad = true;
        return false;
    }
    if (buffer.size() < headerEnd + 4 + length)
        return false;
    r.body = buffer.mid(headerEnd + 4, length);
    buffer.remove(0, headerEnd + 4 + length);
    request = std::move(r);
    return true;
}

void HttpReceiver::onReadyRead(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->buffer += socket->readAll();
    QList<ReceivedRequest> complete;
    while (!it->closing) {
        ReceivedRequest request;
        bool bad = false;
        if (!takeRequest(it->buffer, request, bad)) {
            if (bad) {
                it->closing = true;
                it->buffer.clear();
                it->queue.append({m_clock.elapsed(), ReceiverAnswer{400, "unreadable request", 0, true}});
            }
            break;
        }
        ReceiverAnswer answer = nextAnswer();
        if (request.headers.value("connection").toLower() == "close")
            answer.close = true;
        if (answer.close)
            it->closing = true;
        it->queue.append({m_clock.elapsed() + answer.delayMs, answer});
        m_requests.append(request);
        complete.append(request);
    }
    flush(socket);
    // Signalled last: a slot may destroy this receiver.
    for (const ReceivedRequest &request : std::as_const(complete))
        emit requestReceived(request);
}

void HttpReceiver::flush(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    while (!it->queue.isEmpty()) {
        const Pending &front = it->queue.constFirst();
        if (front.answer.status == 0)
            return; // stalled: nothing behind it is answered either
        const qint64 wait = front.dueMs - m_clock.elapsed();
        if (wait > 0) {
            QTimer::singleShot(int(wait), socket, [this, socket] { flush(socket); });
            return;
        }
        const ReceiverAnswer answer = it->queue.takeFirst().answer;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(answer.status) + ' ' + reason(answer.status) + "\r\n";
        out += "Content-Length: " + QByteArray::number(answer.body.size()) + "\r\n";
        if (!answer.body.isEmpty())
            out += "Content-Type: text/plain\r\n";
        if (answer.close)
            out += "Connection: close\r\n";
        out += "\r\n" + answer.body;
        socket->write(out);
        if (answer.close) {
            socket->disconnectFromHost();
            return;
        }
    }
}

} // namespace Vigil::Testing
