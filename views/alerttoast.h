#pragma once

#include <QFrame>
#include <QSet>
#include <QTimer>

class QLabel;
class QPushButton;

namespace Vigil {

class Clock;
class LocalCache;

/// Decides which alerts are news for the signed-in user: a new alert, open, P1 or P2, opened in the last
/// `RecentSeconds`, that they own, were paged for, or that belongs to one of their teams. Alerts in the cache at
/// start-up and those of a bulk catch-up (alertsReset) are never news; each alert is news at most once.
class AlertNotifier final : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 RecentSeconds = 15 * 60;

    AlertNotifier(LocalCache &cache, const Clock &clock, QObject *parent = nullptr);

Q_SIGNALS:
    void urgentAlert(const QString &alertId);

private:
    void consider(const QString &id);
    void forgetAll();

    LocalCache &m_cache;
    const Clock &m_clock;
    QSet<QString> m_done; // told, or known before: never news again
};

/// An in-app notice at the bottom right of its parent window: the alert's priority, message and service, with
/// Acknowledge (a LocalCache command, so it works offline), Show and a close button. Hides itself after a minute.
class AlertToast final : public QFrame
{
    Q_OBJECT
public:
    AlertToast(LocalCache &cache, QWidget *parent);
    void showAlert(const QString &alertId);
    [[nodiscard]] QString alertId() const { return m_alertId; }
    [[nodiscard]] QPushButton *acknowledgeButton() const { return m_acknowledge; }
    [[nodiscard]] QPushButton *showButton() const { return m_show; }
    /// Keeps the toast at the bottom right of its parent (called on the parent's resize too).
    void reposition();

Q_SIGNALS:
    void showRequested(const QString &alertId);
    void message(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    LocalCache &m_cache;
    QString m_alertId;
    QLabel *m_title;
    QLabel *m_text;
    QPushButton *m_acknowledge;
    QPushButton *m_show;
    QTimer m_hide;
};

} // namespace Vigil
