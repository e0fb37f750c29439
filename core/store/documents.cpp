#include "documents.h"

#include "changelog.h"
#include "connection.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Vigil {

Documents::Documents(Connection &connection, ChangeLog &changes) : m_connection(connection), m_changes(changes) {}

namespace {

bool cachesDocs(Kind k) { return k == Kind::Alert || k == Kind::Service || k == Kind::User; }
constexpr qsizetype MaxCachedDocs = 4096;

} // namespace

void Documents::cacheDoc(Kind k, const QJsonObject &data) const
{
    if (!cachesDocs(k))
        return;
    const QString id = data.value(QStringLiteral("id")).toString();
    const QJsonValue version = data.value(QStringLiteral("version"));
    const QJsonValue updatedAt = data.value(QStringLiteral("updated_at"));
    if (id.isEmpty() || !version.isDouble() || !updatedAt.isString()) {
        m_docs.remove(id);
        return;
    }
    if (m_docs.size() >= MaxCachedDocs && !m_docs.contains(id))
        m_docs.clear();
    m_docs.insert(id, CachedDoc{version.toInteger(), updatedAt.toString(), data});
}

void Documents::refreshCachedDoc(Kind k, const QJsonObject &data) const
{
    // Only documents read before are kept: a flood of new alerts, most never seen again, does not fill the cache.
    if (cachesDocs(k) && m_docs.contains(data.value(QStringLiteral("id")).toString()))
        cacheDoc(k, data);
}

std::optional<QJsonObject> Documents::cachedDoc(const QString &id, qint64 version, const QString &updatedAt) const
{
    const auto it = m_docs.constFind(id);
    if (it == m_docs.cend() || it->version != version || it->updatedAt != updatedAt)
        return std::nullopt;
    return it->data;
}

Result<QJsonObject> Documents::get(Kind k, const QString &id) const
{
    if (cachesDocs(k)) {
        QSqlQuery &v = m_connection.prepared(QStringLiteral("SELECT version, updated_at FROM %1 WHERE id = ?").arg(QLatin1String(kindInfo(k).table)), {id});
        if (!v.exec())
            return Connection::sqlError(v.lastError(), QStringLiteral("get"));
        if (!v.next()) {
            v.finish();
            return Error::make(ErrorCode::NotFound, QStringLiteral("%1 %2 not found").arg(entityName(k), id));
        }
        auto hit = cachedDoc(id, v.value(0).toLongLong(), v.value(1).toString());
        v.finish();
        if (hit)
            return *hit;
    }
    return readDoc(k, id);
}

bool Documents::exists(Kind k, const QString &id) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT 1 FROM %1 WHERE id = ?").arg(QLatin1String(kindInfo(k).table)), {id});
    const bool found = q.exec() && q.next();
    q.finish();
    return found;
}

Result<QJsonObject> Documents::readDoc(Kind k, const QString &id) const
{
    QSqlQuery &q = m_connection.prepared(QStringLiteral("SELECT data FROM %1 WHERE id = ?").arg(QLatin1String(kindInfo(k).table)), {id});
    if (!q.exec())
        return Connection::sqlError(q.lastError(), QStringLiteral("get"));
    if (!q.next()) {
        q.finish();
        return Error::make(ErrorCode::NotFound, QStringLiteral("%1 %2 not found").arg(entityName(k), id));
    }
    const QByteArray data = q.value(0).toString().toUtf8();
    q.finish();
    QJsonObject o = QJsonDocument::fromJson(data).object();
    cacheDoc(k, o);
    return o;
}

