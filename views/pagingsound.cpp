#include "pagingsound.h"

#include <QSettings>
#include <QSoundEffect>
#include <QUrl>

#include <utility>

namespace Vigil {

SoundEffectChime::SoundEffectChime() = default;
SoundEffectChime::~SoundEffectChime() = default;

void SoundEffectChime::play()
{
    if (!m_effect) {
        m_effect = std::make_unique<QSoundEffect>();
        // The WAV loads within milliseconds, but asynchronously: a page that comes while it loads plays once it is
        // ready rather than being lost.
        QObject::connect(m_effect.get(), &QSoundEffect::statusChanged, m_effect.get(), [this] {
            if (m_effect->status() == QSoundEffect::Ready && std::exchange(m_playWhenReady, false))
                m_effect->play();
        });
        m_effect->setSource(QUrl(QStringLiteral("qrc:/sounds/page.wav")));
    }
    if (m_effect->status() == QSoundEffect::Ready)
        m_effect->play();
    else
        m_playWhenReady = true;
}

PagingSound::PagingSound(QObject *parent)
    : QObject(parent), m_player(std::make_unique<SoundEffectChime>()),
      m_enabled(QSettings().value(SettingsKey, true).toBool())
{
}

PagingSound::~PagingSound() = default;

void PagingSound::setPlayer(std::unique_ptr<ChimePlayer> player) { m_player = std::move(player); }

void PagingSound::setEnabled(bool enabled)
{
    if (enabled == m_enabled)
        return;
    m_enabled = enabled;
    QSettings().setValue(SettingsKey, enabled);
    Q_EMIT enabledChanged(enabled);
}

bool PagingSound::pageArrived(Priority priority)
{
    if (!m_enabled || (priority != Priority::P1 && priority != Priority::P2) || !m_player)
        return false;
    m_player->play();
    return true;
}

} // namespace Vigil
