#pragma once

#include "common/clock.h"
#include "common/result.h"
#include "oncall/schedule.h"
#include "outbox.h"
#include "sla/slapolicy.h"
#include "tickets/ticket.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QSet>

#include <memory>
#include <optional>

namespace Vigil {

struct CachedUser
{
    QString id;
    QString name;
    QString email;
    QString role;
};

using TicketPtr = std::shared_ptr<const Ticket>;

/// The console's local SQLite cache: mirror tables of what the server sent, the sync position and the outbox of
/// commands not yet confirmed. One file per server, opened in WAL mode with foreign keys on.
///
/// Tickets are also held in memory (an index the models read without SQL) with every field but the description,
/// which ticketDetails() reads when a ticket is opened: start-up reads one packed column per ticket (list_row) and
/// the index stays small. Every named command writes the cache
/// and the outbox in one transaction and then emits precise signals, so the UI updates at once, offline included.
/// Not thread-safe: lives on the GUI thread.
class LocalCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalCache)

public:
    explicit LocalCache(const Clock &clock, QObject *parent = nullptr);
    ~LocalCache() override;

    /// Opens (creating if needed) the cache file and loads the in-memory index.
    [[nodiscard]] Status open(const QString &path);
    [[nodiscard]] bool isOpen() const;
    [[nodiscard]] QString path() const { return m_path; }

    // --- reads (memory, no SQL); the index's tickets have an empty description ---
    [[nodiscard]] const QHash<QString, TicketPtr> &tickets() const { return m_tickets; }
    [[nodiscard]] TicketPtr ticket(const QString &id) const { return m_tickets.value(id); }
    [[nodiscard]] const QHash<QString, CachedUser> &users() const { return m_users; }
    [[nodiscard]] QString userName(const QString &id) const;
    [[nodiscard]] const SlaPolicy &slaPolicy() const { return m_slaPolicy; }
    [[nodiscard]] QString currentUserId() const { return m_currentUserId; }
    [[nodiscard]] qint64 lastRev() const { return m_lastRev; }
    [[nodiscard]] int pendingCount() const { return m_pendingCount; }
    /// True while a command on this ticket waits in the outbox.
    [[nodiscard]] bool hasPending(const QString &ticketId) const { return m_pendingTickets.contains(ticketId); }
    /// The whole ticket, description included, as cached now (one SQL query: for opening a ticket, not for data()).
    [[nodiscard]] std::optional<Ticket> ticketDetails(const QString &id) const;
    /// Comments of a ticket, oldest first, including those not yet sent (one SQL query; not for data()).
    [[nodiscard]] QList<TicketComment> comments(const QString &ticketId) const;
    /// Ids of comments still in the outbox.
    [[nodiscard]] bool isCommentPending(const QString &commentId) const;
    /// Team names by id.
    [[nodiscard]] QString teamName(const QString &id) const { return m_teamNames.value(id); }
    [[nodiscard]] const QHash<QString, QString> &teamNames() const { return m_teamNames; }

    // --- schedules (memory, no SQL): the server's schedules with the user's pending commands applied ---
    [[nodiscard]] const QHash<QString, Schedule> &schedules() const { return m_schedules; }
    [[nodiscard]] std::optional<Schedule> schedule(const QString &id) const;
    /// True while an override (by id) waits in the outbox to be added or removed.
    [[nodiscard]] bool isOverridePending(const QString &overrideId) const { return m_pendingOverrides.contains(overrideId); }

    // --- named commands: cache + outbox in one transaction ---
    /// Creates a ticket from `fields` (wire names; summary required). Returns the client id of the new ticket.
    [[nodiscard]] Result<QString> createTicket(const QJsonObject &fields);
    /// Changes any of the editable fields (wire names). If-Match carries the version the edit is based on.
    [[nodiscard]] Status updateTicket(const QString &id, const QJsonObject &fields);
    /// Assigns to a user (empty id = unassign).
    [[nodiscard]] Status assignTicket(const QString &id, const QString &userId);
    /// Moves the ticket along the workflow; invalid_transition when the workflow does not allow it.
    [[nodiscard]] Status transitionTicket(const QString &id, TicketStatus to);
    /// Adds a public or internal comment; returns its client id.
    [[nodiscard]] Result<QString> addComment(const QString &ticketId, const QString &body, bool isPublic);

    /// Adds an override: `userId` covers [start, end) (UTC) on a schedule. Validated like the server does (user,
    /// end after start, no overlap with another override of the same user; errors name the field user_id, start or
    /// end). Returns the override's client id.
    [[nodiscard]] Result<QString> addOverride(const QString &scheduleId, const QString &userId, const QDateTime &start,
                                              const QDateTime &end);
    /// Removes an override (one still waiting to be sent is removed after it is sent).
    [[nodiscard]] Status removeOverride(const QString &scheduleId, const QString &overrideId);
    /// Saves the name, team, time zone and layers of an edited schedule (its overrides are left alone: they have their
    /// own commands). Validated as a whole first; If-Match carries the version the edit is based on.
    [[nodiscard]] Status saveSchedule(const Schedule &edited);

    // --- used by the SyncEngine ---
    [[nodiscard]] std::optional<OutboxCommand> nextCommand() const;
    [[nodiscard]] QList<OutboxCommand> pendingCommands() const;
    /// The server accepted command `seq` and answered `response` (the ticket or the comment).
    void commandSucceeded(qint64 seq, const QJsonObject &response);
    /// Forget command `seq`; when `serverTicket` is given it becomes the cached state (take-theirs, rejected edit).
    void dropCommand(qint64 seq, const QJsonObject &serverTicket = {});
    /// Re-bases command `seq` on the server's newer ticket (keep-mine, non-overlapping edits).
    void rebaseCommand(qint64 seq, const QJsonObject &serverTicket);
    /// Applies a page of the change feed in one transaction and records `lastRev`.
    [[nodiscard]] Status applyChanges(const QJsonArray &changes, qint64 lastRev);
    /// Applies one ticket as the server has it now (re-applying the user's pending edits on top).
    void applyServerTicket(const QJsonObject &json);
    /// Applies one schedule as the server has it now (re-applying the user's pending commands on top).
    void applyServerSchedule(const QJsonObject &json);
    void setCurrentUserId(const QString &id);

