#pragma once

#include <QStyledItemDelegate>

namespace Vigil {

/// Paints an AlertTableModel's priority as a coloured pill (P1 red … P5 grey) and its count as a grey "×12" badge;
/// other columns as usual.
class AlertDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace Vigil