std::optional<QJsonObject> Documents::first(Kind k, const QString &where, const QVariantList &binds, const QString &orderBy) const
{
    if (!cachesDocs(k)) {
        const QList<QJsonObject> rows = select(k, where, binds, orderBy, 1);
        return rows.isEmpty() ? std::nullopt : std::optional<QJsonObject>(rows.first());
    }
    QString sql = QStringLiteral("SELECT id, version, updated_at FROM %1").arg(QLatin1String(kindInfo(k).table));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    if (!orderBy.isEmpty())
        sql += QStringLiteral(" ORDER BY ") + orderBy;
    sql += QStringLiteral(" LIMIT 1");
    QSqlQuery &q = m_connection.prepared(sql, binds);
    if (!q.exec()) {
        qCWarning(lcStore) << "select failed" << sql << q.lastError().text();
        return std::nullopt;
    }
    if (!q.next()) {
        q.finish();
        return std::nullopt;
    }
    const QString id = q.value(0).toString();
    auto hit = cachedDoc(id, q.value(1).toLongLong(), q.value(2).toString());
    q.finish();
    if (hit)
        return hit;
    auto row = readDoc(k, id);
    if (!row)
        return std::nullopt;
    return row.value();
}

Status Documents::put(Kind k, const QJsonObject &data, const QJsonObject &before)
{
    const QString id = data.value(QStringLiteral("id")).toString();
    if (id.isEmpty() || before.value(QStringLiteral("id")).toString() != id)
        return put(k, data);
    const QJsonValue readVersion = before.value(QStringLiteral("version"));
    return update(k, data, &before, readVersion.isDouble() ? readVersion.toInteger() : -1);
}

Status Documents::putOver(Kind k, const QJsonObject &data, qint64 readVersion)
{
    return update(k, data, nullptr, readVersion);
}

Status Documents::update(Kind k, const QJsonObject &data, const QJsonObject *before, qint64 readVersion)
{
    Q_ASSERT(m_connection.inWrite());
    const KindInfo &ki = kindInfo(k);
    const QString id = data.value(QStringLiteral("id")).toString();
    if (id.isEmpty())
        return Error::make(ErrorCode::Internal, QStringLiteral("document without id"));
    auto rev = m_changes.nextRev();
    if (!rev)
        return rev.error();
    const QString json = QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact));
    QString sql = QStringLiteral("UPDATE %1 SET version = ?, created_at = ?, updated_at = ?, data = ?").arg(QLatin1String(ki.table));
    QVariantList binds{data.value(QStringLiteral("version")).toInteger(), data.value(QStringLiteral("created_at")).toString(),
                       data.value(QStringLiteral("updated_at")).toString(), json};
    for (const auto &[col, fn] : ki.columns) {
        QVariant value = fn(data);
        if (before && value == fn(*before))
            continue;
        sql += QStringLiteral(", ") + col + QStringLiteral(" = ?");
        binds.append(std::move(value));
    }
    if (ki.tracksRev) {
        sql += QStringLiteral(", rev = ?");
        binds.append(rev.value());
    }
    sql += QStringLiteral(" WHERE id = ?");
    binds.append(id);
    // Only over the version read: a server sharing the database may have written the row since (PostgreSQL reads
    // before the first write of a transaction see the last commit, not a locked row). Writing over that would
    // lose its change; the caller gets a conflict and may read again.
    if (readVersion >= 0) {
        sql += QStringLiteral(" AND version = ?");
        binds.append(readVersion);
    }
    QSqlQuery &q = m_connection.prepared(sql, binds);
    if (!q.exec())
        return Connection::sqlError(q.lastError(), QStringLiteral("update"));
    const int updated = q.numRowsAffected();
    q.finish();
    if (updated != 1) {
        if (readVersion >= 0 && exists(k, id))
            return Error::make(ErrorCode::Conflict, QStringLiteral("%1 %2 was changed since it was read (version %3)")
                                                        .arg(entityName(k), id)
                                                        .arg(readVersion));
        return Error::make(ErrorCode::NotFound, QStringLiteral("%1 %2 not found").arg(entityName(k), id));
    }
    refreshCachedDoc(k, data);
    return m_changes.appendChange(rev.value(), entityName(k), id, QStringLiteral("upsert"), ki.changesByReference ? QStringLiteral("") : json);
}

