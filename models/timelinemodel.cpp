#include "timelinemodel.h"

#include "labels.h"
#include "sync/localcache.h"

#include <algorithm>

namespace Vigil {

namespace {

// Internal ids: 0 for a band, band row + 1 for a segment of that band.
constexpr quintptr BandId = 0;

} // namespace

TimelineModel::TimelineModel(LocalCache &cache, QObject *parent)
    : QAbstractItemModel(parent), m_cache(cache), m_viewerZone(QTimeZone::systemTimeZone())
{
    connect(&m_cache, &LocalCache::schedulesChanged, this, &TimelineModel::rebuild);
    connect(&m_cache, &LocalCache::usersChanged, this, &TimelineModel::rebuild);
}

void TimelineModel::setScheduleId(const QString &id)
{
    if (id == m_scheduleId)
        return;
    m_scheduleId = id;
    rebuild();
}

void TimelineModel::setWindow(const QDateTime &from, const QDateTime &to)
{
    if (from == m_from && to == m_to)
        return;
    m_from = from.toUTC();
    m_to = to.toUTC();
    rebuild();
}

void TimelineModel::setViewerZone(const QTimeZone &zone)
{
    if (!zone.isValid() || zone == m_viewerZone)
        return;
    m_viewerZone = zone;
    rebuild(); // every tooltip changes
}

QTimeZone TimelineModel::scheduleZone() const { return m_scheduleZone.isValid() ? m_scheduleZone : m_viewerZone; }

void TimelineModel::rebuild()
{
    beginResetModel();
    m_bands.clear();
    m_scheduleZone = QTimeZone();
    const auto schedule = m_cache.schedule(m_scheduleId);
    if (schedule && m_from.isValid() && m_to.isValid() && m_from < m_to) {
        m_scheduleZone = schedule->timeZone;
        const OnCallResolver resolver(*schedule);
        for (int i = 0; i < schedule->layers.size(); ++i) {
            BandRow band{Band::Layer, i, {}, {}};
            const QString name = schedule->layers.at(i).name;
            band.title = name.isEmpty() ? tr("Layer %1").arg(i + 1) : tr("Layer %1 · %2").arg(i + 1).arg(name);
            for (const Shift &s : resolver.layerShifts(i, m_from, m_to))
                band.items.append(Item{Segment::Shift, s.userId, s.start, s.end, {}});
            m_bands.append(band);
        }
        BandRow overrides{Band::Overrides, -1, tr("Overrides"), {}};
        for (const ScheduleOverride &o : schedule->overrides) {
            if (o.end > m_from && o.start < m_to)
                overrides.items.append(Item{Segment::Override, o.userId, std::max(o.start, m_from),
                                            std::min(o.end, m_to), o.id});
        }
        std::sort(overrides.items.begin(), overrides.items.end(),
                  [](const Item &a, const Item &b) { return a.start < b.start; });
        m_bands.append(overrides);
        BandRow final{Band::Final, -1, tr("Final schedule"), {}};
        for (const Shift &s : resolver.finalShifts(m_from, m_to))
            final.items.append(Item{Segment::Shift, s.userId, s.start, s.end, {}});
        for (const Gap &g : resolver.gaps(m_from, m_to))
            final.items.append(Item{Segment::Gap, {}, g.start, g.end, {}});
        std::sort(final.items.begin(), final.items.end(), [](const Item &a, const Item &b) { return a.start < b.start; });
        m_bands.append(final);
    }
    endResetModel();
}

QModelIndex TimelineModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, BandId);
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex TimelineModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == BandId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, BandId);
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_bands.size());
    if (parent.internalId() != BandId || parent.column() != 0)
        return 0;
    return int(m_bands.at(parent.row()).items.size());
}

int TimelineModel::columnCount(const QModelIndex &) const { return 1; }

QString TimelineModel::personName(const QString &userId) const
{
    const QString name = m_cache.userName(userId);
    return name.isEmpty() ? userId : name;
}

QVariant TimelineModel::bandData(const BandRow &band, int role) const
{
    switch (role) {
    case Qt::DisplayRole: return band.title;
    case Qt::ToolTipRole:
        switch (band.band) {
        case Band::Layer: return tr("This layer's own shifts, cut to its restrictions");
        case Band::Overrides: return tr("Someone covers for whoever is on call");
        case Band::Final: return tr("Who is really on call: overrides, else the highest layer with coverage. "
                                    "Drag across this row to create an override.");
        }
        return {};
    case BandRole: return QVariant::fromValue(band.band);
    case LayerRole: return band.layer;
    default: return {};
    }
}

QVariant TimelineModel::itemData(const BandRow &band, const Item &item, int role) const
{
    switch (role) {
    case Qt::DisplayRole: return item.kind == Segment::Gap ? tr("Nobody on call") : personName(item.userId);
    case Qt::ToolTipRole: {
        const QString who = item.kind == Segment::Gap ? tr("Nobody on call (gap)") : personName(item.userId);
        QString text = tr("%1\n%2 – %3 (%4)")
                           .arg(who, Labels::shiftTimeWithZone(item.start, m_viewerZone),
                                Labels::shiftTimeWithZone(item.end, m_viewerZone),
                                Labels::duration(item.start.secsTo(item.end)));
        if (scheduleZone() != m_viewerZone)
            text += u'\n' + tr("Schedule's zone: %1 – %2")
                                .arg(Labels::shiftTimeWithZone(item.start, scheduleZone()),
                                     Labels::shiftTimeWithZone(item.end, scheduleZone()));
        if (item.kind == Segment::Override && m_cache.isOverridePending(item.overrideId))
            text += u'\n' + tr("Not yet confirmed by the server");
        return text;
    }
    case BandRole: return QVariant::fromValue(band.band);
    case SegmentRole: return QVariant::fromValue(item.kind);
    case StartRole: return item.start;
    case EndRole: return item.end;
    case UserIdRole: return item.userId;
    case OverrideIdRole: return item.overrideId;
    case PendingRole: return item.kind == Segment::Override && m_cache.isOverridePending(item.overrideId);
    case LayerRole: return band.layer;
    default: return {};
    }
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == BandId)
        return bandData(m_bands.at(index.row()), role);
    const BandRow &band = m_bands.at(int(index.internalId() - 1));
    return itemData(band, band.items.at(index.row()), role);
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (section == 0 && orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return tr("Timeline");
    return QAbstractItemModel::headerData(section, orientation, role);
}

} // namespace Vigil
