// The main window on the offscreen platform: pick a queue, type a search, check what the table shows.

#include "consolefixture.h"

#include "common/json.h"
#include "dialogs.h"
#include "mainwindow.h"
#include "sync/localcache.h"
#include "ticketdetailpane.h"
#include "ticketspane.h"
#include "tickettablemodel.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Vigil;
using ConsoleFixture::change;

namespace {
const QDateTime T0 = QDateTime(QDate(2026, 11, 25), QTime(9, 0), QTimeZone::utc());

QJsonObject ticket(const QString &id, int n, const QString &summary, const QString &assignee)
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("key"), QStringLiteral("SD-%1").arg(n)}, {QStringLiteral("version"), 1},
            {QStringLiteral("created_at"), Json::formatTime(T0.addSecs(-n * 60))}, {QStringLiteral("updated_at"), Json::formatTime(T0.addSecs(-n * 60))},
            {QStringLiteral("summary"), summary}, {QStringLiteral("type"), QStringLiteral("incident")}, {QStringLiteral("priority"), QStringLiteral("P2")},
            {QStringLiteral("status"), QStringLiteral("open")}, {QStringLiteral("requester_name"), QStringLiteral("Park Jiwoo")},
            {QStringLiteral("assignee_id"), assignee.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(assignee)}};
}

} // namespace

class tst_MainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shouldFilterTheTableByQueueAndSearch()
    {
        QTemporaryDir dir;
        FakeClock clock(T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(dir.filePath(QStringLiteral("c.sqlite"))).ok());
        QVERIFY(cache.applyChanges({change(1, QStringLiteral("user"), {{QStringLiteral("id"), QStringLiteral("me")}, {QStringLiteral("name"), QStringLiteral("Kim Minjun")}}),
                                    change(2, QStringLiteral("ticket"), ticket(QStringLiteral("a"), 1, QStringLiteral("VPN drops every 10 minutes"), {})),
                                    change(3, QStringLiteral("ticket"), ticket(QStringLiteral("b"), 2, QStringLiteral("VPN certificate expired"), QStringLiteral("me"))),
                                    change(4, QStringLiteral("ticket"), ticket(QStringLiteral("c"), 3, QStringLiteral("New laptop for Jisoo"), {}))},
                                   4).ok());
        cache.setCurrentUserId(QStringLiteral("me"));
        MainWindow window(cache, nullptr, clock);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TicketsPane *pane = window.ticketsPane();
        QTableView *table = pane->tableView();
        QCOMPARE(table->model()->rowCount(), 3);

        // When I pick "Unassigned" in the sidebar
        QListView *queues = pane->queueView();
        QCOMPARE(queues->model()->index(1, 0).data().toString(), QStringLiteral("Unassigned (2)"));
        const QRect r = queues->visualRect(queues->model()->index(1, 0));
        QTest::mouseClick(queues->viewport(), Qt::LeftButton, {}, r.center());
        QCOMPARE(table->model()->rowCount(), 2);

        // And type a search
        pane->searchField()->setFocus();
        QTest::keyClicks(pane->searchField(), QStringLiteral("vpn"));
        // Then the table shows the one unassigned VPN ticket
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, TicketTableModel::KeyColumn).data().toString(), QStringLiteral("SD-1"));
        QCOMPARE(table->model()->index(0, TicketTableModel::SummaryColumn).data().toString(), QStringLiteral("VPN drops every 10 minutes"));

        // When I open it and write an internal note, the thread and the status bar show it at once
        table->setCurrentIndex(table->model()->index(0, 0));
        QCOMPARE(pane->detailPane()->ticketId(), QStringLiteral("a"));
        QVERIFY(cache.addComment(QStringLiteral("a"), QStringLiteral("Looking at the tunnel logs"), false).ok());
        const auto labels = window.statusBar()->findChildren<QLabel *>();
        bool pendingShown = false;
        bool offlineShown = false;
        for (auto *l : labels) {
            pendingShown = pendingShown || l->text() == QStringLiteral("1 change(s) waiting to be sent");
            offlineShown = offlineShown || l->text().contains(QStringLiteral("Offline"));
        }
        QVERIFY(pendingShown);
        QVERIFY(offlineShown);
    }

    void shouldSayWhatTheConnectionDialogMisses()
    {
        ConnectionDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *connect = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        const auto hintText = [&dialog] {
            for (auto *l : dialog.findChildren<QLabel *>()) {
                if (l->isVisible() && l->text().startsWith(QLatin1String("Enter")))
                    return l->text();
            }
            return QString();
        };
        auto edits = dialog.findChildren<QLineEdit *>();
        QCOMPARE(edits.size(), 2);
        // Given a server address without a scheme
        edits.at(0)->setText(QStringLiteral("127.0.0.1:8080"));
        QVERIFY(!connect->isEnabled());
        QVERIFY(hintText().contains(QLatin1String("http://")));
        // When the address is right but no token is given
        edits.at(0)->setText(QStringLiteral("http://127.0.0.1:8080"));
        QVERIFY(!connect->isEnabled());
        QVERIFY(hintText().contains(QLatin1String("token")));
        // Then a token enables Connect and the hint goes away
        QTest::keyClicks(edits.at(1), QStringLiteral("vgl_abc"));
        QVERIFY(connect->isEnabled());
        QVERIFY(hintText().isEmpty());
        QCOMPARE(dialog.server(), QStringLiteral("http://127.0.0.1:8080"));
        QCOMPARE(dialog.token(), QStringLiteral("vgl_abc"));
    }

    void shouldShowConflictsInUserTerms()
    {
        SyncConflict c;
        c.seq = 7;
        c.ticketId = QStringLiteral("a");
        c.fields = {QStringLiteral("priority"), QStringLiteral("assignee_id")};
        c.mine = {{QStringLiteral("key"), QStringLiteral("SD-1")}, {QStringLiteral("priority"), QStringLiteral("P1")},
                  {QStringLiteral("assignee_id"), QStringLiteral("u1")}};
        c.theirs = {{QStringLiteral("key"), QStringLiteral("SD-1")}, {QStringLiteral("priority"), QStringLiteral("P4")},
                    {QStringLiteral("assignee_id"), QJsonValue::Null}};
        QStringList asked;
        ConflictDialog dialog(c, [&](const QString &field, const QJsonValue &value) {
            asked.append(field);
            if (value.isNull())
                return QStringLiteral("nobody");
            return field == u"assignee_id" ? QStringLiteral("Kim Minjun") : value.toString();
        });
        QStringList texts;
        for (auto *l : dialog.findChildren<QLabel *>())
            texts.append(l->text());
        // Field names are translated labels, values come from the describer, never raw ids
        QVERIFY(texts.contains(QStringLiteral("Priority")));
        QVERIFY(texts.contains(QStringLiteral("Assignee")));
        QVERIFY(texts.contains(QStringLiteral("Kim Minjun")));
        QVERIFY(texts.contains(QStringLiteral("nobody")));
        QVERIFY(texts.contains(QStringLiteral("P1")) && texts.contains(QStringLiteral("P4")));
        QVERIFY(!texts.contains(QStringLiteral("u1")));
        QVERIFY(!texts.contains(QStringLiteral("assignee_id")));
        QCOMPARE(asked.size(), 4);
        QVERIFY(texts.filter(QStringLiteral("SD-1")).size() == 1);
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
