#include "alerts/alert.h"
#include "common/json.h"
#include "store/store.h"
#include "store/walcheckpointer.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>
#include <QTest>

using namespace Vigil;

class tst_Store final : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    FakeClock m_clock{QDateTime(QDate(2026, 11, 25), QTime(9, 0), Qt::UTC)};
    QHash<QString, QString> m_pgDatabases; // test database name → URL, created once per run

    [[nodiscard]] static bool postgres()
    {
        QFETCH_GLOBAL(QString, backend);
        return backend == QLatin1String("postgres");
    }

    /// A database for one test: an SQLite file, or a fresh PostgreSQL database in the test cluster.
    QString spec(const char *name)
    {
        if (!postgres())
            return m_dir.filePath(QString::fromLatin1(name) + QStringLiteral(".db"));
        const QString key = QString::fromLatin1(name);
        if (auto it = m_pgDatabases.constFind(key); it != m_pgDatabases.cend())
            return *it;
        QUrl url(qEnvironmentVariable("VIGIL_TEST_PG_URL"));
        const QString db = QStringLiteral("vigil_%1_%2").arg(key).arg(QRandomGenerator::global()->bounded(1u << 30));
        {
            QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("admin"));
            admin.setHostName(url.host());
            admin.setPort(url.port(5432));
            admin.setUserName(url.userName());
            admin.setDatabaseName(url.path().mid(1));
            if (!admin.open())
                qFatal("cannot reach the test PostgreSQL: %s", qPrintable(admin.lastError().text()));
            QSqlQuery q(admin);
            if (!q.exec(QStringLiteral("CREATE DATABASE ") + db))
                qFatal("CREATE DATABASE failed: %s", qPrintable(q.lastError().text()));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("admin"));
        url.setPath(u'/' + db);
        m_pgDatabases.insert(key, url.toString());
        return url.toString();
    }
    Result<std::unique_ptr<Store>> openStore(const char *name) { return Store::open(spec(name), m_clock); }
    static QJsonObject serviceDoc(const QString &id, const QString &name)
    {
        return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("version"), 1},
                           {QStringLiteral("created_at"), QStringLiteral("2026-11-25T09:00:00.000Z")},
                           {QStringLiteral("updated_at"), QStringLiteral("2026-11-25T09:00:00.000Z")},
                           {QStringLiteral("name"), name}};
    }
    /// An alert document on `serviceId`, created `minute` minutes after 08:00 on the test's day.
    [[nodiscard]] static QJsonObject alertDoc(const QString &serviceId, const QString &alias, const QString &status, int minute)
    {
        Alert a;
        a.id = Json::newId();
        a.version = 1;
        a.createdAt = a.updatedAt = a.lastSeenAt = QDateTime(QDate(2026, 11, 25), QTime(8, minute), Qt::UTC);
        a.serviceId = serviceId;
        a.message = QStringLiteral("Alert %1").arg(alias);
        a.alias = alias;
        QJsonObject o = a.toJson();
        o.insert(QStringLiteral("status"), status);
        return o;
    }
    static QJsonObject team(const QString &name)
    {
        return QJsonObject{{QStringLiteral("id"), Json::newId()}, {QStringLiteral("version"), 1},
                           {QStringLiteral("created_at"), QStringLiteral("2026-11-25T09:00:00Z")},
                           {QStringLiteral("updated_at"), QStringLiteral("2026-11-25T09:00:00Z")},
                           {QStringLiteral("name"), name}};
    }

