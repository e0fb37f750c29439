// The connection guard in front of the HTTP parser, on raw sockets: body limits answered from the headers, no
// chunked bodies, stalled requests dropped, 100-continue, and the server serving others all the while. Framing that
// the guard and the parser could read differently (two Content-Lengths, Content-Length with Transfer-Encoding, folded
// lines) is refused, and an Upgrade header alone does not take a connection out of the guard.
#include "vigildprocess.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

using namespace Vigil::Testing;
using namespace Qt::StringLiterals;

namespace {

struct RawResponse
{
    int status = 0;
    QByteArray head;
    QByteArray body;
};

/// Parses one HTTP/1.1 response from the front of `buffer` (removing it) when it is complete.
std::optional<RawResponse> takeResponse(QByteArray &buffer)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return std::nullopt;
    RawResponse r;
    r.head = buffer.left(end);
    r.status = r.head.mid(9, 3).toInt();
    qint64 length = 0;
    for (const QByteArray &line : r.head.split('\n')) {
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    if (buffer.size() < end + 4 + length)
        return std::nullopt;
    r.body = buffer.mid(end + 4, length);
    buffer.remove(0, end + 4 + length);
    return r;
}

} // namespace

class tst_ConnectionGuard final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void rejectedFromHeaders_data();
    void rejectedFromHeaders();
    void hugeBodyNeverBuffered();
    void bodyAtTheLimitPasses();
    void expectContinue();
    void keepAlivePipelined();
    void pipelinedIngestKeepsItsOrder();
    void stalledRequestsClosed();
    void smuggledBodyNeverParsed();
    void bareUpgradeHeaderStaysGuarded();

private:
    void connectRaw(QTcpSocket &s)
    {
        s.connectToHost(QHostAddress::LocalHost, m_server.port());
        QVERIFY(s.waitForConnected(5000));
    }
    /// Reads one response from `s`, waiting up to `ms`.
    std::optional<RawResponse> readResponse(QTcpSocket &s, QByteArray &buffer, int ms = 5000)
    {
        std::optional<RawResponse> r;
        [[maybe_unused]] const bool settled = QTest::qWaitFor([&] {
            buffer += s.readAll();
            r = takeResponse(buffer);
            return r.has_value() || (s.state() == QAbstractSocket::UnconnectedState && s.bytesAvailable() == 0);
        }, ms);
        if (!r) {
            buffer += s.readAll();
            r = takeResponse(buffer);
        }
        return r;
    }
    QByteArray requestHead(const QByteArray &method, const QByteArray &path, const QByteArray &extra) const
    {
        return method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_server.token(u"agent"_s)
            + "\r\n" + extra + "\r\n";
    }
    bool healthy()
    {
        const Reply r = m_server.request("GET", u"/healthz"_s, {}, {}, {}, 3000);
        return r.status == 200 && r.json().value(u"status").toString() == u"ok"_s;
    }

    VigildProcess m_server;
};

void tst_ConnectionGuard::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
}

void tst_ConnectionGuard::cleanupTestCase()
{
    m_server.stop();
}

