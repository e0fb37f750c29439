// The On-call pane's models over a real cache file: the board, the rotation timeline and My shifts, each under
// QAbstractItemModelTester, against timelines written out by hand in oncallfixture.h.

#include "myshiftsmodel.h"
#include "oncallboardmodel.h"
#include "oncallfixture.h"
#include "timelinemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Vigil;
using namespace OnCallFixture;

Q_DECLARE_METATYPE(TimelineModel::Segment)

namespace {

struct Seg
{
    QString who; // user id, "" for a gap
    QDateTime start;
    QDateTime end;
};

QList<Seg> band(const TimelineModel &m, int row)
{
    QList<Seg> out;
    const QModelIndex parent = m.index(row, 0);
    for (int i = 0; i < m.rowCount(parent); ++i) {
        const QModelIndex s = m.index(i, 0, parent);
        out.append({s.data(TimelineModel::UserIdRole).toString(), s.data(TimelineModel::StartRole).toDateTime(),
                    s.data(TimelineModel::EndRole).toDateTime()});
    }
    return out;
}

QString describe(const QList<Seg> &segs)
{
    QStringList parts;
    for (const Seg &s : segs)
        parts.append(QStringLiteral("%1 %2–%3").arg(s.who.isEmpty() ? QStringLiteral("(gap)") : s.who,
                                                    s.start.toString(Qt::ISODate), s.end.toString(Qt::ISODate)));
    return parts.join(QStringLiteral(", "));
}

} // namespace

