#include "coretestsupport.h"
#include "sla/slapolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Vigil;
using Vigil::Testing::utc;

namespace {

BusinessCalendar seoul()
{
    return BusinessCalendar(QTimeZone("Asia/Seoul"), {1, 2, 3, 4, 5}, QTime(9, 0), QTime(18, 0),
                            {QDate(2026, 12, 25)});
}

// Sundays 00:00–06:00 in New York: the window contains both US DST changes of 2026 (Mar 8, Nov 1).
BusinessCalendar newYorkSundayNight()
{
    return BusinessCalendar(QTimeZone("America/New_York"), {7}, QTime(0, 0), QTime(6, 0), {});
}

BusinessCalendar calendarNamed(const QString &name)
{
    if (name == QLatin1String("seoul"))
        return seoul();
    if (name == QLatin1String("ny-sunday"))
        return newYorkSundayNight();
    return BusinessCalendar();
}

} // namespace

class tst_SlaClock final : public QObject
{
    Q_OBJECT
private slots:
    void workingSeconds_data()
    {
        QTest::addColumn<QString>("calendar");
        QTest::addColumn<QDateTime>("from");
        QTest::addColumn<QDateTime>("to");
        QTest::addColumn<qint64>("expected");
        QTest::addRow("24x7") << "" << utc("2026-11-25T00:00:00") << utc("2026-11-26T00:00:00") << qint64(86400);
        // 10:00–12:00 KST on a Wednesday
        QTest::addRow("seoul-same-day") << "seoul" << utc("2026-11-25T01:00:00") << utc("2026-11-25T03:00:00")
                                        << qint64(7200);
        // Fri 17:00 KST → Mon 10:00 KST: one hour each side of the weekend
        QTest::addRow("seoul-over-weekend") << "seoul" << utc("2026-11-27T08:00:00") << utc("2026-11-30T01:00:00")
                                            << qint64(7200);
        // Thu 24 Dec 17:00 → Mon 28 Dec 10:00 KST; Fri 25 Dec is a holiday
        QTest::addRow("seoul-holiday") << "seoul" << utc("2026-12-24T08:00:00") << utc("2026-12-28T01:00:00")
                                       << qint64(7200);
        // 05:00 → 09:30 KST: only the half hour after opening counts
        QTest::addRow("seoul-before-hours") << "seoul" << utc("2026-11-24T20:00:00") << utc("2026-11-25T00:30:00")
                                            << qint64(1800);
        QTest::addRow("seoul-reversed") << "seoul" << utc("2026-11-25T03:00:00") << utc("2026-11-25T01:00:00")
                                        << qint64(0);
        // Spring forward: 00:00–06:00 EST/EDT on 8 Mar 2026 is only five real hours.
        QTest::addRow("dst-spring-forward-new-york") << "ny-sunday" << utc("2026-03-07T00:00:00")
                                                     << utc("2026-03-09T00:00:00") << qint64(5 * 3600);
        // Fall back: 00:00–06:00 on 1 Nov 2026 is seven real hours.
        QTest::addRow("dst-fall-back-new-york") << "ny-sunday" << utc("2026-10-31T00:00:00")
                                                << utc("2026-11-02T00:00:00") << qint64(7 * 3600);
    }
    void workingSeconds()
    {
        QFETCH(QString, calendar);
        QFETCH(QDateTime, from);
        QFETCH(QDateTime, to);
        QFETCH(qint64, expected);
        QCOMPARE(calendarNamed(calendar).workingSecondsBetween(from, to), expected);
    }

    void addWorkingSeconds_data()
    {
        QTest::addColumn<QString>("calendar");
        QTest::addColumn<QDateTime>("from");
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QDateTime>("expected");
        QTest::addRow("24x7") << "" << utc("2026-11-25T00:00:00") << qint64(90) << utc("2026-11-25T00:01:30");
        // Fri 17:30 KST + 1 h → 30 min Friday, 30 min Monday → Mon 09:30 KST
        QTest::addRow("seoul-over-weekend") << "seoul" << utc("2026-11-27T08:30:00") << qint64(3600)
                                            << utc("2026-11-30T00:30:00");
        // Thu 24 Dec 17:30 + 1 h skips the Christmas holiday and the weekend
        QTest::addRow("seoul-holiday") << "seoul" << utc("2026-12-24T08:30:00") << qint64(3600)
                                       << utc("2026-12-28T00:30:00");
        // Starting at night: the clock starts when the office opens (09:00 KST = 00:00Z)
        QTest::addRow("seoul-from-night") << "seoul" << utc("2026-11-24T15:00:00") << qint64(0)
                                          << utc("2026-11-25T00:00:00");
        // Exactly the end of the working day
        QTest::addRow("seoul-end-of-day") << "seoul" << utc("2026-11-25T00:00:00") << qint64(9 * 3600)
                                          << utc("2026-11-25T09:00:00");
        // 00:00 EST + 4 real hours across the spring-forward gap = 05:00 EDT = 09:00Z
        QTest::addRow("dst-spring-forward-new-york") << "ny-sunday" << utc("2026-03-08T05:00:00") << qint64(4 * 3600)
                                                     << utc("2026-03-08T09:00:00");
        // 00:00 EDT + 6 real hours across the fall-back repeat = 05:00 EST = 10:00Z
        QTest::addRow("dst-fall-back-new-york") << "ny-sunday" << utc("2026-11-01T04:00:00") << qint64(6 * 3600)
                                                << utc("2026-11-01T10:00:00");
    }
    void addWorkingSeconds()
    {
        QFETCH(QString, calendar);
        QFETCH(QDateTime, from);
        QFETCH(qint64, seconds);
        QFETCH(QDateTime, expected);
        QCOMPARE(calendarNamed(calendar).addWorkingSeconds(from, seconds), expected);
    }

