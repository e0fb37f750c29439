// The tray message of a new urgent alert, on a real X server with a real system tray: the test starts Xvfb and
// trayer (an XEmbed system tray; both installed by scripts/deps.sh test) and runs the console on the xcb platform,
// where Qt shows a tray message as a balloon by the tray icon. The toast, and which alerts are news, are tested in
// tst_alertspane on the offscreen platform, which has no tray.
#include "alertfixture.h"
#include "alertspane.h"
#include "mainwindow.h"
#include "traystatus.h"

#include "common/clock.h"

#include <QApplication>
#include <QEvent>
#include <QLabel>
#include <QProcess>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Vigil;
using namespace AlertFixture;

namespace {

/// The balloon Qt shows for QSystemTrayIcon::showMessage() where no notification service runs.
QWidget *balloon()
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (w->isVisible() && qstrcmp(w->metaObject()->className(), "QBalloonTip") == 0)
            return w;
    }
    return nullptr;
}

QStringList labelsOf(QWidget *w)
{
    QStringList out;
    for (const QLabel *l : w->findChildren<QLabel *>()) {
        if (!l->text().isEmpty())
            out.append(l->text());
    }
    return out;
}

/// Records every balloon as it is shown, in order, with its texts. Qt keeps one balloon at a time (a new message
/// replaces the one on screen), so looking at the screen alone cannot tell whether an earlier message appeared.
class BalloonRecorder final : public QObject
{
public:
    BalloonRecorder() { qApp->installEventFilter(this); }
    ~BalloonRecorder() override { qApp->removeEventFilter(this); }
    QList<QStringList> shown;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show && qstrcmp(watched->metaObject()->className(), "QBalloonTip") == 0)
            shown.append(labelsOf(static_cast<QWidget *>(watched)));
        return false;
    }
};

} // namespace

class tst_TrayNotice final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shouldRaiseATrayMessageForANewP1AlertOfMyTeamAndOpenItOnClick()
    {
        QTRY_VERIFY_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), 10000);
        QVERIFY(QSystemTrayIcon::supportsMessages());
        QTemporaryDir dir;
        FakeClock clock(T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(dir.filePath(QStringLiteral("c.sqlite"))).ok());
        QVERIFY(seed(cache));
        MainWindow window(cache, nullptr, clock);
        window.resize(1200, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *tray = window.findChild<QSystemTrayIcon *>();
        QVERIFY(tray);
        QTRY_VERIFY(tray->isVisible());
        BalloonRecorder recorder;
        // Without a server the tray shows the offline icon
        const auto looksLike = [tray](TrayStatus::State state) {
            return tray->icon().pixmap(22).toImage() == TrayStatus::icon(state).pixmap(22).toImage();
        };
        QVERIFY(looksLike(TrayStatus::State::Offline));

        // Given a new P3 for my team, which is not news
        QVERIFY(cache.applyChanges({change(100, QStringLiteral("alert"),
                                           alertJson({"b1", "P3", "Slow queries", "svc-db", "dba", "open", 1, -10, "",
                                                      "pol", 0, -1, 60}))},
                                   100).ok());

        // When a new P1 opens for my team after it
        QVERIFY(cache.applyChanges({change(101, QStringLiteral("alert"),
                                           alertJson({"b3", "P1", "Primary database down", "svc-db", "dba", "open", 1,
                                                      -5, "", "pol", 0, -1, 60}))},
                                   101).ok());
        // Then the tray shows a message naming the priority and the service, with the alert's message
        QTRY_VERIFY(balloon());
        const QStringList texts = labelsOf(balloon());
        QVERIFY2(texts.contains(QStringLiteral("New P1 alert — Database")), qPrintable(texts.join(u" | ")));
        QVERIFY2(texts.contains(QStringLiteral("Primary database down")), qPrintable(texts.join(u" | ")));
        // And it is the only message so far: the P3 came first, through the same path, and raised none. (A message
        // for it would have been shown before this one, so waiting for the P1's proves the P3's absence.)
        QStringList shown;
        for (const QStringList &balloonTexts : std::as_const(recorder.shown))
            shown.append(balloonTexts.join(u" | "));
        QVERIFY2(recorder.shown.size() == 1, qPrintable(shown.join(u" ; ")));
        QCOMPARE(recorder.shown.constFirst(), texts);
        // And its icon says that a page waits
        QVERIFY(looksLike(TrayStatus::State::Paging));
        QVERIFY(!looksLike(TrayStatus::State::Offline));

        // And clicking it opens the alert in the Alerts pane, wherever the console was
        window.tabs()->setCurrentIndex(0);
        QWidget *tip = balloon();
        QTest::mouseClick(tip, Qt::LeftButton, {}, QPoint(tip->width() / 2, tip->height() / 2));
        QTRY_COMPARE(window.tabs()->currentWidget(), window.alertsPane());
        QCOMPARE(window.alertsPane()->detailView()->alertId(), QStringLiteral("b3"));
        QTRY_VERIFY(!balloon());
    }
};

int main(int argc, char **argv)
{
    // A private X server (it prints its display number on the pipe) and a system tray on it. No session bus: Qt
    // would otherwise look for a StatusNotifier host there instead of the X tray.
    QProcess xvfb;
    xvfb.start(QStringLiteral("Xvfb"), {QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"),
                                        QStringLiteral("0"), QStringLiteral("1280x800x24"), QStringLiteral("-nolisten"),
                                        QStringLiteral("tcp")});
    if (!xvfb.waitForStarted(10000) || !xvfb.waitForReadyRead(10000)) {
        qCritical("cannot start Xvfb (scripts/deps.sh test installs it): %s", qPrintable(xvfb.errorString()));
        return 1;
    }
    const QByteArray display = ':' + xvfb.readAllStandardOutput().trimmed();
    qputenv("DISPLAY", display);
    qputenv("QT_QPA_PLATFORM", "xcb");
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    QProcess trayer;
    trayer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    trayer.start(QStringLiteral("trayer"), {QStringLiteral("--edge"), QStringLiteral("bottom"), QStringLiteral("--height"),
                                            QStringLiteral("24"), QStringLiteral("--SetDockType"), QStringLiteral("true")});
    if (!trayer.waitForStarted(10000)) {
        qCritical("cannot start trayer (scripts/deps.sh test installs it): %s", qPrintable(trayer.errorString()));
        xvfb.kill();
        xvfb.waitForFinished();
        return 1;
    }
    int rc = 0;
    {
        QApplication app(argc, argv);
        tst_TrayNotice test;
        rc = QTest::qExec(&test, argc, argv);
    }
    trayer.kill();
    trayer.waitForFinished();
    xvfb.kill();
    xvfb.waitForFinished();
    return rc;
}

#include "tst_traynotice.moc"
