#include "common/hugepages.h"
#include "credentials.h"
#include "dialogs.h"
#include "mainwindow.h"
#include "sync/localcache.h"
#include "sync/syncengine.h"
#include "traystatus.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTranslator>

using namespace Vigil;

namespace {

/// One cache file per server, named after a hash of its URL.
QString cachePath(const QString &server)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    const QByteArray hash = QCryptographicHash::hash(server.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    return dir + QStringLiteral("/cache-") + QString::fromLatin1(hash) + QStringLiteral(".sqlite");
}

void describeOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QApplication::translate("main", "Vigil operations console"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("server"), QApplication::translate("main", "Server URL, e.g. http://127.0.0.1:8080."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("token-file"), QApplication::translate("main", "Read the access token from this file."),
                      QStringLiteral("F")});
    parser.addOption({QStringLiteral("lang"), QApplication::translate("main", "Interface language: en or ko."),
                      QStringLiteral("en|ko")});
}

/// --help and --version answer without a display (a QGuiApplication needs one).
bool isInfoRequest(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView a(argv[i]);
        if (a == "--help" || a == "-h" || a == "--help-all" || a == "--version" || a == "-v")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (isInfoRequest(argc, argv)) {
        QCoreApplication info(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("vigil"));
        QCoreApplication::setApplicationVersion(QStringLiteral(VIGIL_VERSION));
        QCommandLineParser parser;
        describeOptions(parser);
        parser.process(info); // prints and exits
        return 0;
    }
    preferHugePages(argv); // may restart the process once; see core/common/hugepages.h
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Vigil"));
    QApplication::setApplicationName(QStringLiteral("vigil"));
    QApplication::setApplicationVersion(QStringLiteral(VIGIL_VERSION));
    // The desktop entry's id: Wayland compositors and docks find the icon and group windows through it.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.vigil.Vigil"));
    QApplication::setWindowIcon(applicationIcon());

    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(app);

    const QString lang = parser.isSet(QStringLiteral("lang")) ? parser.value(QStringLiteral("lang"))
                                                              : QLocale::system().name().left(2);
    QTranslator qtTranslator;
    QTranslator translator;
    if (lang == u"ko") {
        QLocale::setDefault(QLocale(QLocale::Korean, QLocale::SouthKorea));
        if (qtTranslator.load(QLocale(QLocale::Korean), QStringLiteral("qtbase"), QStringLiteral("_"),
                              QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QApplication::installTranslator(&qtTranslator);
    }
    // An installed console prefers the catalogue in share/vigil/translations, so that a corrected translation can
    // be dropped in without a rebuild; the embedded one is the fallback (and what a build tree uses).
    const QString catalogue = QStringLiteral("vigil_") + (lang == u"ko" ? QStringLiteral("ko") : QStringLiteral("en"));
    if (translator.load(catalogue, QApplication::applicationDirPath() + QStringLiteral("/../share/vigil/translations"))
        || translator.load(QStringLiteral(":/i18n/") + catalogue))
        QApplication::installTranslator(&translator);

    QSettings settings;
    QString server = parser.value(QStringLiteral("server"));
    if (server.isEmpty())
        server = settings.value(QStringLiteral("server")).toString();
    QString token;
    QString notice;
    if (parser.isSet(QStringLiteral("token-file"))) {
        QFile f(parser.value(QStringLiteral("token-file")));
        if (!f.open(QIODevice::ReadOnly)) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "Vigil"),
                                  QApplication::translate("main", "Cannot read the token file %1.").arg(f.fileName()));
            return 1;
        }
        token = QString::fromUtf8(f.readAll()).trimmed();
    } else if (!server.isEmpty()) {
        const auto stored = Credentials::readToken(server);
        token = stored.token;
        notice = stored.notice;
    }
    if (server.isEmpty() || token.isEmpty()) {
        ConnectionDialog dialog;
        dialog.setServer(server.isEmpty() ? QStringLiteral("http://127.0.0.1:8080") : server);
        dialog.setToken(token);
        dialog.setNotice(notice);
        if (dialog.exec() != QDialog::Accepted)
            return 0;
        server = dialog.server();
        token = dialog.token();
        const auto stored = Credentials::storeToken(server, token);
        if (!stored.notice.isEmpty())
            QMessageBox::information(nullptr, QApplication::translate("main", "Vigil"), stored.notice);
    }
    settings.setValue(QStringLiteral("server"), server);

    SystemClock clock;
    LocalCache cache(clock);
    if (auto s = cache.open(cachePath(server)); !s) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Vigil"),
                              QApplication::translate("main", "Cannot open the local cache: %1").arg(s.error().message));
        return 1;
    }
    // The window opens from the cache at once; the engine catches up (or stays offline) in the background.
    SyncEngine engine(cache, clock);
    engine.setServer(QUrl(server), token);
    MainWindow window(cache, &engine, clock);
    bool connectionDialogOpen = false;
    QObject::connect(&window, &MainWindow::connectionRequested, &window, [&](const QString &reason) {
        if (connectionDialogOpen) // the engine keeps reporting a refused token while the dialog is up
            return;
        connectionDialogOpen = true;
        ConnectionDialog dialog(&window);
        dialog.setServer(server);
        dialog.setNotice(reason);
        const bool accepted = dialog.exec() == QDialog::Accepted;
        connectionDialogOpen = false;
        if (!accepted)
            return;
        const QString newServer = dialog.server();
        const auto stored = Credentials::storeToken(newServer, dialog.token());
        if (!stored.notice.isEmpty())
            QMessageBox::information(&window, QApplication::translate("main", "Vigil"), stored.notice);
        settings.setValue(QStringLiteral("server"), newServer);
        if (QUrl(newServer).adjusted(QUrl::StripTrailingSlash) == QUrl(server).adjusted(QUrl::StripTrailingSlash)) {
            engine.stop();
            engine.setServer(QUrl(server), dialog.token());
            engine.start();
            return;
        }
        // Each server has its own cache file: start again on the new one (changes still waiting for the old
        // server stay in its cache and are sent the next time Vigil connects to it).
        QMessageBox::information(&window, QApplication::translate("main", "Vigil"),
                                 QApplication::translate("main", "Vigil restarts to open %1.").arg(newServer));
        QStringList args{QStringLiteral("--server"), newServer};
        if (parser.isSet(QStringLiteral("lang")))
            args << QStringLiteral("--lang") << parser.value(QStringLiteral("lang"));
        if (QProcess::startDetached(QCoreApplication::applicationFilePath(), args))
            QApplication::quit();
    });
    window.show();
    engine.start();
    return QApplication::exec();
}
