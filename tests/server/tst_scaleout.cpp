// Two vigild processes on one PostgreSQL database: what one accepts, the other serves; long-polls on one wake up on
// writes to the other; ticket keys and change revisions stay gap-free across both; one alert key triggered through
// both at once opens one alert and pages once; an SLA policy saved through one is used by the other.
#include "vigildprocess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSet>
#include <QTest>

using namespace Vigil::Testing;
using namespace Qt::StringLiterals;

class tst_ScaleOut final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void shouldServeWhatTheOtherAccepted();
    void shouldWakeLongPollOnOtherServersWrite();
    void shouldKeepKeysAndRevsGapFreeAcrossServers();
    void shouldOpenOneAlertPerKeyWhenServersRace();
    void shouldSeeTheOtherServersSlaPolicy();
    void shouldPageOnceWhicheverServerTakesTheAlert(); // last: it kills the first server

private:
    /// A service whose escalation policy pages the agent at once (rule 0, no delay).
    QString pagingService(const QString &name);
    static int logEntries(VigildProcess &server, const QString &alertId, const QString &type)
    {
        int n = 0;
        const Reply r = server.as(u"viewer"_s, "GET", u"/api/v1/alerts/%1/log"_s.arg(alertId));
        for (const auto &e : r.json().value(u"items"_s).toArray())
            n += e.toObject().value(u"type"_s).toString() == type ? 1 : 0;
        return n;
    }
    static qint64 waiters(VigildProcess &server)
    {
        const Reply r = server.request("GET", u"/metrics"_s);
        for (const QByteArray &line : r.body.split('\n')) {
            if (line.startsWith("vigil_changes_waiters "))
                return line.mid(22).trimmed().toLongLong();
        }
        return -1;
    }

    VigildProcess m_a;
    VigildProcess m_b;
};

void tst_ScaleOut::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("VIGIL_TEST_PG_URL"))
        QSKIP("VIGIL_TEST_PG_URL is not set; scripts/test.sh starts a PostgreSQL cluster and sets it");
    QString error;
    const QString url = VigildProcess::createPostgresDatabase(u"vigil_scaleout"_s, &error);
    QVERIFY2(!url.isEmpty(), qPrintable(error));
    m_a.setDatabase(url);
    QVERIFY2(m_a.start(), qPrintable(m_a.lastError()));
    m_b.shareDatabaseWith(m_a);
    QVERIFY2(m_b.start(), qPrintable(m_b.lastError()));
    QVERIFY(m_a.port() != m_b.port());
}

void tst_ScaleOut::shouldServeWhatTheOtherAccepted()
{
    const QJsonObject created = m_a.createTicket({{u"summary"_s, u"VPN down in Busan office"_s}});
    QVERIFY(!created.isEmpty());
    const Reply got = m_b.as(u"viewer"_s, "GET", u"/api/v1/tickets/"_s + created.value(u"key").toString());
    QCOMPARE(got.status, 200);
    QCOMPARE(got.json().value(u"id"), created.value(u"id"));
    // An edit through B with A's version succeeds; the stale one through A then gets 412 with B's result.
    const QByteArray version = '"' + QByteArray::number(created.value(u"version").toInteger()) + '"';
    const Reply patched = m_b.as(u"agent"_s, "PATCH", u"/api/v1/tickets/"_s + created.value(u"id").toString(),
                                 toJson({{u"priority"_s, u"P1"_s}}), {{"If-Match", version}});
    QCOMPARE(patched.status, 200);
    const Reply stale = m_a.as(u"agent"_s, "PATCH", u"/api/v1/tickets/"_s + created.value(u"id").toString(),
                               toJson({{u"priority"_s, u"P5"_s}}), {{"If-Match", version}});
    QCOMPARE(stale.status, 412);
    QCOMPARE(stale.json().value(u"current").toObject().value(u"priority").toString(), u"P1"_s);
}

