#include "traystatus.h"

#include "sync/localcache.h"

namespace Vigil {

QIcon applicationIcon()
{
    QIcon icon;
    for (const int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/hicolor/%1x%1/apps/io.github.vigil.Vigil.png").arg(size), QSize(size, size));
    return icon;
}

TrayStatus::TrayStatus(LocalCache &cache, QObject *parent) : QObject(parent), m_cache(cache)
{
    connect(&m_cache, &LocalCache::alertUpserted, this, &TrayStatus::recheck);
    connect(&m_cache, &LocalCache::alertRemoved, this, &TrayStatus::recheck);
    connect(&m_cache, &LocalCache::alertsReset, this, &TrayStatus::recheckAll);
}

TrayStatus::State TrayStatus::state() const
{
    // A page outranks the connection: it is what needs the user, and an offline console still shows it.
    if (!m_pages.isEmpty())
        return State::Paging;
    return m_online ? State::Online : State::Offline;
}

QString TrayStatus::toolTip() const
{
    switch (state()) {
    case State::Paging:
        return tr("Vigil — %n unacknowledged page(s)", nullptr, int(m_pages.size()));
    case State::Online:
        return tr("Vigil — online");
    case State::Offline:
        break;
    }
    return tr("Vigil — offline");
}

QIcon TrayStatus::icon(State state)
{
    const QString name = state == State::Paging ? QStringLiteral("paging")
                         : state == State::Online ? QStringLiteral("online")
                                                  : QStringLiteral("offline");
    QIcon icon;
    // Drawn for the usual panel sizes (16, 22) and for high-DPI panels, so the tray seldom has to scale.
    for (const int size : {16, 22, 32, 64})
        icon.addFile(QStringLiteral(":/icons/tray/%1-%2.png").arg(name).arg(size), QSize(size, size));
    return icon;
}

void TrayStatus::setOnline(bool online)
{
    if (online == m_online)
        return;
    const State before = state();
    m_online = online;
    if (state() != before)
        Q_EMIT changed();
}

void TrayStatus::pageAnnounced(const QString &alertId)
{
    const AlertPtr a = m_cache.alert(alertId);
    if (!a || a->status != AlertStatus::Open || m_pages.contains(alertId))
        return;
    m_pages.insert(alertId);
    Q_EMIT changed();
}

void TrayStatus::recheck(const QString &alertId)
{
    if (!m_pages.contains(alertId))
        return;
    const AlertPtr a = m_cache.alert(alertId);
    if (a && a->status == AlertStatus::Open)
        return;
    m_pages.remove(alertId); // acknowledged (here or by someone else), closed, or gone
    Q_EMIT changed();
}

void TrayStatus::recheckAll()
{
    const qsizetype before = m_pages.size();
    m_pages.removeIf([this](const QString &id) {
        const AlertPtr a = m_cache.alert(id);
        return !a || a->status != AlertStatus::Open;
    });
    if (m_pages.size() != before)
        Q_EMIT changed();
}

} // namespace Vigil