void tst_ConnectionGuard::rejectedFromHeaders_data()
{
    QTest::addColumn<QByteArray>("extraHeaders");
    QTest::addColumn<QByteArray>("bodyStart");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QByteArray json = "Content-Type: application/json\r\n";
    QTest::addRow("2GiB") << json + "Content-Length: 2147483648\r\n" << QByteArray(64 * 1024, 'x') << 413 << u"payload_too_large"_s;
    QTest::addRow("1MiB-plus-1") << json + "Content-Length: 1048577\r\n" << QByteArray(R"({"summary":")") << 413 << u"payload_too_large"_s;
    QTest::addRow("1MiB-plus-1-expect") << json + "Content-Length: 1048577\r\nExpect: 100-continue\r\n" << QByteArray() << 413 << u"payload_too_large"_s;
    QTest::addRow("chunked") << json + "Transfer-Encoding: chunked\r\n" << QByteArray("10\r\n{\"summary\":\"x\"}\r\n0\r\n\r\n") << 411 << u"length_required"_s;
    QTest::addRow("chunked-gzip") << json + "Transfer-Encoding: gzip, chunked\r\n" << QByteArray() << 411 << u"length_required"_s;
    QTest::addRow("length-not-a-number") << json + "Content-Length: abc\r\n" << QByteArray("{}") << 400 << u"invalid_request"_s;
    QTest::addRow("length-negative") << json + "Content-Length: -5\r\n" << QByteArray("{}") << 400 << u"invalid_request"_s;
    QTest::addRow("length-twice") << json + "Content-Length: 2\r\nContent-Length: 3\r\n" << QByteArray("{}") << 400 << u"invalid_request"_s;
    // The parser behind the guard reads the first Content-Length: the guard must not settle for the last one.
    const QByteArray ticket = R"({"summary":"smuggled"})";
    const QByteArray ticketLength = "Content-Length: " + QByteArray::number(ticket.size()) + "\r\n";
    QTest::addRow("length-then-zero") << json + ticketLength + "Content-Length: 0\r\n" << ticket << 400 << u"invalid_request"_s;
    QTest::addRow("zero-then-length") << json + "Content-Length: 0\r\n" + ticketLength << ticket << 400 << u"invalid_request"_s;
    QTest::addRow("length-same-twice") << json + ticketLength + ticketLength << ticket << 400 << u"invalid_request"_s;
    QTest::addRow("length-plus-sign") << json + "Content-Length: +" + QByteArray::number(ticket.size()) + "\r\n" << ticket << 400 << u"invalid_request"_s;
    QTest::addRow("length-and-chunked") << json + ticketLength + "Transfer-Encoding: chunked\r\n" << ticket << 400 << u"invalid_request"_s;
    QTest::addRow("chunked-and-length") << json + "Transfer-Encoding: chunked\r\n" + ticketLength << ticket << 400 << u"invalid_request"_s;
    QTest::addRow("transfer-encoding-identity") << json + "Transfer-Encoding: identity\r\n" << ticket << 411 << u"length_required"_s;
    QTest::addRow("folded-length") << json + "X-Note: a\r\n " + ticketLength << ticket << 400 << u"invalid_request"_s;
    QTest::addRow("headers-17KiB") << "X-Padding: " + QByteArray(17 * 1024, 'p') + "\r\n" << QByteArray() << 431 << u"headers_too_large"_s;
}

void tst_ConnectionGuard::rejectedFromHeaders()
{
    QFETCH(QByteArray, extraHeaders);
    QFETCH(QByteArray, bodyStart);
    QFETCH(int, status);
    QFETCH(QString, code);

    const qint64 rev = m_server.lastRev();
    QTcpSocket s;
    connectRaw(s);
    QElapsedTimer timer;
    timer.start();
    s.write(requestHead("POST", "/api/v1/tickets", extraHeaders) + bodyStart);
    QByteArray buffer;
    const auto r = readResponse(s, buffer);
    QVERIFY2(r.has_value(), buffer.constData());
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(r->status, status);
    QVERIFY2(!r->head.contains("100 Continue"), r->head.constData());
    QVERIFY(r->head.toLower().contains("connection: close"));
    const QJsonObject err = QJsonDocument::fromJson(r->body).object().value(u"error").toObject();
    QCOMPARE(err.value(u"code").toString(), code);
    QVERIFY(!err.value(u"message").toString().isEmpty());
    // The connection is closed; nothing was written; others are served.
    QTRY_COMPARE(s.state(), QAbstractSocket::UnconnectedState);
    QVERIFY(healthy());
    QCOMPARE(m_server.lastRev(), rev);
}

