// Image datasets for calibration and classifier evaluation, whatever their source: MNIST-style
// IDX, folders of PNG/JPEG images (one subfolder per class, or flat), NumPy .npy/.npz arrays.
// Labels are optional: calibration needs none, only evaluation does.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace qb {

struct ImageDataset {
    std::string imagesPath, labelsPath; ///< labelsPath is empty when the data has no labels
    int64_t count = 0, rows = 0, cols = 0, channels = 1;
    std::vector<uint8_t> pixels; ///< count x rows x cols x channels (channels last), byte sources
    std::vector<float> values;   ///< the same layout for other numeric arrays (.npy); pixels is then empty
    std::vector<int64_t> labels; ///< count, or empty when the data has none
    std::vector<std::string> classes; ///< image folders: class (subfolder) names in label order
    std::string labelsHint; ///< without labels: why there are none and what would provide them

    bool labelled() const { return !labels.empty(); }
    int64_t sampleSize() const { return rows * cols * channels; }
    float value(size_t k) const { return values.empty() ? float(pixels[k]) : values[k]; }
};

/// What a model takes per sample; 0 where unknown. Image folders are decoded to these channels
/// (default RGB) and resized to these sides (default: the first image's).
struct ImageGeometry {
    int64_t rows = 0, cols = 0, channels = 0;
};

/// DATA as the CLI takes it: a folder holding IDX files (see readIdxDataset) or images
/// (readImageFolder), an IDX images file, or a .npy/.npz file (readNumpyDataset). Each may come
/// without labels; only bad or inconsistent data is an error.
ImageDataset loadDataset(const std::string& path, const ImageGeometry& want = {});

/// .png/.jpg/.jpeg files (others are skipped), read in byte-wise sorted order, either
/// - in one subfolder per class: label = index of the subfolder in sorted order; or
/// - directly in `dir` (no subfolders): unlabelled.
/// A folder holding both subfolders and loose images is an error: which would be the data is a guess.
ImageDataset readImageFolder(const std::string& dir, const ImageGeometry& want = {});

/// Images, with labels where present, from NumPy files:
/// - .npz holding arrays x/y, images/labels, x_test/y_test or arr_0/arr_1 (the first array alone:
///   unlabelled);
/// - .npy of images, labels in the sibling .npy named with "images" replaced by "labels" or a
///   leading "x" by "y" (x_test.npy -> y_test.npy); no such sibling: unlabelled.
/// Image arrays are [N,H,W] (grey), [N,H,W,C], or [N,C,H,W] when C is 1 or 3 and the last side
/// is not (transposed to channels last), or [N,F] (flat features). uint8 arrays stay bytes, other
/// dtypes become floats. Labels are integers [N] or one-hot [N,K].
ImageDataset readNumpyDataset(const std::string& path);

} // namespace qb