private slots:
    // Every test runs on SQLite and on PostgreSQL (scripts/test.sh starts a cluster and sets VIGIL_TEST_PG_URL).
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addRow("sqlite") << QStringLiteral("sqlite");
        QTest::addRow("postgres") << QStringLiteral("postgres");
    }
    void init()
    {
        if (postgres() && qEnvironmentVariableIsEmpty("VIGIL_TEST_PG_URL"))
            QSKIP("VIGIL_TEST_PG_URL is not set; scripts/test.sh starts a PostgreSQL cluster and sets it");
    }

    void migratesFromEmpty()
    {
        auto store = openStore("empty");
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
        QCOMPARE(store.value()->schemaVersion(), int(migrations().last().version));
        QCOMPARE(store.value()->lastRev(), qint64(0));
        QCOMPARE(store.value()->isPostgres(), postgres());
        if (!postgres()) {
            QSqlQuery q(store.value()->db());
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
            QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
            QCOMPARE(q.value(0).toInt(), 1);
        }
        // Opening again applies nothing twice.
        store.value().reset();
        auto again = openStore("empty");
        QVERIFY(again.ok());
        QSqlQuery count(again.value()->db());
        QVERIFY(count.exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")) && count.next());
        QCOMPARE(count.value(0).toInt(), int(migrations().size()));
    }

    void revsAreGapFreeAcrossRollbacks()
    {
        auto opened = openStore("revs");
        QVERIFY(opened.ok());
        Store &store = *opened.value();
        qint64 hooked = 0;
        store.setCommittedHook([&](qint64 rev) { hooked = rev; });
        QVERIFY(store.write([&] { return store.put(Kind::Team, team(QStringLiteral("Infra"))); }).ok());
        QCOMPARE(hooked, qint64(1));
        // A failing write (unique name) rolls back and consumes no rev.
        const Status dup = store.write([&]() -> Status {
            if (auto s = store.put(Kind::Team, team(QStringLiteral("Apps"))); !s)
                return s;
            return store.put(Kind::Team, team(QStringLiteral("Infra")));
        });
        QVERIFY(!dup.ok());
        QCOMPARE(dup.error().code, QStringLiteral("conflict"));
        QCOMPARE(store.count(Kind::Team), qint64(1));
        QCOMPARE(store.lastRev(), qint64(1));
        QCOMPARE(hooked, qint64(1));
        QVERIFY(store.write([&] { return store.put(Kind::Team, team(QStringLiteral("Apps"))); }).ok());
        bool more = true;
        const auto changes = store.changesSince(0, 10, &more);
        QVERIFY(!more);
        QCOMPARE(changes.size(), 2);
        QCOMPARE(changes.at(0).rev, qint64(1));
        QCOMPARE(changes.at(1).rev, qint64(2));
        QCOMPARE(changes.at(1).data.value(QStringLiteral("name")).toString(), QStringLiteral("Apps"));
        const auto page = store.changesSince(0, 1, &more);
        QVERIFY(more);
        QCOMPARE(page.size(), 1);
    }

    void groupedWritesCommitTogether()
    {
        auto opened = openStore("grouped");
        QVERIFY(opened.ok());
        Store &store = *opened.value();
        auto otherOpened = Store::open(spec("grouped"), m_clock); // another connection, as another reader sees it
        QVERIFY(otherOpened.ok());
        Store &other = *otherOpened.value();
        QList<bool> groupOutcomes;
        QList<qint64> committed;
        store.setGroupHook([&](const Status &outcome) { groupOutcomes.append(outcome.ok()); });
        store.setCommittedHook([&](qint64 rev) { committed.append(rev); });

        QVERIFY(store.writeGrouped([&] { return store.put(Kind::Team, team(QStringLiteral("Infra"))); }).ok());
        // A failing grouped write undoes only its own part (its first put included).
        const Status dup = store.writeGrouped([&]() -> Status {
            if (auto s = store.put(Kind::Team, team(QStringLiteral("Apps"))); !s)
                return s;
            return store.put(Kind::Team, team(QStringLiteral("Infra")));
        });
        QCOMPARE(dup.error().code, QStringLiteral("conflict"));
        QVERIFY(store.writeGrouped([&] { return store.put(Kind::Team, team(QStringLiteral("Network"))); }).ok());
        QVERIFY(store.groupOpen());
        QCOMPARE(store.count(Kind::Team), qint64(2)); // this connection sees its open group
        QCOMPARE(other.count(Kind::Team), qint64(0)); // nobody else does before the commit
        QVERIFY(groupOutcomes.isEmpty());
        QVERIFY(committed.isEmpty());

        QVERIFY(store.flush().ok());
        QVERIFY(!store.groupOpen());
        QCOMPARE(groupOutcomes, QList<bool>{true});
        QCOMPARE(committed, QList<qint64>{2});
        QCOMPARE(other.count(Kind::Team), qint64(2));
        QCOMPARE(other.lastRev(), qint64(2)); // the counter row holds the group's last revision
        QVERIFY(other.select(Kind::Team, QStringLiteral("name = ?"), {QStringLiteral("Apps")}, {}).isEmpty());
        QVERIFY(store.flush().ok()); // nothing open: nothing to do, no hook
        QCOMPARE(groupOutcomes.size(), 1);

        // A plain write() commits the open group first, then stands on its own.
        QVERIFY(store.writeGrouped([&] { return store.put(Kind::Team, team(QStringLiteral("Desk"))); }).ok());
        QVERIFY(store.write([&] { return store.put(Kind::Team, team(QStringLiteral("Apps"))); }).ok());
        QCOMPARE(groupOutcomes, (QList<bool>{true, true}));
        QCOMPARE(committed, (QList<qint64>{2, 3, 4}));
        bool more = true;
        const auto changes = other.changesSince(0, 10, &more);
        QCOMPARE(changes.size(), 4);
        for (qsizetype i = 0; i < changes.size(); ++i)
            QCOMPARE(changes.at(i).rev, qint64(i + 1));
        QCOMPARE(changes.at(2).data.value(QStringLiteral("name")).toString(), QStringLiteral("Desk"));
        QCOMPARE(store.groupStats().groups, qint64(2));
        QCOMPARE(store.groupStats().writes, qint64(3));
    }

    // A transaction's change-log rows are written together before it commits, in multi-row statements of up to
    // 16 rows: 37 changes take three of them, in order.
    // The de-duplication look-up of every ingest reads the open alert of a service and alias straight from the
    // unique partial index of open alerts, without sorting (SQLite's query plan).
    void theDeduplicationLookUpNeedsNoSort()
    {
        if (postgres())
            QSKIP("the plan checked is SQLite's");
        auto opened = openStore("dedupplan");
        QVERIFY(opened.ok());
        QSqlQuery q(opened.value()->db());
        QVERIFY(q.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT id, version, updated_at FROM alerts WHERE service_id = 's' "
                                      "AND alias = 'a' AND status <> 'closed' LIMIT 1")));
        QStringList plan;
        while (q.next())
            plan.append(q.value(3).toString());
        QVERIFY2(plan.join(u' ').contains(QStringLiteral("USING INDEX alerts_open_alias")), qPrintable(plan.join(u" | ")));
        QVERIFY2(!plan.join(u' ').contains(QStringLiteral("TEMP B-TREE")), qPrintable(plan.join(u" | ")));
    }

    void manyChangesInOneTransactionKeepTheirOrder()
    {
        auto opened = openStore("manychanges");
        QVERIFY(opened.ok());
        Store &store = *opened.value();
        QVERIFY(store.write([&]() -> Status {
            for (int i = 1; i <= 37; ++i) {
                if (auto s = store.put(Kind::Team, team(QStringLiteral("Team %1").arg(i))); !s)
                    return s;
            }
            return Ok{};
        }).ok());
        bool more = true;
        const auto changes = store.changesSince(0, 100, &more);
        QVERIFY(!more);
        QCOMPARE(changes.size(), 37);
        for (qsizetype i = 0; i < changes.size(); ++i) {
            QCOMPARE(changes.at(i).rev, qint64(i + 1));
            QCOMPARE(changes.at(i).data.value(QStringLiteral("name")).toString(), QStringLiteral("Team %1").arg(i + 1));
        }
        QCOMPARE(store.lastRev(), qint64(37));
    }

    void replacingADocumentWritesWhatChanged()
    {
        auto opened = openStore("replace");
        QVERIFY(opened.ok());
        Store &store = *opened.value();
        const QJsonObject infra = team(QStringLiteral("Infra"));
        QVERIFY(store.write([&] { return store.put(Kind::Team, infra); }).ok());
        // Same indexed values: the document and its version change, the name index still finds it.
        QJsonObject same = infra;
        same.insert(QStringLiteral("version"), 2);
        same.insert(QStringLiteral("description"), QStringLiteral("servers and storage"));
        QVERIFY(store.write([&] { return store.put(Kind::Team, same, infra); }).ok());
        auto byName = store.select(Kind::Team, QStringLiteral("name = ?"), {QStringLiteral("Infra")}, {});
        QCOMPARE(byName.size(), 1);
        QCOMPARE(byName.first().value(QStringLiteral("description")).toString(), QStringLiteral("servers and storage"));
        // A renamed one: the indexed column follows.
        QJsonObject renamed = same;
        renamed.insert(QStringLiteral("version"), 3);
        renamed.insert(QStringLiteral("name"), QStringLiteral("Platform"));
        QVERIFY(store.write([&] { return store.put(Kind::Team, renamed, same); }).ok());
        QVERIFY(store.select(Kind::Team, QStringLiteral("name = ?"), {QStringLiteral("Infra")}, {}).isEmpty());
        QCOMPARE(store.select(Kind::Team, QStringLiteral("name = ?"), {QStringLiteral("Platform")}, {}).size(), 1);
        // Each replacement is a change with the new document.
        bool more = true;
        const auto changes = store.changesSince(0, 10, &more);
        QCOMPARE(changes.size(), 3);
        QCOMPARE(changes.at(2).data.value(QStringLiteral("name")).toString(), QStringLiteral("Platform"));
        QCOMPARE(store.lastRev(), qint64(3));
        // Replacing a document that is not there is an error and changes nothing.
        QJsonObject ghost = team(QStringLiteral("Ghost"));
        const Status missing = store.write([&] { return store.put(Kind::Team, ghost, ghost); });
        QCOMPARE(missing.error().code, QStringLiteral("not_found"));
        QCOMPARE(store.lastRev(), qint64(3));
        QCOMPARE(store.count(Kind::Team), qint64(1));
    }

    void checkpointsRunBesideTheWriter()
    {
        if (postgres())
            QSKIP("SQLite's write-ahead log only");
        // A writer that never checkpoints (as the Store's connection): its commits stay in the log file.
        const QString path = m_dir.filePath(QStringLiteral("checkpoint.db"));
        {
            QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("writer"));
            d.setDatabaseName(path);
            QVERIFY(d.open());
            QSqlQuery q(d);
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode=WAL")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_autocheckpoint=0")));
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)")));
            QVERIFY(d.transaction());
            QVERIFY(q.prepare(QStringLiteral("INSERT INTO t (payload) VALUES (?)")));
            for (int i = 0; i < 2000; ++i) {
                q.addBindValue(QByteArray(1000, char('a' + i % 26)));
                QVERIFY(q.exec());
            }
            QVERIFY(d.commit());
            QVERIFY(QFileInfo(path).size() < 100'000);          // the rows are in the log, not in the database yet
            QVERIFY(QFileInfo(path + u"-wal").size() > 1'000'000);

            WalCheckpointer checkpointer(path, 20);
            checkpointer.start();
            QTRY_VERIFY(checkpointer.checkpoints() >= 2);
            QTRY_VERIFY(QFileInfo(path).size() > 2'000'000); // copied in while the writer's connection stays open
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM t")) && q.next());
            QCOMPARE(q.value(0).toInt(), 2000);
            q = QSqlQuery();
            d.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("writer"));
    }

    void countersAreGapFree()
    {
        auto opened = openStore("counters");
        QVERIFY(opened.ok());
        Store &store = *opened.value();
        qint64 a = 0, b = 0;
        QVERIFY(store.write([&]() -> Status { a = store.nextCounter(QStringLiteral("ticket_key")).value(); return Ok{}; }).ok());
        QVERIFY(!store.write([&]() -> Status {
                          (void)store.nextCounter(QStringLiteral("ticket_key"));
                          return Error::make(ErrorCode::InvalidField, QStringLiteral("abandon"));
                      }).ok());
        QVERIFY(store.write([&]() -> Status { b = store.nextCounter(QStringLiteral("ticket_key")).value(); return Ok{}; }).ok());
        QCOMPARE(a, qint64(1));
        QCOMPARE(b, qint64(2));
    }

    void committedDataSurvivesReopen()
    {
        QString id;
        {
            auto opened = openStore("durable");
            QVERIFY(opened.ok());
            const QJsonObject t = team(QStringLiteral("Service Desk"));
            id = t.value(QStringLiteral("id")).toString();
            QVERIFY(opened.value()->write([&] { return opened.value()->put(Kind::Team, t); }).ok());
        }
        auto reopened = openStore("durable");
        QVERIFY(reopened.ok());
        const auto got = reopened.value()->get(Kind::Team, id);
        QVERIFY(got.ok());
        QCOMPARE(got->value(QStringLiteral("name")).toString(), QStringLiteral("Service Desk"));
        QCOMPARE(reopened.value()->lastRev(), qint64(1));
    }

    void foreignKeysAreEnforced()
    {
        auto opened = openStore("fk");
        QVERIFY(opened.ok());
        Store &store = *opened.value();
        QJsonObject svc = team(QStringLiteral("VPN"));
        svc.insert(QStringLiteral("team_id"), QStringLiteral("no-such-team"));
        const Status s = store.write([&] { return store.put(Kind::Service, svc); });
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("invalid_field"));
        QCOMPARE(store.count(Kind::Service), qint64(0));
        QCOMPARE(store.lastRev(), qint64(0));
    }

    void schedulesAreDocumentsWithTeamAndUniqueName()
    {
        auto opened = openStore("schedules");
        QVERIFY(opened.ok());
        Store &store = *opened.value();
        const QJsonObject infra = team(QStringLiteral("Infra"));
        QJsonObject primary = team(QStringLiteral("Infra primary"));
        primary.insert(QStringLiteral("team_id"), infra.value(QStringLiteral("id")));
        primary.insert(QStringLiteral("time_zone"), QStringLiteral("Asia/Seoul"));
        QVERIFY(store.write([&]() -> Status {
                         if (auto s = store.put(Kind::Team, infra); !s)
                             return s;
                         return store.put(Kind::Schedule, primary);
                     }).ok());
        QCOMPARE(entityName(Kind::Schedule), QStringLiteral("schedule"));
        QCOMPARE(store.count(Kind::Schedule, QStringLiteral("team_id = ?"), {infra.value(QStringLiteral("id")).toString()}),
                 qint64(1));
        QCOMPARE(store.get(Kind::Schedule, primary.value(QStringLiteral("id")).toString())->value(QStringLiteral("time_zone")),
                 QJsonValue(QStringLiteral("Asia/Seoul")));
        bool more = true;
        const auto changes = store.changesSince(1, 10, &more);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.at(0).entity, QStringLiteral("schedule"));

        // Given a taken name, an unknown team, or a team still referenced, the write fails and changes nothing.
        QJsonObject sameName = team(QStringLiteral("Infra primary"));
        Status s = store.write([&] { return store.put(Kind::Schedule, sameName); });
        QCOMPARE(s.error().code, QStringLiteral("conflict"));
        QJsonObject noTeam = team(QStringLiteral("Nowhere"));
        noTeam.insert(QStringLiteral("team_id"), QStringLiteral("no-such-team"));
        s = store.write([&] { return store.put(Kind::Schedule, noTeam); });
        QCOMPARE(s.error().code, QStringLiteral("invalid_field"));
        s = store.write([&] { return store.remove(Kind::Team, infra.value(QStringLiteral("id")).toString()); });
        QVERIFY(!s.ok());
        QCOMPARE(store.lastRev(), qint64(2));
        QVERIFY(store.write([&] { return store.remove(Kind::Schedule, primary.value(QStringLiteral("id")).toString()); }).ok());
        QCOMPARE(store.count(Kind::Schedule), qint64(0));
    }

    void upgradesFromTheFirstSchema()
    {
        // A database written before schedules existed (migration 1 only) gets the later migrations (schedules,
        // calendar feed tokens, alerts and escalation) on the next start and keeps its data.
        {
            auto opened = openStore("upgrade");
            QVERIFY(opened.ok());
            Store &store = *opened.value();
            QVERIFY(store.write([&] { return store.put(Kind::Team, team(QStringLiteral("Infra"))); }).ok());
            QSqlQuery q(store.db());
            for (const char *table : {"heartbeats", "notification_settings", "deliveries", "escalation_steps", "integrations", "alert_log", "alerts",
                                      "escalation_policies"})
                QVERIFY(q.exec(QStringLiteral("DROP TABLE %1").arg(QLatin1String(table))));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE feed_tokens")));
            QVERIFY(q.exec(QStringLiteral("DROP TABLE schedules")));
            QVERIFY(q.exec(QStringLiteral("DROP INDEX tokens_user")));
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE tokens DROP COLUMN last_used_at")));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM schema_migrations WHERE version >= 2")));
            QCOMPARE(store.schemaVersion(), 1);
        }
        auto reopened = openStore("upgrade");
        QVERIFY(reopened.ok());
        QCOMPARE(reopened.value()->schemaVersion(), int(migrations().last().version));
        QCOMPARE(reopened.value()->count(Kind::Team), qint64(1));
        QCOMPARE(reopened.value()->count(Kind::Schedule), qint64(0));
        QSqlQuery feedTokens(reopened.value()->db());
        QVERIFY(feedTokens.exec(QStringLiteral("SELECT COUNT(*) FROM feed_tokens")) && feedTokens.next());
        QCOMPARE(feedTokens.value(0).toInt(), 0);
        QSqlQuery lastUsed(reopened.value()->db());
        QVERIFY(lastUsed.exec(QStringLiteral("SELECT COUNT(last_used_at) FROM tokens")) && lastUsed.next());
        QCOMPARE(lastUsed.value(0).toInt(), 0);
        QCOMPARE(reopened.value()->count(Kind::Alert), qint64(0));
    }

    // One open alert per service and alias, whoever writes it: a second one is refused as a conflict (what the
    // losing server of a race gets), a closed one with the same alias is not. A refused attempt inside a write
    // undoes only itself: the write goes on and commits (PostgreSQL aborts a transaction at a failed statement).
    void secondOpenAlertWithTheSameAliasIsAConflict()
    {
        auto opened = openStore("uniqueopen");
        QVERIFY(opened.ok());
        Store &store = *opened.value();
        const QString service = Json::newId();
        QVERIFY(store.write([&] { return store.put(Kind::Service, serviceDoc(service, QStringLiteral("Mail"))); }).ok());
        QVERIFY(store.write([&] { return store.put(Kind::Alert, alertDoc(service, QStringLiteral("smtp"), u"open"_qs, 0)); }).ok());
        const Status second = store.write([&] { return store.put(Kind::Alert, alertDoc(service, QStringLiteral("smtp"), u"open"_qs, 1)); });
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, QStringLiteral("conflict"));
        QVERIFY(store.write([&] { return store.put(Kind::Alert, alertDoc(service, QStringLiteral("smtp"), u"closed"_qs, 2)); }).ok());

        const qint64 revBefore = store.lastRev();
        Status inside = Ok{};
        QVERIFY(store.write([&]() -> Status {
            inside = store.attempt([&] { return store.put(Kind::Alert, alertDoc(service, QStringLiteral("smtp"), u"acknowledged"_qs, 3)); });
            return store.put(Kind::Team, team(QStringLiteral("Mail ops")));
        }).ok());
        QCOMPARE(inside.error().code, QStringLiteral("conflict"));
        QCOMPARE(store.count(Kind::Alert, QStringLiteral("service_id = ? AND status <> 'closed'"), {service}), qint64(1));
        QCOMPARE(store.count(Kind::Team), qint64(1));
        bool more = true;
        const auto changes = store.changesSince(revBefore, 10, &more);
        QCOMPARE(changes.size(), 1); // the refused alert took no revision
        QCOMPARE(changes.first().rev, revBefore + 1);
        QCOMPARE(changes.first().entity, QStringLiteral("team"));
    }

    // A document replaced over the version it was read at (put with the row read, or putOver): when another writer
    // (another server) wrote the row in between, nothing is written and the caller gets a conflict instead of
    // losing that writer's change.
    void replacingAStaleDocumentIsAConflict()
    {
        auto a = openStore("stale");
        auto b = openStore("stale");
        QVERIFY(a.ok() && b.ok());
        Store &sa = *a.value();
        Store &sb = *b.value();
        const QString service = Json::newId();
        QVERIFY(sa.write([&] { return sa.put(Kind::Service, serviceDoc(service, QStringLiteral("DNS"))); }).ok());
        const QJsonObject stored = alertDoc(service, QStringLiteral("dns"), u"open"_qs, 0);
        QVERIFY(sa.write([&] { return sa.put(Kind::Alert, stored); }).ok());
        const QJsonObject readByA = sa.get(Kind::Alert, stored.value(u"id"_qs).toString()).value();
        const QJsonObject readByB = sb.get(Kind::Alert, stored.value(u"id"_qs).toString()).value();
        QVERIFY(sb.write([&] { return sb.put(Kind::Alert, Alert::seenAgain(readByB, m_clock.now()), readByB); }).ok());
        const Status stale = sa.write([&] { return sa.put(Kind::Alert, Alert::seenAgain(readByA, m_clock.now()), readByA); });
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().code, QStringLiteral("conflict"));
        QCOMPARE(sa.get(Kind::Alert, stored.value(u"id"_qs).toString()).value().value(u"count"_qs).toInteger(), 2);
        // Without the stored row (an alert decoded, changed and saved): the same, over the version it was read at.
        QJsonObject closed = readByA;
        closed.insert(u"status"_qs, u"closed"_qs);
        closed.insert(u"version"_qs, 2);
        const Status staleOver = sa.write([&] { return sa.putOver(Kind::Alert, closed, 1); });
        QCOMPARE(staleOver.error().code, QStringLiteral("conflict"));
        closed.insert(u"version"_qs, 3);
        QVERIFY(sa.write([&] { return sa.putOver(Kind::Alert, closed, 2); }).ok());
        QCOMPARE(sa.count(Kind::Alert, QStringLiteral("service_id = ? AND status = 'closed'"), {service}), qint64(1));
    }

    // Migration 9 makes (service, alias) unique among open alerts. A database written before it by several servers
    // may hold duplicates: the newest stays open, the others are closed (log entry naming the one kept, escalation
    // stopped, in the change feed), and the migration succeeds.
    void uniqueOpenAlertsMigrationClosesDuplicates()
    {
        const QString service = Json::newId();
        QStringList ids;
        qint64 revBefore = 0;
        {
            auto opened = openStore("dupopen");
            QVERIFY(opened.ok());
            Store &store = *opened.value();
            QSqlQuery q(store.db());
            QVERIFY(q.exec(QStringLiteral("DROP INDEX alerts_open_alias")));
            QVERIFY(q.exec(QStringLiteral("CREATE INDEX alerts_open ON alerts (service_id, alias, created_at) WHERE status <> 'closed'")));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM schema_migrations WHERE version >= 9")));
            QVERIFY(store.write([&]() -> Status {
                if (auto s = store.put(Kind::Service, serviceDoc(service, QStringLiteral("Storage"))); !s)
                    return s;
                // Three open (one acknowledged) and one closed with alias "disk", one open with alias "net".
                const QList<std::pair<const char *, int>> rows{{"open", 1}, {"open", 3}, {"acknowledged", 2}, {"closed", 0}};
                for (const auto &[status, minute] : rows) {
                    const QJsonObject o = alertDoc(service, QStringLiteral("disk"), QString::fromLatin1(status), minute);
                    ids.append(o.value(u"id"_qs).toString());
                    if (auto s = store.put(Kind::Alert, o); !s)
                        return s;
                }
                if (auto s = store.put(Kind::Alert, alertDoc(service, QStringLiteral("net"), u"open"_qs, 0)); !s)
                    return s;
                return store.queues().setPendingStep({ids.at(0), QStringLiteral("policy"), 0, 1, m_clock.now().addSecs(300)});
            }).ok());
            revBefore = store.lastRev();
        }
        auto reopened = openStore("dupopen");
        QVERIFY2(reopened.ok(), qPrintable(reopened.ok() ? QString() : reopened.error().message));
        Store &store = *reopened.value();
        QCOMPARE(store.schemaVersion(), int(migrations().last().version));
        const auto statusOf = [&](int i) { return store.get(Kind::Alert, ids.at(i)).value().value(u"status"_qs).toString(); };
        QCOMPARE(statusOf(0), QStringLiteral("closed"));
        QCOMPARE(statusOf(1), QStringLiteral("open")); // the newest, which de-duplication counted into
        QCOMPARE(statusOf(2), QStringLiteral("closed"));
        QCOMPARE(statusOf(3), QStringLiteral("closed"));
        QCOMPARE(store.count(Kind::Alert, QStringLiteral("alias = 'net' AND status = 'open'")), qint64(1));
        for (int i : {0, 2}) {
            const QJsonObject closed = store.get(Kind::Alert, ids.at(i)).value();
            QCOMPARE(closed.value(u"version"_qs).toInteger(), 2);
            QCOMPARE(closed.value(u"closed_at"_qs).toString(), Json::formatTime(m_clock.now()));
            const QList<QJsonObject> log = store.select(Kind::AlertLog, QStringLiteral("alert_id = ?"), {ids.at(i)}, {});
            QCOMPARE(log.size(), 1);
            QCOMPARE(log.first().value(u"type"_qs).toString(), QStringLiteral("closed"));
            QCOMPARE(log.first().value(u"details"_qs).toObject().value(u"duplicate_of"_qs).toString(), ids.at(1));
        }
        QVERIFY(!store.queues().pendingStep(ids.at(0)).has_value());
        bool more = true;
        QCOMPARE(store.changesSince(revBefore, 10, &more).size(), 4); // two alerts closed, two log entries
        const Status duplicate = store.write([&] { return store.put(Kind::Alert, alertDoc(service, QStringLiteral("disk"), u"open"_qs, 9)); });
        QCOMPARE(duplicate.error().code, QStringLiteral("conflict"));
    }

    void otherServersCommitsAreAnnounced()
    {
        if (!postgres())
            QSKIP("only PostgreSQL is shared by several servers");
        auto a = openStore("shared");
        auto b = openStore("shared");
        QVERIFY(a.ok() && b.ok());
        qint64 seenByB = 0;
        b.value()->setCommittedHook([&](qint64 rev) { seenByB = rev; });
        QVERIFY(a.value()->write([&] { return a.value()->put(Kind::Team, team(QStringLiteral("NOC"))); }).ok());
        QTRY_COMPARE(seenByB, qint64(1));
        QCOMPARE(b.value()->lastRev(), qint64(1));
        QCOMPARE(b.value()->count(Kind::Team), qint64(1));
    }

    // Services and alerts are read through a cache of decoded documents, checked against each row's version and
    // updated_at: another connection's writes are seen, and so is what replaced a rolled-back version.
    void cachedDocumentsFollowOtherWritersAndRollbacks()
    {
        auto a = openStore("doccache");
        auto b = openStore("doccache");
        QVERIFY(a.ok() && b.ok());
        Store &sa = *a.value();
        Store &sb = *b.value();
        const QString id = Json::newId();
        const auto service = [&](int version, const char *name) {
            return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("version"), version},
                               {QStringLiteral("created_at"), QStringLiteral("2026-11-25T09:00:00.000Z")},
                               {QStringLiteral("updated_at"), QStringLiteral("2026-11-25T09:00:00.000Z")},
                               {QStringLiteral("name"), QString::fromUtf8(name)}};
        };
        const auto nameIn = [](const Result<QJsonObject> &doc) {
            return doc ? doc->value(QStringLiteral("name")).toString() : QStringLiteral("<%1>").arg(doc.error().code);
        };
        QVERIFY(sa.write([&] { return sa.put(Kind::Service, service(1, "Billing")); }).ok());
        QCOMPARE(nameIn(sa.get(Kind::Service, id)), QStringLiteral("Billing"));
        // Another connection (another server on PostgreSQL) writes the next version.
        QVERIFY(sb.write([&] { return sb.put(Kind::Service, service(2, "Billing API")); }).ok());
        QCOMPARE(nameIn(sa.get(Kind::Service, id)), QStringLiteral("Billing API"));
        QCOMPARE(sa.first(Kind::Service, QStringLiteral("name = ?"), {QStringLiteral("Billing API")}, {})
                     .value_or(QJsonObject()).value(QStringLiteral("version")).toInteger(), 2);
        // Version 3 is written and rolled back; the other connection then writes its own version 3, at the same
        // updated_at.
        QString seenInside;
        const Status refused = sa.writeGrouped([&]() -> Status {
            if (auto s = sa.put(Kind::Service, service(3, "Rolled back")); !s)
                return s;
            seenInside = nameIn(sa.get(Kind::Service, id));
            return Error::make(ErrorCode::InvalidField, QStringLiteral("refused"), QStringLiteral("name"));
        });
        QVERIFY(!refused.ok());
        QCOMPARE(seenInside, QStringLiteral("Rolled back"));
        QVERIFY(sa.flush().ok());
        QVERIFY(sb.write([&] { return sb.put(Kind::Service, service(3, "Payments")); }).ok());
        QCOMPARE(nameIn(sa.get(Kind::Service, id)), QStringLiteral("Payments"));
        QCOMPARE(sa.first(Kind::Service, QStringLiteral("id = ?"), {id}, {}).value_or(QJsonObject()).value(QStringLiteral("name")).toString(),
                 QStringLiteral("Payments"));
        // Removed: gone from the cache too.
        QVERIFY(sb.write([&] { return sb.remove(Kind::Service, id); }).ok());
        QCOMPARE(nameIn(sa.get(Kind::Service, id)), QStringLiteral("<not_found>"));
        QVERIFY(!sa.first(Kind::Service, QStringLiteral("id = ?"), {id}, {}).has_value());
    }

    // Alerts and their log entries are the documents written most: their change-log rows refer to the row instead
    // of holding a second copy. The feed reads the row; other kinds keep their copy.
    void alertChangesReferToTheirRows()
    {
        auto opened = openStore("byref");
        QVERIFY(opened.ok());
        Store &store = *opened.value();
        Alert alert;
        alert.id = Json::newId();
        alert.version = 1;
        alert.createdAt = alert.updatedAt = alert.lastSeenAt = m_clock.now();
        alert.message = QStringLiteral("Disk full on db-1");
        alert.alias = QStringLiteral("disk");
        const AlertLogEntry entry{Json::newId(), alert.id, m_clock.now(), QStringLiteral("received"), {},
                                  QStringLiteral("Received from native"), {}};
        QJsonObject entryDoc = entry.toJson();
        entryDoc.insert(QStringLiteral("version"), 1);
        entryDoc.insert(QStringLiteral("created_at"), Json::formatTime(entry.at));
        entryDoc.insert(QStringLiteral("updated_at"), Json::formatTime(entry.at));
        const QJsonObject noc = team(QStringLiteral("NOC"));
        QVERIFY(store.write([&]() -> Status {
            if (auto s = store.put(Kind::Alert, alert.toJson()); !s)
                return s;
            if (auto s = store.put(Kind::AlertLog, entryDoc); !s)
                return s;
            return store.put(Kind::Team, noc);
        }).ok());
        const QJsonObject first = alert.toJson();
        alert.version = 2;
        alert.count = 2;
        QVERIFY(store.write([&] { return store.put(Kind::Alert, alert.toJson(), first); }).ok());

        QSqlQuery raw(store.db());
        QVERIFY(raw.exec(QStringLiteral("SELECT entity, data FROM changes ORDER BY rev")));
        QStringList copies;
        while (raw.next())
            copies.append(raw.value(0).toString() + u'=' + (raw.value(1).toString().isEmpty() ? u"ref"_qs : u"copy"_qs));
        QCOMPARE(copies, (QStringList{u"alert=ref"_qs, u"alert_log=ref"_qs, u"team=copy"_qs, u"alert=ref"_qs}));

        bool more = true;
        const auto changes = store.changesSince(0, 10, &more);
        QVERIFY(!more);
        QCOMPARE(changes.size(), 4);
        QCOMPARE(changes.at(0).entity, QStringLiteral("alert"));
        QCOMPARE(changes.at(0).data, alert.toJson()); // the row as it is now: version 2
        QCOMPARE(changes.at(1).data, entryDoc);
        QCOMPARE(changes.at(2).data, noc);
        QCOMPARE(changes.at(3).rev, qint64(4));
        QCOMPARE(changes.at(3).data.value(QStringLiteral("count")).toInt(), 2);

        // Removed: its earlier changes have nothing to show and are left out; the removal is there.
        QVERIFY(store.write([&] { return store.remove(Kind::Alert, alert.id); }).ok());
        const auto after = store.changesSince(0, 10, &more);
        QStringList seen;
        for (const Change &c : after)
            seen.append(QString::number(c.rev) + u' ' + c.entity + u' ' + c.op);
        QCOMPARE(seen, (QStringList{u"3 team upsert"_qs, u"5 alert delete"_qs}));
    }

    void tokensAreStoredHashed()
    {
        auto opened = openStore("tokens");
        QVERIFY(opened.ok());
        Store &store = *opened.value();
        const QJsonObject user{{QStringLiteral("id"), QStringLiteral("u1")}, {QStringLiteral("version"), 1},
                               {QStringLiteral("created_at"), QStringLiteral("2026-11-25T09:00:00Z")},
                               {QStringLiteral("updated_at"), QStringLiteral("2026-11-25T09:00:00Z")},
                               {QStringLiteral("name"), QStringLiteral("Kim")},
                               {QStringLiteral("email"), QStringLiteral("kim@example.com")},
                               {QStringLiteral("role"), QStringLiteral("agent")}};
        QString secret;
        QVERIFY(store.write([&]() -> Status {
                         if (auto s = store.put(Kind::User, user); !s)
                             return s;
                         secret = store.secrets().createToken(QStringLiteral("u1"), QStringLiteral("cli")).value();
                         return Ok{};
                     }).ok());
        QVERIFY(secret.startsWith(QStringLiteral("vgl_")));
        QVERIFY(secret.size() > 40);
        QCOMPARE(store.secrets().findToken(secret)->userId, QStringLiteral("u1"));
        QVERIFY(!store.secrets().findToken(secret + u'x').has_value());
        QSqlQuery q(store.db());
        QVERIFY(q.exec(QStringLiteral("SELECT hash FROM tokens")) && q.next());
        QVERIFY(q.value(0).toString() != secret);
        QCOMPARE(q.value(0).toString().size(), 64);
    }
    // The one place database errors become error codes, by SQLite's extended codes, PostgreSQL's SQLSTATEs or,
    // for drivers that report neither, the message.
    void sqlErrorsMapToErrorCodes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("nativeCode");
        QTest::addColumn<QString>("code");
        QTest::addRow("sqlite-unique") << u"constraint failed"_qs << u"2067"_qs << QString::fromLatin1(ErrorCode::Conflict);
        QTest::addRow("postgres-unique") << u"duplicate key value"_qs << u"23505"_qs << QString::fromLatin1(ErrorCode::Conflict);
        QTest::addRow("unique-by-message") << u"UNIQUE constraint failed: teams.name"_qs << QString()
                                           << QString::fromLatin1(ErrorCode::Conflict);
        QTest::addRow("sqlite-foreign-key") << u"constraint failed"_qs << u"787"_qs
                                            << QString::fromLatin1(ErrorCode::InvalidField);
        QTest::addRow("postgres-foreign-key") << u"violates constraint"_qs << u"23503"_qs
                                              << QString::fromLatin1(ErrorCode::InvalidField);
        QTest::addRow("foreign-key-by-message") << u"FOREIGN KEY constraint failed"_qs << QString()
                                                << QString::fromLatin1(ErrorCode::InvalidField);
        QTest::addRow("other") << u"disk I/O error"_qs << u"10"_qs << QString::fromLatin1(ErrorCode::Internal);
    }
    void sqlErrorsMapToErrorCodes()
    {
        if (postgres())
            QSKIP("no database involved: the sqlite row covers it");
        QFETCH(QString, text);
        QFETCH(QString, nativeCode);
        QFETCH(QString, code);
        const Error e = Connection::sqlError(QSqlError(QString(), text, QSqlError::StatementError, nativeCode),
                                             u"test"_qs);
        QCOMPARE(e.code, code);
    }
};

QTEST_GUILESS_MAIN(tst_Store)
#include "tst_store.moc"
