#include "serviceeditor.h"

#include "common/clock.h"
#include "labels.h"
#include "sync/localcache.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Vigil {

ServiceEditorDialog::ServiceEditorDialog(LocalCache &cache, SyncEngine *engine, const Clock &clock,
                                         const QTimeZone &viewerZone, QWidget *parent)
    : QDialog(parent), m_cache(cache), m_api(engine), m_clock(clock), m_viewerZone(viewerZone), m_service(new QComboBox(this)),
      m_name(new QLineEdit(this)), m_team(new QComboBox(this)), m_policy(new QComboBox(this)),
      m_windows(new QTableWidget(0, 3, this)), m_integrations(new QTableWidget(0, 4, this)),
      m_integrationType(new QComboBox(this)), m_integrationName(new QLineEdit(this)),
      m_createIntegration(new QPushButton(tr("Create &integration"), this)),
      m_revokeIntegration(new QPushButton(tr("Re&voke…"), this)), m_key(new QLineEdit(this)),
      m_path(new QLineEdit(this)), m_copyKey(new QPushButton(tr("&Copy"), this)), m_error(makeErrorLabel(this)),
      m_save(nullptr), m_delete(new QPushButton(tr("&Delete service…"), this))
{
    setWindowTitle(tr("Services"));
    auto *form = new QFormLayout;
    auto *serviceLabel = new QLabel(tr("&Service:"), this);
    serviceLabel->setBuddy(m_service);
    auto *serviceRow = new QHBoxLayout;
    serviceRow->addWidget(m_service, 1);
    m_delete->setToolTip(tr("Deletes the service on the server; refused while alerts or tickets refer to it."));
    serviceRow->addWidget(m_delete);
    form->addRow(serviceLabel, serviceRow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Team:"), m_team);
    form->addRow(tr("&Escalation policy:"), m_policy);
    m_team->addItem(tr("(no team)"), QString());
    for (const auto &[name, id] : byName(m_cache.teamNames()))
        m_team->addItem(name, id);
    // Said in the list itself: a service without a policy still takes alerts, it just pages nobody.
    m_policy->addItem(tr("(none: alerts page nobody)"), QString());
    QHash<QString, QString> policies;
    for (auto it = m_cache.escalationPolicies().cbegin(); it != m_cache.escalationPolicies().cend(); ++it)
        policies.insert(it.key(), it.value().value(QStringLiteral("name")).toString());
    for (const auto &[name, id] : byName(policies))
        m_policy->addItem(name, id);
    reloadServices();

    // The zone is named in the title because the server stores UTC and other viewers see the same window in their own
    // zone.
    auto *windowsBox = new QGroupBox(tr("Maintenance windows (new alerts page nobody); times in %1")
                                         .arg(Labels::zone(m_viewerZone, m_clock.now())),
                                     this);
    auto *windowsLayout = new QVBoxLayout(windowsBox);
    m_windows->setHorizontalHeaderLabels({tr("Start"), tr("End"), tr("Reason")});
    m_windows->horizontalHeader()->setStretchLastSection(true);
    m_windows->verticalHeader()->setVisible(false);
    windowsLayout->addWidget(m_windows);
    auto *windowButtons = new QHBoxLayout;
    auto *addWindowButton = new QPushButton(tr("Add window"), this);
    auto *removeWindowButton = new QPushButton(tr("Remove window"), this);
    windowButtons->addWidget(addWindowButton);
    windowButtons->addWidget(removeWindowButton);
    windowButtons->addStretch();
    windowsLayout->addLayout(windowButtons);

    auto *integrationsBox = new QGroupBox(tr("Integrations (keys through which monitoring tools send alerts)"), this);
    auto *intLayout = new QVBoxLayout(integrationsBox);
    m_integrations->setHorizontalHeaderLabels({tr("Name"), tr("Type"), tr("Created"), tr("Revoked")});
    m_integrations->horizontalHeader()->setStretchLastSection(true);
    m_integrations->verticalHeader()->setVisible(false);
    m_integrations->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_integrations->setSelectionMode(QAbstractItemView::SingleSelection);
    // Read-only: integrations change only through Create and Revoke below, each sent to the server at once, so the
    // table never holds an edit that Save would not send.
    m_integrations->setEditTriggers(QAbstractItemView::NoEditTriggers);
    intLayout->addWidget(m_integrations);
    auto *createRow = new QHBoxLayout;
    m_integrationType->addItem(tr("Prometheus Alertmanager"), QStringLiteral("alertmanager"));
    m_integrationType->addItem(tr("PagerDuty Events API v2"), QStringLiteral("pagerduty"));
    m_integrationType->addItem(tr("Opsgenie Alert API"), QStringLiteral("opsgenie"));
    m_integrationName->setPlaceholderText(tr("Name (optional)"));
    createRow->addWidget(m_integrationType);
    createRow->addWidget(m_integrationName, 1);
    createRow->addWidget(m_createIntegration);
    createRow->addWidget(m_revokeIntegration);
    intLayout->addLayout(createRow);
    auto *keyForm = new QFormLayout;
    // Read-only but selectable: the key is there to be copied into the monitoring tool, once.
    m_key->setReadOnly(true);
    m_key->setPlaceholderText(tr("Shown once, when an integration is created"));
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_copyKey);
    m_copyKey->setEnabled(false);
    keyForm->addRow(tr("Key:"), keyRow);
    m_path->setReadOnly(true);
    keyForm->addRow(tr("Send to:"), m_path);
    intLayout->addLayout(keyForm);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(windowsBox, 1);
    layout->addWidget(integrationsBox, 1);
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &ServiceEditorDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ServiceEditorDialog::reject);
    connect(m_service, &QComboBox::currentIndexChanged, this,
            [this] { switchToService(m_service->currentData().toString()); });
    connect(m_delete, &QPushButton::clicked, this, &ServiceEditorDialog::deleteService);
    connect(m_name, &QLineEdit::textChanged, this, &ServiceEditorDialog::updateModified);
    connect(m_team, &QComboBox::currentIndexChanged, this, &ServiceEditorDialog::updateModified);
    connect(m_policy, &QComboBox::currentIndexChanged, this, &ServiceEditorDialog::updateModified);
    connect(m_windows, &QTableWidget::itemChanged, this, &ServiceEditorDialog::updateModified);
    // Saved services come back through the change feed, ours included: the chooser follows the cache.
    connect(&m_cache, &LocalCache::servicesChanged, this, &ServiceEditorDialog::reloadServices);
    connect(addWindowButton, &QPushButton::clicked, this, [this] {
        // A proposal to adjust, starting in an hour rather than now, so it is not already running while the user is
        // still filling it in.
        const QDateTime start = m_clock.now().toUTC().addSecs(3600);
        addWindow(start, start.addSecs(2 * 3600), QString());
    });
    connect(removeWindowButton, &QPushButton::clicked, this, &ServiceEditorDialog::removeWindow);
    connect(m_createIntegration, &QPushButton::clicked, this, &ServiceEditorDialog::createIntegration);
    connect(m_revokeIntegration, &QPushButton::clicked, this, &ServiceEditorDialog::revokeIntegration);
    connect(m_copyKey, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_key->text()); });
    editService({});
    resize(820, 700);
}

