#pragma once

#include "tickets/ticket.h"

#include <QObject>

#include <memory>

class QSoundEffect;

namespace Vigil {

/// Plays the paging chime. An interface so that tests see what would be played without an audio device.
class ChimePlayer
{
public:
    virtual ~ChimePlayer() = default;
    virtual void play() = 0;
};

/// The chime through Qt Multimedia (:/sounds/page.wav, embedded). The sound is loaded on the first page, so a
/// console that is never paged opens no audio device; with no device (no PulseAudio server) it plays nothing.
class SoundEffectChime final : public ChimePlayer
{
public:
    SoundEffectChime();
    ~SoundEffectChime() override;
    Q_DISABLE_COPY_MOVE(SoundEffectChime)
    void play() override;

private:
    std::unique_ptr<QSoundEffect> m_effect;
    bool m_playWhenReady = false;
};

/// Whether a new P1 or P2 page chimes on this console: the user's choice (Settings → Sound for new pages), kept with
/// QSettings under `SettingsKey`, on by default. Which alerts are news is AlertNotifier's decision; this class only
/// decides whether to make a sound about one, so the rule is testable without widgets or audio.
class PagingSound final : public QObject
{
    Q_OBJECT
public:
    static constexpr QLatin1StringView SettingsKey{"notifications/pageSound"};

    /// Reads the setting; plays through a SoundEffectChime until setPlayer() replaces it.
    explicit PagingSound(QObject *parent = nullptr);
    ~PagingSound() override;
    void setPlayer(std::unique_ptr<ChimePlayer> player);

    [[nodiscard]] bool isEnabled() const { return m_enabled; }
    /// Stores the choice at once, so it holds for every later start of the console.
    void setEnabled(bool enabled);

    /// A new page of this priority arrived: chimes for P1 and P2 while enabled. Returns whether it chimed.
    bool pageArrived(Priority priority);

Q_SIGNALS:
    void enabledChanged(bool enabled);

private:
    std::unique_ptr<ChimePlayer> m_player;
    bool m_enabled;
};

} // namespace Vigil
