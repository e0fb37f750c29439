// The escalation engine in-process with a fake clock: the API, the store (a real SQLite file) and the engine run as
// in vigild, but time moves minute by minute under the test's control. Each row is a policy, actions at given
// minutes, and the notifications expected, written out by hand.
#include "inprocessvigild.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace Vigil;
using namespace Qt::StringLiterals;

namespace {

const QDateTime T0(QDate(2026, 11, 26), QTime(1, 0), Qt::UTC);

QJsonObject target(const QString &type, const QString &id) { return {{u"type"_s, type}, {u"id"_s, id}}; }

QJsonObject rule(int delay, const QJsonArray &targets) { return {{u"delay_minutes"_s, delay}, {u"targets"_s, targets}}; }

/// The API, a store on a real SQLite file and the engine, as vigild wires them, on a fake clock at T0.
struct Harness : Testing::InProcessVigild
{
    Harness() : InProcessVigild(T0) {}
};

} // namespace

class tst_EscalationEngine final : public QObject
{
    Q_OBJECT

private slots:
    void timeline_data();
    void timeline();
    void aStepDueWhileAGroupIsOpenFiresWhenItCommits();
    void aFailingStepBacksOffWhileTheOthersFire();

private:
    /// Managers a and b (a holds the token) and a service whose policy pages a at once and b after 15 minutes; its
    /// id goes to `service` (left empty when a step fails, the failure reported).
    static void servicePagingAThenB(Harness &h, QString *service)
    {
        QVERIFY(seedUsers(h, {u"a"_s, u"b"_s}, u"a"_s));
        HttpResponse r = h.call("POST", u"/api/v1/escalation_policies"_s,
                                {{u"name"_s, u"P"_s},
                                 {u"rules"_s, QJsonArray{rule(0, {target(u"user"_s, u"a"_s)}), rule(15, {target(u"user"_s, u"b"_s)})}}});
        QVERIFY2(r.status == 201, r.body.constData());
        r = h.call("POST", u"/api/v1/services"_s,
                   {{u"name"_s, u"S"_s}, {u"escalation_policy_id"_s, QJsonDocument::fromJson(r.body).object().value(u"id")}});
        QCOMPARE(r.status, 201);
        *service = QJsonDocument::fromJson(r.body).object().value(u"id").toString();
    }

    /// Managers with these ids (in UTC), and an API token of `tokenUser`, for the harness's call().
    static bool seedUsers(Harness &h, const QStringList &ids, const QString &tokenUser)
    {
        return h.seedUsers(ids, u"manager"_s, tokenUser);
    }
};