class tst_OnCallModels final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_cache = std::make_unique<LocalCache>(m_clock);
        QVERIFY(m_cache->open(m_dir.filePath(QStringLiteral("c%1.sqlite").arg(++m_n))).ok());
        QVERIFY(seed(*m_cache));
    }

    void cleanup() { m_cache.reset(); }

    void timelineShouldShowLayersOverridesAndTheFinalSchedule_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("expected");
        const auto line = [](std::initializer_list<Seg> segs) { return describe(QList<Seg>(segs)); };
        QTest::newRow("layer 1: daily at 09:00 KST") << 0 << line({{QStringLiteral("kim"), utc(25, 0), utc(26, 0)},
                                                                   {QStringLiteral("lee"), utc(26, 0), utc(27, 0)}});
        QTest::newRow("layer 2: 09–18 KST only") << 1 << line({{QStringLiteral("park"), utc(25, 0), utc(25, 9)},
                                                                {QStringLiteral("park"), utc(26, 0), utc(26, 9)}});
        QTest::newRow("overrides") << 2 << line({{QStringLiteral("choi"), utc(25, 12), utc(25, 14)}});
        QTest::newRow("final") << 3 << line({{QStringLiteral("park"), utc(25, 0), utc(25, 9)},
                                             {QStringLiteral("kim"), utc(25, 9), utc(25, 12)},
                                             {QStringLiteral("choi"), utc(25, 12), utc(25, 14)},
                                             {QStringLiteral("kim"), utc(25, 14), utc(26, 0)},
                                             {QStringLiteral("park"), utc(26, 0), utc(26, 9)},
                                             {QStringLiteral("lee"), utc(26, 9), utc(27, 0)}});
    }

    void timelineShouldShowLayersOverridesAndTheFinalSchedule()
    {
        QFETCH(int, row);
        QFETCH(QString, expected);
        TimelineModel model(*m_cache);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setViewerZone(QTimeZone("Asia/Seoul"));
        model.setScheduleId(QStringLiteral("seoul"));
        model.setWindow(utc(25, 0), utc(27, 0));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.finalRow(), 3);
        QCOMPARE(describe(band(model, row)), expected);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Layer 1 · Around the clock"));
        QCOMPARE(model.index(3, 0).data(TimelineModel::BandRole).value<TimelineModel::Band>(), TimelineModel::Band::Final);
    }

    void timelineTooltipsShouldGiveViewerAndScheduleTimes()
    {
        TimelineModel model(*m_cache);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setViewerZone(QTimeZone("Europe/Berlin")); // UTC+1 in November
        model.setScheduleId(QStringLiteral("seoul"));
        model.setWindow(utc(25, 0), utc(27, 0));
        const QString tip = model.index(2, 0, model.index(3, 0)).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("Choi Yuna")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("Wed 25 Nov 13:00 CET")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("Wed 25 Nov 15:00 CET")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("Wed 25 Nov 21:00 KST")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("2h 00m")), qPrintable(tip));
    }

    void timelineShouldFollowTheCacheAndShowGaps()
    {
        TimelineModel model(*m_cache);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setViewerZone(QTimeZone("Asia/Seoul"));
        model.setScheduleId(QStringLiteral("seoul"));
        model.setWindow(utc(25, 0), utc(27, 0));
        // The around-the-clock layer now ends Thu 26 Nov 18:00 KST (09:00Z): nobody is on call after that.
        QVERIFY(m_cache->applyChanges({change(7, QStringLiteral("schedule"), schedule(4, QStringLiteral("2026-11-26T18:00:00")))}, 7).ok());
        const QList<Seg> final = band(model, 3);
        QCOMPARE(final.size(), 6);
        QCOMPARE(describe(final.mid(4)), describe({{QStringLiteral("park"), utc(26, 0), utc(26, 9)}, {QString(), utc(26, 9), utc(27, 0)}}));
        const QModelIndex gap = model.index(5, 0, model.index(3, 0));
        QCOMPARE(gap.data(TimelineModel::SegmentRole).value<TimelineModel::Segment>(), TimelineModel::Segment::Gap);
        QCOMPARE(gap.data().toString(), QStringLiteral("Nobody on call"));
        // An override added offline shows at once, marked pending
        auto added = m_cache->addOverride(QStringLiteral("seoul"), QStringLiteral("lee"), utc(26, 12), utc(26, 15));
        QVERIFY(added.ok());
        const QList<Seg> overrides = band(model, 2);
        QCOMPARE(describe(overrides), describe({{QStringLiteral("choi"), utc(25, 12), utc(25, 14)},
                                                {QStringLiteral("lee"), utc(26, 12), utc(26, 15)}}));
        QVERIFY(model.index(1, 0, model.index(2, 0)).data(TimelineModel::PendingRole).toBool());
        QCOMPARE(describe(band(model, 3).mid(5)), describe({{QString(), utc(26, 9), utc(26, 12)},
                                                            {QStringLiteral("lee"), utc(26, 12), utc(26, 15)},
                                                            {QString(), utc(26, 15), utc(27, 0)}}));
        // No schedule: no bands
        model.setScheduleId(QStringLiteral("missing"));
        QCOMPARE(model.rowCount(), 0);
    }

    void boardShouldSayWhoIsOnCallUntilWhenAndWhoIsNext_data()
    {
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QString>("who");
        QTest::addColumn<QDateTime>("until");
        QTest::addColumn<QString>("next");
        QTest::addColumn<QString>("untilText");
        QTest::newRow("business hours") << utc(25, 3) << "park" << utc(25, 9) << "kim" << "Wed 25 Nov 18:00 (in 6h 00m)";
        QTest::newRow("before the override") << utc(25, 10) << "kim" << utc(25, 12) << "choi" << "Wed 25 Nov 21:00 (in 2h 00m)";
        QTest::newRow("override") << utc(25, 13, 30) << "choi" << utc(25, 14) << "kim" << "Wed 25 Nov 23:00 (in 30m)";
        QTest::newRow("overnight") << utc(25, 20) << "kim" << utc(26, 0) << "park" << "Thu 26 Nov 09:00 (in 4h 00m)";
    }

    void boardShouldSayWhoIsOnCallUntilWhenAndWhoIsNext()
    {
        QFETCH(QDateTime, now);
        QFETCH(QString, who);
        QFETCH(QDateTime, until);
        QFETCH(QString, next);
        QFETCH(QString, untilText);
        m_clock.set(now);
        OnCallBoardModel model(*m_cache, m_clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTickInterval(0);
        model.setViewerZone(QTimeZone("Asia/Seoul"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, OnCallBoardModel::ScheduleColumn).data().toString(), QStringLiteral("DB on-call"));
        QCOMPARE(model.index(0, OnCallBoardModel::TeamColumn).data().toString(), QStringLiteral("Database"));
        QCOMPARE(model.index(0, 0).data(OnCallBoardModel::UserIdRole).toString(), who);
        QCOMPARE(model.index(0, 0).data(OnCallBoardModel::UntilRole).toDateTime(), until);
        QCOMPARE(model.index(0, 0).data(OnCallBoardModel::NextUserIdRole).toString(), next);
        QCOMPARE(model.index(0, OnCallBoardModel::UntilColumn).data().toString(), untilText);
        QCOMPARE(model.index(0, OnCallBoardModel::ContactColumn).data().toString(), who + QStringLiteral("@example.com"));
    }

    void boardShouldMoveOnWithTheClockAndShowGaps()
    {
        m_clock.set(utc(25, 10));
        OnCallBoardModel model(*m_cache, m_clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTickInterval(0);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.refresh();
        QCOMPARE(changed.count(), 0); // nothing moved
        m_clock.set(utc(25, 12, 30));
        model.refresh();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0, OnCallBoardModel::OnCallColumn).data().toString(), QStringLiteral("Choi Yuna"));
        // After the layer's end nobody is on call: the board says so, in red
        QVERIFY(m_cache->applyChanges({change(7, QStringLiteral("schedule"), schedule(4, QStringLiteral("2026-11-26T18:00:00")))}, 7).ok());
        m_clock.set(utc(26, 10));
        model.refresh();
        QVERIFY(model.index(0, 0).data(OnCallBoardModel::GapRole).toBool());
        QCOMPARE(model.index(0, OnCallBoardModel::OnCallColumn).data().toString(), QStringLiteral("Nobody — gap"));
        QVERIFY(model.index(0, OnCallBoardModel::OnCallColumn).data(Qt::ForegroundRole).isValid());
        // Until the business-hours layer starts again on Fri 09:00 KST
        QCOMPARE(model.index(0, 0).data(OnCallBoardModel::UntilRole).toDateTime(), utc(27, 0));
        QCOMPARE(model.index(0, 0).data(OnCallBoardModel::NextUserIdRole).toString(), QStringLiteral("park"));
    }

    void myShiftsShouldListMyFinalShiftsAndExportThem()
    {
        m_clock.set(utc(25, 10));
        MyShiftsModel model(*m_cache, m_clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setViewerZone(QTimeZone("Asia/Seoul"));
        model.setDays(2); // up to 27 Nov 10:00Z
        // kim: 10:00–12:00 (running), 14:00–24:00 on the 25th; lee has the 26th, kim the 27th from 09:00Z (after the park hours)
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, 0).data(MyShiftsModel::StartRole).toDateTime(), utc(25, 10));
        QCOMPARE(model.index(0, 0).data(MyShiftsModel::EndRole).toDateTime(), utc(25, 12));
        QVERIFY(model.index(0, 0).data(MyShiftsModel::InProgressRole).toBool());
        QCOMPARE(model.index(1, 0).data(MyShiftsModel::StartRole).toDateTime(), utc(25, 14));
        QCOMPARE(model.index(1, 0).data(MyShiftsModel::EndRole).toDateTime(), utc(26, 0));
        QCOMPARE(model.index(1, MyShiftsModel::StartColumn).data().toString(), QStringLiteral("Wed 25 Nov 23:00"));
        QCOMPARE(model.index(1, MyShiftsModel::LengthColumn).data().toString(), QStringLiteral("10h 00m"));
        QVERIFY(!model.index(1, 0).data(MyShiftsModel::InProgressRole).toBool());
        QCOMPARE(model.index(2, 0).data(MyShiftsModel::StartRole).toDateTime(), utc(27, 9));
        QCOMPARE(model.index(2, 0).data(MyShiftsModel::EndRole).toDateTime(), utc(27, 10));
        // Exported with the schedule's zone
        const QString ics = QString::fromUtf8(model.toICalendar());
        QCOMPARE(ics.count(QStringLiteral("BEGIN:VEVENT")), 3);
        QVERIFY(ics.contains(QStringLiteral("BEGIN:VTIMEZONE")));
        QVERIFY2(ics.contains(QStringLiteral("Asia/Seoul")), qPrintable(ics));
        QVERIFY(ics.contains(QStringLiteral(":20261125T230000\r\n"))); // 14:00Z in Seoul
        QVERIFY(ics.contains(QStringLiteral("SUMMARY:On call: DB on-call")));
        // Another user signs in: the list follows (choi has the override only)
        m_cache->setCurrentUserId(QStringLiteral("choi"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data(MyShiftsModel::StartRole).toDateTime(), utc(25, 12));
        QCOMPARE(model.index(0, 0).data(MyShiftsModel::EndRole).toDateTime(), utc(25, 14));
    }

private:
    QTemporaryDir m_dir;
    FakeClock m_clock{utc(25, 10)};
    std::unique_ptr<LocalCache> m_cache;
    int m_n = 0;
};

QTEST_GUILESS_MAIN(tst_OnCallModels)
#include "tst_oncallmodels.moc"
