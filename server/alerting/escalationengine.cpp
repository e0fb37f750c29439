#include "escalationengine.h"

#include "alertwriter.h"
#include "deliveryworker.h"

#include "alerts/escalation.h"
#include "common/clock.h"
#include "common/json.h"
#include "oncall/oncallresolver.h"

#include <QJsonArray>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcEscalation, "vigil.server.escalation")

namespace Vigil {

using namespace Qt::StringLiterals;

namespace {


/// Looks up on-call people in the store (schedules decoded per call: steps are rare compared with look-ups).
Escalation::Directory storeDirectory(const Store &store)
{
    Escalation::Directory d;
    d.onCall = [&store](const QString &scheduleId, const QDateTime &at) -> QString {
        const auto row = store.get(Kind::Schedule, scheduleId);
        if (!row)
            return {};
        const auto schedule = Schedule::fromJson(row.value());
        return schedule ? OnCallResolver(schedule.value()).onCallAt(at, 1).userId : QString();
    };
    d.teamOnCall = [&store](const QString &teamId, const QDateTime &at) -> QStringList {
        QStringList users;
        for (const QJsonObject &row : store.select(Kind::Schedule, u"team_id = ?"_s, {teamId}, u"name, id"_s)) {
            const auto schedule = Schedule::fromJson(row);
            if (!schedule)
                continue;
            const QString user = OnCallResolver(schedule.value()).onCallAt(at, 1).userId;
            if (!user.isEmpty() && !users.contains(user))
                users.append(user);
        }
        return users;
    };
    return d;
}

Result<EscalationPolicy> loadPolicy(const Store &store, const QString &id)
{
    auto row = store.get(Kind::EscalationPolicy, id);
    if (!row)
        return row.error();
    return EscalationPolicy::fromJson(row.value());
}

QString describe(const EscalationTarget &t)
{
    return toString(t.type) + u' ' + t.id;
}

} // namespace

EscalationEngine::EscalationEngine(Store &store, AlertWriter &writer, const Clock &clock, QObject *parent)
    : QObject(parent), m_store(store), m_writer(writer), m_clock(clock)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        runDue();
        plan();
    });
}

void EscalationEngine::start()
{
    runDue();
    plan();
}

void EscalationEngine::wake()
{
    // Later in this event-loop turn: the request's transaction has committed by then.
    m_deferred = false;
    m_timer.start(0);
}

void EscalationEngine::committed(bool queuesTouched)
{
    if (queuesTouched || m_deferred || (m_deliveries && m_deliveries->deferred()))
        wake();
}

void EscalationEngine::plan()
{
    if (m_store.groupOpen()) {
        m_deferred = true; // planned when the group ends (the store's group hook calls committed())
        return;
    }
    if (!m_store.queues().holdsEngineLock()) {
        m_timer.start(5000); // another server runs the engine; take over if it goes away
        return;
    }
    const QDateTime now = m_clock.now();
    QDateTime next = m_store.queues().nextDueAt();
    // A due step that is backing off is not due for the engine: wake at the earliest retry instead, so that a step
    // that keeps failing does not spin the event loop (the others were fired by runDue() already).
    if (next.isValid() && next <= now && !m_backoff.isEmpty()) {
        QDateTime retry;
        for (const Backoff &b : std::as_const(m_backoff))
            retry = retry.isValid() ? std::min(retry, b.retryAt) : b.retryAt;
        next = retry;
    }
    // Re-check at least once a minute (another server sharing the database may have added steps).
    qint64 wait = 60'000;
    if (next.isValid())
        wait = std::clamp<qint64>(now.msecsTo(next), 0, wait);
    m_timer.start(int(wait));
}

