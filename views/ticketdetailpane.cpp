#include "ticketdetailpane.h"

#include "commentmodel.h"
#include "labels.h"
#include "sync/localcache.h"
#include "tickets/workflow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QStyledItemDelegate>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Vigil {

namespace {

/// Author, time and a badge for internal notes above the wrapped body.
class CommentDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QString header(const QModelIndex &index)
    {
        QString h = index.data(CommentModel::AuthorRole).toString() + QStringLiteral(" · ")
                    + QLocale().toString(index.data(CommentModel::CreatedRole).toDateTime().toLocalTime(),
                                         QLocale::ShortFormat);
        if (!index.data(CommentModel::PublicRole).toBool())
            h += QStringLiteral(" · ") + TicketDetailPane::tr("Internal note");
        if (index.data(CommentModel::PendingRole).toBool())
            h += QStringLiteral(" · ") + TicketDetailPane::tr("sending…");
        return h;
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const int width = qMax(100, option.rect.width() > 0 ? option.rect.width() : 360) - 16;
        const QRect body = option.fontMetrics.boundingRect(QRect(0, 0, width, 10000), Qt::TextWordWrap,
                                                           index.data(CommentModel::BodyRole).toString());
        return {width, body.height() + option.fontMetrics.height() + 18};
    }

    void paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        p->save();
        const bool internal = !index.data(CommentModel::PublicRole).toBool();
        const QRect r = option.rect.adjusted(4, 3, -4, -3);
        p->setRenderHint(QPainter::Antialiasing);
        p->setPen(internal ? QColor(0xE0, 0xB0, 0x40) : option.palette.mid().color());
        p->setBrush(internal ? QColor(0xFF, 0xF4, 0xD6) : option.palette.base().color());
        p->drawRoundedRect(r, 4, 4);
        QFont bold = option.font;
        bold.setBold(true);
        p->setFont(bold);
        p->setPen(internal ? QColor(0x8A, 0x5A, 0x00) : option.palette.text().color());
        const QRect head(r.left() + 6, r.top() + 4, r.width() - 12, option.fontMetrics.height());
        p->drawText(head, Qt::AlignLeft | Qt::AlignVCenter, header(index));
        p->setFont(option.font);
        p->setPen(option.palette.text().color());
        p->drawText(QRect(r.left() + 6, head.bottom() + 4, r.width() - 12, r.height()), Qt::TextWordWrap,
                    index.data(CommentModel::BodyRole).toString());
        p->restore();
    }
};

} // namespace

TicketDetailPane::TicketDetailPane(LocalCache &cache, QWidget *parent)
    : QWidget(parent), m_cache(cache), m_comments(new CommentModel(cache, this)), m_title(new QLabel(this)),
      m_meta(new QLabel(this)), m_description(new QTextBrowser(this)), m_thread(new QListView(this)),
      m_status(new QComboBox(this)), m_applyStatus(new QPushButton(tr("&Move"), this)),
      m_assignee(new QComboBox(this)), m_applyAssignee(new QPushButton(tr("A&ssign"), this)),
      m_reply(new QPlainTextEdit(this)), m_internal(new QCheckBox(tr("&Internal note (agents only)"), this)),
      m_send(new QPushButton(tr("Sen&d"), this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_meta->setWordWrap(true);
    m_description->setMaximumHeight(120);
    m_thread->setModel(m_comments);
    m_thread->setItemDelegate(new CommentDelegate(m_thread));
    m_thread->setWordWrap(true);
    m_thread->setUniformItemSizes(false);
    m_thread->setResizeMode(QListView::Adjust);
    m_thread->setSelectionMode(QAbstractItemView::NoSelection);
    m_reply->setPlaceholderText(tr("Write a reply… (Ctrl+Enter sends)"));
    m_reply->setMaximumHeight(90);

    m_status->setPlaceholderText(tr("Move to…"));
    connect(m_status, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_applyStatus->setEnabled(index >= 0); });
    auto *actions = new QFormLayout;
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_applyStatus);
    auto *assignRow = new QHBoxLayout;
    assignRow->addWidget(m_assignee, 1);
    assignRow->addWidget(m_applyAssignee);
    actions->addRow(tr("Status:"), statusRow);
    actions->addRow(tr("Assignee:"), assignRow);

    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_internal);
    sendRow->addStretch();
    sendRow->addWidget(m_send);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_meta);
    layout->addWidget(m_description);
    layout->addLayout(actions);
    layout->addWidget(new QLabel(tr("Conversation"), this));
    layout->addWidget(m_thread, 1);
    layout->addWidget(m_reply);
    layout->addLayout(sendRow);

    connect(m_applyStatus, &QPushButton::clicked, this, &TicketDetailPane::transition);
    connect(m_applyAssignee, &QPushButton::clicked, this, &TicketDetailPane::assign);
    connect(m_send, &QPushButton::clicked, this, &TicketDetailPane::sendComment);
    auto *sendShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_reply);
    sendShortcut->setContext(Qt::WidgetShortcut);
    connect(sendShortcut, &QShortcut::activated, this, &TicketDetailPane::sendComment);
    connect(&m_cache, &LocalCache::ticketUpserted, this, [this](const QString &id) {
        if (id == m_ticketId)
            refresh();
    });
    connect(&m_cache, &LocalCache::ticketIdChanged, this, [this](const QString &oldId, const QString &newId) {
        if (oldId == m_ticketId)
            setTicketId(newId);
    });
    connect(&m_cache, &LocalCache::usersChanged, this, &TicketDetailPane::refresh);
    connect(&m_cache, &LocalCache::ticketsReset, this, &TicketDetailPane::refresh);
    refresh();
}

