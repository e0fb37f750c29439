// What a client was told is what survives: tickets acknowledged with 2xx are there after kill -9 and a restart on
// the same file, and ticket keys and change revisions continue without gaps. The same for alerts, whose ingest
// commits in groups (several requests in one transaction, each answered only after its group committed).
#include "vigildprocess.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QTest>

using namespace Vigil::Testing;
using namespace Qt::StringLiterals;

class tst_Durability final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void acknowledgedWritesSurviveKill();
    void acknowledgedAlertsSurviveKill();

private:
    QHash<qint64, QString> allTickets(); // key number → summary
    VigildProcess m_server;
};

void tst_Durability::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.lastError()));
}

void tst_Durability::cleanupTestCase()
{
    m_server.stop();
}

QHash<qint64, QString> tst_Durability::allTickets()
{
    QHash<qint64, QString> out;
    QString cursor;
    for (int page = 0; page < 100; ++page) {
        const Reply r = m_server.as(u"viewer"_s, "GET",
                                    u"/api/v1/tickets?limit=1000"_s + (cursor.isEmpty() ? QString() : u"&cursor="_s + cursor));
        if (r.status != 200)
            return {};
        for (const auto &v : r.json().value(u"items").toArray()) {
            const QJsonObject t = v.toObject();
            out.insert(t.value(u"key").toString().mid(3).toLongLong(), t.value(u"summary").toString());
        }
        cursor = r.json().value(u"next_cursor").toString();
        if (cursor.isEmpty())
            break;
    }
    return out;
}

void tst_Durability::acknowledgedWritesSurviveKill()
{
    QHash<qint64, QString> acked; // key number → summary, from 201 answers only
    for (int i = 0; i < 20; ++i) {
        const QJsonObject t = m_server.createTicket({{u"summary"_s, u"sequential %1"_s.arg(i)}});
        QVERIFY(!t.isEmpty());
        acked.insert(t.value(u"key").toString().mid(3).toLongLong(), t.value(u"summary").toString());
    }

    // A burst of concurrent creations; the server dies in the middle of it.
    const int burst = 300;
    int finished = 0;
    QObject context;
    for (int i = 0; i < burst; ++i) {
        const QString summary = u"burst %1"_s.arg(i);
        QNetworkReply *reply = m_server.send("POST", u"/api/v1/tickets"_s, toJson({{u"summary"_s, summary}}),
                                             m_server.token(u"agent"_s));
        connect(reply, &QNetworkReply::finished, &context, [reply, summary, &acked, &finished] {
            ++finished;
            const Reply r = VigildProcess::collect(reply);
            if (r.status == 201)
                acked.insert(r.json().value(u"key").toString().mid(3).toLongLong(), summary);
            reply->deleteLater();
        });
    }
    QTRY_VERIFY(acked.size() >= 20 + burst / 3);
    m_server.kill();
    QVERIFY(!m_server.isRunning());
    const QHash<qint64, QString> acknowledged = acked; // nothing more can arrive
    qInfo("%lld of %d burst creations acknowledged before kill -9", qint64(acknowledged.size() - 20), burst);
    QVERIFY(acknowledged.size() < 20 + burst); // the kill really interrupted the burst

    QVERIFY2(m_server.restart(), qPrintable(m_server.lastError()));
    const QHash<qint64, QString> present = allTickets();
    for (auto it = acknowledged.begin(); it != acknowledged.end(); ++it) {
        QVERIFY2(present.contains(it.key()), qPrintable(u"SD-%1 was acknowledged but is gone"_s.arg(it.key())));
        QCOMPARE(present.value(it.key()), it.value());
    }
    // Keys are gap-free: 1..M, whatever was cut off.
    const qint64 m = present.size();
    for (qint64 k = 1; k <= m; ++k)
        QVERIFY2(present.contains(k), qPrintable(u"SD-%1 is missing among %2 tickets"_s.arg(k).arg(m)));
    const QJsonObject next = m_server.createTicket({{u"summary"_s, u"after the restart"_s}});
    QCOMPARE(next.value(u"key").toString(), u"SD-%1"_s.arg(m + 1));

    // The change log is gap-free too: 5 users, M tickets, the new one.
    const qint64 rev = m_server.lastRev();
    QCOMPARE(rev, 5 + m + 1);
    qint64 seen = 0;
    qint64 since = 0;
    bool more = true;
    while (more) {
        const Reply r = m_server.as(u"viewer"_s, "GET", u"/api/v1/changes?since=%1&limit=5000"_s.arg(since));
        QCOMPARE(r.status, 200);
        for (const auto &c : r.json().value(u"changes").toArray()) {
            QCOMPARE(c.toObject().value(u"rev").toInteger(), ++seen);
        }
        since = r.json().value(u"last_rev").toInteger();
        more = r.json().value(u"more").toBool();
    }
    QCOMPARE(seen, rev);
}