    void ticketClocks_data()
    {
        QTest::addColumn<QString>("calendar");
        QTest::addColumn<QString>("history"); // "status@minutes,…" relative to creation
        QTest::addColumn<int>("firstResponseMin"); // -1: none
        QTest::addColumn<int>("nowMin");
        // expected first-response clock
        QTest::addColumn<qint64>("frRemaining");
        QTest::addColumn<bool>("frBreached");
        QTest::addColumn<bool>("frPaused");
        QTest::addColumn<QDateTime>("frTarget");
        QTest::addColumn<bool>("frStopped");
        // expected resolution clock
        QTest::addColumn<qint64>("resRemaining");
        QTest::addColumn<bool>("resPaused");
        QTest::addColumn<bool>("resStopped");
        // P3 targets: first response 240 min, resolution 4320 min. Tickets created 2026-11-25T00:00Z unless seoul.
        const QDateTime t0 = utc("2026-11-25T00:00:00");
        QTest::addRow("running") << "" << "open@0" << -1 << 60 << qint64(3 * 3600) << false << false
                                 << t0.addSecs(4 * 3600) << false << qint64(4320 * 60 - 3600) << false << false;
        QTest::addRow("breached") << "" << "open@0" << -1 << 300 << qint64(-3600) << true << false
                                  << t0.addSecs(4 * 3600) << false << qint64(4320 * 60 - 5 * 3600) << false << false;
        QTest::addRow("met") << "" << "open@0,in_progress@120" << 120 << 300 << qint64(2 * 3600) << false << false
                             << t0.addSecs(4 * 3600) << true << qint64(4320 * 60 - 5 * 3600) << false << false;
        QTest::addRow("paused-waiting") << "" << "open@0,waiting_for_customer@60" << -1 << 180 << qint64(3 * 3600)
                                        << false << true << QDateTime() << false << qint64(4320 * 60 - 3600) << true
                                        << false;
        QTest::addRow("resumed") << "" << "open@0,waiting_for_customer@60,in_progress@180" << -1 << 240
                                 << qint64(2 * 3600) << false << false << t0.addSecs(6 * 3600) << false
                                 << qint64(4320 * 60 - 2 * 3600) << false << false;
        QTest::addRow("resolved-stops") << "" << "open@0,in_progress@60,resolved@600" << 60 << 1200
                                        << qint64(3 * 3600) << false << false << t0.addSecs(4 * 3600) << true
                                        << qint64(4320 * 60 - 10 * 3600) << false << true;
        QTest::addRow("reopen-resumes") << "" << "open@0,resolved@120,open@300" << -1 << 360 << qint64(2 * 3600)
                                        << false << false << t0.addSecs(4 * 3600) << true
                                        << qint64(4320 * 60 - 3 * 3600) << false << false;
        // Created Fri 27 Nov 17:00 KST: 1 h on Friday, then 3 h on Monday → due Mon 12:00 KST (03:00Z).
        // "Now" is Saturday: outside working hours, the clock is not paused, it just does not move.
        QTest::addRow("seoul-weekend") << "seoul" << "open@0" << -1 << 16 * 60 << qint64(3 * 3600) << false << false
                                       << utc("2026-11-30T03:00:00") << false << qint64(4320 * 60 - 3600) << false
                                       << false;
    }
    void ticketClocks()
    {
        QFETCH(QString, calendar);
        QFETCH(QString, history);
        QFETCH(int, firstResponseMin);
        QFETCH(int, nowMin);
        QFETCH(qint64, frRemaining);
        QFETCH(bool, frBreached);
        QFETCH(bool, frPaused);
        QFETCH(QDateTime, frTarget);
        QFETCH(bool, frStopped);
        QFETCH(qint64, resRemaining);
        QFETCH(bool, resPaused);
        QFETCH(bool, resStopped);

        const QDateTime t0 = calendar == QLatin1String("seoul") ? utc("2026-11-27T08:00:00") : utc("2026-11-25T00:00:00");
        Ticket t;
        t.priority = Priority::P3;
        t.createdAt = t0;
        for (const QString &step : history.split(u',')) {
            const auto parts = step.split(u'@');
            t.statusHistory.append({*ticketStatusFromString(parts.at(0)), t0.addSecs(parts.at(1).toLongLong() * 60)});
        }
        t.status = t.statusHistory.last().status;
        if (firstResponseMin >= 0)
            t.firstResponseAt = t0.addSecs(firstResponseMin * 60);
        SlaPolicy policy;
        policy.calendar = calendarNamed(calendar);
        const TicketSla sla = computeSla(t, policy, t0.addSecs(qint64(nowMin) * 60));
        QCOMPARE(sla.firstResponse.targetSeconds, qint64(240 * 60));
        QCOMPARE(sla.firstResponse.remainingSeconds, frRemaining);
        QCOMPARE(sla.firstResponse.breached, frBreached);
        QCOMPARE(sla.firstResponse.paused, frPaused);
        QCOMPARE(sla.firstResponse.targetAt, frTarget);
        QCOMPARE(sla.firstResponse.stoppedAt.isValid(), frStopped);
        QCOMPARE(sla.resolution.remainingSeconds, resRemaining);
        QCOMPARE(sla.resolution.paused, resPaused);
        QCOMPARE(sla.resolution.stoppedAt.isValid(), resStopped);
        QVERIFY(!sla.resolution.breached);
    }

