#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QTableView;

namespace Vigil {

class AlertFilterProxy;
class AlertTableModel;

/// The NOC wall screen (F11): large type, dark, full screen. The active alerts P1 first with a count per priority,
/// and who is on call now. It reads the console's own models (the Alerts pane's alert table, the On-call pane's
/// board), so it is as live as they are. F11 or Esc leaves it.
class Wallboard final : public QWidget
{
    Q_OBJECT
public:
    Wallboard(AlertTableModel *alerts, QAbstractItemModel *onCallBoard, QWidget *parent = nullptr);

    [[nodiscard]] QTableView *alertsView() const { return m_alerts; }
    [[nodiscard]] QTableView *onCallView() const { return m_onCall; }
    [[nodiscard]] QLabel *summary() const { return m_summary; }

private:
    void updateSummary();

    AlertFilterProxy *m_proxy;
    QTableView *m_alerts;
    QTableView *m_onCall;
    QLabel *m_summary;
};

} // namespace Vigil
