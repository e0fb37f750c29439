// The Alerts pane's models over a real cache file: the alert table, its filter proxy and the log of one alert, each
// under QAbstractItemModelTester, against the alerts of alertfixture.h with expectations written out by hand.

#include "alertfilterproxy.h"
#include "alertfixture.h"
#include "alertlogmodel.h"
#include "alerttablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Vigil;
using namespace AlertFixture;

namespace {

QString cell(const QAbstractItemModel &m, int row, int column) { return m.index(row, column).data().toString(); }

QStringList ids(const QAbstractItemModel &m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.append(m.index(r, 0).data(AlertTableModel::IdRole).toString());
    return out;
}

} // namespace

class tst_AlertModels final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_clock.set(T0);
        m_cache = std::make_unique<LocalCache>(m_clock);
        QVERIFY(m_cache->open(m_dir.filePath(QStringLiteral("c%1.sqlite").arg(++m_n))).ok());
        QVERIFY(seed(*m_cache));
    }

    void cleanup() { m_cache.reset(); }

    void shouldShowEveryColumnAsWritten_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("columns"); // priority, message, service, status, count, age, owner, escalation
        QTest::addRow("a1-open-p1-escalating")
            << QStringLiteral("a1")
            << QStringList{QStringLiteral("P1"), QStringLiteral("Disk full on db-01"), QStringLiteral("Database"),
                           QStringLiteral("Open"), QStringLiteral("×12"), QStringLiteral("30m"), QString(),
                           QStringLiteral("Rule 1 of 3 · next in 10m")};
        QTest::addRow("a2-acknowledged-owned")
            << QStringLiteral("a2")
            << QStringList{QStringLiteral("P2"), QStringLiteral("Replication lag on db-02"), QStringLiteral("Database"),
                           QStringLiteral("Acknowledged"), QString(), QStringLiteral("2h 00m"),
                           QStringLiteral("Lee Seoyeon"), QStringLiteral("Rule 1 of 3")};
        QTest::addRow("a3-before-the-first-rule")
            << QStringLiteral("a3")
            << QStringList{QStringLiteral("P3"), QStringLiteral("Packet loss on core-sw-1"), QStringLiteral("Core network"),
                           QStringLiteral("Open"), QString(), QStringLiteral("5m"), QStringLiteral("Kim Minjun"),
                           QStringLiteral("Next in 1m")};
        QTest::addRow("a4-closed-no-policy")
            << QStringLiteral("a4")
            << QStringList{QStringLiteral("P5"), QStringLiteral("Toner low"), QStringLiteral("Core network"),
                           QStringLiteral("Closed"), QStringLiteral("×3"), QStringLiteral("1d 0h"), QString(), QString()};
        QTest::addRow("a5-second-pass")
            << QStringLiteral("a5")
            << QStringList{QStringLiteral("P4"), QStringLiteral("VPN sessions at 90%"), QStringLiteral("Core network"),
                           QStringLiteral("Open"), QStringLiteral("×2"), QStringLiteral("3h 00m"), QString(),
                           QStringLiteral("Rule 2 of 3, pass 2")};
    }

    void shouldShowEveryColumnAsWritten()
    {
        QFETCH(QString, id);
        QFETCH(QStringList, columns);
        AlertTableModel model(*m_cache, m_clock);
        model.setTickInterval(0);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 5);
        const int row = model.rowOf(id);
        QVERIFY(row >= 0);
        QStringList shown;
        for (int c = 0; c < AlertTableModel::ColumnCount; ++c)
            shown.append(cell(model, row, c));
        QCOMPARE(shown, columns);
        QCOMPARE(model.index(row, 0).data(AlertTableModel::IdRole).toString(), id);
    }

    void shouldColourPrioritiesFromRedToGrey()
    {
        AlertTableModel model(*m_cache, m_clock);
        model.setTickInterval(0);
        const auto colour = [&](const char *id) {
            return model.index(model.rowOf(QString::fromUtf8(id)), AlertTableModel::PriorityColumn)
                .data(Qt::ForegroundRole).value<QBrush>().color().name();
        };
        QCOMPARE(colour("a1"), QStringLiteral("#c62828"));
        QCOMPARE(colour("a2"), QStringLiteral("#e65100"));
        QCOMPARE(colour("a3"), QStringLiteral("#b26b00"));
        QCOMPARE(colour("a5"), QStringLiteral("#1565c0"));
        QCOMPARE(colour("a4"), QStringLiteral("#757575"));
    }

    void shouldTickTheAgeAndEscalationColumnsOnly()
    {
        AlertTableModel model(*m_cache, m_clock);
        model.setTickInterval(0);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        m_clock.advanceSecs(60);
        model.tick();
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(AlertTableModel::AgeColumn));
        QCOMPARE(changed.at(0).at(1).toModelIndex().column(), int(AlertTableModel::AgeColumn));
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 4);
        QCOMPARE(changed.at(1).at(0).toModelIndex().column(), int(AlertTableModel::EscalationColumn));
        const int a1 = model.rowOf(QStringLiteral("a1"));
        QCOMPARE(cell(model, a1, AlertTableModel::AgeColumn), QStringLiteral("31m"));
        QCOMPARE(cell(model, a1, AlertTableModel::EscalationColumn), QStringLiteral("Rule 1 of 3 · next in 9m"));
        m_clock.advanceSecs(600);
        QCOMPARE(cell(model, a1, AlertTableModel::EscalationColumn), QStringLiteral("Rule 1 of 3 · next in now"));
    }

    void shouldFollowTheCacheRowByRow()
    {
        AlertTableModel model(*m_cache, m_clock);
        model.setTickInterval(0);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        // A new alert: one row at the end
        QVERIFY(m_cache->applyChanges({change(100, QStringLiteral("alert"),
                                              alertJson({"a6", "P2", "Heartbeat missed: backup", "svc-db", "dba", "open",
                                                         1, 0, "", "pol", 0, -1, 0}))},
                                      100).ok());
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 5);
        QCOMPARE(cell(model, 5, AlertTableModel::MessageColumn), QStringLiteral("Heartbeat missed: backup"));
        // Acknowledged by the user: that row changes at once and is marked pending
        QVERIFY(m_cache->acknowledgeAlert(QStringLiteral("a6")).ok());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 5);
        QCOMPARE(cell(model, 5, AlertTableModel::StatusColumn), QStringLiteral("Acknowledged"));
        QVERIFY(model.index(5, 0).data(AlertTableModel::PendingRole).toBool());
        // Deleted on the server: that row goes
        const QJsonObject del{{QStringLiteral("rev"), 101}, {QStringLiteral("entity"), QStringLiteral("alert")},
                              {QStringLiteral("id"), QStringLiteral("a2")}, {QStringLiteral("op"), QStringLiteral("delete")},
                              {QStringLiteral("data"), QJsonObject{{QStringLiteral("id"), QStringLiteral("a2")}}}};
        QVERIFY(m_cache->applyChanges({del}, 101).ok());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.rowOf(QStringLiteral("a6")), 4);
        QCOMPARE(reset.count(), 0);
    }

    void proxyShouldFilterAndSortByPriority_data()
    {
        QTest::addColumn<AlertFilterProxy::StatusFilter>("status");
        QTest::addColumn<bool>("mine");
        QTest::addColumn<bool>("myTeam");
        QTest::addColumn<QString>("service");
        QTest::addColumn<int>("priority");
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("expected");
        using S = AlertFilterProxy::StatusFilter;
        const QString none;
        const auto list = [](std::initializer_list<const char *> l) {
            QStringList out;
            for (const char *s : l)
                out.append(QString::fromUtf8(s));
            return out;
        };
        QTest::addRow("every-active") << S::Active << false << false << none << 0 << none << list({"a1", "a2", "a3", "a5"});
        QTest::addRow("open") << S::Open << false << false << none << 0 << none << list({"a1", "a3", "a5"});
        QTest::addRow("acknowledged") << S::Acknowledged << false << false << none << 0 << none << list({"a2"});
        QTest::addRow("closed") << S::Closed << false << false << none << 0 << none << list({"a4"});
        QTest::addRow("mine-owner-or-paged") << S::Active << true << false << none << 0 << none << list({"a1", "a3", "a5"});
        QTest::addRow("my-team") << S::Active << false << true << none << 0 << none << list({"a1", "a2"});
        QTest::addRow("mine-in-my-team") << S::Active << true << true << none << 0 << none << list({"a1"});
        QTest::addRow("service") << S::Active << false << false << QStringLiteral("svc-net") << 0 << none << list({"a3", "a5"});
        QTest::addRow("priority-p2") << S::Active << false << false << none << 2 << none << list({"a2"});
        QTest::addRow("priority-p5-active") << S::Active << false << false << none << 5 << none << QStringList();
        QTest::addRow("search-message-any-case") << S::Active << false << false << none << 0 << QStringLiteral(" DISK ") << list({"a1"});
        QTest::addRow("search-alias") << S::Active << false << false << none << 0 << QStringLiteral("alias-a5") << list({"a5"});
        QTest::addRow("search-source") << S::Active << false << false << none << 0 << QStringLiteral("a3-host") << list({"a3"});
        QTest::addRow("search-tag") << S::Active << false << false << none << 0 << QStringLiteral("tag-a2") << list({"a2"});
        QTest::addRow("search-tag-closed") << S::Closed << false << false << none << 0 << QStringLiteral("env=prod") << list({"a4"});
        QTest::addRow("search-nothing") << S::Active << false << false << none << 0 << QStringLiteral("zzz") << QStringList();
    }

    void proxyShouldFilterAndSortByPriority()
    {
        QFETCH(AlertFilterProxy::StatusFilter, status);
        QFETCH(bool, mine);
        QFETCH(bool, myTeam);
        QFETCH(QString, service);
        QFETCH(int, priority);
        QFETCH(QString, search);
        QFETCH(QStringList, expected);
        AlertTableModel model(*m_cache, m_clock);
        model.setTickInterval(0);
        AlertFilterProxy proxy;
        proxy.setAlertModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(AlertTableModel::PriorityColumn, Qt::AscendingOrder);
        proxy.setStatusFilter(status);
        proxy.setMineOnly(mine);
        proxy.setMyTeamsOnly(myTeam);
        proxy.setServiceId(service);
        proxy.setPriority(priority);
        proxy.setSearchText(search);
        QCOMPARE(ids(proxy), expected);
    }

    void proxyShouldSortTiesNewestFirst()
    {
        AlertTableModel model(*m_cache, m_clock);
        model.setTickInterval(0);
        AlertFilterProxy proxy;
        proxy.setAlertModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setStatusFilter(AlertFilterProxy::StatusFilter::Open);
        proxy.sort(AlertTableModel::StatusColumn, Qt::AscendingOrder); // every open alert ties on status
        QCOMPARE(ids(proxy), QStringList({QStringLiteral("a3"), QStringLiteral("a1"), QStringLiteral("a5")}));
        proxy.sort(AlertTableModel::AgeColumn, Qt::DescendingOrder); // the oldest first
        QCOMPARE(ids(proxy), QStringList({QStringLiteral("a5"), QStringLiteral("a1"), QStringLiteral("a3")}));
    }

    void proxyShouldFollowPagesTeamsAndActions()
    {
        AlertTableModel model(*m_cache, m_clock);
        model.setTickInterval(0);
        AlertFilterProxy proxy;
        proxy.setAlertModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(AlertTableModel::PriorityColumn, Qt::AscendingOrder);
        proxy.setMineOnly(true);
        QCOMPARE(ids(proxy), QStringList({QStringLiteral("a1"), QStringLiteral("a3"), QStringLiteral("a5")}));
        // When kim is paged for a2, it becomes one of "mine"
        QVERIFY(m_cache->applyChanges({change(100, QStringLiteral("alert_log"),
                                              logJson("l9", "a2", 0, "notified", "", QStringLiteral("Paged"),
                                                      {{QStringLiteral("user_id"), QStringLiteral("kim")},
                                                       {QStringLiteral("channel"), QStringLiteral("console")}}))},
                                      100).ok());
        QCOMPARE(ids(proxy), QStringList({QStringLiteral("a1"), QStringLiteral("a2"), QStringLiteral("a3"),
                                          QStringLiteral("a5")}));
        // When kim joins the Network team, its alerts are "my team" too
        proxy.setMineOnly(false);
        proxy.setMyTeamsOnly(true);
        QCOMPARE(ids(proxy), QStringList({QStringLiteral("a1"), QStringLiteral("a2")}));
        QVERIFY(m_cache->applyChanges({change(101, QStringLiteral("team"),
                                              team("net", "Network", {QStringLiteral("park"), QStringLiteral("kim")}))},
                                      101).ok());
        QCOMPARE(ids(proxy), QStringList({QStringLiteral("a1"), QStringLiteral("a2"), QStringLiteral("a3"),
                                          QStringLiteral("a5")}));
        // When kim closes a3, it leaves the active list at once
        QVERIFY(m_cache->closeAlert(QStringLiteral("a3")).ok());
        QCOMPARE(ids(proxy), QStringList({QStringLiteral("a1"), QStringLiteral("a2"), QStringLiteral("a5")}));
    }

    void logShouldReadAsATimelineOfWhoWasPagedHow()
    {
        AlertLogModel log(*m_cache);
        QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
        log.setAlertId(QStringLiteral("a1"));
        const QList<QStringList> expected{
            {QStringLiteral("2026-11-25 08:30:00"), QStringLiteral("Received"), QStringLiteral("Vigil"),
             QStringLiteral("Received from native"), QString(), QString()},
            {QStringLiteral("2026-11-25 08:30:01"), QStringLiteral("Paged"), QStringLiteral("Kim Minjun"),
             QStringLiteral("Paged on the console"), QStringLiteral("Console"), QStringLiteral("Paged")},
            {QStringLiteral("2026-11-25 08:30:03"), QStringLiteral("Delivered"), QStringLiteral("Kim Minjun"),
             QStringLiteral("Delivered by e-mail"), QStringLiteral("E-mail (kim@example.com)"),
             QStringLiteral("SMTP 250 OK (120 ms)")},
            {QStringLiteral("2026-11-25 08:50:00"), QStringLiteral("Seen again"), QStringLiteral("Vigil"),
             QStringLiteral("Seen again (12 times)"), QString(), QString()},
        };
        QCOMPARE(log.rowCount(), int(expected.size()));
        for (int r = 0; r < log.rowCount(); ++r) {
            QStringList row;
            for (int c = 0; c < AlertLogModel::ColumnCount; ++c)
                row.append(cell(log, r, c));
            QCOMPARE(row, expected.at(r));
        }
        QCOMPARE(log.index(1, 0).data(AlertLogModel::TypeRole).toString(), QStringLiteral("notified"));
        // A note appears at once as one row at the end, pending; entries for other alerts change nothing
        QSignalSpy inserted(&log, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&log, &QAbstractItemModel::modelReset);
        QVERIFY(m_cache->addAlertNote(QStringLiteral("a5"), QStringLiteral("elsewhere")).ok());
        QVERIFY(m_cache->addAlertNote(QStringLiteral("a1"), QStringLiteral("Looking at it")).ok());
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 4);
        QCOMPARE(cell(log, 4, AlertLogModel::WhoColumn), QStringLiteral("Kim Minjun"));
        QCOMPARE(cell(log, 4, AlertLogModel::EventColumn), QStringLiteral("Note"));
        QVERIFY(log.index(4, 0).data(AlertLogModel::PendingRole).toBool());
        // A failed delivery reads red, with its outcome
        QVERIFY(m_cache->applyChanges({change(100, QStringLiteral("alert_log"),
                                              logJson("l9", "a1", 10, "delivery_failed", "",
                                                      QStringLiteral("Webhook failed; retrying in 30 s"),
                                                      {{QStringLiteral("user_id"), QStringLiteral("lee")},
                                                       {QStringLiteral("channel"), QStringLiteral("webhook")},
                                                       {QStringLiteral("outcome"), QStringLiteral("HTTP 503")}}))},
                                      100).ok());
        QCOMPARE(reset.count(), 1); // the server's entry sorts before the pending note
        QCOMPARE(log.rowCount(), 6);
        QCOMPARE(cell(log, 4, AlertLogModel::WhoColumn), QStringLiteral("Lee Seoyeon"));
        QCOMPARE(cell(log, 4, AlertLogModel::OutcomeColumn), QStringLiteral("HTTP 503"));
        QVERIFY(log.index(4, 0).data(AlertLogModel::FailedRole).toBool());
        QCOMPARE(cell(log, 5, AlertLogModel::MessageColumn), QStringLiteral("Looking at it"));
        // A delivery to someone else's contact method, as the server shows it to other readers (no address nor
        // outcome): the channel alone, and that it was delivered
        QVERIFY(m_cache->applyChanges({change(101, QStringLiteral("alert_log"),
                                              logJson("l10", "a1", 20, "delivered", "", QStringLiteral("Delivered by webhook"),
                                                      {{QStringLiteral("user_id"), QStringLiteral("lee")},
                                                       {QStringLiteral("channel"), QStringLiteral("webhook")},
                                                       {QStringLiteral("attempt"), 2}}))},
                                      101).ok());
        QCOMPARE(log.rowCount(), 7);
        QCOMPARE(log.index(5, 0).data(AlertLogModel::IdRole).toString(), QStringLiteral("l10"));
        QCOMPARE(cell(log, 5, AlertLogModel::ChannelColumn), QStringLiteral("Webhook"));
        QCOMPARE(cell(log, 5, AlertLogModel::OutcomeColumn), QStringLiteral("Delivered"));
        QCOMPARE(cell(log, 5, AlertLogModel::MessageColumn), QStringLiteral("Delivered by webhook"));
    }

private:
    FakeClock m_clock{T0};
    QTemporaryDir m_dir;
    std::unique_ptr<LocalCache> m_cache;
    int m_n = 0;
};

QTEST_GUILESS_MAIN(tst_AlertModels)
#include "tst_alertmodels.moc"
