#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

class QNetworkReply;

namespace Vigil::Testing {

/// One HTTP exchange as a test sees it.
struct Reply
{
    int status = 0;              // 0 when the request failed below HTTP (refused, timed out)
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QString networkError;

    [[nodiscard]] QJsonObject json() const;
    [[nodiscard]] QString errorCode() const;  // error.code, or empty
    [[nodiscard]] QString errorField() const; // error.field, or empty
    [[nodiscard]] QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
};

/// Extra request headers, in order.
using Headers = QList<std::pair<QByteArray, QByteArray>>;

/// The real vigild binary (from $VIGILD_BIN) running on a temporary SQLite file and a free loopback port, with one
/// user and one API token per role created through the admin CLI. Blocking helpers drive it over HTTP.
/// Single-threaded; every wait spins the caller's event loop.
class VigildProcess final
{
public:
    static const QStringList &roles(); // viewer, responder, agent, manager, admin

    VigildProcess();
    ~VigildProcess();
    Q_DISABLE_COPY_MOVE(VigildProcess)

    /// Creates the users and tokens (first call only) and starts the server. Returns false with a reason in
    /// lastError() when vigild is missing, fails or does not announce its port within 15 s.
    [[nodiscard]] bool start(const QStringList &extraArgs = {});
    /// Starts (again) on a given port — clients that keep their server URL across a restart need the same one.
    [[nodiscard]] bool startOnPort(quint16 port);
    /// Use this database (an SQLite path or a postgres:// URL) instead of a temporary SQLite file. Before start().
    void setDatabase(const QString &spec) { m_dbSpec = spec; }
    /// Run as a second server on `other`'s database, with its users and tokens. Before start().
    void shareDatabaseWith(const VigildProcess &other);
    /// Creates an empty database in the test PostgreSQL cluster ($VIGIL_TEST_PG_URL) and returns its URL, or an
    /// empty string with a reason in `error`.
    [[nodiscard]] static QString createPostgresDatabase(const QString &prefix, QString *error);
    /// Terminates gracefully (SIGTERM) and waits.
    void stop();
    /// SIGKILL: no chance to flush or close anything.
    void kill();
    /// Starts again on the same database file (a new port).
    [[nodiscard]] bool restart();

    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] qint64 pid() const;
    [[nodiscard]] quint16 port() const { return m_port; }
    [[nodiscard]] QString dbPath() const;
    [[nodiscard]] QString lastError() const { return m_error; }
    [[nodiscard]] QUrl url(const QString &pathAndQuery) const;
    /// The token and user id of the user created for `role`.
    [[nodiscard]] QByteArray token(const QString &role) const { return m_tokens.value(role); }
    [[nodiscard]] QString userId(const QString &role) const { return m_userIds.value(role); }
    /// Resident memory of the server in KiB (VmRSS), -1 when unknown.
    [[nodiscard]] qint64 rssKiB() const;
    /// What the running server printed on stdout after announcing its port, waiting until `until` appears in it
    /// (or `timeoutMs` passes).
    [[nodiscard]] QByteArray output(const QByteArray &until, int timeoutMs = 5000);
    /// Runs an admin subcommand against the database and returns its stdout (empty with lastError() on failure).
    [[nodiscard]] QByteArray cli(const QStringList &args);

    /// Sends a request and spins an event loop until the answer (or `timeoutMs`). With `token` empty no
    /// Authorization header is sent. A non-empty body gets Content-Type: application/json unless `headers`
    /// name another one.
    Reply request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                  const QByteArray &token = {}, const Headers &headers = {}, int timeoutMs = 15'000);
    /// Same as request() with the token of `role`.
    Reply as(const QString &role, const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
             const Headers &headers = {});
    /// Starts a request without waiting; the caller owns the reply.
    QNetworkReply *send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                        const QByteArray &token = {}, const Headers &headers = {});
    [[nodiscard]] static Reply collect(QNetworkReply *reply);

    /// Convenience: creates a ticket as the agent and returns it (empty object on failure).
    QJsonObject createTicket(const QJsonObject &fields);
    /// The newest change-log revision, from /healthz.
    qint64 lastRev();

    /// Waits until the escalation engine and the delivery worker (of whichever server holds the engine lock) have
    /// fired every step and sent every delivery due by now: what a bug would have paged or sent by now has then been
    /// paged or sent. The proof is a marker: an alert on a service of its own pages the viewer, who is paged again
    /// by hand (escalate: a step due now, which the engine fires in a pass that fires every step due before it, in
    /// due order); the page that shows the escalation reaches the viewer's webhook, a receiver here, from a worker
    /// pass that sends every delivery due by then. The marker alert is closed and the viewer's contact methods
    /// emptied afterwards. Returns false, with lastError(), when that page does not arrive within `timeoutMs`.
    [[nodiscard]] bool engineCaughtUp(int timeoutMs = 15'000);

private:
    bool setupUsers();

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_proc;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    quint16 m_port = 0;
    bool m_usersReady = false;
    QStringList m_extraArgs;
    QString m_dbSpec;
    quint16 m_listenPort = 0; // 0: a free port
    QString m_error;
    QHash<QString, QByteArray> m_tokens;
    QByteArray m_output; // stdout after the port was announced
    QHash<QString, QString> m_userIds;
    QString m_markerService; // engineCaughtUp()'s service, made at its first call
};

/// Compact JSON text of an object, for request bodies.
[[nodiscard]] QByteArray toJson(const QJsonObject &o);

} // namespace Vigil::Testing