void tst_ScaleOut::shouldWakeLongPollOnOtherServersWrite()
{
    const qint64 since = m_b.lastRev();
    QCOMPARE(m_a.lastRev(), since);
    QElapsedTimer timer;
    timer.start();
    std::unique_ptr<QNetworkReply> poll(
        m_b.send("GET", u"/api/v1/changes?since=%1&wait=30"_s.arg(since), {}, m_b.token(u"viewer"_s)));
    // Held by B until something changes.
    QTRY_COMPARE(waiters(m_b), qint64(1));
    QVERIFY(!poll->isFinished());
    const QJsonObject created = m_a.createTicket({{u"summary"_s, u"ERP 전표 승인 오류"_s}});
    QVERIFY(!created.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(poll->isFinished(), 10'000);
    QVERIFY(timer.elapsed() < 25'000); // answered by the write, not by the 30 s timeout
    const Reply r = VigildProcess::collect(poll.release());
    QCOMPARE(r.status, 200);
    const QJsonArray changes = r.json().value(u"changes").toArray();
    QVERIFY(!changes.isEmpty());
    QCOMPARE(changes.first().toObject().value(u"rev").toInteger(), since + 1);
    QCOMPARE(changes.first().toObject().value(u"id"), created.value(u"id"));
}

void tst_ScaleOut::shouldKeepKeysAndRevsGapFreeAcrossServers()
{
    const qint64 revBefore = m_a.lastRev();
    // 40 creations in flight at once, half through each server.
    std::vector<std::unique_ptr<QNetworkReply>> replies;
    for (int i = 0; i < 40; ++i) {
        VigildProcess &server = (i % 2) ? m_b : m_a;
        replies.emplace_back(server.send("POST", u"/api/v1/tickets"_s,
                                         toJson({{u"summary"_s, u"burst %1"_s.arg(i)}}), server.token(u"agent"_s)));
    }
    QSet<qint64> keys;
    for (auto &reply : replies) {
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20'000);
        const Reply r = VigildProcess::collect(reply.release());
        QCOMPARE(r.status, 201);
        keys.insert(r.json().value(u"key").toString().mid(3).toLongLong());
    }
    QCOMPARE(keys.size(), 40);
    const qint64 lowest = *std::min_element(keys.cbegin(), keys.cend());
    const qint64 highest = *std::max_element(keys.cbegin(), keys.cend());
    QCOMPARE(highest - lowest, qint64(39)); // no gaps, no duplicates

    const Reply feed = m_b.as(u"viewer"_s, "GET", u"/api/v1/changes?since=%1&limit=100"_s.arg(revBefore));
    QCOMPARE(feed.status, 200);
    const QJsonArray changes = feed.json().value(u"changes").toArray();
    QCOMPARE(changes.size(), 40);
    for (qsizetype i = 0; i < changes.size(); ++i)
        QCOMPARE(changes.at(i).toObject().value(u"rev").toInteger(), revBefore + 1 + i);
}

QString tst_ScaleOut::pagingService(const QString &name)
{
    const QJsonObject rule{{u"delay_minutes"_s, 0},
                           {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"user"_s}, {u"id"_s, m_a.userId(u"agent"_s)}}}}};
    Reply r = m_a.as(u"manager"_s, "POST", u"/api/v1/escalation_policies"_s,
                     toJson({{u"name"_s, name}, {u"rules"_s, QJsonArray{rule}}}));
    if (r.status != 201)
        return {};
    r = m_a.as(u"manager"_s, "POST", u"/api/v1/services"_s,
               toJson({{u"name"_s, name}, {u"escalation_policy_id"_s, r.json().value(u"id")}}));
    return r.status == 201 ? r.json().value(u"id").toString() : QString();
}

