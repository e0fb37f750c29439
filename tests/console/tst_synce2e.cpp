// End-to-end: two consoles (cache + sync engine each) against the real vigild on 127.0.0.1.

#include "sync/localcache.h"
#include "oncall/schedule.h"
#include "sync/syncengine.h"
#include "vigildprocess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Vigil;
using Vigil::Testing::VigildProcess;

namespace {

struct Console
{
    Console(const QString &path, const QUrl &url, const QString &token, const Clock &clock)
        : cache(clock), engine(cache, clock)
    {
        ok = cache.open(path).ok();
        engine.setServer(url, token);
    }
    LocalCache cache;
    SyncEngine engine;
    bool ok = false;
};

} // namespace

class tst_SyncE2E final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Two people who work tickets: the agent and the manager the server fixture creates.
        m_server = std::make_unique<VigildProcess>();
        QVERIFY2(m_server->start(), qPrintable(m_server->lastError()));
        m_tokenA = QString::fromLatin1(m_server->token(QStringLiteral("agent")));
        m_tokenB = QString::fromLatin1(m_server->token(QStringLiteral("manager")));
        QVERIFY(!m_tokenA.isEmpty());
        QVERIFY(!m_tokenB.isEmpty());
    }

    void init()
    {
        ++m_n;
        m_a = std::make_unique<Console>(m_dir.filePath(QStringLiteral("a%1.sqlite").arg(m_n)), m_server->url(QString()), m_tokenA, m_clock);
        m_b = std::make_unique<Console>(m_dir.filePath(QStringLiteral("b%1.sqlite").arg(m_n)), m_server->url(QString()), m_tokenB, m_clock);
        QVERIFY(m_a->ok);
        QVERIFY(m_b->ok);
        m_a->engine.start();
        m_b->engine.start();
        QTRY_VERIFY(m_a->engine.isOnline());
        QTRY_VERIFY(m_b->engine.isOnline());
    }

    void cleanup()
    {
        m_a.reset();
        m_b.reset();
    }

    void shouldBringAnEditOnAToBWithinOneSecond()
    {
        // Given a ticket A created
        const QString clientId = m_a->cache.createTicket({{QStringLiteral("summary"), QStringLiteral("Mail server down")},
                                                          {QStringLiteral("priority"), QStringLiteral("P1")}}).value();
        QTRY_COMPARE(m_a->cache.pendingCount(), 0);
        QVERIFY(!m_a->cache.ticket(clientId)); // replaced by the server's id
        QString id;
        for (const auto &t : m_a->cache.tickets()) {
            if (t->summary == u"Mail server down")
                id = t->id;
        }
        QVERIFY(!id.isEmpty());
        QVERIFY(m_a->cache.ticket(id)->key.startsWith(u"SD-"));
        QTRY_VERIFY_WITH_TIMEOUT(m_b->cache.ticket(id), 2000);
        // When A edits it
        QVERIFY(m_a->cache.updateTicket(id, {{QStringLiteral("summary"), QStringLiteral("Mail server back, slow")}}).ok());
        QTRY_COMPARE(m_a->cache.pendingCount(), 0);
        // Then B shows it within a second of the server accepting it
        QTRY_COMPARE_WITH_TIMEOUT(m_b->cache.ticket(id)->summary, QStringLiteral("Mail server back, slow"), 1000);
        QCOMPARE(m_b->cache.ticket(id)->version, m_a->cache.ticket(id)->version);
    }

    void shouldDrainOfflineEditsExactlyOnceAfterRestart()
    {
        // Given the server is down
        const int port = m_server->port();
        m_server->stop();
        QTRY_VERIFY(!m_a->engine.isOnline() || m_a->cache.pendingCount() == 0);
        const QString summary = QStringLiteral("Offline %1").arg(m_n);
        // When A works offline: create, comment, transition
        const QString id = m_a->cache.createTicket({{QStringLiteral("summary"), summary}}).value();
        QVERIFY(m_a->cache.addComment(id, QStringLiteral("Called the user"), true).ok());
        QVERIFY(m_a->cache.transitionTicket(id, TicketStatus::InProgress).ok());
        QCOMPARE(m_a->cache.pendingCount(), 3);
        QTRY_VERIFY(!m_a->engine.isOnline());
        QCOMPARE(m_a->cache.pendingCount(), 3);
        // And the server comes back
        QVERIFY2(m_server->startOnPort(quint16(port)), qPrintable(m_server->lastError()));
        // Then the outbox drains and the server has everything exactly once
        QTRY_COMPARE_WITH_TIMEOUT(m_a->cache.pendingCount(), 0, 20000);
        const QJsonArray items = get(QStringLiteral("/api/v1/tickets?q=%1").arg(summary)).value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 1);
        const QJsonObject t = items.first().toObject();
        QCOMPARE(t.value(QStringLiteral("status")).toString(), QStringLiteral("in_progress"));
        const QString serverId = t.value(QStringLiteral("id")).toString();
        const QJsonArray comments = get(QStringLiteral("/api/v1/tickets/%1/comments").arg(serverId)).value(QStringLiteral("items")).toArray();
        QCOMPARE(comments.size(), 1);
        // And B sees the same state
        QTRY_VERIFY_WITH_TIMEOUT(m_b->cache.ticket(serverId) && m_b->cache.ticket(serverId)->status == TicketStatus::InProgress, 5000);
        QTRY_COMPARE(m_b->cache.comments(serverId).size(), 1);
    }

    void shouldRaiseOneConflictAndLoseNoComment_data()
    {
        QTest::addColumn<bool>("keepMine");
        QTest::addRow("keep-mine") << true;
        QTest::addRow("take-theirs") << false;
    }

    void shouldRaiseOneConflictAndLoseNoComment()
    {
        QFETCH(bool, keepMine);
        // Given a ticket both consoles have
        const QString clientId = m_a->cache.createTicket({{QStringLiteral("summary"), QStringLiteral("Shared %1").arg(m_n)}}).value();
        Q_UNUSED(clientId);
        QTRY_COMPARE(m_a->cache.pendingCount(), 0);
        QString id;
        for (const auto &t : m_a->cache.tickets()) {
            if (t->summary == QStringLiteral("Shared %1").arg(m_n))
                id = t->id;
        }
        QTRY_VERIFY(m_b->cache.ticket(id));
        // When B goes offline and edits the summary and comments, while A edits the summary online
        m_b->engine.stop();
        QVERIFY(m_b->cache.updateTicket(id, {{QStringLiteral("summary"), QStringLiteral("B's words")}}).ok());
        QVERIFY(m_b->cache.addComment(id, QStringLiteral("B's internal note"), false).ok());
        QVERIFY(m_a->cache.updateTicket(id, {{QStringLiteral("summary"), QStringLiteral("A's words")}}).ok());
        QTRY_COMPARE(m_a->cache.pendingCount(), 0);
        QSignalSpy conflicts(&m_b->engine, &SyncEngine::conflict);
        m_b->engine.start();
        // Then B gets exactly one conflict, on the summary, with both versions
        QTRY_COMPARE(conflicts.count(), 1);
        const auto conflict = conflicts.at(0).at(0).value<SyncConflict>();
        QCOMPARE(conflict.fields, QStringList{QStringLiteral("summary")});
        QCOMPARE(conflict.mine.value(QStringLiteral("summary")).toString(), QStringLiteral("B's words"));
        QCOMPARE(conflict.theirs.value(QStringLiteral("summary")).toString(), QStringLiteral("A's words"));
        QCOMPARE(m_b->cache.pendingCount(), 2);
        // When B resolves it
        if (keepMine)
            m_b->engine.resolveKeepMine();
        else
            m_b->engine.resolveTakeTheirs();
        QTRY_COMPARE(m_b->cache.pendingCount(), 0);
        const QString expected = keepMine ? QStringLiteral("B's words") : QStringLiteral("A's words");
        QCOMPARE(get(QStringLiteral("/api/v1/tickets/%1").arg(id)).value(QStringLiteral("summary")).toString(), expected);
        QTRY_COMPARE(m_a->cache.ticket(id)->summary, expected);
        QCOMPARE(m_b->cache.ticket(id)->summary, expected);
        // And the comment reached the server in both cases
        const QJsonArray comments = get(QStringLiteral("/api/v1/tickets/%1/comments").arg(id)).value(QStringLiteral("items")).toArray();
        QCOMPARE(comments.size(), 1);
        QCOMPARE(comments.first().toObject().value(QStringLiteral("body")).toString(), QStringLiteral("B's internal note"));
        QCOMPARE(comments.first().toObject().value(QStringLiteral("public")).toBool(), false);
        QCOMPARE(conflicts.count(), 1);
    }

    void shouldCarryOverridesAndScheduleEditsBothWays()
    {
        // Given a schedule the manager created on the server
        const QString agent = m_server->userId(QStringLiteral("agent"));
        const QString manager = m_server->userId(QStringLiteral("manager"));
        const QJsonObject layer{{QStringLiteral("name"), QStringLiteral("Primary")},
                                {QStringLiteral("participants"), QJsonArray{agent, manager}},
                                {QStringLiteral("rotation_type"), QStringLiteral("daily")},
                                {QStringLiteral("start"), QStringLiteral("2026-11-23T09:00:00")}};
        const auto created = m_server->as(QStringLiteral("manager"), "POST", QStringLiteral("/api/v1/schedules"),
                                          QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("E2E %1").arg(m_n)},
                                                                    {QStringLiteral("time_zone"), QStringLiteral("Asia/Seoul")},
                                                                    {QStringLiteral("layers"), QJsonArray{layer}}})
                                              .toJson());
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QTRY_VERIFY_WITH_TIMEOUT(m_a->cache.schedule(id).has_value(), 2000);
        QTRY_VERIFY_WITH_TIMEOUT(m_b->cache.schedule(id).has_value(), 2000);
        // When the agent (A) covers four hours offline and comes back
        m_a->engine.stop();
        const QDateTime start = QDateTime(QDate(2026, 12, 1), QTime(1, 0), Qt::UTC);
        const auto added = m_a->cache.addOverride(id, agent, start, start.addSecs(4 * 3600));
        QVERIFY(added.ok());
        QCOMPARE(m_a->cache.schedule(id)->overrides.size(), 1);
        m_a->engine.start();
        QTRY_COMPARE(m_a->cache.pendingCount(), 0);
        // Then the server has it once, under its own id, and B shows it
        const QJsonArray overrides = get(QStringLiteral("/api/v1/schedules/%1").arg(id)).value(QStringLiteral("overrides")).toArray();
        QCOMPARE(overrides.size(), 1);
        const QString serverOverrideId = overrides.first().toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(overrides.first().toObject().value(QStringLiteral("start")).toString(), QStringLiteral("2026-12-01T01:00:00.000Z"));
        QCOMPARE(m_a->cache.schedule(id)->overrides.size(), 1);
        QCOMPARE(m_a->cache.schedule(id)->overrides.first().id, serverOverrideId);
        QTRY_COMPARE_WITH_TIMEOUT(m_b->cache.schedule(id)->overrides.size(), 1, 2000);
        // When the manager (B) reorders the rotation while A removes the override
        Schedule edited = *m_b->cache.schedule(id);
        edited.layers[0].participants = {manager, agent};
        QVERIFY(m_b->cache.saveSchedule(edited).ok());
        QVERIFY(m_a->cache.removeOverride(id, serverOverrideId).ok());
        QTRY_COMPARE(m_a->cache.pendingCount(), 0);
        QTRY_COMPARE(m_b->cache.pendingCount(), 0);
        // Then both edits land (the layers edit re-based past the override removal, no conflict asked)
        const QJsonObject server = get(QStringLiteral("/api/v1/schedules/%1").arg(id));
        QCOMPARE(server.value(QStringLiteral("overrides")).toArray().size(), 0);
        QCOMPARE(server.value(QStringLiteral("layers")).toArray().first().toObject().value(QStringLiteral("participants")).toArray(),
                 (QJsonArray{manager, agent}));
        QTRY_COMPARE_WITH_TIMEOUT(m_a->cache.schedule(id)->layers.first().participants, (QStringList{manager, agent}), 2000);
        QTRY_COMPARE_WITH_TIMEOUT(m_b->cache.schedule(id)->overrides.size(), 0, 2000);
        // And an override the server refuses (it overlaps one of the same user that reached the server meanwhile) is
        // dropped with the reason, and the server's state shown. A is offline first, so that it cannot learn of the
        // server's override before it queues its own (the overlap is found by the server, not by A's cache).
        m_a->engine.stop();
        const auto other = m_server->as(QStringLiteral("manager"), "POST", QStringLiteral("/api/v1/schedules/%1/overrides").arg(id),
                                        QJsonDocument(QJsonObject{{QStringLiteral("user_id"), agent},
                                                                  {QStringLiteral("start"), QStringLiteral("2026-12-02T00:00:00Z")},
                                                                  {QStringLiteral("end"), QStringLiteral("2026-12-02T06:00:00Z")}})
                                            .toJson());
        QCOMPARE(other.status, 201);
        QVERIFY(m_a->cache.addOverride(id, agent, QDateTime(QDate(2026, 12, 2), QTime(3, 0), Qt::UTC),
                                       QDateTime(QDate(2026, 12, 2), QTime(8, 0), Qt::UTC)).ok());
        QSignalSpy rejected(&m_a->engine, &SyncEngine::commandRejected);
        m_a->engine.start();
        QTRY_COMPARE(rejected.count(), 1);
        QCOMPARE(rejected.at(0).at(1).toString(), QStringLiteral("invalid_field"));
        QTRY_COMPARE(m_a->cache.pendingCount(), 0);
        QTRY_COMPARE(m_a->cache.schedule(id)->overrides.size(), 1); // the server's one only
        QCOMPARE(m_a->cache.schedule(id)->overrides.first().start, QDateTime(QDate(2026, 12, 2), QTime(0, 0), Qt::UTC));
    }

    void shouldCarryAlertActionsAndDropOneTheServerRefuses()
    {
        // Given a team with both users, its service and an open P1 alert on it
        const QJsonObject team = m_server->as(QStringLiteral("manager"), "POST", QStringLiteral("/api/v1/teams"),
                                              Vigil::Testing::toJson({{QStringLiteral("name"), QStringLiteral("Alerts %1").arg(m_n)},
                                                                       {QStringLiteral("member_ids"), QJsonArray{m_server->userId(QStringLiteral("agent")),
                                                                                                                 m_server->userId(QStringLiteral("manager"))}}}))
                                     .json();
        QVERIFY(!team.value(QStringLiteral("id")).toString().isEmpty());
        const QJsonObject service = m_server->as(QStringLiteral("manager"), "POST", QStringLiteral("/api/v1/services"),
                                                 Vigil::Testing::toJson({{QStringLiteral("name"), QStringLiteral("Alerting %1").arg(m_n)},
                                                                          {QStringLiteral("team_id"), team.value(QStringLiteral("id"))}}))
                                        .json();
        QVERIFY(!service.value(QStringLiteral("id")).toString().isEmpty());
        const Vigil::Testing::Reply created = m_server->as(
            QStringLiteral("agent"), "POST", QStringLiteral("/api/v1/alerts"),
            Vigil::Testing::toJson({{QStringLiteral("service_id"), service.value(QStringLiteral("id"))},
                                     {QStringLiteral("message"), QStringLiteral("Disk full on db-01")},
                                     {QStringLiteral("priority"), QStringLiteral("P1")}}));
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QTRY_VERIFY_WITH_TIMEOUT(m_a->cache.alert(id) && m_b->cache.alert(id), 5000);
        QCOMPARE(m_b->cache.alert(id)->teamId, team.value(QStringLiteral("id")).toString());
        QTRY_VERIFY(!m_a->cache.alertLog(id).isEmpty()); // "received"
        // When A acknowledges it
        QVERIFY(m_a->cache.acknowledgeAlert(id).ok());
        QTRY_COMPARE(m_a->cache.pendingCount(), 0);
        // Then the server and B have it acknowledged by A's user
        QCOMPARE(get(QStringLiteral("/api/v1/alerts/%1").arg(id)).value(QStringLiteral("status")).toString(),
                 QStringLiteral("acknowledged"));
        QTRY_COMPARE_WITH_TIMEOUT(toString(m_b->cache.alert(id)->status), QStringLiteral("acknowledged"), 2000);
        QCOMPARE(m_b->cache.alert(id)->acknowledgedBy, m_server->userId(QStringLiteral("agent")));
        // And a note from B reaches everybody's log once
        QVERIFY(m_b->cache.addAlertNote(id, QStringLiteral("Cleaning /var/log")).ok());
        QTRY_COMPARE(m_b->cache.pendingCount(), 0);
        const auto notes = [](const QList<CachedAlertLogEntry> &log) {
            int n = 0;
            for (const auto &e : log)
                n += e.entry.type == u"note" && e.entry.message == u"Cleaning /var/log" ? 1 : 0;
            return n;
        };
        QTRY_COMPARE(notes(m_a->cache.alertLog(id)), 1);
        QTRY_COMPARE(notes(m_b->cache.alertLog(id)), 1);
        // When B, offline, closes it, while A closes it on the server first
        m_b->engine.stop();
        QVERIFY(m_a->cache.closeAlert(id).ok());
        QTRY_COMPARE(m_a->cache.pendingCount(), 0);
        QVERIFY(m_b->cache.closeAlert(id).ok());
        QCOMPARE(m_b->cache.alert(id)->closedBy, m_server->userId(QStringLiteral("manager")));
        QSignalSpy rejected(&m_b->engine, &SyncEngine::commandRejected);
        m_b->engine.start();
        // Then B's close is dropped (the server answered 422, or the feed showed it closed before B sent it) and
        // B shows the server's alert, closed by A
        QTRY_COMPARE_WITH_TIMEOUT(m_b->cache.pendingCount(), 0, 5000);
        QTRY_COMPARE(m_b->cache.alert(id)->closedBy, m_server->userId(QStringLiteral("agent")));
        QCOMPARE(toString(m_b->cache.alert(id)->status), QStringLiteral("closed"));
        QCOMPARE(rejected.count(), 1);
        QCOMPARE(rejected.at(0).at(0).toString(), id);
        QCOMPARE(rejected.at(0).at(1).toString(), QStringLiteral("invalid_transition"));
    }

    void shouldShowProgressWhileAFreshCacheCatchesUp()
    {
        // Given a server with more changes than one page of the feed (1,000)
        for (int i = 0; i < 1100; ++i)
            QVERIFY(!m_server->createTicket({{QStringLiteral("summary"), QStringLiteral("Backlog %1").arg(i)}}).isEmpty());
        const qint64 head = m_server->lastRev();
        // When a console starts on an empty cache
        Console c(m_dir.filePath(QStringLiteral("fresh%1.sqlite").arg(m_n)), m_server->url(QString()), m_tokenA, m_clock);
        QVERIFY(c.ok);
        QSignalSpy progress(&c.engine, &SyncEngine::catchingUp);
        c.engine.start();
        // Then it reports catching up while pages remain, and stops reporting once it has everything
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && !progress.last().at(0).toBool(), 20000);
        QVERIFY(progress.first().at(0).toBool());
        QVERIFY(progress.first().at(1).toLongLong() < head);
        QCOMPARE(progress.last().at(1).toLongLong(), c.cache.lastRev());
        QVERIFY(c.cache.lastRev() >= head);
        qsizetype backlog = 0;
        for (const auto &t : c.cache.tickets())
            backlog += t->summary.startsWith(QLatin1String("Backlog ")) ? 1 : 0;
        QCOMPARE(backlog, qsizetype(1100));
    }

private:
    QJsonObject get(const QString &pathAndQuery)
    {
        QNetworkAccessManager nam;
        QUrl url = m_server->url(QString());
        const auto q = pathAndQuery.indexOf(u'?');
        url.setPath(pathAndQuery.left(q));
        if (q >= 0)
            url.setQuery(pathAndQuery.mid(q + 1));
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + m_tokenA.toUtf8());
        QNetworkReply *reply = nam.get(req);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!done.wait(10000))
            return {};
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

    QTemporaryDir m_dir;
    SystemClock m_clock;
    std::unique_ptr<VigildProcess> m_server;
    QString m_tokenA;
    QString m_tokenB;
    std::unique_ptr<Console> m_a;
    std::unique_ptr<Console> m_b;
    int m_n = 0;
};

QTEST_GUILESS_MAIN(tst_SyncE2E)
#include "tst_synce2e.moc"