void tst_ConnectionGuard::hugeBodyNeverBuffered()
{
    const qint64 before = m_server.rssKiB();
    QVERIFY(before > 0);
    QTcpSocket s;
    connectRaw(s);
    s.write(requestHead("POST", "/api/v1/tickets", "Content-Type: application/json\r\nContent-Length: 2147483648\r\n"));
    // Keep pushing body bytes as fast as the connection takes them, until the server hangs up.
    const QByteArray chunk(1024 * 1024, 'x');
    qint64 sent = 0;
    QByteArray buffer;
    std::optional<RawResponse> answer;
    QElapsedTimer timer;
    timer.start();
    // Done when the server hangs up.
    QVERIFY(QTest::qWaitFor([&] {
        buffer += s.readAll();
        if (!answer)
            answer = takeResponse(buffer);
        if (s.state() != QAbstractSocket::ConnectedState)
            return true;
        while (s.bytesToWrite() < 4 * chunk.size() && sent < 256 * chunk.size()) {
            s.write(chunk);
            sent += chunk.size();
        }
        return false;
    }, 10'000));
    buffer += s.readAll();
    if (!answer)
        answer = takeResponse(buffer);
    QVERIFY(answer.has_value());
    QCOMPARE(answer->status, 413);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    const qint64 after = m_server.rssKiB();
    qInfo("pushed %lld MiB; vigild VmRSS %lld KiB before, %lld KiB after", sent >> 20, before, after);
    QVERIFY2(after - before < 8 * 1024, qPrintable(u"RSS grew by %1 KiB"_s.arg(after - before)));
    QVERIFY(healthy());
}

void tst_ConnectionGuard::bodyAtTheLimitPasses()
{
    // Exactly 1 MiB reaches the API, which judges the content (the description is over its own limit).
    const QByteArray prefix = R"({"summary":"big","description":")";
    const QByteArray suffix = R"("})";
    const QByteArray body = prefix + QByteArray(1024 * 1024 - prefix.size() - suffix.size(), 'd') + suffix;
    QCOMPARE(body.size(), 1024 * 1024);
    QTcpSocket s;
    connectRaw(s);
    s.write(requestHead("POST", "/api/v1/tickets", "Content-Type: application/json\r\nContent-Length: "
                                                       + QByteArray::number(body.size()) + "\r\n") + body);
    QByteArray buffer;
    const auto r = readResponse(s, buffer, 10'000);
    QVERIFY(r.has_value());
    QCOMPARE(r->status, 400);
    const QJsonObject err = QJsonDocument::fromJson(r->body).object().value(u"error").toObject();
    QCOMPARE(err.value(u"code").toString(), u"invalid_field"_s);
    QCOMPARE(err.value(u"field").toString(), u"description"_s);
    QCOMPARE(s.state(), QAbstractSocket::ConnectedState); // an API error keeps the connection
}

void tst_ConnectionGuard::expectContinue()
{
    const QByteArray body = R"({"summary":"sent after 100 Continue"})";
    QTcpSocket s;
    connectRaw(s);
    s.write(requestHead("POST", "/api/v1/tickets", "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
                                                       + QByteArray::number(body.size()) + "\r\n"));
    QByteArray buffer;
    QTRY_VERIFY((buffer += s.readAll()).size() >= 25);
    QVERIFY2(buffer.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), buffer.constData());
    buffer.remove(0, 25);
    s.write(body);
    const auto r = readResponse(s, buffer);
    QVERIFY(r.has_value());
    QCOMPARE(r->status, 201);
    const QJsonObject t = QJsonDocument::fromJson(r->body).object();
    QCOMPARE(t.value(u"summary").toString(), u"sent after 100 Continue"_s);
    QCOMPARE(m_server.as(u"viewer"_s, "GET", u"/api/v1/tickets/"_s + t.value(u"key").toString()).status, 200);
}

void tst_ConnectionGuard::keepAlivePipelined()
{
    QTcpSocket s;
    connectRaw(s);
    const QByteArray body = R"({"summary":"pipelined"})";
    const QByteArray post = requestHead("POST", "/api/v1/tickets", "Content-Type: application/json\r\nContent-Length: "
                                                                       + QByteArray::number(body.size()) + "\r\n") + body;
    s.write(requestHead("GET", "/healthz", {}) + post + post + requestHead("GET", "/api/v1/me", {}));
    QByteArray buffer;
    QList<int> statuses;
    QList<QByteArray> keys;
    for (int i = 0; i < 4; ++i) {
        const auto r = readResponse(s, buffer);
        QVERIFY(r.has_value());
        statuses.append(r->status);
        keys.append(QJsonDocument::fromJson(r->body).object().value(u"key").toString().toLatin1());
    }
    QCOMPARE(statuses, (QList<int>{200, 201, 201, 200}));
    QCOMPARE(keys.at(2).mid(3).toInt(), keys.at(1).mid(3).toInt() + 1);
    QCOMPARE(s.state(), QAbstractSocket::ConnectedState);
}

