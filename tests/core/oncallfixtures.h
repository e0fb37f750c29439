#pragma once

// The on-call schedules the core tests refer to by name (tst_oncall, tst_oncallindex). Every expected time in those
// tests is worked out by hand from the zone's rules (checked against tzdata):
//   America/New_York   2026-11-01 06:00Z 02:00 EDT → 01:00 EST;   2027-03-14 07:00Z 02:00 EST → 03:00 EDT
//   Europe/Berlin      2026-10-25 01:00Z 03:00 CEST → 02:00 CET;  2027-03-28 01:00Z 02:00 CET → 03:00 CEST
//   Australia/Lord_Howe 2026-10-03 15:30Z 02:00 +10:30 → 02:30 +11; 2027-04-03 15:00Z 02:00 +11 → 01:30 +10:30
//   Asia/Seoul         +09:00 all year
// Participants are single letters; wall times are the schedule's zone, override times UTC.

#include "coretestsupport.h"

#include <QHash>
#include <QString>

namespace Vigil::Testing {

/// The schedule document named `name` (asserts that it exists).
inline QByteArray onCallFixture(const QString &name)
{
    static const QHash<QString, QByteArray> fixtures{
        // 09:00 KST = 00:00Z: a 1 Dec, b 2 Dec, c 3 Dec, a 4 Dec, …
        {QStringLiteral("seoul-daily"),
         scheduleJson("Asia/Seoul",
                  R"([{"participants":["a","b","c"],"rotation_type":"daily","start":"2026-12-01T09:00:00"}])")},
        // Starts on Monday 7 December 10:00 KST: nobody is on call before.
        {QStringLiteral("seoul-weekly-future"),
         scheduleJson("Asia/Seoul",
                  R"([{"participants":["a","b"],"rotation_type":"weekly","start":"2026-12-07T10:00:00"}])")},
        {QStringLiteral("seoul-single"),
         scheduleJson("Asia/Seoul",
                  R"([{"participants":["a"],"rotation_type":"weekly","start":"2026-12-01T09:00:00"}])")},
        {QStringLiteral("seoul-repeat"),
         scheduleJson("Asia/Seoul",
                  R"([{"participants":["a","a","b"],"rotation_type":"daily","start":"2026-12-01T09:00:00"}])")},
        {QStringLiteral("seoul-wrap"),
         scheduleJson("Asia/Seoul",
                  R"([{"participants":["a","b","a"],"rotation_type":"daily","start":"2026-12-01T09:00:00"}])")},
        {QStringLiteral("seoul-ending"),
         scheduleJson("Asia/Seoul", R"([{"participants":["a","b"],"rotation_type":"daily",)"
                                R"("start":"2026-12-01T09:00:00","end":"2026-12-03T09:00:00"}])")},
        // Handoffs at midnight KST, coverage only 22:00–06:00 KST.
        {QStringLiteral("seoul-overnight"),
         scheduleJson("Asia/Seoul", R"([{"participants":["a","b"],"rotation_type":"daily","start":"2026-12-07T00:00:00",)"
                                R"("restrictions":[{"type":"daily","start_time":"22:00","end_time":"06:00"}]}])")},
        // Handoffs at 09:00 KST every day, coverage Friday 18:00 → Monday 09:00 KST (Fri 09:00Z → Mon 00:00Z).
        {QStringLiteral("seoul-weekend"),
         scheduleJson("Asia/Seoul",
                  R"([{"participants":["a","b"],"rotation_type":"daily","start":"2026-12-01T09:00:00",)"
                  R"("restrictions":[{"type":"weekly","start_day":5,"start_time":"18:00","end_day":1,"end_time":"09:00"}]}])")},
        // Bottom: weekly a/b from Monday 09:00 KST. Top: daily c/d, office hours 09:00–18:00 KST only.
        {QStringLiteral("seoul-two-layers"),
         scheduleJson("Asia/Seoul",
                  R"([{"name":"night","participants":["a","b"],"rotation_type":"weekly","start":"2026-12-07T09:00:00"},)"
                  R"({"name":"day","participants":["c","d"],"rotation_type":"daily","start":"2026-12-07T09:00:00",)"
                  R"("restrictions":[{"type":"daily","start_time":"09:00","end_time":"18:00"}]}])")},
        // x splits a's first shift; y covers b's and a's shifts of 2 and 3 December whole.
        {QStringLiteral("seoul-overrides"),
         scheduleJson("Asia/Seoul",
                  R"([{"participants":["a","b"],"rotation_type":"daily","start":"2026-12-01T09:00:00"}])",
                  R"([{"user_id":"x","start":"2026-12-01T06:00:00Z","end":"2026-12-01T08:00:00Z"},)"
                  R"({"user_id":"y","start":"2026-12-02T00:00:00Z","end":"2026-12-04T00:00:00Z"}])")},
        // As seoul-overrides, and z overlaps y's end (the later one wins).
        {QStringLiteral("seoul-overrides-z"),
         scheduleJson("Asia/Seoul",
                  R"([{"participants":["a","b"],"rotation_type":"daily","start":"2026-12-01T09:00:00"}])",
                  R"([{"user_id":"x","start":"2026-12-01T06:00:00Z","end":"2026-12-01T08:00:00Z"},)"
                  R"({"user_id":"y","start":"2026-12-02T00:00:00Z","end":"2026-12-04T00:00:00Z"},)"
                  R"({"user_id":"z","start":"2026-12-03T20:00:00Z","end":"2026-12-04T02:00:00Z"}])")},
        // b takes over four hours early: the override and b's own shift become one.
        {QStringLiteral("seoul-early-handoff"),
         scheduleJson("Asia/Seoul",
                  R"([{"participants":["a","b"],"rotation_type":"daily","start":"2026-12-01T09:00:00"}])",
                  R"([{"user_id":"b","start":"2026-12-01T20:00:00Z","end":"2026-12-02T00:00:00Z"}])")},
        {QStringLiteral("overrides-only"),
         scheduleJson("Asia/Seoul", "[]",
                  R"([{"user_id":"x","start":"2026-12-01T06:00:00Z","end":"2026-12-01T08:00:00Z"}])")},
        // Two users' overrides overlap 07:00Z–08:00Z: the later one in the list wins.
        {QStringLiteral("overlapping-overrides"),
         scheduleJson("Asia/Seoul",
                  R"([{"participants":["a"],"rotation_type":"daily","start":"2026-12-01T09:00:00"}])",
                  R"([{"user_id":"x","start":"2026-12-01T06:00:00Z","end":"2026-12-01T08:00:00Z"},)"
                  R"({"user_id":"y","start":"2026-12-01T07:00:00Z","end":"2026-12-01T09:00:00Z"}])")},
        {QStringLiteral("ny-daily-0230-spring"),
         scheduleJson("America/New_York",
                  R"([{"participants":["a","b"],"rotation_type":"daily","start":"2027-03-12T02:30:00"}])")},
        {QStringLiteral("ny-daily-0130-spring"),
         scheduleJson("America/New_York",
                  R"([{"participants":["a","b"],"rotation_type":"daily","start":"2027-03-12T01:30:00"}])")},
        // a 30 Oct 05:30Z, b 31 Oct 05:30Z, a 1 Nov 05:30Z (first 01:30, EDT), b 2 Nov 06:30Z (EST).
        {QStringLiteral("ny-daily-0130-fall"),
         scheduleJson("America/New_York",
                  R"([{"participants":["a","b"],"rotation_type":"daily","start":"2026-10-30T01:30:00"}])")},
        {QStringLiteral("ny-daily-0230-fall"),
         scheduleJson("America/New_York",
                  R"([{"participants":["a","b"],"rotation_type":"daily","start":"2026-10-30T02:30:00"}])")},
        {QStringLiteral("ny-hourly-spring"),
         scheduleJson("America/New_York",
                  R"([{"participants":["a","b","c"],"rotation_type":"hourly","start":"2027-03-14T00:00:00"}])")},
        {QStringLiteral("ny-hourly-fall"),
         scheduleJson("America/New_York",
                  R"([{"participants":["a","b","c"],"rotation_type":"hourly","start":"2026-11-01T00:00:00"}])")},
        {QStringLiteral("ny-custom-12h"),
         scheduleJson("America/New_York", R"([{"participants":["a","b"],"rotation_type":"custom",)"
                                      R"("shift_length_hours":12,"start":"2027-03-13T08:00:00"}])")},
        {QStringLiteral("ny-restricted-0230"),
         scheduleJson("America/New_York", R"([{"participants":["a"],"rotation_type":"weekly","start":"2027-03-08T00:00:00",)"
                                      R"("restrictions":[{"type":"daily","start_time":"02:30","end_time":"04:00"}]}])")},
        {QStringLiteral("ny-weekly-sunday-0230"),
         scheduleJson("America/New_York",
                  R"([{"participants":["a","b"],"rotation_type":"weekly","start":"2027-03-07T02:30:00"}])")},
        {QStringLiteral("ny-restricted-0130"),
         scheduleJson("America/New_York", R"([{"participants":["a"],"rotation_type":"weekly","start":"2026-10-26T00:00:00",)"
                                      R"("restrictions":[{"type":"daily","start_time":"01:30","end_time":"03:00"}]}])")},
        // 02:30 CET = 01:30Z on 27 March; on 28 March 02:30 is skipped → 03:00 CEST = 01:00Z.
        {QStringLiteral("berlin-daily-spring"),
         scheduleJson("Europe/Berlin",
                  R"([{"participants":["a","b"],"rotation_type":"daily","start":"2027-03-27T02:30:00"}])")},
        {QStringLiteral("berlin-daily-fall"),
         scheduleJson("Europe/Berlin",
                  R"([{"participants":["a","b"],"rotation_type":"daily","start":"2026-10-24T02:30:00"}])")},
        {QStringLiteral("lordhowe-hourly-spring"),
         scheduleJson("Australia/Lord_Howe",
                  R"([{"participants":["a","b"],"rotation_type":"hourly","start":"2026-10-04T01:00:00"}])")},
        {QStringLiteral("lordhowe-hourly-fall"),
         scheduleJson("Australia/Lord_Howe",
                  R"([{"participants":["a","b"],"rotation_type":"hourly","start":"2027-04-04T00:00:00"}])")},
        {QStringLiteral("lordhowe-daily-0145-fall"),
         scheduleJson("Australia/Lord_Howe",
                  R"([{"participants":["a","b"],"rotation_type":"daily","start":"2027-04-02T01:45:00"}])")},
    };
    Q_ASSERT_X(fixtures.contains(name), "onCallFixture", qPrintable(name));
    return fixtures.value(name);
}

/// The schedule named `name`, decoded; warns and returns an empty schedule if it does not decode.
inline Schedule loadOnCallFixture(const QString &name)
{
    return loadSchedule(name, onCallFixture(name));
}

} // namespace Vigil::Testing
