#include "consolefixture.h"

#include "commentmodel.h"
#include "common/json.h"
#include "queuemodel.h"
#include "ticketfilterproxy.h"
#include "tickettablemodel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Vigil;
using ConsoleFixture::change;
using Queue = TicketTableModel::Queue;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 11, 25), QTime(9, 0), QTimeZone::utc());

// Default policy, 24/7: P1 first response 15 min, resolution 4 h; P3 first response 4 h.
QJsonObject ticketJson(const QString &id, int number, const QString &summary, const QString &priority,
                       const QString &status, const QString &assignee, const QDateTime &created, qint64 version = 1)
{
    QJsonArray history{QJsonObject{{QStringLiteral("status"), QStringLiteral("open")},
                                   {QStringLiteral("at"), Json::formatTime(created)}}};
    QJsonValue resolvedAt = QJsonValue::Null;
    if (status != u"open") {
        history.append(QJsonObject{{QStringLiteral("status"), status},
                                   {QStringLiteral("at"), Json::formatTime(created.addSecs(60))}});
        if (status == u"resolved")
            resolvedAt = Json::formatTime(created.addSecs(60));
    }
    return {{QStringLiteral("id"), id},
            {QStringLiteral("key"), QStringLiteral("SD-%1").arg(number)},
            {QStringLiteral("version"), version},
            {QStringLiteral("created_at"), Json::formatTime(created)},
            {QStringLiteral("updated_at"), Json::formatTime(created.addSecs(version))},
            {QStringLiteral("summary"), summary},
            {QStringLiteral("type"), QStringLiteral("incident")},
            {QStringLiteral("priority"), priority},
            {QStringLiteral("status"), status},
            {QStringLiteral("requester_name"), QStringLiteral("Park Jiwoo")},
            {QStringLiteral("assignee_id"), assignee.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(assignee)},
            {QStringLiteral("resolved_at"), resolvedAt},
            {QStringLiteral("status_history"), history}};
}

} // namespace

