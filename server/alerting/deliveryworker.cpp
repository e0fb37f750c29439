#include "deliveryworker.h"

#include "alertwriter.h"
#include "channels/notifier.h"

#include "alerts/alert.h"
#include "common/clock.h"
#include "common/json.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QUrl>

Q_LOGGING_CATEGORY(lcDelivery, "vigil.server.delivery")

namespace Vigil {

using namespace Qt::StringLiterals;

namespace {


QJsonObject methodById(const QJsonObject &settings, const QString &id, int *index = nullptr)
{
    const QJsonArray methods = settings.value(u"contact_methods"_s).toArray();
    for (qsizetype i = 0; i < methods.size(); ++i) {
        if (methods.at(i).toObject().value(u"id"_s).toString() == id) {
            if (index)
                *index = int(i);
            return methods.at(i).toObject();
        }
    }
    return {};
}

/// What the log shows of an address: e-mail as is (it is on the user anyway), a URL's host only (webhook URLs
/// carry secrets), a phone number with its middle hidden.
QString shown(const QJsonObject &method)
{
    const QString type = method.value(u"type"_s).toString();
    const QString address = method.value(u"address"_s).toString();
    if (type == u"webhook" || type == u"slack")
        return QUrl(address).host();
    if (type == u"sms")
        return address.left(4) + u"…"_s + address.right(2);
    return address;
}

} // namespace

DeliveryWorker::DeliveryWorker(Store &store, AlertWriter &writer, const Clock &clock, Notifier &notifier, QObject *parent)
    : QObject(parent), m_store(store), m_writer(writer), m_clock(clock), m_notifier(notifier)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        runDue();
        plan();
    });
}

void DeliveryWorker::start()
{
    runDue();
    plan();
}

void DeliveryWorker::wake()
{
    m_deferred = false;
    m_timer.start(0);
}

void DeliveryWorker::plan()
{
    if (m_store.groupOpen()) {
        m_deferred = true; // planned when the group ends
        return;
    }
    if (!m_store.queues().holdsEngineLock()) {
        m_timer.start(5000);
        return;
    }
    const QDateTime next = m_store.queues().nextDeliveryAt();
    qint64 wait = 60'000;
    if (next.isValid())
        wait = std::clamp<qint64>(m_clock.now().msecsTo(next), 0, wait);
    // While something is in flight its row stays due: look again shortly rather than spin.
    if (wait == 0 && !m_inFlight.isEmpty())
        wait = 200;
    m_timer.start(int(wait));
}

void DeliveryWorker::runDue()
{
    // Never send a page whose alert is not committed yet: the group's end wakes the engine, which wakes this.
    if (m_store.groupOpen()) {
        m_deferred = true;
        return;
    }
    if (!m_store.queues().holdsEngineLock())
        return;
    const QDateTime now = m_clock.now();
    for (const PendingDelivery &d : m_store.queues().dueDeliveries(now, 200)) {
        if (!m_inFlight.contains(d.id))
            send(d);
    }
}

void DeliveryWorker::send(const PendingDelivery &d)
{
    const auto row = m_store.get(Kind::Alert, d.alertId);
    const auto alert = row ? Alert::fromJson(row.value()) : Result<Alert>(row.error());
    if (!alert || alert->status != AlertStatus::Open) {
        // Acknowledged or closed meanwhile: nobody needs this page any more.
        (void)m_store.write([&] { return m_store.queues().removeDelivery(d.id); });
        return;
    }
    const QDateTime now = m_clock.now();
    if (alert->snoozedUntil.isValid() && alert->snoozedUntil > now) {
        (void)m_store.write([&] { return m_store.queues().rescheduleDelivery(d.id, d.attempt, alert->snoozedUntil); });
        return;
    }
    const QJsonObject settings = m_store.secrets().notificationSettings(d.userId);
    const QJsonObject method = methodById(settings, d.payload.value(u"contact_method_id"_s).toString());
    if (method.isEmpty()) {
        (void)m_store.write([&]() -> Status {
            if (auto st = m_store.queues().removeDelivery(d.id); !st)
                return st;
            return m_writer.log(d.alertId, u"delivery_failed"_s, {},
                                        u"The contact method was removed before the page was sent"_s,
                                        QJsonObject{{u"user_id"_s, d.userId}});
        });
        return;
    }
    Delivery out;
    out.channel = channelFromName(method.value(u"type"_s).toString()).value_or(Delivery::Channel::Webhook);
    out.address = method.value(u"address"_s).toString();
    const auto service = m_store.get(Kind::Service, alert->serviceId);
    const QString serviceName = service ? service->value(u"name"_s).toString() : QString();
    out.subject = QStringLiteral("[%1] %2").arg(toString(alert->priority), alert->message);
    QString text = QStringLiteral("%1\nService: %2 · Priority %3 · Seen %4 time(s)\nOpened %5")
                       .arg(alert->message, serviceName, toString(alert->priority))
                       .arg(alert->count)
                       .arg(Json::formatTime(alert->createdAt));
    if (!alert->description.isEmpty())
        text += u"\n\n"_s + alert->description.left(1000);
    text += QStringLiteral("\n\nAlert %1").arg(alert->id);
    out.text = out.channel == Delivery::Channel::Sms ? QStringLiteral("[Vigil %1] %2 (%3)")
                                                          .arg(toString(alert->priority), alert->message, serviceName)
                                                    : text;
    out.payload = QJsonObject{{u"event"_s, u"alert.notification"_s},
                              {u"user_id"_s, d.userId},
                              {u"alert"_s, alert->toJson()},
                              {u"service"_s, QJsonObject{{u"id"_s, alert->serviceId}, {u"name"_s, serviceName}}}};
    m_inFlight.insert(d.id);
    m_notifier.deliver(out, [this, d, method](const DeliveryResult &result) { finished(d, method, result); });
}

