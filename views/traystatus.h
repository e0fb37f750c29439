#pragma once

#include <QIcon>
#include <QObject>
#include <QSet>

namespace Vigil {

class LocalCache;

/// The application icon in every embedded size (16 to 256 px), for windows and the tray's menu.
[[nodiscard]] QIcon applicationIcon();

/// What the console's tray icon says: Paging while a page announced on this console is still open (nobody has
/// acknowledged or closed it), otherwise Online or Offline after the connection to the server. Kept apart from the
/// window so the rule is testable where no system tray exists (the offscreen platform).
class TrayStatus final : public QObject
{
    Q_OBJECT
public:
    enum class State { Offline, Online, Paging };
    Q_ENUM(State)

    explicit TrayStatus(LocalCache &cache, QObject *parent = nullptr);

    [[nodiscard]] State state() const;
    /// Pages announced here and still open, by alert id.
    [[nodiscard]] const QSet<QString> &activePages() const { return m_pages; }
    [[nodiscard]] QString toolTip() const;
    [[nodiscard]] static QIcon icon(State state);

    void setOnline(bool online);
    /// A new P1/P2 page was announced (AlertNotifier::urgentAlert): paging until it is acknowledged or closed.
    void pageAnnounced(const QString &alertId);

Q_SIGNALS:
    /// The state or the number of active pages changed: icon and tool tip are to be refreshed.
    void changed();

private:
    void recheck(const QString &alertId);
    void recheckAll();

    LocalCache &m_cache;
    bool m_online = false;
    QSet<QString> m_pages;
};

} // namespace Vigil