void tst_ConnectionGuard::pipelinedIngestKeepsItsOrder()
{
    // Ingest answers wait for their group's commit; an error answer of the same group and a plain route behind them
    // on the same connection must not overtake them.
    const Reply svc = m_server.as(u"manager"_s, "POST", u"/api/v1/services"_s, toJson({{u"name"_s, u"Pipelined ingest"_s}}));
    QCOMPARE(svc.status, 201);
    const QByteArray service = svc.json().value(u"id").toString().toLatin1();
    const auto alert = [&](const QByteArray &body) -> QByteArray {
        return requestHead("POST", "/api/v1/alerts",
                           "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n")
            + body;
    };
    const QByteArray first = R"({"service_id":")" + service + R"(","message":"Uplink down","alias":"uplink-1"})";
    const QByteArray noMessage = R"({"service_id":")" + service + R"(","alias":"uplink-2"})";
    const QByteArray other = R"({"service_id":")" + service + R"(","message":"Uplink 3 down","alias":"uplink-3"})";
    QTcpSocket s;
    connectRaw(s);
    const QByteArray pipeline = alert(first) + alert(noMessage) + alert(first) + requestHead("GET", "/healthz", {}) + alert(other);
    s.write(pipeline);
    QByteArray buffer;
    QList<int> statuses;
    QList<QJsonObject> bodies;
    for (int i = 0; i < 5; ++i) {
        const auto r = readResponse(s, buffer);
        QVERIFY(r.has_value());
        statuses.append(r->status);
        bodies.append(QJsonDocument::fromJson(r->body).object());
    }
    QCOMPARE(statuses, (QList<int>{201, 400, 200, 200, 201}));
    QCOMPARE(bodies.at(1).value(u"error").toObject().value(u"field").toString(), u"message"_s);
    QCOMPARE(bodies.at(2).value(u"id"), bodies.at(0).value(u"id")); // the repeat of the first
    QCOMPARE(bodies.at(2).value(u"count").toInt(), 2);
    QCOMPARE(bodies.at(3).value(u"status").toString(), u"ok"_s);
    QCOMPARE(bodies.at(4).value(u"alias").toString(), u"uplink-3"_s);
    // Each 2xx was committed: another connection reads them.
    QCOMPARE(m_server.as(u"viewer"_s, "GET", u"/api/v1/alerts/"_s + bodies.at(4).value(u"id").toString()).status, 200);
}

