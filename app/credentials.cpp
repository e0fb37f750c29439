#include "credentials.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QSettings>

#ifdef VIGIL_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace Vigil::Credentials {

namespace {
const QString Service = QStringLiteral("vigil");

QString settingsKey(const QString &server) { return QStringLiteral("tokens/") + QString::fromLatin1(server.toUtf8().toBase64()); }

QString fallbackNotice()
{
    return QCoreApplication::translate("Credentials",
                                       "No keychain service is available, so the token is kept in the settings file "
                                       "of this user account.");
}
} // namespace

Outcome readToken(const QString &server)
{
#ifdef VIGIL_HAVE_KEYCHAIN
    QKeychain::ReadPasswordJob job(Service);
    job.setAutoDelete(false);
    job.setKey(server);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (job.error() == QKeychain::NoError)
        return {job.textData(), {}};
    const bool noService = job.error() == QKeychain::NoBackendAvailable || job.error() == QKeychain::OtherError
                           || job.error() == QKeychain::AccessDenied;
    const QString stored = QSettings().value(settingsKey(server)).toString();
    return {stored, noService && job.error() != QKeychain::EntryNotFound ? fallbackNotice() : QString()};
#else
    return {QSettings().value(settingsKey(server)).toString(), fallbackNotice()};
#endif
}

Outcome storeToken(const QString &server, const QString &token)
{
#ifdef VIGIL_HAVE_KEYCHAIN
    QKeychain::WritePasswordJob job(Service);
    job.setAutoDelete(false);
    job.setKey(server);
    job.setTextData(token);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (job.error() == QKeychain::NoError) {
        QSettings().remove(settingsKey(server));
        return {token, {}};
    }
#endif
    QSettings settings;
    settings.setValue(settingsKey(server), token);
    settings.sync();
    // The token now sits in a plain file: make it readable by this user only.
    QFile::setPermissions(settings.fileName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {token, fallbackNotice()};
}

} // namespace Vigil::Credentials
