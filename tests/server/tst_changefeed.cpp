// The change feed on the wire: gap-free revisions, paging, long-poll, and the WebSocket push: only on the stream route,
// only with a valid token, within per-token and total limits, and closed when silent or when its token is revoked.
// The server runs with small limits and a fast ping (initTestCase) so that those show within a test.
#include "vigildprocess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>
#include <QWebSocket>

using namespace Vigil::Testing;
using namespace Qt::StringLiterals;

class tst_ChangeFeed final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void gapFreeRevsAcrossWrites_data();
    void gapFreeRevsAcrossWrites();
    void changeDataIsTheEntity();
    void longPollReturnsWhenAWriteHappens();
    void longPollTimesOutEmpty();
    void longPollClientGoneAway();
    void webSocketReceivesRev();
    void webSocketQueryToken();
    void webSocketUnauthenticatedRefused_data();
    void webSocketUnauthenticatedRefused();
    void upgradeOnlyOnTheStream_data();
    void upgradeOnlyOnTheStream();
    void streamLimits();
    void silentStreamClosed();
    void revokedTokenClosesItsStream();
    void largeClientFrameClosesTheStream();

private:
    /// Sends a WebSocket handshake for `path` on a raw socket and returns what came back until the server answered
    /// and, when it refused, closed the connection.
    QByteArray rawHandshake(QTcpSocket &raw, const QByteArray &path, const QByteArray &token);
    /// Opens a stream with `token` and waits for its first {"rev"} message.
    std::unique_ptr<QWebSocket> openStream(const QByteArray &token);
    qint64 metric(const QString &name);
    /// All changes after `since`, fetched `limit` at a time; checks paging invariants on the way.
    QList<QJsonObject> drain(qint64 since, int limit, int *pages);
    VigildProcess m_server;
};

void tst_ChangeFeed::initTestCase()
{
    QVERIFY2(m_server.start({u"--stream-max-per-token"_s, u"2"_s, u"--stream-max-total"_s, u"3"_s,
                             u"--stream-ping-ms"_s, u"100"_s, u"--stream-idle-ms"_s, u"600"_s}),
             qPrintable(m_server.lastError()));
}

void tst_ChangeFeed::cleanupTestCase()
{
    m_server.stop();
}

