// Choosing and loading the UI language at start-up.
#pragma once
#include <QLocale>
#include <QString>

class QTranslator;

namespace qb {

/// The UI language chosen in File > Settings, else the one asked for by LANGUAGE, LC_ALL,
/// LC_MESSAGES or LANG (first set wins), else the system's.
QLocale requestedLocale();

/// Installs quantbench_<lang>.qm from `directory` and Qt's own translation for `locale`.
/// Returns our translator (owned by the application), or null if there is none for `locale`.
QTranslator* installTranslations(const QLocale& locale, const QString& directory = QStringLiteral(":/i18n"));

/// Removes (and deletes) every translator installTranslations() installed: the UI is in English.
void removeTranslations();

} // namespace qb
