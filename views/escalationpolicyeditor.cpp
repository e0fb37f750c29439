#include "escalationpolicyeditor.h"

#include "labels.h"
#include "sync/localcache.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace Vigil {

EscalationPolicyEditorDialog::EscalationPolicyEditorDialog(LocalCache &cache, SyncEngine *engine, QWidget *parent)
    : QDialog(parent), m_cache(cache), m_api(engine), m_policies(new QListWidget(this)), m_name(new QLineEdit(this)),
      m_team(new QComboBox(this)), m_rules(new QListWidget(this)), m_delay(new QSpinBox(this)),
      m_targets(new QListWidget(this)), m_targetType(new QComboBox(this)), m_target(new QComboBox(this)),
      m_repeat(new QSpinBox(this)), m_repeatDelay(new QSpinBox(this)), m_error(makeErrorLabel(this)),
      m_save(nullptr), m_delete(new QPushButton(tr("De&lete policy…"), this))
{
    setWindowTitle(tr("Escalation policies"));
    auto *left = new QVBoxLayout;
    left->addWidget(new QLabel(tr("Policies:"), this));
    left->addWidget(m_policies);
    auto *newButton = new QPushButton(tr("&New policy"), this);
    left->addWidget(newButton);
    m_delete->setToolTip(tr("Deletes the policy on the server; refused while a service follows it."));
    left->addWidget(m_delete);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Team:"), m_team);
    // An empty id stands for no team: edited() sends it as null, which the server reads as "no team".
    m_team->addItem(tr("(no team)"), QString());
    for (const auto &[name, id] : byName(m_cache.teamNames()))
        m_team->addItem(name, id);

    auto *rulesBox = new QGroupBox(tr("Rules (in order; each one pages its targets after its delay)"), this);
    auto *rulesLayout = new QVBoxLayout(rulesBox);
    rulesLayout->addWidget(m_rules);
    auto *ruleButtons = new QHBoxLayout;
    auto *addRuleButton = new QPushButton(tr("Add rule"), this);
    auto *removeRuleButton = new QPushButton(tr("Remove rule"), this);
    auto *upButton = new QPushButton(tr("Move up"), this);
    auto *downButton = new QPushButton(tr("Move down"), this);
    for (auto *b : {addRuleButton, removeRuleButton, upButton, downButton})
        ruleButtons->addWidget(b);
    rulesLayout->addLayout(ruleButtons);
    auto *ruleForm = new QFormLayout;
    m_delay->setRange(0, 1440);
    m_delay->setSuffix(tr(" min"));
    ruleForm->addRow(tr("&Delay:"), m_delay);
    ruleForm->addRow(tr("Targets:"), m_targets);
    m_targetType->addItem(tr("User"), QStringLiteral("user"));
    m_targetType->addItem(tr("Schedule"), QStringLiteral("schedule"));
    m_targetType->addItem(tr("Team"), QStringLiteral("team"));
    auto *targetRow = new QHBoxLayout;
    auto *addTargetButton = new QPushButton(tr("Add target"), this);
    auto *removeTargetButton = new QPushButton(tr("Remove target"), this);
    targetRow->addWidget(m_targetType);
    targetRow->addWidget(m_target, 1);
    targetRow->addWidget(addTargetButton);
    targetRow->addWidget(removeTargetButton);
    ruleForm->addRow(QString(), targetRow);
    rulesLayout->addLayout(ruleForm);

    auto *repeatForm = new QFormLayout;
    m_repeat->setRange(0, 10);
    m_repeat->setSuffix(tr(" time(s)"));
    repeatForm->addRow(tr("&Repeat the policy:"), m_repeat);
    m_repeatDelay->setRange(1, 1440);
    m_repeatDelay->setValue(30);
    m_repeatDelay->setSuffix(tr(" min"));
    repeatForm->addRow(tr("Repeat &after:"), m_repeatDelay);

    auto *right = new QVBoxLayout;
    right->addLayout(form);
    right->addWidget(rulesBox, 1);
    right->addLayout(repeatForm);
    right->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    right->addWidget(buttons);

    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 1);
    layout->addLayout(right, 3);

    connect(buttons, &QDialogButtonBox::accepted, this, &EscalationPolicyEditorDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &EscalationPolicyEditorDialog::reject);
    connect(newButton, &QPushButton::clicked, this, [this] { switchToPolicy({}); });
    connect(m_delete, &QPushButton::clicked, this, &EscalationPolicyEditorDialog::deletePolicy);
    // Reloading the list re-selects the edited policy; that must not count as the user choosing it again.
    connect(m_policies, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item && item->data(Qt::UserRole).toString() != m_id)
            switchToPolicy(item->data(Qt::UserRole).toString());
    });
    // The delay box edits the current rule only: store it into that rule before the box shows the next one.
    connect(m_rules, &QListWidget::currentRowChanged, this, [this](int row) {
        storeRule(m_currentRule);
        loadRule(row);
    });
    // Stored at once, so the rule's line in the list shows the new delay while the user types.
    connect(m_delay, &QSpinBox::valueChanged, this, [this] {
        storeRule(m_currentRule);
        if (m_currentRule >= 0)
            m_rules->item(m_currentRule)->setText(ruleText(m_currentRule));
        updateModified();
    });
    connect(m_name, &QLineEdit::textChanged, this, &EscalationPolicyEditorDialog::updateModified);
    connect(m_team, &QComboBox::currentIndexChanged, this, &EscalationPolicyEditorDialog::updateModified);
    connect(m_repeat, &QSpinBox::valueChanged, this, &EscalationPolicyEditorDialog::updateModified);
    connect(m_repeatDelay, &QSpinBox::valueChanged, this, &EscalationPolicyEditorDialog::updateModified);
    connect(addRuleButton, &QPushButton::clicked, this, &EscalationPolicyEditorDialog::addRule);
    connect(removeRuleButton, &QPushButton::clicked, this, &EscalationPolicyEditorDialog::removeRule);
    connect(upButton, &QPushButton::clicked, this, [this] { moveRule(-1); });
    connect(downButton, &QPushButton::clicked, this, [this] { moveRule(1); });
    connect(addTargetButton, &QPushButton::clicked, this, &EscalationPolicyEditorDialog::addTarget);
    connect(removeTargetButton, &QPushButton::clicked, this, &EscalationPolicyEditorDialog::removeTarget);
    connect(m_targetType, &QComboBox::currentIndexChanged, this, &EscalationPolicyEditorDialog::fillTargets);
    // Saved policies come back through the change feed, ours included: the list follows the cache, never the save's
    // answer.
    connect(&m_cache, &LocalCache::escalationPoliciesChanged, this, &EscalationPolicyEditorDialog::reloadPolicies);
    fillTargets();
    reloadPolicies();
    editPolicy({});
    resize(900, 600);
}

