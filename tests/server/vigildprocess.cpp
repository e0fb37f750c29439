#include "vigildprocess.h"

#include "httpreceiver.h"

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>

namespace Vigil::Testing {

QByteArray toJson(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject Reply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString Reply::errorCode() const
{
    return json().value(u"error").toObject().value(u"code").toString();
}

QString Reply::errorField() const
{
    return json().value(u"error").toObject().value(u"field").toString();
}

const QStringList &VigildProcess::roles()
{
    static const QStringList r{QStringLiteral("viewer"), QStringLiteral("responder"), QStringLiteral("agent"),
                               QStringLiteral("manager"), QStringLiteral("admin")};
    return r;
}

VigildProcess::VigildProcess() = default;

VigildProcess::~VigildProcess()
{
    stop();
}

QString VigildProcess::dbPath() const
{
    return m_dbSpec.isEmpty() ? m_dir.filePath(QStringLiteral("vigil.db")) : m_dbSpec;
}

void VigildProcess::shareDatabaseWith(const VigildProcess &other)
{
    m_dbSpec = other.dbPath();
    m_tokens = other.m_tokens;
    m_userIds = other.m_userIds;
    m_usersReady = true;
}

QString VigildProcess::createPostgresDatabase(const QString &prefix, QString *error)
{
    QUrl url(qEnvironmentVariable("VIGIL_TEST_PG_URL"));
    const QString name = QStringLiteral("%1_%2").arg(prefix).arg(QRandomGenerator::global()->bounded(1u << 30));
    const QString connection = QStringLiteral("vigil-test-admin-") + name;
    bool ok = false;
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        admin.setHostName(url.host());
        admin.setPort(url.port(5432));
        admin.setUserName(url.userName());
        admin.setPassword(url.password());
        admin.setDatabaseName(url.path().mid(1));
        if (!admin.open()) {
            if (error)
                *error = admin.lastError().text();
        } else {
            QSqlQuery q(admin);
            ok = q.exec(QStringLiteral("CREATE DATABASE ") + name);
            if (!ok && error)
                *error = q.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    if (!ok)
        return {};
    url.setPath(u'/' + name);
    return url.toString();
}

QUrl VigildProcess::url(const QString &pathAndQuery) const
{
    // An absolute URL goes elsewhere (another server on loopback, such as Alertmanager in the tests).
    if (pathAndQuery.startsWith(QLatin1String("http://")))
        return QUrl(pathAndQuery);
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery));
}

QByteArray VigildProcess::cli(const QStringList &args)
{
    QProcess p;
    p.start(qEnvironmentVariable("VIGILD_BIN"), QStringList{QStringLiteral("--db"), dbPath()} + args);
    if (!p.waitForFinished(30'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = QStringLiteral("vigild %1 failed: %2 %3")
                      .arg(args.join(u' '), QString::fromLocal8Bit(p.readAllStandardError()), p.errorString());
        return {};
    }
    return p.readAllStandardOutput();
}

bool VigildProcess::setupUsers()
{
    static const QRegularExpression idPattern(QStringLiteral("id ([0-9a-f-]{36})"));
    for (const QString &role : roles()) {
        const QString email = role + QStringLiteral("@vigil.test");
        const QByteArray added = cli({QStringLiteral("user"), QStringLiteral("add"), role + QStringLiteral(" user"),
                                      QStringLiteral("--email"), email, QStringLiteral("--role"), role});
        const auto m = idPattern.match(QString::fromUtf8(added));
        if (!m.hasMatch())
            return false;
        m_userIds.insert(role, m.captured(1));
        const QList<QByteArray> lines =
            cli({QStringLiteral("token"), QStringLiteral("create"), email}).trimmed().split('\n');
        if (lines.isEmpty() || !lines.last().startsWith("vgl_"))
            return false;
        m_tokens.insert(role, lines.last().trimmed());
    }
    return true;
}

bool VigildProcess::start(const QStringList &extraArgs)
{
    m_extraArgs = extraArgs;
    const QString bin = qEnvironmentVariable("VIGILD_BIN");
    if (bin.isEmpty() || !QFile::exists(bin)) {
        m_error = QStringLiteral("VIGILD_BIN does not name the vigild binary");
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary directory");
        return false;
    }
    if (!m_usersReady) {
        if (!setupUsers())
            return false;
        m_usersReady = true;
    }
    m_proc = std::make_unique<QProcess>();
    m_proc->setReadChannel(QProcess::StandardOutput);
    m_proc->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // The tests' webhook receivers listen on loopback, which vigild refuses unless the operator allows it.
    m_proc->start(bin, QStringList{QStringLiteral("--db"), dbPath(), QStringLiteral("--listen"),
                                   QStringLiteral("127.0.0.1:%1").arg(m_listenPort), QStringLiteral("--allow-outbound"),
                                   QStringLiteral("127.0.0.0/8")}
                           + extraArgs);
    if (!m_proc->waitForStarted(10'000)) {
        m_error = m_proc->errorString();
        return false;
    }
    static const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
    QDeadlineTimer deadline(15'000);
    QByteArray seen;
    while (!deadline.hasExpired()) {
        while (m_proc->canReadLine()) {
            const QByteArray line = m_proc->readLine();
            seen += line;
            const auto m = listening.match(QString::fromUtf8(line));
            if (m.hasMatch()) {
                m_output.clear();
                m_port = quint16(m.captured(1).toUInt());
                m_nam = std::make_unique<QNetworkAccessManager>();
                return true;
            }
        }
        if (m_proc->state() != QProcess::Running)
            break;
        m_proc->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    m_error = QStringLiteral("vigild did not announce its port; output: %1").arg(QString::fromUtf8(seen));
    return false;
}

QByteArray VigildProcess::output(const QByteArray &until, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_proc && !m_output.contains(until) && !deadline.hasExpired()) {
        m_output += m_proc->readAllStandardOutput();
        if (!m_output.contains(until))
            m_proc->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    if (m_proc)
        m_output += m_proc->readAllStandardOutput();
    return m_output;
}

bool VigildProcess::isRunning() const
{
    return m_proc && m_proc->state() == QProcess::Running;
}

qint64 VigildProcess::pid() const
{
    return m_proc ? m_proc->processId() : 0;
}

void VigildProcess::stop()
{
    m_nam.reset();
    if (!m_proc)
        return;
    if (m_proc->state() != QProcess::NotRunning) {
        m_proc->terminate();
        if (!m_proc->waitForFinished(10'000)) {
            m_proc->kill();
            m_proc->waitForFinished(10'000);
        }
    }
    m_proc.reset();
}

void VigildProcess::kill()
{
    m_nam.reset();
    if (!m_proc)
        return;
    m_proc->kill(); // SIGKILL
    m_proc->waitForFinished(10'000);
    m_proc.reset();
}

bool VigildProcess::startOnPort(quint16 port)
{
    m_listenPort = port;
    const bool ok = start(m_extraArgs);
    m_listenPort = 0;
    return ok;
}

bool VigildProcess::restart()
{
    stop();
    return start(m_extraArgs);
}

qint64 VigildProcess::rssKiB() const
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid()));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QNetworkReply *VigildProcess::send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                                   const QByteArray &token, const Headers &headers)
{
    QNetworkRequest req(url(pathAndQuery));
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token);
    bool hasType = false;
    for (const auto &[name, value] : headers) {
        req.setRawHeader(name, value);
        hasType = hasType || name.compare("content-type", Qt::CaseInsensitive) == 0;
    }
    if (!body.isEmpty() && !hasType)
        req.setRawHeader("Content-Type", "application/json");
    return m_nam->sendCustomRequest(req, method, body);
}

Reply VigildProcess::collect(QNetworkReply *reply)
{
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        r.headers.insert(name.toLower(), value);
    if (reply->error() != QNetworkReply::NoError && r.status == 0)
        r.networkError = reply->errorString();
    return r;
}

Reply VigildProcess::request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                             const QByteArray &token, const Headers &headers, int timeoutMs)
{
    if (!m_nam)
        return Reply{0, {}, {}, QStringLiteral("vigild is not running")};
    QNetworkReply *reply = send(method, pathAndQuery, body, token, headers);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    if (!reply->isFinished())
        loop.exec();
    if (!reply->isFinished()) {
        reply->abort();
        delete reply;
        return Reply{0, {}, {}, QStringLiteral("timed out after %1 ms").arg(timeoutMs)};
    }
    Reply r = collect(reply);
    delete reply;
    return r;
}

Reply VigildProcess::as(const QString &role, const QByteArray &method, const QString &pathAndQuery,
                        const QByteArray &body, const Headers &headers)
{
    return request(method, pathAndQuery, body, token(role), headers);
}

QJsonObject VigildProcess::createTicket(const QJsonObject &fields)
{
    const Reply r = as(QStringLiteral("agent"), "POST", QStringLiteral("/api/v1/tickets"), toJson(fields));
    return r.status == 201 ? r.json() : QJsonObject{};
}

qint64 VigildProcess::lastRev()
{
    const Reply r = request("GET", QStringLiteral("/healthz"));
    return r.status == 200 ? r.json().value(u"rev").toInteger(-1) : -1;
}

bool VigildProcess::engineCaughtUp(int timeoutMs)
{
    const auto failed = [this](const char *what, const Reply &r) {
        m_error = QString::fromLatin1(what) + QStringLiteral(": HTTP %1 %2").arg(r.status).arg(QString::fromUtf8(r.body));
        return false;
    };
    const QString viewer = QStringLiteral("viewer");
    const QString responder = QStringLiteral("responder");
    HttpReceiver marker;
    Reply r = as(viewer, "PUT", QStringLiteral("/api/v1/me/notification_settings"),
                 toJson({{QStringLiteral("contact_methods"),
                          QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("engine-marker")},
                                                 {QStringLiteral("type"), QStringLiteral("webhook")},
                                                 {QStringLiteral("address"), marker.url(QStringLiteral("/marker"))}}}},
                         {QStringLiteral("notification_rules"), QJsonArray{}}}));
    if (r.status != 200)
        return failed("marker contact method", r);
    if (m_markerService.isEmpty()) {
        const QString name = QStringLiteral("Engine marker %1").arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        const QJsonObject rule{{QStringLiteral("delay_minutes"), 0},
                               {QStringLiteral("targets"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("user")},
                                                                                  {QStringLiteral("id"), userId(viewer)}}}}};
        r = as(QStringLiteral("manager"), "POST", QStringLiteral("/api/v1/escalation_policies"),
               toJson({{QStringLiteral("name"), name}, {QStringLiteral("rules"), QJsonArray{rule}}}));
        if (r.status != 201)
            return failed("marker policy", r);
        r = as(QStringLiteral("manager"), "POST", QStringLiteral("/api/v1/services"),
               toJson({{QStringLiteral("name"), name}, {QStringLiteral("escalation_policy_id"), r.json().value(u"id")}}));
        if (r.status != 201)
            return failed("marker service", r);
        m_markerService = r.json().value(u"id").toString();
    }
    r = as(responder, "POST", QStringLiteral("/api/v1/alerts"),
           toJson({{QStringLiteral("service_id"), m_markerService}, {QStringLiteral("message"), QStringLiteral("Engine marker")}}));
    if (r.status != 201)
        return failed("marker alert", r);
    const QString id = r.json().value(u"id").toString();
    // Waits until the marker receiver has a page of the marker alert at escalation cycle `cycle` or later.
    const auto pageArrives = [&](int cycle) {
        const auto arrived = [&] {
            for (const ReceivedRequest &request : marker.requests()) {
                const QJsonObject alert = request.json().value(u"alert").toObject();
                const int at = alert.value(u"escalation").toObject().value(u"cycle").toInt();
                if (alert.value(u"id").toString() == id && at >= cycle)
                    return true;
            }
            return false;
        };
        if (!arrived()) {
            QEventLoop loop;
            QObject::connect(&marker, &HttpReceiver::requestReceived, &loop, [&] {
                if (arrived())
                    loop.quit();
            });
            QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
            loop.exec();
        }
        return arrived();
    };
    // Its first page (fired by whichever server holds the engine lock: not at once when that is another server) comes
    // first, so that the escalation by hand is a step of its own.
    bool caughtUp = pageArrives(0);
    if (caughtUp) {
        r = as(responder, "POST", QStringLiteral("/api/v1/alerts/%1/escalate").arg(id));
        if (r.status != 200)
            return failed("marker escalation", r);
        // The worker builds a page's payload from the alert as stored when it sends it: cycle 1 means the engine's
        // escalation pass had committed before the worker pass that sent it began.
        caughtUp = pageArrives(1);
    }
    if (!caughtUp)
        m_error = QStringLiteral("the marker page did not arrive within %1 ms (%2 requests)").arg(timeoutMs).arg(marker.count());
    (void)as(responder, "POST", QStringLiteral("/api/v1/alerts/%1/close").arg(id));
    (void)as(viewer, "PUT", QStringLiteral("/api/v1/me/notification_settings"),
             toJson({{QStringLiteral("contact_methods"), QJsonArray{}}, {QStringLiteral("notification_rules"), QJsonArray{}}}));
    return caughtUp;
}

} // namespace Vigil::Testing
