#include "messageformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Vigil::Channels {

namespace {

bool isPlainHeaderText(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    }
    return !text.contains(u"=?"_s);
}

QString singleLine(QString text)
{
    text.replace(u"\r\n"_s, u" "_s);
    text.replace(u'\r', u' ');
    text.replace(u'\n', u' ');
    return text;
}

} // namespace

QByteArray encodeHeaderText(const QString &text, int used)
{
    const QString line = singleLine(text);
    if (isPlainHeaderText(line))
        return line.toLatin1();
    // A line holds 76 characters (RFC 2047 §2): minus what precedes the word (the header name, or the folding
    // space), minus "=?UTF-8?B?" and "?=", leaves room for so many base64 quads of 3 bytes each. Words are cut
    // between code points so that each decodes on its own (§5).
    const auto bytesPerWord = [](int before) { return std::max(1, (76 - before - 12) / 4) * 3; };
    const QByteArray utf8 = line.toUtf8();
    QByteArray out;
    qsizetype pos = 0;
    while (pos < utf8.size()) {
        qsizetype end = std::min<qsizetype>(pos + bytesPerWord(out.isEmpty() ? used : 1), utf8.size());
        while (end < utf8.size() && end > pos && (static_cast<uchar>(utf8.at(end)) & 0xC0) == 0x80)
            --end;
        if (!out.isEmpty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + utf8.mid(pos, end - pos).toBase64() + "?=";
        pos = end;
    }
    return out;
}

QString mailboxAddress(const QString &mailbox)
{
    const qsizetype open = mailbox.lastIndexOf(u'<');
    const qsizetype close = mailbox.lastIndexOf(u'>');
    if (open >= 0 && close > open)
        return mailbox.mid(open + 1, close - open - 1).trimmed();
    return mailbox.trimmed();
}

bool isValidMailAddress(const QString &address)
{
    if (address.isEmpty() || address.size() > 254 || address.count(u'@') != 1 || address.startsWith(u'@')
        || address.endsWith(u'@'))
        return false;
    for (const QChar c : address) {
        if (c.unicode() <= 0x20 || c == u'<' || c == u'>' || c == u'\x7f' || c == u',')
            return false;
    }
    return true;
}

namespace {

QByteArray fromHeader(const QString &from)
{
    const QString address = mailboxAddress(from);
    const qsizetype open = from.lastIndexOf(u'<');
    QString name = open > 0 ? from.left(open).trimmed() : QString();
    if (name.size() >= 2 && name.startsWith(u'"') && name.endsWith(u'"'))
        name = name.mid(1, name.size() - 2);
    if (name.isEmpty())
        return address.toUtf8();
    if (isPlainHeaderText(name)) {
        name.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
        return '"' + name.toLatin1() + "\" <" + address.toUtf8() + '>';
    }
    return encodeHeaderText(name, 6) + " <" + address.toUtf8() + '>';
}

} // namespace

QByteArray composeEmail(const QString &from, const QString &to, const QString &subject, const QString &text,
                        const QDateTime &date, const QString &messageId)
{
    QString body = text;
    body.replace(u"\r\n"_s, u"\n"_s);
    body.replace(u"\n"_s, u"\r\n"_s);
    if (!body.endsWith(u"\r\n"_s))
        body += u"\r\n"_s;
    const QByteArray encoded = body.toUtf8().toBase64();

    QByteArray m;
    m += "Date: " + QLocale::c().toString(date.toUTC(), u"ddd, dd MMM yyyy HH:mm:ss"_s).toLatin1() + " +0000\r\n";
    m += "From: " + fromHeader(from) + "\r\n";
    m += "To: " + to.toUtf8() + "\r\n";
    m += "Subject: " + encodeHeaderText(subject, 9) + "\r\n";
    m += "Message-ID: <" + messageId.toUtf8() + ">\r\n";
    // RFC 3834: tells auto-responders (vacation replies) not to answer a page.
    m += "Auto-Submitted: auto-generated\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: text/plain; charset=UTF-8\r\n";
    m += "Content-Transfer-Encoding: base64\r\n";
    m += "\r\n";
    for (qsizetype i = 0; i < encoded.size(); i += 76)
        m += encoded.mid(i, 76) + "\r\n";
    return m;
}

namespace {

QString jsonStringContent(const QString &value)
{
    // QJsonDocument does the escaping; the array brackets and quotes around the one string are cut off.
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(2, json.size() - 4));
}

} // namespace

QString expandTemplate(const QString &tmpl, const QHash<QString, QString> &values, Escaping escaping)
{
    QString out;
    out.reserve(tmpl.size());
    qsizetype pos = 0;
    while (pos < tmpl.size()) {
        const qsizetype open = tmpl.indexOf(u'{', pos);
        if (open < 0) {
            out += QStringView(tmpl).mid(pos);
            break;
        }
        out += QStringView(tmpl).mid(pos, open - pos);
        const qsizetype close = tmpl.indexOf(u'}', open + 1);
        const auto it = close < 0 ? values.cend() : values.constFind(tmpl.mid(open + 1, close - open - 1));
        if (it == values.cend()) {
            out += u'{';
            pos = open + 1;
            continue;
        }
        out += escaping == Escaping::Url ? QString::fromLatin1(QUrl::toPercentEncoding(*it))
                                         : jsonStringContent(*it);
        pos = close + 1;
    }
    return out;
}

QJsonObject slackBody(const QString &subject, const QString &text)
{
    const auto escape = [](QString s) -> QString {
        return s.replace(u'&', u"&amp;"_s).replace(u'<', u"&lt;"_s).replace(u'>', u"&gt;"_s);
    };
    QString message;
    if (!subject.isEmpty())
        message = u'*' + escape(singleLine(subject)) + u'*';
    if (!text.isEmpty())
        message += (message.isEmpty() ? QString() : u"\n"_s) + escape(text);
    return QJsonObject{{u"text"_s, message}};
}

} // namespace Vigil::Channels