void ServiceEditorDialog::reloadServices()
{
    const QSignalBlocker block(m_service);
    m_service->clear();
    // Creating is one choice among the services, so the chooser alone moves between every item the editor can show.
    m_service->addItem(tr("(new service)"), QString());
    for (const auto &[name, id] : byName(m_cache.serviceNames()))
        m_service->addItem(name, id);
    m_service->setCurrentIndex(std::max(0, m_service->findData(m_id)));
}

bool ServiceEditorDialog::isDirty() const
{
    // Integrations are left out on purpose: they are saved the moment they are created or revoked.
    return edited() != m_loaded;
}

void ServiceEditorDialog::updateModified()
{
    setWindowModified(isDirty());
}

bool ServiceEditorDialog::confirm(const QString &title, const QString &question)
{
    return askYesNo(this, m_confirm, title, question);
}

QMessageBox::StandardButton ServiceEditorDialog::askAboutUnsavedEdits()
{
    const QString name = m_loaded.value(QStringLiteral("name")).toString();
    const QString question = m_id.isEmpty() ? tr("The new service has changes that are not saved. Save it?")
                                            : tr("The service “%1” has changes that are not saved. Save them?").arg(name);
    return askSaveDiscardCancel(this, m_unsavedPrompt, name, tr("Unsaved changes"), question);
}

