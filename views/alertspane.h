#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTableWidget;

namespace Vigil {

class AlertFilterProxy;
class AlertLogModel;
class AlertTableModel;
class Clock;
class LocalCache;

/// One alert: message, what it is about, description, details as a key/value table, tags, and its log as a timeline
/// of who was paged when and by what.
class AlertDetailView final : public QWidget
{
    Q_OBJECT
public:
    AlertDetailView(LocalCache &cache, const Clock &clock, QWidget *parent = nullptr);
    [[nodiscard]] QString alertId() const { return m_alertId; }
    void setAlertId(const QString &id);
    [[nodiscard]] QTableView *logView() const { return m_log; }
    [[nodiscard]] QTableWidget *detailsTable() const { return m_details; }

Q_SIGNALS:
    void acknowledgeRequested();
    void closeRequested();
    void snoozeRequested();
    void noteRequested();

private:
    void refresh();

    LocalCache &m_cache;
    const Clock &m_clock;
    QString m_alertId;
    AlertLogModel *m_logModel;
    QLabel *m_priority;
    QLabel *m_title;
    QLabel *m_meta;
    QLabel *m_description;
    QLabel *m_tags;
    QTableWidget *m_details;
    QTableView *m_log;
    QPushButton *m_acknowledge;
    QPushButton *m_close;
    QPushButton *m_snooze;
    QPushButton *m_note;
};

/// The Alerts pane: a filter bar (status, mine, my team, service, priority, instant search), the live list of alerts
/// (multi-select) and the detail of the current one. Keys on the list: A acknowledge, C close, S snooze, N note,
/// Enter opens the detail. Every action is a named LocalCache command, so it works offline.
class AlertsPane final : public QWidget
{
    Q_OBJECT
public:
    AlertsPane(LocalCache &cache, const Clock &clock, QWidget *parent = nullptr);

    [[nodiscard]] QTableView *tableView() const { return m_table; }
    [[nodiscard]] AlertTableModel *alertModel() const { return m_model; }
    [[nodiscard]] AlertFilterProxy *proxy() const { return m_proxy; }
    [[nodiscard]] AlertDetailView *detailView() const { return m_detail; }
    [[nodiscard]] QLineEdit *searchField() const { return m_search; }
    [[nodiscard]] QComboBox *statusFilter() const { return m_status; }
    [[nodiscard]] QStringList selectedAlertIds() const;
    /// Shows the alert in the list (clearing filters that hide it) and opens it.
    void showAlert(const QString &id);

public Q_SLOTS:
    void acknowledgeSelected();
    void closeSelected();
    void snoozeSelected();
    void addNote();
    void openDetail();
    void focusSearch();

Q_SIGNALS:
    void message(const QString &text);

private:
    void reloadServices();
    void selectFirstIfNone();

    LocalCache &m_cache;
    const Clock &m_clock;
    AlertTableModel *m_model;
    AlertFilterProxy *m_proxy;
    QComboBox *m_status;
    QCheckBox *m_mine;
    QCheckBox *m_myTeam;
    QComboBox *m_service;
    QComboBox *m_priority;
    QLineEdit *m_search;
    QTableView *m_table;
    AlertDetailView *m_detail;
};

} // namespace Vigil
