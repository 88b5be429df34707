// Switching the UI language while windows are open. Qt asks every widget to retranslate on
// QEvent::LanguageChange, but most of our texts are set once, in code, by tr(): so the texts on
// screen are traced back to their source strings (recorded as tr() asks for them) and set again
// in the new language. Text built with arguments ("Opened %1") is left as it is until shown anew.
#pragma once
#include <QLocale>

namespace qb {

/// Starts recording the source strings tr() is asked for on the GUI thread. Call after
/// installTranslations() and before the first window is built; later calls do nothing.
void installTextRecorder();

/// Installs the translations of `locale` in place of the current ones (installTranslations) and
/// retranslates every open window, dock, dialog, menu, action, table header and plot axis whose
/// text is a source string tr() was asked for; then each widget gets QEvent::LanguageChange for
/// the texts it builds itself.
void switchLanguage(const QLocale& locale);

} // namespace qb
