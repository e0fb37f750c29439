#include "alertlogmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

namespace Vigil {

AlertLogModel::AlertLogModel(LocalCache &cache, QObject *parent) : QAbstractTableModel(parent), m_cache(cache)
{
    connect(&m_cache, &LocalCache::alertLogChanged, this, &AlertLogModel::onLogChanged);
    connect(&m_cache, &LocalCache::alertsReset, this, &AlertLogModel::reload);
    connect(&m_cache, &LocalCache::usersChanged, this, [this] {
        if (!m_entries.isEmpty())
            Q_EMIT dataChanged(index(0, WhoColumn), index(int(m_entries.size()) - 1, WhoColumn));
    });
}

void AlertLogModel::setAlertId(const QString &id)
{
    if (id == m_alertId)
        return;
    m_alertId = id;
    reload();
}

void AlertLogModel::reload()
{
    beginResetModel();
    m_entries = m_alertId.isEmpty() ? QList<CachedAlertLogEntry>() : m_cache.alertLog(m_alertId);
    endResetModel();
}

void AlertLogModel::onLogChanged(const QString &alertId)
{
    if (alertId != m_alertId)
        return;
    const QList<CachedAlertLogEntry> now = m_cache.alertLog(m_alertId);
    // Entries are only added: when what we show is still the start of the log, append the rest row by row.
    // Otherwise (a pending note replaced by the server's, an entry that sorts earlier) reset.
    const qsizetype known = m_entries.size();
    bool prefix = now.size() >= known;
    for (qsizetype i = 0; prefix && i < known; ++i)
        prefix = now.at(i).entry.id == m_entries.at(i).entry.id && now.at(i).pending == m_entries.at(i).pending;
    if (!prefix) {
        beginResetModel();
        m_entries = now;
        endResetModel();
        return;
    }
    if (now.size() == known)
        return;
    beginInsertRows({}, int(known), int(now.size()) - 1);
    m_entries = now;
    endInsertRows();
}

QString AlertLogModel::typeName(const QString &type)
{
    if (type == u"received")
        return tr("Received");
    if (type == u"deduplicated")
        return tr("Seen again");
    if (type == u"notified")
        return tr("Paged");
    if (type == u"delivered")
        return tr("Delivered");
    if (type == u"delivery_failed")
        return tr("Delivery failed");
    if (type == u"gap")
        return tr("Nobody on call");
    if (type == u"escalated")
        return tr("Escalated");
    if (type == u"acknowledged")
        return tr("Acknowledged");
    if (type == u"unacknowledged")
        return tr("Unacknowledged");
    if (type == u"snoozed")
        return tr("Snoozed");
    if (type == u"snooze_ended")
        return tr("Snooze ended");
    if (type == u"assigned")
        return tr("Assigned");
    if (type == u"note")
        return tr("Note");
    if (type == u"closed")
        return tr("Closed");
    if (type == u"reopened")
        return tr("Reopened");
    if (type == u"maintenance")
        return tr("In maintenance");
    if (type == u"maintenance_ended")
        return tr("Maintenance ended");
    if (type == u"policy_exhausted")
        return tr("Escalation ended");
    return type;
}

namespace {

bool isPage(const QString &type)
{
    return type == u"notified" || type == u"delivered" || type == u"delivery_failed";
}

QString integrationName(const QString &type)
{
    if (type == u"alertmanager")
        return QStringLiteral("Alertmanager");
    if (type == u"pagerduty")
        return QStringLiteral("PagerDuty");
    if (type == u"opsgenie")
        return QStringLiteral("Opsgenie");
    return {};
}

} // namespace

QString AlertLogModel::who(const AlertLogEntry &e) const
{
    // Pages name the person paged; everything else names who acted, or the tool, or Vigil itself.
    const QString userId = isPage(e.type) ? e.details.value(QStringLiteral("user_id")).toString() : e.actorId;
    if (!userId.isEmpty()) {
        const QString name = m_cache.userName(userId);
        return name.isEmpty() ? userId : name;
    }
    const QString tool = integrationName(e.details.value(QStringLiteral("integration_type")).toString());
    if (!tool.isEmpty())
        return tool;
    if (e.details.value(QStringLiteral("integration_type")).toString() == u"heartbeat")
        return tr("Heartbeat");
    //: Who did something in an alert's log when no person did: the server itself.
    return tr("Vigil");
}

int AlertLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AlertLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CachedAlertLogEntry &cached = m_entries.at(index.row());
    const AlertLogEntry &e = cached.entry;
    const bool failed = e.type == u"delivery_failed" || e.type == u"gap";
    switch (role) {
    case IdRole: return e.id;
    case TypeRole: return e.type;
    case AtRole: return e.at;
    case PendingRole: return cached.pending;
    case FailedRole: return failed;
    case Qt::ForegroundRole:
        if (failed)
            return QBrush(QColor(0xC6, 0x28, 0x28));
        if (cached.pending)
            return QBrush(QColor(0x75, 0x75, 0x75));
        if (e.type == u"delivered" && index.column() == OutcomeColumn)
            return QBrush(QColor(0x2E, 0x7D, 0x32));
        return {};
    case Qt::FontRole:
        if (cached.pending) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        if (index.column() == EventColumn && (e.type == u"acknowledged" || e.type == u"closed" || e.type == u"escalated")) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        if (cached.pending)
            return tr("Not yet sent to the server");
        if (index.column() == MessageColumn)
            return e.message;
        return {};
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (index.column()) {
    case TimeColumn: return QLocale().toString(e.at.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case EventColumn: return typeName(e.type);
    case WhoColumn: return who(e);
    case MessageColumn: return e.message;
    case ChannelColumn: {
        if (!isPage(e.type))
            return QString();
        const QString channel = e.details.value(QStringLiteral("channel")).toString();
        QString name = channel;
        if (channel == u"console")
            name = tr("Console");
        else if (channel == u"email")
            name = tr("E-mail");
        else if (channel == u"webhook")
            name = tr("Webhook");
        else if (channel == u"slack")
            name = QStringLiteral("Slack");
        else if (channel == u"sms")
            name = tr("SMS");
        const QString to = e.details.value(QStringLiteral("to")).toString();
        //: A channel and where the page went: "E-mail (kim@example.com)".
        return to.isEmpty() ? name : tr("%1 (%2)").arg(name, to);
    }
    case OutcomeColumn: {
        if (e.type == u"notified")
            return e.details.value(QStringLiteral("reason")).toString() == u"assigned" ? tr("Paged as the new owner")
                                                                                     : tr("Paged");
        if (e.type != u"delivered" && e.type != u"delivery_failed")
            return QString();
        const QString outcome = e.details.value(QStringLiteral("outcome")).toString();
        // The server shows a delivery's outcome only to the paged person and admins; others see that it happened.
        if (outcome.isEmpty())
            return typeName(e.type);
        const QJsonValue latency = e.details.value(QStringLiteral("latency_ms"));
        if (latency.isDouble())
            //: A delivery's outcome and how long it took: "SMTP 250 OK (120 ms)".
            return tr("%1 (%2 ms)").arg(outcome).arg(latency.toInteger());
        return outcome;
    }
    }
    return {};
}

QVariant AlertLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case EventColumn: return tr("Event");
    case WhoColumn: return tr("Who");
    case MessageColumn: return tr("Message");
    case ChannelColumn: return tr("Channel");
    case OutcomeColumn: return tr("Outcome");
    }
    return {};
}

} // namespace Vigil
