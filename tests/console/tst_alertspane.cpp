// The Alerts pane on the offscreen platform: select alerts in the list and press A (one, then two at once); the
// toast of a new P1 alert for my team, acknowledged from its button; S snoozes through the dialog.

#include "alertdialogs.h"
#include "alertfilterproxy.h"
#include "alertfixture.h"
#include "alertspane.h"
#include "alerttablemodel.h"
#include "alerttoast.h"
#include "mainwindow.h"
#include "oncallboardmodel.h"
#include "oncallfixture.h"
#include "wallboard.h"

#include <QApplication>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Vigil;
using namespace AlertFixture;

namespace {

QModelIndex rowOf(const QAbstractItemModel &m, const QString &id)
{
    for (int r = 0; r < m.rowCount(); ++r) {
        if (m.index(r, 0).data(AlertTableModel::IdRole).toString() == id)
            return m.index(r, 0);
    }
    return {};
}

/// Clicks the row of `index` in the table, as the user does (with Ctrl: adds it to the selection).
void clickRow(QTableView *table, const QModelIndex &index, Qt::KeyboardModifiers modifiers = {})
{
    const QRect r = table->visualRect(index.siblingAtColumn(AlertTableModel::MessageColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, modifiers, r.center());
}

QList<OutboxCommand> commands(LocalCache &cache, OutboxCommand::Kind kind)
{
    QList<OutboxCommand> out;
    for (const auto &c : cache.pendingCommands()) {
        if (c.kind == kind)
            out.append(c);
    }
    return out;
}

/// Runs `work` on the next modal dialog of type T as soon as it is shown (looks for 2 s, then gives up).
template<typename T, typename F>
void whenDialogOpens(F work, int attempts = 200)
{
    QTimer::singleShot(10, qApp, [work, attempts] {
        auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        if (!dialog) {
            if (attempts > 0)
                whenDialogOpens<T>(work, attempts - 1);
            return;
        }
        work(dialog);
    });
}

} // namespace

class tst_AlertsPane final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_clock.set(T0);
        m_cache = std::make_unique<LocalCache>(m_clock);
        QVERIFY(m_cache->open(m_dir.filePath(QStringLiteral("c%1.sqlite").arg(++m_n))).ok());
        QVERIFY(seed(*m_cache));
        m_window = std::make_unique<MainWindow>(*m_cache, nullptr, m_clock);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_3, Qt::ControlModifier); // the Alerts tab
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->alertsPane());
    }

    void cleanup()
    {
        m_window.reset();
        m_cache.reset();
    }

    void shouldAcknowledgeTheSelectedAlertWithA()
    {
        AlertsPane *pane = m_window->alertsPane();
        QTableView *table = pane->tableView();
        // Every active alert, P1 first
        QCOMPARE(table->model()->rowCount(), 4);
        QCOMPARE(table->model()->index(0, 0).data(AlertTableModel::IdRole).toString(), QStringLiteral("a1"));
        // Given a3 is selected
        const QModelIndex a3 = rowOf(*table->model(), QStringLiteral("a3"));
        QVERIFY(a3.isValid());
        clickRow(table, a3);
        QCOMPARE(pane->detailView()->alertId(), QStringLiteral("a3"));
        QCOMPARE(pane->detailView()->detailsTable()->rowCount(), 2); // instance, labels.severity
        QCOMPARE(pane->detailView()->detailsTable()->item(1, 0)->text(), QStringLiteral("labels.severity"));
        // When A is pressed
        QTest::keyClick(table, Qt::Key_A);
        // Then one acknowledge for a3 waits in the outbox, and its row shows Acknowledged
        const auto acks = commands(*m_cache, OutboxCommand::Kind::AcknowledgeAlert);
        QCOMPARE(acks.size(), 1);
        QCOMPARE(acks.at(0).entityId, QStringLiteral("a3"));
        const QModelIndex row = rowOf(*table->model(), QStringLiteral("a3"));
        QCOMPARE(row.siblingAtColumn(AlertTableModel::StatusColumn).data().toString(), QStringLiteral("Acknowledged"));
        QVERIFY(row.data(AlertTableModel::PendingRole).toBool());
        // (no translator is loaded in tests: the status bar shows the source text)
        QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Acknowledged 1 alert(s)."));
        // Typing an "a" in the search field acknowledges nothing
        pane->searchField()->setFocus();
        QTest::keyClicks(pane->searchField(), QStringLiteral("a"));
        QCOMPARE(commands(*m_cache, OutboxCommand::Kind::AcknowledgeAlert).size(), 1);
    }

    void shouldAcknowledgeEverySelectedAlertWithA()
    {
        AlertsPane *pane = m_window->alertsPane();
        QTableView *table = pane->tableView();
        // Given a1 and a5 are selected (a2 between them is acknowledged already, and not selected)
        const QModelIndex a1 = rowOf(*table->model(), QStringLiteral("a1"));
        const QModelIndex a5 = rowOf(*table->model(), QStringLiteral("a5"));
        clickRow(table, a1);
        clickRow(table, a5, Qt::ControlModifier);
        QCOMPARE(pane->selectedAlertIds().size(), 2);
        // When A is pressed
        QTest::keyClick(table, Qt::Key_A);
        // Then two acknowledges wait, one per alert, and both rows show it
        QStringList acknowledged;
        for (const auto &c : commands(*m_cache, OutboxCommand::Kind::AcknowledgeAlert))
            acknowledged.append(c.entityId);
        acknowledged.sort();
        QCOMPARE(acknowledged, QStringList({QStringLiteral("a1"), QStringLiteral("a5")}));
        for (const char *id : {"a1", "a5"})
            QCOMPARE(rowOf(*table->model(), QString::fromUtf8(id)).siblingAtColumn(AlertTableModel::StatusColumn)
                         .data().toString(),
                     QStringLiteral("Acknowledged"));
        QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Acknowledged 2 alert(s)."));
    }

    void shouldSnoozeWithSAndTheQuickChoices()
    {
        QTableView *table = m_window->alertsPane()->tableView();
        clickRow(table, rowOf(*table->model(), QStringLiteral("a5")));
        whenDialogOpens<SnoozeDialog>([](SnoozeDialog *dialog) { dialog->snoozeFor(3600); });
        QTest::keyClick(table, Qt::Key_S);
        const auto snoozes = commands(*m_cache, OutboxCommand::Kind::SnoozeAlert);
        QCOMPARE(snoozes.size(), 1);
        QCOMPARE(snoozes.at(0).entityId, QStringLiteral("a5"));
        QCOMPARE(snoozes.at(0).body.value(QStringLiteral("until")).toString(), QStringLiteral("2026-11-25T10:00:00.000Z"));
        QCOMPARE(rowOf(*table->model(), QStringLiteral("a5")).siblingAtColumn(AlertTableModel::StatusColumn)
                     .data().toString(),
                 QStringLiteral("Open, snoozed until 10:00"));
    }

    void shouldFilterByStatusAndSearch()
    {
        AlertsPane *pane = m_window->alertsPane();
        pane->statusFilter()->setCurrentIndex(3); // Closed
        QCOMPARE(pane->tableView()->model()->rowCount(), 1);
        pane->statusFilter()->setCurrentIndex(0);
        QTest::keyClicks(pane->searchField(), QStringLiteral("db-0"));
        QCOMPARE(pane->tableView()->model()->rowCount(), 2);
    }

    void shouldToastANewP1AlertForMyTeamAndAcknowledgeIt()
    {
        AlertToast *toast = m_window->alertToast();
        QVERIFY(!toast->isVisible()); // the alerts already cached are not news
        // A new P3 for my team, and a P1 for another team, are not news either
        QVERIFY(m_cache->applyChanges({change(100, QStringLiteral("alert"),
                                              alertJson({"b1", "P3", "Slow queries", "svc-db", "dba", "open", 1, -10,
                                                         "", "pol", 0, -1, 60})),
                                       change(101, QStringLiteral("alert"),
                                              alertJson({"b2", "P1", "Core switch down", "svc-net", "net", "open", 1,
                                                         -10, "", "pol", 0, -1, 60}))},
                                      101).ok());
        QVERIFY(!toast->isVisible());
        // When a new P1 opens for my team
        QVERIFY(m_cache->applyChanges({change(102, QStringLiteral("alert"),
                                              alertJson({"b3", "P1", "Primary database down", "svc-db", "dba", "open",
                                                         1, -5, "", "pol", 0, -1, 60}))},
                                      102).ok());
        // Then the toast shows it at the bottom right of the window
        QVERIFY(toast->isVisible());
        QCOMPARE(toast->alertId(), QStringLiteral("b3"));
        const QRect geometry = toast->geometry();
        QVERIFY(geometry.right() > m_window->width() - 40);
        QVERIFY(geometry.bottom() > m_window->height() - 100);
        QVERIFY(geometry.left() > m_window->width() / 2);
        // And its Acknowledge button acknowledges it
        QTest::mouseClick(toast->acknowledgeButton(), Qt::LeftButton);
        QVERIFY(!toast->isVisible());
        const auto acks = commands(*m_cache, OutboxCommand::Kind::AcknowledgeAlert);
        QCOMPARE(acks.size(), 1);
        QCOMPARE(acks.at(0).entityId, QStringLiteral("b3"));
        QCOMPARE(toString(m_cache->alert(QStringLiteral("b3"))->status), QStringLiteral("acknowledged"));
        // A P2 where I am paged a moment after it opened is news too; Show opens it in the list
        QVERIFY(m_cache->applyChanges({change(103, QStringLiteral("alert"),
                                              alertJson({"b4", "P2", "Queue backlog", "svc-net", "net", "open", 1, -5,
                                                         "", "pol", 0, 0, 60}))},
                                      103).ok());
        QVERIFY(!toast->isVisible());
        QVERIFY(m_cache->applyChanges({change(104, QStringLiteral("alert_log"),
                                              logJson("p4", "b4", -4, "notified", "", QStringLiteral("Paged"),
                                                      {{QStringLiteral("user_id"), QStringLiteral("kim")},
                                                       {QStringLiteral("channel"), QStringLiteral("console")}}))},
                                      104).ok());
        QVERIFY(toast->isVisible());
        QCOMPARE(toast->alertId(), QStringLiteral("b4"));
        m_window->tabs()->setCurrentIndex(0);
        QTest::mouseClick(toast->showButton(), Qt::LeftButton);
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->alertsPane());
        QCOMPARE(m_window->alertsPane()->detailView()->alertId(), QStringLiteral("b4"));
    }

    void shouldOpenTheWallboardWithF11AndLeaveItWithEsc()
    {
        // Given the DB on-call schedule of the Database team (kim on call at T0, see oncallfixture.h)
        QVERIFY(m_cache->applyChanges({OnCallFixture::change(200, QStringLiteral("schedule"), OnCallFixture::schedule(3))},
                                      200).ok());
        // When F11 is pressed
        QTest::keyClick(m_window.get(), Qt::Key_F11);
        Wallboard *wall = m_window->wallboard();
        QVERIFY(wall);
        QVERIFY(QTest::qWaitForWindowExposed(wall));
        QVERIFY(wall->isFullScreen());
        // Then it lists the active alerts P1 first, counts them per priority, and shows who is on call now
        QAbstractItemModel *alerts = wall->alertsView()->model();
        QStringList shown;
        for (int r = 0; r < alerts->rowCount(); ++r)
            shown << alerts->index(r, AlertTableModel::MessageColumn).data().toString();
        QCOMPARE(shown, QStringList({QStringLiteral("Disk full on db-01"), QStringLiteral("Replication lag on db-02"),
                                     QStringLiteral("Packet loss on core-sw-1"), QStringLiteral("VPN sessions at 90%")}));
        QVERIFY(wall->alertsView()->font().pointSize() >= 20);
        QVERIFY(wall->summary()->text().contains(QStringLiteral("P1</span>&nbsp;1")));
        QAbstractItemModel *board = wall->onCallView()->model();
        QCOMPARE(board->rowCount(), 1);
        QCOMPARE(board->index(0, OnCallBoardModel::ScheduleColumn).data().toString(), QStringLiteral("DB on-call"));
        QCOMPARE(board->index(0, OnCallBoardModel::OnCallColumn).data().toString(), QStringLiteral("Kim Minjun"));
        // And it is live: an alert closed in the console leaves it
        QVERIFY(m_cache->closeAlert(QStringLiteral("a5")).ok());
        QCOMPARE(alerts->rowCount(), 3);
        // When Esc is pressed, it closes
        QTest::keyClick(wall, Qt::Key_Escape);
        QTRY_VERIFY(!m_window->wallboard());
    }

private:
    FakeClock m_clock{T0};
    QTemporaryDir m_dir;
    std::unique_ptr<LocalCache> m_cache;
    std::unique_ptr<MainWindow> m_window;
    int m_n = 0;
};

QTEST_MAIN(tst_AlertsPane)
#include "tst_alertspane.moc"
