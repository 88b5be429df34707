#include "core/datasets/idx_dataset.h"

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "core/util/error.h"

namespace qb {
namespace fs = std::filesystem;

namespace {

using GzFile = std::unique_ptr<gzFile_s, decltype(&gzclose)>;

// gzread reads both compressed and raw files; returns bytes read (short only at end of file).
size_t readSome(gzFile f, const std::string& path, uint8_t* dst, size_t n) {
    size_t got = 0;
    while (got < n) {
        const unsigned chunk = unsigned(std::min<size_t>(n - got, size_t(1) << 24));
        const int r = gzread(f, dst + got, chunk);
        if (r < 0) {
            int code = 0;
            std::string msg = gzerror(f, &code) ? gzerror(f, &code) : "zlib error";
            if (msg.starts_with(path + ": ")) msg.erase(0, path.size() + 2); // zlib names the file too
            throw Error(path, "cannot decompress: " + msg + " (after " +
                                  std::to_string(got) + " bytes of the header/data part being read)");
        }
        if (r == 0) break;
        got += size_t(r);
    }
    return got;
}

uint32_t bigEndian(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

// The one file in `dir` whose name holds `marker`; empty when none does.
std::string findIn(const fs::path& dir, const std::string& marker) {
    std::vector<std::string> hits;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file(ec) && name.find(marker) != std::string::npos) hits.push_back(e.path().string());
    }
    if (ec) throw Error(dir.string(), "cannot list folder: " + ec.message());
    std::sort(hits.begin(), hits.end());
    if (hits.size() > 1) { // a torchvision-style folder holds train and t10k; evaluation wants the test split
        std::vector<std::string> test;
        for (const auto& h : hits)
            if (fs::path(h).filename().string().rfind("t10k", 0) == 0) test.push_back(h);
        if (test.size() == 1) return test[0];
        std::string list;
        for (const auto& h : hits) list += (list.empty() ? "" : ", ") + fs::path(h).filename().string();
        throw Error(dir.string(), "several files match *" + marker + "*: " + list + "; pass the images file");
    }
    return hits.empty() ? std::string() : hits[0];
}

} // namespace

IdxArray readIdx(const std::string& path) {
    GzFile f(gzopen(path.c_str(), "rb"), &gzclose);
    if (!f) throw Error(path, "cannot open");
    uint8_t head[4];
    if (readSome(f.get(), path, head, 4) != 4) throw Error(path, "too short for an IDX header (4 bytes)");
    if (head[0] != 0 || head[1] != 0)
        throw Error(path, "not an IDX file: magic starts with " + std::to_string(head[0]) + "," + std::to_string(head[1]) +
                              " instead of 0,0 (offset 0)");
    if (head[2] != 0x08)
        throw Error(path, "IDX element type 0x" + std::string(1, "0123456789abcdef"[head[2] >> 4]) +
                              std::string(1, "0123456789abcdef"[head[2] & 15]) +
                              " is not supported (only unsigned bytes, 0x08) (offset 2)");
    const int ndims = head[3];
    if (ndims < 1) throw Error(path, "IDX header declares 0 dimensions (offset 3)");
    std::vector<uint8_t> dimBytes(size_t(ndims) * 4);
    if (readSome(f.get(), path, dimBytes.data(), dimBytes.size()) != dimBytes.size())
        throw Error(path, "header ends inside the " + std::to_string(ndims) + " dimension sizes (offset 4)");
    IdxArray a;
    uint64_t total = 1;
    for (int d = 0; d < ndims; ++d) {
        const uint32_t v = bigEndian(dimBytes.data() + 4 * d);
        a.dims.push_back(v);
        if (__builtin_mul_overflow(total, uint64_t(v), &total) || total > (uint64_t(1) << 36))
            throw Error(path, "dimension sizes multiply past 64 GiB (offset " + std::to_string(4 + 4 * d) + ")");
    }
    // Grow as data arrives, so a lying header cannot make us allocate what the file does not hold.
    const size_t dataStart = 4 + dimBytes.size();
    size_t have = 0;
    while (have < total) {
        const size_t want = size_t(std::min<uint64_t>(total - have, uint64_t(1) << 24));
        a.data.resize(have + want);
        const size_t got = readSome(f.get(), path, a.data.data() + have, want);
        have += got;
        if (got < want)
            throw Error(path, "truncated: the header promises " + std::to_string(total) + " data bytes, the file holds " +
                                  std::to_string(have) + " (offset " + std::to_string(dataStart + have) + ")");
    }
    uint8_t extra;
    if (readSome(f.get(), path, &extra, 1) != 0)
        throw Error(path, "has bytes after the " + std::to_string(total) + " data bytes the header declares (offset " +
                              std::to_string(dataStart + total) + ")");
    return a;
}

ImageDataset readIdxDataset(const std::string& path) {
    ImageDataset d;
    std::string labelsPath, missing; // the labels file, or why there is none
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        d.imagesPath = findIn(path, "images-idx3-ubyte");
        if (d.imagesPath.empty()) throw Error(path, "no *images-idx3-ubyte* file (MNIST-style IDX data) in this folder");
        labelsPath = findIn(path, "labels-idx1-ubyte");
        missing = "no *labels-idx1-ubyte[.gz] file in " + path;
    } else {
        d.imagesPath = path;
        const fs::path p(path);
        std::string name = p.filename().string();
        const auto at = name.find("images-idx3");
        if (at == std::string::npos)
            throw Error(path, "expected a folder or an '*images-idx3-ubyte[.gz]' file (its labels file is found beside it)");
        name.replace(at, 11, "labels-idx1");
        if (fs::exists(p.parent_path() / name, ec)) labelsPath = (p.parent_path() / name).string();
        missing = "no labels file " + name + " beside it";
    }
    IdxArray images = readIdx(d.imagesPath);
    if (images.dims.size() != 3) throw Error(d.imagesPath, "images need 3 dimensions (count, rows, cols), found " +
                                                          std::to_string(images.dims.size()));
    if (images.dims[1] == 0 || images.dims[2] == 0) throw Error(d.imagesPath, "images have a zero-sized side");
    d.count = images.dims[0];
    d.rows = images.dims[1];
    d.cols = images.dims[2];
    d.pixels = std::move(images.data);
    if (labelsPath.empty()) {
        d.labelsHint = missing;
        return d;
    }

    const IdxArray labels = readIdx(labelsPath);
    if (labels.dims.size() != 1) throw Error(labelsPath, "labels need 1 dimension, found " + std::to_string(labels.dims.size()));
    if (images.dims[0] != labels.dims[0])
        throw Error(labelsPath, "holds " + std::to_string(labels.dims[0]) + " labels for " + std::to_string(images.dims[0]) +
                                    " images in " + d.imagesPath);
    d.labelsPath = labelsPath;
    d.labels.assign(labels.data.begin(), labels.data.end());
    return d;
}

} // namespace qb
