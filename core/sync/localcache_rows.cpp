// LocalCache: how a ticket is stored in the cache's tables. Start-up reads every cached ticket, so these formats are
// chosen for reading speed: a packed list row per ticket, and a compact status history.

#include "localcache_p.h"

#include <QSqlQuery>
#include <QtEndian>

#include <cstring>
#include <limits>

namespace Vigil::CacheDetail {

// Status history as "status@msecs;…": parsing 100,000 of these at start-up is much cheaper than JSON.
QString encodeHistory(const QList<StatusChange> &h)
{
    QString out;
    for (const auto &c : h) {
        if (!out.isEmpty())
            out += u';';
        out += QString::number(static_cast<int>(c.status)) + u'@' + QString::number(c.at.toMSecsSinceEpoch());
    }
    return out;
}

QList<StatusChange> decodeHistory(QStringView s)
{
    QList<StatusChange> out;
    for (const auto part : s.tokenize(u';')) {
        const auto at = part.indexOf(u'@');
        if (at < 0)
            continue;
        out.append({static_cast<TicketStatus>(part.left(at).toInt()), fromMsecs(part.mid(at + 1).toLongLong())});
    }
    return out;
}

namespace {

// --- list rows -------------------------------------------------------------------------------------------------
// Every field of a ticket but its description, packed into one BLOB per ticket (tickets.list_row): start-up reads
// one column instead of eighteen, which spares Qt SQL a QVariant per column and the history a text parse.
// Little-endian; times are msecs since the epoch (NullTime = none); strings are UTF-16 with a 32-bit length.
// Every field is 2, 4 or 8 bytes long, so each string starts at an even offset.
constexpr quint16 ListRowFormat = 1;
constexpr qint64 NullTime = std::numeric_limits<qint64>::min();

class ListRowWriter
{
public:
    explicit ListRowWriter(qsizetype reserve) { m_out.reserve(reserve); }
    template<typename T>
    void put(T v)
    {
        const T le = qToLittleEndian(v);
        m_out.append(reinterpret_cast<const char *>(&le), sizeof le);
    }
    void putTime(const QDateTime &t) { put<qint64>(t.isValid() ? t.toMSecsSinceEpoch() : NullTime); }
    void putString(const QString &s)
    {
        put<quint32>(quint32(s.size()));
        if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
            m_out.append(reinterpret_cast<const char *>(s.utf16()), s.size() * 2);
        } else {
            for (const QChar c : s)
                put<quint16>(c.unicode());
        }
    }
    [[nodiscard]] QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

class ListRowReader
{
public:
    explicit ListRowReader(QByteArrayView in) : m_p(in.data()), m_end(in.data() + in.size()) {}
    [[nodiscard]] bool ok() const { return m_ok; }
    template<typename T>
    T get()
    {
        if (m_end - m_p < qsizetype(sizeof(T))) {
            m_ok = false;
            return T{};
        }
        const T v = qFromLittleEndian<T>(m_p);
        m_p += sizeof(T);
        return v;
    }
    QDateTime getTime()
    {
        const qint64 ms = get<qint64>();
        return ms == NullTime ? QDateTime() : fromMsecs(ms);
    }
    // A view of the next string where the bytes are in host order and aligned (always on little-endian hosts,
    // every string starts at an even offset); otherwise a null view and getString() must be used.
    QStringView peekString() const
    {
        if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
            if (m_end - m_p < 4 || (quintptr(m_p) & 1) != 0)
                return {};
            const quint32 n = qFromLittleEndian<quint32>(m_p);
            if ((m_end - m_p - 4) / 2 < qsizetype(n))
                return {};
            return QStringView(reinterpret_cast<const char16_t *>(m_p + 4), qsizetype(n));
        } else {
            return {};
        }
    }
    QString getPooledString(StringPool &pool)
    {
        const QStringView view = peekString();
        if (view.isNull())
            return pool.intern(getString());
        m_p += 4 + view.size() * 2;
        return pool.intern(view);
    }
    QString getString()
    {
        const quint32 n = get<quint32>();
        if (!m_ok || (m_end - m_p) / 2 < qsizetype(n)) {
            m_ok = false;
            return {};
        }
        QString s(qsizetype(n), Qt::Uninitialized);
        if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian)
            std::memcpy(s.data(), m_p, std::size_t(n) * 2);
        else
            qFromLittleEndian<quint16>(m_p, n, s.data());
        m_p += std::size_t(n) * 2;
        return s;
    }

private:
    const char *m_p;
    const char *m_end;
    bool m_ok = true;
};

} // namespace

