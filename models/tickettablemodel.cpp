#include "tickettablemodel.h"

#include "labels.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>
#include <QThread>

#include <algorithm>
#include <thread>
#include <vector>

namespace Vigil {

namespace {
const QColor Amber(0xB2, 0x6B, 0x00);
const QColor Red(0xC6, 0x28, 0x28);

template<typename T>
int cmp(const T &a, const T &b) { return a < b ? -1 : (b < a ? 1 : 0); }

// Lower-cases in place, the same as QString::toLower(), without its per-character Unicode lookup for the usual
// case of text whose characters are ASCII or have no case (Hangul, CJK).
void lowerInPlace(QString &s)
{
    char16_t *p = reinterpret_cast<char16_t *>(s.data());
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = p[i];
        if (c < 0x80) {
            if (c >= u'A' && c <= u'Z')
                p[i] = char16_t(c + 32);
        } else if (QChar::isSurrogate(c) || QChar::toLower(c) != c) {
            s = s.toLower(); // special casing, surrogates: let Qt do all of it (ASCII already lowered is a no-op)
            return;
        }
    }
}

// Runs f(begin, end) over [0, count) in one chunk per core; f must only touch its own rows.
template<typename F>
void forEachChunk(qsizetype count, F f)
{
    const qsizetype threads = std::clamp<qsizetype>(QThread::idealThreadCount(), 1, 8);
    if (threads == 1 || count < 4096) {
        f(0, count);
        return;
    }
    std::vector<std::thread> workers;
    const qsizetype chunk = (count + threads - 1) / threads;
    for (qsizetype begin = chunk; begin < count; begin += chunk)
        workers.emplace_back(f, begin, std::min(count, begin + chunk));
    f(0, std::min(count, chunk));
    for (auto &w : workers)
        w.join();
}
} // namespace

TicketTableModel::TicketTableModel(LocalCache &cache, const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent), m_cache(cache), m_clock(clock)
{
    connect(&m_cache, &LocalCache::ticketUpserted, this, &TicketTableModel::onUpserted);
    connect(&m_cache, &LocalCache::ticketRemoved, this, &TicketTableModel::onRemoved);
    connect(&m_cache, &LocalCache::ticketsReset, this, &TicketTableModel::reload);
    connect(&m_cache, &LocalCache::usersChanged, this, &TicketTableModel::refreshAll);
    connect(&m_cache, &LocalCache::slaPolicyChanged, this, &TicketTableModel::refreshAll);
    connect(&m_cache, &LocalCache::currentUserIdChanged, this, [this] {
        // "Assigned to me" depends on who is signed in: rows re-enter filters and queue counts.
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, AssigneeColumn), index(int(m_rows.size()) - 1, AssigneeColumn));
    });
    connect(&m_cache, &LocalCache::pendingCountChanged, this, [this] {
        // The pending mark of a row may have flipped; the key column shows it.
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, KeyColumn), index(int(m_rows.size()) - 1, KeyColumn),
                               {Qt::FontRole, PendingRole});
    });
    connect(&m_tick, &QTimer::timeout, this, &TicketTableModel::tick);
    m_tick.start(1000);
    reload();
}

void TicketTableModel::setTickInterval(int ms)
{
    if (ms <= 0)
        m_tick.stop();
    else
        m_tick.start(ms);
}

void TicketTableModel::fill(Row &row) const
{
    const Ticket &t = *row.ticket;
    const QString assignee = m_cache.userName(t.assigneeId);
    // The search text is built once per change, lower-cased, so a keystroke in the search field is a plain substring
    // test per row.
    QString haystack;
    haystack.reserve(t.key.size() + t.summary.size() + t.requesterName.size() + t.requesterEmail.size()
                     + assignee.size() + 4);
    haystack.append(t.key).append(u' ').append(t.summary).append(u' ').append(t.requesterName).append(u' ')
        .append(t.requesterEmail).append(u' ').append(assignee);
    lowerInPlace(haystack);
    row.haystack = std::move(haystack);
    const TicketSla sla = computeSla(t, m_cache.slaPolicy(), m_clock.now());
    // One clock per row: the first response until it is met, then the resolution, the deadline the agent works toward
    // now.
    row.sla = sla.firstResponse.stoppedAt.isValid() ? sla.resolution : sla.firstResponse;
    row.hasSla = true;
    row.keyNumber = t.key.isEmpty() ? std::numeric_limits<int>::max() : t.keyNumber();
    row.updatedMs = t.updatedAt.toMSecsSinceEpoch();
    row.priority = static_cast<int>(t.priority);
    row.status = static_cast<int>(t.status);
}

