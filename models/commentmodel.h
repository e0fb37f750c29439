#pragma once

#include "sync/localcache.h"

#include <QAbstractListModel>

namespace Vigil {

/// The comment thread of one ticket, oldest first, including comments still waiting in the outbox.
class CommentModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommentModel)

public:
    enum Role { IdRole = Qt::UserRole + 1, SortRole, AuthorRole, BodyRole, PublicRole, PendingRole, CreatedRole };
    Q_ENUM(Role)

    explicit CommentModel(LocalCache &cache, QObject *parent = nullptr);

    [[nodiscard]] QString ticketId() const { return m_ticketId; }
    void setTicketId(const QString &id);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

private:
    void reload();

    LocalCache &m_cache;
    QString m_ticketId;
    QList<TicketComment> m_comments;
};

} // namespace Vigil
