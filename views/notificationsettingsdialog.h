#pragma once

#include "sync/apiclient.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;

namespace Vigil {

class SyncEngine;

/// "My notifications": the user's own contact methods (e-mail, webhook, Slack, SMS) and notification rules (after N
/// minutes → a contact method), read and saved as a whole through ApiClient. Online only: the server
/// keeps them, and delivers pages by them even while this console is closed.
class NotificationSettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit NotificationSettingsDialog(SyncEngine *engine, QWidget *parent = nullptr);
    [[nodiscard]] QTableWidget *methodTable() const { return m_methods; }
    [[nodiscard]] QTableWidget *ruleTable() const { return m_rules; }
    [[nodiscard]] QLabel *errorLabel() const { return m_error; }
    [[nodiscard]] bool isLoaded() const { return m_loaded; }
    /// Adds a contact method row; returns its row.
    int addMethod(const QString &type = QStringLiteral("email"), const QString &address = {},
                  const QString &label = {}, const QString &id = {});
    void removeMethod();
    /// Adds a rule row; returns its row.
    int addRule(int afterMinutes = 0, const QString &methodId = {});
    void removeRule();
    /// The id of the contact method in `row`.
    [[nodiscard]] QString methodId(int row) const;
    /// The settings as edited; contact methods keep their ids, so rules can name a method not saved yet.
    [[nodiscard]] NotificationSettings edited() const;
    void accept() override;

Q_SIGNALS:
    void loaded();

private:
    void load();
    void refreshRuleChoices();
    void setError(const QString &text);
    /// Says what to fix and focuses the cell at fault.
    void showError(const ApiError &error);

    ApiClient m_api;
    bool m_loaded = false;
    QTableWidget *m_methods;
    QTableWidget *m_rules;
    QLabel *m_error;
    QPushButton *m_save;
};

} // namespace Vigil
