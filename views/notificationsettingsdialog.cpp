#include "notificationsettingsdialog.h"

#include "editorsupport.h"
#include "labels.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Vigil {

namespace {
enum MethodColumn { TypeColumn, AddressColumn, LabelColumn };
enum RuleColumn { AfterColumn, MethodColumnOfRule };
} // namespace

NotificationSettingsDialog::NotificationSettingsDialog(SyncEngine *engine, QWidget *parent)
    : QDialog(parent), m_api(engine), m_methods(new QTableWidget(0, 3, this)), m_rules(new QTableWidget(0, 2, this)),
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
    // Until the settings are loaded the tables are empty, and saving them would erase what the server has.
    m_save->setEnabled(false);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &NotificationSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(addMethodButton, &QPushButton::clicked, this, [this] { addMethod(); });
    connect(removeMethodButton, &QPushButton::clicked, this, &NotificationSettingsDialog::removeMethod);
    connect(addRuleButton, &QPushButton::clicked, this, [this] { addRule(); });
    connect(removeRuleButton, &QPushButton::clicked, this, &NotificationSettingsDialog::removeRule);
    // Rules show their method by number, type and address: an address typed in the table must show in them at once.
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
    if (!m_api.isOnline())
        return setError(tr("You are offline: changes to your notifications need the server."));
    m_api.notificationSettings(this, [this](const ApiResult<NotificationSettings> &result) {
        if (!result.ok())
            return setError(result.error().offline()
                                ? tr("You are offline: changes to your notifications need the server.")
                                : Labels::error(result.error().code, result.error().message));
        m_methods->setRowCount(0);
        m_rules->setRowCount(0);
        // Methods first: each rule's combo box lists the methods and selects its own by id.
        for (const ContactMethod &m : result.value().contactMethods)
            addMethod(m.type, m.address, m.label, m.id);
        for (const NotificationRule &r : result.value().rules)
            addRule(r.afterMinutes, r.contactMethodId);
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
    // A new method gets its id here, not from the server: rules can then name it before it was ever saved, and PUT
    // keeps it.
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
    // The choice is kept by id on the combo box itself, since its items are rebuilt whenever a method changes.
    method->setProperty("methodId", methodId.isEmpty() && m_methods->rowCount() > 0 ? this->methodId(0) : methodId);
    m_rules->setCellWidget(row, MethodColumnOfRule, method);
    // activated, not currentIndexChanged: only the user's choice counts, not the rebuilding of the list.
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
        // A removed method leaves its rules without a choice (-1) rather than silently moving them to another method;
        // saving then names the rule to fix.
        combo->setCurrentIndex(combo->findData(chosen));
    }
}

NotificationSettings NotificationSettingsDialog::edited() const
{
    NotificationSettings settings;
    for (int row = 0; row < m_methods->rowCount(); ++row) {
        const auto *type = qobject_cast<QComboBox *>(m_methods->cellWidget(row, TypeColumn));
        const QTableWidgetItem *address = m_methods->item(row, AddressColumn);
        const QTableWidgetItem *label = m_methods->item(row, LabelColumn);
        settings.contactMethods.append({methodId(row), type ? type->currentData().toString() : QString(),
                                        address ? address->text().trimmed() : QString(),
                                        label ? label->text().trimmed() : QString()});
    }
    for (int row = 0; row < m_rules->rowCount(); ++row) {
        const auto *after = qobject_cast<QSpinBox *>(m_rules->cellWidget(row, AfterColumn));
        const auto *method = qobject_cast<QComboBox *>(m_rules->cellWidget(row, MethodColumnOfRule));
        settings.rules.append({after ? after->value() : 0, method ? method->currentData().toString() : QString()});
    }
    return settings;
}

void NotificationSettingsDialog::accept()
{
    if (!m_api.isOnline())
        return setError(tr("You are offline: changes to your notifications need the server."));
    setError({});
    m_save->setEnabled(false);
    m_api.saveNotificationSettings(edited(), this, [this](const ApiResult<Ok> &result) {
        m_save->setEnabled(true);
        if (result.ok())
            return QDialog::accept();
        showError(result.error());
    });
}

void NotificationSettingsDialog::showError(const ApiError &error)
{
    // The server names the row by its index in what was sent, which is the row on screen: the tables were sent in
    // their order.
    const QString field = error.field;
    const int method = indexIn(field, QStringLiteral("contact_methods"));
    const int rule = indexIn(field, QStringLiteral("notification_rules"));
    QString message;
    if (error.offline()) {
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
        message = Labels::error(error.code, error.message);
    }
    setError(message);
}

} // namespace Vigil
