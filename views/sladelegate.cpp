#include "sladelegate.h"

#include "tickettablemodel.h"

#include <QApplication>
#include <QPainter>

namespace Vigil {

void SlaDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const auto state = index.data(TicketTableModel::SlaStateRole).value<TicketTableModel::SlaState>();
    const qint64 remaining = index.data(TicketTableModel::SlaRemainingRole).toLongLong();
    QColor badge;
    if (state == TicketTableModel::SlaState::Breached)
        badge = QColor(0xC6, 0x28, 0x28);
    else if (state == TicketTableModel::SlaState::Running && remaining <= TicketTableModel::SoonSeconds)
        badge = QColor(0xB2, 0x6B, 0x00);
    else if (state == TicketTableModel::SlaState::Paused)
        badge = QColor(0x75, 0x75, 0x75);
    if (!badge.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect r = opt.rect.adjusted(3, 3, -3, -3);
    const int w = qMin(r.width(), opt.fontMetrics.horizontalAdvance(text) + 14);
    const QRect pill(r.left(), r.top(), w, r.height());
    painter->setPen(Qt::NoPen);
    painter->setBrush(badge);
    painter->drawRoundedRect(pill, r.height() / 2.0, r.height() / 2.0);
    painter->setPen(Qt::white);
    painter->drawText(pill, Qt::AlignCenter, opt.fontMetrics.elidedText(text, Qt::ElideRight, pill.width() - 8));
    painter->restore();
}

} // namespace Vigil
