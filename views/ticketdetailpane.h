#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace Vigil {

class CommentModel;
class LocalCache;

/// One ticket: description, comment thread (internal notes tinted and labelled), and the actions an agent takes
/// on it. Every action is a named LocalCache command, so it works offline.
class TicketDetailPane final : public QWidget
{
    Q_OBJECT
public:
    explicit TicketDetailPane(LocalCache &cache, QWidget *parent = nullptr);
    [[nodiscard]] QString ticketId() const { return m_ticketId; }
    void setTicketId(const QString &id);

Q_SIGNALS:
    void message(const QString &text);

private:
    void refresh();
    void transition();
    void assign();
    void sendComment();

    LocalCache &m_cache;
    QString m_ticketId;
    CommentModel *m_comments;
    QLabel *m_title;
    QLabel *m_meta;
    QTextBrowser *m_description;
    QListView *m_thread;
    QComboBox *m_status;
    QPushButton *m_applyStatus;
    QComboBox *m_assignee;
    QPushButton *m_applyAssignee;
    QPlainTextEdit *m_reply;
    QCheckBox *m_internal;
    QPushButton *m_send;
};

} // namespace Vigil
