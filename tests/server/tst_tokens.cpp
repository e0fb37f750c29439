// API tokens and users against a real vigild: listing (never a secret), revocation (401 at once, open streams
// closed), disabled users, ?access_token= only on the stream, and the token commands of the CLI.
#include "vigildprocess.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>
#include <QWebSocket>

#include <memory>

using namespace Vigil::Testing;
using namespace Qt::StringLiterals;

namespace {

/// A user of its own with one token, made through the API for one test row.
struct Holder
{
    QString userId;
    QString tokenId;
    QByteArray token;
};

QString sha256Hex(const QByteArray &s)
{
    return QString::fromLatin1(QCryptographicHash::hash(s, QCryptographicHash::Sha256).toHex());
}

} // namespace

class tst_Tokens final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void list_data();
    void list();
    void paging();
    void lastUsed();
    void revoke_data();
    void revoke();
    void disableUser_data();
    void disableUser();
    void revokedStreamIsClosed_data();
    void revokedStreamIsClosed();
    void revokedLongPollIsAnswered();
    void queryToken_data();
    void queryToken();
    void cli();

private:
    /// A new user with `role` and a token for them; empty on failure.
    Holder makeHolder(const QString &role);
    /// Long-polls the server holds (vigil_changes_waiters).
    qint64 waiters();
    /// A WebSocket on /api/v1/stream with `token` that has received its first {"rev":N}.
    std::unique_ptr<QWebSocket> openStream(const QByteArray &token);
    VigildProcess m_server;
};

void tst_Tokens::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
}

void tst_Tokens::cleanupTestCase()
{
    m_server.stop();
}

Holder tst_Tokens::makeHolder(const QString &role)
{
    const QString tag = QUuid::createUuid().toString(QUuid::Id128).left(12);
    const Reply user = m_server.as(u"admin"_s, "POST", u"/api/v1/users"_s,
                                   toJson({{u"name"_s, QString(u"Holder "_s + tag)},
                                           {u"email"_s, QString(tag + u"@vigil.test"_s)},
                                           {u"role"_s, role}}));
    if (user.status != 201)
        return {};
    const QString userId = user.json().value(u"id").toString();
    const Reply tok = m_server.as(u"admin"_s, "POST", u"/api/v1/tokens"_s,
                                  toJson({{u"user_id"_s, userId}, {u"name"_s, QString(u"laptop "_s + tag)}}));
    if (tok.status != 201)
        return {};
    return Holder{userId, tok.json().value(u"id").toString(), tok.json().value(u"token").toString().toLatin1()};
}

