// Builds a cache of 100,000 tickets and measures what the user feels: opening the cache and loading the model,
// one search keystroke, one sort, and resident memory. Targets: 500 ms, 50 ms, 100 ms, 200 MB.

#include "common/json.h"
#include "sync/localcache.h"
#include "ticketfilterproxy.h"
#include "tickettablemodel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

#include <cstdio>

using namespace Vigil;

namespace {

qint64 residentKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

void report(const char *what, double value, const char *unit, double target)
{
    std::printf("%-34s %10.1f %-3s (target <= %.0f %s) %s\n", what, value, unit, target, unit,
                value <= target ? "ok" : "OVER");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.sqlite"));
    const QDateTime now = QDateTime(QDate(2026, 11, 25), QTime(9, 0), QTimeZone::utc());
    FakeClock clock(now);
    const QStringList words{QStringLiteral("VPN"), QStringLiteral("printer"), QStringLiteral("laptop"),
                            QStringLiteral("password"), QStringLiteral("Outlook"), QStringLiteral("Wi-Fi"),
                            QStringLiteral("ERP"), QStringLiteral("메일"), QStringLiteral("결재"), QStringLiteral("모니터")};
    const QStringList statuses = ticketStatusNames();
    {
        std::printf("building a cache of %d tickets...\n", count);
        LocalCache builder(clock);
        if (!builder.open(path).ok())
            return 1;
        QJsonArray page;
        for (int i = 1; i <= count; ++i) {
            const QDateTime created = now.addSecs(-qint64(i) * 97);
            page.append(QJsonObject{
                {QStringLiteral("rev"), i}, {QStringLiteral("entity"), QStringLiteral("ticket")},
                {QStringLiteral("id"), QStringLiteral("t%1").arg(i)}, {QStringLiteral("op"), QStringLiteral("upsert")},
                {QStringLiteral("data"),
                 QJsonObject{{QStringLiteral("id"), QStringLiteral("t%1").arg(i)},
                             {QStringLiteral("key"), QStringLiteral("SD-%1").arg(i)},
                             {QStringLiteral("version"), 1},
                             {QStringLiteral("created_at"), Json::formatTime(created)},
                             {QStringLiteral("updated_at"), Json::formatTime(created.addSecs(30))},
                             {QStringLiteral("summary"), QStringLiteral("%1 problem number %2 on floor %3")
                                                             .arg(words.at(i % words.size())).arg(i).arg(i % 17)},
                             {QStringLiteral("description"), QStringLiteral("Reported by phone. Steps tried: restart, re-login.")},
                             {QStringLiteral("type"), QStringLiteral("incident")},
                             {QStringLiteral("priority"), priorityNames().at(i % 5)},
                             {QStringLiteral("status"), i % 7 == 0 ? statuses.at(3) : statuses.at(0)},
                             {QStringLiteral("requester_name"), QStringLiteral("Requester %1").arg(i % 500)},
                             {QStringLiteral("requester_email"), QStringLiteral("r%1@example.com").arg(i % 500)},
                             {QStringLiteral("assignee_id"), QJsonValue::Null}}}});
            if (page.size() == 5000 || i == count) {
                if (!builder.applyChanges(page, i).ok())
                    return 1;
                page = {};
            }
        }
    }
    const qint64 rssBefore = residentKiB();
    QElapsedTimer timer;
    timer.start();
    LocalCache cache(clock);
    if (!cache.open(path).ok())
        return 1;
    const qint64 openMs = timer.elapsed();
    TicketTableModel model(cache, clock);
    model.setTickInterval(0);
    TicketFilterProxy proxy;
    proxy.setTicketModel(&model);
    proxy.sort(TicketTableModel::UpdatedColumn, Qt::DescendingOrder);
    const double loadMs = timer.nsecsElapsed() / 1e6;
    std::printf("tickets loaded: %d (cache open %lld ms), visible: %d\n", model.rowCount(), openMs, proxy.rowCount());

    timer.restart();
    proxy.setSearchText(QStringLiteral("v"));
    const double keyMs = timer.nsecsElapsed() / 1e6;
    std::printf("search 'v' shows %d rows\n", proxy.rowCount());
    timer.restart();
    proxy.setSearchText(QStringLiteral("vp"));
    const double key2Ms = timer.nsecsElapsed() / 1e6;
    proxy.setSearchText(QString());

    timer.restart();
    proxy.sort(TicketTableModel::PriorityColumn, Qt::AscendingOrder);
    const double sortMs = timer.nsecsElapsed() / 1e6;
    timer.restart();
    proxy.sort(TicketTableModel::SlaColumn, Qt::AscendingOrder);
    const double sortSlaMs = timer.nsecsElapsed() / 1e6;

    const double rssMiB = residentKiB() / 1024.0;
    report("cache open + model load", loadMs, "ms", 500);
    report("search keystroke ('v')", keyMs, "ms", 50);
    report("search keystroke ('vp')", key2Ms, "ms", 50);
    report("sort by priority", sortMs, "ms", 100);
    report("sort by SLA remaining", sortSlaMs, "ms", 100);
    report("resident memory", rssMiB, "MiB", 200);
    std::printf("(resident memory before loading: %.1f MiB)\n", rssBefore / 1024.0);
    return 0;
}
