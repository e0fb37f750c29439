#include "api.h"
#include "alerting/alertingservice.h"
#include "alerting/alertwriter.h"
#include "alerting/deliveryworker.h"
#include "alerting/escalationengine.h"
#include "alerting/heartbeatmonitor.h"
#include "channels/notifier.h"
#include "common/json.h"
#include "demo/demo.h"
#include "http/connectionguard.h"
#include "http/httpserver.h"
#include "routes/changefeedroutes.h"
#include "store/store.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUrl>

#include <cstdio>

using namespace Vigil;

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "vigild: %s\n", qPrintable(message));
    return 2;
}

void out(const QString &line)
{
    std::fprintf(stdout, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stdout);
}

int userAdd(Store &store, const QStringList &args, const QCommandLineParser &p)
{
    if (args.size() != 3)
        return fail(QStringLiteral("usage: vigild [--db PATH] user add NAME --email E --role R [--time-zone TZ]"));
    const QString name = args.at(2).trimmed();
    const QString email = p.value(QStringLiteral("email")).trimmed().toLower();
    const QString role = p.value(QStringLiteral("role"));
    const QString tz = p.value(QStringLiteral("time-zone"));
    if (name.isEmpty())
        return fail(QStringLiteral("NAME must not be empty"));
    if (!email.contains(u'@'))
        return fail(QStringLiteral("--email must be an e-mail address"));
    if (!roleFromString(role))
        return fail(QStringLiteral("--role must be one of %1").arg(roleNames().join(QStringLiteral(", "))));
    if (!QTimeZone(tz.toUtf8()).isValid())
        return fail(QStringLiteral("--time-zone must be an IANA time zone such as Asia/Seoul"));
    const QDateTime now = store.clock().now();
    const QJsonObject o{{QStringLiteral("id"), Json::newId()},           {QStringLiteral("version"), 1},
                        {QStringLiteral("created_at"), Json::formatTime(now)}, {QStringLiteral("updated_at"), Json::formatTime(now)},
                        {QStringLiteral("name"), name},                 {QStringLiteral("email"), email},
                        {QStringLiteral("role"), role},                 {QStringLiteral("time_zone"), tz}};
    if (!store.select(Kind::User, QStringLiteral("email = ?"), {email}, {}, 1).isEmpty())
        return fail(QStringLiteral("a user with e-mail %1 already exists").arg(email));
    const Status st = store.write([&] { return store.put(Kind::User, o); });
    if (!st)
        return fail(st.error().message);
    out(QStringLiteral("created user %1 <%2> (%3), id %4").arg(name, email, role, o.value(QStringLiteral("id")).toString()));
    return 0;
}

int tokenCreate(Store &store, const QStringList &args, const QCommandLineParser &p)
{
    if (args.size() != 3)
        return fail(QStringLiteral("usage: vigild [--db PATH] token create NAME|EMAIL [--token-name LABEL]"));
    const QString who = args.at(2).trimmed();
    auto users = store.select(Kind::User, QStringLiteral("name = ? OR email = ?"), {who, who.toLower()}, {}, 2);
    if (users.isEmpty())
        return fail(QStringLiteral("no user named %1 (add one with: vigild user add NAME --email E --role R)").arg(who));
    if (users.size() > 1)
        return fail(QStringLiteral("several users are named %1: use the e-mail address").arg(who));
    const QString userId = users.first().value(QStringLiteral("id")).toString();
    QString secret;
    const Status st = store.write([&]() -> Status {
        auto s = store.secrets().createToken(userId, p.value(QStringLiteral("token-name")));
        if (!s)
            return s.error();
        secret = s.value();
        return Ok{};
    });
    if (!st)
        return fail(st.error().message);
    out(QStringLiteral("token for %1 (%2); it is shown only once:").arg(users.first().value(QStringLiteral("name")).toString(),
                                                                        users.first().value(QStringLiteral("role")).toString()));
    out(secret);
    return 0;
}