void tst_EscalationEngine::timeline_data()
{
    QTest::addColumn<QJsonArray>("rules");
    QTest::addColumn<int>("repeat");
    QTest::addColumn<QStringList>("actions");  // "minute action [until-minute]"; "-1 maintenance START END": a window
    QTest::addColumn<QStringList>("expected"); // "minute type [user]" for notified, gap, snooze_ended, policy_exhausted,
                                               // maintenance, maintenance_ended

    const QJsonArray aThenB{rule(0, {target(u"user"_s, u"a"_s)}), rule(15, {target(u"user"_s, u"b"_s)})};
    QTest::newRow("rule 0 at once, rule 1 after 15 min")
        << aThenB << 0 << QStringList{} << QStringList{u"0 notified a"_s, u"15 notified b"_s, u"15 policy_exhausted"_s};
    QTest::newRow("one repeat, 30 min after the last rule")
        << QJsonArray{rule(0, {target(u"user"_s, u"a"_s)}), rule(10, {target(u"user"_s, u"b"_s)})} << 1 << QStringList{}
        << QStringList{u"0 notified a"_s, u"10 notified b"_s, u"40 notified a"_s, u"50 notified b"_s, u"50 policy_exhausted"_s};
    QTest::newRow("acknowledged at 12: nobody else is paged")
        << aThenB << 0 << QStringList{u"12 acknowledge"_s} << QStringList{u"0 notified a"_s};
    QTest::newRow("closed at 14: nobody else is paged")
        << aThenB << 1 << QStringList{u"14 close"_s} << QStringList{u"0 notified a"_s};
    QTest::newRow("a schedule in a gap: logged, the next rule at once")
        << QJsonArray{rule(0, {target(u"schedule"_s, u"@gap"_s)}), rule(20, {target(u"user"_s, u"b"_s)})} << 0 << QStringList{}
        << QStringList{u"0 gap"_s, u"0 notified b"_s, u"0 policy_exhausted"_s};
    QTest::newRow("a schedule resolves to whoever is on call")
        << QJsonArray{rule(0, {target(u"schedule"_s, u"@cover"_s)})} << 0 << QStringList{}
        << QStringList{u"0 notified c"_s, u"0 policy_exhausted"_s};
    QTest::newRow("snoozed at 5 until 30: the current level again at 30, then on")
        << aThenB << 0 << QStringList{u"5 snooze 30"_s}
        << QStringList{u"0 notified a"_s, u"30 snooze_ended"_s, u"30 notified a"_s, u"45 notified b"_s, u"45 policy_exhausted"_s};
    QTest::newRow("unacknowledged at 20: starts over")
        << aThenB << 0 << QStringList{u"5 acknowledge"_s, u"20 unacknowledge"_s}
        << QStringList{u"0 notified a"_s, u"20 notified a"_s, u"35 notified b"_s, u"35 policy_exhausted"_s};
    QTest::newRow("escalated by hand at 3: the next rule now")
        << aThenB << 0 << QStringList{u"3 escalate"_s}
        << QStringList{u"0 notified a"_s, u"3 notified b"_s, u"3 policy_exhausted"_s};
    QTest::newRow("assigned at 7: the new owner is paged at once")
        << aThenB << 0 << QStringList{u"7 assign c"_s}
        << QStringList{u"0 notified a"_s, u"7 notified c"_s, u"15 notified b"_s, u"15 policy_exhausted"_s};
    QTest::newRow("in a maintenance window until 30: paging starts when it ends")
        << aThenB << 0 << QStringList{u"-1 maintenance -10 30"_s}
        << QStringList{u"0 maintenance"_s, u"30 maintenance_ended"_s, u"30 notified a"_s, u"45 notified b"_s,
                       u"45 policy_exhausted"_s};
    QTest::newRow("closed during the window: nobody is ever paged")
        << aThenB << 0 << QStringList{u"-1 maintenance -10 30"_s, u"20 close"_s} << QStringList{u"0 maintenance"_s};
    QTest::newRow("acknowledged during the window: nobody is paged")
        << aThenB << 1 << QStringList{u"-1 maintenance -10 30"_s, u"12 acknowledge"_s} << QStringList{u"0 maintenance"_s};
    QTest::newRow("windows back to back: paging starts after the second")
        << aThenB << 0 << QStringList{u"-1 maintenance -10 30"_s, u"-1 maintenance 30 50"_s}
        << QStringList{u"0 maintenance"_s, u"50 maintenance_ended"_s, u"50 notified a"_s, u"65 notified b"_s,
                       u"65 policy_exhausted"_s};
    QTest::newRow("a window that does not cover the alert's start: paged at once")
        << aThenB << 0 << QStringList{u"-1 maintenance 5 30"_s}
        << QStringList{u"0 notified a"_s, u"15 notified b"_s, u"15 policy_exhausted"_s};
}