void TicketDetailPane::setTicketId(const QString &id)
{
    m_ticketId = id;
    m_comments->setTicketId(id);
    refresh();
}

void TicketDetailPane::refresh()
{
    // The description is not in the cache's index: read the whole ticket now that it is shown.
    const std::optional<Ticket> t = m_cache.ticketDetails(m_ticketId);
    setEnabled(bool(t));
    if (!t) {
        m_title->setText(tr("No ticket selected"));
        m_meta->clear();
        m_description->clear();
        m_status->clear();
        return;
    }
    m_title->setText((t->key.isEmpty() ? tr("(new)") : t->key) + QStringLiteral("  ") + t->summary);
    const QString assignee = t->assigneeId.isEmpty() ? tr("Unassigned") : m_cache.userName(t->assigneeId);
    m_meta->setText(tr("%1 · %2 · %3 · requested by %4 · assigned to %5")
                        .arg(Labels::status(t->status), Labels::priority(t->priority), Labels::type(t->type),
                             t->requesterName.isEmpty() ? tr("nobody") : t->requesterName, assignee));
    m_description->setPlainText(t->description);
    m_status->clear();
    for (auto s : Workflow::allowedTransitions(t->status))
        m_status->addItem(Labels::status(s), static_cast<int>(s));
    // Nothing chosen until the agent picks a move: the combo must not look like the ticket's current status.
    m_status->setCurrentIndex(-1);
    m_applyStatus->setEnabled(false);
    m_assignee->clear();
    m_assignee->addItem(tr("Unassigned"), QString());
    QList<CachedUser> users = m_cache.users().values();
    std::sort(users.begin(), users.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    for (const auto &u : users)
        m_assignee->addItem(u.id == m_cache.currentUserId() ? tr("%1 (me)").arg(u.name) : u.name, u.id);
    m_assignee->setCurrentIndex(qMax(0, m_assignee->findData(t->assigneeId)));
}

void TicketDetailPane::transition()
{
    if (m_status->currentIndex() < 0)
        return;
    const auto to = static_cast<TicketStatus>(m_status->currentData().toInt());
    if (auto s = m_cache.transitionTicket(m_ticketId, to); !s)
        Q_EMIT message(Labels::error(s.error().code, s.error().message));
}

void TicketDetailPane::assign()
{
    if (auto s = m_cache.assignTicket(m_ticketId, m_assignee->currentData().toString()); !s)
        Q_EMIT message(Labels::error(s.error().code, s.error().message));
}

void TicketDetailPane::sendComment()
{
    const QString body = m_reply->toPlainText();
    if (body.trimmed().isEmpty())
        return;
    if (auto r = m_cache.addComment(m_ticketId, body, !m_internal->isChecked()); !r) {
        Q_EMIT message(Labels::error(r.error().code, r.error().message));
        return;
    }
    m_reply->clear();
    m_thread->scrollToBottom();
}

} // namespace Vigil
