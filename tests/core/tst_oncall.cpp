#include "oncallfixtures.h"
#include "oncall/oncallresolver.h"
#include "oncall/schedule.h"

#include <QHash>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Vigil;
using Vigil::Testing::utc;
using Vigil::Testing::scheduleJson;

// Every expected time below is worked out by hand from the zone's rules (checked against this machine's tzdata):
//   America/New_York   2026-11-01 06:00Z 02:00 EDT → 01:00 EST;   2027-03-14 07:00Z 02:00 EST → 03:00 EDT
//   Europe/Berlin      2026-10-25 01:00Z 03:00 CEST → 02:00 CET;  2027-03-28 01:00Z 02:00 CET → 03:00 CEST
//   Australia/Lord_Howe 2026-10-03 15:30Z 02:00 +10:30 → 02:30 +11; 2027-04-03 15:00Z 02:00 +11 → 01:30 +10:30
//   Asia/Seoul         +09:00 all year
// Participants are single letters; times in expectations are UTC, "user start/end" to the minute.

namespace {

/// Test rows write lists of C strings; QT_NO_CAST_FROM_ASCII forbids QStringList{"…"}.
QStringList lines(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out << QString::fromUtf8(item);
    return out;
}

QString minute(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm"));
}

QStringList describe(const QList<Shift> &shifts)
{
    QStringList out;
    for (const Shift &s : shifts)
        out << s.userId + u' ' + minute(s.start) + u'/' + minute(s.end);
    return out;
}

QStringList describe(const QList<Gap> &gaps)
{
    QStringList out;
    for (const Gap &g : gaps)
        out << minute(g.start) + u'/' + minute(g.end);
    return out;
}

/// The schedules the rows refer to by name (oncallfixtures.h).
QByteArray fixture(const QString &name)
{
    return Testing::onCallFixture(name);
}

Schedule load(const QString &name)
{
    return Testing::loadOnCallFixture(name);
}

} // namespace

