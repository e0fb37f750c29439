#include "alerttablemodel.h"

#include "common/clock.h"
#include "labels.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

#include <limits>

namespace Vigil {

AlertTableModel::AlertTableModel(LocalCache &cache, const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent), m_cache(cache), m_clock(clock)
{
    connect(&m_cache, &LocalCache::alertUpserted, this, &AlertTableModel::onUpserted);
    connect(&m_cache, &LocalCache::alertRemoved, this, &AlertTableModel::onRemoved);
    connect(&m_cache, &LocalCache::alertsReset, this, &AlertTableModel::reload);
    connect(&m_cache, &LocalCache::usersChanged, this, &AlertTableModel::refreshAll);
    connect(&m_cache, &LocalCache::servicesChanged, this, &AlertTableModel::refreshAll);
    connect(&m_cache, &LocalCache::escalationPoliciesChanged, this, &AlertTableModel::refreshAll);
    // Who is signed in decides "mine" and "my team" for every row.
    connect(&m_cache, &LocalCache::currentUserIdChanged, this, &AlertTableModel::refreshAll);
    // A page in the log may make the alert "mine": the owner column stands for that.
    connect(&m_cache, &LocalCache::alertLogChanged, this, [this](const QString &id) {
        if (const int r = rowOf(id); r >= 0)
            Q_EMIT dataChanged(index(r, OwnerColumn), index(r, OwnerColumn));
    });
    connect(&m_tick, &QTimer::timeout, this, &AlertTableModel::tick);
    m_tick.start(1000);
    reload();
}

void AlertTableModel::setTickInterval(int ms)
{
    if (ms <= 0)
        m_tick.stop();
    else
        m_tick.start(ms);
}

QString AlertTableModel::makeHaystack(const Alert &a)
{
    // Built once per change of the alert, so the search filter compares lower-cased text without building it per row
    // and keystroke.
    return (a.message + u' ' + a.alias + u' ' + a.source + u' ' + a.tags.join(u' ')).toLower();
}

void AlertTableModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    QList<AlertPtr> alerts = m_cache.alerts().values();
    // Oldest first, the order alerts arrive in afterwards; ids break ties so a reload is deterministic.
    std::sort(alerts.begin(), alerts.end(), [](const AlertPtr &a, const AlertPtr &b) {
        return a->createdAt != b->createdAt ? a->createdAt < b->createdAt : a->id < b->id;
    });
    m_rows.reserve(alerts.size());
    for (const auto &a : std::as_const(alerts)) {
        m_rowOf.insert(a->id, int(m_rows.size()));
        m_rows.append({a, makeHaystack(*a)});
    }
    endResetModel();
}

void AlertTableModel::refreshAll()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void AlertTableModel::onUpserted(const QString &id)
{
    const AlertPtr a = m_cache.alert(id);
    if (!a)
        return;
    if (const int r = rowOf(id); r >= 0) {
        m_rows[r] = {a, makeHaystack(*a)};
        Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
        return;
    }
    // A new alert is appended: the order on screen is the proxy's, the model only keeps its rows stable.
    const int n = int(m_rows.size());
    beginInsertRows({}, n, n);
    m_rows.append({a, makeHaystack(*a)});
    m_rowOf.insert(id, n);
    endInsertRows();
}

void AlertTableModel::onRemoved(const QString &id)
{
    const int r = rowOf(id);
    if (r < 0)
        return;
    beginRemoveRows({}, r, r);
    m_rows.removeAt(r);
    m_rowOf.remove(id);
    for (int i = r; i < m_rows.size(); ++i)
        // The rows after the removed one moved up; their entries in the id index follow.
        m_rowOf[m_rows.at(i).alert->id] = i;
    endRemoveRows();
}

