#pragma once

#include "editorsupport.h"
#include "sync/apiclient.h"

#include <QDialog>
#include <QJsonObject>
#include <QMessageBox>
#include <QTimeZone>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace Vigil {

class Clock;
class LocalCache;
class SyncEngine;

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
    void showError(const ApiError &error);
    void setError(const QString &text);

    LocalCache &m_cache;
    ApiClient m_api;
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

} // namespace Vigil
