#include "alertwriter.h"

#include "common/clock.h"
#include "common/json.h"
#include "store/store.h"

namespace Vigil {

using namespace Qt::StringLiterals;

Status AlertWriter::save(Alert &a, const QJsonObject &stored, QJsonObject *written)
{
    const QDateTime now = m_clock.now();
    const qint64 readVersion = a.version;
    if (a.version == 0) {
        a.createdAt = now;
        a.lastSeenAt = now;
        a.version = 1;
    } else {
        ++a.version;
    }
    a.updatedAt = now;
    const QJsonObject o = a.toJson();
    if (written)
        *written = o;
    if (!stored.isEmpty())
        return m_store.put(Kind::Alert, o, stored);
    if (readVersion == 0)
        return m_store.put(Kind::Alert, o);
    // Written over the version it was read at, even without the stored row: a server sharing the database may have
    // counted a repeat since (the engine reads before its transaction takes the revision lock). That is a conflict,
    // not a lost count; the engine retries the step, ingest takes the event again.
    return m_store.putOver(Kind::Alert, o, readVersion);
}

Status AlertWriter::log(const QString &alertId, const QString &type, const QString &actorId, const QString &message,
                        const QJsonObject &details)
{
    AlertLogEntry e{Json::newId(), alertId, m_clock.now(), type, actorId, message, details};
    QJsonObject o = e.toJson();
    o.insert(u"version"_s, 1);
    o.insert(u"created_at"_s, Json::formatTime(e.at));
    o.insert(u"updated_at"_s, Json::formatTime(e.at));
    return m_store.put(Kind::AlertLog, o);
}

} // namespace Vigil