qint64 tst_Tokens::waiters()
{
    const Reply r = m_server.request("GET", u"/metrics"_s);
    const auto m = QRegularExpression(u"^vigil_changes_waiters (\\d+)$"_s, QRegularExpression::MultilineOption)
                       .match(QString::fromUtf8(r.body));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

std::unique_ptr<QWebSocket> tst_Tokens::openStream(const QByteArray &token)
{
    auto ws = std::make_unique<QWebSocket>();
    QSignalSpy messages(ws.get(), &QWebSocket::textMessageReceived);
    QNetworkRequest req(QUrl(u"ws://127.0.0.1:%1/api/v1/stream"_s.arg(m_server.port())));
    req.setRawHeader("Authorization", "Bearer " + token);
    ws->open(req);
    if (!QTest::qWaitFor([&] { return messages.count() > 0; }, 10'000))
        return {};
    return ws;
}

void tst_Tokens::list_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("query");      // @agent expands to the agent's user id
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("owners"); // roles whose tokens must be listed; every other role's must not
    QTest::addColumn<bool>("othersToo");     // tokens of users beyond the five roles may appear

    const QStringList all = VigildProcess::roles();
    QTest::addRow("admin-sees-all") << u"admin"_s << QString() << 200 << all << true;
    QTest::addRow("admin-one-user") << u"admin"_s << u"?user_id=@agent"_s << 200 << QStringList{u"agent"_s} << false;
    QTest::addRow("agent-sees-own") << u"agent"_s << QString() << 200 << QStringList{u"agent"_s} << false;
    QTest::addRow("agent-own-by-id") << u"agent"_s << u"?user_id=@agent"_s << 200 << QStringList{u"agent"_s} << false;
    QTest::addRow("viewer-sees-own") << u"viewer"_s << QString() << 200 << QStringList{u"viewer"_s} << false;
    QTest::addRow("manager-sees-own") << u"manager"_s << QString() << 200 << QStringList{u"manager"_s} << false;
    QTest::addRow("others-refused") << u"manager"_s << u"?user_id=@agent"_s << 403 << QStringList{} << false;
}

void tst_Tokens::list()
{
    QFETCH(QString, role);
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QStringList, owners);
    QFETCH(bool, othersToo);

    QVERIFY(!makeHolder(u"agent"_s).token.isEmpty()); // someone else's token exists
    const Reply r = m_server.as(role, "GET", u"/api/v1/tokens"_s + QString(query).replace(u"@agent"_s, m_server.userId(u"agent"_s)));
    QCOMPARE(r.status, status);
    if (status != 200) {
        QCOMPARE(r.errorCode(), u"forbidden"_s);
        QCOMPARE(r.errorField(), u"user_id"_s);
        return;
    }
    // Never a secret, nor its hash.
    for (const QString &owner : VigildProcess::roles()) {
        QVERIFY(!r.body.contains(m_server.token(owner)));
        QVERIFY(!r.body.contains(sha256Hex(m_server.token(owner)).toLatin1()));
    }
    const QJsonArray items = r.json().value(u"items").toArray();
    QVERIFY(r.json().value(u"next_cursor").isNull());
    QSet<QString> seenOwners;
    for (const QJsonValue &v : items) {
        const QJsonObject t = v.toObject();
        QStringList keys = t.keys();
        keys.sort();
        QCOMPARE(keys, (QStringList{u"created_at"_s, u"id"_s, u"last_used_at"_s, u"name"_s, u"revoked_at"_s, u"user_id"_s}));
        QVERIFY(!t.value(u"id").toString().isEmpty());
        QVERIFY(!t.value(u"created_at").toString().isEmpty());
        const QString owner = t.value(u"user_id").toString();
        bool known = false;
        for (const QString &ownerRole : VigildProcess::roles()) {
            if (m_server.userId(ownerRole) == owner) {
                QVERIFY2(owners.contains(ownerRole), qPrintable(ownerRole));
                seenOwners.insert(ownerRole);
                known = true;
            }
        }
        QVERIFY2(known || othersToo, qPrintable(owner));
    }
    for (const QString &ownerRole : owners)
        QVERIFY2(seenOwners.contains(ownerRole), qPrintable(ownerRole));
}

void tst_Tokens::paging()
{
    const Reply all = m_server.as(u"admin"_s, "GET", u"/api/v1/tokens?limit=1000"_s);
    QCOMPARE(all.status, 200);
    QStringList expected;
    for (const QJsonValue &v : all.json().value(u"items").toArray())
        expected.append(v.toObject().value(u"id").toString());
    QVERIFY(expected.size() >= 5);
    QStringList sorted = expected;
    sorted.sort();
    QCOMPARE(expected, sorted); // creation order: the ids are time-ordered

    // Two at a time, following next_cursor: every token once, in the same order.
    QStringList paged;
    QString cursor;
    for (int page = 0; page < 1000; ++page) {
        const Reply r = m_server.as(u"admin"_s, "GET",
                                    u"/api/v1/tokens?limit=2"_s + (cursor.isEmpty() ? QString() : u"&cursor="_s + cursor));
        QCOMPARE(r.status, 200);
        const QJsonArray items = r.json().value(u"items").toArray();
        QVERIFY(items.size() <= 2);
        for (const QJsonValue &v : items)
            paged.append(v.toObject().value(u"id").toString());
        if (r.json().value(u"next_cursor").isNull())
            break;
        cursor = r.json().value(u"next_cursor").toString();
    }
    QCOMPARE(paged, expected);

    const Reply bad = m_server.as(u"admin"_s, "GET", u"/api/v1/tokens?cursor=garbage"_s);
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.errorField(), u"cursor"_s);
    const Reply badLimit = m_server.as(u"agent"_s, "GET", u"/api/v1/tokens?limit=0"_s);
    QCOMPARE(badLimit.status, 400);
    QCOMPARE(badLimit.errorField(), u"limit"_s);
}