void ServiceEditorDialog::switchToService(const QString &id)
{
    if (id == m_id)
        return;
    // Staying means putting the chooser back on the edited service without switching again.
    const auto stay = [this] {
        const QSignalBlocker block(m_service);
        m_service->setCurrentIndex(std::max(0, m_service->findData(m_id)));
    };
    if (!isDirty())
        return editService(id);
    // The answers run before this returns, so capturing `id` by reference is safe.
    leaveUnsavedEdits(
        askAboutUnsavedEdits(),
        [&] {
            // Until the save succeeds the chooser must show the service being saved, not the one chosen.
            stay();
            save(id);
        },
        [&] { editService(id); }, stay);
}

void ServiceEditorDialog::editService(const QString &id)
{
    setError({});
    const QJsonObject s = m_cache.services().value(id);
    // A service deleted meanwhile is gone from the cache: the form opens as a new service rather than editing a ghost.
    m_id = s.isEmpty() ? QString() : id;
    {
        QSignalBlocker block(m_service);
        m_service->setCurrentIndex(std::max(0, m_service->findData(m_id)));
    }
    m_version = s.value(QStringLiteral("version")).toInteger();
    m_name->setText(s.value(QStringLiteral("name")).toString());
    m_team->setCurrentIndex(std::max(0, m_team->findData(s.value(QStringLiteral("team_id")).toString())));
    m_policy->setCurrentIndex(
        std::max(0, m_policy->findData(s.value(QStringLiteral("escalation_policy_id")).toString())));
    m_windows->setRowCount(0);
    for (const auto &wv : s.value(QStringLiteral("maintenance_windows")).toArray()) {
        const QJsonObject w = wv.toObject();
        addWindow(QDateTime::fromString(w.value(QStringLiteral("start")).toString(), Qt::ISODateWithMs),
                  QDateTime::fromString(w.value(QStringLiteral("end")).toString(), Qt::ISODateWithMs),
                  w.value(QStringLiteral("reason")).toString());
    }
    // A key shown for another service must not stay on screen next to this one.
    m_key->clear();
    m_path->clear();
    m_copyKey->setEnabled(false);
    m_integrations->setRowCount(0);
    m_createIntegration->setEnabled(!m_id.isEmpty());
    m_revokeIntegration->setEnabled(!m_id.isEmpty());
    m_delete->setEnabled(!m_id.isEmpty() && isManager(m_cache));
    //: [*] is where Qt shows * while there are unsaved changes
    setWindowTitle(m_id.isEmpty() ? tr("Services — new service[*]") : tr("Services — %1[*]").arg(m_name->text()));
    // Compared with the form's own reading of the loaded service: trimming, null ids and the windows' round trip
    // through wall time then never make an untouched service look dirty.
    m_loaded = edited();
    setWindowModified(false);
    if (!m_id.isEmpty())
        loadIntegrations();
}

void ServiceEditorDialog::addWindow(const QDateTime &start, const QDateTime &end, const QString &reason)
{
    const int row = m_windows->rowCount();
    m_windows->insertRow(row);
    auto *startEdit = wallTimeEdit(m_windows);
    startEdit->setDateTime(wallIn(start, m_viewerZone));
    auto *endEdit = wallTimeEdit(m_windows);
    endEdit->setDateTime(wallIn(end, m_viewerZone));
    m_windows->setCellWidget(row, 0, startEdit);
    m_windows->setCellWidget(row, 1, endEdit);
    m_windows->setItem(row, 2, new QTableWidgetItem(reason));
    // The date-time editors are cell widgets, which the table does not measure until asked.
    m_windows->resizeColumnsToContents();
    connect(startEdit, &QDateTimeEdit::dateTimeChanged, this, &ServiceEditorDialog::updateModified);
    connect(endEdit, &QDateTimeEdit::dateTimeChanged, this, &ServiceEditorDialog::updateModified);
    updateModified();
}

void ServiceEditorDialog::removeWindow()
{
    if (const int row = m_windows->currentRow(); row >= 0) {
        m_windows->removeRow(row);
        updateModified();
    }
}