void TicketTableModel::reload()
{
    beginResetModel();
    const auto &tickets = m_cache.tickets();
    // Most recently updated first, the order the table opens in, so the proxy's first sort runs over rows that are
    // already in order. The order is settled on small keys; the (large) rows are then filled in place, in parallel:
    // filling a row reads only its ticket, the (unchanging) users and policy.
    struct Order
    {
        qint64 updatedMs;
        int keyNumber;
        const TicketPtr *ticket;
    };
    std::vector<Order> order;
    order.reserve(std::size_t(tickets.size()));
    for (auto it = tickets.cbegin(); it != tickets.cend(); ++it) {
        const Ticket &t = *it.value();
        order.push_back({t.updatedAt.toMSecsSinceEpoch(),
                         t.key.isEmpty() ? std::numeric_limits<int>::max() : t.keyNumber(), &it.value()});
    }
    std::sort(order.begin(), order.end(), [](const Order &a, const Order &b) {
        return a.updatedMs != b.updatedMs ? a.updatedMs > b.updatedMs : a.keyNumber < b.keyNumber;
    });
    m_rows.clear();
    m_rows.resize(qsizetype(order.size()));
    Row *rows = m_rows.data();
    forEachChunk(m_rows.size(), [this, rows, &order](qsizetype begin, qsizetype end) {
        for (qsizetype r = begin; r < end; ++r) {
            rows[r].ticket = *order[std::size_t(r)].ticket;
            fill(rows[r]);
            rows[r].slaKey = slaSortKey(int(r));
        }
    });
    m_rowOf.clear();
    m_rowOf.reserve(m_rows.size());
    for (int r = 0; r < m_rows.size(); ++r)
        m_rowOf.insert(m_rows.at(r).ticket->id, r);
    endResetModel();
}

void TicketTableModel::refreshAll()
{
    // Users or the SLA policy changed: any row's names, search text and clock may differ now.
    for (int r = 0; r < m_rows.size(); ++r) {
        fill(m_rows[r]);
        m_rows[r].slaKey = slaSortKey(r);
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void TicketTableModel::onUpserted(const QString &id)
{
    const TicketPtr t = m_cache.ticket(id);
    if (!t)
        return;
    const int r = rowOf(id);
    if (r >= 0) {
        m_rows[r].ticket = t;
        fill(m_rows[r]);
        m_rows[r].slaKey = slaSortKey(r);
        Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
        return;
    }
    // A new ticket is appended: the order on screen is the proxy's, the model only keeps its rows stable.
    const int n = int(m_rows.size());
    beginInsertRows({}, n, n);
    Row row{t, {}, {}, false, 0, 0, 0, 0, 0};
    fill(row);
    m_rows.append(std::move(row));
    m_rows[n].slaKey = slaSortKey(n);
    m_rowOf.insert(id, n);
    endInsertRows();
}

void TicketTableModel::onRemoved(const QString &id)
{
    const int r = rowOf(id);
    if (r < 0)
        return;
    beginRemoveRows({}, r, r);
    m_rows.removeAt(r);
    m_rowOf.remove(id);
    for (int i = r; i < m_rows.size(); ++i)
        // The rows after the removed one moved up; their entries in the id index follow.
        m_rowOf[m_rows.at(i).ticket->id] = i;
    endRemoveRows();
}

void TicketTableModel::tick()
{
    // Only the SLA column moves with time: refresh its sort key (cheap arithmetic per row) before announcing it,
    // so a proxy sorted on it re-sorts on plain integers.
    for (int r = 0; r < m_rows.size(); ++r)
        m_rows[r].slaKey = slaSortKey(r);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, SlaColumn), index(int(m_rows.size()) - 1, SlaColumn),
                           {Qt::DisplayRole, Qt::ForegroundRole, Qt::ToolTipRole, SortRole, SlaRemainingRole,
                            SlaStateRole});
    Q_EMIT ticked();
}

qint64 TicketTableModel::slaRemaining(int row) const
{
    const SlaClock &c = m_rows.at(row).sla;
    if (c.paused || c.stoppedAt.isValid() || !c.targetAt.isValid())
        return c.remainingSeconds;
    const QDateTime now = m_clock.now();
    // Past the deadline: breached, and "how long ago" is wall time (also while the business calendar is closed).
    if (now >= c.targetAt)
        return -std::max<qint64>(1, c.targetAt.secsTo(now));
    const BusinessCalendar &cal = m_cache.slaPolicy().calendar;
    if (!cal.enabled())
        return now.secsTo(c.targetAt);
    return cal.workingSecondsBetween(now, c.targetAt);
}

