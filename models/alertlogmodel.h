#pragma once

#include "sync/localcache.h"

#include <QAbstractTableModel>

namespace Vigil {

/// The log of one alert as a timeline, oldest first: when, who or what, what happened, and for pages the channel
/// and the outcome ("SMTP 250 OK"). Entries are only ever added: new ones arrive as single-row inserts at the end;
/// a note still waiting to be sent is marked pending.
class AlertLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertLogModel)

public:
    enum Column { TimeColumn, EventColumn, WhoColumn, MessageColumn, ChannelColumn, OutcomeColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role { IdRole = Qt::UserRole + 1, TypeRole, AtRole, PendingRole, FailedRole };
    Q_ENUM(Role)

    explicit AlertLogModel(LocalCache &cache, QObject *parent = nullptr);

    void setAlertId(const QString &id);
    [[nodiscard]] QString alertId() const { return m_alertId; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

    /// The translated name of a log entry type ("notified" → "Paged"); the type itself when unknown.
    [[nodiscard]] static QString typeName(const QString &type);

private:
    void reload();
    void onLogChanged(const QString &alertId);
    [[nodiscard]] QString who(const AlertLogEntry &e) const;

    LocalCache &m_cache;
    QString m_alertId;
    QList<CachedAlertLogEntry> m_entries;
};

} // namespace Vigil
