// Alert ingest and notification benchmark against a real vigild (the build's binary, a fresh SQLite file on
// 127.0.0.1) and, with the same load, a real Prometheus Alertmanager started on a free loopback port:
//
//   1. new alerts: N keep-alive clients POST distinct alerts (a unique alias each), one alert per request, one
//      request in flight per connection — through the Alertmanager webhook (payload version 4, firing) and through
//      the native POST /api/v1/alerts; each 2xx is a committed transaction (WAL);
//   2. repeats: the same clients POST the same few aliases again and again (de-duplicated: count + 1);
//   3. event → notification: alerts sent at a modest rate through the webhook; the paged user's contact method is
//      a webhook to a receiver in this process (time until it arrives), and a console-like client on the
//      /api/v1/stream WebSocket pulls /api/v1/changes on every {"rev":N} (time until it reads the "notified" entry);
//   4. Alertmanager: the new-alert and repeat loads as POST /api/v2/alerts with a JSON array of one alert.
//
// Timings are reported, never asserted: the exit code is non-zero only for errors (a non-2xx answer, a lost
// notification, a process that does not start).
//
//   bench_alerts [--vigild PATH] [--alertmanager PATH] [--clients N] [--alerts N] [--repeats N] [--aliases N]
//                [--latency-alerts N] [--rate PER_S]
#include "httpreceiver.h"
#include "keepaliveclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int g_errors = 0;
QElapsedTimer &g_clock = Bench::clock(); // one monotonic clock for every timestamp of the run

