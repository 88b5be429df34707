#include "core/pipeline/quantize_journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>

#include "core/domain/scheme.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb::pipeline {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'Q', 'B', 'J', 'L', 'A', 'Y', 'R', '1'};
constexpr const char* kManifest = "manifest";
constexpr const char* kManifestHead = "quantbench quantize journal 1";

// FNV-1a of `bytes` continued from `h` (a run of pieces hashes as their concatenation).
uint64_t fnv1a(std::string_view bytes, uint64_t h = 0xcbf29ce484222325ull) {
    for (const char c : bytes) {
        h ^= uint8_t(c);
        h *= 0x100000001b3ull;
    }
    return h;
}

template <class T>
void put(std::string& out, const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void putText(std::string& out, std::string_view s) {
    put(out, uint64_t(s.size()));
    out.append(s);
}

// Reads fields off an entry; any read past its end makes it not ok.
struct Cursor {
    std::string_view rest;
    bool ok = true;
    template <class T>
    T get() {
        T v{};
        if (rest.size() < sizeof v) return ok = false, v;
        std::memcpy(&v, rest.data(), sizeof v);
        rest.remove_prefix(sizeof v);
        return v;
    }
    std::string_view bytes(uint64_t n) {
        if (!ok || rest.size() < n) return ok = false, std::string_view{};
        const std::string_view s = rest.substr(0, size_t(n));
        rest.remove_prefix(size_t(n));
        return s;
    }
    std::string_view text() { return bytes(get<uint64_t>()); }
};

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void syncPath(const fs::path& p, int flags) {
    const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// Temporary file, fsync, rename, fsync of the folder: after a crash the file is whole or absent.
// The file is `pieces` one after the other, written as they are (a layer's bytes are not copied).
void writeDurably(const fs::path& dir, const std::string& name, std::initializer_list<std::string_view> pieces) {
    // Named by process, so two runs on one output never write into each other's file.
    const fs::path temp = dir / (name + ".tmp-" + std::to_string(::getpid())), target = dir / name;
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(dir.string(), "cannot write '" + temp.filename().string() + "': " + std::strerror(errno));
    for (const std::string_view bytes : pieces)
        for (size_t done = 0; done < bytes.size();) {
            const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                const std::string why = std::strerror(errno);
                ::close(fd);
                throw Error(dir.string(), "cannot write '" + temp.filename().string() + "': " + why);
            }
            done += size_t(n);
        }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) throw Error(dir.string(), "cannot sync '" + temp.filename().string() + "': " + std::strerror(errno));
    std::error_code ec;
    fs::rename(temp, target, ec);
    if (ec) throw Error(dir.string(), "cannot rename '" + temp.filename().string() + "': " + ec.message());
    syncPath(dir, O_RDONLY | O_DIRECTORY);
}

// An entry in three pieces: magic, length and the fields before the weight's bytes; the weight's
// bytes themselves (a view of the layer); the fields after and the checksum. A 70B model's fp16
// embedding is 0.5 GB: built whole as one string (and grown) it took three times that.
struct EntryPieces {
    std::string head;
    std::string_view weight;
    std::string tail;
};

EntryPieces entryPieces(const quant::QuantizedLayer& l, std::string_view fingerprint) {
    EntryPieces e;
    std::string before;
    putText(before, fingerprint);
    putText(before, l.name);
    putText(before, l.method);
    putText(before, l.weight.scheme ? std::string_view(l.weight.scheme->name) : std::string_view{});
    put(before, int64_t(l.weight.rows));
    put(before, int64_t(l.weight.cols));
    e.weight = std::string_view(reinterpret_cast<const char*>(l.weight.bytes.data()), l.weight.bytes.size());
    put(before, uint64_t(e.weight.size())); // the weight is a text field: its length, then its bytes
    putText(e.tail, std::string_view(reinterpret_cast<const char*>(l.inputScale.data()), l.inputScale.size() * sizeof(float)));
    const quant::ActivationQuant a = l.activation.value_or(quant::ActivationQuant{});
    put(e.tail, uint8_t(l.activation.has_value()));
    put(e.tail, int32_t(a.bits));
    put(e.tail, a.scale);
    put(e.tail, int32_t(a.zero));
    put(e.tail, uint8_t(a.isUnsigned));
    e.head.assign(kMagic, sizeof kMagic);
    put(e.head, uint64_t(before.size() + e.weight.size() + e.tail.size()));
    e.head += before;
    const uint64_t checksum = fnv1a(e.tail, fnv1a(e.weight, fnv1a(before))); // of the body: before, weight, tail
    put(e.tail, checksum);
    return e;
}