int EscalationEngine::runDue()
{
    int fired = 0;
    // Steps and pages of ingests in an open group are not committed yet: the group's end wakes the engine again.
    if (m_store.groupOpen()) {
        m_deferred = true;
        return fired;
    }
    if (!m_store.queues().holdsEngineLock())
        return fired;
    for (;;) {
        const QDateTime now = m_clock.now();
        // Room for the steps that are backing off, so that they cannot crowd the healthy ones out of the batch.
        const QList<PendingStep> due = m_store.queues().dueSteps(now, 50 + int(m_backoff.size()));
        int progressed = 0;
        for (const PendingStep &step : due) {
            const auto backoff = m_backoff.constFind(step.alertId);
            if (backoff != m_backoff.cend() && backoff->retryAt > now)
                continue;
            const Status st = m_store.write([&] { return fire(step); });
            if (!st) {
                Backoff &b = m_backoff[step.alertId];
                b.failures = std::min(b.failures + 1, 20);
                const qint64 delay = std::min<qint64>(qint64(1000) << std::min(b.failures - 1, 9), 5 * 60'000);
                b.retryAt = now.addMSecs(delay);
                qCWarning(lcEscalation) << "step of alert" << step.alertId << "failed:" << st.error().message
                                        << "- tried again in" << delay << "ms";
                continue;
            }
            m_backoff.remove(step.alertId);
            ++fired;
            ++progressed;
        }
        if (progressed == 0) {
            // Nothing left that can fire now: every due step (if any) is backing off.
            if (m_deliveries)
                m_deliveries->wake(); // what was queued, and what an ingest or action queued
            return fired;
        }
    }
}

Result<bool> EscalationEngine::fireNew(Alert &alert, const PendingStep &step, const std::function<Status()> &afterSave,
                                       QJsonObject *written)
{
    if (step.dueAt > m_clock.now() || !m_store.queues().holdsEngineLock())
        return false;
    const auto policy = loadPolicy(m_store, step.policyId);
    if (!policy || step.rule >= policy->rules.size())
        return false; // prepare() read it in this transaction; begin() and the engine handle the odd case
    if (auto st = page(alert, policy.value(), step, afterSave, written); !st)
        return st.error();
    return true;
}

Status EscalationEngine::fire(const PendingStep &step)
{
    // Read again inside the transaction: an acknowledge may have removed or moved the step meanwhile.
    const auto current = m_store.queues().pendingStep(step.alertId);
    const QDateTime now = m_clock.now();
    if (!current || current->dueAt > now || current->cycle != step.cycle || current->rule != step.rule)
        return Ok{};
    auto row = m_store.get(Kind::Alert, step.alertId);
    if (!row)
        return m_store.queues().clearPendingStep(step.alertId);
    auto decoded = Alert::fromJson(row.value());
    if (!decoded)
        return decoded.error();
    Alert alert = decoded.value();
    if (alert.status != AlertStatus::Open)
        return m_store.queues().clearPendingStep(step.alertId);
    const auto policy = loadPolicy(m_store, step.policyId);
    if (!policy || step.rule >= policy->rules.size()) {
        if (auto st = m_store.queues().clearPendingStep(step.alertId); !st)
            return st;
        alert.nextEscalationAt = {};
        if (auto st = m_writer.save(alert); !st)
            return st;
        return m_writer.log(alert.id, u"policy_exhausted"_s, {},
                                    u"The escalation policy no longer exists or changed: escalation stopped"_s);
    }
    if (alert.inMaintenance) {
        // Its window ended (this step was due then), unless the service's windows were changed meanwhile.
        const auto service = m_store.get(Kind::Service, alert.serviceId);
        const QDateTime end = service ? maintenanceEnd(service.value(), now) : QDateTime();
        if (end.isValid()) {
            alert.nextEscalationAt = end;
            if (auto st = m_store.queues().setPendingStep({alert.id, step.policyId, step.cycle, step.rule, end}); !st)
                return st;
            return m_writer.save(alert, row.value());
        }
        alert.inMaintenance = false;
        return page(alert, policy.value(), step, [&] {
            return m_writer.log(alert.id, u"maintenance_ended"_s, {},
                                        u"The maintenance window ended and the alert is still open: paging starts"_s);
        });
    }
    return page(alert, policy.value(), step, {});
}

Status EscalationEngine::page(Alert &alert, const EscalationPolicy &policy, const PendingStep &step,
                              const std::function<Status()> &afterSave, QJsonObject *written)
{
    const QDateTime now = m_clock.now();
    const bool snoozeEnded = alert.snoozedUntil.isValid() && alert.snoozedUntil <= now;
    if (snoozeEnded)
        alert.snoozedUntil = {};
    const EscalationRule &rule = policy.rules.at(step.rule);
    QList<EscalationTarget> unresolved;
    const QStringList users = Escalation::resolve(rule, now, storeDirectory(m_store), &unresolved);
    const QJsonObject why{{u"policy_id"_s, policy.id}, {u"cycle"_s, step.cycle}, {u"rule"_s, step.rule}};
    // The alert's new level first: a new alert must be saved before its log entries can refer to it.
    alert.escalationCycle = step.cycle;
    alert.escalationRule = step.rule;
    const auto next = Escalation::next(policy, EscalationStep{step.cycle, step.rule, step.dueAt}, now, !users.isEmpty());
    alert.nextEscalationAt = next ? next->dueAt : QDateTime();
    if (auto st = m_writer.save(alert, {}, written); !st)
        return st;
    if (afterSave) {
        if (auto st = afterSave(); !st)
            return st;
    }
    if (snoozeEnded) {
        if (auto st = m_writer.log(alert.id, u"snooze_ended"_s, {}, u"The snooze ended: paging again"_s); !st)
            return st;
    }
    if (step.rule > 0 || step.cycle > 0) {
        if (auto st = m_writer.log(alert.id, u"escalated"_s, {},
                                           QStringLiteral("Escalated to rule %1 (pass %2)").arg(step.rule + 1).arg(step.cycle + 1),
                                           why);
            !st)
            return st;
    }
    for (const EscalationTarget &t : unresolved) {
        QJsonObject details = why;
        details.insert(u"target"_s, t.toJson());
        if (auto st = m_writer.log(alert.id, u"gap"_s, {},
                                           QStringLiteral("Nobody on call for %1").arg(describe(t)), details);
            !st)
            return st;
    }
    if (auto st = pageUsers(m_writer, alert, users, why); !st)
        return st;
    if (next)
        return m_store.queues().setPendingStep({alert.id, policy.id, next->cycle, next->rule, next->dueAt});
    if (auto st = m_store.queues().clearPendingStep(alert.id); !st)
        return st;
    return m_writer.log(alert.id, u"policy_exhausted"_s, {},
                                u"Every rule and repeat of the policy has fired; nobody is paged again until someone acts"_s,
                                why);
}

QDateTime EscalationEngine::maintenanceEnd(const QJsonObject &service, const QDateTime &now)
{
    QList<std::pair<QDateTime, QDateTime>> windows;
    for (const auto &w : service.value(u"maintenance_windows"_s).toArray()) {
        const QJsonObject window = w.toObject();
        windows.append({Json::parseTime(window.value(u"start"_s).toString()), Json::parseTime(window.value(u"end"_s).toString())});
    }
    QDateTime end;
    for (bool extended = true; extended;) {
        extended = false;
        const QDateTime at = end.isValid() ? end : now;
        for (const auto &[start, stop] : std::as_const(windows)) {
            if (start.isValid() && stop.isValid() && start <= at && at < stop && (!end.isValid() || stop > end)) {
                end = stop;
                extended = true;
            }
        }
    }
    return end;
}

std::optional<PendingStep> EscalationEngine::prepare(Store &store, const QDateTime &now, Alert &alert)
{
    alert.nextEscalationAt = {};
    if (alert.status != AlertStatus::Open || alert.policyId.isEmpty())
        return std::nullopt;
    const auto policy = loadPolicy(store, alert.policyId);
    if (!policy)
        return std::nullopt;
    auto first = Escalation::first(policy.value(), now);
    if (!first)
        return std::nullopt;
    if (alert.inMaintenance) {
        const auto service = store.get(Kind::Service, alert.serviceId);
        const QDateTime end = service ? maintenanceEnd(service.value(), now) : QDateTime();
        if (!end.isValid())
            alert.inMaintenance = false; // the window is over (an alert unacknowledged after it)
        else if (first->dueAt < end)
            first->dueAt = end;
    }
    alert.escalationCycle = 0;
    alert.escalationRule = -1;
    alert.nextEscalationAt = first->dueAt;
    return PendingStep{alert.id, alert.policyId, first->cycle, first->rule, first->dueAt};
}

Status EscalationEngine::begin(Store &store, AlertWriter &writer, const Alert &alert, const std::optional<PendingStep> &step)
{
    if (alert.inMaintenance) {
        if (auto st = writer.log(
                alert.id, u"maintenance"_s, {},
                step ? QStringLiteral("The service is in a maintenance window until %1: the alert is recorded, nobody is "
                                      "paged before then")
                           .arg(Json::formatTime(step->dueAt))
                     : u"The service is in a maintenance window: the alert is recorded, nobody is paged"_s,
                step ? QJsonObject{{u"until"_s, Json::formatTime(step->dueAt)}} : QJsonObject{});
            !st)
            return st;
    }
    if (step)
        return store.queues().setPendingStep(*step);
    if (alert.inMaintenance)
        return Ok{};
    if (alert.policyId.isEmpty())
        return writer.log(alert.id, u"policy_exhausted"_s, {},
                                  u"The service has no escalation policy: nobody is paged"_s);
    return Ok{};
}

Status EscalationEngine::onAction(Store &store, Alert &alert, const QString &logType)
{
    const QDateTime now = store.clock().now();
    if (logType == u"acknowledged" || logType == u"closed") {
        alert.nextEscalationAt = {};
        if (auto removed = store.queues().removeDeliveriesOf(alert.id); !removed)
            return removed.error();
        return store.queues().clearPendingStep(alert.id);
    }
    if (logType == u"unacknowledged") {
        const auto step = prepare(store, now, alert);
        return step ? store.queues().setPendingStep(*step) : Status(Ok{});
    }
    if (logType == u"snoozed") {
        // Page the current level again when the snooze ends.
        if (alert.policyId.isEmpty() || alert.status != AlertStatus::Open)
            return Ok{};
        const int rule = std::max(alert.escalationRule, 0);
        alert.nextEscalationAt = alert.snoozedUntil;
        return store.queues().setPendingStep({alert.id, alert.policyId, alert.escalationCycle, rule, alert.snoozedUntil});
    }
    if (logType == u"escalated") {
        if (alert.policyId.isEmpty())
            return Error::make(ErrorCode::InvalidTransition, u"the alert's service has no escalation policy"_s);
        const auto policy = loadPolicy(store, alert.policyId);
        if (!policy || policy->rules.isEmpty())
            return Error::make(ErrorCode::InvalidTransition, u"the alert's escalation policy has no rules"_s);
        int rule = alert.escalationRule + 1;
        int cycle = alert.escalationCycle;
        if (rule >= policy->rules.size()) {
            rule = 0;
            ++cycle;
        }
        if (alert.status == AlertStatus::Acknowledged) {
            alert.status = AlertStatus::Open; // escalating by hand reopens the paging
            alert.acknowledgedBy.clear();
            alert.acknowledgedAt = {};
        }
        alert.nextEscalationAt = now;
        return store.queues().setPendingStep({alert.id, alert.policyId, cycle, rule, now});
    }
    return Ok{};
}

Status EscalationEngine::pageUsers(AlertWriter &writer, const Alert &alert, const QStringList &users, const QJsonObject &why)
{
    // One "notified" entry per person, channel console: the entry itself reaches their console through the feed.
    // Then their notification rules queue deliveries through their contact methods (sent by the DeliveryWorker).
    Store &store = writer.store();
    const QDateTime now = store.clock().now();
    for (const QString &user : users) {
        QJsonObject details = why;
        details.insert(u"user_id"_s, user);
        details.insert(u"channel"_s, u"console"_s);
        if (auto st = writer.log(alert.id, u"notified"_s, {}, u"Paged on the console"_s, details); !st)
            return st;
        const QJsonObject settings = store.secrets().notificationSettings(user);
        const QJsonArray methods = settings.value(u"contact_methods"_s).toArray();
        QJsonArray rules = settings.value(u"notification_rules"_s).toArray();
        if (rules.isEmpty() && !methods.isEmpty()) // no rules: the first contact method, at once
            rules.append(QJsonObject{{u"after_minutes"_s, 0}, {u"contact_method_id"_s, methods.first().toObject().value(u"id"_s)}});
        for (const auto &r : rules) {
            const QString methodId = r.toObject().value(u"contact_method_id"_s).toString();
            int index = -1;
            for (qsizetype i = 0; i < methods.size(); ++i) {
                if (methods.at(i).toObject().value(u"id"_s).toString() == methodId)
                    index = int(i);
            }
            if (index < 0)
                continue;
            const PendingDelivery d{Json::newId(), alert.id, user, index, 0,
                                    now.addSecs(60 * r.toObject().value(u"after_minutes"_s).toInteger()),
                                    QJsonObject{{u"contact_method_id"_s, methodId}, {u"tried"_s, QJsonArray{methodId}}}};
            if (auto st = store.queues().addDelivery(d); !st)
                return st;
        }
    }
    return Ok{};
}

} // namespace Vigil
