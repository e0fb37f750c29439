#pragma once

#include "alerttablemodel.h"

#include <QSortFilterProxyModel>

namespace Vigil {

/// The alert list as the user sees it: status (open, acknowledged, closed, or every active one), "mine" (owned by me
/// or I was paged), "my team" (the alert's team is one of mine), a service, a priority, and an instant search
/// (case-insensitive substring of message, alias, source and tags). Sorted on raw values: by default priority
/// first, then the newest. The source must be an AlertTableModel.
class AlertFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertFilterProxy)

public:
    enum class StatusFilter { Active, Open, Acknowledged, Closed };
    Q_ENUM(StatusFilter)

    explicit AlertFilterProxy(QObject *parent = nullptr);

    void setAlertModel(AlertTableModel *model);
    [[nodiscard]] StatusFilter statusFilter() const { return m_status; }
    void setStatusFilter(StatusFilter status);
    void setMineOnly(bool on);
    [[nodiscard]] bool mineOnly() const { return m_mine; }
    void setMyTeamsOnly(bool on);
    [[nodiscard]] bool myTeamsOnly() const { return m_myTeams; }
    /// Empty: every service.
    void setServiceId(const QString &id);
    /// 0: every priority; 1..5: that one.
    void setPriority(int priority);
    void setSearchText(const QString &text);
    [[nodiscard]] QString searchText() const { return m_search; }

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    [[nodiscard]] bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refreshMyTeams();

    AlertTableModel *m_alerts = nullptr;
    StatusFilter m_status = StatusFilter::Active;
    bool m_mine = false;
    bool m_myTeams = false;
    QString m_serviceId;
    int m_priority = 0;
    QString m_search; // lower-case, trimmed
    QSet<QString> m_teams; // the signed-in user's teams, refreshed when teams or the user change
};

} // namespace Vigil