std::string entryName(size_t position) {
    char name[32];
    std::snprintf(name, sizeof name, "layer-%06zu", position);
    return name;
}

std::string manifestText(const std::string& fingerprint, size_t layers) {
    return std::string(kManifestHead) + "\nfingerprint " + fingerprint + "\nlayers " + std::to_string(layers) + "\n";
}

} // namespace

std::string journalPath(const std::string& path) { return path + ".partial"; }

std::string encodeJournalEntry(const quant::QuantizedLayer& l, std::string_view fingerprint) {
    const EntryPieces e = entryPieces(l, fingerprint);
    return e.head + std::string(e.weight) + e.tail;
}

namespace {

// Mapped entries are walked in parts whose pages are dropped behind them (MappedFile::releasePages;
// a no-op for bytes in memory): otherwise the whole entry stays resident beside its copy.
constexpr size_t kPart = size_t(16) << 20;

void releasePages(std::string_view bytes) {
    MappedFile::releasePages(std::span(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()));
}

uint64_t checksumReleasing(std::string_view body) {
    uint64_t h = fnv1a({});
    for (size_t at = 0; at < body.size(); at += kPart) {
        const std::string_view part = body.substr(at, kPart);
        h = fnv1a(part, h);
        releasePages(part);
    }
    return h;
}

// An entry's fields as views of its bytes: checking an entry copies nothing (a 70B model's layer
// is up to 1 GB).
struct EntryView {
    std::string_view name, method, scheme, weight, scale;
    const quant::Scheme* found = nullptr; ///< the scheme named `scheme`
    int64_t rows = 0, cols = 0;
    bool hasActivation = false;
    quant::ActivationQuant activation;
};

std::optional<EntryView> parseEntry(std::string_view bytes, const quant::LayerPlan& lp, std::string_view fingerprint,
                                    std::string& why) {
    Cursor c{bytes};
    const std::string_view magic = c.bytes(sizeof kMagic);
    const auto length = c.get<uint64_t>();
    if (!c.ok || magic != std::string_view(kMagic, sizeof kMagic)) return why = "not a journal entry", std::nullopt;
    if (c.rest.size() != length + sizeof(uint64_t))
        return why = "holds " + std::to_string(bytes.size()) + " bytes, its header says " +
                     std::to_string(length + sizeof kMagic + 2 * sizeof(uint64_t)),
               std::nullopt;
    const std::string_view body = c.bytes(length);
    if (c.get<uint64_t>() != checksumReleasing(body)) return why = "checksum mismatch", std::nullopt;

    Cursor b{body};
    if (b.text() != fingerprint) return why = "made for other inputs", std::nullopt;
    EntryView e;
    e.name = b.text();
    e.method = b.text();
    e.scheme = b.text();
    e.rows = b.get<int64_t>();
    e.cols = b.get<int64_t>();
    e.weight = b.text();
    e.scale = b.text();
    e.hasActivation = b.get<uint8_t>() != 0;
    e.activation.bits = b.get<int32_t>();
    e.activation.scale = b.get<float>();
    e.activation.zero = b.get<int32_t>();
    e.activation.isUnsigned = b.get<uint8_t>() != 0;
    if (!b.ok || !b.rest.empty()) return why = "fields do not fit its length", std::nullopt;
    if (e.name != lp.name) return why = "holds layer '" + std::string(e.name) + "'", std::nullopt;
    e.found = quant::findScheme(std::string(e.scheme));
    if (!e.found || !lp.scheme || e.scheme != lp.scheme->name)
        return why = "scheme " + std::string(e.scheme) + " is not the plan's", std::nullopt;
    const auto expected = quant::sizeBytes(*e.found, e.rows, e.cols);
    if (e.rows != lp.rows || e.cols != lp.cols || !expected || *expected != e.weight.size() ||
        e.scale.size() % sizeof(float) != 0)
        return why = "shape or size does not match the plan", std::nullopt;
    return e;
}

// An entry file mapped, not read: read through a stringstream a layer took two copies. Null
// when it cannot be mapped (then it is damaged like any other unreadable entry).
std::shared_ptr<const MappedFile> mapEntry(const fs::path& p) {
    try {
        return MappedFile::open(p.string());
    } catch (const Error&) {
        return nullptr;
    }
}

std::string_view viewOf(const MappedFile* f) {
    return f ? std::string_view(reinterpret_cast<const char*>(f->data()), size_t(f->size())) : std::string_view{};
}

} // namespace

