#pragma once

#include "oncall/oncallresolver.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QTimeZone>

namespace Vigil {

class LocalCache;

/// The rotation timeline of one schedule over a window [from, to), as a two-level model:
/// top-level rows are the timeline's bands — one per layer (layers[0] first), then "Overrides", then "Final
/// schedule" — and each band's children are its segments in time order (column 0 only). Layer bands hold the
/// layer's own shifts (cut to its restrictions); the overrides band the overrides that touch the window; the final
/// band the final schedule with its gaps (nobody on call) as segments of their own.
///
/// Segments carry their times as roles (StartRole, EndRole: UTC), so a view can lay them out; DisplayRole is the
/// person's name and ToolTipRole the exact local times in the viewer's zone and in the schedule's zone.
/// The model follows the cache: any change of the schedule or of user names rebuilds it (a reset).
class TimelineModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineModel)

public:
    enum class Band { Layer, Overrides, Final };
    Q_ENUM(Band)
    enum class Segment { Shift, Override, Gap };
    Q_ENUM(Segment)
    enum Role {
        BandRole = Qt::UserRole + 1, // Band, on bands and segments
        SegmentRole,                 // Segment, on segments
        StartRole,                   // QDateTime UTC, on segments
        EndRole,
        UserIdRole,                  // empty for gaps
        OverrideIdRole,              // overrides only
        PendingRole,                 // bool: an override not yet confirmed by the server
        LayerRole                    // int: the layer index of a layer band or segment, -1 otherwise
    };
    Q_ENUM(Role)

    explicit TimelineModel(LocalCache &cache, QObject *parent = nullptr);

    void setScheduleId(const QString &id);
    [[nodiscard]] QString scheduleId() const { return m_scheduleId; }
    /// The window [from, to) (UTC instants).
    void setWindow(const QDateTime &from, const QDateTime &to);
    [[nodiscard]] QDateTime from() const { return m_from; }
    [[nodiscard]] QDateTime to() const { return m_to; }
    void setViewerZone(const QTimeZone &zone);
    [[nodiscard]] QTimeZone viewerZone() const { return m_viewerZone; }
    /// The schedule's zone (the viewer's when there is no schedule).
    [[nodiscard]] QTimeZone scheduleZone() const;
    /// The band row of the final schedule (the last row), -1 when there is no schedule.
    [[nodiscard]] int finalRow() const { return m_bands.isEmpty() ? -1 : int(m_bands.size()) - 1; }

    [[nodiscard]] QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex &child) const override;
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Rebuilds from the cache (called on every relevant change; public for tests).
    void rebuild();

private:
    struct Item
    {
        Segment kind = Segment::Shift;
        QString userId;
        QDateTime start;
        QDateTime end;
        QString overrideId;
    };
    struct BandRow
    {
        Band band = Band::Layer;
        int layer = -1;
        QString title;
        QList<Item> items;
    };

    [[nodiscard]] QVariant bandData(const BandRow &band, int role) const;
    [[nodiscard]] QVariant itemData(const BandRow &band, const Item &item, int role) const;
    [[nodiscard]] QString personName(const QString &userId) const;

    LocalCache &m_cache;
    QString m_scheduleId;
    QDateTime m_from;
    QDateTime m_to;
    QTimeZone m_viewerZone;
    QTimeZone m_scheduleZone;
    QList<BandRow> m_bands;
};

} // namespace Vigil