QJsonObject ServiceEditorDialog::edited() const
{
    QJsonArray windows;
    for (int row = 0; row < m_windows->rowCount(); ++row) {
        const auto *start = qobject_cast<QDateTimeEdit *>(m_windows->cellWidget(row, 0));
        const auto *end = qobject_cast<QDateTimeEdit *>(m_windows->cellWidget(row, 1));
        const QTableWidgetItem *reason = m_windows->item(row, 2);
        windows.append(QJsonObject{{QStringLiteral("start"), rfc3339(fromWall(start->dateTime(), m_viewerZone))},
                                   {QStringLiteral("end"), rfc3339(fromWall(end->dateTime(), m_viewerZone))},
                                   {QStringLiteral("reason"), reason ? reason->text().trimmed() : QString()}});
    }
    const QString team = m_team->currentData().toString();
    const QString policy = m_policy->currentData().toString();
    return {{QStringLiteral("name"), m_name->text().trimmed()},
            {QStringLiteral("team_id"), team.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(team)},
            {QStringLiteral("escalation_policy_id"), policy.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(policy)},
            {QStringLiteral("maintenance_windows"), windows}};
}

void ServiceEditorDialog::setError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void ServiceEditorDialog::accept()
{
    save(std::nullopt);
}

void ServiceEditorDialog::reject()
{
    if (!isDirty())
        return QDialog::reject();
    leaveUnsavedEdits(
        askAboutUnsavedEdits(), [this] { save(std::nullopt); }, [this] { QDialog::reject(); }, [] {});
}

void ServiceEditorDialog::save(const std::optional<QString> &thenEdit)
{
    const QJsonObject body = edited();
    if (body.value(QStringLiteral("name")).toString().isEmpty()) {
        m_name->setFocus();
        return setError(tr("The service needs a name."));
    }
    if (!m_api.isOnline())
        return setError(tr("You are offline: changes to services need the server."));
    setError({});
    // No second click while the first save is on its way: a second POST would carry a new Idempotency-Key and
    // create the service twice.
    m_save->setEnabled(false);
    const auto saved = [this, thenEdit](const ApiResult<QJsonObject> &result) {
        m_save->setEnabled(true);
        if (!result.ok())
            return showError(result.error());
        if (!thenEdit)
            return QDialog::accept();
        editService(*thenEdit);
    };
    if (m_id.isEmpty())
        m_api.createService(body, this, saved);
    else
        m_api.updateService(m_id, m_version, body, this, saved);
}

void ServiceEditorDialog::deleteService()
{
    if (m_id.isEmpty())
        return;
    if (!m_api.isOnline())
        return setError(tr("You are offline: changes to services need the server."));
    // Kept for the answer: by the time it comes the user may be editing another service.
    const QString id = m_id;
    const QString name = m_cache.serviceName(id);
    if (!confirm(tr("Delete service"),
                 tr("Delete the service “%1”? This cannot be undone.").arg(name)))
        return;
    setError({});
    m_delete->setEnabled(false);
    m_api.deleteService(id, m_version, this, [this, id, name](const ApiResult<Ok> &result) {
        // 404: someone else deleted it first; either way it is gone.
        if (!result.ok() && result.error().status != 404) {
            m_delete->setEnabled(!m_id.isEmpty() && isManager(m_cache));
            if (result.error().status != 409)
                return showError(result.error());
            //: %1 service name, %2 the server's reason (in English)
            return setError(tr("“%1” was not deleted: alerts or tickets still refer to it. "
                               "The server said: %2")
                                .arg(name, result.error().message));
        }
        // The change feed removes it from the cache as well (a success pulls it); the list must not wait for that.
        {
            const QSignalBlocker block(m_service);
            m_service->removeItem(m_service->findData(id));
        }
        if (m_id == id)
            editService({});
        Q_EMIT serviceDeleted(id);
    });
}

