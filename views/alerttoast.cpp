#include "alerttoast.h"

#include "alerttablemodel.h"
#include "common/clock.h"
#include "labels.h"
#include "sync/localcache.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QMainWindow>
#include <QToolButton>
#include <QVBoxLayout>

namespace Vigil {

AlertNotifier::AlertNotifier(LocalCache &cache, const Clock &clock, QObject *parent)
    : QObject(parent), m_cache(cache), m_clock(clock)
{
    forgetAll();
    connect(&m_cache, &LocalCache::alertUpserted, this, &AlertNotifier::consider);
    // The page that makes an alert "mine" may come a moment after the alert.
    connect(&m_cache, &LocalCache::alertLogChanged, this, &AlertNotifier::consider);
    connect(&m_cache, &LocalCache::alertsReset, this, &AlertNotifier::forgetAll);
}

void AlertNotifier::forgetAll()
{
    for (auto it = m_cache.alerts().cbegin(); it != m_cache.alerts().cend(); ++it)
        m_done.insert(it.key());
}

void AlertNotifier::consider(const QString &id)
{
    if (m_done.contains(id))
        return;
    const AlertPtr a = m_cache.alert(id);
    if (!a)
        return;
    const QDateTime now = m_clock.now();
    if (a->status != AlertStatus::Open || a->createdAt.secsTo(now) > RecentSeconds) {
        m_done.insert(id); // acknowledged by someone, or old news from a catch-up
        return;
    }
    if (a->priority != Priority::P1 && a->priority != Priority::P2) {
        m_done.insert(id);
        return;
    }
    const QString me = m_cache.currentUserId();
    const bool mine = !me.isEmpty()
                      && (a->ownerId == me || m_cache.alertNotifiedUsers(id).contains(me)
                          || m_cache.teamsOf(me).contains(a->teamId));
    if (!mine)
        return; // not (yet) mine: a page to me may still come
    m_done.insert(id);
    Q_EMIT urgentAlert(id);
}

AlertToast::AlertToast(LocalCache &cache, QWidget *parent)
    : QFrame(parent), m_cache(cache), m_title(new QLabel(this)), m_text(new QLabel(this)),
      m_acknowledge(new QPushButton(tr("Acknowledge"), this)), m_show(new QPushButton(tr("Show"), this))
{
    setObjectName(QStringLiteral("alertToast"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setStyleSheet(QStringLiteral("#alertToast { background: #fffdf7; border: 1px solid #9e9e9e; border-radius: 6px; }"));
    m_title->setStyleSheet(QStringLiteral("font-weight: bold"));
    m_text->setWordWrap(true);
    // A long message wraps instead of stretching the toast over the window it sits in.
    m_text->setMaximumWidth(360);
    auto *dismiss = new QToolButton(this);
    dismiss->setText(QStringLiteral("×"));
    dismiss->setAutoRaise(true);
    dismiss->setToolTip(tr("Dismiss"));
    auto *head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(dismiss);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_show);
    buttons->addWidget(m_acknowledge);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(head);
    layout->addWidget(m_text);
    layout->addLayout(buttons);
    m_hide.setSingleShot(true);
    m_hide.setInterval(60000);
    connect(&m_hide, &QTimer::timeout, this, &QWidget::hide);
    connect(dismiss, &QToolButton::clicked, this, &QWidget::hide);
    // Through the cache like the Alerts pane's A key, so acknowledging from the toast works offline too.
    connect(m_acknowledge, &QPushButton::clicked, this, [this] {
        if (auto s = m_cache.acknowledgeAlert(m_alertId); !s)
            Q_EMIT message(Labels::error(s.error().code, s.error().message));
        else
            Q_EMIT message(tr("Acknowledged: %1").arg(m_text->text()));
        hide();
    });
    connect(m_show, &QPushButton::clicked, this, [this] {
        Q_EMIT showRequested(m_alertId);
        hide();
    });
    // Someone else acknowledged or closed it meanwhile: the notice is moot.
    connect(&m_cache, &LocalCache::alertUpserted, this, [this](const QString &id) {
        const AlertPtr a = m_cache.alert(id);
        if (id == m_alertId && isVisible() && a && a->status != AlertStatus::Open)
            hide();
    });
    // A child widget, not a window: it stays with the console and never takes the focus from what the user is typing.
    parent->installEventFilter(this);
    hide();
}

void AlertToast::showAlert(const QString &alertId)
{
    const AlertPtr a = m_cache.alert(alertId);
    if (!a)
        return;
    m_alertId = alertId;
    const QString service = m_cache.serviceName(a->serviceId);
    //: Title of the in-app notice of a new alert: "New P1 alert — Database".
    m_title->setText(tr("New %1 alert — %2").arg(Labels::priority(a->priority), service.isEmpty() ? a->serviceId : service));
    m_title->setStyleSheet(QStringLiteral("font-weight: bold; color: %1").arg(AlertTableModel::priorityColour(a->priority).name()));
    m_text->setText(a->message);
    adjustSize();
    reposition();
    show();
    raise();
    // A minute, then it goes: the tray and the Alerts pane keep the alert; a stale toast would hide the console.
    m_hide.start();
}

void AlertToast::reposition()
{
    auto *window = parentWidget();
    if (!window)
        return;
    int bottom = window->height() - 12;
    if (auto *main = qobject_cast<QMainWindow *>(window); main && main->statusBar()->isVisible())
        // Above the status bar, whose messages ("Acknowledged: …") must stay readable while the toast is up.
        bottom -= main->statusBar()->height();
    const QSize size = sizeHint();
    setGeometry(window->width() - size.width() - 16, bottom - size.height(), size.width(), size.height());
}

bool AlertToast::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize && isVisible())
        reposition();
    return QFrame::eventFilter(watched, event);
}

} // namespace Vigil