void tst_Tokens::lastUsed()
{
    const Holder h = makeHolder(u"viewer"_s);
    QVERIFY(!h.token.isEmpty());
    const auto find = [&]() -> QJsonObject {
        const Reply r = m_server.as(u"admin"_s, "GET", u"/api/v1/tokens?user_id="_s + h.userId);
        const QJsonArray items = r.json().value(u"items").toArray();
        return items.size() == 1 ? items.at(0).toObject() : QJsonObject{};
    };
    const QJsonObject fresh = find();
    QCOMPARE(fresh.value(u"id").toString(), h.tokenId);
    QVERIFY(fresh.value(u"last_used_at").isNull());
    QVERIFY(fresh.value(u"revoked_at").isNull());

    QCOMPARE(m_server.request("GET", u"/api/v1/me"_s, {}, h.token).status, 200);
    const QString first = find().value(u"last_used_at").toString();
    QVERIFY2(!first.isEmpty(), "last_used_at is set by the first use");
    // Within the minute, uses do not write again. First the server's clock is seen to pass `first` (a ticket made
    // later than it), so that a second write could not have left the same time.
    QTRY_VERIFY(m_server.createTicket({{u"summary"_s, u"a later moment"_s}}).value(u"created_at").toString() > first);
    QCOMPARE(m_server.request("GET", u"/api/v1/me"_s, {}, h.token).status, 200);
    QCOMPARE(find().value(u"last_used_at").toString(), first);
}

void tst_Tokens::revoke_data()
{
    QTest::addColumn<QString>("caller");      // a role, or "self" for the token's own holder
    QTest::addColumn<QString>("target");      // "holder", "unknown" or "revoked"
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("holderStillWorks");

    QTest::addRow("admin-revokes-any") << u"admin"_s << u"holder"_s << 204 << false;
    QTest::addRow("holder-revokes-own") << u"self"_s << u"holder"_s << 204 << false;
    QTest::addRow("agent-cannot-revoke-others") << u"agent"_s << u"holder"_s << 404 << true;
    QTest::addRow("manager-cannot-revoke-others") << u"manager"_s << u"holder"_s << 404 << true;
    QTest::addRow("viewer-cannot-revoke-others") << u"viewer"_s << u"holder"_s << 404 << true;
    QTest::addRow("unknown-id") << u"admin"_s << u"unknown"_s << 404 << true;
    QTest::addRow("already-revoked") << u"admin"_s << u"revoked"_s << 404 << true;
}