void say(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

void error(const QString &line)
{
    ++g_errors;
    std::fprintf(stderr, "ERROR: %s\n", qPrintable(line));
    std::fflush(stderr);
}

QString loadAverage()
{
    QFile f(u"/proc/loadavg"_s);
    if (!f.open(QIODevice::ReadOnly))
        return u"?"_s;
    const QList<QByteArray> parts = f.readAll().split(' ');
    return QString::fromLatin1(parts.mid(0, 3).join(" / "));
}

/// A fixed amount of CPU work, timed: how fast this machine's CPU runs just now. Printed beside each phase, since
/// the speed of virtual CPUs can change between phases minutes or seconds apart.
double cpuProbeMs()
{
    QElapsedTimer t;
    t.start();
    volatile quint64 sink = 0;
    quint64 x = 88172645463325252ull;
    for (int i = 0; i < (1 << 24); ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if ((i & 1023) == 0)
            sink = sink + x;
    }
    return double(t.nsecsElapsed()) / 1e6;
}

qint64 rssKiB(qint64 pid)
{
    QFile f(u"/proc/%1/status"_s.arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

/// CPU time (user + system) a process has used so far, in microseconds; -1 when it cannot be read.
qint64 cpuUs(qint64 pid)
{
    QFile f(u"/proc/%1/stat"_s.arg(pid));
    if (pid <= 0 || !f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th, stime the 15th.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const long ticks = sysconf(_SC_CLK_TCK);
    return (fields.at(11).toLongLong() + fields.at(12).toLongLong()) * 1'000'000 / ticks;
}

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

using Bench::Request;

/// A keep-alive client whose connection must not be closed by the server mid-request.
class Client final : public Bench::KeepAliveClient
{
public:
    Client(quint16 port, QByteArray token) : KeepAliveClient(port, std::move(token))
    {
        onClosedInFlight = [] { error(u"connection closed by the server with a request in flight"_s); };
    }
};

struct LoadResult
{
    QString server;
    QString what;
    int requests = 0;
    qint64 wallMs = 0;
    std::vector<qint64> latUs;
    int errors = 0;
    double firstTenthRate = 0; // alerts/s over the first and the last 10 % of the answers: does it slow down as
    double lastTenthRate = 0;  // the tables grow?
    double serverCpuUsPerRequest = -1; // the server's CPU time (user + system) per request

    [[nodiscard]] double pctMs(double q) const
    {
        if (latUs.empty())
            return 0;
        return double(latUs.at(std::min<size_t>(latUs.size() - 1, size_t(q * double(latUs.size()))))) / 1000.0;
    }
    [[nodiscard]] double rate() const { return double(requests) * 1000.0 / double(std::max<qint64>(1, wallMs)); }
};

/// `clients` keep-alive connections sending `total` requests made by `make(i)`, back to back.
LoadResult runLoad(const QString &server, const QString &what, quint16 port, const QByteArray &token, int clients,
                   int total, const std::function<Request(int)> &make, qint64 serverPid)
{
    LoadResult r;
    r.server = server;
    r.what = what;
    r.requests = total;
    r.latUs.reserve(size_t(total));
    std::vector<std::unique_ptr<Client>> pool;
    for (int i = 0; i < clients; ++i) {
        pool.push_back(std::make_unique<Client>(port, token));
        if (!pool.back()->waitConnected()) {
            error(u"%1: cannot connect to port %2"_s.arg(server).arg(port));
            r.errors = total;
            return r;
        }
    }
    int started = 0;
    int done = 0;
    std::vector<qint64> doneNs;
    doneNs.reserve(size_t(total));
    QEventLoop loop;
    QByteArray firstError;
    const auto next = [&](Client &c) {
        if (started < total)
            c.send(make(started++));
    };
    const qint64 cpuBefore = cpuUs(serverPid);
    QElapsedTimer wall;
    wall.start();
    for (auto &cp : pool) {
        Client *c = cp.get();
        c->onResponse = [&, c](int status, const QByteArray &body) {
            doneNs.push_back(g_clock.nsecsElapsed());
            r.latUs.push_back((doneNs.back() - c->sentNs()) / 1000);
            if (status < 200 || status > 299) {
                if (r.errors++ == 0)
                    firstError = QByteArray::number(status) + ' ' + body.left(300);
            }
            if (++done == total)
                loop.quit();
            else
                next(*c);
        };
        next(*c);
    }
    QTimer watchdog;
    watchdog.setSingleShot(true);
    QObject::connect(&watchdog, &QTimer::timeout, &loop, [&] {
        error(u"%1 %2: not done after 300 s (%3 of %4 answered)"_s.arg(server, what).arg(done).arg(total));
        loop.quit();
    });
    watchdog.start(300'000);
    loop.exec();
    r.wallMs = wall.elapsed();
    if (const qint64 cpuAfter = cpuUs(serverPid); cpuBefore >= 0 && cpuAfter >= 0)
        r.serverCpuUsPerRequest = double(cpuAfter - cpuBefore) / double(std::max(1, total));
    std::sort(r.latUs.begin(), r.latUs.end());
    const size_t tenth = doneNs.size() / 10;
    if (tenth > 1) {
        const auto rateOf = [&](size_t from, size_t to) {
            return double(to - from) * 1e9 / double(std::max<qint64>(1, doneNs.at(to) - doneNs.at(from)));
        };
        r.firstTenthRate = rateOf(0, tenth);
        r.lastTenthRate = rateOf(doneNs.size() - 1 - tenth, doneNs.size() - 1);
    }
    if (r.errors > 0)
        error(u"%1 %2: %3 answers were not 2xx; first: %4"_s.arg(server, what).arg(r.errors).arg(QString::fromUtf8(firstError)));
    say(u"  %1 %2: %3 requests in %4 ms = %5 /s (first 10 %: %6 /s, last 10 %: %7 /s), p50 %8 ms, p99 %9 ms, "_s
            .arg(server, what).arg(total).arg(r.wallMs).arg(r.rate(), 0, 'f', 0).arg(r.firstTenthRate, 0, 'f', 0)
            .arg(r.lastTenthRate, 0, 'f', 0).arg(r.pctMs(0.5), 0, 'f', 2).arg(r.pctMs(0.99), 0, 'f', 2)
        + u"server CPU %1 µs per request, %2 errors (load %3; CPU probe after it %4 ms)"_s.arg(r.serverCpuUsPerRequest, 0, 'f', 0)
              .arg(r.errors).arg(loadAverage()).arg(cpuProbeMs(), 0, 'f', 1));
    return r;
}

// --- payloads -------------------------------------------------------------------------------------------------

QByteArray startsAt() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toLatin1(); }

QByteArray labelsJson(const QByteArray &seq)
{
    return R"({"alertname":"BenchDiskFull","instance":"host-)" + seq + R"(:9100","job":"node","severity":"critical","seq":")"
        + seq + R"("})";
}

QByteArray annotationsJson(const QByteArray &seq)
{
    return R"({"summary":"Disk usage 95% on host-)" + seq + R"(","description":"/var is above 95% on host-)" + seq + R"("})";
}

/// Alertmanager's webhook payload (version 4) with one firing alert whose fingerprint is `alias`.
QByteArray webhookBody(const QByteArray &alias, const QByteArray &seq, const QByteArray &started)
{
    const QByteArray labels = labelsJson(seq);
    const QByteArray annotations = annotationsJson(seq);
    return R"({"receiver":"vigil","status":"firing","alerts":[{"status":"firing","labels":)" + labels
        + R"(,"annotations":)" + annotations + R"(,"startsAt":")" + started
        + R"(","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.example:9090/graph?g0.expr=disk","fingerprint":")"
        + alias + R"("}],"groupLabels":{"alertname":"BenchDiskFull"},"commonLabels":)" + labels
        + R"(,"commonAnnotations":)" + annotations
        + R"(,"externalURL":"http://alertmanager.example:9093","version":"4","groupKey":"{}:{alertname=\"BenchDiskFull\"}","truncatedAlerts":0})";
}