void tst_EscalationEngine::timeline()
{
    QFETCH(QJsonArray, rules);
    QFETCH(int, repeat);
    QFETCH(QStringList, actions);
    QFETCH(QStringList, expected);

    Harness h;
    QVERIFY(h.store);
    FakeClock &clock = h.clock;
    Store &store = *h.store;
    EscalationEngine &engine = *h.engine;
    // Users a, b, c (the manager acts), a schedule with c on call, one that has nobody yet.
    QVERIFY(seedUsers(h, {u"a"_s, u"b"_s, u"c"_s}, u"c"_s));
    QString scheduleIds[2];
    const char *names[2] = {"cover", "gap"};
    for (int i = 0; i < 2; ++i) {
        const QJsonObject layer{{u"participants"_s, QJsonArray{u"c"_s}}, {u"rotation_type"_s, u"weekly"_s},
                                {u"start"_s, i == 0 ? u"2026-01-05T00:00:00"_s : u"2030-01-07T00:00:00"_s}};
        const HttpResponse r = h.call("POST", u"/api/v1/schedules"_s,
                                    {{u"name"_s, QString::fromLatin1(names[i])}, {u"time_zone"_s, u"UTC"_s},
                                     {u"layers"_s, QJsonArray{layer}}});
        QCOMPARE(r.status, 201);
        scheduleIds[i] = QJsonDocument::fromJson(r.body).object().value(u"id").toString();
    }
    QByteArray rulesJson = QJsonDocument(rules).toJson(QJsonDocument::Compact);
    rulesJson.replace("@cover", scheduleIds[0].toUtf8()).replace("@gap", scheduleIds[1].toUtf8());
    HttpResponse r = h.call("POST", u"/api/v1/escalation_policies"_s,
                          {{u"name"_s, u"P"_s}, {u"rules"_s, QJsonDocument::fromJson(rulesJson).array()}, {u"repeat"_s, repeat},
                           {u"repeat_delay_minutes"_s, 30}});
    QVERIFY2(r.status == 201, r.body.constData());
    QJsonArray windows;
    for (const QString &a : actions) {
        const QStringList parts = a.split(u' ');
        if (parts.at(1) == u"maintenance")
            windows.append(QJsonObject{{u"start"_s, Json::formatTime(T0.addSecs(60 * parts.at(2).toInt()))},
                                       {u"end"_s, Json::formatTime(T0.addSecs(60 * parts.at(3).toInt()))}});
    }
    r = h.call("POST", u"/api/v1/services"_s,
             {{u"name"_s, u"S"_s}, {u"escalation_policy_id"_s, QJsonDocument::fromJson(r.body).object().value(u"id")},
              {u"maintenance_windows"_s, windows}});
    QCOMPARE(r.status, 201);
    const QString service = QJsonDocument::fromJson(r.body).object().value(u"id").toString();
    r = h.call("POST", u"/api/v1/alerts"_s, {{u"service_id"_s, service}, {u"message"_s, u"Disk full"_s}});
    QCOMPARE(r.status, 201);
    const QString alert = QJsonDocument::fromJson(r.body).object().value(u"id").toString();

    // Minute by minute: the actions of that minute, then whatever the engine finds due.
    for (int minute = 0; minute <= 120; ++minute) {
        clock.set(T0.addSecs(60 * minute));
        for (const QString &a : actions) {
            const QStringList parts = a.split(u' ');
            if (parts.at(0).toInt() != minute)
                continue;
            QJsonObject body;
            if (parts.at(1) == u"snooze")
                body.insert(u"until"_s, Json::formatTime(T0.addSecs(60 * parts.at(2).toInt())));
            if (parts.at(1) == u"assign")
                body.insert(u"user_id"_s, parts.at(2));
            const HttpResponse done = h.call("POST", u"/api/v1/alerts/%1/%2"_s.arg(alert, parts.at(1)), body);
            QVERIFY2(done.status == 200, done.body.constData());
        }
        engine.runDue();
    }
    QStringList seen;
    for (const QJsonObject &e : store.select(Kind::AlertLog, u"alert_id = ?"_s, {alert}, u"rev"_s)) {
        const QString type = e.value(u"type").toString();
        if (type != u"notified" && type != u"gap" && type != u"snooze_ended" && type != u"policy_exhausted"
            && type != u"maintenance" && type != u"maintenance_ended")
            continue;
        const qint64 minute = T0.secsTo(Json::parseTime(e.value(u"at").toString())) / 60;
        QString line = QString::number(minute) + u' ' + type;
        if (type == u"notified")
            line += u' ' + e.value(u"details").toObject().value(u"user_id").toString();
        seen.append(line);
    }
    QCOMPARE(seen, expected);
}

