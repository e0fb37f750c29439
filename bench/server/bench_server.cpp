// vigild throughput: tickets created per second over keep-alive connections, and how long a fresh client takes to
// catch up a change log of 100,000 entries through /api/v1/changes.
//
//   bench_server [--vigild PATH] [--clients N] [--tickets N] [--changes N]
#include "keepaliveclient.h"

#include "common/clock.h"
#include "common/json.h"
#include "store/store.h"
#include "tickets/ticket.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace Vigil;
using namespace Qt::StringLiterals;

namespace {

void say(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

/// Seeds `changes` ticket upserts (one change each) and an agent with a token straight into the database file.
/// Returns the token.
QByteArray seed(const QString &path, int changes)
{
    SystemClock clock;
    auto opened = Store::openSqlite(path, clock);
    if (!opened)
        qFatal("cannot open %s: %s", qPrintable(path), qPrintable(opened.error().message));
    Store &store = *opened.value();
    const QDateTime now = clock.now();
    const QString userId = Json::newId();
    QByteArray token;
    const Status st = store.write([&]() -> Status {
        const QJsonObject user{{u"id"_s, userId},           {u"version"_s, 1},
                               {u"created_at"_s, Json::formatTime(now)}, {u"updated_at"_s, Json::formatTime(now)},
                               {u"name"_s, u"Bench Agent"_s}, {u"email"_s, u"bench@vigil.test"_s},
                               {u"role"_s, u"agent"_s},      {u"time_zone"_s, u"UTC"_s}};
        if (auto s = store.put(Kind::User, user); !s)
            return s;
        auto secret = store.secrets().createToken(userId, u"bench"_s);
        if (!secret)
            return secret.error();
        token = secret.value().toLatin1();
        static const QStringList priorities{u"P1"_s, u"P2"_s, u"P3"_s, u"P4"_s, u"P5"_s};
        for (int i = 0; i < changes; ++i) {
            auto n = store.nextCounter(u"ticket_key"_s);
            if (!n)
                return n.error();
            Ticket t;
            t.id = Json::newId();
            t.key = u"SD-%1"_s.arg(n.value());
            t.version = 1;
            t.createdAt = t.updatedAt = now.addSecs(-changes + i);
            t.summary = u"Seeded ticket %1: VPN drops every 10 minutes"_s.arg(i);
            t.description = u"Seeded for the catch-up benchmark."_s;
            t.priority = *priorityFromString(priorities.at(i % 5));
            t.requesterName = u"Park Jiwoo"_s;
            t.requesterEmail = u"jiwoo@example.com"_s;
            t.statusHistory = {{TicketStatus::Open, t.createdAt}};
            if (auto s = store.put(Kind::Ticket, t.toJson()); !s)
                return s;
        }
        return Ok{};
    });
    if (!st)
        qFatal("seeding failed: %s", qPrintable(st.error().message));
    return token;
}

using Client = Bench::KeepAliveClient;

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

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(u"vigild benchmark: ticket creation throughput and change-feed catch-up"_s);
    p.addHelpOption();
    p.addOption({u"vigild"_s, u"The vigild binary."_s, u"PATH"_s, QString::fromUtf8(VIGILD_DEFAULT_BIN)});
    p.addOption({u"clients"_s, u"Concurrent keep-alive connections creating tickets."_s, u"N"_s, u"8"_s});
    p.addOption({u"tickets"_s, u"Tickets to create in the throughput run."_s, u"N"_s, u"20000"_s});
    p.addOption({u"changes"_s, u"Changes to seed for the catch-up run."_s, u"N"_s, u"100000"_s});
    p.process(app);
    const int clients = std::max(1, p.value(u"clients"_s).toInt());
    const int tickets = std::max(1, p.value(u"tickets"_s).toInt());
    const int changes = std::max(1, p.value(u"changes"_s).toInt());

    QTemporaryDir dir;
    const QString db = dir.filePath(u"bench.db"_s);
    QElapsedTimer timer;
    timer.start();
    const QByteArray token = seed(db, changes);
    say(u"seeded %1 ticket changes into %2 in %3 ms"_s.arg(changes).arg(db).arg(timer.elapsed()));

    QProcess vigild;
    vigild.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    vigild.start(p.value(u"vigild"_s), {u"--db"_s, db, u"--listen"_s, u"127.0.0.1:0"_s});
    quint16 port = 0;
    static const QRegularExpression listening(u"listening on http://127\\.0\\.0\\.1:(\\d+)"_s);
    while (port == 0 && vigild.waitForReadyRead(15'000)) {
        while (vigild.canReadLine()) {
            const auto m = listening.match(QString::fromUtf8(vigild.readLine()));
            if (m.hasMatch())
                port = quint16(m.captured(1).toUInt());
        }
    }
    if (port == 0)
        qFatal("vigild did not start");
    say(u"vigild pid %1 on port %2, VmRSS %3 KiB"_s.arg(vigild.processId()).arg(port).arg(rssKiB(vigild.processId())));

    // --- catch-up: one fresh client pages through the whole change log.
    {
        Client c(port, token);
        if (!c.waitConnected())
            qFatal("cannot connect");
        qint64 since = 0;
        qint64 received = 0;
        int pages = 0;
        bool failed = false;
        QEventLoop loop;
        c.onResponse = [&](int status, const QByteArray &body) {
            const QJsonObject o = QJsonDocument::fromJson(body).object();
            const QJsonArray page = o.value(u"changes").toArray();
            if (status != 200 || (!page.isEmpty() && page.first().toObject().value(u"rev").toInteger() != since + 1)) {
                failed = true;
                loop.quit();
                return;
            }
            received += page.size();
            ++pages;
            since = o.value(u"last_rev").toInteger();
            if (o.value(u"more").toBool())
                c.send({"GET", "/api/v1/changes?limit=5000&since=" + QByteArray::number(since), {}});
            else
                loop.quit();
        };
        timer.restart();
        c.send({"GET", "/api/v1/changes?limit=5000&since=0", {}});
        loop.exec();
        const qint64 ms = timer.elapsed();
        if (failed)
            qFatal("catch-up failed at rev %lld", since);
        say(u"catch-up: %1 changes in %2 pages of 5000 (JSON parsed by the client) in %3 ms = %4 changes/s; "
            "vigild VmRSS %5 KiB"_s.arg(received).arg(pages).arg(ms).arg(received * 1000 / std::max<qint64>(1, ms))
                .arg(rssKiB(vigild.processId())));
    }

    // --- throughput: `clients` keep-alive connections, each creating tickets back to back.
    {
        std::vector<std::unique_ptr<Client>> pool;
        std::vector<qint64> latencies;
        latencies.reserve(tickets);
        int started = 0;
        int done = 0;
        int errors = 0;
        QEventLoop loop;
        const auto next = [&](Client &c) {
            if (started >= tickets)
                return;
            ++started;
            c.send({"POST", "/api/v1/tickets",
                    R"({"summary":"Benchmark ticket )" + QByteArray::number(started)
                        + R"(","priority":"P3","requester_name":"Bench","requester_email":"bench@example.com"})"});
        };
        for (int i = 0; i < clients; ++i) {
            pool.push_back(std::make_unique<Client>(port, token));
            if (!pool.back()->waitConnected())
                qFatal("cannot connect");
        }
        timer.restart();
        for (auto &cp : pool) {
            Client *c = cp.get();
            c->onResponse = [&, c](int status, const QByteArray &) {
                latencies.push_back(c->elapsedUs());
                if (status != 201)
                    ++errors;
                if (++done == tickets)
                    loop.quit();
                else
                    next(*c);
            };
            next(*c);
        }
        loop.exec();
        const qint64 ms = timer.elapsed();
        std::sort(latencies.begin(), latencies.end());
        const auto pct = [&](double q) { return latencies.at(std::min<size_t>(latencies.size() - 1, size_t(q * latencies.size()))); };
        say(u"create: %1 tickets over %2 keep-alive connections in %3 ms = %4 tickets/s; latency p50 %5 us, p99 %6 us; "
            "%7 errors; vigild VmRSS %8 KiB"_s.arg(tickets).arg(clients).arg(ms)
                .arg(qint64(tickets) * 1000 / std::max<qint64>(1, ms)).arg(pct(0.5)).arg(pct(0.99)).arg(errors)
                .arg(rssKiB(vigild.processId())));
    }

    vigild.terminate();
    vigild.waitForFinished(10'000);
    return 0;
}