std::optional<quant::QuantizedLayer> decodeJournalEntry(std::string_view bytes, const quant::LayerPlan& lp,
                                                        std::string_view fingerprint, std::string& why) {
    const std::optional<EntryView> e = parseEntry(bytes, lp, fingerprint, why);
    if (!e) return std::nullopt;
    quant::QuantizedLayer l;
    l.name = e->name;
    l.method = e->method;
    l.weight.scheme = e->found;
    l.weight.rows = e->rows;
    l.weight.cols = e->cols;
    l.weight.bytes.resize(e->weight.size());
    for (size_t at = 0; at < e->weight.size(); at += kPart) {
        const std::string_view part = e->weight.substr(at, kPart);
        std::memcpy(l.weight.bytes.data() + at, part.data(), part.size());
        releasePages(part);
    }
    l.inputScale.resize(e->scale.size() / sizeof(float));
    // Most layers have no input scales: an empty vector's data() may be null, and memcpy from or
    // to a null pointer is undefined even for 0 bytes (UBSan stopped every resume on it).
    if (!e->scale.empty()) std::memcpy(l.inputScale.data(), e->scale.data(), e->scale.size());
    if (e->hasActivation) l.activation = e->activation;
    return l;
}

QuantizeJournal::QuantizeJournal(std::string dir, std::string fingerprint, std::span<const quant::LayerPlan> plan,
                                 bool resume, const JobContext& job)
    : dir_(std::move(dir)), fingerprint_(std::move(fingerprint)), job_(job) {
    for (const quant::LayerPlan& lp : plan) names_.push_back(lp.name);
    const std::string manifest = manifestText(fingerprint_, plan.size());
    std::error_code ec;
    if (fs::exists(dir_, ec)) {
        const bool same = fs::is_directory(dir_, ec) && readFile(fs::path(dir_) / kManifest) == manifest;
        if (!resume || !same) {
            notes_.push_back("journal " + dir_ + ": discarded (" +
                             (!resume ? std::string("--no-resume") : std::string("made for other inputs")) + ")");
            fs::remove_all(dir_, ec);
            if (ec) throw Error(dir_, "cannot remove the old journal: " + ec.message());
        }
    }
    if (!fs::exists(dir_, ec)) {
        fs::create_directory(dir_, ec);
        if (ec) throw Error(dir_, "cannot create the journal: " + ec.message());
        writeDurably(dir_, kManifest, {manifest});
        return;
    }
    for (size_t k = 0; k < plan.size(); ++k) {
        const fs::path entry = fs::path(dir_) / entryName(k);
        if (!fs::exists(entry, ec)) continue;
        std::string why;
        const auto mapped = mapEntry(entry);
        if (parseEntry(viewOf(mapped.get()), plan[k], fingerprint_, why)) {
            available_.insert(plan[k].name);
        } else {
            notes_.push_back("journal entry " + entry.string() + " (" + plan[k].name + ") ignored: " + why);
            fs::remove(entry, ec);
        }
    }
}

std::optional<quant::QuantizedLayer> QuantizeJournal::take(const quant::LayerPlan& lp) {
    if (!available_.count(lp.name)) return std::nullopt;
    for (size_t k = 0; k < names_.size(); ++k) {
        if (names_[k] != lp.name) continue;
        std::string why;
        const auto mapped = mapEntry(fs::path(dir_) / entryName(k));
        auto l = decodeJournalEntry(viewOf(mapped.get()), lp, fingerprint_, why);
        if (!l) break;
        ++taken_;
        return l;
    }
    available_.erase(lp.name); // changed since it was checked: quantized again, rewritten by record()
    return std::nullopt;
}

void QuantizeJournal::record(const quant::QuantizedLayer& layer) {
    if (broken_ || available_.count(layer.name)) return;
    for (size_t k = 0; k < names_.size(); ++k)
        if (names_[k] == layer.name) {
            try {
                const EntryPieces e = entryPieces(layer, fingerprint_);
                writeDurably(dir_, entryName(k), {e.head, e.weight, e.tail});
                available_.insert(layer.name);
            } catch (const Error& e) {
                // The journal only helps a later run: the quantization goes on without it.
                broken_ = true;
                job_.report(0, std::string("journal: ") + e.what() + "; this run cannot be resumed");
            }
            return;
        }
}

void QuantizeJournal::remove() noexcept {
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

} // namespace qb::pipeline
