#include "tickets/workflow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Vigil;

class tst_Workflow final : public QObject
{
    Q_OBJECT
private slots:
    void shouldAllowOnlyWorkflowMoves_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("allowed");
        QTest::addRow("open-start") << "open" << "in_progress" << true;
        QTest::addRow("open-wait") << "open" << "waiting_for_customer" << true;
        QTest::addRow("open-resolve") << "open" << "resolved" << true;
        QTest::addRow("open-close") << "open" << "closed" << true;
        QTest::addRow("open-open") << "open" << "open" << false;
        QTest::addRow("progress-back") << "in_progress" << "open" << true;
        QTest::addRow("progress-close") << "in_progress" << "closed" << false;
        QTest::addRow("wait-resume") << "waiting_for_customer" << "in_progress" << true;
        QTest::addRow("wait-open") << "waiting_for_customer" << "open" << false;
        QTest::addRow("resolved-close") << "resolved" << "closed" << true;
        QTest::addRow("resolved-reopen") << "resolved" << "open" << true;
        QTest::addRow("resolved-progress") << "resolved" << "in_progress" << false;
        QTest::addRow("closed-reopen") << "closed" << "open" << true;
        QTest::addRow("closed-resolve") << "closed" << "resolved" << false;
    }
    void shouldAllowOnlyWorkflowMoves()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(bool, allowed);
        QCOMPARE(Workflow::isAllowed(*ticketStatusFromString(from), *ticketStatusFromString(to)), allowed);
    }

    void shouldRecordHistoryAndResolvedAt()
    {
        Ticket t;
        const QDateTime t0(QDate(2026, 11, 2), QTime(1, 0), Qt::UTC);
        t.createdAt = t0;
        t.statusHistory = {{TicketStatus::Open, t0}};
        QVERIFY(Workflow::transition(t, TicketStatus::Resolved, t0.addSecs(60)).ok());
        QCOMPARE(t.resolvedAt, t0.addSecs(60));
        QVERIFY(Workflow::transition(t, TicketStatus::Closed, t0.addSecs(120)).ok());
        QCOMPARE(t.resolvedAt, t0.addSecs(60)); // closing a resolved ticket keeps the resolution time
        QVERIFY(Workflow::transition(t, TicketStatus::Open, t0.addSecs(180)).ok());
        QVERIFY(!t.resolvedAt.isValid());
        QCOMPARE(t.statusHistory.size(), 4);
        QCOMPARE(t.statusHistory.last(), (StatusChange{TicketStatus::Open, t0.addSecs(180)}));
    }

    void shouldListAllowedMovesInTheError()
    {
        Ticket t;
        t.status = TicketStatus::WaitingForCustomer;
        const Status s = Workflow::transition(t, TicketStatus::Closed, QDateTime::fromSecsSinceEpoch(0, Qt::UTC));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("invalid_transition"));
        QCOMPARE(s.error().field, QStringLiteral("to"));
        QCOMPARE(s.error().extra.value(QStringLiteral("allowed")).toArray(),
                 (QJsonArray{QStringLiteral("in_progress"), QStringLiteral("resolved")}));
        QCOMPARE(int(t.status), int(TicketStatus::WaitingForCustomer)); // unchanged
        QVERIFY(t.statusHistory.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_Workflow)
#include "tst_workflow.moc"