QByteArray nativeBody(const QByteArray &serviceId, const QByteArray &alias, const QByteArray &seq)
{
    return R"({"service_id":")" + serviceId + R"(","message":"Disk usage 95% on host-)" + seq
        + R"(","description":"/var is above 95% on host-)" + seq + R"(","priority":"P1","alias":")" + alias
        + R"(","source":"host-)" + seq + R"(:9100","tags":["alertname=BenchDiskFull","job=node","severity=critical"],"details":{"labels":)"
        + labelsJson(seq) + "}}";
}

/// Alertmanager API v2: a JSON array of one alert.
QByteArray amBody(const QByteArray &seq, const QByteArray &started)
{
    return R"([{"labels":)" + labelsJson(seq) + R"(,"annotations":)" + annotationsJson(seq) + R"(,"startsAt":")" + started
        + R"(","generatorURL":"http://prometheus.example:9090/graph?g0.expr=disk"}])";
}

// --- processes --------------------------------------------------------------------------------------------------

QByteArray cli(const QString &vigild, const QString &db, const QStringList &args)
{
    QProcess p;
    p.start(vigild, QStringList{u"--db"_s, db} + args);
    if (!p.waitForFinished(30'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        error(u"vigild %1 failed: %2"_s.arg(args.join(u' '), QString::fromLocal8Bit(p.readAllStandardError())));
        return {};
    }
    return p.readAllStandardOutput();
}

/// Adds a user through the CLI; returns its id.
QString addUser(const QString &vigild, const QString &db, const QString &name, const QString &email, const QString &role)
{
    static const QRegularExpression idPattern(u"id ([0-9a-f-]{36})"_s);
    const auto m = idPattern.match(QString::fromUtf8(
        cli(vigild, db, {u"user"_s, u"add"_s, name, u"--email"_s, email, u"--role"_s, role})));
    return m.hasMatch() ? m.captured(1) : QString();
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

struct LatencyResult
{
    std::vector<qint64> ingestUs, webhookUs, consoleUs;
    int sent = 0;
};

double pct(const std::vector<qint64> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    return double(sorted.at(std::min<size_t>(sorted.size() - 1, size_t(q * double(sorted.size()))))) / 1000.0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    g_clock.start();
    QCommandLineParser p;
    p.setApplicationDescription(u"Alert ingest and notification latency: vigild against Prometheus Alertmanager"_s);
    p.addHelpOption();
    p.addOption({u"vigild"_s, u"The vigild binary."_s, u"PATH"_s, QString::fromUtf8(VIGILD_DEFAULT_BIN)});
    p.addOption({u"alertmanager"_s, u"The Alertmanager binary (empty: skip)."_s, u"PATH"_s,
                 QStandardPaths::findExecutable(u"prometheus-alertmanager"_s)});
    p.addOption({u"clients"_s, u"Concurrent keep-alive connections."_s, u"N"_s, u"8"_s});
    p.addOption({u"alerts"_s, u"New alerts per path."_s, u"N"_s, u"10000"_s});
    p.addOption({u"repeats"_s, u"Repeat events per path."_s, u"N"_s, u"20000"_s});
    p.addOption({u"aliases"_s, u"Distinct aliases the repeats cycle through."_s, u"N"_s, u"8"_s});
    p.addOption({u"latency-alerts"_s, u"Alerts for the notification latency."_s, u"N"_s, u"200"_s});
    p.addOption({u"rate"_s, u"Alerts per second for the notification latency."_s, u"N"_s, u"20"_s});
    p.process(app);
    const QString vigildBin = p.value(u"vigild"_s);
    const QString amBin = p.value(u"alertmanager"_s);
    const int clients = std::max(1, p.value(u"clients"_s).toInt());
    const int alerts = std::max(1, p.value(u"alerts"_s).toInt());
    const int repeats = std::max(1, p.value(u"repeats"_s).toInt());
    const int aliases = std::max(1, p.value(u"aliases"_s).toInt());
    const int latencyAlerts = std::max(1, p.value(u"latency-alerts"_s).toInt());
    const int rate = std::max(1, p.value(u"rate"_s).toInt());
    const QString loadAtStart = loadAverage();
    say(u"load average at start (1 / 5 / 15 min): %1; CPU probe (fixed work, less is faster): %2 ms"_s.arg(loadAtStart)
            .arg(cpuProbeMs(), 0, 'f', 1));

    // --- vigild on a fresh SQLite file: users and the admin's token through the CLI.
    QTemporaryDir dir;
    const QString db = dir.filePath(u"bench-alerts.db"_s);
    const QString adminId = addUser(vigildBin, db, u"Bench Admin"_s, u"admin@bench.test"_s, u"admin"_s);
    const QString loadUser = addUser(vigildBin, db, u"Load On-call"_s, u"load@bench.test"_s, u"responder"_s);
    const QString latencyUser = addUser(vigildBin, db, u"Latency On-call"_s, u"latency@bench.test"_s, u"responder"_s);
    const QList<QByteArray> tokenLines = cli(vigildBin, db, {u"token"_s, u"create"_s, u"admin@bench.test"_s}).trimmed().split('\n');
    const QByteArray token = tokenLines.last().trimmed();
    if (adminId.isEmpty() || loadUser.isEmpty() || latencyUser.isEmpty() || !token.startsWith("vgl_")) {
        error(u"cannot create users and a token with %1"_s.arg(vigildBin));
        return 1;
    }

    QProcess vigild;
    // vigild logs every delivery on stderr: keep it in a file, shown when something fails.
    const QString vigildLog = dir.filePath(u"vigild.log"_s);
    vigild.setStandardErrorFile(vigildLog);
    // The webhook receiver listens on loopback, which vigild refuses unless allowed.
    vigild.start(vigildBin, {u"--db"_s, db, u"--listen"_s, u"127.0.0.1:0"_s, u"--allow-outbound"_s, u"127.0.0.0/8"_s});
    quint16 port = 0;
    static const QRegularExpression listening(u"listening on http://127\\.0\\.0\\.1:(\\d+)"_s);
    while (port == 0 && vigild.waitForReadyRead(15'000)) {
        while (vigild.canReadLine()) {
            const auto m = listening.match(QString::fromUtf8(vigild.readLine()));
            if (m.hasMatch())
                port = quint16(m.captured(1).toUInt());
        }
    }
    if (port == 0) {
        QFile log(vigildLog);
        (void)log.open(QIODevice::ReadOnly);
        error(u"vigild did not start: %1"_s.arg(QString::fromUtf8(log.readAll().right(2000))));
        return 1;
    }
    say(u"vigild pid %1 on 127.0.0.1:%2, database %3"_s.arg(vigild.processId()).arg(port).arg(db));

    // --- set-up over HTTP: two policies paging a user at once, services, integrations, the latency user's webhook.
    // The webhook receiver of the paged user's contact method: keep-alive, answers 200 at once.
    Vigil::Testing::HttpReceiver receiver;
    Client admin(port, token);
    if (!admin.waitConnected()) {
        error(u"cannot connect to vigild"_s);
        return 1;
    }
    const auto create = [&](const QByteArray &path, const QJsonObject &body, int expected = 201) -> QJsonObject {
        const auto [status, answer] = admin.call({"POST", path, compact(body)});
        if (status != expected)
            error(u"POST %1 answered %2: %3"_s.arg(QString::fromLatin1(path)).arg(status).arg(QString::fromUtf8(answer)));
        return QJsonDocument::fromJson(answer).object();
    };
    const auto policy = [&](const QString &name, const QString &userId) -> QString {
        const QJsonObject rule{{u"delay_minutes"_s, 0},
                               {u"targets"_s, QJsonArray{QJsonObject{{u"type"_s, u"user"_s}, {u"id"_s, userId}}}}};
        return create("/api/v1/escalation_policies", {{u"name"_s, name}, {u"rules"_s, QJsonArray{rule}}})
            .value(u"id"_s).toString();
    };
    const auto service = [&](const QString &name, const QString &policyId) -> QByteArray {
        return create("/api/v1/services", {{u"name"_s, name}, {u"escalation_policy_id"_s, policyId}})
            .value(u"id"_s).toString().toLatin1();
    };
    const auto integration = [&](const QByteArray &serviceId) -> QByteArray {
        return create("/api/v1/services/" + serviceId + "/integrations", {{u"type"_s, u"alertmanager"_s}})
            .value(u"path"_s).toString().toLatin1();
    };
    const QString loadPolicy = policy(u"Load: page the on-call user at once"_s, loadUser);
    const QString latencyPolicy = policy(u"Latency: page the on-call user at once"_s, latencyUser);
    const QByteArray svcWebhook = service(u"Storage (webhook load)"_s, loadPolicy);
    const QByteArray svcNative = service(u"Storage (native load)"_s, loadPolicy);
    const QByteArray svcRepeatHook = service(u"Storage (webhook repeats)"_s, loadPolicy);
    const QByteArray svcRepeatNative = service(u"Storage (native repeats)"_s, loadPolicy);
    const QByteArray svcLatency = service(u"Storage (latency)"_s, latencyPolicy);
    const QByteArray hookPath = integration(svcWebhook);
    const QByteArray repeatHookPath = integration(svcRepeatHook);
    const QByteArray latencyHookPath = integration(svcLatency);
    {
        const QJsonObject settings{
            {u"contact_methods"_s, QJsonArray{QJsonObject{{u"id"_s, u"bench-hook"_s}, {u"type"_s, u"webhook"_s},
                                                          {u"address"_s, receiver.url(u"/hook"_s)}}}},
            {u"notification_rules"_s, QJsonArray{}}};
        const auto [status, answer] = admin.call(
            {"PUT", "/api/v1/users/" + latencyUser.toLatin1() + "/notification_settings", compact(settings)});
        if (status != 200)
            error(u"PUT notification_settings answered %1: %2"_s.arg(status).arg(QString::fromUtf8(answer)));
    }
    if (g_errors > 0 || hookPath.isEmpty() || latencyHookPath.isEmpty())
        return 1;
    say(u"set-up done: 5 services, 2 policies (rule 0 pages one user at once), 3 Alertmanager integrations; "
        "the load user has no contact method (console page only), the latency user a webhook to %1"_s.arg(receiver.url(u"/hook"_s)));

    const auto quiesce = [&] {
        // Let the escalation engine and the delivery worker finish what the last load queued: the change feed's
        // revision stays the same for one second.
        qint64 last = -1;
        for (int i = 0; i < 120; ++i) {
            const auto [status, body] = admin.call({"GET", "/healthz", {}});
            const qint64 rev = QJsonDocument::fromJson(body).object().value(u"rev"_s).toInteger();
            if (status == 200 && rev == last)
                return;
            last = rev;
            QEventLoop wait;
            QTimer::singleShot(1000, &wait, &QEventLoop::quit);
            wait.exec();
        }
    };

    std::vector<LoadResult> results;
    const QByteArray run = QByteArray::number(QDateTime::currentMSecsSinceEpoch(), 16);
    say(u"vigild: %1 clients, %2 new alerts per path, %3 repeats over %4 aliases per path"_s.arg(clients).arg(alerts)
            .arg(repeats).arg(aliases));

    // Group commit as vigild's /metrics counts it: how many ingest requests shared a transaction, on average.
    const auto groupCounters = [&] {
        const auto [status, body] = admin.call({"GET", "/metrics", {}});
        qint64 groups = 0;
        qint64 writes = 0;
        for (const QByteArray &line : body.split('\n')) {
            if (line.startsWith("vigil_commit_groups_total "))
                groups = line.mid(26).toLongLong();
            else if (line.startsWith("vigil_grouped_writes_total "))
                writes = line.mid(27).toLongLong();
        }
        return std::pair{groups, writes};
    };
    std::pair<qint64, qint64> countersBefore;
    const auto sayGroups = [&] {
        const auto after = groupCounters();
        const qint64 groups = after.first - countersBefore.first;
        say(u"    commit groups: %1 for %2 writes, %3 writes per group on average"_s.arg(groups)
                .arg(after.second - countersBefore.second)
                .arg(double(after.second - countersBefore.second) / double(std::max<qint64>(1, groups)), 0, 'f', 1));
        countersBefore = after;
    };

    // 1. new alerts
    const QByteArray started = startsAt();
    countersBefore = groupCounters();
    results.push_back(runLoad(u"vigild"_s, u"new, Alertmanager webhook"_s, port, {}, clients, alerts, [&](int i) {
        const QByteArray seq = QByteArray::number(i);
        return Request{"POST", hookPath, webhookBody("new-" + run + '-' + seq, seq, started)};
    }, vigild.processId()));
    sayGroups();
    quiesce();
    countersBefore = groupCounters();
    results.push_back(runLoad(u"vigild"_s, u"new, native POST /api/v1/alerts"_s, port, token, clients, alerts, [&](int i) {
        const QByteArray seq = QByteArray::number(i);
        return Request{"POST", "/api/v1/alerts", nativeBody(svcNative, "native-" + run + '-' + seq, seq)};
    }, vigild.processId()));
    sayGroups();
    quiesce();

    // 2. repeats: the aliases are opened first (not timed), then every event is a de-duplication.
    const auto repeatHook = [&](int i) {
        const QByteArray seq = QByteArray::number(i % aliases);
        return Request{"POST", repeatHookPath, webhookBody("repeat-" + run + '-' + seq, seq, started)};
    };
    const auto repeatNative = [&](int i) {
        const QByteArray seq = QByteArray::number(i % aliases);
        return Request{"POST", "/api/v1/alerts", nativeBody(svcRepeatNative, "repeat-" + run + '-' + seq, seq)};
    };
    for (int i = 0; i < aliases; ++i) {
        admin.call(repeatHook(i));
        admin.call(repeatNative(i));
    }
    quiesce();
    countersBefore = groupCounters();
    results.push_back(runLoad(u"vigild"_s, u"repeats, Alertmanager webhook"_s, port, {}, clients, repeats, repeatHook, vigild.processId()));
    sayGroups();
    quiesce();
    countersBefore = groupCounters();
    results.push_back(runLoad(u"vigild"_s, u"repeats, native POST /api/v1/alerts"_s, port, token, clients, repeats, repeatNative, vigild.processId()));
    sayGroups();
    quiesce();
    // The repeats must all have been counted on the open alerts.
    for (const QByteArray &svc : {svcRepeatHook, svcRepeatNative}) {
        const auto [status, body] = admin.call({"GET", "/api/v1/alerts?limit=100&service_id=" + svc, {}});
        const QJsonArray items = QJsonDocument::fromJson(body).object().value(u"items"_s).toArray();
        qint64 counted = 0;
        for (const QJsonValue &a : items)
            counted += a.toObject().value(u"count"_s).toInteger();
        if (status != 200 || items.size() != aliases || counted != aliases + repeats)
            error(u"repeats: %1 alerts with a total count of %2, expected %3 alerts counting %4"_s.arg(items.size())
                      .arg(counted).arg(aliases).arg(aliases + repeats));
    }
    const qint64 vigildRss = rssKiB(vigild.processId());

    // 3. event → notification latency
    LatencyResult lat;
    {
        QHash<QByteArray, qint64> sentAt;     // alias → send time (ns)
        QHash<QString, QByteArray> aliasOf;   // alert id → alias, from the change feed
        QHash<QByteArray, bool> webhookSeen, consoleSeen;
        QEventLoop loop;
        const auto maybeDone = [&] {
            if (lat.sent == latencyAlerts && int(webhookSeen.size()) == latencyAlerts && int(consoleSeen.size()) == latencyAlerts)
                loop.quit();
        };
        QObject::connect(&receiver, &Vigil::Testing::HttpReceiver::requestReceived, &loop,
                         [&](const Vigil::Testing::ReceivedRequest &request) {
            const qint64 now = g_clock.nsecsElapsed();
            receiver.clearRequests(); // timed here; nothing reads them later
            const QByteArray alias = request.json().value(u"alert"_s).toObject().value(u"alias"_s).toString().toLatin1();
            if (!sentAt.contains(alias) || webhookSeen.contains(alias))
                return;
            webhookSeen.insert(alias, true);
            lat.webhookUs.push_back((now - sentAt.value(alias)) / 1000);
            maybeDone();
        });

        // The console side: WebSocket push, then a pull of the change feed on a keep-alive connection.
        Client feed(port, token);
        if (!feed.waitConnected())
            error(u"cannot connect the feed client"_s);
        qint64 since = -1;
        qint64 pushed = -1;
        const auto pull = [&] {
            if (since >= 0 && !feed.busy() && pushed > since)
                feed.send({"GET", "/api/v1/changes?limit=5000&since=" + QByteArray::number(since), {}});
        };
        feed.onResponse = [&](int status, const QByteArray &bytes) {
            const qint64 now = g_clock.nsecsElapsed();
            if (status != 200) {
                error(u"changes answered %1"_s.arg(status));
                return;
            }
            const QJsonObject o = QJsonDocument::fromJson(bytes).object();
            for (const QJsonValue &v : o.value(u"changes"_s).toArray()) {
                const QJsonObject c = v.toObject();
                const QString entity = c.value(u"entity"_s).toString();
                const QJsonObject data = c.value(u"data"_s).toObject();
                if (entity == u"alert") {
                    aliasOf.insert(c.value(u"id"_s).toString(), data.value(u"alias"_s).toString().toLatin1());
                } else if (entity == u"alert_log" && data.value(u"type"_s).toString() == u"notified") {
                    const QByteArray alias = aliasOf.value(data.value(u"alert_id"_s).toString());
                    if (sentAt.contains(alias) && !consoleSeen.contains(alias)) {
                        consoleSeen.insert(alias, true);
                        lat.consoleUs.push_back((now - sentAt.value(alias)) / 1000);
                    }
                }
            }
            since = o.value(u"last_rev"_s).toInteger();
            if (o.value(u"more"_s).toBool())
                pushed = std::max(pushed, since + 1);
            pull();
            maybeDone();
        };
        QWebSocket ws;
        QObject::connect(&ws, &QWebSocket::textMessageReceived, &ws, [&](const QString &message) {
            const qint64 rev = QJsonDocument::fromJson(message.toUtf8()).object().value(u"rev"_s).toInteger();
            if (since < 0) {
                since = rev; // the state at connection: only what happens from now on is of interest
                loop.quit();
            }
            pushed = std::max(pushed, rev);
            pull();
        });
        QNetworkRequest wsRequest(QUrl(u"ws://127.0.0.1:%1/api/v1/stream"_s.arg(port)));
        wsRequest.setRawHeader("Authorization", "Bearer " + token);
        ws.open(wsRequest);
        QTimer connectTimeout;
        connectTimeout.setSingleShot(true);
        QObject::connect(&connectTimeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        connectTimeout.start(10'000);
        loop.exec();
        connectTimeout.stop();
        if (since < 0) {
            error(u"the WebSocket /api/v1/stream sent no {\"rev\":N} within 10 s: %1"_s.arg(ws.errorString()));
        } else {
            Client sender(port, {});
            sender.waitConnected();
            QList<Request> queue;
            sender.onResponse = [&](int status, const QByteArray &body) {
                lat.ingestUs.push_back((g_clock.nsecsElapsed() - sender.sentNs()) / 1000);
                if (status != 200)
                    error(u"latency alert answered %1: %2"_s.arg(status).arg(QString::fromUtf8(body)));
                if (!queue.isEmpty())
                    sender.send(queue.takeFirst());
            };
            QTimer tick;
            tick.setTimerType(Qt::PreciseTimer);
            QObject::connect(&tick, &QTimer::timeout, &tick, [&] {
                if (lat.sent == latencyAlerts) {
                    tick.stop();
                    return;
                }
                const QByteArray seq = QByteArray::number(lat.sent++);
                const QByteArray alias = "latency-" + run + '-' + seq;
                sentAt.insert(alias, g_clock.nsecsElapsed());
                const Request r{"POST", latencyHookPath, webhookBody(alias, seq, startsAt())};
                if (sender.busy())
                    queue.append(r);
                else
                    sender.send(r);
            });
            tick.start(1000 / rate);
            QTimer timeout;
            timeout.setSingleShot(true);
            QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
            timeout.start(latencyAlerts * 1000 / rate + 30'000);
            loop.exec();
            if (int(lat.webhookUs.size()) != latencyAlerts || int(lat.consoleUs.size()) != latencyAlerts)
                error(u"notification latency: of %1 alerts sent, %2 webhooks and %3 console notifications arrived"_s
                          .arg(lat.sent).arg(lat.webhookUs.size()).arg(lat.consoleUs.size()));
        }
        ws.close();
        std::sort(lat.ingestUs.begin(), lat.ingestUs.end());
        std::sort(lat.webhookUs.begin(), lat.webhookUs.end());
        std::sort(lat.consoleUs.begin(), lat.consoleUs.end());
        say(u"  vigild notification latency (%1 alerts at %2/s): webhook p50 %3 ms p99 %4 ms max %5 ms; console "
            "p50 %6 ms p99 %7 ms max %8 ms (load %9)"_s.arg(latencyAlerts).arg(rate)
                .arg(pct(lat.webhookUs, 0.5), 0, 'f', 1).arg(pct(lat.webhookUs, 0.99), 0, 'f', 1)
                .arg(pct(lat.webhookUs, 1.0), 0, 'f', 1).arg(pct(lat.consoleUs, 0.5), 0, 'f', 1)
                .arg(pct(lat.consoleUs, 0.99), 0, 'f', 1).arg(pct(lat.consoleUs, 1.0), 0, 'f', 1).arg(loadAverage()));
    }
    vigild.terminate();
    vigild.waitForFinished(10'000);
    if (g_errors > 0) {
        QFile log(vigildLog);
        if (log.open(QIODevice::ReadOnly))
            std::fprintf(stderr, "--- end of vigild's log:\n%s\n", log.readAll().right(4000).constData());
    }

    // 4. Alertmanager: the same loads, on a free loopback port, alerts in memory (no receiver sends anything).
    qint64 amRss = -1;
    if (amBin.isEmpty()) {
        say(u"prometheus-alertmanager not found: its part is skipped"_s);
    } else {
        QFile config(dir.filePath(u"alertmanager.yml"_s));
        if (!config.open(QIODevice::WriteOnly)) {
            error(u"cannot write %1"_s.arg(config.fileName()));
            return 1;
        }
        config.write("route:\n  receiver: blackhole\n  group_by: ['alertname']\nreceivers:\n  - name: blackhole\n");
        config.close();
        const quint16 amPort = freePort();
        QProcess am;
        am.setProcessChannelMode(QProcess::MergedChannels);
        am.start(amBin, {u"--config.file="_s + config.fileName(), u"--storage.path="_s + dir.filePath(u"am-data"_s),
                         u"--web.listen-address=127.0.0.1:%1"_s.arg(amPort), u"--cluster.listen-address="_s});
        bool ready = am.waitForStarted(10'000);
        for (int i = 0; ready && i < 150; ++i) {
            Client probe(amPort, {});
            if (probe.waitConnected() && probe.call({"GET", "/-/ready", {}}).first == 200)
                break;
            QEventLoop wait;
            QTimer::singleShot(100, &wait, &QEventLoop::quit);
            wait.exec();
            if (i == 149)
                ready = false;
        }
        if (!ready) {
            error(u"prometheus-alertmanager did not start: %1"_s.arg(QString::fromUtf8(am.readAll())));
        } else {
            say(u"Alertmanager pid %1 on 127.0.0.1:%2"_s.arg(am.processId()).arg(amPort));
            results.push_back(runLoad(u"Alertmanager"_s, u"new, POST /api/v2/alerts"_s, amPort, {}, clients, alerts, [&](int i) {
                return Request{"POST", "/api/v2/alerts", amBody(QByteArray::number(i), started)};
            }, am.processId()));
            results.push_back(runLoad(u"Alertmanager"_s, u"repeats, POST /api/v2/alerts"_s, amPort, {}, clients, repeats,
                                      [&](int i) {
                                          return Request{"POST", "/api/v2/alerts",
                                                         amBody("r" + QByteArray::number(i % aliases), started)};
                                      }, am.processId()));
            amRss = rssKiB(am.processId());
        }
        am.terminate();
        am.waitForFinished(10'000);
    }

    // --- table
    const auto find = [&](const QString &server, const QString &what) -> const LoadResult * {
        for (const LoadResult &r : results)
            if (r.server == server && r.what == what)
                return &r;
        return nullptr;
    };
    say(QString());
    say(u"| load | requests | alerts/s | p50 | p99 | errors |"_s);
    say(u"|---|---|---|---|---|---|"_s);
    for (const LoadResult &r : results)
        say(u"| %1: %2 | %3 | %4 | %5 ms | %6 ms | %7 |"_s.arg(r.server, r.what).arg(r.requests).arg(r.rate(), 0, 'f', 0)
                .arg(r.pctMs(0.5), 0, 'f', 2).arg(r.pctMs(0.99), 0, 'f', 2).arg(r.errors));
    say(u"| vigild: alert → webhook received (%1 at %2/s) | %3 | — | %4 ms | %5 ms | — |"_s.arg(latencyAlerts).arg(rate)
            .arg(lat.webhookUs.size()).arg(pct(lat.webhookUs, 0.5), 0, 'f', 1).arg(pct(lat.webhookUs, 0.99), 0, 'f', 1));
    say(u"| vigild: alert → console reads \"notified\" (push + pull) | %1 | — | %2 ms | %3 ms | — |"_s
            .arg(lat.consoleUs.size()).arg(pct(lat.consoleUs, 0.5), 0, 'f', 1).arg(pct(lat.consoleUs, 0.99), 0, 'f', 1));
    say(u"| vigild: ingest of those alerts (one client) | %1 | — | %2 ms | %3 ms | — |"_s.arg(lat.ingestUs.size())
            .arg(pct(lat.ingestUs, 0.5), 0, 'f', 2).arg(pct(lat.ingestUs, 0.99), 0, 'f', 2));
    const LoadResult *amNew = find(u"Alertmanager"_s, u"new, POST /api/v2/alerts"_s);
    const LoadResult *amRep = find(u"Alertmanager"_s, u"repeats, POST /api/v2/alerts"_s);
    const LoadResult *vNew = find(u"vigild"_s, u"new, Alertmanager webhook"_s);
    const LoadResult *vNewNative = find(u"vigild"_s, u"new, native POST /api/v1/alerts"_s);
    const LoadResult *vRep = find(u"vigild"_s, u"repeats, Alertmanager webhook"_s);
    if (amNew && vNew && vNewNative)
        say(u"ratio vigild / Alertmanager, new alerts/s: webhook %1, native %2 (Alertmanager keeps alerts in memory, "
            "vigild commits each one)"_s.arg(vNew->rate() / amNew->rate(), 0, 'f', 2).arg(vNewNative->rate() / amNew->rate(), 0, 'f', 2));
    if (amRep && vRep)
        say(u"ratio vigild / Alertmanager, repeats/s (webhook): %1"_s.arg(vRep->rate() / amRep->rate(), 0, 'f', 2));
    say(u"resident memory: vigild %1 KiB after the loads, Alertmanager %2 KiB"_s.arg(vigildRss).arg(amRss));
    say(u"load average at start %1, at end %2; %3 errors"_s.arg(loadAtStart, loadAverage()).arg(g_errors));
    return g_errors == 0 ? 0 : 1;
}