int tokenList(Store &store, const QStringList &args)
{
    if (args.size() != 2)
        return fail(QStringLiteral("usage: vigild [--db PATH] token list"));
    // One token a line, tab-separated: id, user's e-mail, label, created, last used, revoked ("-" for none).
    // Never the secret: only its hash is stored, and not even that is shown.
    out(QStringLiteral("id	user	name	created_at	last_used_at	revoked_at"));
    const auto time = [](const QDateTime &t) { return t.isValid() ? Json::formatTime(t) : QStringLiteral("-"); };
    for (const TokenInfo &t : store.secrets().tokens({})) {
        const auto user = store.get(Kind::User, t.userId);
        const QString who = user ? user->value(QStringLiteral("email")).toString() : t.userId;
        out(QStringList{t.id, who, t.name, time(t.createdAt), time(t.lastUsedAt), time(t.revokedAt)}.join(u'\t'));
    }
    return 0;
}

int tokenRevoke(Store &store, const QStringList &args)
{
    if (args.size() != 3)
        return fail(QStringLiteral("usage: vigild [--db PATH] token revoke ID"));
    const QString id = args.at(2).trimmed();
    const auto token = store.secrets().token(id);
    if (!token)
        return fail(QStringLiteral("no token has id %1 (vigild token list shows them)").arg(id));
    if (token->revokedAt.isValid())
        return fail(QStringLiteral("token %1 was already revoked at %2").arg(id, Json::formatTime(token->revokedAt)));
    if (const Status st = store.write([&] { return store.secrets().revokeToken(id); }); !st)
        return fail(st.error().message);
    out(QStringLiteral("revoked token %1 (%2)").arg(id, token->name));
    return 0;
}

