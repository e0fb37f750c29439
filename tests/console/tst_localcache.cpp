#include "alertfixture.h"
#include "common/json.h"
#include "sync/localcache.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Vigil;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 11, 25), QTime(9, 0), QTimeZone::utc());

QJsonObject serverTicket(const QString &id, int number, qint64 version, const QString &summary,
                         const QString &priority = QStringLiteral("P3"))
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("key"), QStringLiteral("SD-%1").arg(number)},
                       {QStringLiteral("version"), version},
                       {QStringLiteral("created_at"), Json::formatTime(T0)},
                       {QStringLiteral("updated_at"), Json::formatTime(T0.addSecs(version))},
                       {QStringLiteral("summary"), summary},
                       {QStringLiteral("description"), QString()},
                       {QStringLiteral("type"), QStringLiteral("incident")},
                       {QStringLiteral("priority"), priority},
                       {QStringLiteral("status"), QStringLiteral("open")},
                       {QStringLiteral("requester_name"), QStringLiteral("Park Jiwoo")},
                       {QStringLiteral("requester_email"), QStringLiteral("jiwoo@example.com")},
                       {QStringLiteral("assignee_id"), QJsonValue::Null}};
}

// A Seoul schedule with one daily layer of two people, as the server sends it.
QJsonObject serverSchedule(qint64 version, const QJsonArray &overrides = {})
{
    const QJsonObject layer{{QStringLiteral("name"), QStringLiteral("Primary")},
                            {QStringLiteral("participants"), QJsonArray{QStringLiteral("u1"), QStringLiteral("u2")}},
                            {QStringLiteral("rotation_type"), QStringLiteral("daily")},
                            {QStringLiteral("start"), QStringLiteral("2026-11-23T09:00:00")},
                            {QStringLiteral("restrictions"), QJsonArray{}}};
    return QJsonObject{{QStringLiteral("id"), QStringLiteral("s1")},
                       {QStringLiteral("version"), version},
                       {QStringLiteral("created_at"), Json::formatTime(T0)},
                       {QStringLiteral("updated_at"), Json::formatTime(T0)},
                       {QStringLiteral("name"), QStringLiteral("DB primary")},
                       {QStringLiteral("team_id"), QJsonValue::Null},
                       {QStringLiteral("time_zone"), QStringLiteral("Asia/Seoul")},
                       {QStringLiteral("layers"), QJsonArray{layer}},
                       {QStringLiteral("overrides"), overrides}};
}

QJsonArray upsert(qint64 rev, const QString &entity, const QJsonObject &data)
{
    return {QJsonObject{{QStringLiteral("rev"), rev}, {QStringLiteral("entity"), entity},
                        {QStringLiteral("id"), data.value(QStringLiteral("id"))}, {QStringLiteral("op"), QStringLiteral("upsert")},
                        {QStringLiteral("data"), data}}};
}

} // namespace

