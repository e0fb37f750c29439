#include "oncall/oncallindex.h"
#include "oncallfixtures.h"
#include "oncall/oncallresolver.h"
#include "oncall/schedule.h"

#include <QHash>
#include <QJsonDocument>
#include <QTest>

using namespace Vigil;
using Vigil::Testing::utc;

// Expected answers are worked out by hand from the zone's rules (as in tst_oncall.cpp):
//   America/New_York  2026-11-01 06:00Z 02:00 EDT → 01:00 EST;  2027-03-14 07:00Z 02:00 EST → 03:00 EDT
//   Europe/Berlin     2027-03-28 01:00Z 02:00 CET → 03:00 CEST
//   Asia/Seoul        +09:00 all year
// Participants are single letters; every instant is UTC. Each row also states whether the index answers itself
// or hands the look-up to the resolver (outside its window, or in the window's last stretch).

namespace {


Schedule load(const QString &name)
{
    return Testing::loadOnCallFixture(name);
}

} // namespace

class tst_OnCallIndex final : public QObject
{
    Q_OBJECT
private slots:
    void onCallAt_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QDateTime>("from");
        QTest::addColumn<QDateTime>("to");
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<int>("lookAheadDays");
        QTest::addColumn<bool>("indexed");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QDateTime>("until");
        QTest::addColumn<QString>("next");