void tst_Tokens::revoke()
{
    QFETCH(QString, caller);
    QFETCH(QString, target);
    QFETCH(int, status);
    QFETCH(bool, holderStillWorks);

    const Holder h = makeHolder(u"agent"_s);
    QVERIFY(!h.token.isEmpty());
    QCOMPARE(m_server.request("GET", u"/api/v1/me"_s, {}, h.token).status, 200);

    QString id = h.tokenId;
    if (target == u"unknown"_s)
        id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (target == u"revoked"_s) {
        const Holder gone = makeHolder(u"agent"_s);
        QCOMPARE(m_server.as(u"admin"_s, "DELETE", u"/api/v1/tokens/"_s + gone.tokenId).status, 204);
        id = gone.tokenId;
    }
    const QByteArray callerToken = caller == u"self"_s ? h.token : m_server.token(caller);
    const Reply r = m_server.request("DELETE", u"/api/v1/tokens/"_s + id, {}, callerToken);
    QCOMPARE(r.status, status);
    if (status == 404) {
        QCOMPARE(r.errorCode(), u"not_found"_s);
        QVERIFY(r.json().value(u"error").toObject().value(u"message").toString().contains(id));
    }

    // The next request with the token is answered at once.
    const Reply after = m_server.request("GET", u"/api/v1/me"_s, {}, h.token);
    QCOMPARE(after.status, holderStillWorks ? 200 : 401);
    if (!holderStillWorks) {
        QCOMPARE(after.errorCode(), u"unauthorized"_s);
        const Reply listed = m_server.as(u"admin"_s, "GET", u"/api/v1/tokens?user_id="_s + h.userId);
        QVERIFY(!listed.json().value(u"items").toArray().at(0).toObject().value(u"revoked_at").toString().isEmpty());
    }
}

void tst_Tokens::disableUser_data()
{
    QTest::addColumn<QString>("caller");
    QTest::addColumn<QString>("target"); // "holder" or "self"
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("holderWorks"); // after the PATCH

    QTest::addRow("admin-disables") << u"admin"_s << u"holder"_s << QByteArray(R"({"disabled":true})") << 200 << QString() << false;
    QTest::addRow("admin-disables-no-op-false") << u"admin"_s << u"holder"_s << QByteArray(R"({"disabled":false})") << 200 << QString() << true;
    QTest::addRow("manager-refused") << u"manager"_s << u"holder"_s << QByteArray(R"({"disabled":true})") << 403 << QString() << true;
    QTest::addRow("not-a-boolean") << u"admin"_s << u"holder"_s << QByteArray(R"({"disabled":"yes"})") << 400 << u"disabled"_s << true;
    QTest::addRow("admin-cannot-disable-self") << u"admin"_s << u"self"_s << QByteArray(R"({"disabled":true})") << 400 << u"disabled"_s << true;
}

void tst_Tokens::disableUser()
{
    QFETCH(QString, caller);
    QFETCH(QString, target);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    QFETCH(bool, holderWorks);

    const Holder h = makeHolder(u"agent"_s);
    QVERIFY(!h.token.isEmpty());
    const QString userId = target == u"self"_s ? m_server.userId(caller) : h.userId;
    const Reply feed = m_server.request("POST", u"/api/v1/me/feed_token"_s, {}, h.token);
    QCOMPARE(feed.status, 201);
    const QString myShifts = feed.json().value(u"my_shifts_url").toString();
    QCOMPARE(m_server.request("GET", myShifts).status, 200);
    const Reply r = m_server.as(caller, "PATCH", u"/api/v1/users/"_s + userId, body);
    QCOMPARE(r.status, status);
    QCOMPARE(r.errorField(), field);
    if (status == 200)
        QCOMPARE(r.json().value(u"disabled").toBool(), !holderWorks);

    const QByteArray token = target == u"self"_s ? m_server.token(caller) : h.token;
    const Reply me = m_server.request("GET", u"/api/v1/me"_s, {}, token);
    QCOMPARE(me.status, holderWorks ? 200 : 401);
    if (holderWorks)
        return;
    QCOMPARE(me.errorCode(), u"unauthorized"_s);
    QCOMPARE(m_server.request("GET", myShifts).status, 401); // the calendar feed token too
    // Every token of the user, not only the one seen so far.
    const Reply second = m_server.as(u"admin"_s, "POST", u"/api/v1/tokens"_s, toJson({{u"user_id"_s, h.userId}}));
    QCOMPARE(second.status, 201);
    QCOMPARE(m_server.request("GET", u"/api/v1/tickets"_s, {}, second.json().value(u"token").toString().toLatin1()).status, 401);

    // Enabled again, the same tokens work again; the user document is as it was before.
    const Reply enabled = m_server.as(u"admin"_s, "PATCH", u"/api/v1/users/"_s + h.userId, R"({"disabled":false})");
    QCOMPARE(enabled.status, 200);
    QVERIFY(!enabled.json().contains(u"disabled"_s));
    QCOMPARE(m_server.request("GET", u"/api/v1/me"_s, {}, h.token).status, 200);
    QCOMPARE(m_server.request("GET", myShifts).status, 200);
}