void EscalationPolicyEditorDialog::reloadPolicies()
{
    QSignalBlocker block(m_policies);
    m_policies->clear();
    QHash<QString, QString> names;
    for (auto it = m_cache.escalationPolicies().cbegin(); it != m_cache.escalationPolicies().cend(); ++it)
        names.insert(it.key(), it.value().value(QStringLiteral("name")).toString());
    for (const auto &[name, id] : byName(names)) {
        auto *item = new QListWidgetItem(name, m_policies);
        item->setData(Qt::UserRole, id);
        if (id == m_id)
            m_policies->setCurrentItem(item);
    }
}

void EscalationPolicyEditorDialog::selectCurrentPolicy()
{
    const QSignalBlocker block(m_policies);
    QListWidgetItem *current = nullptr;
    for (int row = 0; row < m_policies->count() && !m_id.isEmpty(); ++row) {
        if (m_policies->item(row)->data(Qt::UserRole).toString() == m_id)
            current = m_policies->item(row);
    }
    m_policies->clearSelection();
    m_policies->setCurrentItem(current);
}

bool EscalationPolicyEditorDialog::isDirty()
{
    // Half-way through editPolicy() the form mixes two policies; it is not dirty then, whatever it holds.
    return !m_loading && edited() != m_loaded;
}

void EscalationPolicyEditorDialog::updateModified()
{
    if (!m_loading)
        setWindowModified(isDirty());
}

bool EscalationPolicyEditorDialog::confirm(const QString &title, const QString &question)
{
    return askYesNo(this, m_confirm, title, question);
}

QMessageBox::StandardButton EscalationPolicyEditorDialog::askAboutUnsavedEdits()
{
    const QString name = m_loaded.value(QStringLiteral("name")).toString();
    const QString question = m_id.isEmpty() ? tr("The new policy has changes that are not saved. Save it?")
                                            : tr("The policy “%1” has changes that are not saved. Save them?").arg(name);
    return askSaveDiscardCancel(this, m_unsavedPrompt, name, tr("Unsaved changes"), question);
}

void EscalationPolicyEditorDialog::switchToPolicy(const QString &id)
{
    // Choosing the edited policy again does nothing, but "New policy" while on a new one clears the form (after
    // asking).
    if (!id.isEmpty() && id == m_id)
        return;
    if (!isDirty())
        return editPolicy(id);
    // The answers run before this returns, so capturing `id` by reference is safe.
    leaveUnsavedEdits(
        askAboutUnsavedEdits(),
        [&] {
            // Until the save succeeds the list must point at the policy being saved, not at the one clicked.
            selectCurrentPolicy();
            save(id);
        },
        [&] { editPolicy(id); }, [&] { selectCurrentPolicy(); });
}

