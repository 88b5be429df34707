#include "core/datasets/image_dataset.h"

#include <algorithm>
#include <filesystem>

#include "core/datasets/idx_dataset.h"
#include "core/datasets/image_decode.h"
#include "core/datasets/npy_file.h"
#include "core/util/error.h"

namespace qb {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::vector<fs::path> sortedEntries(const fs::path& dir, bool folders) {
    std::vector<fs::path> r;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (folders ? e.is_directory(ec) : e.is_regular_file(ec)) r.push_back(e.path());
    if (ec) throw Error(dir.string(), "cannot list folder: " + ec.message());
    std::sort(r.begin(), r.end());
    return r;
}

std::vector<int64_t> labelsOf(const NpyArray& a, const std::string& where) {
    if (a.shape.size() == 1) return a.toInt(where);
    if (a.shape.size() != 2 || a.shape[1] < 1)
        throw Error(where, "labels must be [N] class indices or [N,K] one-hot rows, not rank " + std::to_string(a.shape.size()));
    const auto f = a.toFloat();
    const int64_t k = a.shape[1];
    std::vector<int64_t> r(size_t(a.shape[0]));
    for (int64_t n = 0; n < a.shape[0]; ++n) {
        int64_t hot = -1;
        for (int64_t j = 0; j < k; ++j) {
            const float v = f[size_t(n * k + j)];
            if (v == 1.f && hot < 0) hot = j;
            else if (v != 0.f) hot = -2;
        }
        if (hot < 0) throw Error(where, "row " + std::to_string(n) + " is not one-hot");
        r[size_t(n)] = hot;
    }
    return r;
}

// y null: images without labels.
ImageDataset fromArrays(const NpyArray& x, const NpyArray* y, const std::string& xWhere, const std::string& yWhere) {
    ImageDataset d;
    d.imagesPath = xWhere;
    const auto& s = x.shape;
    if (s.size() < 2 || s.size() > 4)
        throw Error(xWhere, "images must be [N,F], [N,H,W], [N,H,W,C] or [N,C,H,W], not rank " + std::to_string(s.size()));
    for (const int64_t v : s)
        if (v == 0) throw Error(xWhere, "the image array has a zero-sized dimension");
    d.count = s[0];
    bool nchw = false;
    if (s.size() == 2) {
        d.rows = d.cols = 1;
        d.channels = s[1];
    } else if (s.size() == 3) {
        d.rows = s[1];
        d.cols = s[2];
    } else {
        nchw = (s[1] == 1 || s[1] == 3) && s[3] != 1 && s[3] != 3;
        d.rows = nchw ? s[2] : s[1];
        d.cols = nchw ? s[3] : s[2];
        d.channels = nchw ? s[1] : s[3];
    }
    if (x.kind == 'u' && x.itemSize == 1) d.pixels = x.bytes;
    else d.values = x.toFloat();
    if (nchw) { // to channels last
        const int64_t hw = d.rows * d.cols, C = d.channels;
        const auto toHwc = [&](auto& v) {
            auto src = v;
            for (int64_t n = 0; n < d.count; ++n)
                for (int64_t c = 0; c < C; ++c)
                    for (int64_t p = 0; p < hw; ++p) v[size_t((n * hw + p) * C + c)] = src[size_t((n * C + c) * hw + p)];
        };
        if (d.values.empty()) toHwc(d.pixels);
        else toHwc(d.values);
    }
    if (!y) return d;
    d.labelsPath = yWhere;
    d.labels = labelsOf(*y, yWhere);
    if (int64_t(d.labels.size()) != d.count)
        throw Error(yWhere, "holds " + std::to_string(d.labels.size()) + " labels for " + std::to_string(d.count) +
                                " images in " + xWhere);
    return d;
}

// x_test.npy -> y_test.npy, test_images.npy -> test_labels.npy; empty when none exists, with
// `hint` saying what was looked for.
std::string siblingLabels(const fs::path& images, std::string& hint) {
    std::string name = images.filename().string();
    std::vector<std::string> tried;
    if (const auto at = name.find("images"); at != std::string::npos) {
        std::string n = name;
        tried.push_back(n.replace(at, 6, "labels"));
    }
    if (!name.empty() && (name[0] == 'x' || name[0] == 'X')) tried.push_back((name[0] == 'x' ? "y" : "Y") + name.substr(1));
    for (const auto& t : tried)
        if (fs::exists(images.parent_path() / t)) return (images.parent_path() / t).string();
    std::string list;
    for (const auto& t : tried) list += (list.empty() ? "" : " or ") + t;
    hint = list.empty() ? "no labels file beside it (labels are read from y*.npy beside x*.npy, or *labels*.npy beside *images*.npy)"
                        : "no labels file beside it (looked for " + list + ")";
    hint += "; or pass an .npz holding x and y";
    return {};
}

bool isImageFile(const fs::path& f) {
    const std::string ext = lower(f.extension().string());
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

// Decodes one image to the dataset's channels and resizes it to its sides (the first image's by default).
void appendImage(ImageDataset& d, const fs::path& f, const ImageGeometry& want) {
    Image img = decodeImage(f.string(), int(d.channels));
    if (d.count == 0) {
        d.rows = want.rows > 0 ? want.rows : img.rows;
        d.cols = want.cols > 0 ? want.cols : img.cols;
    }
    img = resizeBilinear(img, d.rows, d.cols);
    d.pixels.insert(d.pixels.end(), img.pixels.begin(), img.pixels.end());
    ++d.count;
}

} // namespace

ImageDataset readNumpyDataset(const std::string& path) {
    if (lower(fs::path(path).extension().string()) == ".npy") {
        const NpyArray images = readNpy(path);
        std::string hint;
        const std::string labels = siblingLabels(path, hint);
        if (labels.empty()) {
            ImageDataset d = fromArrays(images, nullptr, path, {});
            d.labelsHint = hint;
            return d;
        }
        const NpyArray y = readNpy(labels);
        return fromArrays(images, &y, path, labels);
    }
    const auto arrays = readNpz(path);
    static const char* pairs[][2] = {{"x", "y"}, {"images", "labels"}, {"x_test", "y_test"}, {"arr_0", "arr_1"}};
    const char* const* alone = nullptr; // the first images array found without its labels
    for (const auto& p : pairs) {
        const auto x = arrays.find(p[0]), y = arrays.find(p[1]);
        if (x != arrays.end() && y != arrays.end())
            return fromArrays(x->second, &y->second, path + ": " + p[0], path + ": " + p[1]);
        if (x != arrays.end() && !alone) alone = p;
    }
    if (alone) {
        ImageDataset d = fromArrays(arrays.at(alone[0]), nullptr, path + ": " + alone[0], {});
        d.labelsHint = std::string("holds images '") + alone[0] + "' but no '" + alone[1] + "' array of labels";
        return d;
    }
    std::string names;
    for (const auto& [k, v] : arrays) names += (names.empty() ? "" : ", ") + k;
    throw Error(path, "holds arrays [" + names +
                          "], expected images in x, images, x_test or arr_0 (labels, if any, in y, labels, y_test or arr_1)");
}

ImageDataset readImageFolder(const std::string& dir, const ImageGeometry& want) {
    ImageDataset d;
    d.imagesPath = dir;
    d.channels = want.channels > 0 ? want.channels : 3;
    const auto classes = sortedEntries(dir, true);
    std::vector<fs::path> loose;
    for (const auto& f : sortedEntries(dir, false))
        if (isImageFile(f)) loose.push_back(f);
    if (!classes.empty() && !loose.empty())
        throw Error(dir, "holds both subfolders (e.g. '" + classes[0].filename().string() + "') and images (e.g. '" +
                             loose[0].filename().string() +
                             "'): put every image in a subfolder per class (labelled data), or none in subfolders "
                             "(unlabelled data, enough for calibration)");
    if (classes.empty()) { // a flat folder: images without labels
        if (loose.empty()) throw Error(dir, "holds no .png/.jpg/.jpeg images, neither directly nor in class subfolders");
        for (const auto& f : loose) appendImage(d, f, want);
        d.labelsHint = "its images lie directly in the folder; labels come from one subfolder of images per class";
        return d;
    }
    d.labelsPath = dir;
    for (size_t label = 0; label < classes.size(); ++label) {
        d.classes.push_back(classes[label].filename().string());
        for (const auto& f : sortedEntries(classes[label], false)) {
            if (!isImageFile(f)) continue;
            appendImage(d, f, want);
            d.labels.push_back(int64_t(label));
        }
    }
    if (d.count == 0) throw Error(dir, "the class subfolders hold no .png/.jpg/.jpeg images");
    return d;
}

ImageDataset loadDataset(const std::string& path, const ImageGeometry& want) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        for (const auto& f : sortedEntries(path, false))
            if (f.filename().string().find("images-idx3-ubyte") != std::string::npos) return readIdxDataset(path);
        return readImageFolder(path, want);
    }
    if (!fs::exists(path, ec)) throw Error(path, "no such file or folder");
    const std::string ext = lower(fs::path(path).extension().string());
    if (ext == ".npy" || ext == ".npz") return readNumpyDataset(path);
    return readIdxDataset(path);
}

} // namespace qb
