// The resume journal of a quantize run: a folder beside the output ("P.qbproj.partial") holding a
// manifest with the fingerprint of the run's inputs and one file per finished layer, so a run cut
// short (cancel, SIGINT, kill -9, power loss) continues where it stopped when started again with
// the same inputs. Each file is written to a temporary name, fsync'ed and renamed, so a kill
// leaves only whole entries; an entry is still checked (checksum, name, scheme, size) before it
// is used, and one that fails is quantized again.
#pragma once
#include <cstddef>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/quantized_layer.h"
#include "core/quant/plan.h"
#include "core/util/job.h"

namespace qb::pipeline {

/// The journal folder of output `path`.
std::string journalPath(const std::string& path);

class QuantizeJournal {
public:
    /// Opens (or starts) the journal `dir` for a run over `plan` whose inputs hash to
    /// `fingerprint`. A journal made for other inputs, without a readable manifest, or any journal
    /// when `resume` is false, is removed and started afresh; `notes()` says which. Entries are
    /// checked here (every byte read once) and those that fail are removed. Throws qb::Error(dir, ...)
    /// when the folder cannot be made; `job` gets record()'s complaints.
    QuantizeJournal(std::string dir, std::string fingerprint, std::span<const quant::LayerPlan> plan, bool resume,
                    const JobContext& job = {});

    /// Entries that passed the checks at opening.
    size_t available() const { return available_.size(); }
    /// What happened to an old journal ("discarded: made for other inputs", "entry ... ignored").
    const std::vector<std::string>& notes() const { return notes_; }

    /// The layer of plan entry `lp` from the journal, checked again as it is read; nullopt when
    /// there is none or it fails (it is then quantized again and rewritten).
    std::optional<quant::QuantizedLayer> take(const quant::LayerPlan& lp);
    /// Layers take() returned.
    size_t taken() const { return taken_; }

    /// Writes `layer` as an entry (temporary file, fsync, rename, fsync of the folder) unless it
    /// came from the journal. Never throws: a journal that cannot be written (disk full, folder
    /// gone) is reported once ("journal: ...; this run cannot be resumed") and left alone.
    void record(const quant::QuantizedLayer& layer);

    /// Removes the folder (after the project was committed). Never throws.
    void remove() noexcept;

private:
    std::string dir_, fingerprint_;
    JobContext job_;
    bool broken_ = false;
    std::vector<std::string> notes_;
    std::set<std::string> available_; ///< layer names with a checked entry
    std::vector<std::string> names_;  ///< plan position -> layer name (entries are named by position)
    size_t taken_ = 0;
};

/// Serializes a layer of the run `fingerprint` as a journal entry: magic, length, fields (the
/// fingerprint first), FNV-1a checksum.
std::string encodeJournalEntry(const quant::QuantizedLayer& layer, std::string_view fingerprint);
/// Parses and checks an entry for plan entry `lp` of the run `fingerprint`; nullopt with `why` set
/// when it is not whole, its checksum fails, it was made for other inputs, or its name, scheme,
/// shape or byte count is not what `lp` makes.
std::optional<quant::QuantizedLayer> decodeJournalEntry(std::string_view bytes, const quant::LayerPlan& lp,
                                                        std::string_view fingerprint, std::string& why);

} // namespace qb::pipeline