void EscalationPolicyEditorDialog::fillTargets()
{
    m_target->clear();
    const QString type = m_targetType->currentData().toString();
    if (type == u"user") {
        QHash<QString, QString> names;
        for (const auto &u : m_cache.users())
            names.insert(u.id, u.name);
        for (const auto &[name, id] : byName(names))
            m_target->addItem(name, id);
    } else if (type == u"schedule") {
        QHash<QString, QString> names;
        for (const auto &s : m_cache.schedules())
            names.insert(s.id, s.name);
        for (const auto &[name, id] : byName(names))
            m_target->addItem(name, id);
    } else {
        for (const auto &[name, id] : byName(m_cache.teamNames()))
            m_target->addItem(name, id);
    }
}

QString EscalationPolicyEditorDialog::targetText(const QString &type, const QString &id) const
{
    if (type == u"user")
        return tr("User: %1").arg(m_cache.userName(id));
    if (type == u"schedule") {
        const auto s = m_cache.schedule(id);
        return tr("Schedule: %1").arg(s ? s->name : id);
    }
    return tr("Team: %1").arg(m_cache.teamName(id));
}

QString EscalationPolicyEditorDialog::ruleText(int row) const
{
    const Rule &r = m_ruleData.at(row);
    //: %1 rule number, %2 minutes, %n number of targets
    return tr("Rule %1: after %2 min, %n target(s)", nullptr, int(r.targets.size())).arg(row + 1).arg(r.delay);
}

void EscalationPolicyEditorDialog::editPolicy(const QString &id)
{
    // While loading, the form's change signals must neither store into rules nor compare with the old policy.
    m_loading = true;
    m_currentRule = -1;
    m_error->setVisible(false);
    const QJsonObject p = m_cache.escalationPolicies().value(id);
    // A policy deleted meanwhile is no longer in the cache: the form opens as a new policy rather than editing a ghost.
    m_id = p.isEmpty() ? QString() : id;
    m_version = p.value(QStringLiteral("version")).toInteger();
    m_name->setText(p.value(QStringLiteral("name")).toString());
    m_team->setCurrentIndex(std::max(0, m_team->findData(p.value(QStringLiteral("team_id")).toString())));
    m_ruleData.clear();
    for (const auto &rv : p.value(QStringLiteral("rules")).toArray()) {
        Rule r;
        r.delay = rv.toObject().value(QStringLiteral("delay_minutes")).toInt();
        for (const auto &tv : rv.toObject().value(QStringLiteral("targets")).toArray())
            r.targets.append({tv.toObject().value(QStringLiteral("type")).toString(),
                              tv.toObject().value(QStringLiteral("id")).toString()});
        m_ruleData.append(r);
    }
    m_repeat->setValue(p.value(QStringLiteral("repeat")).toInt(0));
    m_repeatDelay->setValue(p.value(QStringLiteral("repeat_delay_minutes")).toInt(30));
    m_currentRule = -1;
    {
        QSignalBlocker block(m_rules);
        m_rules->clear();
        for (int i = 0; i < m_ruleData.size(); ++i)
            m_rules->addItem(ruleText(i));
    }
    // The server wants 1 to 20 rules, so a new policy starts with one to fill in.
    if (m_ruleData.isEmpty())
        addRule();
    else
        m_rules->setCurrentRow(0);
    selectCurrentPolicy();
    m_delete->setEnabled(!m_id.isEmpty() && isManager(m_cache));
    //: [*] is where Qt shows * while there are unsaved changes
    setWindowTitle(m_id.isEmpty() ? tr("Escalation policies — new policy[*]")
                                  : tr("Escalation policies — %1[*]").arg(m_name->text()));
    m_loading = false;
    // Compared with the form's own reading of the loaded policy, not with the cache's JSON: trimming, null team and
    // defaults then never make an untouched policy look dirty.
    m_loaded = edited();
    setWindowModified(false);
}

void EscalationPolicyEditorDialog::loadRule(int row)
{
    m_currentRule = row;
    QSignalBlocker block(m_delay);
    m_targets->clear();
    if (row < 0 || row >= m_ruleData.size())
        return;
    m_delay->setValue(m_ruleData.at(row).delay);
    for (const auto &[type, id] : m_ruleData.at(row).targets)
        m_targets->addItem(targetText(type, id));
}