void DeliveryWorker::finished(const PendingDelivery &d, const QJsonObject &method, const DeliveryResult &result)
{
    m_inFlight.remove(d.id);
    const QDateTime now = m_clock.now();
    const int attempt = d.attempt + 1;
    const QString type = method.value(u"type"_s).toString();
    const Status st = m_store.write([&]() -> Status {
        if (!m_store.get(Kind::Alert, d.alertId))
            return m_store.queues().removeDelivery(d.id);
        const QJsonObject details{{u"user_id"_s, d.userId},
                                  {u"channel"_s, type},
                                  {u"contact_method_id"_s, method.value(u"id"_s)},
                                  {u"to"_s, shown(method)},
                                  {u"outcome"_s, result.outcome},
                                  {u"latency_ms"_s, result.latencyMs},
                                  {u"attempt"_s, attempt}};
        if (result.delivered) {
            if (auto st = m_writer.log(d.alertId, u"delivered"_s, {},
                                               QStringLiteral("%1 to %2: %3").arg(type, shown(method), result.outcome), details);
                !st)
                return st;
            return m_store.queues().removeDelivery(d.id);
        }
        const bool retry = result.retryable && attempt < AttemptsBeforeFallback;
        QString message = QStringLiteral("%1 to %2 failed: %3").arg(type, shown(method), result.outcome);
        if (retry) {
            const QDateTime at = now.addSecs(retryDelay(attempt).count());
            message += QStringLiteral("; trying again at %1").arg(Json::formatTime(at));
            if (auto st = m_writer.log(d.alertId, u"delivery_failed"_s, {}, message, details); !st)
                return st;
            return m_store.queues().rescheduleDelivery(d.id, attempt, at);
        }
        if (auto st = m_store.queues().removeDelivery(d.id); !st)
            return st;
        // Fall back to the user's next contact method not tried yet for this page.
        QJsonArray tried = d.payload.value(u"tried"_s).toArray();
        const QJsonArray methods = m_store.secrets().notificationSettings(d.userId).value(u"contact_methods"_s).toArray();
        QJsonObject next;
        int nextIndex = -1;
        for (qsizetype i = 0; i < methods.size() && next.isEmpty(); ++i) {
            const QJsonObject m = methods.at(i).toObject();
            if (!tried.contains(m.value(u"id"_s))) {
                next = m;
                nextIndex = int(i);
            }
        }
        const auto alertRow = m_store.get(Kind::Alert, d.alertId);
        const bool open = alertRow && alertRow->value(u"status"_s).toString() == u"open";
        if (!next.isEmpty() && open) {
            message += QStringLiteral("; trying %1 to %2 next").arg(next.value(u"type"_s).toString(), shown(next));
            tried.append(next.value(u"id"_s));
            PendingDelivery fallback{Json::newId(), d.alertId, d.userId, nextIndex, 0, now,
                                     QJsonObject{{u"contact_method_id"_s, next.value(u"id"_s)}, {u"tried"_s, tried}}};
            if (auto st = m_store.queues().addDelivery(fallback); !st)
                return st;
        } else if (open) {
            message += u"; no other contact method left"_s;
        }
        return m_writer.log(d.alertId, u"delivery_failed"_s, {}, message, details);
    });
    if (!st)
        qCWarning(lcDelivery) << "recording delivery" << d.id << "failed:" << st.error().message;
    wake();
}

} // namespace Vigil
