#pragma once

#include "editorsupport.h"
#include "sync/apiclient.h"

#include <QDialog>
#include <QJsonObject>
#include <QMessageBox>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace Vigil {

class LocalCache;
class SyncEngine;

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
    void showError(const ApiError &error);

    LocalCache &m_cache;
    ApiClient m_api;
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

} // namespace Vigil
