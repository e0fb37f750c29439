#include "commentmodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace Vigil {

CommentModel::CommentModel(LocalCache &cache, QObject *parent) : QAbstractListModel(parent), m_cache(cache)
{
    connect(&m_cache, &LocalCache::commentsChanged, this, [this](const QString &ticketId) {
        if (ticketId == m_ticketId)
            reload();
    });
    connect(&m_cache, &LocalCache::ticketIdChanged, this, [this](const QString &oldId, const QString &newId) {
        if (oldId == m_ticketId)
            setTicketId(newId);
    });
    connect(&m_cache, &LocalCache::pendingCountChanged, this, [this] {
        if (!m_comments.isEmpty())
            Q_EMIT dataChanged(index(0), index(int(m_comments.size()) - 1), {PendingRole, Qt::ToolTipRole});
    });
}

void CommentModel::setTicketId(const QString &id)
{
    if (id == m_ticketId)
        return;
    beginResetModel();
    m_ticketId = id;
    m_comments = id.isEmpty() ? QList<TicketComment>() : m_cache.comments(id);
    endResetModel();
}

void CommentModel::reload()
{
    const QList<TicketComment> fresh = m_cache.comments(m_ticketId);
    // The usual case is one comment appended: announce just that row.
    bool prefix = fresh.size() >= m_comments.size();
    for (int i = 0; prefix && i < m_comments.size(); ++i)
        prefix = fresh.at(i).id == m_comments.at(i).id;
    if (!prefix) {
        beginResetModel();
        m_comments = fresh;
        endResetModel();
        return;
    }
    for (int i = 0; i < m_comments.size(); ++i) {
        if (!(fresh.at(i) == m_comments.at(i))) {
            m_comments[i] = fresh.at(i);
            Q_EMIT dataChanged(index(i), index(i));
        }
    }
    if (fresh.size() > m_comments.size()) {
        const int first = int(m_comments.size());
        beginInsertRows({}, first, int(fresh.size()) - 1);
        m_comments = fresh;
        endInsertRows();
    }
}

int CommentModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_comments.size());
}

QVariant CommentModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TicketComment &c = m_comments.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case BodyRole: return c.body;
    case IdRole: return c.id;
    case SortRole: return c.createdAt.toMSecsSinceEpoch();
    case AuthorRole: {
        const QString name = m_cache.userName(c.authorId);
        return name.isEmpty() ? tr("Unknown user") : name;
    }
    case PublicRole: return c.isPublic;
    case PendingRole: return m_cache.isCommentPending(c.id);
    case CreatedRole: return c.createdAt;
    case Qt::BackgroundRole:
        // Internal notes are never shown to the customer: tint them like a sticky note.
        return c.isPublic ? QVariant() : QVariant(QBrush(QColor(0xFF, 0xF4, 0xD6)));
    case Qt::ToolTipRole:
        if (m_cache.isCommentPending(c.id))
            return tr("Not yet sent to the server");
        return c.isPublic ? tr("Public reply, visible to the requester") : tr("Internal note, agents only");
    default: return {};
    }
}

QHash<int, QByteArray> CommentModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(AuthorRole, "author");
    names.insert(BodyRole, "body");
    names.insert(PublicRole, "isPublic");
    names.insert(PendingRole, "pending");
    names.insert(CreatedRole, "createdAt");
    return names;
}

} // namespace Vigil