// The engine acts on committed rows only: a step that comes due while a commit group is open waits for the group.
// A group of de-duplicated repeats queues no step, but its commit must still wake the engine it held back.
void tst_EscalationEngine::aStepDueWhileAGroupIsOpenFiresWhenItCommits()
{
    Harness h;
    QVERIFY(h.store);
    FakeClock &clock = h.clock;
    Store &store = *h.store;
    EscalationEngine &engine = *h.engine;
    h.wireEngine();
    QString service;
    servicePagingAThenB(h, &service);
    QVERIFY(!service.isEmpty());
    HttpResponse r;
    r = h.call("POST", u"/api/v1/alerts"_s, {{u"service_id"_s, service}, {u"message"_s, u"Disk full"_s}});
    QCOMPARE(r.status, 201);
    const QString alert = QJsonDocument::fromJson(r.body).object().value(u"id").toString();
    const auto notified = [&] {
        QStringList users;
        for (const QJsonObject &e : store.select(Kind::AlertLog, u"alert_id = ?"_s, {alert}, u"rev"_s)) {
            if (e.value(u"type").toString() == u"notified")
                users.append(e.value(u"details").toObject().value(u"user_id").toString());
        }
        return users;
    };
    QCOMPARE(notified(), QStringList{u"a"_s});
    QTest::qWait(20); // the engine's wake-up after that commit runs, and plans rule 1 for minute 15

    // Rule 1 is due at minute 15, while a group that queues nothing (a team here, as a repeat would) is open.
    clock.set(T0.addSecs(15 * 60));
    QVERIFY(store.writeGrouped([&]() -> Status {
        return store.put(Kind::Team, QJsonObject{{u"id"_s, Json::newId()}, {u"version"_s, 1},
                                                 {u"created_at"_s, Json::formatTime(clock.now())},
                                                 {u"updated_at"_s, Json::formatTime(clock.now())}, {u"name"_s, u"NOC"_s}});
    }).ok());
    QVERIFY(store.groupOpen());
    QCOMPARE(engine.runDue(), 0); // put off: the group is not committed
    QCOMPARE(notified(), QStringList{u"a"_s});
    QVERIFY(store.flush().ok());
    QVERIFY(!store.lastCommitTouchedQueues());
    QTRY_COMPARE(notified(), (QStringList{u"a"_s, u"b"_s}));
}

// A step that cannot be fired (here: its alert's stored document no longer decodes) must neither stop the steps due
// after it nor make the engine re-run at once forever: it backs off on its own, and the others fire.
void tst_EscalationEngine::aFailingStepBacksOffWhileTheOthersFire()
{
    Harness h;
    QVERIFY(h.store);
    FakeClock &clock = h.clock;
    Store &store = *h.store;
    EscalationEngine &engine = *h.engine;
    h.wireEngine(); // rule 0 pages at ingest: the steps left are rule 1's
    QString service;
    servicePagingAThenB(h, &service);
    QVERIFY(!service.isEmpty());
    HttpResponse r;
    // Two alerts whose rule 1 falls due at the same minute; the broken one first in the engine's order.
    QStringList alerts;
    for (const char *message : {"Broken", "Healthy"}) {
        r = h.call("POST", u"/api/v1/alerts"_s, {{u"service_id"_s, service}, {u"message"_s, QString::fromLatin1(message)}});
        QCOMPARE(r.status, 201);
        alerts.append(QJsonDocument::fromJson(r.body).object().value(u"id").toString());
    }
    QVERIFY(store.queues().pendingStep(alerts.at(0)));
    QVERIFY(store.queues().pendingStep(alerts.at(1)));
    QVERIFY(store.write([&]() -> Status {
        QJsonObject broken = store.get(Kind::Alert, alerts.at(0)).value();
        broken.insert(u"status"_s, u"no-such-status"_s);
        return store.put(Kind::Alert, broken);
    }).ok());
    const auto pagedB = [&](const QString &alert) {
        for (const QJsonObject &e : store.select(Kind::AlertLog, u"alert_id = ?"_s, {alert}, u"rev"_s)) {
            if (e.value(u"type").toString() == u"notified" && e.value(u"details").toObject().value(u"user_id").toString() == u"b")
                return true;
        }
        return false;
    };

    // When rule 1 is due for both
    clock.set(T0.addSecs(15 * 60));
    engine.start();
    // Then the healthy alert was paged although the broken one came first
    QVERIFY(pagedB(alerts.at(1)));
    QVERIFY(!pagedB(alerts.at(0)));
    QVERIFY(store.queues().pendingStep(alerts.at(0))); // still there, to be tried again
    // And the engine waits for the broken step's back-off instead of running again at once
    QVERIFY2(engine.msUntilNextRun() >= 500, qPrintable(QString::number(engine.msUntilNextRun())));
    QCOMPARE(engine.runDue(), 0); // backing off: not even tried
    // And after the back-off it is tried again (and fails again, waiting longer)
    clock.set(T0.addSecs(15 * 60 + 2));
    QCOMPARE(engine.runDue(), 0);
    clock.set(T0.addSecs(15 * 60 + 3));
    QCOMPARE(engine.runDue(), 0); // the second back-off (2 s) has not run out yet
}

QTEST_GUILESS_MAIN(tst_EscalationEngine)
#include "tst_escalationengine.moc"
