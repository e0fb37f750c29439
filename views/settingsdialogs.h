#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QMessageBox>
#include <QTimeZone>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace Vigil {

class Clock;
class LocalCache;
class SyncEngine;
struct ApiReply;

/// Asks a yes/no question; true means yes. The editors ask with a QMessageBox; tests replace it.
using SettingsConfirmer = std::function<bool(const QString &question)>;
/// Asks what to do with unsaved edits of the item called `name`: QMessageBox::Save, Discard or Cancel.
using UnsavedEditsPrompt = std::function<QMessageBox::StandardButton(const QString &name)>;

/// Creates, edits and deletes escalation policies: name, team, ordered rules (delay and targets: users, schedules,
/// teams from the cache), repeat and repeat delay. Saving and deleting are online edits sent straight to the server
/// (If-Match on PATCH and DELETE); the change feed then brings the change into the cache. An error names what to fix
/// and the dialog stays open. Switching to another policy or closing with unsaved edits asks first.
class EscalationPolicyEditorDialog final : public QDialog
{
    Q_OBJECT
public:
    EscalationPolicyEditorDialog(LocalCache &cache, SyncEngine *engine, QWidget *parent = nullptr);
    /// Edits the cached policy `id`; an empty id starts a new one. Unsaved edits are dropped without asking (see
    /// switchToPolicy()).
    void editPolicy(const QString &id);
    /// What choosing policy `id` in the list does: edits it, first asking what to do with unsaved edits (Save saves
    /// and then switches, Discard switches, Cancel stays on the edited policy).
    void switchToPolicy(const QString &id);
    /// The cached id of the policy being edited (empty for a new one).
    [[nodiscard]] QString policyId() const { return m_id; }
    /// True when the form differs from the policy as it was loaded.
    [[nodiscard]] bool isDirty();
    /// Deletes the policy being edited after confirmation (409 while a service follows it: said, nothing lost).
    void deletePolicy();
    [[nodiscard]] QPushButton *deleteButton() const { return m_delete; }
    [[nodiscard]] QListWidget *policyList() const { return m_policies; }
    [[nodiscard]] QLineEdit *nameEdit() const { return m_name; }
    [[nodiscard]] QListWidget *ruleList() const { return m_rules; }
    [[nodiscard]] QSpinBox *delayEdit() const { return m_delay; }
    [[nodiscard]] QComboBox *targetTypeCombo() const { return m_targetType; }
    [[nodiscard]] QComboBox *targetCombo() const { return m_target; }
    [[nodiscard]] QSpinBox *repeatEdit() const { return m_repeat; }
    [[nodiscard]] QLabel *errorLabel() const { return m_error; }
    void addRule();
    void removeRule();
    void moveRule(int by);
    void addTarget();
    void removeTarget();
    /// The policy as edited, in wire form.
    [[nodiscard]] QJsonObject edited();
    void setConfirmer(SettingsConfirmer confirm) { m_confirm = std::move(confirm); }
    void setUnsavedEditsPrompt(UnsavedEditsPrompt prompt) { m_unsavedPrompt = std::move(prompt); }
    /// Saves and closes.
    void accept() override;
    /// Closes (Cancel, Escape, the window's close button), first asking what to do with unsaved edits.
    void reject() override;

Q_SIGNALS:
    /// A policy was deleted on the server.
    void policyDeleted(const QString &id);

private:
    struct Rule
    {
        int delay = 0;
        QList<std::pair<QString, QString>> targets; // type, id
    };
    /// Saves; on success edits `thenEdit` (a policy id, empty for a new one) or, without it, closes.
    void save(const std::optional<QString> &thenEdit);
    void reloadPolicies();
    /// Selects the edited policy in the list (none for a new one) without switching.
    void selectCurrentPolicy();
    void updateModified();
    [[nodiscard]] bool confirm(const QString &title, const QString &question);
    [[nodiscard]] QMessageBox::StandardButton askAboutUnsavedEdits();
    void loadRule(int row);
    void storeRule(int row);
    void fillTargets();
    [[nodiscard]] QString ruleText(int row) const;
    [[nodiscard]] QString targetText(const QString &type, const QString &id) const;
    void showError(const ApiReply &reply);

    LocalCache &m_cache;
    SyncEngine *m_engine;
    QString m_id;
    qint64 m_version = 0;
    QJsonObject m_loaded; // edited() right after loading: the form is dirty when it differs
    bool m_loading = false;
    SettingsConfirmer m_confirm;
    UnsavedEditsPrompt m_unsavedPrompt;
    QList<Rule> m_ruleData;
    int m_currentRule = -1;
    QListWidget *m_policies;
    QLineEdit *m_name;
    QComboBox *m_team;
    QListWidget *m_rules;
    QSpinBox *m_delay;
    QListWidget *m_targets;
    QComboBox *m_targetType;
    QComboBox *m_target;
    QSpinBox *m_repeat;
    QSpinBox *m_repeatDelay;
    QLabel *m_error;
    QPushButton *m_save;
    QPushButton *m_delete;
};

