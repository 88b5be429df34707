// File > Open Recent: the last opened models, kept in QSettings.
#pragma once
#include <QObject>
#include <QStringList>

class QMenu;

namespace qb {

/// The most recently opened paths (newest first, at most kMax) and the menu that lists them.
class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMax = 10;

    /// Fills `menu` now and whenever the list changes.
    explicit RecentFiles(QMenu* menu, QObject* parent = nullptr);

    /// Moves `path` to the top of the list and saves it.
    void add(const QString& path);
    void clear();
    QStringList paths() const;

signals:
    void openRequested(const QString& path);

private:
    void save(const QStringList& paths);
    void rebuildMenu();

    QMenu* menu_;
};

} // namespace qb
