#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QTimeZone>

#include <functional>

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

/// Creates and edits escalation policies: name, team, ordered rules (delay and targets: users, schedules, teams
/// from the cache), repeat and repeat delay. Saving is an online edit sent straight to the server (If-Match on
/// PATCH); the change feed then brings the policy into the cache. An error names what to fix and the dialog stays
/// open.
class EscalationPolicyEditorDialog final : public QDialog
{
    Q_OBJECT
public:
    EscalationPolicyEditorDialog(LocalCache &cache, SyncEngine *engine, QWidget *parent = nullptr);
    /// Edits the cached policy `id`; an empty id starts a new one.
    void editPolicy(const QString &id);
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
    void accept() override;

private:
    struct Rule
    {
        int delay = 0;
        QList<std::pair<QString, QString>> targets; // type, id
    };
    void reloadPolicies();
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
};

/// Edits a service: name, team, escalation policy, maintenance windows (times in the viewer's zone), and its
/// integrations (listed, created with the key shown once, revoked after confirmation). Online only.
class ServiceEditorDialog final : public QDialog
{
    Q_OBJECT
public:
    ServiceEditorDialog(LocalCache &cache, SyncEngine *engine, const Clock &clock, const QTimeZone &viewerZone,
                        QWidget *parent = nullptr);
    /// Edits the cached service `id`; an empty id starts a new one.
    void editService(const QString &id);
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
    /// Asks before revoking (tests replace it).
    void setConfirmer(std::function<bool(const QString &question)> confirm) { m_confirm = std::move(confirm); }
    [[nodiscard]] QJsonObject edited() const;
    void accept() override;

Q_SIGNALS:
    void integrationsLoaded();

private:
    void showError(const ApiReply &reply);
    void setError(const QString &text);

    LocalCache &m_cache;
    SyncEngine *m_engine;
    const Clock &m_clock;
    QTimeZone m_viewerZone;
    QString m_id;
    qint64 m_version = 0;
    std::function<bool(const QString &)> m_confirm;
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