qint64 tst_ChangeFeed::metric(const QString &name)
{
    const Reply r = m_server.request("GET", u"/metrics"_s);
    const QRegularExpression re(u"^%1 (\\d+)$"_s.arg(QRegularExpression::escape(name)), QRegularExpression::MultilineOption);
    const auto m = re.match(QString::fromUtf8(r.body));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

QList<QJsonObject> tst_ChangeFeed::drain(qint64 since, int limit, int *pages)
{
    QList<QJsonObject> out;
    *pages = 0;
    for (;;) {
        const Reply r = m_server.as(u"viewer"_s, "GET", u"/api/v1/changes?since=%1&limit=%2"_s.arg(since).arg(limit));
        if (r.status != 200)
            return {};
        ++*pages;
        const QJsonObject o = r.json();
        const QJsonArray changes = o.value(u"changes").toArray();
        if (changes.size() > limit)
            return {};
        for (const auto &c : changes)
            out.append(c.toObject());
        const qint64 last = o.value(u"last_rev").toInteger();
        if (!changes.isEmpty() && last != changes.last().toObject().value(u"rev").toInteger())
            return {};
        if (!o.value(u"more").toBool())
            return out;
        if (changes.size() != limit || *pages > 10'000)
            return {};
        since = last;
    }
}

void tst_ChangeFeed::gapFreeRevsAcrossWrites_data()
{
    QTest::addColumn<int>("limit");
    QTest::addRow("limit-1") << 1;
    QTest::addRow("limit-7") << 7;
    QTest::addRow("limit-default") << 500;
}

void tst_ChangeFeed::gapFreeRevsAcrossWrites()
{
    QFETCH(int, limit);
    const qint64 start = m_server.lastRev();
    // 10 tickets, 5 edits, 5 first public replies (comment + ticket each), one team created and deleted: 27.
    QStringList ids;
    for (int i = 0; i < 10; ++i) {
        const QJsonObject t = m_server.createTicket({{u"summary"_s, u"feed %1"_s.arg(i)}});
        QVERIFY(!t.isEmpty());
        ids.append(t.value(u"id").toString());
    }
    for (int i = 0; i < 5; ++i)
        QCOMPARE(m_server.as(u"agent"_s, "PATCH", u"/api/v1/tickets/"_s + ids.at(i), R"({"priority":"P2"})").status, 200);
    for (int i = 5; i < 10; ++i)
        QCOMPARE(m_server.as(u"agent"_s, "POST", u"/api/v1/tickets/"_s + ids.at(i) + u"/comments"_s, R"({"body":"hi"})").status, 201);
    const Reply team = m_server.as(u"manager"_s, "POST", u"/api/v1/teams"_s,
                                   toJson({{u"name"_s, QUuid::createUuid().toString()}}));
    QCOMPARE(team.status, 201);
    const QString teamId = team.json().value(u"id").toString();
    QCOMPARE(m_server.as(u"manager"_s, "DELETE", u"/api/v1/teams/"_s + teamId).status, 204);
    QCOMPARE(m_server.lastRev(), start + 27);

    int pages = 0;
    const QList<QJsonObject> changes = drain(start, limit, &pages);
    QCOMPARE(changes.size(), 27);
    QCOMPARE(pages, (27 + limit - 1) / limit); // `more` is false exactly on the last page
    QHash<QString, int> perEntity;
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const QJsonObject c = changes.at(i);
        QCOMPARE(c.value(u"rev").toInteger(), start + 1 + i); // gap-free, increasing
        perEntity[c.value(u"entity").toString() + u'/' + c.value(u"op").toString()] += 1;
    }
    QCOMPARE(perEntity.value(u"ticket/upsert"_s), 10 + 5 + 5);
    QCOMPARE(perEntity.value(u"ticket_comment/upsert"_s), 5);
    QCOMPARE(perEntity.value(u"team/upsert"_s), 1);
    QCOMPARE(perEntity.value(u"team/delete"_s), 1);
    const QJsonObject last = changes.last();
    QCOMPARE(last.value(u"id").toString(), teamId);
    QCOMPARE(last.value(u"data").toObject(), (QJsonObject{{u"id"_s, teamId}}));

    // Nothing newer: an empty page that still names the newest rev.
    const Reply empty = m_server.as(u"viewer"_s, "GET", u"/api/v1/changes?since=%1"_s.arg(start + 27));
    QCOMPARE(empty.status, 200);
    QCOMPARE(empty.json().value(u"changes").toArray().size(), 0);
    QCOMPARE(empty.json().value(u"last_rev").toInteger(), start + 27);
    QCOMPARE(empty.json().value(u"more").toBool(), false);
}

void tst_ChangeFeed::changeDataIsTheEntity()
{
    const qint64 start = m_server.lastRev();
    const QJsonObject t = m_server.createTicket({{u"summary"_s, u"as GET returns it"_s}, {u"priority"_s, u"P1"_s}});
    const Reply r = m_server.as(u"viewer"_s, "GET", u"/api/v1/changes?since=%1"_s.arg(start));
    QCOMPARE(r.status, 200);
    const QJsonArray changes = r.json().value(u"changes").toArray();
    QCOMPARE(changes.size(), 1);
    const QJsonObject c = changes.at(0).toObject();
    QCOMPARE(c.value(u"rev").toInteger(), start + 1);
    QCOMPARE(c.value(u"entity").toString(), u"ticket"_s);
    QCOMPARE(c.value(u"op").toString(), u"upsert"_s);
    QCOMPARE(c.value(u"id"), t.value(u"id"));
    QJsonObject withoutSla = m_server.as(u"viewer"_s, "GET", u"/api/v1/tickets/"_s + t.value(u"id").toString()).json();
    withoutSla.remove(u"sla"_s); // clocks move with time: the feed leaves them to clients
    QCOMPARE(c.value(u"data").toObject(), withoutSla);
}

void tst_ChangeFeed::longPollReturnsWhenAWriteHappens()
{
    const qint64 rev = m_server.lastRev();
    std::unique_ptr<QNetworkReply> poll(
        m_server.send("GET", u"/api/v1/changes?since=%1&wait=30"_s.arg(rev), {}, m_server.token(u"viewer"_s)));
    QSignalSpy finished(poll.get(), &QNetworkReply::finished);
    QElapsedTimer timer;
    timer.start();
    // The server holds it.
    QTRY_COMPARE(metric(u"vigil_changes_waiters"_s), qint64(1));
    QCOMPARE(finished.count(), 0);

    const QJsonObject t = m_server.createTicket({{u"summary"_s, u"wakes the poller"_s}});
    QVERIFY(!t.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QVERIFY2(timer.elapsed() < 10'000, qPrintable(QString::number(timer.elapsed())));
    const Reply r = VigildProcess::collect(poll.get());
    QCOMPARE(r.status, 200);
    const QJsonArray changes = r.json().value(u"changes").toArray();
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.at(0).toObject().value(u"rev").toInteger(), rev + 1);
    QCOMPARE(changes.at(0).toObject().value(u"id"), t.value(u"id"));
    QCOMPARE(r.json().value(u"last_rev").toInteger(), rev + 1);
    QCOMPARE(metric(u"vigil_changes_waiters"_s), qint64(0));
}

void tst_ChangeFeed::longPollTimesOutEmpty()
{
    const qint64 rev = m_server.lastRev();
    std::unique_ptr<QNetworkReply> poll(
        m_server.send("GET", u"/api/v1/changes?since=%1&wait=1"_s.arg(rev), {}, m_server.token(u"viewer"_s)));
    QSignalSpy finished(poll.get(), &QNetworkReply::finished);
    QElapsedTimer timer;
    timer.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QVERIFY2(timer.elapsed() >= 900, qPrintable(QString::number(timer.elapsed())));
    const Reply r = VigildProcess::collect(poll.get());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"changes").toArray().size(), 0);
    QCOMPARE(r.json().value(u"last_rev").toInteger(), rev);
    QCOMPARE(r.json().value(u"more").toBool(), false);
}