/// Edits and deletes services: name, team, escalation policy, maintenance windows (times in the viewer's zone), and
/// their integrations (listed, created with the key shown once, revoked after confirmation). Online only. Switching to
/// another service or closing with unsaved edits asks first.
class ServiceEditorDialog final : public QDialog
{
    Q_OBJECT
public:
    ServiceEditorDialog(LocalCache &cache, SyncEngine *engine, const Clock &clock, const QTimeZone &viewerZone,
                        QWidget *parent = nullptr);
    /// Edits the cached service `id`; an empty id starts a new one. Unsaved edits are dropped without asking (see
    /// switchToService()).
    void editService(const QString &id);
    /// What choosing service `id` in the list does: edits it, first asking what to do with unsaved edits (Save saves
    /// and then switches, Discard switches, Cancel stays on the edited service).
    void switchToService(const QString &id);
    /// The cached id of the service being edited (empty for a new one).
    [[nodiscard]] QString serviceId() const { return m_id; }
    /// True when the form (integrations aside: they are saved at once) differs from the service as it was loaded.
    [[nodiscard]] bool isDirty() const;
    /// Deletes the service being edited after confirmation (409 while alerts or tickets refer to it: said, nothing
    /// lost).
    void deleteService();
    [[nodiscard]] QPushButton *deleteButton() const { return m_delete; }
    [[nodiscard]] QComboBox *serviceCombo() const { return m_service; }
    [[nodiscard]] QLineEdit *nameEdit() const { return m_name; }
    [[nodiscard]] QComboBox *policyCombo() const { return m_policy; }
    [[nodiscard]] QTableWidget *windowTable() const { return m_windows; }
    [[nodiscard]] QTableWidget *integrationTable() const { return m_integrations; }
    [[nodiscard]] QComboBox *integrationTypeCombo() const { return m_integrationType; }
    [[nodiscard]] QLineEdit *integrationNameEdit() const { return m_integrationName; }
    [[nodiscard]] QLineEdit *keyEdit() const { return m_key; }
    [[nodiscard]] QLineEdit *pathEdit() const { return m_path; }
    [[nodiscard]] QLabel *errorLabel() const { return m_error; }
    /// Adds a maintenance window [start, end) (UTC).
    void addWindow(const QDateTime &start, const QDateTime &end, const QString &reason);
    void removeWindow();
    void loadIntegrations();
    void createIntegration();
    void revokeIntegration();
    /// Asks before revoking an integration or deleting the service (tests replace it).
    void setConfirmer(SettingsConfirmer confirm) { m_confirm = std::move(confirm); }
    void setUnsavedEditsPrompt(UnsavedEditsPrompt prompt) { m_unsavedPrompt = std::move(prompt); }
    [[nodiscard]] QJsonObject edited() const;
    /// Saves and closes.
    void accept() override;
    /// Closes (Cancel, Escape, the window's close button), first asking what to do with unsaved edits.
    void reject() override;

Q_SIGNALS:
    void integrationsLoaded();
    /// A service was deleted on the server.
    void serviceDeleted(const QString &id);

private:
    /// Saves; on success edits `thenEdit` (a service id, empty for a new one) or, without it, closes.
    void save(const std::optional<QString> &thenEdit);
    void reloadServices();
    void updateModified();
    [[nodiscard]] bool confirm(const QString &title, const QString &question);
    [[nodiscard]] QMessageBox::StandardButton askAboutUnsavedEdits();
    void showError(const ApiReply &reply);
    void setError(const QString &text);

    LocalCache &m_cache;
    SyncEngine *m_engine;
    const Clock &m_clock;
    QTimeZone m_viewerZone;
    QString m_id;
    qint64 m_version = 0;
    QJsonObject m_loaded; // edited() right after loading: the form is dirty when it differs
    SettingsConfirmer m_confirm;
    UnsavedEditsPrompt m_unsavedPrompt;
    QComboBox *m_service;
    QLineEdit *m_name;
    QComboBox *m_team;
    QComboBox *m_policy;
    QTableWidget *m_windows;
    QTableWidget *m_integrations;
    QComboBox *m_integrationType;
    QLineEdit *m_integrationName;
    QPushButton *m_createIntegration;
    QPushButton *m_revokeIntegration;
    QLineEdit *m_key;
    QLineEdit *m_path;
    QPushButton *m_copyKey;
    QLabel *m_error;
    QPushButton *m_save;
    QPushButton *m_delete;
};

/// "My notifications": the user's own contact methods (e-mail, webhook, Slack, SMS) and notification rules (after N
/// minutes → a contact method), read with GET and saved with PUT /api/v1/me/notification_settings.
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
    [[nodiscard]] QJsonObject edited() const;
    void accept() override;

Q_SIGNALS:
    void loaded();

private:
    void load();
    void refreshRuleChoices();
    void setError(const QString &text);

    SyncEngine *m_engine;
    bool m_loaded = false;
    QTableWidget *m_methods;
    QTableWidget *m_rules;
    QLabel *m_error;
    QPushButton *m_save;
};

} // namespace Vigil