int backup(Store &store, const QStringList &args)
{
    if (args.size() != 2)
        return fail(QStringLiteral("usage: vigild [--db PATH] backup FILE"));
    if (store.isPostgres())
        return fail(QStringLiteral("backup copies SQLite databases; back up PostgreSQL with pg_dump"));
    if (QFile::exists(args.at(1)))
        return fail(QStringLiteral("%1 exists; choose a new file name").arg(args.at(1)));
    QSqlQuery q(store.db());
    q.prepare(QStringLiteral("VACUUM INTO ?"));
    q.addBindValue(args.at(1));
    if (!q.exec())
        return fail(QStringLiteral("backup failed: %1").arg(q.lastError().text()));
    out(QStringLiteral("backup written to %1").arg(args.at(1)));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
#if defined(__GLIBC__)
    // Every request frees what SQLite allocated for it; with glibc's default trim threshold the heap is given back to
    // the kernel and grown again many times a second, and the TLB shootdowns of that cost about a fifth of the
    // ingest time (docs/BENCHMARKS.md, Alerts). Keep up to 256 MiB of freed heap instead.
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("vigild"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VIGIL_VERSION));

    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Vigil server: the REST API, change feed and live push for the Vigil console.\n\n"
        "Commands (run without a command to start the server):\n"
        "  user add NAME --email E --role R [--time-zone TZ]   add a user (roles: viewer, responder, agent,\n"
        "                                                      manager, admin)\n"
        "  token create NAME|EMAIL [--token-name LABEL]        create an API token for a user; prints it as the\n"
        "                                                      last line (it is stored only as a hash)\n"
        "  token list                                          list API tokens: id, user, name, created, last used,\n"
        "                                                      revoked (tab-separated; never the token itself)\n"
        "  token revoke ID                                     revoke an API token: it gets 401 from then on\n"
        "  migrate                                             apply schema migrations and exit\n"
        "  backup FILE                                         write a consistent copy of the database to FILE"));
    p.addHelpOption();
    p.addVersionOption();
    p.addOption({QStringLiteral("listen"), QStringLiteral("Address and port to listen on (default 127.0.0.1:8080; port 0 picks a free one)."),
                 QStringLiteral("ADDR:PORT"), QStringLiteral("127.0.0.1:8080")});
    p.addOption({QStringLiteral("db"),
                 QStringLiteral("SQLite database file (default vigil.db; created when missing), or a PostgreSQL URL "
                                "postgres://user:password@host:5432/dbname that several vigild may share."),
                 QStringLiteral("PATH|URL"),
                 QStringLiteral("vigil.db")});
    p.addOption({QStringLiteral("demo"), QStringLiteral("Seed demo data into an empty database (teams, users, services, 300 tickets, on-call "
                                "schedules, escalation policies, a day of alerts), and print ready-to-run commands that "
                                "send alerts through new demo integration keys.")});
    p.addOption({QStringLiteral("email"), QStringLiteral("user add: the user's e-mail address."), QStringLiteral("E")});
    p.addOption({QStringLiteral("role"), QStringLiteral("user add: viewer, responder, agent (default), manager or admin."),
                 QStringLiteral("R"), QStringLiteral("agent")});
    p.addOption({QStringLiteral("time-zone"), QStringLiteral("user add: IANA time zone (default UTC)."), QStringLiteral("TZ"),
                 QStringLiteral("UTC")});
    p.addOption({QStringLiteral("token-name"), QStringLiteral("token create: a label for the token."), QStringLiteral("LABEL"),
                 QStringLiteral("cli")});
    // Notification channels (docs/CHANNELS.md): where e-mail and SMS pages go.
    p.addOption({QStringLiteral("smtp-host"), QStringLiteral("SMTP relay for e-mail pages (none: e-mail contact methods fail)."),
                 QStringLiteral("HOST")});
    p.addOption({QStringLiteral("smtp-port"), QStringLiteral("SMTP relay port (default 25)."), QStringLiteral("PORT"),
                 QStringLiteral("25")});
    p.addOption({QStringLiteral("smtp-from"), QStringLiteral("Sender of e-mail pages, e.g. \"Vigil <vigil@example.com>\"."),
                 QStringLiteral("ADDRESS"), QStringLiteral("vigil@localhost")});
    p.addOption({QStringLiteral("smtp-user"), QStringLiteral("SMTP user name (AUTH when set; STARTTLS is then required)."), QStringLiteral("USER")});
    p.addOption({QStringLiteral("smtp-password-file"),
                 QStringLiteral("File holding the SMTP password (kept out of the command line)."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("smtp-require-tls"),
                 QStringLiteral("Refuse to send e-mail unless the relay offers STARTTLS (it is used whenever offered).")});
    p.addOption({QStringLiteral("sms-url"),
                 QStringLiteral("SMS/voice provider webhook; {phone} and {text} are replaced (URL-encoded)."),
                 QStringLiteral("URL")});
    p.addOption({QStringLiteral("sms-body"),
                 QStringLiteral("JSON body template for the SMS webhook; {phone} and {text} are replaced (JSON-escaped)."),
                 QStringLiteral("JSON")});
    p.addOption({QStringLiteral("allow-outbound"),
                 QStringLiteral("Internal networks that webhook and Slack contact methods may reach, e.g. "
                                "10.20.0.0/16,127.0.0.1 (repeatable). Loopback, private, link-local, CGNAT, ULA and "
                                "multicast addresses are refused otherwise; public addresses are always allowed."),
                 QStringLiteral("CIDR,...")});
    // The WebSocket stream (docs/API.md, "Change feed"): how many may be open, and when a silent one is closed.
    const StreamLimits streamDefaults;
    p.addOption({QStringLiteral("stream-max-per-token"),
                 QStringLiteral("WebSocket streams one API token may keep open (default %1).").arg(streamDefaults.maxPerToken),
                 QStringLiteral("N"), QString::number(streamDefaults.maxPerToken)});
    p.addOption({QStringLiteral("stream-max-total"),
                 QStringLiteral("WebSocket streams the server keeps open in all (default %1).").arg(streamDefaults.maxTotal),
                 QStringLiteral("N"), QString::number(streamDefaults.maxTotal)});
    p.addOption({QStringLiteral("stream-ping-ms"),
                 QStringLiteral("Ping every WebSocket stream this often, in milliseconds (default %1).").arg(streamDefaults.pingMs),
                 QStringLiteral("MS"), QString::number(streamDefaults.pingMs)});
    p.addOption({QStringLiteral("stream-idle-ms"),
                 QStringLiteral("Close a WebSocket stream that answered no ping for this long, in milliseconds (default %1).")
                     .arg(streamDefaults.idleMs),
                 QStringLiteral("MS"), QString::number(streamDefaults.idleMs)});
    p.addPositionalArgument(QStringLiteral("command"), QStringLiteral("user add | token create | token list | token revoke | migrate | backup"),
                            QStringLiteral("[command]"));
    p.process(app);

    SystemClock clock;
    const QString dbPath = p.value(QStringLiteral("db"));
    auto opened = Store::open(dbPath, clock);
    if (!opened)
        return fail(opened.error().message);
    Store &store = *opened.value();

    const QStringList args = p.positionalArguments();
    if (!args.isEmpty()) {
        const QString cmd = args.first();
        if (cmd == QLatin1String("user") && args.value(1) == QLatin1String("add"))
            return userAdd(store, args, p);
        if (cmd == QLatin1String("token") && args.value(1) == QLatin1String("create"))
            return tokenCreate(store, args, p);
        if (cmd == QLatin1String("token") && args.value(1) == QLatin1String("list"))
            return tokenList(store, args);
        if (cmd == QLatin1String("token") && args.value(1) == QLatin1String("revoke"))
            return tokenRevoke(store, args);
        if (cmd == QLatin1String("migrate")) {
            out(QStringLiteral("database %1 is at schema version %2").arg(dbPath).arg(store.schemaVersion()));
            return 0;
        }
        if (cmd == QLatin1String("backup"))
            return backup(store, args);
        return fail(QStringLiteral("unknown command \"%1\"; see vigild --help").arg(args.join(u' ')));
    }

    QList<DemoIntegration> demoIntegrations;
    if (p.isSet(QStringLiteral("demo"))) {
        if (auto st = seedDemo(store, clock); !st)
            return fail(QStringLiteral("demo data: %1").arg(st.error().message));
        if (auto st = seedDemoAlerting(store, clock); !st)
            return fail(QStringLiteral("demo alerting data: %1").arg(st.error().message));
        auto created = createDemoIntegrations(store);
        if (!created)
            return fail(QStringLiteral("demo integrations: %1").arg(created.error().message));
        demoIntegrations = created.value();
    }

    // Idempotency keys are honoured for 7 days (docs/API.md).
    if (const qint64 purged = store.idempotency().purge(7 * 24 * 3600); purged > 0)
        out(QStringLiteral("forgot %1 idempotency keys older than 7 days").arg(purged));

    const QString listen = p.value(QStringLiteral("listen"));
    const auto colon = listen.lastIndexOf(u':');
    bool portOk = false;
    const int port = colon < 0 ? -1 : listen.mid(colon + 1).toInt(&portOk);
    QHostAddress address(listen.left(colon).remove(u'[').remove(u']'));
    if (!portOk || port < 0 || port > 65535 || address.isNull())
        return fail(QStringLiteral("--listen must be ADDR:PORT, such as 127.0.0.1:8080"));

    // The alerting service owns ingest and actions; the engine, the delivery worker and the heartbeat monitor sit
    // beside it, and the API's routes reach all of it through the service (docs/ARCHITECTURE.md).
    AlertWriter alertWriter(store, clock);
    AlertingService alerting(store, alertWriter, clock);
    HttpServer http;
    Api api(store, clock, alerting);
    StreamLimits streamLimits;
    const std::pair<const char *, int *> streamOptions[] = {{"stream-max-per-token", &streamLimits.maxPerToken},
                                                            {"stream-max-total", &streamLimits.maxTotal},
                                                            {"stream-ping-ms", &streamLimits.pingMs},
                                                            {"stream-idle-ms", &streamLimits.idleMs}};
    for (const auto &[name, value] : streamOptions) {
        bool ok = false;
        *value = p.value(QLatin1String(name)).toInt(&ok);
        if (!ok || *value < 1)
            return fail(QStringLiteral("--%1 must be a whole number of 1 or more").arg(QLatin1String(name)));
    }
    api.setStreamLimits(streamLimits);
    api.registerRoutes(http);
    ChannelConfig channels;
    channels.smtpHost = p.value(QStringLiteral("smtp-host"));
    channels.smtpPort = quint16(p.value(QStringLiteral("smtp-port")).toUInt());
    channels.smtpFrom = p.value(QStringLiteral("smtp-from"));
    channels.smtpUser = p.value(QStringLiteral("smtp-user"));
    channels.smtpRequireTls = p.isSet(QStringLiteral("smtp-require-tls"));
    channels.smsUrlTemplate = p.value(QStringLiteral("sms-url"));
    channels.smsBodyTemplate = p.value(QStringLiteral("sms-body"));
    if (p.isSet(QStringLiteral("smtp-password-file"))) {
        QFile f(p.value(QStringLiteral("smtp-password-file")));
        if (!f.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read --smtp-password-file %1: %2").arg(f.fileName(), f.errorString()));
        channels.smtpPassword = QString::fromUtf8(f.readAll()).trimmed();
    }
    for (const QString &item : p.values(QStringLiteral("allow-outbound"))) {
        QString bad;
        const auto subnets = OutboundPolicy::parseSubnets(item, &bad);
        if (!subnets)
            return fail(QStringLiteral("--allow-outbound: \"%1\" is not an address or a network such as 10.0.0.0/8").arg(bad));
        channels.allowOutbound += *subnets;
    }
    Notifier notifier(channels, clock);
    EscalationEngine escalation(store, alertWriter, clock);
    DeliveryWorker deliveries(store, alertWriter, clock, notifier);
    alerting.setEscalationEngine(&escalation);
    escalation.setDeliveryWorker(&deliveries);
    escalation.start();
    deliveries.start();
    HeartbeatMonitor heartbeats(store, alerting, clock);
    heartbeats.start();
    auto *tcp = new GuardedTcpServer(ConnectionLimits{});
    if (!tcp->listen(address, quint16(port))) {
        const QString why = tcp->errorString();
        delete tcp;
        return fail(QStringLiteral("cannot listen on %1: %2").arg(listen, why));
    }
    http.bind(tcp);
    out(QStringLiteral("vigild %1 listening on http://%2:%3 (database %4, schema %5)")
            .arg(QStringLiteral(VIGIL_VERSION), address.toString())
            .arg(tcp->serverPort())
            .arg(store.isPostgres() ? QUrl(dbPath).adjusted(QUrl::RemovePassword).toString() : dbPath)
            .arg(store.schemaVersion()));
    if (!demoIntegrations.isEmpty()) {
        // So that a user can send an alert in at once, the way each tool does.
        const QString base = QStringLiteral("http://%1:%2").arg(address.toString()).arg(tcp->serverPort());
        out(QStringLiteral("demo integrations (new keys on every start):"));
        for (const DemoIntegration &d : demoIntegrations) {
            if (d.type == u"alertmanager")
                out(QStringLiteral("  %1, Alertmanager webhook: curl -s -H 'Content-Type: application/json' -d "
                                   "'{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
                                   "\"labels\":{\"alertname\":\"VpnDown\",\"severity\":\"critical\"},\"annotations\":"
                                   "{\"summary\":\"VPN 게이트웨이 응답 없음\"},\"fingerprint\":\"demo1\"}]}' %2/integrations/alertmanager/%3")
                        .arg(d.service, base, d.key));
            else if (d.type == u"pagerduty")
                out(QStringLiteral("  %1, PagerDuty Events v2: curl -s -H 'Content-Type: application/json' -d "
                                   "'{\"routing_key\":\"%3\",\"event_action\":\"trigger\",\"payload\":{\"summary\":"
                                   "\"Mail queue above 1000\",\"source\":\"mx-01\",\"severity\":\"error\"}}' %2/v2/enqueue")
                        .arg(d.service, base, d.key));
            else
                out(QStringLiteral("  %1, Opsgenie: curl -s -H 'Authorization: GenieKey %3' -H 'Content-Type: application/json' "
                                   "-d '{\"message\":\"ERP login fails\",\"priority\":\"P2\"}' %2/v2/alerts")
                        .arg(d.service, base, d.key));
        }
    }
    return app.exec();
}
