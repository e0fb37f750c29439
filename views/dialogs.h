#pragma once

#include <functional>

#include "sync/syncengine.h"

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace Vigil {

class LocalCache;

/// A new ticket: validates as the user types (summary required, one line, at most 200 characters).
class NewTicketDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit NewTicketDialog(const LocalCache &cache, QWidget *parent = nullptr);
    /// The fields, with wire names, ready for LocalCache::createTicket().
    [[nodiscard]] QJsonObject fields() const;
    void setSummary(const QString &s);

private:
    void validate();

    QLineEdit *m_summary;
    QPlainTextEdit *m_description;
    QComboBox *m_type;
    QComboBox *m_priority;
    QLineEdit *m_requesterName;
    QLineEdit *m_requesterEmail;
    QComboBox *m_assignee;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

/// The server has a newer version of a ticket the user edited: keep mine or take theirs.
class ConflictDialog final : public QDialog
{
    Q_OBJECT
public:
    enum Choice { KeepMine = 1, TakeTheirs = 2 };
    /// Shows one row per field both sides changed; `describe` turns a field's wire value into display text
    /// (names for ids, translated enums).
    using Describe = std::function<QString(const QString &field, const QJsonValue &value)>;
    ConflictDialog(const SyncConflict &conflict, const Describe &describe, QWidget *parent = nullptr);
};

/// Server URL and access token.
class ConnectionDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(QWidget *parent = nullptr);
    void setServer(const QString &url);
    void setToken(const QString &token);
    void setNotice(const QString &notice);
    [[nodiscard]] QString server() const;
    [[nodiscard]] QString token() const;

private:
    QLineEdit *m_server;
    QLineEdit *m_token;
    QLabel *m_notice;
};

} // namespace Vigil