Status Documents::put(Kind k, const QJsonObject &data)
{
    Q_ASSERT(m_connection.inWrite());
    const KindInfo &ki = kindInfo(k);
    const QString id = data.value(QStringLiteral("id")).toString();
    if (id.isEmpty())
        return Error::make(ErrorCode::Internal, QStringLiteral("document without id"));
    auto rev = m_changes.nextRev();
    if (!rev)
        return rev.error();
    const QString json = QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact));
    QStringList cols{QStringLiteral("id"), QStringLiteral("version"), QStringLiteral("created_at"),
                     QStringLiteral("updated_at"), QStringLiteral("data")};
    QVariantList binds{id, data.value(QStringLiteral("version")).toInteger(),
                       data.value(QStringLiteral("created_at")).toString(),
                       data.value(QStringLiteral("updated_at")).toString(), json};
    for (const auto &[col, fn] : ki.columns) {
        cols.append(col);
        binds.append(fn(data));
    }
    if (ki.tracksRev) {
        cols.append(QStringLiteral("rev"));
        binds.append(rev.value());
    }
    QStringList updates;
    for (qsizetype i = 1; i < cols.size(); ++i)
        updates.append(cols.at(i) + QStringLiteral(" = excluded.") + cols.at(i));
    const QString sql = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT (id) DO UPDATE SET %4")
                            .arg(QLatin1String(ki.table), cols.join(u','),
                                 QStringList(cols.size(), QStringLiteral("?")).join(u','), updates.join(u','));
    if (auto s = m_connection.exec(sql, binds); !s)
        return s;
    refreshCachedDoc(k, data);
    return m_changes.appendChange(rev.value(), entityName(k), id, QStringLiteral("upsert"), ki.changesByReference ? QStringLiteral("") : json);
}

Status Documents::remove(Kind k, const QString &id)
{
    Q_ASSERT(m_connection.inWrite());
    QSqlQuery q(m_connection.db());
    q.prepare(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(QLatin1String(kindInfo(k).table)));
    q.addBindValue(id);
    if (!q.exec())
        return Connection::sqlError(q.lastError(), QStringLiteral("delete"));
    if (q.numRowsAffected() == 0)
        return Error::make(ErrorCode::NotFound, QStringLiteral("%1 %2 not found").arg(entityName(k), id));
    m_docs.remove(id);
    auto rev = m_changes.nextRev();
    if (!rev)
        return rev.error();
    return m_changes.appendChange(rev.value(), entityName(k), id, QStringLiteral("delete"),
                                  QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("id"), id}}).toJson(QJsonDocument::Compact)));
}

QList<QJsonObject> Documents::select(Kind k, const QString &where, const QVariantList &binds, const QString &orderBy,
                                 int limit) const
{
    QString sql = QStringLiteral("SELECT data FROM %1").arg(QLatin1String(kindInfo(k).table));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    if (!orderBy.isEmpty())
        sql += QStringLiteral(" ORDER BY ") + orderBy;
    if (limit >= 0)
        sql += QStringLiteral(" LIMIT ") + QString::number(limit);
    QSqlQuery &q = m_connection.prepared(sql, binds);
    QList<QJsonObject> out;
    if (!q.exec()) {
        qCWarning(lcStore) << "select failed" << sql << q.lastError().text();
        return out;
    }
    while (q.next())
        out.append(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
    q.finish();
    return out;
}

QList<std::pair<qint64, QJsonObject>> Documents::selectRecent(Kind k, const QString &where, const QVariantList &binds,
                                                          int limit) const
{
    Q_ASSERT(kindInfo(k).tracksRev);
    QString sql = QStringLiteral("SELECT rev, data FROM %1").arg(QLatin1String(kindInfo(k).table));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    sql += QStringLiteral(" ORDER BY rev DESC LIMIT ") + QString::number(limit);
    QSqlQuery &q = m_connection.prepared(sql, binds);
    QList<std::pair<qint64, QJsonObject>> out;
    if (!q.exec()) {
        qCWarning(lcStore) << "select failed" << sql << q.lastError().text();
        return out;
    }
    while (q.next())
        out.append({q.value(0).toLongLong(), QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object()});
    q.finish();
    return out;
}

qint64 Documents::count(Kind k, const QString &where, const QVariantList &binds) const
{
    QString sql = QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(kindInfo(k).table));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where;
    QSqlQuery &q = m_connection.prepared(sql, binds);
    if (!q.exec() || !q.next())
        return -1;
    const qint64 n = q.value(0).toLongLong();
    q.finish();
    return n;
}

} // namespace Vigil
