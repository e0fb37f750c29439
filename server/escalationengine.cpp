#include "escalationengine.h"

#include "api.h"
#include "deliveryworker.h"

#include "alerts/escalation.h"
#include "common/clock.h"
#include "common/json.h"
#include "oncall/oncallresolver.h"

#include <QJsonArray>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcEscalation, "vigil.server.escalation")

namespace Vigil {

namespace {

QString s(const char *text) { return QString::fromUtf8(text); }

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
        for (const QJsonObject &row : store.select(Kind::Schedule, s("team_id = ?"), {teamId}, s("name, id"))) {
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

EscalationEngine::EscalationEngine(Store &store, Api &api, const Clock &clock, QObject *parent)
    : QObject(parent), m_store(store), m_api(api), m_clock(clock)
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
        m_deferred = true; // planned when the group ends (Api's group hook calls committed())
        return;
    }
    if (!m_store.holdsEngineLock()) {
        m_timer.start(5000); // another server runs the engine; take over if it goes away
        return;
    }
    const QDateTime next = m_store.nextDueAt();
    // Re-check at least once a minute (another server sharing the database may have added steps).
    qint64 wait = 60'000;
    if (next.isValid())
        wait = std::clamp<qint64>(m_clock.now().msecsTo(next), 0, wait);
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
    if (!m_store.holdsEngineLock())
        return fired;
    for (;;) {
        const QList<Store::PendingStep> due = m_store.dueSteps(m_clock.now(), 50);
        if (due.isEmpty()) {
            if (m_deliveries)
                m_deliveries->wake(); // what was queued, and what an ingest or action queued
            return fired;
        }
        for (const Store::PendingStep &step : due) {
            const Status st = m_store.write([&] { return fire(step); });
            if (!st) {
                qCWarning(lcEscalation) << "step of alert" << step.alertId << "failed:" << st.error().message;
                // Do not spin on a step that cannot be fired: it is retried at the next plan().
                return fired;
            }
            ++fired;
        }
    }
}

Result<bool> EscalationEngine::fireNew(Alert &alert, const Store::PendingStep &step, const std::function<Status()> &afterSave,
                                       QJsonObject *written)
{
    if (step.dueAt > m_clock.now() || !m_store.holdsEngineLock())
        return false;
    const auto policy = loadPolicy(m_store, step.policyId);
    if (!policy || step.rule >= policy->rules.size())
        return false; // prepare() read it in this transaction; begin() and the engine handle the odd case
    if (auto st = page(alert, policy.value(), step, afterSave, written); !st)
        return st.error();
    return true;
}

Status EscalationEngine::fire(const Store::PendingStep &step)
{
    // Read again inside the transaction: an acknowledge may have removed or moved the step meanwhile.
    const auto current = m_store.pendingStep(step.alertId);
    const QDateTime now = m_clock.now();
    if (!current || current->dueAt > now || current->cycle != step.cycle || current->rule != step.rule)
        return Ok{};
    auto row = m_store.get(Kind::Alert, step.alertId);
    if (!row)
        return m_store.clearPendingStep(step.alertId);
    auto decoded = Alert::fromJson(row.value());
    if (!decoded)
        return decoded.error();
    Alert alert = decoded.value();
    if (alert.status != AlertStatus::Open)
        return m_store.clearPendingStep(step.alertId);
    const auto policy = loadPolicy(m_store, step.policyId);
    if (!policy || step.rule >= policy->rules.size()) {
        if (auto st = m_store.clearPendingStep(step.alertId); !st)
            return st;
        alert.nextEscalationAt = {};
        if (auto st = m_api.saveAlert(alert); !st)
            return st;
        return m_api.appendAlertLog(alert.id, s("policy_exhausted"), {},
                                    s("The escalation policy no longer exists or changed: escalation stopped"));
    }
    if (alert.inMaintenance) {
        // Its window ended (this step was due then), unless the service's windows were changed meanwhile.
        const auto service = m_store.get(Kind::Service, alert.serviceId);
        const QDateTime end = service ? maintenanceEnd(service.value(), now) : QDateTime();
        if (end.isValid()) {
            alert.nextEscalationAt = end;
            if (auto st = m_store.setPendingStep({alert.id, step.policyId, step.cycle, step.rule, end}); !st)
                return st;
            return m_api.saveAlert(alert, row.value());
        }
        alert.inMaintenance = false;
        return page(alert, policy.value(), step, [&] {
            return m_api.appendAlertLog(alert.id, s("maintenance_ended"), {},
                                        s("The maintenance window ended and the alert is still open: paging starts"));
        });
    }
    return page(alert, policy.value(), step, {});
}

Status EscalationEngine::page(Alert &alert, const EscalationPolicy &policy, const Store::PendingStep &step,
                              const std::function<Status()> &afterSave, QJsonObject *written)
{
    const QDateTime now = m_clock.now();
    const bool snoozeEnded = alert.snoozedUntil.isValid() && alert.snoozedUntil <= now;
    if (snoozeEnded)
        alert.snoozedUntil = {};
    const EscalationRule &rule = policy.rules.at(step.rule);
    QList<EscalationTarget> unresolved;
    const QStringList users = Escalation::resolve(rule, now, storeDirectory(m_store), &unresolved);
    const QJsonObject why{{s("policy_id"), policy.id}, {s("cycle"), step.cycle}, {s("rule"), step.rule}};
    // The alert's new level first: a new alert must be saved before its log entries can refer to it.
    alert.escalationCycle = step.cycle;
    alert.escalationRule = step.rule;
    const auto next = Escalation::next(policy, EscalationStep{step.cycle, step.rule, step.dueAt}, now, !users.isEmpty());
    alert.nextEscalationAt = next ? next->dueAt : QDateTime();
    if (auto st = m_api.saveAlert(alert, {}, written); !st)
        return st;
    if (afterSave) {
        if (auto st = afterSave(); !st)
            return st;
    }
    if (snoozeEnded) {
        if (auto st = m_api.appendAlertLog(alert.id, s("snooze_ended"), {}, s("The snooze ended: paging again")); !st)
            return st;
    }
    if (step.rule > 0 || step.cycle > 0) {
        if (auto st = m_api.appendAlertLog(alert.id, s("escalated"), {},
                                           QStringLiteral("Escalated to rule %1 (pass %2)").arg(step.rule + 1).arg(step.cycle + 1),
                                           why);
            !st)
            return st;
    }
    for (const EscalationTarget &t : unresolved) {
        QJsonObject details = why;
        details.insert(s("target"), t.toJson());
        if (auto st = m_api.appendAlertLog(alert.id, s("gap"), {},
                                           QStringLiteral("Nobody on call for %1").arg(describe(t)), details);
            !st)
            return st;
    }
    if (auto st = pageUsers(m_api, alert, users, why); !st)
        return st;
    if (next)
        return m_store.setPendingStep({alert.id, policy.id, next->cycle, next->rule, next->dueAt});
    if (auto st = m_store.clearPendingStep(alert.id); !st)
        return st;
    return m_api.appendAlertLog(alert.id, s("policy_exhausted"), {},
                                s("Every rule and repeat of the policy has fired; nobody is paged again until someone acts"),
                                why);
}

QDateTime EscalationEngine::maintenanceEnd(const QJsonObject &service, const QDateTime &now)
{
    QList<std::pair<QDateTime, QDateTime>> windows;
    for (const auto &w : service.value(s("maintenance_windows")).toArray()) {
        const QJsonObject window = w.toObject();
        windows.append({Json::parseTime(window.value(s("start")).toString()), Json::parseTime(window.value(s("end")).toString())});
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

std::optional<Store::PendingStep> EscalationEngine::prepare(Store &store, const QDateTime &now, Alert &alert)
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
    return Store::PendingStep{alert.id, alert.policyId, first->cycle, first->rule, first->dueAt};
}

Status EscalationEngine::begin(Store &store, Api &api, const Alert &alert, const std::optional<Store::PendingStep> &step)
{
    if (alert.inMaintenance) {
        if (auto st = api.appendAlertLog(
                alert.id, s("maintenance"), {},
                step ? QStringLiteral("The service is in a maintenance window until %1: the alert is recorded, nobody is "
                                      "paged before then")
                           .arg(Json::formatTime(step->dueAt))
                     : s("The service is in a maintenance window: the alert is recorded, nobody is paged"),
                step ? QJsonObject{{s("until"), Json::formatTime(step->dueAt)}} : QJsonObject{});
            !st)
            return st;
    }
    if (step)
        return store.setPendingStep(*step);
    if (alert.inMaintenance)
        return Ok{};
    if (alert.policyId.isEmpty())
        return api.appendAlertLog(alert.id, s("policy_exhausted"), {},
                                  s("The service has no escalation policy: nobody is paged"));
    return Ok{};
}

Status EscalationEngine::onAction(Store &store, Api &api, Alert &alert, const QString &logType)
{
    const QDateTime now = store.clock().now();
    if (logType == u"acknowledged" || logType == u"closed") {
        alert.nextEscalationAt = {};
        if (auto removed = store.removeDeliveriesOf(alert.id); !removed)
            return removed.error();
        return store.clearPendingStep(alert.id);
    }
    if (logType == u"unacknowledged") {
        const auto step = prepare(store, now, alert);
        return step ? store.setPendingStep(*step) : Status(Ok{});
    }
    if (logType == u"snoozed") {
        // Page the current level again when the snooze ends.
        if (alert.policyId.isEmpty() || alert.status != AlertStatus::Open)
            return Ok{};
        const int rule = std::max(alert.escalationRule, 0);
        alert.nextEscalationAt = alert.snoozedUntil;
        return store.setPendingStep({alert.id, alert.policyId, alert.escalationCycle, rule, alert.snoozedUntil});
    }
    if (logType == u"escalated") {
        if (alert.policyId.isEmpty())
            return Error::make(ErrorCode::InvalidTransition, s("the alert's service has no escalation policy"));
        const auto policy = loadPolicy(store, alert.policyId);
        if (!policy || policy->rules.isEmpty())
            return Error::make(ErrorCode::InvalidTransition, s("the alert's escalation policy has no rules"));
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
        return store.setPendingStep({alert.id, alert.policyId, cycle, rule, now});
    }
    Q_UNUSED(api);
    return Ok{};
}

Status EscalationEngine::pageUsers(Api &api, const Alert &alert, const QStringList &users, const QJsonObject &why)
{
    // One "notified" entry per person, channel console: the entry itself reaches their console through the feed.
    // Then their notification rules queue deliveries through their contact methods (sent by the DeliveryWorker).
    Store &store = api.m_store;
    const QDateTime now = store.clock().now();
    for (const QString &user : users) {
        QJsonObject details = why;
        details.insert(s("user_id"), user);
        details.insert(s("channel"), s("console"));
        if (auto st = api.appendAlertLog(alert.id, s("notified"), {}, s("Paged on the console"), details); !st)
            return st;
        const QJsonObject settings = store.notificationSettings(user);
        const QJsonArray methods = settings.value(s("contact_methods")).toArray();
        QJsonArray rules = settings.value(s("notification_rules")).toArray();
        if (rules.isEmpty() && !methods.isEmpty()) // no rules: the first contact method, at once
            rules.append(QJsonObject{{s("after_minutes"), 0}, {s("contact_method_id"), methods.first().toObject().value(s("id"))}});
        for (const auto &r : rules) {
            const QString methodId = r.toObject().value(s("contact_method_id")).toString();
            int index = -1;
            for (qsizetype i = 0; i < methods.size(); ++i) {
                if (methods.at(i).toObject().value(s("id")).toString() == methodId)
                    index = int(i);
            }
            if (index < 0)
                continue;
            const Store::PendingDelivery d{Json::newId(), alert.id, user, index, 0,
                                           now.addSecs(60 * r.toObject().value(s("after_minutes")).toInteger()),
                                           QJsonObject{{s("contact_method_id"), methodId}, {s("tried"), QJsonArray{methodId}}}};
            if (auto st = store.addDelivery(d); !st)
                return st;
        }
    }
    return Ok{};
}

} // namespace Vigil