TicketTableModel::SlaState TicketTableModel::slaState(int row) const
{
    const Row &r = m_rows.at(row);
    if (!r.hasSla || r.sla.targetSeconds <= 0)
        return SlaState::None;
    if (r.sla.stoppedAt.isValid())
        return r.sla.breached ? SlaState::Breached : SlaState::Met;
    if (slaRemaining(row) < 0)
        return SlaState::Breached;
    return r.sla.paused ? SlaState::Paused : SlaState::Running;
}

bool TicketTableModel::inQueue(int row, Queue queue) const
{
    const Ticket &t = *m_rows.at(row).ticket;
    const bool open = t.status != TicketStatus::Resolved && t.status != TicketStatus::Closed;
    switch (queue) {
    case Queue::AllOpen: return open;
    case Queue::Unassigned: return open && t.assigneeId.isEmpty();
    // Not empty: before the user is known (empty id), unassigned tickets must not count as mine.
    case Queue::AssignedToMe: return open && !t.assigneeId.isEmpty() && t.assigneeId == m_cache.currentUserId();
    case Queue::BreachingSoon: {
        if (!open || slaState(row) != SlaState::Running)
            return false;
        return slaRemaining(row) <= SoonSeconds;
    }
    case Queue::Breached: return open && slaState(row) == SlaState::Breached;
    case Queue::WaitingForCustomer: return t.status == TicketStatus::WaitingForCustomer;
    case Queue::ResolvedRecently:
        return !open && t.resolvedAt.isValid() && t.resolvedAt >= m_clock.now().addDays(-7);
    }
    return false;
}

quint8 TicketTableModel::queueMask(int row) const
{
    quint8 mask = 0;
    for (int q = 0; q < QueueCount; ++q) {
        if (inQueue(row, static_cast<Queue>(q)))
            mask |= quint8(1U << q);
    }
    return mask;
}

qint64 TicketTableModel::nextQueueChangeMs(int row) const
{
    constexpr qint64 Never = std::numeric_limits<qint64>::max();
    constexpr qint64 WeekMs = 7 * 24 * 3600 * qint64(1000);
    const Row &r = m_rows.at(row);
    const Ticket &t = *r.ticket;
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    const bool open = t.status != TicketStatus::Resolved && t.status != TicketStatus::Closed;
    if (!open) {
        // Leaves "resolved in the last 7 days" once resolvedAt < now - 7 days.
        const qint64 leaves = t.resolvedAt.isValid() ? t.resolvedAt.toMSecsSinceEpoch() + WeekMs + 1 : Never;
        return leaves > nowMs ? leaves : Never;
    }
    // Only a running clock moves with time: paused, stopped or absent clocks change with the ticket only.
    const SlaClock &c = r.sla;
    if (!r.hasSla || c.targetSeconds <= 0 || c.paused || c.stoppedAt.isValid() || !c.targetAt.isValid())
        return Never;
    const qint64 targetMs = c.targetAt.toMSecsSinceEpoch();
    if (nowMs >= targetMs)
        return Never; // breached for good
    qint64 next = targetMs; // becomes breached
    const qint64 remaining = slaRemaining(row);
    if (remaining > SoonSeconds) {
        qint64 soon = 0;
        if (!m_cache.slaPolicy().calendar.enabled()) {
            // Whole seconds left (QDateTime::secsTo truncates) drop to SoonSeconds once fewer than SoonSeconds + 1
            // seconds remain.
            soon = targetMs - (SoonSeconds + 1) * 1000 + 1;
        } else {
            // Working seconds never pass faster than wall-clock seconds: look again when that bound is reached.
            soon = nowMs + std::max<qint64>(1, (remaining - SoonSeconds - 1) * 1000);
        }
        next = std::min(next, std::max(soon, nowMs + 1));
    }
    return next;
}

qint64 TicketTableModel::slaSortKey(int row) const
{
    const SlaState state = slaState(row);
    return state == SlaState::None || state == SlaState::Met ? std::numeric_limits<qint64>::max()
                                                             : slaRemaining(row);
}

QVariant TicketTableModel::sortValue(int row, int column) const
{
    const Ticket &t = *m_rows.at(row).ticket;
    switch (column) {
    case KeyColumn: return t.key.isEmpty() ? std::numeric_limits<int>::max() : t.keyNumber();
    case PriorityColumn: return static_cast<int>(t.priority);
    case SummaryColumn: return t.summary;
    case RequesterColumn: return t.requesterName;
    case AssigneeColumn: return m_cache.userName(t.assigneeId);
    case StatusColumn: return static_cast<int>(t.status);
    case SlaColumn: return slaSortKey(row);
    case UpdatedColumn: return m_rows.at(row).updatedMs;
    }
    return {};
}