void tst_Tokens::revokedStreamIsClosed_data()
{
    QTest::addColumn<bool>("disable"); // disable the user instead of revoking the token
    QTest::addRow("token-revoked") << false;
    QTest::addRow("user-disabled") << true;
}

void tst_Tokens::revokedStreamIsClosed()
{
    QFETCH(bool, disable);

    const Holder h = makeHolder(u"agent"_s);
    QVERIFY(!h.token.isEmpty());
    const auto ws = openStream(h.token);
    QVERIFY(ws);
    const auto bystander = openStream(m_server.token(u"viewer"_s));
    QVERIFY(bystander);
    QSignalSpy disconnected(ws.get(), &QWebSocket::disconnected);
    QSignalSpy bystanderDisconnected(bystander.get(), &QWebSocket::disconnected);
    QSignalSpy bystanderMessages(bystander.get(), &QWebSocket::textMessageReceived);

    const Reply r = disable ? m_server.as(u"admin"_s, "PATCH", u"/api/v1/users/"_s + h.userId, R"({"disabled":true})")
                            : m_server.as(u"admin"_s, "DELETE", u"/api/v1/tokens/"_s + h.tokenId);
    QCOMPARE(r.status, disable ? 200 : 204);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 5000);
    QCOMPARE(ws->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);

    // Only that stream: the bystander still hears the next commit.
    const qint64 seen = bystanderMessages.count();
    QVERIFY(!m_server.createTicket({{u"summary"_s, u"after a revocation"_s}}).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(bystanderMessages.count() > seen, 5000);
    QCOMPARE(bystanderDisconnected.count(), 0);
}

void tst_Tokens::revokedLongPollIsAnswered()
{
    const Holder h = makeHolder(u"agent"_s);
    QVERIFY(!h.token.isEmpty());
    std::unique_ptr<QNetworkReply> poll(
        m_server.send("GET", u"/api/v1/changes?since=%1&wait=60"_s.arg(m_server.lastRev()), {}, h.token));
    QSignalSpy finished(poll.get(), &QNetworkReply::finished);
    QTRY_COMPARE(waiters(), qint64(1));

    QCOMPARE(m_server.as(u"admin"_s, "DELETE", u"/api/v1/tokens/"_s + h.tokenId).status, 204);
    // Answered long before its 60 s, with the 401 of the revoked token (nothing was committed to wake it).
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    const Reply r = VigildProcess::collect(poll.get());
    QCOMPARE(r.status, 401);
    QCOMPARE(r.errorCode(), u"unauthorized"_s);
    QCOMPARE(waiters(), qint64(0));
}

void tst_Tokens::queryToken_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addRow("tickets") << u"/api/v1/tickets"_s << 401;
    QTest::addRow("me") << u"/api/v1/me"_s << 401;
    QTest::addRow("changes") << u"/api/v1/changes"_s << 401;
    QTest::addRow("tokens") << u"/api/v1/tokens"_s << 401;
    QTest::addRow("stream") << u"/api/v1/stream"_s << 101;
}

