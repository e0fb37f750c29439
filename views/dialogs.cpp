#include "dialogs.h"

#include "labels.h"
#include "sync/localcache.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QUrl>
#include <QVBoxLayout>

namespace Vigil {

NewTicketDialog::NewTicketDialog(const LocalCache &cache, QWidget *parent)
    : QDialog(parent), m_summary(new QLineEdit(this)), m_description(new QPlainTextEdit(this)),
      m_type(new QComboBox(this)), m_priority(new QComboBox(this)), m_requesterName(new QLineEdit(this)),
      m_requesterEmail(new QLineEdit(this)), m_assignee(new QComboBox(this)), m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New ticket"));
    // The same limit the server and the cache apply, so a summary that fits here is never refused later, offline.
    m_summary->setMaxLength(200);
    m_summary->setPlaceholderText(tr("One line that says what is wrong"));
    for (auto t : {TicketType::Incident, TicketType::ServiceRequest, TicketType::Question, TicketType::Change})
        m_type->addItem(Labels::type(t), toString(t));
    // Service request and P3 by default: most new tickets are ordinary requests, and an incident or a P1 should be a
    // choice.
    m_type->setCurrentIndex(1);
    for (auto p : {Priority::P1, Priority::P2, Priority::P3, Priority::P4, Priority::P5})
        m_priority->addItem(Labels::priority(p), toString(p));
    m_priority->setCurrentIndex(2);
    m_assignee->addItem(tr("Unassigned"), QString());
    for (const auto &u : cache.users())
        m_assignee->addItem(u.name, u.id);
    m_error->setStyleSheet(QStringLiteral("color: #c62828"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Summary:"), m_summary);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Type:"), m_type);
    form->addRow(tr("&Priority:"), m_priority);
    form->addRow(tr("Requester &name:"), m_requesterName);
    form->addRow(tr("Requester &e-mail:"), m_requesterEmail);
    form->addRow(tr("&Assignee:"), m_assignee);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_summary, &QLineEdit::textChanged, this, &NewTicketDialog::validate);
    connect(m_requesterEmail, &QLineEdit::textChanged, this, &NewTicketDialog::validate);
    validate();
    resize(520, 420);
}

void NewTicketDialog::setSummary(const QString &s) { m_summary->setText(s); }

void NewTicketDialog::validate()
{
    // A loose check on purpose: it catches a typo (no @, no domain) without refusing unusual but valid addresses.
    static const QRegularExpression email(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    QString error;
    if (m_summary->text().trimmed().isEmpty())
        error = tr("A summary is required.");
    else if (!m_requesterEmail->text().isEmpty() && !email.match(m_requesterEmail->text()).hasMatch())
        error = tr("The requester's e-mail address does not look right.");
    m_error->setText(error);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

QJsonObject NewTicketDialog::fields() const
{
    QJsonObject f{{QStringLiteral("summary"), m_summary->text().trimmed()},
                  {QStringLiteral("description"), m_description->toPlainText()},
                  {QStringLiteral("type"), m_type->currentData().toString()},
                  {QStringLiteral("priority"), m_priority->currentData().toString()}};
    if (!m_requesterName->text().isEmpty())
        f.insert(QStringLiteral("requester_name"), m_requesterName->text().trimmed());
    if (!m_requesterEmail->text().isEmpty())
        f.insert(QStringLiteral("requester_email"), m_requesterEmail->text().trimmed());
    if (!m_assignee->currentData().toString().isEmpty())
        f.insert(QStringLiteral("assignee_id"), m_assignee->currentData().toString());
    return f;
}

ConflictDialog::ConflictDialog(const SyncConflict &conflict, const Describe &describe, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Edit conflict"));
    auto *layout = new QVBoxLayout(this);
    const QString key = conflict.theirs.value(conflict.isSchedule ? QStringLiteral("name") : QStringLiteral("key")).toString();
    auto *intro = new QLabel(tr("Someone changed %1 on the server after you edited it. Which version should be kept?")
                                 .arg(key), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("<b>Field</b>"), this), 0, 0);
    grid->addWidget(new QLabel(tr("<b>Mine</b>"), this), 0, 1);
    grid->addWidget(new QLabel(tr("<b>Theirs</b>"), this), 0, 2);
    int row = 1;
    for (const auto &field : conflict.fields) {
        grid->addWidget(new QLabel(Labels::field(field), this), row, 0);
        for (const auto &[side, column] : {std::pair{&conflict.mine, 1}, std::pair{&conflict.theirs, 2}}) {
            auto *value = new QLabel(describe(field, side->value(field)), this);
            // Plain text: both values are user input, and a summary with markup must show as typed.
            value->setTextFormat(Qt::PlainText);
            value->setWordWrap(true);
            grid->addWidget(value, row, column);
        }
        ++row;
    }
    layout->addLayout(grid);
    auto *note = new QLabel(conflict.isSchedule ? tr("Overrides are kept either way: they are saved on their own.")
                                                : tr("Comments are never lost: they are sent either way."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto *buttons = new QDialogButtonBox(this);
    auto *mine = buttons->addButton(tr("Keep &mine"), QDialogButtonBox::AcceptRole);
    auto *theirs = buttons->addButton(tr("Take &theirs"), QDialogButtonBox::RejectRole);
    connect(mine, &QPushButton::clicked, this, [this] { done(KeepMine); });
    connect(theirs, &QPushButton::clicked, this, [this] { done(TakeTheirs); });
    layout->addWidget(buttons);
}

ConnectionDialog::ConnectionDialog(QWidget *parent)
    : QDialog(parent), m_server(new QLineEdit(this)), m_token(new QLineEdit(this)), m_notice(new QLabel(this))
{
    setWindowTitle(tr("Connect to a Vigil server"));
    m_server->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080"));
    // Hidden like a password: a token on screen is a token shared with whoever looks, or a screen recording.
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("vgl_…"));
    m_notice->setWordWrap(true);
    m_notice->setVisible(false);
    auto *form = new QFormLayout;
    form->addRow(tr("&Server URL:"), m_server);
    form->addRow(tr("Access &token:"), m_token);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_notice);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Says what is missing instead of only greying out Connect.
    auto *hint = new QLabel(this);
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    layout->insertWidget(1, hint);
    const auto check = [this, buttons, hint] {
        const QUrl url(m_server->text().trimmed(), QUrl::StrictMode);
        const bool urlOk = url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") && !url.host().isEmpty();
        const bool tokenOk = !m_token->text().trimmed().isEmpty();
        if (!urlOk)
            hint->setText(tr("Enter the server's address with http:// or https://, for example http://127.0.0.1:8080."));
        else if (!tokenOk)
            hint->setText(tr("Enter an access token. An administrator creates one with: vigild token create NAME"));
        else
            hint->clear();
        hint->setVisible(!urlOk || !tokenOk);
        buttons->button(QDialogButtonBox::Ok)->setEnabled(urlOk && tokenOk);
    };
    connect(m_server, &QLineEdit::textChanged, this, check);
    connect(m_token, &QLineEdit::textChanged, this, check);
    check();
    resize(460, 160);
}

void ConnectionDialog::setServer(const QString &url) { m_server->setText(url); }
void ConnectionDialog::setToken(const QString &token) { m_token->setText(token); }
void ConnectionDialog::setNotice(const QString &notice)
{
    m_notice->setText(notice);
    m_notice->setVisible(!notice.isEmpty());
}
QString ConnectionDialog::server() const { return m_server->text().trimmed(); }
QString ConnectionDialog::token() const { return m_token->text().trimmed(); }

} // namespace Vigil
