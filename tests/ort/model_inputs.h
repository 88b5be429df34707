// Real inputs for every ONNX model in ../shared/models/onnx, built from the MNIST and
// Fashion-MNIST t10k images (deterministic: sample k of the data set, no randomness):
//  - mnist-8 / mnist-12: one MNIST digit, raw 0..255 pixels (their published preprocessing).
//  - fashion_mnist_cnn: Fashion-MNIST images, pixels/255.
//  - squeezenet_cifar10 (NHWC [N,32,32,3]): Fashion-MNIST images padded by 2 to 32x32, the grey
//    value in all three channels, pixels/255.
//  - PaddleOCR cls ([N,3,48,192]): a "text line" of six MNIST digits, dark on white, every other
//    sample turned 180 degrees (the two classes the model tells apart), (x/255-0.5)/0.5.
//  - PaddleOCR det ([N,3,H,W]): a white page with lines of MNIST digits, dark on white, every other
//    sample turned 180 degrees, ImageNet mean/std normalisation.
#pragma once
#include <algorithm>
#include <filesystem>
#include <vector>
#include <stdexcept>
#include <string>

#include "core/datasets/idx_dataset.h"
#include "core/datasets/npy_file.h"
#include "ort_runner.h"

namespace qb::ortref {

struct ImageSets {
    ImageDataset mnist, fashion;
};

struct InputSize {
    int64_t batch = 1;
    int64_t first = 0;                  ///< index of the first data-set image used
    int64_t height = 96, width = 160;   ///< det only (multiples of 32)
};

namespace detail {

inline uint8_t pixel(const ImageDataset& d, int64_t image, int64_t y, int64_t x) {
    return d.pixels[size_t(((image % d.count) * d.rows + y) * d.cols + x)];
}

// A grey HxW page (255 = white) with 28x28 digits pasted dark-on-white; `flip` turns it 180 degrees.
struct Page {
    int64_t h, w;
    std::vector<uint8_t> v;
    Page(int64_t h_, int64_t w_) : h(h_), w(w_), v(size_t(h_ * w_), 255) {}
    void paste(const ImageDataset& d, int64_t image, int64_t y0, int64_t x0) {
        for (int64_t y = 0; y < d.rows && y0 + y < h; ++y)
            for (int64_t x = 0; x < d.cols && x0 + x < w; ++x)
                v[size_t((y0 + y) * w + x0 + x)] = uint8_t(255 - pixel(d, image, y, x));
    }
    uint8_t at(int64_t y, int64_t x, bool flip) const {
        return flip ? v[size_t((h - 1 - y) * w + (w - 1 - x))] : v[size_t(y * w + x)];
    }
};

// PaddleOCR cls input: `n` 48x192 text lines of six digits each, from line `first` on.
inline std::vector<Page> textLines(const ImageDataset& mnist, int64_t first, int64_t n) {
    std::vector<Page> pages;
    for (int64_t l = 0; l < n; ++l) {
        auto& p = pages.emplace_back(48, 192);
        for (int64_t k = 0; k < 6; ++k) p.paste(mnist, (first + l) * 6 + k, 10, 12 + 28 * k);
    }
    return pages;
}

inline engine::Tensor nchwFromPages(const std::vector<Page>& pages, const float mean[3], const float stdev[3]) {
    const int64_t h = pages[0].h, w = pages[0].w;
    engine::Tensor t(DType::F32, {int64_t(pages.size()), 3, h, w});
    size_t o = 0;
    for (size_t n = 0; n < pages.size(); ++n)
        for (int c = 0; c < 3; ++c)
            for (int64_t y = 0; y < h; ++y)
                for (int64_t x = 0; x < w; ++x)
                    t.f[o++] = (float(pages[n].at(y, x, n % 2 == 1)) / 255.f - mean[c]) / stdev[c];
    return t;
}

} // namespace detail

/// The PaddleOCR cls lines of modelInputs() as a labelled data set the pipeline reads:
/// `dir`/text_lines_images.npy, [n,48,192,3] grey pixels 0..255 as f32 (every other line turned,
/// to be prepared with scale 1/255, mean 0.5, std 0.5), and text_lines_labels.npy (1 = turned).
/// Returns the images' path.
inline std::string writeTextLines(const std::string& dir, const ImageDataset& mnist, int64_t first, int64_t n) {
    const std::vector<detail::Page> pages = detail::textLines(mnist, first, n);
    std::vector<float> pixels, labels;
    for (size_t l = 0; l < pages.size(); ++l) {
        for (int64_t y = 0; y < 48; ++y)
            for (int64_t x = 0; x < 192; ++x) pixels.insert(pixels.end(), 3, float(pages[l].at(y, x, l % 2 == 1)));
        labels.push_back(float(l % 2));
    }
    const std::string images = dir + "/text_lines_images.npy";
    writeNpy(images, pixels, std::vector<int64_t>{n, 48, 192, 3});
    writeNpy(dir + "/text_lines_labels.npy", labels, std::vector<int64_t>{n});
    return images;
}

inline std::string modelStem(const std::string& file) {
    const auto slash = file.find_last_of('/');
    std::string s = slash == std::string::npos ? file : file.substr(slash + 1);
    return s.substr(0, s.rfind(".onnx"));
}

/// The single input of `modelFile` (named `inputName`), or throws for a model without a recipe.
inline std::vector<NamedTensor> modelInputs(const std::string& modelFile, const std::string& inputName,
                                            const ImageSets& img, const InputSize& s) {
    using engine::Tensor;
    const std::string stem = modelStem(modelFile);
    const int64_t N = s.batch;
    if (stem == "mnist-8" || stem == "mnist-12" || stem == "fashion_mnist_cnn") {
        const bool fashion = stem == "fashion_mnist_cnn";
        const ImageDataset& d = fashion ? img.fashion : img.mnist;
        Tensor t(DType::F32, {N, 1, 28, 28});
        for (int64_t n = 0; n < N; ++n)
            for (int64_t p = 0; p < 28 * 28; ++p)
                t.f[size_t(n * 784 + p)] = float(detail::pixel(d, s.first + n, p / 28, p % 28)) / (fashion ? 255.f : 1.f);
        return {{inputName, std::move(t)}};
    }
    if (stem == "squeezenet_cifar10") {
        Tensor t(DType::F32, {N, 32, 32, 3});
        for (int64_t n = 0; n < N; ++n)
            for (int64_t y = 0; y < 32; ++y)
                for (int64_t x = 0; x < 32; ++x) {
                    const bool inside = y >= 2 && y < 30 && x >= 2 && x < 30;
                    const float v = inside ? float(detail::pixel(img.fashion, s.first + n, y - 2, x - 2)) / 255.f : 0.f;
                    for (int64_t c = 0; c < 3; ++c) t.f[size_t(((n * 32 + y) * 32 + x) * 3 + c)] = v;
                }
        return {{inputName, std::move(t)}};
    }
    if (stem == "ch_ppocr_mobile_v2.0_cls_infer") {
        const float mean[3] = {0.5f, 0.5f, 0.5f}, sd[3] = {0.5f, 0.5f, 0.5f};
        return {{inputName, detail::nchwFromPages(detail::textLines(img.mnist, s.first, N), mean, sd)}};
    }
    if (stem == "ch_PP-OCRv4_det_infer") {
        std::vector<detail::Page> pages;
        int64_t image = s.first * 64;
        for (int64_t n = 0; n < N; ++n) {
            auto& p = pages.emplace_back(s.height, s.width);
            // Lines of digits with a margin of 8 and a line gap of 12 (text on a page).
            for (int64_t y = 8; y + 28 <= s.height - 8; y += 40)
                for (int64_t x = 8; x + 28 <= s.width - 8; x += 28) p.paste(img.mnist, image++, y, x);
        }
        const float mean[3] = {0.485f, 0.456f, 0.406f}, sd[3] = {0.229f, 0.224f, 0.225f};
        return {{inputName, detail::nchwFromPages(pages, mean, sd)}};
    }
    throw std::runtime_error(modelFile + ": no input recipe; add one to tests/ort/model_inputs.h");
}

/// The MNIST and Fashion-MNIST t10k sets of `shared`/data.
inline ImageSets readImageSets(const std::string& shared) {
    return {readIdxDataset(shared + "/data/mnist"), readIdxDataset(shared + "/data/fashion-mnist")};
}

/// The file names of every ONNX model in `shared`/models/onnx, sorted.
inline std::vector<std::string> onnxModelFiles(const std::string& shared) {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(shared + "/models/onnx"))
        if (e.path().extension() == ".onnx") files.push_back(e.path().filename().string());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace qb::ortref