void EscalationPolicyEditorDialog::storeRule(int row)
{
    if (row < 0 || row >= m_ruleData.size())
        return;
    m_ruleData[row].delay = m_delay->value();
}

void EscalationPolicyEditorDialog::addRule()
{
    storeRule(m_currentRule);
    Rule r;
    // The first rule pages at once; a later one usually waits for the earlier targets to react.
    r.delay = m_ruleData.isEmpty() ? 0 : 15;
    m_ruleData.append(r);
    {
        QSignalBlocker block(m_rules);
        m_rules->addItem(ruleText(int(m_ruleData.size()) - 1));
    }
    m_rules->setCurrentRow(int(m_ruleData.size()) - 1);
    loadRule(int(m_ruleData.size()) - 1);
    updateModified();
}

void EscalationPolicyEditorDialog::removeRule()
{
    const int row = m_rules->currentRow();
    if (row < 0)
        return;
    m_ruleData.removeAt(row);
    m_currentRule = -1;
    {
        QSignalBlocker block(m_rules);
        delete m_rules->takeItem(row);
        for (int i = 0; i < m_ruleData.size(); ++i)
            m_rules->item(i)->setText(ruleText(i));
    }
    const int next = std::min(row, int(m_ruleData.size()) - 1);
    m_rules->setCurrentRow(next);
    loadRule(next);
    updateModified();
}

void EscalationPolicyEditorDialog::moveRule(int by)
{
    const int row = m_rules->currentRow();
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_ruleData.size())
        return;
    storeRule(row);
    // The delay box still holds the moved rule's value; it was stored above, before the swap.
    m_ruleData.swapItemsAt(row, to);
    {
        QSignalBlocker block(m_rules);
        m_rules->item(row)->setText(ruleText(row));
        m_rules->item(to)->setText(ruleText(to));
        m_rules->setCurrentRow(to);
    }
    loadRule(to);
    updateModified();
}

void EscalationPolicyEditorDialog::addTarget()
{
    if (m_currentRule < 0 || m_target->currentIndex() < 0)
        return;
    const QString type = m_targetType->currentData().toString();
    const QString id = m_target->currentData().toString();
    auto &targets = m_ruleData[m_currentRule].targets;
    // Paging the same target twice in one rule helps nobody; a second add is ignored.
    if (targets.contains(std::pair{type, id}))
        return;
    targets.append({type, id});
    m_targets->addItem(targetText(type, id));
    m_rules->item(m_currentRule)->setText(ruleText(m_currentRule));
    updateModified();
}

void EscalationPolicyEditorDialog::removeTarget()
{
    const int row = m_targets->currentRow();
    if (m_currentRule < 0 || row < 0)
        return;
    m_ruleData[m_currentRule].targets.removeAt(row);
    delete m_targets->takeItem(row);
    m_rules->item(m_currentRule)->setText(ruleText(m_currentRule));
    updateModified();
}

QJsonObject EscalationPolicyEditorDialog::edited()
{
    // Not const: the delay box may hold the current rule's latest value, which belongs in the rules first.
    storeRule(m_currentRule);
    QJsonArray rules;
    for (const Rule &r : std::as_const(m_ruleData)) {
        QJsonArray targets;
        for (const auto &[type, id] : r.targets)
            targets.append(QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("id"), id}});
        rules.append(QJsonObject{{QStringLiteral("delay_minutes"), r.delay}, {QStringLiteral("targets"), targets}});
    }
    const QString team = m_team->currentData().toString();
    return {{QStringLiteral("name"), m_name->text().trimmed()},
            {QStringLiteral("team_id"), team.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(team)},
            {QStringLiteral("rules"), rules},
            {QStringLiteral("repeat"), m_repeat->value()},
            {QStringLiteral("repeat_delay_minutes"), m_repeatDelay->value()}};
}

void EscalationPolicyEditorDialog::accept()
{
    save(std::nullopt);
}

void EscalationPolicyEditorDialog::reject()
{
    if (!isDirty())
        return QDialog::reject();
    leaveUnsavedEdits(
        askAboutUnsavedEdits(), [this] { save(std::nullopt); }, [this] { QDialog::reject(); }, [] {});
}

