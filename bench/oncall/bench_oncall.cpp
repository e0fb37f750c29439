// Final shifts and "who is on call at T" look-ups over 100 realistic schedules.
//
// Builds 100 schedules in varied IANA zones (4 layers each: daily, weekly, hourly and custom rotations in a
// shuffled order, upper layers often cut to daily or weekly restriction windows, 3–8 participants, a few
// overrides), over a 90-day window that crosses the DST changes of New York, Berlin and Lord Howe Island, then:
//   1. final shifts of every schedule over the window (OnCallResolver::finalShifts), total time;
//   2. an OnCallIndex per schedule over the same window, total build time;
//   3. look-ups at random instants inside the window through OnCallResolver::onCallAt (fewer: it is slow);
//   4. 100,000 look-ups at random instants through OnCallIndex::onCallAt;
// and prints the median, p99 and total of each look-up series. Every resolver answer is also compared with the
// index's answer at the same instant; a mismatch fails the run.
//
// Options: --schedules N (100) --days N (90) --lookups N (100000) --resolver-lookups N (2000) --seed N (42)

#include "oncall/oncallindex.h"
#include "oncall/oncallresolver.h"
#include "oncall/schedule.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

using namespace Vigil;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Percentiles
{
    double medianNs = 0;
    double p99Ns = 0;
    double totalMs = 0;
};

Percentiles summarize(std::vector<qint64> ns, double totalMs)
{
    std::sort(ns.begin(), ns.end());
    Percentiles p;
    if (!ns.empty()) {
        p.medianNs = double(ns[ns.size() / 2]);
        p.p99Ns = double(ns[std::min(ns.size() - 1, ns.size() * 99 / 100)]);
    }
    p.totalMs = totalMs;
    return p;
}

const char *const kZones[] = {
    "Asia/Seoul",         "Europe/Berlin",     "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
    "America/Los_Angeles", "Europe/London",    "Australia/Sydney", "America/Sao_Paulo",   "Pacific/Auckland",
    "Asia/Tokyo",         "Africa/Johannesburg", "America/Chicago", "Europe/Helsinki",    "Asia/Kathmandu",
};