        const QDateTime dec1 = utc("2026-12-01T00:00:00");
        const QDateTime dec8 = utc("2026-12-08T00:00:00");
        const QDateTime dec15 = utc("2026-12-15T00:00:00");
        QTest::addRow("window-start-is-a-handoff")
            << "seoul-daily" << dec1 << dec8 << dec1 << 732 << true << "a" << utc("2026-12-02T00:00:00") << "b";
        QTest::addRow("mid-shift") << "seoul-daily" << dec1 << dec8 << utc("2026-12-02T12:00:00") << 732 << true
                                   << "b" << utc("2026-12-03T00:00:00") << "c";
        QTest::addRow("at-handoff") << "seoul-daily" << dec1 << dec8 << utc("2026-12-03T00:00:00") << 732 << true
                                    << "c" << utc("2026-12-04T00:00:00") << "a";
        QTest::addRow("just-before-handoff") << "seoul-daily" << dec1 << dec8 << utc("2026-12-02T23:59:59") << 732
                                             << true << "b" << utc("2026-12-03T00:00:00") << "c";
        // The 7 December shift runs past the window's end: its end is not in the index.
        QTest::addRow("last-stretch-falls-back") << "seoul-daily" << dec1 << dec8 << utc("2026-12-07T12:00:00")
                                                 << 732 << false << "a" << dec8 << "b";
        QTest::addRow("before-window-falls-back") << "seoul-daily" << dec1 << dec8 << utc("2026-11-30T12:00:00")
                                                  << 732 << false << "" << dec1 << "a";
        QTest::addRow("window-end-falls-back") << "seoul-daily" << dec1 << dec8 << dec8 << 732 << false << "b"
                                               << utc("2026-12-09T00:00:00") << "c";
        QTest::addRow("after-window-falls-back") << "seoul-daily" << dec1 << dec8 << utc("2026-12-10T12:00:00")
                                                 << 732 << false << "a" << utc("2026-12-11T00:00:00") << "b";
        QTest::addRow("empty-window-falls-back") << "seoul-daily" << dec8 << dec1 << utc("2026-12-02T12:00:00")
                                                 << 732 << false << "b" << utc("2026-12-03T00:00:00") << "c";
        // a, a, b: a's two shifts are one stretch.
        QTest::addRow("merged-until") << "seoul-repeat" << dec1 << dec8 << utc("2026-12-01T12:00:00") << 732 << true
                                      << "a" << utc("2026-12-03T00:00:00") << "b";
        // The change 36 hours ahead is beyond a one-day look-ahead: the resolver says nothing changes.
        QTest::addRow("beyond-look-ahead-falls-back") << "seoul-repeat" << dec1 << dec8 << utc("2026-12-01T12:00:00")
                                                      << 1 << false << "a" << QDateTime() << "";
        QTest::addRow("layer-end-then-gap") << "seoul-ending" << dec1 << dec8 << utc("2026-12-02T12:00:00") << 732
                                            << true << "b" << utc("2026-12-03T00:00:00") << "";
        // The gap after the layer's end is the window's last stretch.
        QTest::addRow("gap-to-window-end-falls-back") << "seoul-ending" << dec1 << dec8 << utc("2026-12-04T00:00:00")
                                                      << 732 << false << "" << QDateTime() << "";
        // Monday 7 Dec 09:00 KST ends the weekend window; the next opens Friday 11 Dec 18:00 KST in a's shift.
        QTest::addRow("gap-between-restriction-windows") << "seoul-weekend" << dec1 << dec15 << utc("2026-12-07T00:00:00")
                                                         << 732 << true << "" << utc("2026-12-11T09:00:00") << "a";
        QTest::addRow("restriction-window-ends") << "seoul-weekend" << dec1 << dec15 << utc("2026-12-06T12:00:00")
                                                 << 732 << true << "b" << utc("2026-12-07T00:00:00") << "";
        // The window starts in a gap (Tuesday): the first stretch is nobody.
        QTest::addRow("window-starts-in-gap") << "seoul-weekend" << dec1 << dec15 << dec1 << 732 << true << ""
                                              << utc("2026-12-04T09:00:00") << "b";
        QTest::addRow("top-layer-window-ends") << "seoul-two-layers" << utc("2026-12-07T00:00:00") << dec15
                                               << utc("2026-12-07T05:00:00") << 732 << true << "c"
                                               << utc("2026-12-07T09:00:00") << "a";
        QTest::addRow("bottom-layer-until-top-opens") << "seoul-two-layers" << utc("2026-12-07T00:00:00") << dec15
                                                      << utc("2026-12-07T20:00:00") << 732 << true << "a"
                                                      << utc("2026-12-08T00:00:00") << "d";
        QTest::addRow("before-override") << "seoul-overrides-z" << dec1 << dec8 << dec1 << 732 << true << "a"
                                         << utc("2026-12-01T06:00:00") << "x";
        QTest::addRow("inside-override-split") << "seoul-overrides-z" << dec1 << dec8 << utc("2026-12-01T07:00:00")
                                               << 732 << true << "x" << utc("2026-12-01T08:00:00") << "a";
        QTest::addRow("override-over-whole-shifts") << "seoul-overrides-z" << dec1 << dec8 << utc("2026-12-02T12:00:00")
                                                    << 732 << true << "y" << utc("2026-12-03T20:00:00") << "z";
        // z outlasts y; b's 4 December shift follows it.
        QTest::addRow("later-override-wins") << "seoul-overrides-z" << dec1 << dec8 << utc("2026-12-03T21:00:00") << 732
                                             << true << "z" << utc("2026-12-04T02:00:00") << "b";
        // c's 02:00 shift is empty on 14 March: b hands over to a at 03:00 EDT.
        QTest::addRow("dst-spring-forward-new-york-hourly")
            << "ny-hourly-spring" << utc("2027-03-14T05:00:00") << utc("2027-03-14T12:00:00")
            << utc("2027-03-14T06:30:00") << 732 << true << "b" << utc("2027-03-14T07:00:00") << "a";
        QTest::addRow("dst-spring-forward-new-york-after")
            << "ny-hourly-spring" << utc("2027-03-14T05:00:00") << utc("2027-03-14T12:00:00")
            << utc("2027-03-14T07:00:00") << 732 << true << "a" << utc("2027-03-14T08:00:00") << "b";
        // a's 1 November shift starts at the first 01:30 (EDT) and lasts 25 hours.
        QTest::addRow("dst-fall-back-new-york-daily")
            << "ny-daily-0130-fall" << utc("2026-10-30T00:00:00") << utc("2026-11-05T00:00:00")
            << utc("2026-11-01T06:00:00") << 732 << true << "a" << utc("2026-11-02T06:30:00") << "b";
        QTest::addRow("dst-spring-forward-berlin")
            << "berlin-daily-spring" << utc("2027-03-27T00:00:00") << utc("2027-04-03T00:00:00")
            << utc("2027-03-28T00:59:59") << 732 << true << "a" << utc("2027-03-28T01:00:00") << "b";
        QTest::addRow("berlin-before-layer-start")
            << "berlin-daily-spring" << utc("2027-03-27T00:00:00") << utc("2027-04-03T00:00:00")
            << utc("2027-03-27T00:00:00") << 732 << true << "" << utc("2027-03-27T01:30:00") << "a";
    }
    void onCallAt()
    {
        QFETCH(QString, fixture);
        QFETCH(QDateTime, from);
        QFETCH(QDateTime, to);
        QFETCH(QDateTime, at);
        QFETCH(int, lookAheadDays);
        QFETCH(bool, indexed);
        QFETCH(QString, user);
        QFETCH(QDateTime, until);
        QFETCH(QString, next);
        const OnCallIndex index(OnCallResolver(load(fixture)), from, to);
        QCOMPARE(index.covers(at, lookAheadDays), indexed);
        const OnCallAnswer answer = index.onCallAt(at, lookAheadDays);
        QCOMPARE(answer.userId, user);
        QCOMPARE(answer.until, until);
        QCOMPARE(answer.nextUserId, next);
    }

    void invalidInstant()
    {
        const OnCallIndex index(OnCallResolver(load(QStringLiteral("seoul-daily"))), utc("2026-12-01T00:00:00"),
                                utc("2026-12-08T00:00:00"));
        QCOMPARE(index.onCallAt(QDateTime()), OnCallAnswer());
        QVERIFY(!index.covers(QDateTime()));
    }

    // The index must give the resolver's answer at every instant: each boundary of the window's final shifts,
    // a millisecond and a second either side, mid-points, a regular grid, and instants outside the window.
    void agreesWithResolver_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QDateTime>("from");
        QTest::addColumn<QDateTime>("to");
        const QDateTime dec1 = utc("2026-12-01T00:00:00");
        QTest::addRow("seoul-daily") << "seoul-daily" << dec1 << utc("2026-12-20T00:00:00");
        QTest::addRow("seoul-repeat") << "seoul-repeat" << dec1 << utc("2026-12-20T00:00:00");
        QTest::addRow("seoul-ending") << "seoul-ending" << utc("2026-11-28T00:00:00") << utc("2026-12-06T00:00:00");
        QTest::addRow("seoul-weekend") << "seoul-weekend" << dec1 << utc("2026-12-29T00:00:00");
        QTest::addRow("seoul-two-layers") << "seoul-two-layers" << dec1 << utc("2026-12-29T00:00:00");
        QTest::addRow("seoul-overrides") << "seoul-overrides-z" << utc("2026-11-30T00:00:00") << utc("2026-12-09T00:00:00");
        QTest::addRow("window-mid-shift") << "seoul-overrides-z" << utc("2026-12-01T07:30:00")
                                          << utc("2026-12-03T21:15:00");
        QTest::addRow("dst-spring-forward-new-york-hourly")
            << "ny-hourly-spring" << utc("2027-03-13T00:00:00") << utc("2027-03-16T00:00:00");
        QTest::addRow("dst-fall-back-new-york-daily")
            << "ny-daily-0130-fall" << utc("2026-10-28T00:00:00") << utc("2026-11-06T00:00:00");
        QTest::addRow("dst-spring-forward-berlin")
            << "berlin-daily-spring" << utc("2027-03-25T00:00:00") << utc("2027-04-02T00:00:00");
        QTest::addRow("dst-fall-back-lord-howe-hourly")
            << "lordhowe-hourly-fall" << utc("2027-04-03T10:00:00") << utc("2027-04-04T06:00:00");
    }
    void agreesWithResolver()
    {
        QFETCH(QString, fixture);
        QFETCH(QDateTime, from);
        QFETCH(QDateTime, to);
        const OnCallResolver resolver(load(fixture));
        const OnCallIndex index(resolver, from, to);
        QVERIFY(index.size() > 1);

        QList<QDateTime> instants{from.addDays(-2), from.addSecs(-1), from, to.addSecs(-1), to, to.addDays(2)};
        for (const Shift &s : resolver.finalShifts(from, to)) {
            for (const QDateTime &b : {s.start, s.end}) {
                instants << b << b.addMSecs(-1) << b.addMSecs(1) << b.addSecs(-1) << b.addSecs(1);
            }
            instants << s.start.addMSecs(s.start.msecsTo(s.end) / 2);
        }
        for (QDateTime t = from; t < to; t = t.addSecs(37 * 60))
            instants << t;

        int indexed = 0;
        for (const QDateTime &at : std::as_const(instants)) {
            for (const int lookAhead : {732, 1}) {
                const OnCallAnswer expected = resolver.onCallAt(at, lookAhead);
                const OnCallAnswer actual = index.onCallAt(at, lookAhead);
                if (!(actual == expected)) {
                    qWarning("at %s, look-ahead %d days", qPrintable(at.toString(Qt::ISODateWithMs)), lookAhead);
                    QCOMPARE(actual.userId, expected.userId);
                    QCOMPARE(actual.until, expected.until);
                    QCOMPARE(actual.nextUserId, expected.nextUserId);
                }
                indexed += index.covers(at, lookAhead) ? 1 : 0;
            }
        }
        // Most instants are inside the window and answered by the index, so the comparison tests the index.
        QVERIFY2(indexed > instants.size() / 2, qPrintable(QString::number(indexed)));
    }
};

QTEST_GUILESS_MAIN(tst_OnCallIndex)
#include "tst_oncallindex.moc"