class tst_OnCall final : public QObject
{
    Q_OBJECT
private slots:
    void wallToUtc_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("wall");
        QTest::addColumn<QDateTime>("expected");
        QTest::addRow("seoul") << "Asia/Seoul" << "2026-12-01T09:00:00" << utc("2026-12-01T00:00:00");
        QTest::addRow("new-york-summer") << "America/New_York" << "2026-07-01T12:00:00" << utc("2026-07-01T16:00:00");
        QTest::addRow("dst-spring-forward-new-york-before-gap")
            << "America/New_York" << "2027-03-14T01:59:00" << utc("2027-03-14T06:59:00");
        // 02:30 does not exist: the first instant after the gap is 03:00 EDT.
        QTest::addRow("dst-spring-forward-new-york-in-gap")
            << "America/New_York" << "2027-03-14T02:30:00" << utc("2027-03-14T07:00:00");
        QTest::addRow("dst-spring-forward-new-york-after-gap")
            << "America/New_York" << "2027-03-14T03:00:00" << utc("2027-03-14T07:00:00");
        // 01:30 happens twice: first in EDT (05:30Z), then in EST (06:30Z).
        QTest::addRow("dst-fall-back-new-york-repeated")
            << "America/New_York" << "2026-11-01T01:30:00" << utc("2026-11-01T05:30:00");
        QTest::addRow("dst-fall-back-new-york-after")
            << "America/New_York" << "2026-11-01T02:00:00" << utc("2026-11-01T07:00:00");
        QTest::addRow("dst-spring-forward-berlin-in-gap")
            << "Europe/Berlin" << "2027-03-28T02:30:00" << utc("2027-03-28T01:00:00");
        QTest::addRow("dst-fall-back-berlin-repeated")
            << "Europe/Berlin" << "2026-10-25T02:30:00" << utc("2026-10-25T00:30:00");
        QTest::addRow("dst-spring-forward-lord-howe-in-gap")
            << "Australia/Lord_Howe" << "2026-10-04T02:15:00" << utc("2026-10-03T15:30:00");
        QTest::addRow("dst-spring-forward-lord-howe-after-gap")
            << "Australia/Lord_Howe" << "2026-10-04T02:30:00" << utc("2026-10-03T15:30:00");
        // 01:30–02:00 happens twice: first at +11 (14:30Z–15:00Z), then at +10:30 (15:00Z–15:30Z).
        QTest::addRow("dst-fall-back-lord-howe-repeated")
            << "Australia/Lord_Howe" << "2027-04-04T01:45:00" << utc("2027-04-03T14:45:00");
        QTest::addRow("dst-fall-back-lord-howe-after")
            << "Australia/Lord_Howe" << "2027-04-04T02:00:00" << utc("2027-04-03T15:30:00");
    }
    void wallToUtc()
    {
        QFETCH(QString, zone);
        QFETCH(QString, wall);
        QFETCH(QDateTime, expected);
        const QTimeZone tz(zone.toUtf8());
        QVERIFY(tz.isValid());
        const QDateTime w = parseWallTime(wall);
        QVERIFY(w.isValid());
        QCOMPARE(OnCallResolver::wallToUtc(w, tz), expected);
    }

    void layerShifts_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("layer");
        QTest::addColumn<QDateTime>("from");
        QTest::addColumn<QDateTime>("to");
        QTest::addColumn<QStringList>("expected");

        // 09:00 KST = 00:00Z
        QTest::addRow("seoul-daily") << "seoul-daily" << 0 << utc("2026-12-01T00:00:00") << utc("2026-12-04T00:00:00")
                                     << lines({"a 2026-12-01T00:00/2026-12-02T00:00",
                                                    "b 2026-12-02T00:00/2026-12-03T00:00",
                                                    "c 2026-12-03T00:00/2026-12-04T00:00"});
        // Shift 4 (b) holds the start of the window; both ends are clipped.
        QTest::addRow("seoul-daily-mid-window")
            << "seoul-daily" << 0 << utc("2026-12-05T12:00:00") << utc("2026-12-06T12:00:00")
            << lines({"b 2026-12-05T12:00/2026-12-06T00:00", "c 2026-12-06T00:00/2026-12-06T12:00"});
        // Monday 10:00 KST = 01:00Z; nothing before the layer's start.
        QTest::addRow("seoul-weekly-future")
            << "seoul-weekly-future" << 0 << utc("2026-12-01T00:00:00") << utc("2026-12-22T00:00:00")
            << lines({"a 2026-12-07T01:00/2026-12-14T01:00", "b 2026-12-14T01:00/2026-12-21T01:00",
                           "a 2026-12-21T01:00/2026-12-22T00:00"});
        // 02:30 EST (07:30Z); on 14 March 02:30 is skipped → 03:00 EDT (07:00Z); then 02:30 EDT (06:30Z).
        QTest::addRow("dst-spring-forward-new-york-daily-0230")
            << "ny-daily-0230-spring" << 0 << utc("2027-03-12T07:30:00") << utc("2027-03-16T06:30:00")
            << lines({"a 2027-03-12T07:30/2027-03-13T07:30", "b 2027-03-13T07:30/2027-03-14T07:00",
                           "a 2027-03-14T07:00/2027-03-15T06:30", "b 2027-03-15T06:30/2027-03-16T06:30"});
        // A year on (366 days: 2028 is a leap year), shift 366 (a) starts on 12 March 2028, the next spring-forward
        // day: 02:30 is skipped → 03:00 EDT (07:00Z). The layer's start lies far outside the window.
        QTest::addRow("dst-spring-forward-new-york-daily-0230-next-year")
            << "ny-daily-0230-spring" << 0 << utc("2028-03-11T07:30:00") << utc("2028-03-13T06:30:00")
            << lines({"b 2028-03-11T07:30/2028-03-12T07:00", "a 2028-03-12T07:00/2028-03-13T06:30"});
        // 01:30 exists on 14 March (still EST, 06:30Z); the shift that contains the jump lasts 23 hours.
        QTest::addRow("dst-spring-forward-new-york-daily-0130")
            << "ny-daily-0130-spring" << 0 << utc("2027-03-12T06:30:00") << utc("2027-03-16T05:30:00")
            << lines({"a 2027-03-12T06:30/2027-03-13T06:30", "b 2027-03-13T06:30/2027-03-14T06:30",
                           "a 2027-03-14T06:30/2027-03-15T05:30", "b 2027-03-15T05:30/2027-03-16T05:30"});
        // 01:30 on 1 November happens twice; the handoff is at the first (EDT, 05:30Z); that shift lasts 25 hours.
        QTest::addRow("dst-fall-back-new-york-daily-0130")
            << "ny-daily-0130-fall" << 0 << utc("2026-10-30T05:30:00") << utc("2026-11-03T06:30:00")
            << lines({"a 2026-10-30T05:30/2026-10-31T05:30", "b 2026-10-31T05:30/2026-11-01T05:30",
                           "a 2026-11-01T05:30/2026-11-02T06:30", "b 2026-11-02T06:30/2026-11-03T06:30"});
        // 02:30 on 1 November happens once, in EST (07:30Z).
        QTest::addRow("dst-fall-back-new-york-daily-0230")
            << "ny-daily-0230-fall" << 0 << utc("2026-10-30T06:30:00") << utc("2026-11-02T07:30:00")
            << lines({"a 2026-10-30T06:30/2026-10-31T06:30", "b 2026-10-31T06:30/2026-11-01T07:30",
                           "a 2026-11-01T07:30/2026-11-02T07:30"});
        // 00:00 a, 01:00 b, 02:00 c (skipped → 07:00Z, the same instant as 03:00 EDT: c's shift is empty and c loses
        // that turn), 03:00 a, 04:00 b.
        QTest::addRow("dst-spring-forward-new-york-hourly")
            << "ny-hourly-spring" << 0 << utc("2027-03-14T05:00:00") << utc("2027-03-14T09:00:00")
            << lines({"a 2027-03-14T05:00/2027-03-14T06:00", "b 2027-03-14T06:00/2027-03-14T07:00",
                           "a 2027-03-14T07:00/2027-03-14T08:00", "b 2027-03-14T08:00/2027-03-14T09:00"});
        // 01:00 EDT (05:00Z) to 02:00 EST (07:00Z): b's wall-clock hour is two real hours.
        QTest::addRow("dst-fall-back-new-york-hourly")
            << "ny-hourly-fall" << 0 << utc("2026-11-01T04:00:00") << utc("2026-11-01T08:00:00")
            << lines({"a 2026-11-01T04:00/2026-11-01T05:00", "b 2026-11-01T05:00/2026-11-01T07:00",
                           "c 2026-11-01T07:00/2026-11-01T08:00"});
        // 08:00 and 20:00 wall time: the night shift over the jump lasts 11 hours.
        QTest::addRow("dst-spring-forward-new-york-custom-12h")
            << "ny-custom-12h" << 0 << utc("2027-03-13T13:00:00") << utc("2027-03-15T00:00:00")
            << lines({"a 2027-03-13T13:00/2027-03-14T01:00", "b 2027-03-14T01:00/2027-03-14T12:00",
                           "a 2027-03-14T12:00/2027-03-15T00:00"});
        // Window 02:30–04:00: 07:30Z–09:00Z on the 13th; on the 14th 02:30 is skipped → 03:00 EDT (07:00Z)–08:00Z.
        QTest::addRow("dst-spring-forward-new-york-restriction")
            << "ny-restricted-0230" << 0 << utc("2027-03-13T00:00:00") << utc("2027-03-15T00:00:00")
            << lines({"a 2027-03-13T07:30/2027-03-13T09:00", "a 2027-03-14T07:00/2027-03-14T08:00"});
        // Sunday 02:30 EST (07:30Z); a week later 02:30 is skipped → 07:00Z; then 02:30 EDT (06:30Z).
        QTest::addRow("dst-spring-forward-new-york-weekly")
            << "ny-weekly-sunday-0230" << 0 << utc("2027-03-07T07:30:00") << utc("2027-03-21T06:30:00")
            << lines({"a 2027-03-07T07:30/2027-03-14T07:00", "b 2027-03-14T07:00/2027-03-21T06:30"});
        // Window 01:30–03:00: on 1 November it opens at the first 01:30 (EDT, 05:30Z) and closes at 03:00 EST
        // (08:00Z), two and a half real hours.
        QTest::addRow("dst-fall-back-new-york-restriction")
            << "ny-restricted-0130" << 0 << utc("2026-10-31T00:00:00") << utc("2026-11-02T00:00:00")
            << lines({"a 2026-10-31T05:30/2026-10-31T07:00", "a 2026-11-01T05:30/2026-11-01T08:00"});
        // 02:30 CET (01:30Z); on 28 March 02:30 is skipped → 03:00 CEST (01:00Z); then 02:30 CEST (00:30Z).
        QTest::addRow("dst-spring-forward-berlin")
            << "berlin-daily-spring" << 0 << utc("2027-03-27T01:30:00") << utc("2027-03-29T00:30:00")
            << lines({"a 2027-03-27T01:30/2027-03-28T01:00", "b 2027-03-28T01:00/2027-03-29T00:30"});
        // 02:30 on 25 October happens twice: first in CEST (00:30Z); on the 26th 02:30 CET is 01:30Z.
        QTest::addRow("dst-fall-back-berlin")
            << "berlin-daily-fall" << 0 << utc("2026-10-24T00:30:00") << utc("2026-10-26T01:30:00")
            << lines({"a 2026-10-24T00:30/2026-10-25T00:30", "b 2026-10-25T00:30/2026-10-26T01:30"});
        // 01:00 +10:30 (14:30Z); 02:00 is skipped → 02:30 +11 (15:30Z); 03:00 +11 (16:00Z): b gets half an hour.
        QTest::addRow("dst-spring-forward-lord-howe-hourly")
            << "lordhowe-hourly-spring" << 0 << utc("2026-10-03T14:30:00") << utc("2026-10-03T17:00:00")
            << lines({"a 2026-10-03T14:30/2026-10-03T15:30", "b 2026-10-03T15:30/2026-10-03T16:00",
                           "a 2026-10-03T16:00/2026-10-03T17:00"});
        // 01:00 +11 (14:00Z); 02:00 only exists at +10:30 (15:30Z): b's hour is ninety minutes.
        QTest::addRow("dst-fall-back-lord-howe-hourly")
            << "lordhowe-hourly-fall" << 0 << utc("2027-04-03T13:00:00") << utc("2027-04-03T16:30:00")
            << lines({"a 2027-04-03T13:00/2027-04-03T14:00", "b 2027-04-03T14:00/2027-04-03T15:30",
                           "a 2027-04-03T15:30/2027-04-03T16:30"});
        // 01:45 on 4 April happens twice: the handoff is at the first (+11, 14:45Z), not 15:15Z.
        QTest::addRow("dst-fall-back-lord-howe-daily-0145")
            << "lordhowe-daily-0145-fall" << 0 << utc("2027-04-01T14:45:00") << utc("2027-04-04T15:15:00")
            << lines({"a 2027-04-01T14:45/2027-04-02T14:45", "b 2027-04-02T14:45/2027-04-03T14:45",
                           "a 2027-04-03T14:45/2027-04-04T15:15"});
        // Coverage 22:00–06:00 KST (13:00Z–21:00Z); the midnight handoff (15:00Z) still happens inside it.
        QTest::addRow("restriction-overnight-seoul")
            << "seoul-overnight" << 0 << utc("2026-12-07T12:00:00") << utc("2026-12-08T12:00:00")
            << lines({"a 2026-12-07T13:00/2026-12-07T15:00", "b 2026-12-07T15:00/2026-12-07T21:00"});
        // Fri 4 Dec 18:00 KST (09:00Z) → Mon 7 Dec 09:00 KST (00:00Z); daily handoffs at 00:00Z continue inside.
        QTest::addRow("restriction-weekend-seoul")
            << "seoul-weekend" << 0 << utc("2026-12-04T00:00:00") << utc("2026-12-08T00:00:00")
            << lines({"b 2026-12-04T09:00/2026-12-05T00:00", "a 2026-12-05T00:00/2026-12-06T00:00",
                           "b 2026-12-06T00:00/2026-12-07T00:00"});
        // A window that started the week before reaches into [from, to).
        QTest::addRow("restriction-weekend-seoul-from-sunday")
            << "seoul-weekend" << 0 << utc("2026-12-06T12:00:00") << utc("2026-12-08T00:00:00")
            << lines({"b 2026-12-06T12:00/2026-12-07T00:00"});
        QTest::addRow("two-layers-top-layer")
            << "seoul-two-layers" << 1 << utc("2026-12-07T00:00:00") << utc("2026-12-09T00:00:00")
            << lines({"c 2026-12-07T00:00/2026-12-07T09:00", "d 2026-12-08T00:00/2026-12-08T09:00"});
        QTest::addRow("two-layers-bottom-layer")
            << "seoul-two-layers" << 0 << utc("2026-12-07T00:00:00") << utc("2026-12-09T00:00:00")
            << lines({"a 2026-12-07T00:00/2026-12-09T00:00"});
        // Layer shifts keep each handoff, even to the same person.
        QTest::addRow("repeat-participant-unmerged")
            << "seoul-repeat" << 0 << utc("2026-12-01T00:00:00") << utc("2026-12-05T00:00:00")
            << lines({"a 2026-12-01T00:00/2026-12-02T00:00", "a 2026-12-02T00:00/2026-12-03T00:00",
                           "b 2026-12-03T00:00/2026-12-04T00:00", "a 2026-12-04T00:00/2026-12-05T00:00"});
        QTest::addRow("layer-end") << "seoul-ending" << 0 << utc("2026-12-01T00:00:00") << utc("2026-12-05T00:00:00")
                                   << lines({"a 2026-12-01T00:00/2026-12-02T00:00",
                                                  "b 2026-12-02T00:00/2026-12-03T00:00"});
        QTest::addRow("bad-layer-index") << "seoul-daily" << 3 << utc("2026-12-01T00:00:00")
                                         << utc("2026-12-05T00:00:00") << lines({});
    }
    void layerShifts()
    {
        QFETCH(QString, fixture);
        QFETCH(int, layer);
        QFETCH(QDateTime, from);
        QFETCH(QDateTime, to);
        QFETCH(QStringList, expected);
        const OnCallResolver resolver(load(fixture));
        QCOMPARE(describe(resolver.layerShifts(layer, from, to)), expected);
    }

    void finalShifts_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QDateTime>("from");
        QTest::addColumn<QDateTime>("to");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("override-splits-and-covers-shifts")
            << "seoul-overrides" << utc("2026-12-01T00:00:00") << utc("2026-12-05T00:00:00")
            << lines({"a 2026-12-01T00:00/2026-12-01T06:00", "x 2026-12-01T06:00/2026-12-01T08:00",
                           "a 2026-12-01T08:00/2026-12-02T00:00", "y 2026-12-02T00:00/2026-12-04T00:00",
                           "b 2026-12-04T00:00/2026-12-05T00:00"});
        QTest::addRow("override-joins-own-shift")
            << "seoul-early-handoff" << utc("2026-12-01T00:00:00") << utc("2026-12-03T00:00:00")
            << lines({"a 2026-12-01T00:00/2026-12-01T20:00", "b 2026-12-01T20:00/2026-12-03T00:00"});
        // Office hours (00:00Z–09:00Z) go to the top layer, the rest to the bottom one.
        QTest::addRow("two-layers-top-restricted")
            << "seoul-two-layers" << utc("2026-12-07T00:00:00") << utc("2026-12-09T00:00:00")
            << lines({"c 2026-12-07T00:00/2026-12-07T09:00", "a 2026-12-07T09:00/2026-12-08T00:00",
                           "d 2026-12-08T00:00/2026-12-08T09:00", "a 2026-12-08T09:00/2026-12-09T00:00"});
        QTest::addRow("merge-repeated-participant")
            << "seoul-repeat" << utc("2026-12-01T00:00:00") << utc("2026-12-05T00:00:00")
            << lines({"a 2026-12-01T00:00/2026-12-03T00:00", "b 2026-12-03T00:00/2026-12-04T00:00",
                           "a 2026-12-04T00:00/2026-12-05T00:00"});
        // [a, b, a]: the last a of one cycle and the first a of the next touch.
        QTest::addRow("merge-across-rotation-wrap")
            << "seoul-wrap" << utc("2026-12-01T00:00:00") << utc("2026-12-06T00:00:00")
            << lines({"a 2026-12-01T00:00/2026-12-02T00:00", "b 2026-12-02T00:00/2026-12-03T00:00",
                           "a 2026-12-03T00:00/2026-12-05T00:00", "b 2026-12-05T00:00/2026-12-06T00:00"});
        QTest::addRow("future-layer") << "seoul-weekly-future" << utc("2026-12-01T00:00:00")
                                      << utc("2026-12-15T00:00:00")
                                      << lines({"a 2026-12-07T01:00/2026-12-14T01:00",
                                                     "b 2026-12-14T01:00/2026-12-15T00:00"});
        QTest::addRow("dst-spring-forward-new-york-hourly")
            << "ny-hourly-spring" << utc("2027-03-14T05:00:00") << utc("2027-03-14T09:00:00")
            << lines({"a 2027-03-14T05:00/2027-03-14T06:00", "b 2027-03-14T06:00/2027-03-14T07:00",
                           "a 2027-03-14T07:00/2027-03-14T08:00", "b 2027-03-14T08:00/2027-03-14T09:00"});
        QTest::addRow("overrides-only") << "overrides-only" << utc("2026-12-01T00:00:00") << utc("2026-12-02T00:00:00")
                                        << lines({"x 2026-12-01T06:00/2026-12-01T08:00"});
        QTest::addRow("overlapping-overrides-later-wins")
            << "overlapping-overrides" << utc("2026-12-01T00:00:00") << utc("2026-12-02T00:00:00")
            << lines({"a 2026-12-01T00:00/2026-12-01T06:00", "x 2026-12-01T06:00/2026-12-01T07:00",
                      "y 2026-12-01T07:00/2026-12-01T09:00", "a 2026-12-01T09:00/2026-12-02T00:00"});
        QTest::addRow("empty-window") << "seoul-daily" << utc("2026-12-02T00:00:00") << utc("2026-12-02T00:00:00")
                                      << lines({});
    }
    void finalShifts()
    {
        QFETCH(QString, fixture);
        QFETCH(QDateTime, from);
        QFETCH(QDateTime, to);
        QFETCH(QStringList, expected);
        const OnCallResolver resolver(load(fixture));
        QCOMPARE(describe(resolver.finalShifts(from, to)), expected);
    }

    void gaps_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QDateTime>("from");
        QTest::addColumn<QDateTime>("to");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("future-layer") << "seoul-weekly-future" << utc("2026-12-01T00:00:00")
                                      << utc("2026-12-15T00:00:00")
                                      << lines({"2026-12-01T00:00/2026-12-07T01:00"});
        QTest::addRow("restriction-overnight-seoul")
            << "seoul-overnight" << utc("2026-12-07T12:00:00") << utc("2026-12-08T12:00:00")
            << lines({"2026-12-07T12:00/2026-12-07T13:00", "2026-12-07T21:00/2026-12-08T12:00"});
        QTest::addRow("restriction-weekend-seoul")
            << "seoul-weekend" << utc("2026-12-04T00:00:00") << utc("2026-12-08T00:00:00")
            << lines({"2026-12-04T00:00/2026-12-04T09:00", "2026-12-07T00:00/2026-12-08T00:00"});
        QTest::addRow("layer-end") << "seoul-ending" << utc("2026-12-01T00:00:00") << utc("2026-12-05T00:00:00")
                                   << lines({"2026-12-03T00:00/2026-12-05T00:00"});
        QTest::addRow("two-layers-no-gap") << "seoul-two-layers" << utc("2026-12-07T00:00:00")
                                           << utc("2026-12-09T00:00:00") << lines({});
        QTest::addRow("overrides-only") << "overrides-only" << utc("2026-12-01T00:00:00") << utc("2026-12-02T00:00:00")
                                        << lines({"2026-12-01T00:00/2026-12-01T06:00",
                                                       "2026-12-01T08:00/2026-12-02T00:00"});
        QTest::addRow("dst-spring-forward-new-york-restriction")
            << "ny-restricted-0230" << utc("2027-03-14T00:00:00") << utc("2027-03-15T00:00:00")
            << lines({"2027-03-14T00:00/2027-03-14T07:00", "2027-03-14T08:00/2027-03-15T00:00"});
    }
    void gaps()
    {
        QFETCH(QString, fixture);
        QFETCH(QDateTime, from);
        QFETCH(QDateTime, to);
        QFETCH(QStringList, expected);
        const OnCallResolver resolver(load(fixture));
        QCOMPARE(describe(resolver.gaps(from, to)), expected);
    }

    void onCallAt_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QDateTime>("until");
        QTest::addColumn<QString>("next");
        QTest::addRow("mid-shift") << "seoul-daily" << utc("2026-12-02T12:00:00") << "b" << utc("2026-12-03T00:00:00")
                                   << "c";
        // The handoff instant belongs to the incoming person.
        QTest::addRow("at-handoff") << "seoul-daily" << utc("2026-12-02T00:00:00") << "b"
                                    << utc("2026-12-03T00:00:00") << "c";
        QTest::addRow("just-before-handoff") << "seoul-daily" << utc("2026-12-01T23:59:59") << "a"
                                             << utc("2026-12-02T00:00:00") << "b";
        QTest::addRow("gap-before-future-layer") << "seoul-weekly-future" << utc("2026-12-01T00:00:00") << ""
                                                 << utc("2026-12-07T01:00:00") << "a";
        // Monday 09:00 KST ends the weekend window; the next opens Friday 11 Dec 18:00 KST, in a's daily shift.
        QTest::addRow("gap-between-restriction-windows") << "seoul-weekend" << utc("2026-12-07T00:00:00") << ""
                                                         << utc("2026-12-11T09:00:00") << "a";
        QTest::addRow("before-override") << "seoul-overrides" << utc("2026-12-01T00:00:00") << "a"
                                         << utc("2026-12-01T06:00:00") << "x";
        QTest::addRow("inside-override-split") << "seoul-overrides" << utc("2026-12-01T07:00:00") << "x"
                                               << utc("2026-12-01T08:00:00") << "a";
        QTest::addRow("inside-override-whole-shifts") << "seoul-overrides" << utc("2026-12-02T12:00:00") << "y"
                                                      << utc("2026-12-04T00:00:00") << "b";
        QTest::addRow("override-joins-own-shift") << "seoul-early-handoff" << utc("2026-12-01T21:00:00") << "b"
                                                  << utc("2026-12-03T00:00:00") << "a";
        QTest::addRow("layer-end-then-gap") << "seoul-ending" << utc("2026-12-02T12:00:00") << "b"
                                            << utc("2026-12-03T00:00:00") << "";
        QTest::addRow("after-layer-end") << "seoul-ending" << utc("2026-12-04T00:00:00") << "" << QDateTime() << "";
        QTest::addRow("merged-until") << "seoul-repeat" << utc("2026-12-01T12:00:00") << "a"
                                      << utc("2026-12-03T00:00:00") << "b";
        QTest::addRow("single-participant-forever") << "seoul-single" << utc("2026-12-10T00:00:00") << "a"
                                                    << QDateTime() << "";
        QTest::addRow("top-layer-window-ends") << "seoul-two-layers" << utc("2026-12-07T05:00:00") << "c"
                                               << utc("2026-12-07T09:00:00") << "a";
        // c's empty shift is skipped: b hands over to a at 03:00 EDT.
        QTest::addRow("dst-spring-forward-new-york-hourly") << "ny-hourly-spring" << utc("2027-03-14T06:30:00") << "b"
                                                            << utc("2027-03-14T07:00:00") << "a";
        QTest::addRow("dst-fall-back-new-york-hourly") << "ny-hourly-fall" << utc("2026-11-01T05:30:00") << "b"
                                                       << utc("2026-11-01T07:00:00") << "c";
        // 15:00Z is the second 01:30 of 4 April; a took over at the first 01:45 (14:45Z) and keeps it a day.
        QTest::addRow("dst-fall-back-lord-howe-daily") << "lordhowe-daily-0145-fall" << utc("2027-04-03T15:00:00")
                                                       << "a" << utc("2027-04-04T15:15:00") << "b";
        QTest::addRow("dst-spring-forward-berlin") << "berlin-daily-spring" << utc("2027-03-28T00:59:59") << "a"
                                                   << utc("2027-03-28T01:00:00") << "b";
    }
    void onCallAt()
    {
        QFETCH(QString, fixture);
        QFETCH(QDateTime, at);
        QFETCH(QString, user);
        QFETCH(QDateTime, until);
        QFETCH(QString, next);
        const OnCallResolver resolver(load(fixture));
        const OnCallAnswer answer = resolver.onCallAt(at);
        QCOMPARE(answer.userId, user);
        QCOMPARE(answer.until, until);
        QCOMPARE(answer.nextUserId, next);
    }

    void answerJson_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("on-call") << "seoul-daily" << utc("2026-12-02T12:00:00")
                                 << QByteArray(R"({"next_user_id":"c","until":"2026-12-03T00:00:00.000Z","user_id":"b"})");
        QTest::addRow("gap") << "seoul-weekly-future" << utc("2026-12-01T00:00:00")
                             << QByteArray(R"({"next_user_id":"a","until":"2026-12-07T01:00:00.000Z","user_id":null})");
        QTest::addRow("gap-forever") << "seoul-ending" << utc("2026-12-04T00:00:00")
                                     << QByteArray(R"({"next_user_id":null,"until":null,"user_id":null})");
    }
    void answerJson()
    {
        QFETCH(QString, fixture);
        QFETCH(QDateTime, at);
        QFETCH(QByteArray, expected);
        const OnCallResolver resolver(load(fixture));
        QCOMPARE(QJsonDocument(resolver.onCallAt(at).toJson()).toJson(QJsonDocument::Compact), expected);
    }

    void validation_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        const char *layer = R"({"participants":["a"],"rotation_type":"daily","start":"2026-12-01T09:00:00")";
        const auto withLayer = [&](const char *extra) -> QByteArray {
            return scheduleJson("Asia/Seoul", QByteArray(QByteArray("[") + layer + "}," + layer + extra + "}]"));
        };
        const auto withRestriction = [&](const char *r) -> QByteArray {
            return scheduleJson("Asia/Seoul", QByteArray(QByteArray("[") + layer + R"(,"restrictions":[)" + r + "]}]"));
        };
        const auto withOverrides = [&](const char *o) -> QByteArray {
            return scheduleJson("Asia/Seoul", "[]", o);
        };
        QTest::addRow("valid") << withLayer("") << "" << "";
        QTest::addRow("unknown-time-zone") << scheduleJson("Mars/Olympus_Mons", "[]") << "invalid_field" << "time_zone";
        QTest::addRow("missing-time-zone") << QByteArray(R"({"name":"x","layers":[]})") << "missing_field"
                                           << "time_zone";
        QTest::addRow("missing-name") << QByteArray(R"({"time_zone":"Asia/Seoul"})") << "missing_field" << "name";
        QTest::addRow("layers-not-array") << QByteArray(R"({"name":"x","time_zone":"Asia/Seoul","layers":{}})")
                                          << "invalid_field" << "layers";
        QTest::addRow("empty-participants")
            << scheduleJson("Asia/Seoul", QByteArray(QByteArray("[") + layer + R"(},{"participants":[],)"
                                                 R"("rotation_type":"daily","start":"2026-12-01T09:00:00"}])"))
            << "invalid_field" << "layers[1].participants";
        QTest::addRow("participant-not-string")
            << scheduleJson("Asia/Seoul", R"([{"participants":[7],"rotation_type":"daily","start":"2026-12-01T09:00:00"}])")
            << "invalid_field" << "layers[0].participants";
        QTest::addRow("unknown-rotation-type")
            << scheduleJson("Asia/Seoul", R"([{"participants":["a"],"rotation_type":"monthly","start":"2026-12-01T09:00:00"}])")
            << "invalid_field" << "layers[0].rotation_type";
        QTest::addRow("missing-rotation-type")
            << scheduleJson("Asia/Seoul", R"([{"participants":["a"],"start":"2026-12-01T09:00:00"}])") << "missing_field"
            << "layers[0].rotation_type";
        QTest::addRow("custom-without-length")
            << scheduleJson("Asia/Seoul", R"([{"participants":["a"],"rotation_type":"custom","start":"2026-12-01T09:00:00"}])")
            << "invalid_field" << "layers[0].shift_length_hours";
        QTest::addRow("custom-zero-length")
            << scheduleJson("Asia/Seoul", R"([{"participants":["a"],"rotation_type":"custom","shift_length_hours":0,)"
                                      R"("start":"2026-12-01T09:00:00"}])")
            << "invalid_field" << "layers[0].shift_length_hours";
        QTest::addRow("custom-fractional-length")
            << scheduleJson("Asia/Seoul", R"([{"participants":["a"],"rotation_type":"custom","shift_length_hours":1.5,)"
                                      R"("start":"2026-12-01T09:00:00"}])")
            << "invalid_field" << "layers[0].shift_length_hours";
        QTest::addRow("length-on-daily") << withLayer(R"(,"shift_length_hours":24)") << "invalid_field"
                                         << "layers[1].shift_length_hours";
        QTest::addRow("missing-start")
            << scheduleJson("Asia/Seoul", R"([{"participants":["a"],"rotation_type":"daily"}])") << "missing_field"
            << "layers[0].start";
        QTest::addRow("start-with-offset")
            << scheduleJson("Asia/Seoul", R"([{"participants":["a"],"rotation_type":"daily","start":"2026-12-01T09:00:00Z"}])")
            << "invalid_field" << "layers[0].start";
        QTest::addRow("start-not-a-date")
            << scheduleJson("Asia/Seoul", R"([{"participants":["a"],"rotation_type":"daily","start":"2026-13-01T09:00:00"}])")
            << "invalid_field" << "layers[0].start";
        QTest::addRow("end-before-start") << withLayer(R"(,"end":"2026-11-30T09:00:00")") << "invalid_field"
                                          << "layers[1].end";
        QTest::addRow("end-equals-start") << withLayer(R"(,"end":"2026-12-01T09:00:00")") << "invalid_field"
                                          << "layers[1].end";
        QTest::addRow("restriction-bad-type")
            << withRestriction(R"({"type":"monthly","start_time":"09:00","end_time":"18:00"})") << "invalid_field"
            << "layers[0].restrictions[0].type";
        QTest::addRow("restriction-weekly-day-zero")
            << withRestriction(R"({"type":"weekly","start_day":0,"start_time":"09:00","end_day":5,"end_time":"18:00"})")
            << "invalid_field" << "layers[0].restrictions[0].start_day";
        QTest::addRow("restriction-weekly-day-eight")
            << withRestriction(R"({"type":"daily","start_time":"09:00","end_time":"18:00"},)"
                               R"({"type":"weekly","start_day":1,"start_time":"09:00","end_day":8,"end_time":"18:00"})")
            << "invalid_field" << "layers[0].restrictions[1].end_day";
        QTest::addRow("restriction-weekly-missing-day")
            << withRestriction(R"({"type":"weekly","start_day":1,"start_time":"09:00","end_time":"18:00"})")
            << "missing_field" << "layers[0].restrictions[0].end_day";
        QTest::addRow("restriction-daily-with-day")
            << withRestriction(R"({"type":"daily","start_day":1,"start_time":"09:00","end_time":"18:00"})")
            << "invalid_field" << "layers[0].restrictions[0].start_day";
        QTest::addRow("restriction-bad-start-time")
            << withRestriction(R"({"type":"daily","start_time":"25:00","end_time":"18:00"})") << "invalid_field"
            << "layers[0].restrictions[0].start_time";
        QTest::addRow("restriction-bad-end-time")
            << withRestriction(R"({"type":"daily","start_time":"09:00","end_time":"6pm"})") << "invalid_field"
            << "layers[0].restrictions[0].end_time";
        QTest::addRow("override-missing-user")
            << withOverrides(R"([{"start":"2026-12-01T06:00:00Z","end":"2026-12-01T08:00:00Z"}])") << "missing_field"
            << "overrides[0].user_id";
        QTest::addRow("override-local-time")
            << withOverrides(R"([{"user_id":"x","start":"2026-12-01T06:00:00","end":"2026-12-01T08:00:00Z"}])")
            << "invalid_field" << "overrides[0].start";
        QTest::addRow("override-end-before-start")
            << withOverrides(R"([{"user_id":"x","start":"2026-12-01T08:00:00Z","end":"2026-12-01T06:00:00Z"}])")
            << "invalid_field" << "overrides[0].end";
        QTest::addRow("override-end-equals-start")
            << withOverrides(R"([{"user_id":"x","start":"2026-12-01T08:00:00Z","end":"2026-12-01T08:00:00Z"}])")
            << "invalid_field" << "overrides[0].end";
        QTest::addRow("overrides-overlap-same-user")
            << withOverrides(R"([{"user_id":"x","start":"2026-12-01T06:00:00Z","end":"2026-12-01T08:00:00Z"},)"
                             R"({"user_id":"y","start":"2026-12-01T06:00:00Z","end":"2026-12-01T08:00:00Z"},)"
                             R"({"user_id":"x","start":"2026-12-01T07:59:00Z","end":"2026-12-01T09:00:00Z"}])")
            << "invalid_field" << "overrides[2].start";
        QTest::addRow("override-id-number")
            << withOverrides(R"([{"id":7,"user_id":"x","start":"2026-12-01T06:00:00Z","end":"2026-12-01T08:00:00Z"}])")
            << "invalid_field" << "overrides[0].id";
        QTest::addRow("override-ids-duplicate")
            << withOverrides(R"([{"id":"o1","user_id":"x","start":"2026-12-01T06:00:00Z","end":"2026-12-01T08:00:00Z"},)"
                             R"({"id":"o1","user_id":"y","start":"2026-12-02T06:00:00Z","end":"2026-12-02T08:00:00Z"}])")
            << "invalid_field" << "overrides[1].id";
        QTest::addRow("override-ids-distinct")
            << withOverrides(R"([{"id":"o1","user_id":"x","start":"2026-12-01T06:00:00Z","end":"2026-12-01T08:00:00Z"},)"
                             R"({"id":"o2","user_id":"y","start":"2026-12-02T06:00:00Z","end":"2026-12-02T08:00:00Z"}])")
            << "" << "";
        // Many overrides: the overlap is found wherever it is in the list, and named by the later one.
        const auto many = [](int count, int overlapAt) {
            QByteArray o = "[";
            for (int i = 0; i < count; ++i) {
                const QDateTime start = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(qint64(i) * 7200);
                // One of them starts inside the first one (of the same user).
                const QDateTime s = i == overlapAt ? start.addSecs(-qint64(i) * 7200 + 1800) : start;
                o += (i ? "," : "") + QByteArray(R"({"user_id":"x","start":")") + s.toString(Qt::ISODate).toLatin1()
                     + R"(","end":")" + s.addSecs(3600).toString(Qt::ISODate).toLatin1() + "\"}";
            }
            return QByteArray(o + "]");
        };
        QTest::addRow("1000-overrides") << withOverrides(many(1000, -1).constData()) << "" << "";
        QTest::addRow("1000-overrides-last-overlaps-first")
            << withOverrides(many(1000, 999).constData()) << "invalid_field" << "overrides[999].start";
        QTest::addRow("1001-overrides") << withOverrides(many(1001, -1).constData()) << "invalid_field" << "overrides";
        // Touching is not overlapping; two users at once is allowed (the later one wins).
        QTest::addRow("overrides-touch-same-user")
            << withOverrides(R"([{"user_id":"x","start":"2026-12-01T06:00:00Z","end":"2026-12-01T08:00:00Z"},)"
                             R"({"user_id":"x","start":"2026-12-01T08:00:00Z","end":"2026-12-01T09:00:00Z"}])")
            << "" << "";
    }
    void validation()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, code);
        QFETCH(QString, field);
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        const auto s = Schedule::fromJson(doc.object());
        if (code.isEmpty()) {
            QVERIFY2(s.ok(), qPrintable(s.error().field + QStringLiteral(": ") + s.error().message));
            QVERIFY(validateSchedule(s.value()).ok());
            return;
        }
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, code);
        QCOMPARE(s.error().field, field);
        QVERIFY(!s.error().message.isEmpty());
    }

    void validateHandBuilt()
    {
        // The same rules hold for a schedule built in code (e.g. by the console's editor).
        Schedule s = load(QStringLiteral("seoul-daily"));
        QVERIFY(validateSchedule(s).ok());
        Schedule badZone = s;
        badZone.timeZone = QTimeZone();
        QCOMPARE(validateSchedule(badZone).error().field, QStringLiteral("time_zone"));
        Schedule badRestriction = s;
        badRestriction.layers[0].restrictions.append({Restriction::Type::Weekly, 1, QTime(9, 0), 0, QTime(18, 0)});
        QCOMPARE(validateSchedule(badRestriction).error().field, QStringLiteral("layers[0].restrictions[0].end_day"));
        Schedule emptyParticipants = s;
        emptyParticipants.layers[0].participants.clear();
        QCOMPARE(validateSchedule(emptyParticipants).error().field, QStringLiteral("layers[0].participants"));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("json");
        // Canonical form: what toJson() writes, byte for byte after compact serialisation (keys sorted).
        QTest::addRow("full") << QByteArray(
            R"({"created_at":"2026-11-20T10:00:00.000Z","id":"s1","layers":[)"
            R"({"end":null,"name":"night","participants":["a","b","a"],"restrictions":[],"rotation_type":"weekly",)"
            R"("start":"2026-12-07T09:00:00"},)"
            R"({"end":"2027-06-30T18:00:00","name":"day","participants":["c"],"restrictions":[)"
            R"({"end_time":"18:00","start_time":"09:00","type":"daily"},)"
            R"({"end_day":1,"end_time":"09:00","start_day":5,"start_time":"18:00","type":"weekly"}],)"
            R"("rotation_type":"custom","shift_length_hours":12,"start":"2026-12-07T09:00:00"}],)"
            R"("name":"Primary","overrides":[{"end":"2026-12-01T08:00:00.000Z","start":"2026-12-01T06:00:00.000Z",)"
            R"("user_id":"x"}],"team_id":"t1","time_zone":"America/New_York",)"
            R"("updated_at":"2026-11-21T10:00:00.000Z","version":3})");
        QTest::addRow("override-ids") << QByteArray(
            R"({"id":null,"layers":[],"name":"Ids","overrides":[)"
            R"({"end":"2026-12-01T08:00:00.000Z","id":"o1","start":"2026-12-01T06:00:00.000Z","user_id":"x"},)"
            R"({"end":"2026-12-02T08:00:00.000Z","start":"2026-12-02T06:00:00.000Z","user_id":"y"}],)"
            R"("team_id":null,"time_zone":"Asia/Seoul"})");
        QTest::addRow("minimal") << QByteArray(
            R"({"id":null,"layers":[],"name":"Empty","overrides":[],"team_id":null,"time_zone":"Asia/Seoul"})");
    }
    void roundTrip()
    {
        QFETCH(QByteArray, json);
        const auto decoded = Schedule::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY2(decoded.ok(), qPrintable(decoded.error().field + QStringLiteral(": ") + decoded.error().message));
        QCOMPARE(QJsonDocument(decoded->toJson()).toJson(QJsonDocument::Compact), json);
        const auto again = Schedule::fromJson(decoded->toJson());
        QVERIFY(again.ok());
        QVERIFY(again.value() == decoded.value());
    }

    void roundTripFields()
    {
        const auto s = Schedule::fromJson(QJsonDocument::fromJson(fixture(QStringLiteral("seoul-two-layers"))).object());
        QVERIFY(s.ok());
        QCOMPARE(s->timeZone.id(), QByteArray("Asia/Seoul"));
        QCOMPARE(s->layers.size(), 2);
        const ScheduleLayer &top = s->layers.at(1);
        QCOMPARE(top.name, QStringLiteral("day"));
        QCOMPARE(top.participants, (QStringList{QStringLiteral("c"), QStringLiteral("d")}));
        QVERIFY(top.rotationType == RotationType::Daily);
        QCOMPARE(top.start, QDateTime(QDate(2026, 12, 7), QTime(9, 0), Qt::UTC));
        QVERIFY(!top.end.isValid());
        QCOMPARE(top.restrictions.size(), 1);
        QCOMPARE(top.restrictions.at(0).startTime, QTime(9, 0));
        QCOMPARE(top.restrictions.at(0).endTime, QTime(18, 0));
    }

    void invalidCustomLengthShouldNotHang()
    {
        // Validation refuses a custom rotation of 0 hours; a hand-built one still must not loop forever: the
        // resolver treats it as one hour.
        Schedule s;
        s.id = QStringLiteral("s1");
        s.name = QStringLiteral("broken");
        s.timeZone = QTimeZone("Asia/Seoul");
        ScheduleLayer l;
        l.participants = {QStringLiteral("a"), QStringLiteral("b")};
        l.rotationType = RotationType::Custom;
        l.shiftLengthHours = 0;
        l.start = QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC);
        s.layers = {l};
        QVERIFY(!validateSchedule(s).ok());
        const OnCallResolver r(s);
        const QList<Shift> shifts = r.layerShifts(0, utc("2026-12-01T00:00:00"), utc("2026-12-01T03:00:00"));
        QCOMPARE(shifts.size(), 3);
        QCOMPARE(shifts.at(0).userId, QStringLiteral("a"));
        QCOMPARE(shifts.at(0).start, utc("2026-12-01T00:00:00"));
        QCOMPARE(shifts.at(0).end, utc("2026-12-01T01:00:00"));
        QCOMPARE(shifts.at(1).userId, QStringLiteral("b"));
        QCOMPARE(r.onCallAt(utc("2026-12-01T00:30:00")).until, utc("2026-12-01T01:00:00"));
    }
};

QTEST_GUILESS_MAIN(tst_OnCall)
#include "tst_oncall.moc"
