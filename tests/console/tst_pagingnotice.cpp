// What a new page does besides the toast, on the offscreen platform (no tray, no audio device): the chime and its
// setting (Settings → Sound for new pages, kept with QSettings), and the tray state (online, offline, paging until the
// page is acknowledged). The tray icon itself, on a real tray, is checked in tst_traynotice.
#include "alertfixture.h"
#include "alerttoast.h"
#include "mainwindow.h"
#include "pagingsound.h"
#include "traystatus.h"

#include "common/clock.h"

#include <QAction>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Vigil;
using namespace AlertFixture;

namespace {

/// Counts the chimes it was asked for, instead of playing them.
class FakeChime final : public ChimePlayer
{
public:
    explicit FakeChime(int &plays) : m_plays(plays) { }
    void play() override { ++m_plays; }

private:
    int &m_plays;
};

bool storedSetting()
{
    return QSettings().value(PagingSound::SettingsKey, true).toBool();
}

} // namespace

class tst_PagingNotice final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Settings go to a throw-away test location, never to the user's own.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("VigilTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_pagingnotice"));
    }

    void init()
    {
        QSettings().remove(PagingSound::SettingsKey);
        m_plays = 0;
        m_clock.set(T0);
        m_cache = std::make_unique<LocalCache>(m_clock);
        QVERIFY(m_cache->open(m_dir.filePath(QStringLiteral("c%1.sqlite").arg(++m_n))).ok());
        QVERIFY(seed(*m_cache));
    }

    void cleanup()
    {
        m_window.reset();
        m_cache.reset();
    }

    void shouldChimeByDefaultAndRememberTheChoice()
    {
        // Given no stored choice
        PagingSound sound;
        QVERIFY(sound.isEnabled());
        QSignalSpy changed(&sound, &PagingSound::enabledChanged);
        // When it is turned off
        sound.setEnabled(false);
        // Then the choice is stored at once, and a later console starts with it
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toBool(), false);
        QCOMPARE(storedSetting(), false);
        QVERIFY(!PagingSound().isEnabled());
        // And setting the same value again changes nothing
        sound.setEnabled(false);
        QCOMPARE(changed.count(), 1);
        sound.setEnabled(true);
        QCOMPARE(storedSetting(), true);
        QVERIFY(PagingSound().isEnabled());
    }

    void shouldChimeForP1AndP2WhileOn_data()
    {
        QTest::addColumn<Priority>("priority");
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<bool>("chimes");
        QTest::addRow("p1-on") << Priority::P1 << true << true;
        QTest::addRow("p2-on") << Priority::P2 << true << true;
        QTest::addRow("p3-on") << Priority::P3 << true << false;
        QTest::addRow("p5-on") << Priority::P5 << true << false;
        QTest::addRow("p1-off") << Priority::P1 << false << false;
        QTest::addRow("p2-off") << Priority::P2 << false << false;
    }

    void shouldChimeForP1AndP2WhileOn()
    {
        QFETCH(Priority, priority);
        QFETCH(bool, enabled);
        QFETCH(bool, chimes);
        PagingSound sound;
        sound.setPlayer(std::make_unique<FakeChime>(m_plays));
        sound.setEnabled(enabled);
        QCOMPARE(sound.pageArrived(priority), chimes);
        QCOMPARE(m_plays, chimes ? 1 : 0);
    }

    void shouldLoadTheRealChimeWithoutAnAudioDevice()
    {
        // The offscreen test machine has no sound server: the chime must neither crash nor block the console.
        SoundEffectChime chime;
        chime.play();
        chime.play();
    }

    void shouldChimeForANewPageUnlessTheSettingsActionIsOff()
    {
        // Given the console, whose Settings menu has the checked sound action
        openWindow();
        QAction *action = m_window->pageSoundAction();
        QVERIFY(action->isCheckable());
        QVERIFY(action->isChecked());
        // When a new P1 pages my team
        newAlert(100, "b1", "P1");
        // Then the toast shows it, and one chime plays
        QCOMPARE(m_window->alertToast()->alertId(), QStringLiteral("b1"));
        QCOMPARE(m_plays, 1);
        // When the user turns the sound off in the menu
        action->trigger();
        QVERIFY(!action->isChecked());
        QCOMPARE(storedSetting(), false);
        QVERIFY(!m_window->pagingSound()->isEnabled());
        // Then the next new P2 is still announced, silently
        newAlert(101, "b2", "P2");
        QCOMPARE(m_window->alertToast()->alertId(), QStringLiteral("b2"));
        QCOMPARE(m_plays, 1);
        // And a console opened later starts with the sound off
        m_window.reset();
        m_plays = 0;
        openWindow();
        QVERIFY(!m_window->pageSoundAction()->isChecked());
        newAlert(102, "b3", "P1");
        QCOMPARE(m_window->alertToast()->alertId(), QStringLiteral("b3"));
        QCOMPARE(m_plays, 0);
    }

    void shouldShowPagingInTheTrayUntilThePageIsAcknowledged()
    {
        openWindow();
        TrayStatus *tray = m_window->trayStatus();
        // Without a server the console is offline; the alerts known at start are not pages
        QCOMPARE(tray->state(), TrayStatus::State::Offline);
        QCOMPARE(tray->toolTip(), QStringLiteral("Vigil — offline"));
        QSignalSpy changed(tray, &TrayStatus::changed);
        // When a new P1 pages my team
        newAlert(100, "b1", "P1");
        // Then the tray shows paging
        QCOMPARE(changed.count(), 1);
        QCOMPARE(tray->state(), TrayStatus::State::Paging);
        // (the tests load no translation: the English catalogue says "1 unacknowledged page")
        QCOMPARE(tray->toolTip(), QStringLiteral("Vigil — 1 unacknowledged page(s)"));
        // And a second page counts
        newAlert(101, "b2", "P2");
        QCOMPARE(changed.count(), 2);
        QCOMPARE(tray->toolTip(), QStringLiteral("Vigil — 2 unacknowledged page(s)"));
        // When the user acknowledges the newer one from the toast (a local command: works offline too)
        QCOMPARE(m_window->alertToast()->alertId(), QStringLiteral("b2"));
        QTest::mouseClick(m_window->alertToast()->acknowledgeButton(), Qt::LeftButton);
        QCOMPARE(changed.count(), 3);
        QCOMPARE(tray->activePages(), QSet<QString>{QStringLiteral("b1")});
        // And someone else closes the other
        closeAlert(102, "b1");
        // Then the tray is back to the connection state
        QCOMPARE(changed.count(), 4);
        QCOMPARE(tray->state(), TrayStatus::State::Offline);
        QVERIFY(tray->activePages().isEmpty());
    }

    void shouldLetAPageOutrankTheConnectionState()
    {
        TrayStatus tray(*m_cache);
        QSignalSpy changed(&tray, &TrayStatus::changed);
        tray.setOnline(true);
        QCOMPARE(tray.state(), TrayStatus::State::Online);
        QCOMPARE(tray.toolTip(), QStringLiteral("Vigil — online"));
        QCOMPARE(changed.count(), 1);
        // An alert someone already acknowledged (a2), or one not in the cache, is no page
        tray.pageAnnounced(QStringLiteral("a2"));
        tray.pageAnnounced(QStringLiteral("nope"));
        QCOMPARE(tray.state(), TrayStatus::State::Online);
        QCOMPARE(changed.count(), 1);
        // A page shows whether the console is online or not
        newAlert(100, "b1", "P1");
        tray.pageAnnounced(QStringLiteral("b1"));
        QCOMPARE(tray.state(), TrayStatus::State::Paging);
        tray.setOnline(false);
        QCOMPARE(tray.state(), TrayStatus::State::Paging);
        QCOMPARE(changed.count(), 2); // the picture did not change when the connection dropped
        closeAlert(101, "b1");
        QCOMPARE(tray.state(), TrayStatus::State::Offline);
        QCOMPARE(changed.count(), 3);
    }

    void shouldHaveAnIconForEveryStateAndTheWindow()
    {
        for (const auto state : {TrayStatus::State::Online, TrayStatus::State::Offline, TrayStatus::State::Paging}) {
            const QIcon icon = TrayStatus::icon(state);
            QCOMPARE(icon.availableSizes(),
                     (QList<QSize>{QSize(16, 16), QSize(22, 22), QSize(32, 32), QSize(64, 64)}));
            QVERIFY(!icon.pixmap(22).isNull());
        }
        // The three states look different at tray size
        const QImage online = TrayStatus::icon(TrayStatus::State::Online).pixmap(22).toImage();
        QVERIFY(online != TrayStatus::icon(TrayStatus::State::Offline).pixmap(22).toImage());
        QVERIFY(online != TrayStatus::icon(TrayStatus::State::Paging).pixmap(22).toImage());
        openWindow();
        QVERIFY(m_window->windowIcon().availableSizes().contains(QSize(256, 256)));
        QVERIFY(!m_window->windowIcon().pixmap(48).isNull());
    }

private:
    void openWindow()
    {
        m_window = std::make_unique<MainWindow>(*m_cache, nullptr, m_clock);
        m_window->pagingSound()->setPlayer(std::make_unique<FakeChime>(m_plays));
    }

    /// A new open alert of my team (dba) with this priority, opened a moment ago.
    void newAlert(qint64 revision, const char *id, const char *priority)
    {
        QVERIFY(m_cache->applyChanges({change(revision, QStringLiteral("alert"),
                                              alertJson({id, priority, "Database down", "svc-db", "dba", "open", 1, -5,
                                                         "", "pol", 0, -1, 60}))},
                                      revision)
                    .ok());
    }

    void closeAlert(qint64 revision, const char *id)
    {
        QVERIFY(m_cache->applyChanges({change(revision, QStringLiteral("alert"),
                                              alertJson({id, "P1", "Database down", "svc-db", "dba", "closed", 1, -5,
                                                         "lee", "pol", 0, -1, 60}))},
                                      revision)
                    .ok());
    }

    QTemporaryDir m_dir;
    int m_n = 0;
    int m_plays = 0;
    FakeClock m_clock{T0};
    std::unique_ptr<LocalCache> m_cache;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(tst_PagingNotice)
#include "tst_pagingnotice.moc"
