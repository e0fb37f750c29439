#pragma once

#include <QStyledItemDelegate>

namespace Vigil {

/// Paints the SLA countdown as a coloured badge: amber under an hour, red once breached, grey while paused.
class SlaDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace Vigil
