// QB_SCREENSHOT_DIR=<folder> keeps pictures of what the GUI tests show, for a person to look at
// (README: "Screenshots"). Unset, nothing is grabbed or written.
#pragma once
#include <QDir>
#include <QImage>
#include <QString>
#include <QWidget>

namespace qb::test {

/// The folder pictures go to (made if missing), or empty when QB_SCREENSHOT_DIR is unset.
inline QString screenshotDir() {
    const QString dir = qEnvironmentVariable("QB_SCREENSHOT_DIR");
    if (!dir.isEmpty()) QDir().mkpath(dir);
    return dir;
}

/// Saves `picture` as screenshotDir()/name; true when saved or not wanted.
inline bool saveScreenshot(const QImage& picture, const QString& name) {
    const QString dir = screenshotDir();
    return dir.isEmpty() || picture.save(QDir(dir).filePath(name));
}

/// Saves what `widget` shows as screenshotDir()/name; true when saved or not wanted.
inline bool saveScreenshot(QWidget* widget, const QString& name) {
    return screenshotDir().isEmpty() || saveScreenshot(widget->grab().toImage(), name);
}

} // namespace qb::test
