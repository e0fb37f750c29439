#include "settingsdialogs.h"

#include "common/clock.h"
#include "labels.h"
#include "sync/localcache.h"
#include "sync/syncengine.h"

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
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QUuid>
#include <QVBoxLayout>

#include <algorithm>

namespace Vigil {

namespace {

/// Yes/No before something that cannot be undone (No is the default); `hook` answers instead in tests.
bool askYesNo(QWidget *parent, const SettingsConfirmer &hook, const QString &title, const QString &question)
{
    if (hook)
        return hook(question);
    return QMessageBox::question(parent, title, question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        == QMessageBox::Yes;
}

/// Save / Discard / Cancel for unsaved edits of the item named `name`; `hook` answers instead in tests.
QMessageBox::StandardButton askSaveDiscardCancel(QWidget *parent, const UnsavedEditsPrompt &hook, const QString &name,
                                                 const QString &title, const QString &question)
{
    if (hook)
        return hook(name);
    return QMessageBox::warning(parent, title, question, QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                QMessageBox::Save);
}

/// Leaving an item with unsaved edits, for another item or to close, after the Save / Discard / Cancel answer: Save
/// runs `saveThenLeave` (the item stays on screen until the save succeeds: a refused save keeps it), Discard
/// `leave`, Cancel `stay`.
void leaveUnsavedEdits(QMessageBox::StandardButton answer, const std::function<void()> &saveThenLeave,
                       const std::function<void()> &leave, const std::function<void()> &stay)
{
    switch (answer) {
    case QMessageBox::Save:
        return saveThenLeave();
    case QMessageBox::Discard:
        return leave();
    default:
        return stay();
    }
}

QLabel *makeErrorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setStyleSheet(QStringLiteral("color: #c62828"));
    label->setWordWrap(true);
    label->setVisible(false);
    return label;
}

QString newId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

/// Index `n` of the first `[n]` after `prefix` in an API field such as rules[1].targets[0].id; -1 when absent.
int indexIn(const QString &field, const QString &prefix)
{
    const QRegularExpression re(QRegularExpression::escape(prefix) + QStringLiteral("\\[(\\d+)\\]"));
    const auto m = re.match(field);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

/// Sorted (name, id) pairs of a name table.
QList<std::pair<QString, QString>> byName(const QHash<QString, QString> &names)
{
    QList<std::pair<QString, QString>> list;
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        list.append({it.value(), it.key()});
    std::sort(list.begin(), list.end(),
              [](const auto &a, const auto &b) { return a.first.compare(b.first, Qt::CaseInsensitive) < 0; });
    return list;
}

QDateTimeEdit *wallTimeEdit(QWidget *parent)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    edit->setCalendarPopup(true);
    return edit;
}

QDateTime wallIn(const QDateTime &utc, const QTimeZone &zone)
{
    const QDateTime local = utc.toTimeZone(zone);
    return QDateTime(local.date(), local.time(), Qt::UTC);
}

QDateTime fromWall(const QDateTime &wall, const QTimeZone &zone)
{
    return QDateTime(wall.date(), wall.time(), zone).toUTC();
}

QString rfc3339(const QDateTime &utc) { return utc.toUTC().toString(Qt::ISODateWithMs); }

/// Managers and admins may delete policies and services (the server checks again).
bool isManager(const LocalCache &cache)
{
    const QString role = cache.users().value(cache.currentUserId()).role;
    return role == u"manager" || role == u"admin";
}

/// Removes the item whose Qt::UserRole data is `id` from a list, without signals.
void removeListItem(QListWidget *list, const QString &id)
{
    const QSignalBlocker block(list);
    for (int row = 0; row < list->count(); ++row) {
        if (list->item(row)->data(Qt::UserRole).toString() == id) {
            delete list->takeItem(row);
            return;
        }
    }
}

} // namespace

// --- EscalationPolicyEditorDialog ---

EscalationPolicyEditorDialog::EscalationPolicyEditorDialog(LocalCache &cache, SyncEngine *engine, QWidget *parent)
    : QDialog(parent), m_cache(cache), m_engine(engine), m_policies(new QListWidget(this)), m_name(new QLineEdit(this)),
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
    connect(m_policies, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item && item->data(Qt::UserRole).toString() != m_id)
            switchToPolicy(item->data(Qt::UserRole).toString());
    });
    connect(m_rules, &QListWidget::currentRowChanged, this, [this](int row) {
        storeRule(m_currentRule);
        loadRule(row);
    });
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
    if (!id.isEmpty() && id == m_id)
        return;
    if (!isDirty())
        return editPolicy(id);
    leaveUnsavedEdits(
        askAboutUnsavedEdits(),
        [&] {
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
    else if (!m_engine || !m_engine->isOnline())
        message = tr("You are offline: changes to escalation policies need the server.");
    if (!message.isEmpty()) {
        m_error->setText(message);
        m_error->setVisible(true);
        return;
    }
    m_save->setEnabled(false);
    const bool create = m_id.isEmpty();
    m_engine->sendJson(create ? "POST" : "PATCH",
                       create ? QStringLiteral("/api/v1/escalation_policies")
                              : QStringLiteral("/api/v1/escalation_policies/%1").arg(m_id),
                       body, this,
                       [this, thenEdit](const ApiReply &reply) {
                           m_save->setEnabled(true);
                           if (!reply.ok())
                               return showError(reply);
                           if (!thenEdit)
                               return QDialog::accept();
                           editPolicy(*thenEdit);
                       },
                       create ? 0 : m_version, create ? newId() : QString());
}

void EscalationPolicyEditorDialog::deletePolicy()
{
    if (m_id.isEmpty())
        return;
    if (!m_engine || !m_engine->isOnline()) {
        m_error->setText(tr("You are offline: changes to escalation policies need the server."));
        m_error->setVisible(true);
        return;
    }
    const QString id = m_id;
    const QString name = m_cache.escalationPolicies().value(id).value(QStringLiteral("name")).toString();
    if (!confirm(tr("Delete escalation policy"),
                 tr("Delete the escalation policy “%1”? This cannot be undone.").arg(name)))
        return;
    m_error->setVisible(false);
    m_delete->setEnabled(false);
    m_engine->sendJson("DELETE", QStringLiteral("/api/v1/escalation_policies/%1").arg(id), {}, this,
                       [this, id, name](const ApiReply &reply) {
                           // 404: someone else deleted it first; either way it is gone.
                           if (!reply.ok() && reply.status != 404) {
                               m_delete->setEnabled(!m_id.isEmpty() && isManager(m_cache));
                               if (reply.status != 409)
                                   return showError(reply);
                               //: %1 policy name, %2 the server's reason (in English), e.g. "service Core network follows this policy"
                               m_error->setText(tr("“%1” was not deleted: a service still follows it. Choose another "
                                                   "policy for that service first. The server said: %2")
                                                    .arg(name, reply.errorMessage));
                               m_error->setVisible(true);
                               return;
                           }
                           // The change feed removes it from the cache as well (sendJson pulls after a success).
                           removeListItem(m_policies, id);
                           if (m_id == id)
                               editPolicy({});
                           Q_EMIT policyDeleted(id);
                       },
                       m_version);
}

void EscalationPolicyEditorDialog::showError(const ApiReply &reply)
{
    const QString field = reply.errorField;
    const int rule = indexIn(field, QStringLiteral("rules"));
    const int target = indexIn(field, QStringLiteral("targets"));
    QString message;
    QWidget *focus = nullptr;
    if (reply.offline()) {
        message = tr("You are offline: changes to escalation policies need the server.");
    } else if (reply.status == 412) {
        message = tr("Someone else changed this policy meanwhile. Close the editor and open the policy again to see "
                     "their version.");
    } else if (field == u"name") {
        focus = m_name;
        message = reply.errorCode == u"conflict" ? tr("Another policy is already called “%1”. Choose another name.")
                                                       .arg(m_name->text().trimmed())
                                                 : tr("Name: enter one line of 1 to 200 characters.");
    } else if (field == u"team_id") {
        focus = m_team;
        message = tr("Team: choose a team from the list.");
    } else if (field == u"rules") {
        focus = m_rules;
        message = tr("Rules: a policy has 1 to 20 rules.");
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
        message = Labels::error(reply.errorCode, reply.errorMessage);
    }
    if (focus)
        focus->setFocus();
    m_error->setText(message);
    m_error->setVisible(true);
}

// --- ServiceEditorDialog ---

ServiceEditorDialog::ServiceEditorDialog(LocalCache &cache, SyncEngine *engine, const Clock &clock,
                                         const QTimeZone &viewerZone, QWidget *parent)
    : QDialog(parent), m_cache(cache), m_engine(engine), m_clock(clock), m_viewerZone(viewerZone), m_service(new QComboBox(this)),
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
    m_policy->addItem(tr("(none: alerts page nobody)"), QString());
    QHash<QString, QString> policies;
    for (auto it = m_cache.escalationPolicies().cbegin(); it != m_cache.escalationPolicies().cend(); ++it)
        policies.insert(it.key(), it.value().value(QStringLiteral("name")).toString());
    for (const auto &[name, id] : byName(policies))
        m_policy->addItem(name, id);
    reloadServices();

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
    connect(&m_cache, &LocalCache::servicesChanged, this, &ServiceEditorDialog::reloadServices);
    connect(addWindowButton, &QPushButton::clicked, this, [this] {
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
    m_service->addItem(tr("(new service)"), QString());
    for (const auto &[name, id] : byName(m_cache.serviceNames()))
        m_service->addItem(name, id);
    m_service->setCurrentIndex(std::max(0, m_service->findData(m_id)));
}

bool ServiceEditorDialog::isDirty() const
{
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
    const auto stay = [this] {
        const QSignalBlocker block(m_service);
        m_service->setCurrentIndex(std::max(0, m_service->findData(m_id)));
    };
    if (!isDirty())
        return editService(id);
    leaveUnsavedEdits(
        askAboutUnsavedEdits(),
        [&] {
            stay();
            save(id);
        },
        [&] { editService(id); }, stay);
}

void ServiceEditorDialog::editService(const QString &id)
{
    setError({});
    const QJsonObject s = m_cache.services().value(id);
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
    m_key->clear();
    m_path->clear();
    m_copyKey->setEnabled(false);
    m_integrations->setRowCount(0);
    m_createIntegration->setEnabled(!m_id.isEmpty());
    m_revokeIntegration->setEnabled(!m_id.isEmpty());
    m_delete->setEnabled(!m_id.isEmpty() && isManager(m_cache));
    //: [*] is where Qt shows * while there are unsaved changes
    setWindowTitle(m_id.isEmpty() ? tr("Services — new service[*]") : tr("Services — %1[*]").arg(m_name->text()));
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
    if (!m_engine || !m_engine->isOnline())
        return setError(tr("You are offline: changes to services need the server."));
    setError({});
    m_save->setEnabled(false);
    const bool create = m_id.isEmpty();
    m_engine->sendJson(create ? "POST" : "PATCH",
                       create ? QStringLiteral("/api/v1/services") : QStringLiteral("/api/v1/services/%1").arg(m_id),
                       body, this,
                       [this, thenEdit](const ApiReply &reply) {
                           m_save->setEnabled(true);
                           if (!reply.ok())
                               return showError(reply);
                           if (!thenEdit)
                               return QDialog::accept();
                           editService(*thenEdit);
                       },
                       create ? 0 : m_version, create ? newId() : QString());
}

void ServiceEditorDialog::deleteService()
{
    if (m_id.isEmpty())
        return;
    if (!m_engine || !m_engine->isOnline())
        return setError(tr("You are offline: changes to services need the server."));
    const QString id = m_id;
    const QString name = m_cache.serviceName(id);
    if (!confirm(tr("Delete service"),
                 tr("Delete the service “%1”? This cannot be undone.").arg(name)))
        return;
    setError({});
    m_delete->setEnabled(false);
    m_engine->sendJson("DELETE", QStringLiteral("/api/v1/services/%1").arg(id), {}, this,
                       [this, id, name](const ApiReply &reply) {
                           // 404: someone else deleted it first; either way it is gone.
                           if (!reply.ok() && reply.status != 404) {
                               m_delete->setEnabled(!m_id.isEmpty() && isManager(m_cache));
                               if (reply.status != 409)
                                   return showError(reply);
                               //: %1 service name, %2 the server's reason (in English)
                               return setError(tr("“%1” was not deleted: alerts or tickets still refer to it. "
                                                  "The server said: %2")
                                                   .arg(name, reply.errorMessage));
                           }
                           // The change feed removes it from the cache as well (sendJson pulls after a success).
                           {
                               const QSignalBlocker block(m_service);
                               m_service->removeItem(m_service->findData(id));
                           }
                           if (m_id == id)
                               editService({});
                           Q_EMIT serviceDeleted(id);
                       },
                       m_version);
}

void ServiceEditorDialog::showError(const ApiReply &reply)
{
    const QString field = reply.errorField;
    const int window = indexIn(field, QStringLiteral("maintenance_windows"));
    QString message;
    QWidget *focus = nullptr;
    if (reply.offline()) {
        message = tr("You are offline: changes to services need the server.");
    } else if (reply.status == 412) {
        message = tr("Someone else changed this service meanwhile. Close the editor and open the service again to see "
                     "their version.");
    } else if (field == u"name") {
        focus = m_name;
        message = reply.errorCode == u"conflict" ? tr("Another service is already called “%1”. Choose another name.")
                                                       .arg(m_name->text().trimmed())
                                                 : tr("Name: enter one line of 1 to 200 characters.");
    } else if (field == u"team_id") {
        focus = m_team;
        message = tr("Team: choose a team from the list.");
    } else if (field == u"escalation_policy_id") {
        focus = m_policy;
        message = tr("Escalation policy: choose a policy from the list.");
    } else if (window >= 0) {
        m_windows->selectRow(window);
        focus = m_windows;
        if (field.endsWith(u".reason"))
            message = tr("Maintenance window %1: the reason is one line of at most 200 characters.").arg(window + 1);
        else
            message = tr("Maintenance window %1: the end must be after the start.").arg(window + 1);
    } else {
        message = reply.errorCode == u"forbidden" ? tr("Only managers can edit services.")
                                                  : Labels::error(reply.errorCode, reply.errorMessage);
    }
    if (focus)
        focus->setFocus();
    setError(message);
}

void ServiceEditorDialog::loadIntegrations()
{
    if (m_id.isEmpty() || !m_engine || !m_engine->isOnline()) {
        if (!m_id.isEmpty())
            setError(tr("You are offline: changes to services need the server."));
        return;
    }
    const QString id = m_id;
    m_engine->sendJson("GET", QStringLiteral("/api/v1/services/%1/integrations").arg(id), {}, this,
                       [this, id](const ApiReply &reply) {
                           if (id != m_id)
                               return;
                           if (!reply.ok())
                               return showError(reply);
                           const QJsonArray items = reply.body.value(QStringLiteral("items")).toArray();
                           m_integrations->setRowCount(0);
                           for (const auto &v : items) {
                               const QJsonObject i = v.toObject();
                               const int row = m_integrations->rowCount();
                               m_integrations->insertRow(row);
                               auto *name = new QTableWidgetItem(i.value(QStringLiteral("name")).toString());
                               name->setData(Qt::UserRole, i.value(QStringLiteral("id")).toString());
                               const QString revoked = i.value(QStringLiteral("revoked_at")).toString();
                               name->setData(Qt::UserRole + 1, !revoked.isEmpty());
                               m_integrations->setItem(row, 0, name);
                               m_integrations->setItem(row, 1,
                                                       new QTableWidgetItem(i.value(QStringLiteral("type")).toString()));
                               const auto when = [this](const QString &text) -> QString {
                                   return text.isEmpty() ? QString()
                                                         : Labels::shiftTime(QDateTime::fromString(text, Qt::ISODateWithMs),
                                                                             m_viewerZone);
                               };
                               m_integrations->setItem(row, 2, new QTableWidgetItem(
                                                                   when(i.value(QStringLiteral("created_at")).toString())));
                               m_integrations->setItem(row, 3, new QTableWidgetItem(when(revoked)));
                           }
                           m_integrations->resizeColumnsToContents();
                           Q_EMIT integrationsLoaded();
                       });
}

void ServiceEditorDialog::createIntegration()
{
    if (m_id.isEmpty())
        return;
    if (!m_engine || !m_engine->isOnline())
        return setError(tr("You are offline: changes to services need the server."));
    setError({});
    QJsonObject body{{QStringLiteral("type"), m_integrationType->currentData().toString()}};
    if (const QString name = m_integrationName->text().trimmed(); !name.isEmpty())
        body.insert(QStringLiteral("name"), name);
    m_createIntegration->setEnabled(false);
    m_engine->sendJson("POST", QStringLiteral("/api/v1/services/%1/integrations").arg(m_id), body, this,
                       [this](const ApiReply &reply) {
                           m_createIntegration->setEnabled(true);
                           if (!reply.ok()) {
                               if (reply.errorField == u"name" || reply.errorField == u"type") {
                                   m_integrationName->setFocus();
                                   return setError(tr("Integration: choose a type and a name of one line."));
                               }
                               return showError(reply);
                           }
                           // The key exists only in this answer: the server keeps its hash.
                           m_key->setText(reply.body.value(QStringLiteral("key")).toString());
                           QUrl url = m_engine->server();
                           url.setPath(reply.body.value(QStringLiteral("path")).toString());
                           url.setQuery(QString());
                           m_path->setText(url.toString());
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
    if (!m_engine || !m_engine->isOnline())
        return setError(tr("You are offline: changes to services need the server."));
    if (!confirm(tr("Revoke integration"),
                 tr("Revoke “%1”? Its key stops working at once; the tool that uses it can no longer send alerts.")
                     .arg(item->text())))
        return;
    m_engine->sendJson("DELETE",
                       QStringLiteral("/api/v1/services/%1/integrations/%2").arg(m_id, item->data(Qt::UserRole).toString()),
                       {}, this, [this](const ApiReply &reply) {
                           if (!reply.ok())
                               return showError(reply);
                           loadIntegrations();
                       });
}

// --- NotificationSettingsDialog ---

namespace {
enum MethodColumn { TypeColumn, AddressColumn, LabelColumn };
enum RuleColumn { AfterColumn, MethodColumnOfRule };
} // namespace

NotificationSettingsDialog::NotificationSettingsDialog(SyncEngine *engine, QWidget *parent)
    : QDialog(parent), m_engine(engine), m_methods(new QTableWidget(0, 3, this)), m_rules(new QTableWidget(0, 2, this)),
      m_error(makeErrorLabel(this)), m_save(nullptr)
{
    setWindowTitle(tr("My notifications"));
    auto *methodsBox = new QGroupBox(tr("Contact methods"), this);
    auto *methodsLayout = new QVBoxLayout(methodsBox);
    m_methods->setHorizontalHeaderLabels({tr("Type"), tr("Address"), tr("Label")});
    m_methods->horizontalHeader()->setSectionResizeMode(AddressColumn, QHeaderView::Stretch);
    m_methods->verticalHeader()->setVisible(false);
    methodsLayout->addWidget(m_methods);
    auto *methodButtons = new QHBoxLayout;
    auto *addMethodButton = new QPushButton(tr("Add contact method"), this);
    auto *removeMethodButton = new QPushButton(tr("Remove contact method"), this);
    methodButtons->addWidget(addMethodButton);
    methodButtons->addWidget(removeMethodButton);
    methodButtons->addStretch();
    methodsLayout->addLayout(methodButtons);

    auto *rulesBox = new QGroupBox(tr("Rules (without rules, the first contact method is used at once)"), this);
    auto *rulesLayout = new QVBoxLayout(rulesBox);
    m_rules->setHorizontalHeaderLabels({tr("After"), tr("Contact method")});
    m_rules->horizontalHeader()->setStretchLastSection(true);
    m_rules->verticalHeader()->setVisible(false);
    rulesLayout->addWidget(m_rules);
    auto *ruleButtons = new QHBoxLayout;
    auto *addRuleButton = new QPushButton(tr("Add rule"), this);
    auto *removeRuleButton = new QPushButton(tr("Remove rule"), this);
    ruleButtons->addWidget(addRuleButton);
    ruleButtons->addWidget(removeRuleButton);
    ruleButtons->addStretch();
    rulesLayout->addLayout(ruleButtons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("How you are told when you are paged. Only you see these settings."), this));
    layout->addWidget(methodsBox, 1);
    layout->addWidget(rulesBox, 1);
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setEnabled(false);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &NotificationSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(addMethodButton, &QPushButton::clicked, this, [this] { addMethod(); });
    connect(removeMethodButton, &QPushButton::clicked, this, &NotificationSettingsDialog::removeMethod);
    connect(addRuleButton, &QPushButton::clicked, this, [this] { addRule(); });
    connect(removeRuleButton, &QPushButton::clicked, this, &NotificationSettingsDialog::removeRule);
    connect(m_methods, &QTableWidget::itemChanged, this, &NotificationSettingsDialog::refreshRuleChoices);
    resize(700, 520);
    load();
}

void NotificationSettingsDialog::setError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void NotificationSettingsDialog::load()
{
    if (!m_engine || !m_engine->isOnline())
        return setError(tr("You are offline: changes to your notifications need the server."));
    m_engine->sendJson("GET", QStringLiteral("/api/v1/me/notification_settings"), {}, this, [this](const ApiReply &reply) {
        if (!reply.ok())
            return setError(reply.offline() ? tr("You are offline: changes to your notifications need the server.")
                                            : Labels::error(reply.errorCode, reply.errorMessage));
        m_methods->setRowCount(0);
        m_rules->setRowCount(0);
        for (const auto &v : reply.body.value(QStringLiteral("contact_methods")).toArray()) {
            const QJsonObject m = v.toObject();
            addMethod(m.value(QStringLiteral("type")).toString(), m.value(QStringLiteral("address")).toString(),
                      m.value(QStringLiteral("label")).toString(), m.value(QStringLiteral("id")).toString());
        }
        for (const auto &v : reply.body.value(QStringLiteral("notification_rules")).toArray()) {
            const QJsonObject r = v.toObject();
            addRule(r.value(QStringLiteral("after_minutes")).toInt(), r.value(QStringLiteral("contact_method_id")).toString());
        }
        m_loaded = true;
        m_save->setEnabled(true);
        setError({});
        Q_EMIT loaded();
    });
}

int NotificationSettingsDialog::addMethod(const QString &type, const QString &address, const QString &label,
                                          const QString &id)
{
    QSignalBlocker block(m_methods);
    const int row = m_methods->rowCount();
    m_methods->insertRow(row);
    auto *typeCombo = new QComboBox(m_methods);
    typeCombo->addItem(tr("E-mail"), QStringLiteral("email"));
    typeCombo->addItem(tr("Webhook"), QStringLiteral("webhook"));
    typeCombo->addItem(tr("Slack"), QStringLiteral("slack"));
    typeCombo->addItem(tr("SMS"), QStringLiteral("sms"));
    typeCombo->setCurrentIndex(std::max(0, typeCombo->findData(type)));
    typeCombo->setProperty("methodId", id.isEmpty() ? newId() : id);
    connect(typeCombo, &QComboBox::currentIndexChanged, this, &NotificationSettingsDialog::refreshRuleChoices);
    m_methods->setCellWidget(row, TypeColumn, typeCombo);
    m_methods->setItem(row, AddressColumn, new QTableWidgetItem(address));
    m_methods->setItem(row, LabelColumn, new QTableWidgetItem(label));
    block.unblock();
    refreshRuleChoices();
    return row;
}

QString NotificationSettingsDialog::methodId(int row) const
{
    const QWidget *w = m_methods->cellWidget(row, TypeColumn);
    return w ? w->property("methodId").toString() : QString();
}

void NotificationSettingsDialog::removeMethod()
{
    if (const int row = m_methods->currentRow(); row >= 0) {
        m_methods->removeRow(row);
        refreshRuleChoices();
    }
}

int NotificationSettingsDialog::addRule(int afterMinutes, const QString &methodId)
{
    const int row = m_rules->rowCount();
    m_rules->insertRow(row);
    auto *after = new QSpinBox(m_rules);
    after->setRange(0, 1440);
    after->setSuffix(tr(" min"));
    after->setValue(afterMinutes);
    m_rules->setCellWidget(row, AfterColumn, after);
    auto *method = new QComboBox(m_rules);
    method->setProperty("methodId", methodId.isEmpty() && m_methods->rowCount() > 0 ? this->methodId(0) : methodId);
    m_rules->setCellWidget(row, MethodColumnOfRule, method);
    connect(method, &QComboBox::activated, method,
            [method] { method->setProperty("methodId", method->currentData().toString()); });
    refreshRuleChoices();
    return row;
}

void NotificationSettingsDialog::removeRule()
{
    if (const int row = m_rules->currentRow(); row >= 0)
        m_rules->removeRow(row);
}

void NotificationSettingsDialog::refreshRuleChoices()
{
    for (int r = 0; r < m_rules->rowCount(); ++r) {
        auto *combo = qobject_cast<QComboBox *>(m_rules->cellWidget(r, MethodColumnOfRule));
        if (!combo)
            continue;
        const QString chosen = combo->property("methodId").toString();
        QSignalBlocker block(combo);
        combo->clear();
        for (int m = 0; m < m_methods->rowCount(); ++m) {
            const auto *type = qobject_cast<QComboBox *>(m_methods->cellWidget(m, TypeColumn));
            const QTableWidgetItem *address = m_methods->item(m, AddressColumn);
            //: a contact method in a rule's list: "1. SMS: +821012345678"
            combo->addItem(tr("%1. %2: %3").arg(m + 1).arg(type ? type->currentText() : QString(),
                                                            address ? address->text() : QString()),
                           methodId(m));
        }
        combo->setCurrentIndex(combo->findData(chosen));
    }
}

QJsonObject NotificationSettingsDialog::edited() const
{
    QJsonArray methods;
    for (int row = 0; row < m_methods->rowCount(); ++row) {
        const auto *type = qobject_cast<QComboBox *>(m_methods->cellWidget(row, TypeColumn));
        const QTableWidgetItem *address = m_methods->item(row, AddressColumn);
        const QTableWidgetItem *label = m_methods->item(row, LabelColumn);
        methods.append(QJsonObject{{QStringLiteral("id"), methodId(row)},
                                   {QStringLiteral("type"), type ? type->currentData().toString() : QString()},
                                   {QStringLiteral("address"), address ? address->text().trimmed() : QString()},
                                   {QStringLiteral("label"), label ? label->text().trimmed() : QString()}});
    }
    QJsonArray rules;
    for (int row = 0; row < m_rules->rowCount(); ++row) {
        const auto *after = qobject_cast<QSpinBox *>(m_rules->cellWidget(row, AfterColumn));
        const auto *method = qobject_cast<QComboBox *>(m_rules->cellWidget(row, MethodColumnOfRule));
        rules.append(QJsonObject{{QStringLiteral("after_minutes"), after ? after->value() : 0},
                                 {QStringLiteral("contact_method_id"), method ? method->currentData().toString() : QString()}});
    }
    return {{QStringLiteral("contact_methods"), methods}, {QStringLiteral("notification_rules"), rules}};
}

void NotificationSettingsDialog::accept()
{
    if (!m_engine || !m_engine->isOnline())
        return setError(tr("You are offline: changes to your notifications need the server."));
    setError({});
    m_save->setEnabled(false);
    m_engine->sendJson("PUT", QStringLiteral("/api/v1/me/notification_settings"), edited(), this,
                       [this](const ApiReply &reply) {
                           m_save->setEnabled(true);
                           if (reply.ok())
                               return QDialog::accept();
                           const QString field = reply.errorField;
                           const int method = indexIn(field, QStringLiteral("contact_methods"));
                           const int rule = indexIn(field, QStringLiteral("notification_rules"));
                           QString message;
                           if (reply.offline()) {
                               message = tr("You are offline: changes to your notifications need the server.");
                           } else if (method >= 0 && method < m_methods->rowCount()) {
                               const auto *type = qobject_cast<QComboBox *>(m_methods->cellWidget(method, TypeColumn));
                               const QString kind = type ? type->currentData().toString() : QString();
                               int column = AddressColumn;
                               if (field.endsWith(u".type")) {
                                   column = TypeColumn;
                                   message = tr("Contact method %1: choose e-mail, webhook, Slack or SMS.").arg(method + 1);
                               } else if (field.endsWith(u".label")) {
                                   column = LabelColumn;
                                   message = tr("Contact method %1: the label is one line.").arg(method + 1);
                               } else if (kind == u"sms") {
                                   message = tr("Contact method %1: enter the address as a phone number in "
                                                "international form, such as +821012345678.").arg(method + 1);
                               } else if (kind == u"email") {
                                   message = tr("Contact method %1: enter the address as an e-mail address.").arg(method + 1);
                               } else {
                                   message = tr("Contact method %1: enter the address as an http or https URL.").arg(method + 1);
                               }
                               m_methods->setCurrentCell(method, column);
                               m_methods->setFocus();
                           } else if (rule >= 0 && rule < m_rules->rowCount()) {
                               const bool minutes = field.endsWith(u"after_minutes");
                               message = minutes ? tr("Rule %1: the delay must be 0 to 1440 minutes.").arg(rule + 1)
                                                 : tr("Rule %1: choose one of the contact methods.").arg(rule + 1);
                               if (QWidget *w = m_rules->cellWidget(rule, minutes ? AfterColumn : MethodColumnOfRule))
                                   w->setFocus();
                           } else {
                               message = Labels::error(reply.errorCode, reply.errorMessage);
                           }
                           setError(message);
                       });
}

} // namespace Vigil