void tst_ChangeFeed::longPollClientGoneAway()
{
    const qint64 rev = m_server.lastRev();
    std::unique_ptr<QNetworkReply> poll(
        m_server.send("GET", u"/api/v1/changes?since=%1&wait=30"_s.arg(rev), {}, m_server.token(u"viewer"_s)));
    QTRY_COMPARE(metric(u"vigil_changes_waiters"_s), qint64(1));
    poll->abort();
    poll.reset();
    // A write now must not answer the vanished client (that would crash the server): the server forgets it.
    QVERIFY(!m_server.createTicket({{u"summary"_s, u"nobody listens"_s}}).isEmpty());
    QTRY_COMPARE(metric(u"vigil_changes_waiters"_s), qint64(0));
    QVERIFY(m_server.isRunning());
    QCOMPARE(m_server.lastRev(), rev + 1);
}

void tst_ChangeFeed::webSocketReceivesRev()
{
    QWebSocket ws;
    QSignalSpy connected(&ws, &QWebSocket::connected);
    QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
    QNetworkRequest req(QUrl(u"ws://127.0.0.1:%1/api/v1/stream"_s.arg(m_server.port())));
    req.setRawHeader("Authorization", "Bearer " + m_server.token(u"viewer"_s));
    ws.open(req);
    QTRY_COMPARE(connected.count(), 1);
    // On connect the server says where it is.
    QTRY_COMPARE(messages.count(), 1);
    const qint64 rev = m_server.lastRev();
    QCOMPARE(QJsonDocument::fromJson(messages.at(0).at(0).toString().toUtf8()).object(), (QJsonObject{{u"rev"_s, rev}}));
    QCOMPARE(metric(u"vigil_stream_clients"_s), qint64(1));

    QVERIFY(!m_server.createTicket({{u"summary"_s, u"pushed"_s}}).isEmpty());
    QTRY_COMPARE(messages.count(), 2);
    QCOMPARE(QJsonDocument::fromJson(messages.at(1).at(0).toString().toUtf8()).object(),
             (QJsonObject{{u"rev"_s, rev + 1}}));

    ws.close();
    QTRY_COMPARE(metric(u"vigil_stream_clients"_s), qint64(0));
}

void tst_ChangeFeed::webSocketQueryToken()
{
    QWebSocket ws;
    QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
    QUrl url(u"ws://127.0.0.1:%1/api/v1/stream?access_token=%2"_s.arg(m_server.port())
                 .arg(QString::fromLatin1(m_server.token(u"agent"_s))));
    ws.open(url);
    QTRY_COMPARE(messages.count(), 1);
    QCOMPARE(QJsonDocument::fromJson(messages.at(0).at(0).toString().toUtf8()).object().value(u"rev").toInteger(),
             m_server.lastRev());
    ws.close();
}

void tst_ChangeFeed::webSocketUnauthenticatedRefused_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addRow("no-token") << QByteArray();
    QTest::addRow("bad-token") << QByteArray("Bearer vgl_notarealtoken");
}