void tst_ConnectionGuard::stalledRequestsClosed()
{
    // One client stops in the middle of its body, another in the middle of its headers.
    QTcpSocket body;
    QTcpSocket head;
    connectRaw(body);
    connectRaw(head);
    QElapsedTimer timer;
    timer.start();
    body.write(requestHead("POST", "/api/v1/tickets", "Content-Type: application/json\r\nContent-Length: 100\r\n")
               + R"({"summary":)");
    head.write("POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty");
    QVERIFY(body.waitForBytesWritten(1000) || body.bytesToWrite() == 0);
    // A third one first sent a request with a bare Upgrade header (answered as a plain request), then stalls.
    QTcpSocket upgraded;
    connectRaw(upgraded);
    upgraded.write(requestHead("GET", "/healthz", "Upgrade: websocket\r\n"));
    QByteArray upgradedBuffer;
    const auto first = readResponse(upgraded, upgradedBuffer);
    QVERIFY(first.has_value());
    QCOMPARE(first->status, 200);
    QElapsedTimer upgradedTimer;
    upgradedTimer.start();
    upgraded.write(requestHead("POST", "/api/v1/tickets", "Content-Type: application/json\r\nContent-Length: 100\r\n")
                   + R"({"summary":)");

    // Meanwhile the server answers everyone else.
    for (int i = 0; i < 5; ++i)
        QVERIFY(healthy());
    QVERIFY(!m_server.createTicket({{u"summary"_s, u"while others stall"_s}}).isEmpty());
    QCOMPARE(body.state(), QAbstractSocket::ConnectedState);

    QTRY_COMPARE_WITH_TIMEOUT(body.state(), QAbstractSocket::UnconnectedState, 15'000);
    QTRY_COMPARE_WITH_TIMEOUT(head.state(), QAbstractSocket::UnconnectedState, 5'000);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed >= 9'000 && elapsed < 14'000, qPrintable(QString::number(elapsed)));
    QTRY_COMPARE_WITH_TIMEOUT(upgraded.state(), QAbstractSocket::UnconnectedState, 5'000);
    QVERIFY2(upgradedTimer.elapsed() >= 9'000 && upgradedTimer.elapsed() < 14'000,
             qPrintable(QString::number(upgradedTimer.elapsed())));
    // Dropped without an answer: nothing half-read was processed.
    QCOMPARE(body.readAll(), QByteArray());
    QCOMPARE(head.readAll(), QByteArray());
    QCOMPARE(upgraded.readAll(), QByteArray());
    QVERIFY(healthy());
}

void tst_ConnectionGuard::smuggledBodyNeverParsed()
{
    // An 8 MiB body announced first, a zero length second, and no credentials: refused from the headers, before any
    // body byte is read (the route would answer 400 naming a field, or 401, had it seen the request).
    const qint64 rev = m_server.lastRev();
    QTcpSocket s;
    connectRaw(s);
    s.write("POST /v2/enqueue HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: 8388608\r\nContent-Length: 0\r\n\r\n"
            + QByteArray(R"({"routing_key":"x","event_action":"trigger","payload":{"summary":")") + QByteArray(64 * 1024, 's'));
    QByteArray buffer;
    const auto r = readResponse(s, buffer);
    QVERIFY2(r.has_value(), buffer.constData());
    QCOMPARE(r->status, 400);
    QCOMPARE(QJsonDocument::fromJson(r->body).object().value(u"error").toObject().value(u"code").toString(),
             u"invalid_request"_s);
    QTRY_COMPARE(s.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(m_server.lastRev(), rev);
    QVERIFY(healthy());
}

void tst_ConnectionGuard::bareUpgradeHeaderStaysGuarded()
{
    // "Upgrade: websocket" without "Connection: Upgrade" is no upgrade: the server answers it as a plain request and
    // keeps the connection, so the guard must keep judging every later request on it.
    QTcpSocket s;
    connectRaw(s);
    s.write(requestHead("GET", "/healthz", "Upgrade: websocket\r\n"));
    QByteArray buffer;
    const auto first = readResponse(s, buffer);
    QVERIFY(first.has_value());
    QCOMPARE(first->status, 200);
    QVERIFY2(!first->head.contains("101"), first->head.constData());
    QCOMPARE(s.state(), QAbstractSocket::ConnectedState);

    // The stream route answers such a request with 400 naming the missing header, on the same connection.
    s.write(requestHead("GET", "/api/v1/stream", "Upgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                                 "Sec-WebSocket-Version: 13\r\n"));
    const auto second = readResponse(s, buffer);
    QVERIFY(second.has_value());
    QCOMPARE(second->status, 400);
    const QJsonObject err = QJsonDocument::fromJson(second->body).object().value(u"error").toObject();
    QCOMPARE(err.value(u"code").toString(), u"invalid_request"_s);
    QCOMPARE(err.value(u"field").toString(), u"upgrade"_s);
    QCOMPARE(s.state(), QAbstractSocket::ConnectedState);

    // An oversized body on that connection is still refused from its headers.
    s.write(requestHead("POST", "/api/v1/tickets", "Content-Type: application/json\r\nContent-Length: 2097152\r\n")
            + QByteArray(R"({"summary":")"));
    const auto third = readResponse(s, buffer);
    QVERIFY2(third.has_value(), buffer.constData());
    QCOMPARE(third->status, 413);
    QTRY_COMPARE(s.state(), QAbstractSocket::UnconnectedState);
    QVERIFY(healthy());
}

QTEST_GUILESS_MAIN(tst_ConnectionGuard)
#include "tst_connectionguard.moc"