QByteArray encodeListRow(const Ticket &t)
{
    ListRowWriter w(96 + 2 * (t.id.size() + t.key.size() + t.summary.size() + t.requesterName.size()
                              + t.requesterEmail.size() + t.assigneeId.size() + t.teamId.size() + t.serviceId.size())
                    + 10 * t.statusHistory.size());
    w.put<quint16>(ListRowFormat);
    w.put<quint16>(quint16(t.type));
    w.put<quint16>(quint16(t.priority));
    w.put<quint16>(quint16(t.status));
    w.put<qint64>(t.version);
    w.putTime(t.createdAt);
    w.putTime(t.updatedAt);
    w.putTime(t.firstResponseAt);
    w.putTime(t.resolvedAt);
    for (const QString *s : {&t.id, &t.key, &t.summary, &t.requesterName, &t.requesterEmail, &t.assigneeId, &t.teamId,
                             &t.serviceId})
        w.putString(*s);
    w.put<quint32>(quint32(t.statusHistory.size()));
    for (const auto &h : t.statusHistory) {
        w.put<quint16>(quint16(h.status));
        w.putTime(h.at);
    }
    return w.take();
}

/// Fills every field of `t` but the description; false on a row of another format or a truncated one.
bool decodeListRow(QByteArrayView data, Ticket &t, StringPool &pool)
{
    ListRowReader r(data);
    if (r.get<quint16>() != ListRowFormat)
        return false;
    t.type = static_cast<TicketType>(r.get<quint16>());
    t.priority = static_cast<Priority>(r.get<quint16>());
    t.status = static_cast<TicketStatus>(r.get<quint16>());
    t.version = r.get<qint64>();
    t.createdAt = r.getTime();
    t.updatedAt = r.getTime();
    t.firstResponseAt = r.getTime();
    t.resolvedAt = r.getTime();
    t.id = r.getString();
    t.key = r.getString();
    t.summary = r.getString();
    t.requesterName = r.getPooledString(pool);
    t.requesterEmail = r.getPooledString(pool);
    t.assigneeId = r.getPooledString(pool);
    t.teamId = r.getPooledString(pool);
    t.serviceId = r.getPooledString(pool);
    const quint32 history = r.get<quint32>();
    if (!r.ok() || history > quint32(data.size()))
        return false;
    t.statusHistory.reserve(history);
    for (quint32 i = 0; i < history; ++i) {
        const auto status = static_cast<TicketStatus>(r.get<quint16>());
        t.statusHistory.append({status, r.getTime()});
    }
    return r.ok();
}

const char *const TicketColumns = "id, key, version, created_at, updated_at, summary, description, type, priority,"
                                  " status, requester_name, requester_email, assignee_id, team_id, service_id,"
                                  " first_response_at, resolved_at, history";

// A ticket from the columns of TicketColumns, in that order.
Ticket ticketFromColumns(const QSqlQuery &q, StringPool &pool)
{
    Ticket t;
    t.id = q.value(0).toString();
    t.key = q.value(1).toString();
    t.version = q.value(2).toLongLong();
    t.createdAt = fromMsecs(q.value(3));
    t.updatedAt = fromMsecs(q.value(4));
    t.summary = q.value(5).toString();
    t.description = q.value(6).toString();
    t.type = static_cast<TicketType>(q.value(7).toInt());
    t.priority = static_cast<Priority>(q.value(8).toInt());
    t.status = static_cast<TicketStatus>(q.value(9).toInt());
    t.requesterName = pool.intern(q.value(10).toString());
    t.requesterEmail = pool.intern(q.value(11).toString());
    t.assigneeId = pool.intern(q.value(12).toString());
    t.teamId = pool.intern(q.value(13).toString());
    t.serviceId = pool.intern(q.value(14).toString());
    t.firstResponseAt = fromMsecs(q.value(15));
    t.resolvedAt = fromMsecs(q.value(16));
    t.statusHistory = decodeHistory(q.value(17).toString());
    return t;
}

// What the index keeps of a ticket: everything but the description (ticketDetails() reads it).
TicketPtr indexEntry(Ticket t)
{
    t.description = QString();
    return std::make_shared<const Ticket>(std::move(t));
}

} // namespace Vigil::CacheDetail