class tst_TicketModels final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_clock = std::make_unique<FakeClock>(T0);
        m_cache = std::make_unique<LocalCache>(*m_clock);
        QVERIFY(m_cache->open(m_dir.filePath(QStringLiteral("c%1.sqlite").arg(++m_n))).ok());
        // Given: me (u-me), a colleague, and five tickets
        QJsonArray changes{
            change(1, QStringLiteral("user"), {{QStringLiteral("id"), QStringLiteral("u-me")}, {QStringLiteral("name"), QStringLiteral("Kim Minjun")}}),
            change(2, QStringLiteral("user"), {{QStringLiteral("id"), QStringLiteral("u-2")}, {QStringLiteral("name"), QStringLiteral("Lee Seoyeon")}}),
            // P1 opened 10 min ago: first response due in 5 min -> breaching soon
            change(3, QStringLiteral("ticket"), ticketJson(QStringLiteral("a"), 1, QStringLiteral("Mail server down"), QStringLiteral("P1"), QStringLiteral("open"), {}, T0.addSecs(-600))),
            // P3 opened 5 h ago: first response (4 h) breached
            change(4, QStringLiteral("ticket"), ticketJson(QStringLiteral("b"), 2, QStringLiteral("VPN drops"), QStringLiteral("P3"), QStringLiteral("in_progress"), QStringLiteral("u-me"), T0.addSecs(-5 * 3600))),
            // P3 opened now, assigned to a colleague
            change(5, QStringLiteral("ticket"), ticketJson(QStringLiteral("c"), 3, QStringLiteral("New laptop"), QStringLiteral("P3"), QStringLiteral("open"), QStringLiteral("u-2"), T0)),
            change(6, QStringLiteral("ticket"), ticketJson(QStringLiteral("d"), 4, QStringLiteral("Password reset"), QStringLiteral("P4"), QStringLiteral("waiting_for_customer"), QStringLiteral("u-me"), T0.addSecs(-3600))),
            change(7, QStringLiteral("ticket"), ticketJson(QStringLiteral("e"), 5, QStringLiteral("Printer jam"), QStringLiteral("P5"), QStringLiteral("resolved"), {}, T0.addDays(-2))),
        };
        QVERIFY(m_cache->applyChanges(changes, 7).ok());
        m_cache->setCurrentUserId(QStringLiteral("u-me"));
        m_table = std::make_unique<TicketTableModel>(*m_cache, *m_clock);
        m_table->setTickInterval(0);
        m_proxy = std::make_unique<TicketFilterProxy>();
        m_proxy->setTicketModel(m_table.get());
        m_queues = std::make_unique<QueueModel>(*m_table);
        m_tableTester = std::make_unique<QAbstractItemModelTester>(m_table.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_queueTester = std::make_unique<QAbstractItemModelTester>(m_queues.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup()
    {
        m_queueTester.reset();
        m_proxyTester.reset();
        m_tableTester.reset();
        m_queues.reset();
        m_proxy.reset();
        m_table.reset();
        m_cache.reset();
    }

    void shouldShowEveryTicketWithLocalizedColumns()
    {
        QCOMPARE(m_table->rowCount(), 5);
        QCOMPARE(m_table->columnCount(), int(TicketTableModel::ColumnCount));
        const int b = m_table->rowOf(QStringLiteral("b"));
        QCOMPARE(m_table->index(b, TicketTableModel::KeyColumn).data().toString(), QStringLiteral("SD-2"));
        QCOMPARE(m_table->index(b, TicketTableModel::AssigneeColumn).data().toString(), QStringLiteral("Kim Minjun"));
        QCOMPARE(m_table->index(b, TicketTableModel::StatusColumn).data().toString(), QStringLiteral("In progress"));
        QCOMPARE(m_table->index(b, TicketTableModel::PriorityColumn).data(TicketTableModel::SortRole).toInt(), 3);
        QCOMPARE(m_table->index(b, 0).data(TicketTableModel::IdRole).toString(), QStringLiteral("b"));
    }

    void shouldCountQueues_data()
    {
        QTest::addColumn<int>("queue");
        QTest::addColumn<int>("count");
        QTest::addRow("all-open") << int(Queue::AllOpen) << 4;
        QTest::addRow("unassigned") << int(Queue::Unassigned) << 1;
        QTest::addRow("mine") << int(Queue::AssignedToMe) << 2;
        QTest::addRow("breaching-soon") << int(Queue::BreachingSoon) << 1;
        QTest::addRow("breached") << int(Queue::Breached) << 1;
        QTest::addRow("waiting") << int(Queue::WaitingForCustomer) << 1;
        QTest::addRow("resolved-7d") << int(Queue::ResolvedRecently) << 1;
    }

    void shouldCountQueues()
    {
        QFETCH(int, queue);
        QFETCH(int, count);
        QCOMPARE(m_queues->count(static_cast<Queue>(queue)), count);
        QCOMPARE(m_queues->index(queue).data(QueueModel::CountRole).toInt(), count);
        m_proxy->setQueue(static_cast<Queue>(queue));
        QCOMPARE(m_proxy->rowCount(), count);
    }

    void shouldSearchInstantlyAcrossKeySummaryAndPeople()
    {
        m_proxy->setSearchText(QStringLiteral("vpn"));
        QCOMPARE(m_proxy->rowCount(), 1);
        QCOMPARE(m_proxy->index(0, 0).data(TicketTableModel::IdRole).toString(), QStringLiteral("b"));
        m_proxy->setSearchText(QStringLiteral("SD-3"));
        QCOMPARE(m_proxy->rowCount(), 1);
        m_proxy->setSearchText(QStringLiteral("lee seo"));
        QCOMPARE(m_proxy->index(0, 0).data(TicketTableModel::IdRole).toString(), QStringLiteral("c"));
        m_proxy->setSearchText(QString());
        QCOMPARE(m_proxy->rowCount(), 4);
    }

    void shouldSortOnRawValues()
    {
        m_proxy->sort(TicketTableModel::PriorityColumn, Qt::AscendingOrder);
        QStringList ids;
        for (int r = 0; r < m_proxy->rowCount(); ++r)
            ids << m_proxy->index(r, 0).data(TicketTableModel::IdRole).toString();
        QCOMPARE(ids, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}));
        m_proxy->sort(TicketTableModel::SlaColumn, Qt::AscendingOrder);
        QCOMPARE(m_proxy->index(0, 0).data(TicketTableModel::IdRole).toString(), QStringLiteral("b")); // breached first
    }

    void shouldColourTheSlaColumn()
    {
        const int a = m_table->rowOf(QStringLiteral("a"));
        const int b = m_table->rowOf(QStringLiteral("b"));
        const int c = m_table->rowOf(QStringLiteral("c"));
        QCOMPARE(m_table->index(a, TicketTableModel::SlaColumn).data().toString(), QStringLiteral("5m"));
        QCOMPARE(m_table->index(a, TicketTableModel::SlaColumn).data(Qt::ForegroundRole).value<QBrush>().color(), QColor(0xB2, 0x6B, 0x00));
        QCOMPARE(m_table->index(b, TicketTableModel::SlaColumn).data().toString(), QStringLiteral("Breached 1h 00m ago"));
        QCOMPARE(m_table->index(b, TicketTableModel::SlaColumn).data(Qt::ForegroundRole).value<QBrush>().color(), QColor(0xC6, 0x28, 0x28));
        QCOMPARE(m_table->index(c, TicketTableModel::SlaColumn).data().toString(), QStringLiteral("4h 00m"));
        QVERIFY(!m_table->index(c, TicketTableModel::SlaColumn).data(Qt::ForegroundRole).isValid());
    }

    void shouldTickOnlyTheSlaColumn()
    {
        QSignalSpy changed(m_table.get(), &QAbstractItemModel::dataChanged);
        const int a = m_table->rowOf(QStringLiteral("a"));
        // When six minutes pass
        m_clock->advanceSecs(6 * 60);
        m_table->tick();
        // Then one dataChanged covers exactly the SLA column, and the P1 is now breached
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().column(), int(TicketTableModel::SlaColumn));
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().column(), int(TicketTableModel::SlaColumn));
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 4);
        QCOMPARE(m_table->index(a, TicketTableModel::SlaColumn).data().toString(), QStringLiteral("Breached 1m ago"));
        m_queues->recount();
        QCOMPARE(m_queues->count(Queue::Breached), 2);
        QCOMPARE(m_queues->count(Queue::BreachingSoon), 0);
    }

    void shouldFollowLiveChangesWithPreciseSignals()
    {
        QSignalSpy inserted(m_table.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(m_table.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy reset(m_table.get(), &QAbstractItemModel::modelReset);
        m_proxy->setQueue(Queue::Unassigned);
        m_proxy->sort(TicketTableModel::KeyColumn);
        QCOMPARE(m_proxy->rowCount(), 1);
        // When another client creates an unassigned ticket
        QVERIFY(m_cache->applyChanges({change(8, QStringLiteral("ticket"), ticketJson(QStringLiteral("f"), 6, QStringLiteral("Wi-Fi slow"), QStringLiteral("P2"), QStringLiteral("open"), {}, T0))}, 8).ok());
        // Then exactly one row arrives, the proxy shows it, the queue count follows
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 5);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(m_proxy->rowCount(), 2);
        QTRY_COMPARE(m_queues->count(Queue::Unassigned), 2);
        // When I assign it to myself (offline command)
        QVERIFY(m_cache->assignTicket(QStringLiteral("f"), QStringLiteral("u-me")).ok());
        QCOMPARE(changed.count(), 2); // the pending mark of the key column, then the row
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>().row(), 5);
        QCOMPARE(m_proxy->rowCount(), 1);
        QTRY_COMPARE(m_queues->count(Queue::AssignedToMe), 3);
        QVERIFY(m_table->index(5, 0).data(TicketTableModel::PendingRole).toBool());
        // When the server deletes a ticket
        QSignalSpy removed(m_table.get(), &QAbstractItemModel::rowsRemoved);
        QJsonObject del{{QStringLiteral("rev"), 9}, {QStringLiteral("entity"), QStringLiteral("ticket")}, {QStringLiteral("id"), QStringLiteral("a")},
                        {QStringLiteral("op"), QStringLiteral("delete")}, {QStringLiteral("data"), QJsonObject{{QStringLiteral("id"), QStringLiteral("a")}}}};
        QVERIFY(m_cache->applyChanges({del}, 9).ok());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(m_table->rowCount(), 5);
        QCOMPARE(m_table->rowOf(QStringLiteral("f")), 4);
        QTRY_COMPARE(m_queues->count(Queue::AllOpen), 4);
    }

    void shouldMoveQueueCountsWithTimeOnTick_data()
    {
        QTest::addColumn<qint64>("msFromNow");
        QTest::addColumn<int>("soon");
        QTest::addColumn<int>("breached");
        QTest::addColumn<int>("resolved");
        QTest::addColumn<int>("announced"); // queues whose count moved: one dataChanged each
        // a: P1 first response due at +5 min; c: P3 first response due at +4 h; e: resolved 2 days ago (+60 s)
        QTest::addRow("unchanged") << qint64(0) * 1000 << 1 << 1 << 1 << 0;
        QTest::addRow("p1-one-second-before-breach") << qint64(299) * 1000 << 1 << 1 << 1 << 0;
        QTest::addRow("p1-breaches") << qint64(300) * 1000 << 0 << 2 << 1 << 2;
        QTest::addRow("p3-one-second-before-the-hour") << qint64(3 * 3600 - 1) * 1000 << 0 << 2 << 1 << 2;
        QTest::addRow("p3-within-the-hour-mid-second") << qint64((3 * 3600) * 1000 - 500) << 1 << 2 << 1 << 1;
        QTest::addRow("p3-within-the-hour") << qint64(3 * 3600) * 1000 << 1 << 2 << 1 << 1;
        QTest::addRow("p3-breaches") << qint64(4 * 3600) * 1000 << 0 << 3 << 1 << 2;
        QTest::addRow("resolved-last-second-of-the-week") << qint64(5 * 86400 + 60) * 1000 << 0 << 3 << 1 << 2;
        QTest::addRow("resolved-leaves-the-week") << qint64(5 * 86400 + 61) * 1000 << 0 << 3 << 0 << 3;
    }

    void shouldMoveQueueCountsWithTimeOnTick()
    {
        QFETCH(qint64, msFromNow);
        QFETCH(int, soon);
        QFETCH(int, breached);
        QFETCH(int, resolved);
        QFETCH(int, announced);
        QSignalSpy changed(m_queues.get(), &QAbstractItemModel::dataChanged);
        // When the clock jumps and the model ticks once
        m_clock->set(T0.addMSecs(msFromNow));
        m_table->tick();
        // Then the time-driven queues follow at once, without a recount, and nothing else moves
        QCOMPARE(m_queues->count(Queue::BreachingSoon), soon);
        QCOMPARE(m_queues->count(Queue::Breached), breached);
        QCOMPARE(m_queues->count(Queue::ResolvedRecently), resolved);
        QCOMPARE(m_queues->count(Queue::AllOpen), 4);
        QCOMPARE(m_queues->count(Queue::AssignedToMe), 2);
        QCOMPARE(changed.count(), announced);
        verifyQueueCountsMatchTheRows();
    }

    void shouldKeepQueueCountsExactAcrossEditsAndTicks()
    {
        QSignalSpy changed(m_queues.get(), &QAbstractItemModel::dataChanged);
        // When a P2 arrives unassigned (first response due in 1 h: breaching within the hour at once)
        QVERIFY(m_cache->applyChanges({change(8, QStringLiteral("ticket"), ticketJson(QStringLiteral("f"), 6, QStringLiteral("Wi-Fi slow"), QStringLiteral("P2"), QStringLiteral("open"), {}, T0))}, 8).ok());
        QCOMPARE(m_queues->count(Queue::AllOpen), 5);
        QCOMPARE(m_queues->count(Queue::Unassigned), 2);
        QCOMPARE(m_queues->count(Queue::BreachingSoon), 2);
        QCOMPARE(changed.count(), 3);
        verifyQueueCountsMatchTheRows();
        // When c becomes a P1 (first response due at +15 min) and a is deleted before its breach
        QVERIFY(m_cache->updateTicket(QStringLiteral("c"), {{QStringLiteral("priority"), QStringLiteral("P1")}}).ok());
        QCOMPARE(m_queues->count(Queue::BreachingSoon), 3);
        QJsonObject del{{QStringLiteral("rev"), 9}, {QStringLiteral("entity"), QStringLiteral("ticket")}, {QStringLiteral("id"), QStringLiteral("a")},
                        {QStringLiteral("op"), QStringLiteral("delete")}, {QStringLiteral("data"), QJsonObject{{QStringLiteral("id"), QStringLiteral("a")}}}};
        QVERIFY(m_cache->applyChanges({del}, 9).ok());
        QCOMPARE(m_queues->count(Queue::BreachingSoon), 2);
        QCOMPARE(m_queues->count(Queue::AllOpen), 4);
        verifyQueueCountsMatchTheRows();
        // Then ticking past a's old deadline changes nothing; past c's new one, c is breached
        changed.clear();
        m_clock->advanceSecs(5 * 60);
        m_table->tick();
        QCOMPARE(changed.count(), 0);
        m_clock->advanceSecs(10 * 60);
        m_table->tick();
        QCOMPARE(m_queues->count(Queue::BreachingSoon), 1);
        QCOMPARE(m_queues->count(Queue::Breached), 2);
        QCOMPARE(changed.count(), 2);
        verifyQueueCountsMatchTheRows();
        // When f is resolved it leaves the SLA queues and joins the week's resolved
        QVERIFY(m_cache->transitionTicket(QStringLiteral("f"), TicketStatus::Resolved).ok());
        QCOMPARE(m_queues->count(Queue::BreachingSoon), 0);
        QCOMPARE(m_queues->count(Queue::ResolvedRecently), 2);
        QCOMPARE(m_queues->count(Queue::AllOpen), 3);
        verifyQueueCountsMatchTheRows();
        // When someone else signs in, "assigned to me" follows
        m_cache->setCurrentUserId(QStringLiteral("u-2"));
        QCOMPARE(m_queues->count(Queue::AssignedToMe), 1);
        verifyQueueCountsMatchTheRows();
        // And a week later, ticking once is enough
        m_clock->advanceSecs(8 * 86400);
        m_table->tick();
        QCOMPARE(m_queues->count(Queue::ResolvedRecently), 0);
        verifyQueueCountsMatchTheRows();
    }

    void shouldShowTheCommentThread()
    {
        CommentModel comments(*m_cache);
        QAbstractItemModelTester tester(&comments, QAbstractItemModelTester::FailureReportingMode::QtTest);
        comments.setTicketId(QStringLiteral("b"));
        QCOMPARE(comments.rowCount(), 0);
        QSignalSpy inserted(&comments, &QAbstractItemModel::rowsInserted);
        QVERIFY(m_cache->addComment(QStringLiteral("b"), QStringLiteral("Checking the tunnel"), false).ok());
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(comments.rowCount(), 1);
        const QModelIndex i = comments.index(0);
        QCOMPARE(i.data(CommentModel::BodyRole).toString(), QStringLiteral("Checking the tunnel"));
        QCOMPARE(i.data(CommentModel::PublicRole).toBool(), false);
        QCOMPARE(i.data(CommentModel::PendingRole).toBool(), true);
        QCOMPARE(i.data(CommentModel::AuthorRole).toString(), QStringLiteral("Kim Minjun"));
        QVERIFY(i.data(Qt::BackgroundRole).isValid()); // internal notes are tinted
        // A comment from the server arrives
        QJsonObject c{{QStringLiteral("id"), QStringLiteral("c1")}, {QStringLiteral("ticket_id"), QStringLiteral("b")}, {QStringLiteral("author_id"), QStringLiteral("u-2")},
                      {QStringLiteral("body"), QStringLiteral("Public reply")}, {QStringLiteral("public"), true}, {QStringLiteral("version"), 1},
                      {QStringLiteral("created_at"), Json::formatTime(T0.addSecs(10))}, {QStringLiteral("updated_at"), Json::formatTime(T0.addSecs(10))}};
        QVERIFY(m_cache->applyChanges({change(10, QStringLiteral("ticket_comment"), c)}, 10).ok());
        QCOMPARE(comments.rowCount(), 2);
        QCOMPARE(comments.index(1).data(CommentModel::AuthorRole).toString(), QStringLiteral("Lee Seoyeon"));
        QVERIFY(!comments.index(1).data(Qt::BackgroundRole).isValid());
    }

private:
    // Every queue's count equals a count over all rows now.
    void verifyQueueCountsMatchTheRows()
    {
        for (int q = 0; q < TicketTableModel::QueueCount; ++q) {
            int expected = 0;
            for (int r = 0; r < m_table->rowCount(); ++r)
                expected += m_table->inQueue(r, static_cast<Queue>(q)) ? 1 : 0;
            QCOMPARE(m_queues->count(static_cast<Queue>(q)), expected);
            QCOMPARE(m_queues->index(q).data(QueueModel::CountRole).toInt(), expected);
        }
    }

    QTemporaryDir m_dir;
    int m_n = 0;
    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<LocalCache> m_cache;
    std::unique_ptr<TicketTableModel> m_table;
    std::unique_ptr<TicketFilterProxy> m_proxy;
    std::unique_ptr<QueueModel> m_queues;
    std::unique_ptr<QAbstractItemModelTester> m_tableTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
    std::unique_ptr<QAbstractItemModelTester> m_queueTester;
};

QTEST_GUILESS_MAIN(tst_TicketModels)
#include "tst_ticketmodels.moc"