void tst_ChangeFeed::webSocketUnauthenticatedRefused()
{
    QFETCH(QByteArray, authorization);
    // With QWebSocket: never connects, no message.
    QWebSocket ws;
    QSignalSpy connected(&ws, &QWebSocket::connected);
    QSignalSpy disconnected(&ws, &QWebSocket::disconnected);
    QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
    QNetworkRequest req(QUrl(u"ws://127.0.0.1:%1/api/v1/stream"_s.arg(m_server.port())));
    if (!authorization.isEmpty())
        req.setRawHeader("Authorization", authorization);
    ws.open(req);
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(connected.count(), 0);
    QCOMPARE(messages.count(), 0);

    // On the wire: a 401 with the JSON error instead of 101 Switching Protocols.
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, m_server.port());
    QVERIFY(raw.waitForConnected(5000));
    QByteArray handshake = "GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                           "Sec-WebSocket-Version: 13\r\n";
    if (!authorization.isEmpty())
        handshake += "Authorization: " + authorization + "\r\n";
    raw.write(handshake + "\r\n");
    QByteArray answer;
    QTRY_VERIFY((answer += raw.readAll()).contains("\"unauthorized\"") || raw.state() == QAbstractSocket::UnconnectedState);
    answer += raw.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
    QVERIFY(answer.contains("\"unauthorized\""));
    QTRY_COMPARE(raw.state(), QAbstractSocket::UnconnectedState);
    answer += raw.readAll();
    QVERIFY2(!answer.contains("101 Switching"), answer.constData());
    QCOMPARE(metric(u"vigil_stream_clients"_s), qint64(0));
}

QByteArray tst_ChangeFeed::rawHandshake(QTcpSocket &raw, const QByteArray &path, const QByteArray &token)
{
    raw.connectToHost(QHostAddress::LocalHost, m_server.port());
    if (!raw.waitForConnected(5000))
        return {};
    QByteArray handshake = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    if (!token.isEmpty())
        handshake += "Authorization: Bearer " + token + "\r\n";
    raw.write(handshake + "\r\n");
    QByteArray answer;
    // An accepted handshake is followed by the first {"rev"} frame; a refusal by the server closing the connection.
    [[maybe_unused]] const bool settled = QTest::qWaitFor([&] {
        answer += raw.readAll();
        return answer.contains("\"rev\"") || raw.state() == QAbstractSocket::UnconnectedState;
    }, 5000);
    return answer + raw.readAll();
}

std::unique_ptr<QWebSocket> tst_ChangeFeed::openStream(const QByteArray &token)
{
    auto ws = std::make_unique<QWebSocket>();
    QSignalSpy messages(ws.get(), &QWebSocket::textMessageReceived);
    QNetworkRequest req(QUrl(u"ws://127.0.0.1:%1/api/v1/stream"_s.arg(m_server.port())));
    req.setRawHeader("Authorization", "Bearer " + token);
    ws->open(req);
    if (!QTest::qWaitFor([&] { return messages.count() >= 1; }, 5000))
        return {};
    return ws;
}

void tst_ChangeFeed::upgradeOnlyOnTheStream_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addRow("healthz") << QByteArray("/healthz");
    QTest::addRow("changes") << QByteArray("/api/v1/changes");
    QTest::addRow("unknown") << QByteArray("/api/v1/nothing-here");
    QTest::addRow("stream-lookalike") << QByteArray("/api/v1/stream/x");
}