bool TicketTableModel::lessThan(int left, int right, int column) const
{
    const Row &ra = m_rows.at(left);
    const Row &rb = m_rows.at(right);
    const Ticket &a = *ra.ticket;
    const Ticket &b = *rb.ticket;
    int c = 0;
    switch (column) {
    case KeyColumn: break;
    case PriorityColumn: c = cmp(ra.priority, rb.priority); break;
    case SummaryColumn: c = a.summary.compare(b.summary, Qt::CaseInsensitive); break;
    case RequesterColumn: c = a.requesterName.compare(b.requesterName, Qt::CaseInsensitive); break;
    case AssigneeColumn:
        c = m_cache.userName(a.assigneeId).compare(m_cache.userName(b.assigneeId), Qt::CaseInsensitive);
        break;
    case StatusColumn: c = cmp(ra.status, rb.status); break;
    // The key of the last fill() or tick(): the order the view shows only changes when the model announces it.
    case SlaColumn: c = cmp(ra.slaKey, rb.slaKey); break;
    case UpdatedColumn: c = cmp(ra.updatedMs, rb.updatedMs); break;
    }
    if (c != 0)
        return c < 0;
    // Ties fall back to the key so the order is total and stable.
    const int ka = ra.keyNumber;
    const int kb = rb.keyNumber;
    return ka != kb ? ka < kb : a.id < b.id;
}

int TicketTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TicketTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TicketTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int r = index.row();
    const Ticket &t = *m_rows.at(r).ticket;
    switch (role) {
    case IdRole: return t.id;
    case SortRole: return sortValue(r, index.column());
    case SlaRemainingRole: return slaRemaining(r);
    case SlaStateRole: return QVariant::fromValue(slaState(r));
    case PendingRole: return m_cache.hasPending(t.id);
    case StatusRole: return static_cast<int>(t.status);
    case PriorityRole: return static_cast<int>(t.priority);
    case Qt::FontRole:
        if (index.column() == KeyColumn && m_cache.hasPending(t.id)) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == SlaColumn) {
            const SlaState s = slaState(r);
            if (s == SlaState::Breached)
                return QBrush(Red);
            if (s == SlaState::Running && slaRemaining(r) <= SoonSeconds)
                return QBrush(Amber);
        }
        if (index.column() == PriorityColumn && t.priority == Priority::P1)
            return QBrush(Red);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == KeyColumn && m_cache.hasPending(t.id))
            return tr("Not yet sent to the server");
        if (index.column() == SlaColumn && m_rows.at(r).sla.targetAt.isValid())
            return tr("Due %1").arg(QLocale().toString(m_rows.at(r).sla.targetAt.toLocalTime(), QLocale::ShortFormat));
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    //: Shown instead of the key of a ticket the server has not numbered yet.
    case KeyColumn: return t.key.isEmpty() ? tr("(new)") : t.key;
    case PriorityColumn: return Labels::priority(t.priority);
    case SummaryColumn: return t.summary;
    case RequesterColumn: return t.requesterName;
    case AssigneeColumn: return t.assigneeId.isEmpty() ? tr("Unassigned") : m_cache.userName(t.assigneeId);
    case StatusColumn: return Labels::status(t.status);
    case SlaColumn:
        switch (slaState(r)) {
        case SlaState::None: return QString();
        case SlaState::Met: return tr("Met");
        case SlaState::Paused: return tr("Paused, %1 left").arg(Labels::duration(slaRemaining(r)));
        case SlaState::Breached:
            return m_rows.at(r).sla.stoppedAt.isValid() ? tr("Breached")
                                                        : tr("Breached %1 ago").arg(Labels::duration(slaRemaining(r)));
        case SlaState::Running: return Labels::duration(slaRemaining(r));
        }
        return {};
    case UpdatedColumn: return QLocale().toString(t.updatedAt.toLocalTime(), QLocale::ShortFormat);
    }
    return {};
}

QVariant TicketTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn: return tr("Key");
    case PriorityColumn: return tr("Priority");
    case SummaryColumn: return tr("Summary");
    case RequesterColumn: return tr("Requester");
    case AssigneeColumn: return tr("Assignee");
    case StatusColumn: return tr("Status");
    case SlaColumn: return tr("SLA remaining");
    case UpdatedColumn: return tr("Updated");
    }
    return {};
}

QHash<int, QByteArray> TicketTableModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "ticketId");
    names.insert(SortRole, "sortValue");
    names.insert(SlaRemainingRole, "slaRemaining");
    names.insert(SlaStateRole, "slaState");
    names.insert(PendingRole, "pending");
    names.insert(StatusRole, "status");
    names.insert(PriorityRole, "priority");
    return names;
}

} // namespace Vigil