void ServiceEditorDialog::showError(const ApiError &error)
{
    const QString field = error.field;
    const int window = indexIn(field, QStringLiteral("maintenance_windows"));
    QString message;
    QWidget *focus = nullptr;
    if (error.offline()) {
        message = tr("You are offline: changes to services need the server.");
    // The editor does not merge: the other version is only seen after reopening, so nothing is overwritten unseen.
    } else if (error.status == 412) {
        message = tr("Someone else changed this service meanwhile. Close the editor and open the service again to see "
                     "their version.");
    } else if (field == u"name") {
        focus = m_name;
        message = error.code == u"conflict" ? tr("Another service is already called “%1”. Choose another name.")
                                                       .arg(m_name->text().trimmed())
                                                 : tr("Name: enter one line of 1 to 200 characters.");
    } else if (field == u"team_id") {
        focus = m_team;
        message = tr("Team: choose a team from the list.");
    } else if (field == u"escalation_policy_id") {
        focus = m_policy;
        message = tr("Escalation policy: choose a policy from the list.");
    // The server names windows by their index in what was sent, which is their row on screen.
    } else if (window >= 0) {
        m_windows->selectRow(window);
        focus = m_windows;
        if (field.endsWith(u".reason"))
            message = tr("Maintenance window %1: the reason is one line of at most 200 characters.").arg(window + 1);
        else
            message = tr("Maintenance window %1: the end must be after the start.").arg(window + 1);
    } else {
        message = error.code == u"forbidden" ? tr("Only managers can edit services.")
                                             : Labels::error(error.code, error.message);
    }
    if (focus)
        focus->setFocus();
    setError(message);
}

void ServiceEditorDialog::loadIntegrations()
{
    if (m_id.isEmpty() || !m_api.isOnline()) {
        if (!m_id.isEmpty())
            setError(tr("You are offline: changes to services need the server."));
        return;
    }
    const QString id = m_id;
    m_api.integrations(id, this, [this, id](const ApiResult<QList<Integration>> &result) {
        // The user may have moved to another service while the list was on its way.
        if (id != m_id)
            return;
        if (!result.ok())
            return showError(result.error());
        const auto when = [this](const QDateTime &t) {
            return t.isValid() ? Labels::shiftTime(t, m_viewerZone) : QString();
        };
        m_integrations->setRowCount(0);
        for (const Integration &i : result.value()) {
            const int row = m_integrations->rowCount();
            m_integrations->insertRow(row);
            auto *name = new QTableWidgetItem(i.name);
            name->setData(Qt::UserRole, i.id);
            name->setData(Qt::UserRole + 1, i.revoked);
            m_integrations->setItem(row, 0, name);
            m_integrations->setItem(row, 1, new QTableWidgetItem(i.type));
            m_integrations->setItem(row, 2, new QTableWidgetItem(when(i.createdAt)));
            m_integrations->setItem(row, 3, new QTableWidgetItem(when(i.revokedAt)));
        }
        m_integrations->resizeColumnsToContents();
        Q_EMIT integrationsLoaded();
    });
}

void ServiceEditorDialog::createIntegration()
{
    if (m_id.isEmpty())
        return;
    if (!m_api.isOnline())
        return setError(tr("You are offline: changes to services need the server."));
    setError({});
    m_createIntegration->setEnabled(false);
    m_api.createIntegration(m_id, m_integrationType->currentData().toString(), m_integrationName->text().trimmed(),
                            this, [this](const ApiResult<NewIntegration> &result) {
                                m_createIntegration->setEnabled(true);
                                if (!result.ok()) {
                                    const QString field = result.error().field;
                                    if (field == u"name" || field == u"type") {
                                        m_integrationName->setFocus();
                                        return setError(tr("Integration: choose a type and a name of one line."));
                                    }
                                    return showError(result.error());
                                }
                                // The key exists only in this answer (the server keeps its hash): now or never.
                                m_key->setText(result.value().key);
                                m_path->setText(result.value().url.toString());
                                m_copyKey->setEnabled(true);
                                m_integrationName->clear();
                                setError({});
                                loadIntegrations();
                            });
}

void ServiceEditorDialog::revokeIntegration()
{
    const int row = m_integrations->currentRow();
    if (m_id.isEmpty() || row < 0)
        return;
    const QTableWidgetItem *item = m_integrations->item(row, 0);
    if (item->data(Qt::UserRole + 1).toBool())
        return setError(tr("This integration is already revoked."));
    if (!m_api.isOnline())
        return setError(tr("You are offline: changes to services need the server."));
    if (!confirm(tr("Revoke integration"),
                 tr("Revoke “%1”? Its key stops working at once; the tool that uses it can no longer send alerts.")
                     .arg(item->text())))
        return;
    m_api.revokeIntegration(m_id, item->data(Qt::UserRole).toString(), this, [this](const ApiResult<Ok> &result) {
        if (!result.ok())
            return showError(result.error());
        loadIntegrations();
    });
}

} // namespace Vigil