    void shouldBreachAtTheDeadlineEvenAfterHours()
    {
        // Created Wed 25 Nov 14:00 KST; P3 first response (4 working hours) is due at 18:00 KST (09:00Z).
        Ticket t;
        t.priority = Priority::P3;
        t.createdAt = utc("2026-11-25T05:00:00");
        t.statusHistory = {{TicketStatus::Open, t.createdAt}};
        SlaPolicy policy;
        policy.calendar = seoul();
        const SlaClock before = computeSla(t, policy, utc("2026-11-25T08:59:00")).firstResponse;
        QCOMPARE(before.remainingSeconds, qint64(60));
        QVERIFY(!before.breached);
        // 21:00 KST: no working time has passed since 18:00, but the deadline has.
        const SlaClock after = computeSla(t, policy, utc("2026-11-25T12:00:00")).firstResponse;
        QCOMPARE(after.targetAt, utc("2026-11-25T09:00:00"));
        QCOMPARE(after.remainingSeconds, qint64(0));
        QVERIFY(after.breached);
        QVERIFY(!after.paused);
    }

    void policyValidationNamesTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addRow("bad-priority") << QByteArray(R"({"targets":{"P7":{"first_response_minutes":5}}})") << "targets.P7";
        QTest::addRow("negative") << QByteArray(R"({"targets":{"P1":{"first_response_minutes":-5}}})")
                                  << "targets.P1.first_response_minutes";
        QTest::addRow("string-minutes") << QByteArray(R"({"targets":{"P2":{"resolution_minutes":"60"}}})")
                                        << "targets.P2.resolution_minutes";
        QTest::addRow("unknown-zone") << QByteArray(R"({"business_hours":{"enabled":true,"time_zone":"Mars/Olympus","working_days":[1],"start":"09:00","end":"18:00"}})")
                                      << "business_hours.time_zone";
        QTest::addRow("end-before-start") << QByteArray(R"({"business_hours":{"enabled":true,"time_zone":"Asia/Seoul","working_days":[1],"start":"18:00","end":"09:00"}})")
                                          << "business_hours.end";
        QTest::addRow("weekday-8") << QByteArray(R"({"business_hours":{"enabled":true,"time_zone":"Asia/Seoul","working_days":[8],"start":"09:00","end":"18:00"}})")
                                   << "business_hours.working_days";
        QTest::addRow("bad-holiday") << QByteArray(R"({"business_hours":{"enabled":true,"time_zone":"Asia/Seoul","working_days":[1],"start":"09:00","end":"18:00","holidays":["25/12/2026"]}})")
                                     << "business_hours.holidays";
        QTest::addRow("unknown-member") << QByteArray(R"({"targetz":{}})") << "targetz";
    }
    void policyValidationNamesTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        const auto r = SlaPolicy::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, field);
    }

    void policyRoundTrips()
    {
        SlaPolicy p;
        p.targets[0] = {5, 120};
        p.calendar = seoul();
        const auto back = SlaPolicy::fromJson(p.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back->targets[0], (SlaTarget{5, 120}));
        QCOMPARE(back->toJson(), p.toJson());
        QCOMPARE(back->calendar.workingSecondsBetween(utc("2026-12-24T08:00:00"), utc("2026-12-28T01:00:00")),
                 qint64(7200));
    }
};

QTEST_GUILESS_MAIN(tst_SlaClock)
#include "tst_slaclock.moc"