void tst_Tokens::queryToken()
{
    QFETCH(QString, path);
    QFETCH(int, status);
    const QString query = u"?access_token="_s + QString::fromLatin1(m_server.token(u"admin"_s));
    if (status != 101) {
        // Ignored outside the stream: as if no token had been sent.
        const Reply r = m_server.request("GET", path + query);
        QCOMPARE(r.status, status);
        QCOMPARE(r.errorCode(), u"unauthorized"_s);
        return;
    }
    QWebSocket ws;
    QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
    ws.open(QUrl(u"ws://127.0.0.1:%1"_s.arg(m_server.port()) + path + query));
    QTRY_COMPARE(messages.count(), 1);
    QCOMPARE(QJsonDocument::fromJson(messages.at(0).at(0).toString().toUtf8()).object().value(u"rev").toInteger(),
             m_server.lastRev());
    ws.close();
}

void tst_Tokens::cli()
{
    const Holder h = makeHolder(u"responder"_s);
    QVERIFY(!h.token.isEmpty());
    QCOMPARE(m_server.request("GET", u"/api/v1/me"_s, {}, h.token).status, 200);

    const QByteArray listed = m_server.cli({u"token"_s, u"list"_s});
    QVERIFY2(!listed.isEmpty(), qPrintable(m_server.lastError()));
    const QList<QByteArray> lines = listed.trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("id\tuser\tname\tcreated_at\tlast_used_at\trevoked_at"));
    bool found = false;
    for (const QByteArray &line : lines) {
        QVERIFY(!line.contains("vgl_"));
        const QList<QByteArray> cols = line.split('\t');
        QCOMPARE(cols.size(), 6);
        if (cols.at(0) == h.tokenId.toLatin1()) {
            found = true;
            QVERIFY(cols.at(1).endsWith("@vigil.test"));
            QVERIFY(cols.at(2).startsWith("laptop "));
            QVERIFY(cols.at(4) != "-"); // used just now
            QCOMPARE(cols.at(5), QByteArray("-"));
        }
    }
    QVERIFY(found);
    QVERIFY(!listed.contains(sha256Hex(h.token).toLatin1()));

    // Revoked from the command line while the server runs: its next request is refused, and its stream and held
    // long-poll, of which the server was not told, end at the server's next look at their tokens (every 30 s).
    const auto ws = openStream(h.token);
    QVERIFY(ws);
    QSignalSpy disconnected(ws.get(), &QWebSocket::disconnected);
    std::unique_ptr<QNetworkReply> poll(
        m_server.send("GET", u"/api/v1/changes?since=%1&wait=60"_s.arg(m_server.lastRev()), {}, h.token));
    QSignalSpy pollFinished(poll.get(), &QNetworkReply::finished);
    QTRY_COMPARE(waiters(), qint64(1));
    const QByteArray revoked = m_server.cli({u"token"_s, u"revoke"_s, h.tokenId});
    QVERIFY2(revoked.contains(h.tokenId.toLatin1()), qPrintable(m_server.lastError()));
    QCOMPARE(m_server.request("GET", u"/api/v1/me"_s, {}, h.token).status, 401);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 40'000);
    QCOMPARE(ws->closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QTRY_COMPARE_WITH_TIMEOUT(pollFinished.count(), 1, 5000); // the same look, before the poll's 60 s were up
    QCOMPARE(VigildProcess::collect(poll.get()).status, 401);
    const QByteArray after = m_server.cli({u"token"_s, u"list"_s});
    for (const QByteArray &line : after.split('\n')) {
        if (line.startsWith(h.tokenId.toLatin1()))
            QVERIFY(line.split('\t').at(5) != "-");
    }

    // Revoking again, or an unknown id, fails and says why.
    QVERIFY(m_server.cli({u"token"_s, u"revoke"_s, h.tokenId}).isEmpty());
    QVERIFY2(m_server.lastError().contains(u"already revoked"_s), qPrintable(m_server.lastError()));
    QVERIFY(m_server.cli({u"token"_s, u"revoke"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}).isEmpty());
    QVERIFY2(m_server.lastError().contains(u"no token"_s), qPrintable(m_server.lastError()));
}

QTEST_GUILESS_MAIN(tst_Tokens)
#include "tst_tokens.moc"