void AlertTableModel::tick()
{
    if (!m_rows.isEmpty()) {
        const QList<int> roles{Qt::DisplayRole, Qt::ToolTipRole, SortRole, AgeSecondsRole};
        const int last = int(m_rows.size()) - 1;
        // Only the columns that move with time, so a view repaints two columns a second, not the whole table.
        Q_EMIT dataChanged(index(0, AgeColumn), index(last, AgeColumn), roles);
        Q_EMIT dataChanged(index(0, EscalationColumn), index(last, EscalationColumn), roles);
    }
    Q_EMIT ticked();
}

bool AlertTableModel::isMine(int row) const
{
    const Alert &a = alertAt(row);
    const QString me = m_cache.currentUserId();
    // Not empty: before the user is known, alerts without an owner must not count as mine.
    return !me.isEmpty() && (a.ownerId == me || m_cache.alertNotifiedUsers(a.id).contains(me));
}

QString AlertTableModel::escalationText(int row) const
{
    const Alert &a = alertAt(row);
    if (a.status == AlertStatus::Closed)
        return {};
    if (a.policyId.isEmpty())
        return tr("No policy");
    QString level;
    if (a.escalationRule >= 0) {
        const int rules = m_cache.escalationRuleCount(a.policyId);
        //: Escalation level of an alert: the rule of its policy that fired last, e.g. "Rule 2 of 3".
        level = rules > 0 ? tr("Rule %1 of %2").arg(a.escalationRule + 1).arg(rules)
                          : tr("Rule %1").arg(a.escalationRule + 1);
        if (a.escalationCycle > 0)
            //: %1 is "Rule 2 of 3"; a pass is one run through every rule of the policy.
            level = tr("%1, pass %2").arg(level).arg(a.escalationCycle + 1);
    }
    const QDateTime now = m_clock.now();
    if (a.nextEscalationAt.isValid()) {
        const QString when = a.nextEscalationAt > now ? Labels::duration(now.secsTo(a.nextEscalationAt)) : tr("now");
        return level.isEmpty() ? tr("Next in %1").arg(when) : tr("%1 · next in %2").arg(level, when);
    }
    if (a.inMaintenance && level.isEmpty())
        return tr("Maintenance");
    return level.isEmpty() ? tr("Not escalated") : level;
}

QVariant AlertTableModel::sortValue(int row, int column) const
{
    const Alert &a = alertAt(row);
    switch (column) {
    case PriorityColumn: return static_cast<int>(a.priority);
    case MessageColumn: return a.message;
    case ServiceColumn: return m_cache.serviceName(a.serviceId);
    case StatusColumn: return static_cast<int>(a.status);
    case CountColumn: return a.count;
    case AgeColumn: return -a.createdAt.toMSecsSinceEpoch(); // youngest first when ascending
    case OwnerColumn: return m_cache.userName(a.ownerId);
    case EscalationColumn:
        return a.nextEscalationAt.isValid() ? a.nextEscalationAt.toMSecsSinceEpoch()
                                            : std::numeric_limits<qint64>::max();
    }
    return {};
}

QColor AlertTableModel::priorityColour(Priority p)
{
    switch (p) {
    case Priority::P1: return {0xC6, 0x28, 0x28}; // red
    case Priority::P2: return {0xE6, 0x51, 0x00}; // orange
    case Priority::P3: return {0xB2, 0x6B, 0x00}; // amber
    case Priority::P4: return {0x15, 0x65, 0xC0}; // blue
    case Priority::P5: return {0x75, 0x75, 0x75}; // grey
    }
    return {};
}

int AlertTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AlertTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int r = index.row();
    const Alert &a = alertAt(r);
    const QDateTime now = m_clock.now();
    const bool snoozed = a.snoozedUntil.isValid() && a.snoozedUntil > now && a.status != AlertStatus::Closed;
    switch (role) {
    case IdRole: return a.id;
    case SortRole: return sortValue(r, index.column());
    case PriorityRole: return static_cast<int>(a.priority);
    case StatusRole: return static_cast<int>(a.status);
    case CountRole: return a.count;
    case AgeSecondsRole: return a.createdAt.secsTo(now);
    case PendingRole: return m_cache.isAlertPending(a.id);
    case ServiceIdRole: return a.serviceId;
    case TeamIdRole: return a.teamId;
    case OwnerIdRole: return a.ownerId;
    case SnoozedRole: return snoozed;
    case Qt::ForegroundRole:
        if (index.column() == PriorityColumn)
            return QBrush(priorityColour(a.priority));
        if (a.status == AlertStatus::Closed)
            return QBrush(QColor(0x75, 0x75, 0x75));
        return {};
    case Qt::FontRole:
        if (index.column() == MessageColumn && (a.status == AlertStatus::Open || m_cache.isAlertPending(a.id))) {
            QFont f;
            f.setBold(a.status == AlertStatus::Open);
            f.setItalic(m_cache.isAlertPending(a.id));
            return f;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == CountColumn || index.column() == PriorityColumn)
            return int(Qt::AlignCenter);
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case MessageColumn:
            if (m_cache.isAlertPending(a.id))
                return tr("Not yet sent to the server");
            return a.description.isEmpty() ? a.message : a.description.left(500);
        case AgeColumn:
            return tr("Opened %1").arg(QLocale().toString(a.createdAt.toLocalTime(), QLocale::ShortFormat));
        case CountColumn: return tr("Seen %n time(s)", nullptr, a.count);
        case EscalationColumn:
            if (a.nextEscalationAt.isValid())
                return tr("Next escalation at %1")
                    .arg(QLocale().toString(a.nextEscalationAt.toLocalTime(), QLocale::ShortFormat));
            return {};
        default: return {};
        }
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (index.column()) {
    case PriorityColumn: return Labels::priority(a.priority);
    case MessageColumn: return a.message;
    case ServiceColumn: {
        const QString name = m_cache.serviceName(a.serviceId);
        return name.isEmpty() ? a.serviceId : name;
    }
    case StatusColumn:
        if (snoozed)
            //: An alert's status and until when it is snoozed: "Open, snoozed until 10:00".
            return tr("%1, snoozed until %2")
                .arg(Labels::alertStatus(a.status), QLocale().toString(a.snoozedUntil.toLocalTime().time(), QStringLiteral("HH:mm")));
        return Labels::alertStatus(a.status);
    //: The number of times an alert was seen (de-duplicated), shown as a badge: "×12".
    case CountColumn: return a.count > 1 ? tr("×%1").arg(a.count) : QString();
    case AgeColumn: return Labels::duration(a.createdAt.secsTo(now));
    case OwnerColumn: return a.ownerId.isEmpty() ? QString() : m_cache.userName(a.ownerId);
    case EscalationColumn: return escalationText(r);
    }
    return {};
}

QVariant AlertTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    //: Column header: alert priority (P1…P5).
    case PriorityColumn: return tr("Pri.");
    case MessageColumn: return tr("Message");
    case ServiceColumn: return tr("Service");
    case StatusColumn: return tr("Status");
    //: Column header: how many times the alert was seen.
    case CountColumn: return tr("Count");
    case AgeColumn: return tr("Age");
    case OwnerColumn: return tr("Owner");
    case EscalationColumn: return tr("Escalation");
    }
    return {};
}

QHash<int, QByteArray> AlertTableModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "alertId");
    names.insert(SortRole, "sortValue");
    names.insert(PriorityRole, "priority");
    names.insert(StatusRole, "status");
    names.insert(CountRole, "count");
    names.insert(AgeSecondsRole, "ageSeconds");
    names.insert(PendingRole, "pending");
    names.insert(ServiceIdRole, "serviceId");
    names.insert(TeamIdRole, "teamId");
    names.insert(OwnerIdRole, "ownerId");
    names.insert(SnoozedRole, "snoozed");
    return names;
}

} // namespace Vigil
