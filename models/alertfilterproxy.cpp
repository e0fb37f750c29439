#include "alertfilterproxy.h"

namespace Vigil {

AlertFilterProxy::AlertFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(AlertTableModel::SortRole);
    setDynamicSortFilter(true);
}

void AlertFilterProxy::setAlertModel(AlertTableModel *model)
{
    if (m_alerts)
        disconnect(&m_alerts->cache(), nullptr, this, nullptr);
    m_alerts = model;
    setSourceModel(model);
    if (!model)
        return;
    // "My team" follows team memberships and who is signed in.
    connect(&model->cache(), &LocalCache::teamsChanged, this, &AlertFilterProxy::refreshMyTeams);
    connect(&model->cache(), &LocalCache::currentUserIdChanged, this, &AlertFilterProxy::refreshMyTeams);
    refreshMyTeams();
}

void AlertFilterProxy::refreshMyTeams()
{
    QSet<QString> teams = m_alerts ? m_alerts->cache().teamsOf(m_alerts->cache().currentUserId()) : QSet<QString>();
    if (teams == m_teams)
        return;
    m_teams = std::move(teams);
    if (m_myTeams)
        invalidateRowsFilter();
}

void AlertFilterProxy::setStatusFilter(StatusFilter status)
{
    if (status == m_status)
        return;
    m_status = status;
    invalidateRowsFilter();
}

void AlertFilterProxy::setMineOnly(bool on)
{
    if (on == m_mine)
        return;
    m_mine = on;
    invalidateRowsFilter();
}

void AlertFilterProxy::setMyTeamsOnly(bool on)
{
    if (on == m_myTeams)
        return;
    m_myTeams = on;
    invalidateRowsFilter();
}

void AlertFilterProxy::setServiceId(const QString &id)
{
    if (id == m_serviceId)
        return;
    m_serviceId = id;
    invalidateRowsFilter();
}

void AlertFilterProxy::setPriority(int priority)
{
    if (priority == m_priority)
        return;
    m_priority = priority;
    invalidateRowsFilter();
}

void AlertFilterProxy::setSearchText(const QString &text)
{
    const QString needle = text.trimmed().toLower();
    if (needle == m_search)
        return;
    m_search = needle;
    invalidateRowsFilter();
}

bool AlertFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_alerts || sourceParent.isValid())
        return false;
    const Alert &a = m_alerts->alertAt(sourceRow);
    switch (m_status) {
    case StatusFilter::Active:
        if (a.status == AlertStatus::Closed)
            return false;
        break;
    case StatusFilter::Open:
        if (a.status != AlertStatus::Open)
            return false;
        break;
    case StatusFilter::Acknowledged:
        if (a.status != AlertStatus::Acknowledged)
            return false;
        break;
    case StatusFilter::Closed:
        if (a.status != AlertStatus::Closed)
            return false;
        break;
    }
    if (m_priority != 0 && static_cast<int>(a.priority) != m_priority)
        return false;
    if (!m_serviceId.isEmpty() && a.serviceId != m_serviceId)
        return false;
    if (m_myTeams && !m_teams.contains(a.teamId))
        return false;
    if (m_mine && !m_alerts->isMine(sourceRow))
        return false;
    return m_search.isEmpty() || m_alerts->haystack(sourceRow).contains(m_search);
}

bool AlertFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant l = left.data(AlertTableModel::SortRole);
    const QVariant r = right.data(AlertTableModel::SortRole);
    const auto order = QVariant::compare(l, r);
    if (order != QPartialOrdering::Equivalent && order != QPartialOrdering::Unordered)
        return order == QPartialOrdering::Less;
    // Ties: the newest alert first, whatever the direction of the column, then by id for a total order.
    const Alert &a = m_alerts->alertAt(left.row());
    const Alert &b = m_alerts->alertAt(right.row());
    const bool newer = a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id < b.id;
    return sortOrder() == Qt::AscendingOrder ? newer : !newer;
}

} // namespace Vigil