void tst_ScaleOut::shouldOpenOneAlertPerKeyWhenServersRace()
{
    // Given a paging service with a PagerDuty and an Alertmanager integration
    const QString service = pagingService(u"Race"_s);
    QVERIFY(!service.isEmpty());
    const auto integration = [&](const QString &type) {
        return m_a.as(u"manager"_s, "POST", u"/api/v1/services/%1/integrations"_s.arg(service), toJson({{u"type"_s, type}}))
            .json().value(u"key"_s).toString();
    };
    const QString pagerDutyKey = integration(u"pagerduty"_s);
    const QString alertmanagerKey = integration(u"alertmanager"_s);
    QCOMPARE(pagerDutyKey.size(), 32);
    QCOMPARE(alertmanagerKey.size(), 32);
    const auto pagerDuty = [&](const QString &dedupKey) {
        return toJson({{u"routing_key"_s, pagerDutyKey}, {u"event_action"_s, u"trigger"_s}, {u"dedup_key"_s, dedupKey},
                       {u"payload"_s, QJsonObject{{u"summary"_s, u"Disk full on db-01"_s}, {u"source"_s, u"db-01"_s},
                                                  {u"severity"_s, u"critical"_s}}}});
    };
    const auto alertmanager = [&](const QString &fingerprint) {
        const QJsonObject alert{{u"status"_s, u"firing"_s},
                                {u"labels"_s, QJsonObject{{u"alertname"_s, u"DiskFull"_s}, {u"severity"_s, u"critical"_s}}},
                                {u"annotations"_s, QJsonObject{{u"summary"_s, u"Disk full on db-01"_s}}},
                                {u"startsAt"_s, u"2026-11-25T09:00:00Z"_s}, {u"endsAt"_s, u"0001-01-01T00:00:00Z"_s},
                                {u"fingerprint"_s, fingerprint}};
        return toJson({{u"version"_s, u"4"_s}, {u"status"_s, u"firing"_s}, {u"receiver"_s, u"vigil"_s},
                       {u"groupKey"_s, u"{}:{alertname=\"DiskFull\"}"_s}, {u"alerts"_s, QJsonArray{alert}}});
    };
    // When, round after round, one key is triggered four times at once: through each tool on each server
    constexpr int Rounds = 30;
    constexpr int PerRound = 4;
    for (int round = 0; round < Rounds; ++round) {
        const QString key = u"race-%1"_s.arg(round);
        std::vector<std::unique_ptr<QNetworkReply>> replies;
        for (VigildProcess *server : {&m_a, &m_b}) {
            replies.emplace_back(server->send("POST", u"/v2/enqueue"_s, pagerDuty(key)));
            replies.emplace_back(server->send("POST", u"/integrations/alertmanager/"_s + alertmanagerKey, alertmanager(key)));
        }
        for (auto &reply : replies) {
            QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20'000);
            const Reply r = VigildProcess::collect(reply.release());
            QVERIFY2(r.status == 202 || r.status == 200, qPrintable(u"%1 %2"_s.arg(r.status).arg(QString::fromUtf8(r.body))));
        }
    }
    // Then each key has exactly one alert, open, counting every trigger, and its rule 0 paged once
    const Reply list = m_b.as(u"viewer"_s, "GET", u"/api/v1/alerts?service_id=%1&limit=1000"_s.arg(service));
    QCOMPARE(list.status, 200);
    QHash<QString, QJsonObject> byAlias;
    for (const auto &v : list.json().value(u"items"_s).toArray()) {
        const QJsonObject a = v.toObject();
        const QString alias = a.value(u"alias"_s).toString();
        QVERIFY2(!byAlias.contains(alias), qPrintable(u"two alerts for "_s + alias));
        byAlias.insert(alias, a);
    }
    QCOMPARE(byAlias.size(), Rounds);
    QVERIFY2(m_a.engineCaughtUp(), qPrintable(m_a.lastError()));
    for (int round = 0; round < Rounds; ++round) {
        const QJsonObject a = byAlias.value(u"race-%1"_s.arg(round));
        QCOMPARE(a.value(u"status"_s).toString(), u"open"_s);
        QCOMPARE(a.value(u"count"_s).toInteger(), PerRound);
        const QString id = a.value(u"id"_s).toString();
        QCOMPARE(logEntries(m_b, id, u"received"_s), 1);
        QCOMPARE(logEntries(m_b, id, u"deduplicated"_s), PerRound - 1);
        QCOMPARE(logEntries(m_b, id, u"notified"_s), 1);
    }
}

