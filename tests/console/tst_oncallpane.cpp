// The On-call pane on the offscreen platform: drag across the final row to create an override, check the final
// row; reorder a layer's participants in the schedule editor and save.

#include "mainwindow.h"
#include "oncallboardmodel.h"
#include "oncalldialogs.h"
#include "oncallfixture.h"
#include "oncallpane.h"
#include "timelinemodel.h"
#include "timelineview.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLabel>
#include <QListWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Vigil;
using namespace OnCallFixture;

namespace {

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

class tst_OnCallPane final : public QObject
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

    void shouldCreateAnOverrideByDraggingAcrossTheFinalRow()
    {
        MainWindow window(*m_cache, nullptr, m_clock);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier); // the On-call tab
        OnCallPane *pane = window.onCallPane();
        QVERIFY(pane->isVisible());
        pane->setViewerZone(QTimeZone("Asia/Seoul"));
        pane->setScheduleId(QStringLiteral("seoul"));
        pane->setZoom(OnCallPane::Zoom::Day);
        pane->showDay(QDate(2026, 11, 26)); // Thu 26 Nov, 00:00–24:00 KST = 25 15:00Z – 26 15:00Z
        TimelineView *view = pane->timelineView();
        TimelineModel *model = pane->timelineModel();
        QCOMPARE(model->from(), utc(25, 15));
        QCOMPARE(model->to(), utc(26, 15));
        const int y = view->bandCenterY(model->finalRow());
        // Drag from 02:00 to 05:00 KST (17:00Z–20:00Z), which kim has; lee takes it in the dialog.
        const QPoint from(view->xOf(utc(25, 17)) + 1, y);
        const QPoint to(view->xOf(utc(25, 20)) + 1, y);
        QString shownStart;
        whenDialogOpens<OverrideDialog>([&](OverrideDialog *dialog) {
            shownStart = dialog->findChildren<QDateTimeEdit *>().at(0)->text();
            dialog->setUserId(QStringLiteral("lee"));
            dialog->accept();
        });
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(view->viewport(), QPoint((from.x() + to.x()) / 2, y));
        QTest::mouseMove(view->viewport(), to);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, to);
        // The dialog showed the dragged start in the viewer's zone
        QCOMPARE(shownStart, QStringLiteral("2026-11-26 02:00"));
        // The final row now has lee over exactly that stretch, between kim's
        const QModelIndex finalBand = model->index(model->finalRow(), 0);
        QStringList segments;
        for (int i = 0; i < model->rowCount(finalBand); ++i) {
            const QModelIndex s = model->index(i, 0, finalBand);
            segments.append(QStringLiteral("%1 %2–%3").arg(s.data(TimelineModel::UserIdRole).toString(),
                                                          s.data(TimelineModel::StartRole).toDateTime().toString(Qt::ISODate),
                                                          s.data(TimelineModel::EndRole).toDateTime().toString(Qt::ISODate)));
        }
        QCOMPARE(segments, QStringList({QStringLiteral("kim 2026-11-25T15:00:00Z–2026-11-25T17:00:00Z"),
                                        QStringLiteral("lee 2026-11-25T17:00:00Z–2026-11-25T20:00:00Z"),
                                        QStringLiteral("kim 2026-11-25T20:00:00Z–2026-11-26T00:00:00Z"),
                                        QStringLiteral("park 2026-11-26T00:00:00Z–2026-11-26T09:00:00Z"),
                                        QStringLiteral("lee 2026-11-26T09:00:00Z–2026-11-26T15:00:00Z")}));
        // It waits in the outbox for the server, and the status bar says what happened
        const auto next = m_cache->nextCommand();
        QVERIFY(next.has_value());
        QCOMPARE(next->kind, OutboxCommand::Kind::AddOverride);
        QCOMPARE(next->body.value(QStringLiteral("user_id")).toString(), QStringLiteral("lee"));
        QCOMPARE(next->body.value(QStringLiteral("start")).toString(), QStringLiteral("2026-11-25T17:00:00.000Z"));
        QCOMPARE(next->body.value(QStringLiteral("end")).toString(), QStringLiteral("2026-11-25T20:00:00.000Z"));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Lee Seoyeon")));
    }

    void overrideDialogShouldExplainAnOverlapAndStayOpen()
    {
        OverrideDialog dialog(*m_cache, QStringLiteral("seoul"), QTimeZone("Asia/Seoul"), utc(25, 13), utc(25, 16));
        dialog.setUserId(QStringLiteral("choi")); // choi already covers 12:00–14:00Z
        dialog.show();
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        bool explained = false;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            explained = explained || (label->isVisible() && label->text().contains(QStringLiteral("Choi Yuna already has an override")));
        QVERIFY(explained);
        QCOMPARE(m_cache->pendingCount(), 0);
    }

    void scheduleEditorShouldSaveReorderedParticipants()
    {
        ScheduleEditorDialog dialog(*m_cache, *m_cache->schedule(QStringLiteral("seoul")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // Layer 1 (around the clock): kim, lee → lee, kim, as a drag in the list would do
        dialog.layerList()->setCurrentRow(0);
        QListWidget *people = dialog.participantList();
        QCOMPARE(people->count(), 2);
        QCOMPARE(people->item(0)->text(), QStringLiteral("Kim Minjun"));
        QVERIFY(people->model()->moveRow(QModelIndex(), 1, QModelIndex(), 0));
        QCOMPARE(people->item(0)->text(), QStringLiteral("Lee Seoyeon"));
        // Switching layers keeps the edit
        dialog.layerList()->setCurrentRow(1);
        dialog.layerList()->setCurrentRow(0);
        QCOMPARE(dialog.participantList()->item(0)->data(Qt::UserRole).toString(), QStringLiteral("lee"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const auto shown = m_cache->schedule(QStringLiteral("seoul"));
        QCOMPARE(shown->layers.at(0).participants, QStringList({QStringLiteral("lee"), QStringLiteral("kim")}));
        QCOMPARE(shown->layers.at(1).restrictions.size(), 1); // untouched layer kept as it was
        QCOMPARE(shown->overrides.size(), 1);
        const auto next = m_cache->nextCommand();
        QCOMPARE(next->kind, OutboxCommand::Kind::SaveSchedule);
        QCOMPARE(next->baseVersion, 3);
    }

    void scheduleEditorShouldNameWhatToFix()
    {
        ScheduleEditorDialog dialog(*m_cache, *m_cache->schedule(QStringLiteral("seoul")));
        dialog.show();
        dialog.layerList()->setCurrentRow(1);
        dialog.participantList()->clear();
        dialog.accept();
        QVERIFY(dialog.isVisible());
        bool explained = false;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            explained = explained || (label->isVisible() && label->text() == QStringLiteral("Layer 2 needs at least one participant."));
        QVERIFY(explained);
        QCOMPARE(m_cache->pendingCount(), 0);
    }

    void boardRowShouldChooseTheTimelineSchedule()
    {
        OnCallPane pane(*m_cache, m_clock);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QCOMPARE(pane.board()->model()->rowCount(), 1);
        QCOMPARE(pane.scheduleId(), QStringLiteral("seoul"));
        QCOMPARE(pane.timelineModel()->rowCount(), 4);
        // Keyboard on the timeline: Down from the first band's first segment reaches the next band at the same time
        pane.timelineView()->setFocus();
        pane.timelineView()->setCurrentIndex(pane.timelineModel()->index(0, 0, pane.timelineModel()->index(0, 0)));
        QTest::keyClick(pane.timelineView(), Qt::Key_Down);
        QCOMPARE(pane.timelineView()->currentIndex().parent().row(), 1);
    }

private:
    QTemporaryDir m_dir;
    FakeClock m_clock{utc(25, 10)};
    std::unique_ptr<LocalCache> m_cache;
    int m_n = 0;
};

QTEST_MAIN(tst_OnCallPane)
#include "tst_oncallpane.moc"