/// One realistic schedule; `window` is the first instant of the measured window (UTC).
Schedule makeSchedule(int n, std::mt19937 &rng, const QDateTime &window, int days)
{
    const auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    Schedule s;
    s.id = QStringLiteral("sched-%1").arg(n);
    s.name = QStringLiteral("Team %1 primary").arg(n);
    s.timeZone = QTimeZone(QByteArray(kZones[size_t(n) % std::size(kZones)]));

    std::vector<RotationType> types{RotationType::Daily, RotationType::Weekly, RotationType::Hourly,
                                    RotationType::Custom};
    std::shuffle(types.begin(), types.end(), rng);
    // Rotations started some weeks before the window, at a local morning hour (Monday for weekly ones).
    const QDate monday = window.date().addDays(-7 * pick(1, 8) - (window.date().dayOfWeek() - 1));
    for (int i = 0; i < 4; ++i) {
        ScheduleLayer l;
        l.name = QStringLiteral("layer %1").arg(i);
        const int people = pick(3, 8);
        for (int p = 0; p < people; ++p)
            l.participants << QStringLiteral("u%1-%2").arg(n).arg(pick(0, 11));
        l.rotationType = types[size_t(i)];
        if (l.rotationType == RotationType::Custom)
            l.shiftLengthHours = std::array{8, 12, 24, 48}[size_t(pick(0, 3))];
        l.start = QDateTime(monday.addDays(l.rotationType == RotationType::Weekly ? 0 : pick(0, 6)),
                            QTime(pick(7, 10), pick(0, 1) * 30), Qt::UTC);
        // The bottom layer covers all the time; upper ones mostly only part of it (else they would hide it).
        if (i > 0 && pick(0, 2) > 0) {
            Restriction r;
            if (pick(0, 1) == 0) {
                r.type = Restriction::Type::Daily;
                const bool night = pick(0, 1) == 0;
                r.startTime = night ? QTime(pick(18, 23), 0) : QTime(pick(7, 9), 0);
                r.endTime = night ? QTime(pick(5, 8), 0) : QTime(pick(17, 19), 0);
            } else {
                r.type = Restriction::Type::Weekly;
                r.startDay = 5;
                r.startTime = QTime(pick(17, 19), 0);
                r.endDay = 1;
                r.endTime = QTime(pick(8, 9), 0);
            }
            l.restrictions << r;
        }
        s.layers << l;
    }
    // A few overrides of one to 48 hours inside the window, each by its own user (so they never clash).
    const int overrides = pick(2, 5);
    for (int o = 0; o < overrides; ++o) {
        const QDateTime start = window.addSecs(qint64(pick(0, days * 24 - 48)) * 3600 + pick(0, 3) * 900);
        s.overrides << ScheduleOverride{QStringLiteral("cover%1-%2").arg(n).arg(o), start,
                                        start.addSecs(qint64(pick(1, 48)) * 3600), QStringLiteral("ov%1").arg(o)};
    }
    return s;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption schedulesOpt(QStringLiteral("schedules"), QStringLiteral("Schedules."), QStringLiteral("n"), QStringLiteral("100"));
    const QCommandLineOption daysOpt(QStringLiteral("days"), QStringLiteral("Window in days."), QStringLiteral("n"), QStringLiteral("90"));
    const QCommandLineOption lookupsOpt(QStringLiteral("lookups"), QStringLiteral("Index look-ups."), QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption resolverOpt(QStringLiteral("resolver-lookups"), QStringLiteral("Resolver look-ups."), QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption seedOpt(QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("n"), QStringLiteral("42"));
    parser.addOptions({schedulesOpt, daysOpt, lookupsOpt, resolverOpt, seedOpt});
    parser.process(app);
    const int scheduleCount = std::max(1, parser.value(schedulesOpt).toInt());
    const int days = std::max(3, parser.value(daysOpt).toInt());
    const int lookups = std::max(1, parser.value(lookupsOpt).toInt());
    const int resolverLookups = std::max(0, parser.value(resolverOpt).toInt());
    std::mt19937 rng(parser.value(seedOpt).toUInt());
    QTextStream out(stdout);

    const QDateTime from(QDate(2027, 2, 1), QTime(0, 0), Qt::UTC);
    const QDateTime to = from.addDays(days);

    std::vector<OnCallResolver> resolvers;
    for (int n = 0; n < scheduleCount; ++n) {
        Schedule s = makeSchedule(n, rng, from, days);
        if (const Status st = validateSchedule(s); !st) {
            out << "invalid schedule " << n << ": " << st.error().message << " (" << st.error().field << ")\n";
            return 1;
        }
        resolvers.emplace_back(std::move(s));
    }
    out << "schedules: " << scheduleCount << " x 4 layers, window " << from.toString(Qt::ISODate) << " + " << days
        << " days\n";

    // 1. Final shifts.
    qsizetype shiftCount = 0;
    auto t0 = Clock::now();
    for (const OnCallResolver &r : resolvers)
        shiftCount += r.finalShifts(from, to).size();
    const double finalMs = msSince(t0);
    out << QStringLiteral("final shifts: %1 ms total (%2 shifts, %3 ms per schedule)\n")
               .arg(finalMs, 0, 'f', 1).arg(shiftCount).arg(finalMs / scheduleCount, 0, 'f', 2);

    // 2. Indexes.
    std::vector<OnCallIndex> indexes;
    indexes.reserve(resolvers.size());
    t0 = Clock::now();
    for (const OnCallResolver &r : resolvers)
        indexes.emplace_back(r, from, to);
    const double indexMs = msSince(t0);
    qsizetype stretches = 0;
    for (const OnCallIndex &i : indexes)
        stretches += i.size();
    out << QStringLiteral("index build: %1 ms total (%2 stretches)\n").arg(indexMs, 0, 'f', 1).arg(stretches);

    const qint64 spanMs = from.msecsTo(to);
    std::uniform_int_distribution<qint64> instant(0, spanMs - 1);
    std::uniform_int_distribution<int> which(0, scheduleCount - 1);
    const auto queries = [&](int count) {
        std::vector<std::pair<int, QDateTime>> q;
        q.reserve(size_t(count));
        for (int i = 0; i < count; ++i)
            q.emplace_back(which(rng), QDateTime::fromMSecsSinceEpoch(from.toMSecsSinceEpoch() + instant(rng), Qt::UTC));
        return q;
    };
    const auto print = [&out](const char *what, int count, const Percentiles &p) {
        out << QStringLiteral("%1: %2 look-ups, median %3 us, p99 %4 us, total %5 ms\n")
                   .arg(QString::fromLatin1(what)).arg(count).arg(p.medianNs / 1000.0, 0, 'f', 3)
                   .arg(p.p99Ns / 1000.0, 0, 'f', 3).arg(p.totalMs, 0, 'f', 1);
    };
    qsizetype sink = 0;

    // 3. Resolver look-ups (also the reference the index must agree with).
    int mismatches = 0;
    if (resolverLookups > 0) {
        const auto q = queries(resolverLookups);
        std::vector<OnCallAnswer> answers;
        answers.reserve(q.size());
        std::vector<qint64> ns;
        ns.reserve(q.size());
        t0 = Clock::now();
        for (const auto &[s, at] : q) {
            const auto a = Clock::now();
            answers.push_back(resolvers[size_t(s)].onCallAt(at));
            ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - a).count());
        }
        print("resolver onCallAt", resolverLookups, summarize(std::move(ns), msSince(t0)));
        for (size_t i = 0; i < q.size(); ++i) {
            if (!(indexes[size_t(q[i].first)].onCallAt(q[i].second) == answers[i]))
                ++mismatches;
        }
    }

    // 4. Index look-ups.
    const auto q = queries(lookups);
    int fallbacks = 0;
    for (const auto &[s, at] : q)
        fallbacks += indexes[size_t(s)].covers(at) ? 0 : 1;
    std::vector<qint64> ns;
    ns.reserve(q.size());
    t0 = Clock::now();
    for (const auto &[s, at] : q) {
        const auto a = Clock::now();
        const OnCallAnswer answer = indexes[size_t(s)].onCallAt(at);
        ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - a).count());
        sink += answer.userId.size();
    }
    print("index onCallAt", lookups, summarize(std::move(ns), msSince(t0)));
    out << "index look-ups answered by the resolver (window's last stretch): " << fallbacks << "\n";
    out << "index answers differing from the resolver's: " << mismatches << " of " << resolverLookups << "\n";
    out << "(checksum " << sink << ")\n";
    out.flush();
    return mismatches == 0 ? 0 : 1;
}