void tst_ScaleOut::shouldSeeTheOtherServersSlaPolicy()
{
    // Given a ticket read through B (which caches the SLA policy it computed the targets with)
    const QJsonObject created = m_a.createTicket({{u"summary"_s, u"Printer queue stuck"_s}, {u"priority"_s, u"P2"_s}});
    QVERIFY(!created.isEmpty());
    const QString path = u"/api/v1/tickets/"_s + created.value(u"id"_s).toString();
    const auto responseTarget = [&] {
        const Reply r = m_b.as(u"viewer"_s, "GET", path);
        return r.json().value(u"sla"_s).toObject().value(u"first_response"_s).toObject().value(u"target_minutes"_s).toInteger(-1);
    };
    const qint64 before = responseTarget();
    QVERIFY(before > 0);
    // When a manager changes the policy through A
    const qint64 wanted = before + 7;
    const QJsonObject p2{{u"first_response_minutes"_s, wanted}, {u"resolution_minutes"_s, 4 * wanted}};
    const Reply policy = m_a.as(u"manager"_s, "PUT", u"/api/v1/sla_policy"_s, toJson({{u"targets"_s, QJsonObject{{u"P2"_s, p2}}}}));
    QVERIFY2(policy.status == 200, policy.body.constData());
    // Then B computes the ticket's SLA with it
    QTRY_COMPARE_WITH_TIMEOUT(responseTarget(), wanted, 10'000);
}

void tst_ScaleOut::shouldPageOnceWhicheverServerTakesTheAlert()
{
    // Given a service whose policy pages the agent at once
    const QJsonObject rule{{u"delay_minutes"_s, 0},
                           {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"user"_s}, {u"id"_s, m_a.userId(u"agent"_s)}}}}};
    Reply r = m_a.as(u"manager"_s, "POST", u"/api/v1/escalation_policies"_s,
                     QJsonDocument(QJsonObject{{u"name"_s, u"Scale-out"_s}, {u"rules"_s, QJsonArray{rule}}}).toJson());
    QCOMPARE(r.status, 201);
    r = m_a.as(u"manager"_s, "POST", u"/api/v1/services"_s,
               QJsonDocument(QJsonObject{{u"name"_s, u"Scale-out"_s}, {u"escalation_policy_id"_s, r.json().value(u"id")}}).toJson());
    QCOMPARE(r.status, 201);
    const QString service = r.json().value(u"id").toString();
    const auto notified = [](VigildProcess &server, const QString &id) {
        int n = 0;
        for (const auto &e : server.as(u"viewer"_s, "GET", u"/api/v1/alerts/%1/log"_s.arg(id)).json().value(u"items").toArray())
            n += e.toObject().value(u"type").toString() == u"notified" ? 1 : 0;
        return n;
    };
    // When alerts come in through both servers, one engine (the lock holder) pages each exactly once, at once
    QStringList ids;
    for (int i = 0; i < 4; ++i) {
        VigildProcess &via = i % 2 == 0 ? m_a : m_b;
        r = via.as(u"responder"_s, "POST", u"/api/v1/alerts"_s,
                   QJsonDocument(QJsonObject{{u"service_id"_s, service}, {u"message"_s, u"Disk %1"_s.arg(i)}}).toJson());
        QCOMPARE(r.status, 201);
        ids.append(r.json().value(u"id").toString());
    }
    for (const QString &id : ids)
        QTRY_COMPARE_WITH_TIMEOUT(notified(m_b, id), 1, 3000);
    // (whatever either server would have paged by now has been paged once the engine has caught up with a marker
    // escalated through each of them)
    QVERIFY2(m_a.engineCaughtUp(), qPrintable(m_a.lastError()));
    QVERIFY2(m_b.engineCaughtUp(), qPrintable(m_b.lastError()));
    for (const QString &id : ids)
        QCOMPARE(notified(m_a, id), 1);
    // When one server dies, the other takes over the engine
    m_a.kill();
    r = m_b.as(u"responder"_s, "POST", u"/api/v1/alerts"_s,
               QJsonDocument(QJsonObject{{u"service_id"_s, service}, {u"message"_s, u"After failover"_s}}).toJson());
    QCOMPARE(r.status, 201);
    QTRY_COMPARE_WITH_TIMEOUT(notified(m_b, r.json().value(u"id").toString()), 1, 15'000);
}

QTEST_GUILESS_MAIN(tst_ScaleOut)
#include "tst_scaleout.moc"
