#pragma once
// What the parts of LocalCache (localcache*.cpp) share but nobody else needs: how tickets are stored in the cache's
// tables (times, the status history, the packed list row) and the JSON text of the other tables. Private to
// vigil_sync; include it from LocalCache's own files only.

#include "localcache.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QVariant>

class QSqlQuery;

namespace Vigil::CacheDetail {

inline QVariant msecs(const QDateTime &t) { return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant(); }

// Qt::UTC, not QTimeZone::utc(): a UTC-spec QDateTime is stored inline, while one bound to a QTimeZone carries a
// heap-allocated zone (in Qt 6.4 one per call of QTimeZone::utc()), which made 100,000 cached tickets cost
// hundreds of bytes each and every comparison slow. Json::parseTime yields the same spec (toUTC()).
inline QDateTime fromMsecs(qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC); }

inline QDateTime fromMsecs(const QVariant &v) { return v.isNull() ? QDateTime() : fromMsecs(v.toLongLong()); }

/// Shares one copy of strings that repeat across many tickets (requesters, user, team and service ids).
class StringPool
{
public:
    QString intern(const QString &s)
    {
        if (s.isEmpty())
            return s;
        auto it = m_strings.constFind(QStringView(s));
        if (it != m_strings.cend())
            return *it;
        m_strings.insert(QStringView(s), s);
        return s;
    }
    /// Like intern(), without building a QString when the text is already pooled.
    QString intern(QStringView s)
    {
        if (s.isEmpty())
            return {};
        auto it = m_strings.constFind(s);
        if (it != m_strings.cend())
            return *it;
        return intern(s.toString());
    }

private:
    // Keys view the values' own (immutable, shared) character data, which stays put while the hash grows.
    QHash<QStringView, QString> m_strings;
};

inline QString toText(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }
inline QJsonObject fromText(const QString &s) { return QJsonDocument::fromJson(s.toUtf8()).object(); }

/// Status history as "status@msecs;…" (tickets.history).
[[nodiscard]] QString encodeHistory(const QList<StatusChange> &h);
[[nodiscard]] QList<StatusChange> decodeHistory(QStringView s);

/// Every field of a ticket but its description, packed into one BLOB (tickets.list_row; format in localcache_rows.cpp).
[[nodiscard]] QByteArray encodeListRow(const Ticket &t);
/// Fills every field of `t` but the description; false on a row of another format or a truncated one.
[[nodiscard]] bool decodeListRow(QByteArrayView data, Ticket &t, StringPool &pool);

/// The ticket columns that ticketFromColumns() reads, in its order, for SELECT lists.
extern const char *const TicketColumns;

/// A ticket from the columns of TicketColumns, in that order.
[[nodiscard]] Ticket ticketFromColumns(const QSqlQuery &q, StringPool &pool);

/// What the index keeps of a ticket: everything but the description (ticketDetails() reads it).
[[nodiscard]] TicketPtr indexEntry(Ticket t);

} // namespace Vigil::CacheDetail
