#pragma once

#include "alerts/alert.h"
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
using AlertPtr = std::shared_ptr<const Alert>;

/// One entry of an alert's log as the console shows it: the server's entry, or a note not yet sent (pending).
struct CachedAlertLogEntry
{
    AlertLogEntry entry;
    bool pending = false;
};

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

    // --- alerts (memory, no SQL): the server's alerts with the user's pending actions applied ---
    [[nodiscard]] const QHash<QString, AlertPtr> &alerts() const { return m_alerts; }
    [[nodiscard]] AlertPtr alert(const QString &id) const { return m_alerts.value(id); }
    /// True while an action on this alert waits in the outbox.
    [[nodiscard]] bool isAlertPending(const QString &alertId) const { return m_pendingTickets.contains(alertId); }
    /// Users the alert's log says were paged (`notified` entries), for "mine" filters.
    [[nodiscard]] QSet<QString> alertNotifiedUsers(const QString &alertId) const { return m_alertNotified.value(alertId); }
    /// The alert's log, oldest first, with notes not yet sent at the end (one SQL query: for opening an alert).
    [[nodiscard]] QList<CachedAlertLogEntry> alertLog(const QString &alertId) const;
    /// Service names by id.
    [[nodiscard]] QString serviceName(const QString &id) const { return m_serviceNames.value(id); }
    [[nodiscard]] const QHash<QString, QString> &serviceNames() const { return m_serviceNames; }
    /// Services as the server sent them (wire JSON with version), by id.
    [[nodiscard]] const QHash<QString, QJsonObject> &services() const { return m_services; }
    /// Escalation policies as the server sent them (wire JSON with version), by id.
    [[nodiscard]] const QHash<QString, QJsonObject> &escalationPolicies() const { return m_policies; }
    /// Number of rules of an escalation policy (0 when unknown).
    [[nodiscard]] int escalationRuleCount(const QString &policyId) const { return m_policyRuleCounts.value(policyId); }
    /// Teams `userId` is a member of (their `member_ids`).
    [[nodiscard]] QSet<QString> teamsOf(const QString &userId) const;

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

    /// Queues an alert action (acknowledge, unacknowledge, close, escalate: no body) and shows its effect at once.
    /// invalid_transition (field status) when the alert's status does not allow it, as the server would answer.
    [[nodiscard]] Status alertAction(const QString &alertId, OutboxCommand::Kind kind);
    [[nodiscard]] Status acknowledgeAlert(const QString &alertId)
    {
        return alertAction(alertId, OutboxCommand::Kind::AcknowledgeAlert);
    }
    [[nodiscard]] Status closeAlert(const QString &alertId) { return alertAction(alertId, OutboxCommand::Kind::CloseAlert); }
    /// Snoozes until `until` (UTC; must be in the future).
    [[nodiscard]] Status snoozeAlert(const QString &alertId, const QDateTime &until);
    /// Makes `userId` the owner.
    [[nodiscard]] Status assignAlert(const QString &alertId, const QString &userId);
    /// Adds a note (1–10,000 characters) to the log; returns the pending entry's id.
    [[nodiscard]] Result<QString> addAlertNote(const QString &alertId, const QString &body);

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
    /// Applies one alert as the server has it now (re-applying the user's pending actions on top).
    void applyServerAlert(const QJsonObject &json);
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
    void alertUpserted(const QString &id);
    void alertRemoved(const QString &id);
    /// Many alerts changed at once (first sync, reload): models reset.
    void alertsReset();
    /// Entries were added to (or pending notes removed from) an alert's log.
    void alertLogChanged(const QString &alertId);
    void servicesChanged();
    void escalationPoliciesChanged();
    void pendingCountChanged(int count);
    void lastRevChanged(qint64 rev);

private:
    /// Applies an alert action locally and queues it in one transaction (the pane shows it at once).
    [[nodiscard]] Status queueAlertCommand(const AlertPtr &current, OutboxCommand::Kind kind, const QJsonObject &body);
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
    /// Stores a server alert inside a running transaction; returns false when an older copy was ignored.
    bool storeServerAlert(const QJsonObject &json);
    /// Recomputes m_alerts[id] from the server's copy (table `alerts`) and the pending actions on it.
    void rebuildAlert(const QString &id, const QList<OutboxCommand> &pending);
    void loadAlerts();
    /// Stores one server log entry inside a running transaction; returns its alert id (empty: ignored).
    QString storeAlertLogEntry(const QJsonObject &json);
    /// commandSucceeded()/dropCommand() for alert actions.
    void alertCommandFinished(const OutboxCommand &cmd, const QJsonObject &response, bool succeeded);
    /// Migration 2: tables for alerts; replays the feed for caches that skipped alert entities.
    [[nodiscard]] Status migrateAlerts();

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
    QHash<QString, AlertPtr> m_alerts;             // with pending actions applied
    QHash<QString, QSet<QString>> m_alertNotified; // alert id → users paged
    QHash<QString, QString> m_serviceNames;
    QHash<QString, int> m_policyRuleCounts;
    QHash<QString, QJsonObject> m_services;
    QHash<QString, QJsonObject> m_policies;
    QHash<QString, QStringList> m_teamMembers;
};

} // namespace Vigil
