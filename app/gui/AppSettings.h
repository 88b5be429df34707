// The user's preferences (File > Settings), kept with QSettings under "settings/".
#pragma once
#include <QString>

namespace qb {

struct AppSettings {
    enum class Theme { System, Light, Dark };

    QString language;            ///< "" follows the system; else a locale name ("de", "zh_CN", "en")
    int threads = 0;             ///< worker threads of a job (core loops and oneDNN); 0 = all cores
    int calibrationSamples = 64; ///< Model > Calibrate's starting sample count
    QString modelFolder;         ///< where Open starts before a model was opened; "" = home
    QString dataFolder;          ///< where the data choosers start when no data is set yet
    Theme theme = Theme::System;
    int autosaveMinutes = 5;     ///< how often unsaved projects are autosaved (Autosave.h); 0 = never

    static AppSettings load();
    void save() const;

    /// `remembered` (the last folder used) if set, else modelFolder.
    QString modelStartFolder(const QString& remembered) const;
    /// `current` (the data field's text) if set, else dataFolder.
    QString dataStartFolder(const QString& current) const;
};

/// Fusion with a light or dark palette, or the style and palette the application started with.
/// Takes effect at once, for every open window.
void applyTheme(AppSettings::Theme theme);

} // namespace qb