void EscalationPolicyEditorDialog::save(const std::optional<QString> &thenEdit)
{
    const QJsonObject body = edited();
    m_error->setVisible(false);
    QString message;
    if (body.value(QStringLiteral("name")).toString().isEmpty())
        message = tr("The policy needs a name.");
    else if (!m_api.isOnline())
        message = tr("You are offline: changes to escalation policies need the server.");
    if (!message.isEmpty()) {
        m_error->setText(message);
        m_error->setVisible(true);
        return;
    }
    // No second click while the first save is on its way: a second POST would carry a new Idempotency-Key and
    // create the policy twice.
    m_save->setEnabled(false);
    const auto saved = [this, thenEdit](const ApiResult<QJsonObject> &result) {
        m_save->setEnabled(true);
        if (!result.ok())
            return showError(result.error());
        if (!thenEdit)
            return QDialog::accept();
        editPolicy(*thenEdit);
    };
    if (m_id.isEmpty())
        m_api.createEscalationPolicy(body, this, saved);
    else
        m_api.updateEscalationPolicy(m_id, m_version, body, this, saved);
}

void EscalationPolicyEditorDialog::deletePolicy()
{
    if (m_id.isEmpty())
        return;
    if (!m_api.isOnline()) {
        m_error->setText(tr("You are offline: changes to escalation policies need the server."));
        m_error->setVisible(true);
        return;
    }
    // Kept for the answer: by the time it comes the user may be editing another policy.
    const QString id = m_id;
    const QString name = m_cache.escalationPolicies().value(id).value(QStringLiteral("name")).toString();
    if (!confirm(tr("Delete escalation policy"),
                 tr("Delete the escalation policy “%1”? This cannot be undone.").arg(name)))
        return;
    m_error->setVisible(false);
    m_delete->setEnabled(false);
    m_api.deleteEscalationPolicy(id, m_version, this, [this, id, name](const ApiResult<Ok> &result) {
        // 404: someone else deleted it first; either way it is gone.
        if (!result.ok() && result.error().status != 404) {
            m_delete->setEnabled(!m_id.isEmpty() && isManager(m_cache));
            if (result.error().status != 409)
                return showError(result.error());
            //: %1 policy name, %2 the server's reason (in English), e.g. "service Core network follows this policy"
            m_error->setText(tr("“%1” was not deleted: a service still follows it. Choose another "
                                "policy for that service first. The server said: %2")
                                 .arg(name, result.error().message));
            m_error->setVisible(true);
            return;
        }
        // The change feed removes it from the cache as well (a success pulls it); the list must not wait for that.
        removeListItem(m_policies, id);
        if (m_id == id)
            editPolicy({});
        Q_EMIT policyDeleted(id);
    });
}

void EscalationPolicyEditorDialog::showError(const ApiError &error)
{
    const QString field = error.field;
    const int rule = indexIn(field, QStringLiteral("rules"));
    const int target = indexIn(field, QStringLiteral("targets"));
    QString message;
    QWidget *focus = nullptr;
    if (error.offline()) {
        message = tr("You are offline: changes to escalation policies need the server.");
    // The editor does not merge: the other version is only seen after reopening, so nothing is overwritten unseen.
    } else if (error.status == 412) {
        message = tr("Someone else changed this policy meanwhile. Close the editor and open the policy again to see "
                     "their version.");
    } else if (field == u"name") {
        focus = m_name;
        message = error.code == u"conflict" ? tr("Another policy is already called “%1”. Choose another name.")
                                                       .arg(m_name->text().trimmed())
                                                 : tr("Name: enter one line of 1 to 200 characters.");
    } else if (field == u"team_id") {
        focus = m_team;
        message = tr("Team: choose a team from the list.");
    } else if (field == u"rules") {
        focus = m_rules;
        message = tr("Rules: a policy has 1 to 20 rules.");
    // The server names rules by their index in what was sent, which is their order on screen.
    } else if (rule >= 0 && field.endsWith(u"delay_minutes")) {
        m_rules->setCurrentRow(rule);
        focus = m_delay;
        message = tr("Rule %1: the delay must be 0 to 1440 minutes.").arg(rule + 1);
    } else if (rule >= 0 && target >= 0) {
        m_rules->setCurrentRow(rule);
        focus = m_targets;
        message = tr("Rule %1, target %2: choose a user, schedule or team that exists.").arg(rule + 1).arg(target + 1);
    } else if (rule >= 0) {
        m_rules->setCurrentRow(rule);
        focus = m_targets;
        message = tr("Rule %1: add 1 to 10 targets.").arg(rule + 1);
    } else if (field == u"repeat") {
        focus = m_repeat;
        message = tr("Repeat: 0 to 10 times.");
    } else if (field == u"repeat_delay_minutes") {
        focus = m_repeatDelay;
        message = tr("Repeat after: 1 to 1440 minutes.");
    } else {
        message = Labels::error(error.code, error.message);
    }
    if (focus)
        focus->setFocus();
    m_error->setText(message);
    m_error->setVisible(true);
}

} // namespace Vigil