class tst_LocalCache final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("cache-%1.sqlite").arg(++m_n));
    }

    void shouldWriteCacheAndOutboxTogetherAndPersistThem()
    {
        // Given an empty cache
        FakeClock clock(T0);
        QString id;
        {
            LocalCache cache(clock);
            QVERIFY(cache.open(m_path).ok());
            QSignalSpy upserted(&cache, &LocalCache::ticketUpserted);
            QSignalSpy pending(&cache, &LocalCache::pendingCountChanged);
            // When a ticket is created offline
            auto r = cache.createTicket({{QStringLiteral("summary"), QStringLiteral("  Printer on fire  ")},
                                         {QStringLiteral("priority"), QStringLiteral("P1")}});
            QVERIFY(r.ok());
            id = r.value();
            // Then the UI hears about it at once, and one command waits
            QCOMPARE(upserted.count(), 1);
            QCOMPARE(upserted.at(0).at(0).toString(), id);
            QCOMPARE(pending.count(), 1);
            QCOMPARE(pending.at(0).at(0).toInt(), 1);
            QCOMPARE(cache.ticket(id)->summary, QStringLiteral("Printer on fire"));
            QVERIFY(cache.ticket(id)->priority == Priority::P1);
            const auto next = cache.nextCommand();
            QVERIFY(next.has_value());
            QCOMPARE(next->kind, OutboxCommand::Kind::CreateTicket);
            QCOMPARE(next->idempotencyKey, id);
            QCOMPARE(next->path(), QStringLiteral("/api/v1/tickets"));
        }
        // And both survive a restart
        LocalCache reopened(clock);
        QVERIFY(reopened.open(m_path).ok());
        QCOMPARE(reopened.tickets().size(), 1);
        QCOMPARE(reopened.pendingCount(), 1);
        QVERIFY(reopened.hasPending(id));
    }

    void shouldRejectBadSummaries_data()
    {
        QTest::addColumn<QString>("summary");
        QTest::addColumn<QString>("code");
        QTest::addRow("empty") << QString() << QStringLiteral("missing_field");
        QTest::addRow("blank") << QStringLiteral("   ") << QStringLiteral("missing_field");
        QTest::addRow("two-lines") << QStringLiteral("a\nb") << QStringLiteral("invalid_field");
        QTest::addRow("too-long") << QString(201, u'x') << QStringLiteral("invalid_field");
    }

    void shouldRejectBadSummaries()
    {
        QFETCH(QString, summary);
        QFETCH(QString, code);
        FakeClock clock(T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        const auto r = cache.createTicket({{QStringLiteral("summary"), summary}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QCOMPARE(r.error().field, QStringLiteral("summary"));
        QCOMPARE(cache.pendingCount(), 0);
        QVERIFY(cache.tickets().isEmpty());
    }

    void shouldKeepPendingEditsOnTopOfServerChanges()
    {
        // Given a ticket from the server and a local, unsent summary edit
        FakeClock clock(T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        QVERIFY(cache.applyChanges(upsert(1, QStringLiteral("ticket"), serverTicket(QStringLiteral("t1"), 1, 1, QStringLiteral("old"))), 1).ok());
        QVERIFY(cache.updateTicket(QStringLiteral("t1"), {{QStringLiteral("summary"), QStringLiteral("mine")}}).ok());
        QCOMPARE(cache.nextCommand()->baseVersion, 1);
        // When someone else changes the priority on the server
        QSignalSpy upserted(&cache, &LocalCache::ticketUpserted);
        QVERIFY(cache.applyChanges(upsert(2, QStringLiteral("ticket"), serverTicket(QStringLiteral("t1"), 1, 2, QStringLiteral("old"), QStringLiteral("P1"))), 2).ok());
        // Then the user sees both: their summary and the server's priority, at the server's version
        QCOMPARE(upserted.count(), 1);
        const auto t = cache.ticket(QStringLiteral("t1"));
        QCOMPARE(t->summary, QStringLiteral("mine"));
        QVERIFY(t->priority == Priority::P1);
        QCOMPARE(t->version, 2);
        QCOMPARE(cache.lastRev(), 2);
        // And an older answer never overwrites a newer state
        cache.applyServerTicket(serverTicket(QStringLiteral("t1"), 1, 1, QStringLiteral("stale")));
        QVERIFY(cache.ticket(QStringLiteral("t1"))->priority == Priority::P1);
    }

    void shouldMoveCommentsAndCommandsToTheServerId()
    {
        // Given a ticket created offline with a comment on it
        FakeClock clock(T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        const QString clientId = cache.createTicket({{QStringLiteral("summary"), QStringLiteral("VPN down")}}).value();
        const QString commentId = cache.addComment(clientId, QStringLiteral("Tried rebooting"), false).value();
        QVERIFY(cache.isCommentPending(commentId));
        QCOMPARE(cache.pendingCount(), 2);
        // When the server confirms the creation under its own id
        QSignalSpy changed(&cache, &LocalCache::ticketIdChanged);
        QSignalSpy removed(&cache, &LocalCache::ticketRemoved);
        const auto create = cache.nextCommand().value();
        cache.commandSucceeded(create.seq, serverTicket(QStringLiteral("server-1"), 7, 1, QStringLiteral("VPN down")));
        // Then the ticket, its comment and the queued comment command follow the new id
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(1).toString(), QStringLiteral("server-1"));
        QCOMPARE(removed.count(), 1);
        QVERIFY(!cache.ticket(clientId));
        QCOMPARE(cache.ticket(QStringLiteral("server-1"))->key, QStringLiteral("SD-7"));
        QCOMPARE(cache.comments(QStringLiteral("server-1")).size(), 1);
        QCOMPARE(cache.comments(QStringLiteral("server-1")).first().isPublic, false);
        const auto next = cache.nextCommand().value();
        QCOMPARE(next.kind, OutboxCommand::Kind::AddComment);
        QCOMPARE(next.path(), QStringLiteral("/api/v1/tickets/server-1/comments"));
        QCOMPARE(next.idempotencyKey, commentId);
        // When the comment is confirmed, the placeholder is replaced by the server's comment
        QJsonObject serverComment{{QStringLiteral("id"), QStringLiteral("c-9")}, {QStringLiteral("ticket_id"), QStringLiteral("server-1")},
                                  {QStringLiteral("author_id"), QStringLiteral("u1")}, {QStringLiteral("body"), QStringLiteral("Tried rebooting")},
                                  {QStringLiteral("public"), false}, {QStringLiteral("version"), 1},
                                  {QStringLiteral("created_at"), Json::formatTime(T0)}, {QStringLiteral("updated_at"), Json::formatTime(T0)}};
        cache.commandSucceeded(next.seq, serverComment);
        const auto comments = cache.comments(QStringLiteral("server-1"));
        QCOMPARE(comments.size(), 1);
        QCOMPARE(comments.first().id, QStringLiteral("c-9"));
        QCOMPARE(cache.pendingCount(), 0);
    }

    void shouldChainVersionsOfQueuedEdits()
    {
        FakeClock clock(T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        QVERIFY(cache.applyChanges(upsert(1, QStringLiteral("ticket"), serverTicket(QStringLiteral("t1"), 1, 3, QStringLiteral("a"))), 1).ok());
        QVERIFY(cache.transitionTicket(QStringLiteral("t1"), TicketStatus::InProgress).ok());
        QVERIFY(cache.assignTicket(QStringLiteral("t1"), QStringLiteral("u2")).ok());
        QVERIFY(cache.ticket(QStringLiteral("t1"))->status == TicketStatus::InProgress);
        QCOMPARE(cache.ticket(QStringLiteral("t1"))->assigneeId, QStringLiteral("u2"));
        // When the transition is accepted (version 4), the assignment is re-based on it
        auto first = cache.nextCommand().value();
        QJsonObject v4 = serverTicket(QStringLiteral("t1"), 1, 4, QStringLiteral("a"));
        v4.insert(QStringLiteral("status"), QStringLiteral("in_progress"));
        cache.commandSucceeded(first.seq, v4);
        const auto second = cache.nextCommand().value();
        QCOMPARE(second.kind, OutboxCommand::Kind::UpdateTicket);
        QCOMPARE(second.baseVersion, 4);
        // And the local view still shows the unsent assignment
        QCOMPARE(cache.ticket(QStringLiteral("t1"))->assigneeId, QStringLiteral("u2"));
    }

    void shouldRefuseTransitionsTheWorkflowForbids()
    {
        FakeClock clock(T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        QVERIFY(cache.applyChanges(upsert(1, QStringLiteral("ticket"), serverTicket(QStringLiteral("t1"), 1, 1, QStringLiteral("a"))), 1).ok());
        QVERIFY(cache.transitionTicket(QStringLiteral("t1"), TicketStatus::Closed).ok());
        const auto r = cache.transitionTicket(QStringLiteral("t1"), TicketStatus::InProgress);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("invalid_transition"));
        QCOMPARE(cache.pendingCount(), 1);
    }

    void shouldTakeTheirsAndForgetTheEdit()
    {
        FakeClock clock(T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        QVERIFY(cache.applyChanges(upsert(1, QStringLiteral("ticket"), serverTicket(QStringLiteral("t1"), 1, 1, QStringLiteral("a"))), 1).ok());
        QVERIFY(cache.updateTicket(QStringLiteral("t1"), {{QStringLiteral("summary"), QStringLiteral("mine")}}).ok());
        const auto cmd = cache.nextCommand().value();
        cache.dropCommand(cmd.seq, serverTicket(QStringLiteral("t1"), 1, 2, QStringLiteral("theirs")));
        QCOMPARE(cache.ticket(QStringLiteral("t1"))->summary, QStringLiteral("theirs"));
        QCOMPARE(cache.pendingCount(), 0);
        QVERIFY(!cache.hasPending(QStringLiteral("t1")));
    }

    void shouldMirrorUsersAndPolicy()
    {
        FakeClock clock(T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        QSignalSpy users(&cache, &LocalCache::usersChanged);
        QVERIFY(cache.applyChanges(upsert(5, QStringLiteral("user"), {{QStringLiteral("id"), QStringLiteral("u1")},
                                                                      {QStringLiteral("name"), QStringLiteral("김민준")},
                                                                      {QStringLiteral("role"), QStringLiteral("agent")}}), 5).ok());
        QCOMPARE(users.count(), 1);
        QCOMPARE(cache.userName(QStringLiteral("u1")), QStringLiteral("김민준"));
        LocalCache reopened(clock);
        QVERIFY(reopened.open(m_path).ok());
        QCOMPARE(reopened.userName(QStringLiteral("u1")), QStringLiteral("김민준"));
        QCOMPARE(reopened.lastRev(), 5);
    }

    void shouldReadTheDescriptionWhenATicketIsOpened()
    {
        FakeClock clock(T0);
        QJsonObject printer = serverTicket(QStringLiteral("t1"), 1, 1, QStringLiteral("Printer jam"));
        printer.insert(QStringLiteral("description"), QStringLiteral("Tray 2, since Monday"));
        {
            LocalCache cache(clock);
            QVERIFY(cache.open(m_path).ok());
            QVERIFY(cache.applyChanges(upsert(1, QStringLiteral("ticket"), printer), 1).ok());
        }
        // Given a reopened cache: its index holds every field but the description
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        const TicketPtr indexed = cache.ticket(QStringLiteral("t1"));
        QVERIFY(indexed);
        QCOMPARE(indexed->summary, QStringLiteral("Printer jam"));
        QCOMPARE(indexed->requesterEmail, QStringLiteral("jiwoo@example.com"));
        QCOMPARE(indexed->statusHistory.size(), 1);
        QVERIFY(indexed->description.isEmpty());
        // When the ticket is opened, the description is read
        QCOMPARE(cache.ticketDetails(QStringLiteral("t1"))->description, QStringLiteral("Tray 2, since Monday"));
        QVERIFY(!cache.ticketDetails(QStringLiteral("nope")));
        // When a local edit of another field is made, the description stays (and goes into the command's base)
        QVERIFY(cache.updateTicket(QStringLiteral("t1"), {{QStringLiteral("priority"), QStringLiteral("P1")}}).ok());
        QCOMPARE(cache.ticketDetails(QStringLiteral("t1"))->description, QStringLiteral("Tray 2, since Monday"));
        QCOMPARE(cache.pendingCommands().constFirst().base.value(QStringLiteral("description")).toString(),
                 QStringLiteral("Tray 2, since Monday"));
        // When sync brings a new description, opening the ticket shows it
        printer.insert(QStringLiteral("version"), 2);
        printer.insert(QStringLiteral("description"), QStringLiteral("Tray 2 replaced"));
        QVERIFY(cache.applyChanges(upsert(2, QStringLiteral("ticket"), printer), 2).ok());
        QCOMPARE(cache.ticketDetails(QStringLiteral("t1"))->description, QStringLiteral("Tray 2 replaced"));
        QVERIFY(cache.ticket(QStringLiteral("t1"))->description.isEmpty());
        QVERIFY(cache.ticket(QStringLiteral("t1"))->priority == Priority::P1); // the pending edit stays on top
    }

    void shouldMigrateACacheWithoutListRows()
    {
        // Given a cache file written before tickets had a list row (schema version 0)
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE tickets(id TEXT PRIMARY KEY, key TEXT, version INTEGER NOT NULL,"
                " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, summary TEXT, description TEXT,"
                " type INTEGER NOT NULL, priority INTEGER NOT NULL, status INTEGER NOT NULL, requester_name TEXT,"
                " requester_email TEXT, assignee_id TEXT, team_id TEXT, service_id TEXT,"
                " first_response_at INTEGER, resolved_at INTEGER, history TEXT)")));
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO tickets VALUES ('t1', 'SD-1', 3, %1, %2, 'VPN 끊김', 'Since the update', 0, 2, 1,"
                " 'Park Jiwoo', 'jiwoo@example.com', 'u1', 'team-1', NULL, NULL, NULL, '0@%1;1@%2')")
                .arg(T0.toMSecsSinceEpoch()).arg(T0.addSecs(60).toMSecsSinceEpoch())));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
        // When the console opens it
        FakeClock clock(T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        // Then every ticket is there with all its fields, and the description on demand
        const TicketPtr t = cache.ticket(QStringLiteral("t1"));
        QVERIFY(t);
        QCOMPARE(t->key, QStringLiteral("SD-1"));
        QCOMPARE(t->version, 3);
        QCOMPARE(t->summary, QStringLiteral("VPN 끊김"));
        QVERIFY(t->priority == Priority::P2);
        QVERIFY(t->status == TicketStatus::InProgress);
        QCOMPARE(t->assigneeId, QStringLiteral("u1"));
        QCOMPARE(t->teamId, QStringLiteral("team-1"));
        QVERIFY(t->serviceId.isEmpty());
        QVERIFY(!t->resolvedAt.isValid());
        QCOMPARE(t->statusHistory.size(), 2);
        QCOMPARE(t->statusHistory.at(1).at, T0.addSecs(60));
        QCOMPARE(cache.ticketDetails(QStringLiteral("t1"))->description, QStringLiteral("Since the update"));
    }

    void shouldShowPendingOverridesAtOnceAndKeepThemAcrossRestart()
    {
        FakeClock clock(T0);
        const QDateTime start(QDate(2026, 11, 26), QTime(1, 0), QTimeZone::utc());
        QString overrideId;
        {
            LocalCache cache(clock);
            QVERIFY(cache.open(m_path).ok());
            QSignalSpy changed(&cache, &LocalCache::schedulesChanged);
            QVERIFY(cache.applyChanges(upsert(1, QStringLiteral("schedule"), serverSchedule(3)), 1).ok());
            QCOMPARE(changed.count(), 1);
            QCOMPARE(cache.schedule(QStringLiteral("s1"))->name, QStringLiteral("DB primary"));
            // When an override is added offline
            auto r = cache.addOverride(QStringLiteral("s1"), QStringLiteral("u3"), start, start.addSecs(4 * 3600));
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
            overrideId = r.value();
            QCOMPARE(changed.count(), 2);
            // Then the schedule shows it at once, marked pending, and one command waits
            const auto shown = cache.schedule(QStringLiteral("s1"));
            QCOMPARE(shown->overrides.size(), 1);
            QCOMPARE(shown->overrides.at(0).userId, QStringLiteral("u3"));
            QCOMPARE(shown->overrides.at(0).start, start);
            QVERIFY(cache.isOverridePending(overrideId));
            const auto next = cache.nextCommand();
            QCOMPARE(next->kind, OutboxCommand::Kind::AddOverride);
            QCOMPARE(next->path(), QStringLiteral("/api/v1/schedules/s1/overrides"));
            QCOMPARE(next->body.value(QStringLiteral("start")).toString(), QStringLiteral("2026-11-26T01:00:00.000Z"));
            // And an overlapping override of the same user is refused, naming the field
            auto overlap = cache.addOverride(QStringLiteral("s1"), QStringLiteral("u3"), start.addSecs(3600),
                                             start.addSecs(8 * 3600));
            QVERIFY(!overlap.ok());
            QCOMPARE(overlap.error().field, QStringLiteral("start"));
            auto backwards = cache.addOverride(QStringLiteral("s1"), QStringLiteral("u1"), start, start);
            QVERIFY(!backwards.ok());
            QCOMPARE(backwards.error().field, QStringLiteral("end"));
            QCOMPARE(cache.pendingCount(), 1);
        }
        // After a restart the pending override is still there
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        QCOMPARE(cache.schedule(QStringLiteral("s1"))->overrides.size(), 1);
        QVERIFY(cache.isOverridePending(overrideId));
        // When the server confirms it under its own id, a removal queued meanwhile follows that id
        QVERIFY(cache.removeOverride(QStringLiteral("s1"), overrideId).ok());
        QCOMPARE(cache.schedule(QStringLiteral("s1"))->overrides.size(), 0);
        const auto add = cache.nextCommand();
        cache.commandSucceeded(add->seq, QJsonObject{{QStringLiteral("id"), QStringLiteral("ov-server")},
                                                     {QStringLiteral("user_id"), QStringLiteral("u3")},
                                                     {QStringLiteral("start"), Json::formatTime(start)},
                                                     {QStringLiteral("end"), Json::formatTime(start.addSecs(4 * 3600))},
                                                     {QStringLiteral("schedule_id"), QStringLiteral("s1")},
                                                     {QStringLiteral("schedule_version"), 4}});
        const auto remove = cache.nextCommand();
        QCOMPARE(remove->kind, OutboxCommand::Kind::RemoveOverride);
        QCOMPARE(remove->method(), QByteArray("DELETE"));
        QCOMPARE(remove->path(), QStringLiteral("/api/v1/schedules/s1/overrides/ov-server"));
        QCOMPARE(cache.schedule(QStringLiteral("s1"))->overrides.size(), 0);
        cache.commandSucceeded(remove->seq, {});
        QCOMPARE(cache.pendingCount(), 0);
        QCOMPARE(cache.schedule(QStringLiteral("s1"))->overrides.size(), 0);
        QCOMPARE(cache.schedule(QStringLiteral("s1"))->version, 5);
    }

    void shouldSaveAScheduleEditAndDropItWhenRefused()
    {
        FakeClock clock(T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        QVERIFY(cache.applyChanges(upsert(1, QStringLiteral("schedule"), serverSchedule(3)), 1).ok());
        Schedule edited = *cache.schedule(QStringLiteral("s1"));
        edited.layers[0].participants = {QStringLiteral("u2"), QStringLiteral("u1"), QStringLiteral("u4")};
        QVERIFY(cache.saveSchedule(edited).ok());
        QCOMPARE(cache.schedule(QStringLiteral("s1"))->layers.at(0).participants.size(), 3);
        const auto save = cache.nextCommand();
        QCOMPARE(save->kind, OutboxCommand::Kind::SaveSchedule);
        QCOMPARE(save->method(), QByteArray("PATCH"));
        QCOMPARE(save->baseVersion, 3);
        QVERIFY(!save->body.contains(QStringLiteral("overrides")));
        QCOMPARE(save->touchedFields().size(), 4);
        // An invalid edit never reaches the outbox
        Schedule empty = edited;
        empty.layers[0].participants.clear();
        const Status refused = cache.saveSchedule(empty);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().field, QStringLiteral("layers[0].participants"));
        QCOMPARE(cache.pendingCount(), 1);
        // When the server refuses the edit, the server's schedule is shown again
        QSignalSpy changed(&cache, &LocalCache::schedulesChanged);
        cache.dropCommand(save->seq);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(cache.pendingCount(), 0);
        QCOMPARE(cache.schedule(QStringLiteral("s1"))->layers.at(0).participants,
                 QStringList({QStringLiteral("u1"), QStringLiteral("u2")}));
        // And a deleted schedule disappears
        QJsonArray del{QJsonObject{{QStringLiteral("rev"), 2}, {QStringLiteral("entity"), QStringLiteral("schedule")},
                                   {QStringLiteral("id"), QStringLiteral("s1")}, {QStringLiteral("op"), QStringLiteral("delete")}}};
        QVERIFY(cache.applyChanges(del, 2).ok());
        QVERIFY(!cache.schedule(QStringLiteral("s1")).has_value());
    }

    void shouldMirrorAlertsTheirLogsAndWhoWasPaged()
    {
        // Given an empty cache
        FakeClock clock(T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        QSignalSpy upserted(&cache, &LocalCache::alertUpserted);
        QSignalSpy logs(&cache, &LocalCache::alertLogChanged);
        // When the feed brings teams, services, a policy, alerts and log entries
        QVERIFY(AlertFixture::seed(cache));
        // Then every alert is in memory, announced once, with its fields decoded
        QCOMPARE(cache.alerts().size(), 5);
        QCOMPARE(upserted.count(), 5);
        const AlertPtr a1 = cache.alert(QStringLiteral("a1"));
        QCOMPARE(a1->message, QStringLiteral("Disk full on db-01"));
        QCOMPARE(toString(a1->priority), toString(Priority::P1));
        QCOMPARE(a1->count, 12);
        QCOMPARE(a1->nextEscalationAt, AlertFixture::T0.addSecs(600));
        QCOMPARE(toString(cache.alert(QStringLiteral("a2"))->status), toString(AlertStatus::Acknowledged));
        // And the logs, who was paged, service names, rule counts and team memberships
        QCOMPARE(logs.count(), 2);
        const auto log = cache.alertLog(QStringLiteral("a1"));
        QCOMPARE(log.size(), 4);
        QCOMPARE(log.at(1).entry.type, QStringLiteral("notified"));
        QCOMPARE(log.at(2).entry.details.value(QStringLiteral("outcome")).toString(), QStringLiteral("SMTP 250 OK"));
        QVERIFY(!log.at(0).pending);
        QCOMPARE(cache.alertNotifiedUsers(QStringLiteral("a1")), QSet<QString>{QStringLiteral("kim")});
        QVERIFY(cache.alertNotifiedUsers(QStringLiteral("a2")).isEmpty());
        QCOMPARE(cache.serviceName(QStringLiteral("svc-net")), QStringLiteral("Core network"));
        QCOMPARE(cache.escalationRuleCount(QStringLiteral("pol")), 3);
        QCOMPARE(cache.teamsOf(QStringLiteral("kim")), QSet<QString>{QStringLiteral("dba")});
        // And an older copy of an alert arriving late is ignored
        QVERIFY(cache.applyChanges(QJsonArray{AlertFixture::change(
                                       100, QStringLiteral("alert"),
                                       AlertFixture::alertJson({"a1", "P1", "stale", "svc-db", "dba", "open", 1, -1800,
                                                                "", "pol", 0, -1, 0, 0}))},
                                   100)
                    .ok());
        QCOMPARE(cache.alert(QStringLiteral("a1"))->message, QStringLiteral("Disk full on db-01"));
        // And it all comes back from the file
        LocalCache reopened(clock);
        QVERIFY(reopened.open(m_path).ok());
        QCOMPARE(reopened.alerts().size(), 5);
        QCOMPARE(reopened.alert(QStringLiteral("a5"))->escalationCycle, 1);
        QCOMPARE(reopened.alertNotifiedUsers(QStringLiteral("a5")), QSet<QString>{QStringLiteral("kim")});
        QCOMPARE(reopened.alertLog(QStringLiteral("a1")).size(), 4);
    }

    void shouldShowAnAcknowledgeAtOnceAndKeepItAcrossRestart()
    {
        FakeClock clock(AlertFixture::T0);
        {
            LocalCache cache(clock);
            QVERIFY(cache.open(m_path).ok());
            QVERIFY(AlertFixture::seed(cache));
            QSignalSpy upserted(&cache, &LocalCache::alertUpserted);
            // When kim acknowledges a1
            QVERIFY(cache.acknowledgeAlert(QStringLiteral("a1")).ok());
            // Then it shows acknowledged by kim at once, escalation stopped, and one command waits
            QCOMPARE(upserted.count(), 1);
            const AlertPtr a1 = cache.alert(QStringLiteral("a1"));
            QCOMPARE(toString(a1->status), toString(AlertStatus::Acknowledged));
            QCOMPARE(a1->acknowledgedBy, QStringLiteral("kim"));
            QCOMPARE(a1->acknowledgedAt, AlertFixture::T0);
            QVERIFY(!a1->nextEscalationAt.isValid());
            QVERIFY(cache.isAlertPending(QStringLiteral("a1")));
            const auto next = cache.nextCommand();
            QCOMPARE(next->kind, OutboxCommand::Kind::AcknowledgeAlert);
            QCOMPARE(next->method(), QByteArray("POST"));
            QCOMPARE(next->path(), QStringLiteral("/api/v1/alerts/a1/acknowledge"));
            QVERIFY(!next->idempotencyKey.isEmpty());
            QVERIFY(next->body.isEmpty());
            // And acknowledging it again, or an acknowledged alert, is refused as the server would
            for (const char *id : {"a1", "a2"}) {
                const Status again = cache.acknowledgeAlert(QString::fromUtf8(id));
                QVERIFY(!again.ok());
                QCOMPARE(again.error().code, QString::fromUtf8(ErrorCode::InvalidTransition));
                QCOMPARE(again.error().field, QStringLiteral("status"));
            }
            QCOMPARE(cache.pendingCount(), 1);
        }
        // After a restart it is still acknowledged and pending
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        QCOMPARE(toString(cache.alert(QStringLiteral("a1"))->status), toString(AlertStatus::Acknowledged));
        QVERIFY(cache.isAlertPending(QStringLiteral("a1")));
        // A de-duplication from the feed meanwhile keeps the pending acknowledge on top
        AlertFixture::AlertSpec seenAgain = AlertFixture::Alerts[0];
        seenAgain.count = 13;
        seenAgain.version = 2;
        QVERIFY(cache.applyChanges({AlertFixture::change(50, QStringLiteral("alert"), AlertFixture::alertJson(seenAgain))}, 50).ok());
        QCOMPARE(cache.alert(QStringLiteral("a1"))->count, 13);
        QCOMPARE(toString(cache.alert(QStringLiteral("a1"))->status), toString(AlertStatus::Acknowledged));
        // When the server answers, its alert replaces the local one
        AlertFixture::AlertSpec answered = seenAgain;
        answered.status = "acknowledged";
        answered.owner = "kim";
        answered.version = 3;
        answered.nextSecs = 0;
        cache.commandSucceeded(cache.nextCommand()->seq, AlertFixture::alertJson(answered));
        QCOMPARE(cache.pendingCount(), 0);
        QVERIFY(!cache.isAlertPending(QStringLiteral("a1")));
        QCOMPARE(cache.alert(QStringLiteral("a1"))->version, 3);
        QCOMPARE(toString(cache.alert(QStringLiteral("a1"))->status), toString(AlertStatus::Acknowledged));
    }

    void shouldDropARefusedActionAndShowTheServersAlert()
    {
        FakeClock clock(AlertFixture::T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        QVERIFY(AlertFixture::seed(cache));
        // Given kim closed a3 and snoozed a5 for an hour, offline
        QVERIFY(cache.closeAlert(QStringLiteral("a3")).ok());
        QCOMPARE(toString(cache.alert(QStringLiteral("a3"))->status), toString(AlertStatus::Closed));
        QCOMPARE(cache.alert(QStringLiteral("a3"))->closedBy, QStringLiteral("kim"));
        QVERIFY(cache.snoozeAlert(QStringLiteral("a5"), AlertFixture::T0.addSecs(3600)).ok());
        QCOMPARE(cache.alert(QStringLiteral("a5"))->snoozedUntil, AlertFixture::T0.addSecs(3600));
        // A snooze into the past never reaches the outbox
        const Status past = cache.snoozeAlert(QStringLiteral("a5"), AlertFixture::T0.addSecs(-60));
        QVERIFY(!past.ok());
        QCOMPARE(past.error().field, QStringLiteral("until"));
        QCOMPARE(cache.pendingCount(), 2);
        // When the server refuses the close (someone acknowledged it meanwhile, say) and its alert is fetched
        QSignalSpy upserted(&cache, &LocalCache::alertUpserted);
        const auto close = cache.nextCommand();
        QCOMPARE(close->kind, OutboxCommand::Kind::CloseAlert);
        cache.dropCommand(close->seq);
        QCOMPARE(upserted.count(), 1);
        QCOMPARE(toString(cache.alert(QStringLiteral("a3"))->status), toString(AlertStatus::Open));
        AlertFixture::AlertSpec theirs = AlertFixture::Alerts[2];
        theirs.status = "acknowledged";
        theirs.version = 2;
        cache.applyServerAlert(AlertFixture::alertJson(theirs));
        // Then the server's state shows, and the snooze still waits
        QCOMPARE(toString(cache.alert(QStringLiteral("a3"))->status), toString(AlertStatus::Acknowledged));
        QCOMPARE(cache.pendingCount(), 1);
        QCOMPARE(cache.nextCommand()->kind, OutboxCommand::Kind::SnoozeAlert);
        QCOMPARE(cache.nextCommand()->body.value(QStringLiteral("until")).toString(),
                 QStringLiteral("2026-11-25T10:00:00.000Z"));
    }

    void shouldShowANoteAtOnceAndReplaceItWithTheServersEntry()
    {
        FakeClock clock(AlertFixture::T0);
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        QVERIFY(AlertFixture::seed(cache));
        QSignalSpy logs(&cache, &LocalCache::alertLogChanged);
        QVERIFY(!cache.addAlertNote(QStringLiteral("a1"), QStringLiteral("   ")).ok());
        auto note = cache.addAlertNote(QStringLiteral("a1"), QStringLiteral("Cleaning /var/log"));
        QVERIFY(note.ok());
        QCOMPARE(logs.count(), 1);
        auto log = cache.alertLog(QStringLiteral("a1"));
        QCOMPARE(log.size(), 5);
        QCOMPARE(log.last().entry.message, QStringLiteral("Cleaning /var/log"));
        QCOMPARE(log.last().entry.actorId, QStringLiteral("kim"));
        QVERIFY(log.last().pending);
        const auto cmd = cache.nextCommand();
        QCOMPARE(cmd->path(), QStringLiteral("/api/v1/alerts/a1/notes"));
        QCOMPARE(cmd->idempotencyKey, note.value());
        // When the server accepts it, the note stays (sent) until the feed brings the server's own entry
        cache.commandSucceeded(cmd->seq, AlertFixture::alertJson(AlertFixture::Alerts[0]));
        log = cache.alertLog(QStringLiteral("a1"));
        QCOMPARE(log.size(), 5);
        QVERIFY(!log.last().pending);
        QVERIFY(cache.applyChanges({AlertFixture::change(60, QStringLiteral("alert_log"),
                                                         AlertFixture::logJson("srv-note", "a1", 5, "note", "kim",
                                                                               QStringLiteral("Cleaning /var/log")))},
                                   60)
                    .ok());
        log = cache.alertLog(QStringLiteral("a1"));
        QCOMPARE(log.size(), 5);
        QCOMPARE(log.last().entry.id, QStringLiteral("srv-note"));
    }

    void shouldReadTheFeedAgainWhenACacheGainsAlerts()
    {
        FakeClock clock(T0);
        {
            LocalCache cache(clock);
            QVERIFY(cache.open(m_path).ok());
            QVERIFY(cache.applyChanges(upsert(41, QStringLiteral("ticket"), serverTicket(QStringLiteral("t1"), 1, 1,
                                                                                         QStringLiteral("Printer"))),
                                       41)
                        .ok());
            QCOMPARE(cache.lastRev(), 41);
        }
        {
            // A cache written by a version without alerts (schema 1), which skipped their changes
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("downgrade"));
            db.setDatabaseName(m_path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("downgrade"));
        LocalCache cache(clock);
        QVERIFY(cache.open(m_path).ok());
        QCOMPARE(cache.lastRev(), 0); // reads the feed from the start
        QCOMPARE(cache.tickets().size(), 1); // and keeps what it has
        // A current cache is left alone
        QVERIFY(cache.applyChanges({}, 41).ok());
        LocalCache again(clock);
        QVERIFY(again.open(m_dir.filePath(QStringLiteral("other.sqlite"))).ok());
        QVERIFY(again.applyChanges({}, 7).ok());
        QCOMPARE(again.lastRev(), 7);
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_n = 0;
};

QTEST_GUILESS_MAIN(tst_LocalCache)
#include "tst_localcache.moc"
