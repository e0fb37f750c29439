#include "common/json.h"
#include "store/store.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Vigil;

class TestStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    FakeClock m_clock{QDateTime(QDate(2026, 11, 25), QTime(9, 0), Qt::UTC)};

    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    static QJsonObject team(const QString &name)
    {
        return QJsonObject{{QStringLiteral("id"), Json::newId()}, {QStringLiteral("version"), 1},
                           {QStringLiteral("created_at"), QStringLiteral("2026-11-25T09:00:00Z")},
                           {QStringLiteral("updated_at"), QStringLiteral("2026-11-25T09:00:00Z")},
                           {QStringLiteral("name"), name}};
    }

private slots:
    void migratesFromEmpty()
    {
        auto store = Store::openSqlite(path("empty.db"), m_clock);
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message));
        QCOMPARE(store.value()->schemaVersion(), int(migrations().last().version));
        QCOMPARE(store.value()->lastRev(), qint64(0));
        QSqlQuery q(store.value()->db());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        // Opening again applies nothing twice.
        store.value().reset();
        auto again = Store::openSqlite(path("empty.db"), m_clock);
        QVERIFY(again.ok());
        QSqlQuery count(again.value()->db());
        QVERIFY(count.exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")) && count.next());
        QCOMPARE(count.value(0).toInt(), int(migrations().size()));
    }

    void revsAreGapFreeAcrossRollbacks()
    {
        auto opened = Store::openSqlite(path("revs.db"), m_clock);
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

    void countersAreGapFree()
    {
        auto opened = Store::openSqlite(path("counters.db"), m_clock);
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
        const QString file = path("durable.db");
        QString id;
        {
            auto opened = Store::openSqlite(file, m_clock);
            QVERIFY(opened.ok());
            const QJsonObject t = team(QStringLiteral("Service Desk"));
            id = t.value(QStringLiteral("id")).toString();
            QVERIFY(opened.value()->write([&] { return opened.value()->put(Kind::Team, t); }).ok());
        }
        auto reopened = Store::openSqlite(file, m_clock);
        QVERIFY(reopened.ok());
        const auto got = reopened.value()->get(Kind::Team, id);
        QVERIFY(got.ok());
        QCOMPARE(got->value(QStringLiteral("name")).toString(), QStringLiteral("Service Desk"));
        QCOMPARE(reopened.value()->lastRev(), qint64(1));
    }

    void tokensAreStoredHashed()
    {
        auto opened = Store::openSqlite(path("tokens.db"), m_clock);
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
                         secret = store.createToken(QStringLiteral("u1"), QStringLiteral("cli")).value();
                         return Ok{};
                     }).ok());
        QVERIFY(secret.startsWith(QStringLiteral("vgl_")));
        QVERIFY(secret.size() > 40);
        QCOMPARE(store.findToken(secret)->userId, QStringLiteral("u1"));
        QVERIFY(!store.findToken(secret + u'x').has_value());
        QSqlQuery q(store.db());
        QVERIFY(q.exec(QStringLiteral("SELECT hash FROM tokens")) && q.next());
        QVERIFY(q.value(0).toString() != secret);
        QCOMPARE(q.value(0).toString().size(), 64);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
