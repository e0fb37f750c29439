#include "alertdelegate.h"

#include "alerttablemodel.h"

#include <QApplication>
#include <QPainter>

namespace Vigil {

void AlertDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int column = index.column();
    if (column != AlertTableModel::PriorityColumn && column != AlertTableModel::CountColumn) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    if (text.isEmpty())
        return;
    const QColor badge = column == AlertTableModel::PriorityColumn
                             ? AlertTableModel::priorityColour(
                                   static_cast<Priority>(index.data(AlertTableModel::PriorityRole).toInt()))
                             : QColor(0x61, 0x61, 0x61);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QFont bold = opt.font;
    bold.setBold(true);
    painter->setFont(bold);
    const QFontMetrics fm(bold);
    const QRect r = opt.rect.adjusted(3, 4, -3, -4);
    const int w = qMin(r.width(), fm.horizontalAdvance(text) + 14);
    const QRect pill(r.left() + (r.width() - w) / 2, r.top(), w, r.height());
    painter->setPen(Qt::NoPen);
    painter->setBrush(badge);
    painter->drawRoundedRect(pill, r.height() / 2.0, r.height() / 2.0);
    painter->setPen(Qt::white);
    painter->drawText(pill, Qt::AlignCenter, text);
    painter->restore();
}

} // namespace Vigil