void tst_ChangeFeed::upgradeOnlyOnTheStream()
{
    QFETCH(QByteArray, path);
    // Even with a valid token, a handshake to another path is refused: 400 naming "upgrade", the connection closed.
    QTcpSocket raw;
    const QByteArray answer = rawHandshake(raw, path, m_server.token(u"viewer"_s));
    QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
    QVERIFY2(!answer.contains("101 Switching") && !answer.contains("\"rev\""), answer.constData());
    const QJsonObject err =
        QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object().value(u"error").toObject();
    QCOMPARE(err.value(u"code").toString(), u"invalid_request"_s);
    QCOMPARE(err.value(u"field").toString(), u"upgrade"_s);
    QCOMPARE(raw.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(metric(u"vigil_stream_clients"_s), qint64(0));
}

void tst_ChangeFeed::streamLimits()
{
    QCOMPARE(metric(u"vigil_stream_clients"_s), qint64(0));
    // Two streams per token (the viewer's), three in all (the agent's is the third).
    auto first = openStream(m_server.token(u"viewer"_s));
    auto second = openStream(m_server.token(u"viewer"_s));
    QVERIFY(first && second);
    QTcpSocket perToken;
    QByteArray answer = rawHandshake(perToken, "/api/v1/stream", m_server.token(u"viewer"_s));
    QVERIFY2(answer.startsWith("HTTP/1.1 429"), answer.constData());
    QVERIFY2(answer.contains("\"too_many_streams\"") && !answer.contains("101 Switching"), answer.constData());
    QCOMPARE(perToken.state(), QAbstractSocket::UnconnectedState);

    auto third = openStream(m_server.token(u"agent"_s));
    QVERIFY(third);
    QTcpSocket total;
    answer = rawHandshake(total, "/api/v1/stream", m_server.token(u"manager"_s));
    QVERIFY2(answer.startsWith("HTTP/1.1 429"), answer.constData());
    QVERIFY2(answer.contains("\"too_many_streams\"") && !answer.contains("101 Switching"), answer.constData());
    QCOMPARE(metric(u"vigil_stream_clients"_s), qint64(3));

    // A closed stream frees its place.
    first->close();
    QTRY_COMPARE(metric(u"vigil_stream_clients"_s), qint64(2));
    auto again = openStream(m_server.token(u"manager"_s));
    QVERIFY(again);
    for (auto *ws : {second.get(), third.get(), again.get()})
        ws->close();
    QTRY_COMPARE(metric(u"vigil_stream_clients"_s), qint64(0));
}

void tst_ChangeFeed::silentStreamClosed()
{
    // A raw client completes the handshake and then never answers a ping; a QWebSocket opened beside it answers them.
    auto answering = openStream(m_server.token(u"viewer"_s));
    QVERIFY(answering);
    QSignalSpy answeringClosed(answering.get(), &QWebSocket::disconnected);
    QTcpSocket silent;
    QElapsedTimer timer;
    timer.start();
    const QByteArray answer = rawHandshake(silent, "/api/v1/stream", m_server.token(u"agent"_s));
    QVERIFY2(answer.startsWith("HTTP/1.1 101"), answer.constData());
    QCOMPARE(metric(u"vigil_stream_clients"_s), qint64(2));
    QTRY_COMPARE_WITH_TIMEOUT(silent.state(), QAbstractSocket::UnconnectedState, 5000);
    QVERIFY2(timer.elapsed() >= 600, qPrintable(QString::number(timer.elapsed())));
    // The answering one outlived it by several pings, and is still there.
    QCOMPARE(answeringClosed.count(), 0);
    QCOMPARE(answering->state(), QAbstractSocket::ConnectedState);
    QCOMPARE(metric(u"vigil_stream_clients"_s), qint64(1));
    answering->close();
    QTRY_COMPARE(metric(u"vigil_stream_clients"_s), qint64(0));
}

void tst_ChangeFeed::revokedTokenClosesItsStream()
{
    const Reply created = m_server.as(u"admin"_s, "POST", u"/api/v1/tokens"_s,
                                      toJson({{u"user_id"_s, m_server.userId(u"viewer"_s)}, {u"name"_s, u"revoked soon"_s}}));
    QCOMPARE(created.status, 201);
    const QByteArray token = created.json().value(u"token").toString().toLatin1();
    auto ws = openStream(token);
    QVERIFY(ws);
    QSignalSpy closed(ws.get(), &QWebSocket::disconnected);
    {
        // Revoked in the database, as an administrator would.
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"revoke"_s);
        db.setDatabaseName(m_server.dbPath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"PRAGMA busy_timeout = 5000"_s));
        q.prepare(u"UPDATE tokens SET revoked_at = ? WHERE id = ?"_s);
        q.addBindValue(u"2026-01-01T00:00:00.000Z"_s);
        q.addBindValue(created.json().value(u"id").toString());
        QVERIFY(q.exec());
        QCOMPARE(q.numRowsAffected(), 1);
    }
    QSqlDatabase::removeDatabase(u"revoke"_s);
    // The open stream is closed at the next ping, and a new one is refused.
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 5000);
    QCOMPARE(ws->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QTcpSocket raw;
    const QByteArray answer = rawHandshake(raw, "/api/v1/stream", token);
    QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
    QTRY_COMPARE(metric(u"vigil_stream_clients"_s), qint64(0));
}

void tst_ChangeFeed::largeClientFrameClosesTheStream()
{
    // Clients have nothing to say on the stream: a large message is not buffered, the stream is closed.
    auto ws = openStream(m_server.token(u"viewer"_s));
    QVERIFY(ws);
    QSignalSpy closed(ws.get(), &QWebSocket::disconnected);
    ws->sendTextMessage(QString(4096, u'x'));
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(ws->closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QTRY_COMPARE(metric(u"vigil_stream_clients"_s), qint64(0));
}

QTEST_GUILESS_MAIN(tst_ChangeFeed)
#include "tst_changefeed.moc"
