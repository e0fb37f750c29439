#pragma once

#include "common/result.h"
#include "kinds.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariant>

#include <optional>
#include <utility>

namespace Vigil {

class ChangeLog;
class Connection;

/// Entity documents (one table per Kind) and the cache of decoded documents. Every put() and remove() takes a
/// revision from the ChangeLog and logs its change there. Not thread-safe: one Store per thread. put() and
/// remove() must run inside Store::write() or writeGrouped(); Transactions calls clearCache() on every rollback.
class Documents final
{
public:
    Documents(Connection &connection, ChangeLog &changes);
    Q_DISABLE_COPY_MOVE(Documents)

    [[nodiscard]] Result<QJsonObject> get(Kind k, const QString &id) const;
    /// Inserts or replaces the document (data must hold "id"), refreshes the indexed columns and logs the change.
    Status put(Kind k, const QJsonObject &data);
    /// put() of a document that replaces `before`, the stored one as read in this transaction: only the indexed
    /// columns whose values changed are written (an index none of whose columns changed is left alone). When the
    /// row's version is no longer the one `before` holds (another server wrote it), nothing is written: conflict.
    Status put(Kind k, const QJsonObject &data, const QJsonObject &before);
    /// Replaces the stored document (data must hold "id"), every indexed column included, only if the row is still
    /// at `readVersion`: conflict when another writer (another server) changed it since, not_found when it is gone.
    Status putOver(Kind k, const QJsonObject &data, qint64 readVersion);
    Status remove(Kind k, const QString &id);
    /// Rows of a kind matching an SQL condition over its indexed columns, e.g. ("ticket_id = ?", {id}).
    [[nodiscard]] QList<QJsonObject> select(Kind k, const QString &where, const QVariantList &binds,
                                            const QString &orderBy, int limit = -1) const;
    /// The first row of select(k, where, binds, orderBy, 1), or nothing.
    [[nodiscard]] std::optional<QJsonObject> first(Kind k, const QString &where, const QVariantList &binds,
                                                   const QString &orderBy) const;
    [[nodiscard]] qint64 count(Kind k, const QString &where = {}, const QVariantList &binds = {}) const;
    /// Rows of a kind that tracks revisions (tickets), most recently changed first, each with the revision of its
    /// last change (for keyset paging: pass `where` = "rev < ?" with the last revision seen).
    [[nodiscard]] QList<std::pair<qint64, QJsonObject>> selectRecent(Kind k, const QString &where,
                                                                    const QVariantList &binds, int limit) const;

    /// Forgets every decoded document: a rolled-back version number is handed out again, so a cached copy with
    /// that version would no longer match the row.
    void clearCache() { m_docs.clear(); }

private:
    Connection &m_connection;
    ChangeLog &m_changes;
    // Decoded documents of the kinds every ingest reads (alerts, services, users), by id. get() and first() read a row's
    // version and updated_at, and decode its data only when they differ from the cached copy's. put() refreshes
    // an entry that is there (it adds none); a rollback empties the cache, since a rolled-back version number is
    // handed out again.
    struct CachedDoc
    {
        qint64 version = 0;
        QString updatedAt;
        QJsonObject data;
    };
    mutable QHash<QString, CachedDoc> m_docs;
    void cacheDoc(Kind k, const QJsonObject &data) const;
    void refreshCachedDoc(Kind k, const QJsonObject &data) const;
    [[nodiscard]] Result<QJsonObject> readDoc(Kind k, const QString &id) const;
    [[nodiscard]] bool exists(Kind k, const QString &id) const;
    /// The UPDATE of put(k, data, before) and putOver(): re-indexes the columns that differ from `before` (all
    /// without it), and only over `readVersion` when it is not negative.
    Status update(Kind k, const QJsonObject &data, const QJsonObject *before, qint64 readVersion);
    [[nodiscard]] std::optional<QJsonObject> cachedDoc(const QString &id, qint64 version, const QString &updatedAt) const;
};

} // namespace Vigil