Q_SIGNALS:
    void ticketUpserted(const QString &id);
    void ticketRemoved(const QString &id);
    /// Many tickets changed at once (first sync, reload): models reset.
    void ticketsReset();
    /// A ticket created offline got its server id.
    void ticketIdChanged(const QString &oldId, const QString &newId);
    void commentsChanged(const QString &ticketId);
    void usersChanged();
    void currentUserIdChanged(const QString &id);
    void slaPolicyChanged();
    void teamsChanged();
    /// Schedules were added, changed or removed (by the server or by the user's own commands).
    void schedulesChanged();
    void pendingCountChanged(int count);
    void lastRevChanged(qint64 rev);

private:
    [[nodiscard]] Status enqueue(OutboxCommand &c);
    [[nodiscard]] bool writeTicket(const Ticket &t);
    [[nodiscard]] bool deleteTicket(const QString &id);
    [[nodiscard]] bool writeComment(const TicketComment &c, bool pending);
    [[nodiscard]] bool setState(const QString &key, const QString &value);
    [[nodiscard]] Ticket withPendingApplied(Ticket t, const QString &entityId) const;
    void refreshPending();
    [[nodiscard]] Status migrate();
    void loadIndex();
    [[nodiscard]] Status fail(const QString &what) const;
    /// Upsert of a server ticket inside a running transaction; returns the id to announce (empty: nothing).
    QString upsertServerTicket(const QJsonObject &json);
    /// Stores a server schedule (inside a running transaction when there is one) and rebuilds its view.
    void storeServerSchedule(const QJsonObject &json);
    /// Recomputes m_schedules[id] from the server's copy and the pending commands on it.
    void rebuildSchedule(const QString &id, const QList<OutboxCommand> &pending);
    void rebuildSchedules();
    /// commandSucceeded()/dropCommand()/rebaseCommand() for schedule commands.
    void scheduleCommandSucceeded(const OutboxCommand &cmd, const QJsonObject &response);

    const Clock &m_clock;
    QString m_connection;
    QString m_path;
    QHash<QString, TicketPtr> m_tickets;
    QHash<QString, CachedUser> m_users;
    SlaPolicy m_slaPolicy;
    QString m_currentUserId;
    qint64 m_lastRev = 0;
    int m_pendingCount = 0;
    QSet<QString> m_pendingTickets;
    QSet<QString> m_pendingComments;
    QSet<QString> m_pendingOverrides;
    QHash<QString, QString> m_teamNames;
    QHash<QString, QJsonObject> m_serverSchedules; // as the server last sent them
    QHash<QString, Schedule> m_schedules;          // with pending commands applied
};

} // namespace Vigil