QTEST_GUILESS_MAIN(tst_Durability)
#include "tst_durability.moc"

void tst_Durability::acknowledgedAlertsSurviveKill()
{
    Reply r = m_server.as(u"manager"_s, "POST", u"/api/v1/teams"_s, toJson({{u"name"_s, u"Network"_s}}));
    QCOMPARE(r.status, 201);
    r = m_server.as(u"manager"_s, "POST", u"/api/v1/services"_s,
                    toJson({{u"name"_s, u"Core switches"_s}, {u"team_id"_s, r.json().value(u"id").toString()}}));
    QCOMPARE(r.status, 201);
    const QString service = r.json().value(u"id").toString();

    // Concurrent ingests (the network manager opens several connections, so groups form); kill -9 mid-burst.
    const int burst = 400;
    QHash<QString, QString> acked; // alert id → alias, from 201 answers only
    QSet<QString> refused;
    QObject context;
    for (int i = 0; i < burst; ++i) {
        const QString alias = u"durable-%1"_s.arg(i);
        QNetworkReply *reply = m_server.send(
            "POST", u"/api/v1/alerts"_s,
            toJson({{u"service_id"_s, service}, {u"message"_s, u"Link down on port %1"_s.arg(i)}, {u"alias"_s, alias}}),
            m_server.token(u"responder"_s));
        connect(reply, &QNetworkReply::finished, &context, [reply, alias, &acked, &refused] {
            const Reply answer = VigildProcess::collect(reply);
            if (answer.status == 201)
                acked.insert(answer.json().value(u"id").toString(), alias);
            else if (answer.status != 0)
                refused.insert(alias + u' ' + QString::number(answer.status));
            reply->deleteLater();
        });
    }
    QTRY_VERIFY_WITH_TIMEOUT(acked.size() >= burst / 3, 30'000);
    m_server.kill();
    const QHash<QString, QString> acknowledged = acked;
    QVERIFY2(refused.isEmpty(), qPrintable(QStringList(refused.values()).join(u", ")));
    qInfo("%lld of %d concurrent alerts acknowledged before kill -9", qint64(acknowledged.size()), burst);
    QVERIFY(acknowledged.size() < burst); // the kill really interrupted the burst

    QVERIFY2(m_server.restart(), qPrintable(m_server.lastError()));
    for (auto it = acknowledged.begin(); it != acknowledged.end(); ++it) {
        const Reply alert = m_server.as(u"viewer"_s, "GET", u"/api/v1/alerts/"_s + it.key());
        QVERIFY2(alert.status == 200, qPrintable(u"alert %1 (%2) was acknowledged but is gone"_s.arg(it.key(), it.value())));
        QCOMPARE(alert.json().value(u"alias").toString(), it.value());
        // Its log was committed with it.
        const Reply log = m_server.as(u"viewer"_s, "GET", u"/api/v1/alerts/%1/log"_s.arg(it.key()));
        QCOMPARE(log.status, 200);
        QVERIFY(!log.json().value(u"items").toArray().isEmpty());
    }
    // The change log stays gap-free across the groups and the kill.
    const qint64 rev = m_server.lastRev();
    qint64 seen = 0;
    qint64 since = 0;
    bool more = true;
    while (more) {
        const Reply page = m_server.as(u"viewer"_s, "GET", u"/api/v1/changes?since=%1&limit=5000"_s.arg(since));
        QCOMPARE(page.status, 200);
        for (const auto &c : page.json().value(u"changes").toArray())
            QCOMPARE(c.toObject().value(u"rev").toInteger(), ++seen);
        since = page.json().value(u"last_rev").toInteger();
        more = page.json().value(u"more").toBool();
    }
    QCOMPARE(seen, rev);
    QVERIFY(rev > acknowledged.size());
}
