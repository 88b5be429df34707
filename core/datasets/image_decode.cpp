#include "core/datasets/image_decode.h"

#include <png.h>
// jpeglib.h needs size_t and FILE declared first.
#include <cstdio>
#include <jpeglib.h>
// jerror.h after jpeglib.h: the message codes (JWRN_JPEG_EOF).
#include <jerror.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <fstream>
#include <iterator>
#include <memory>

#include "core/util/error.h"

namespace qb {

namespace {

// Larger images are not plausible classifier inputs; refusing them bounds what a hostile header
// can make us allocate.
constexpr uint64_t kMaxPixels = uint64_t(1) << 26;
// A Huffman-coded JPEG spends at least 2 bits on each 8x8 block (a DC difference and an end of
// block), so one byte covers at most 256 pixels of a flat grey image; arithmetic coding does
// better, hence the margin. A header declaring more is a broken file, and decoding it would mean
// filling megapixels from nothing (fuzzing: 60 megapixels from 130 bytes, 20 s).
constexpr uint64_t kMaxJpegPixelsPerByte = 4096;

void checkSize(const std::string& path, uint64_t rows, uint64_t cols) {
    if (rows == 0 || cols == 0 || rows > kMaxPixels || cols > kMaxPixels || rows * cols > kMaxPixels)
        throw Error(path, "image size " + std::to_string(cols) + "x" + std::to_string(rows) +
                              " is empty or larger than " + std::to_string(kMaxPixels) + " pixels");
}

std::vector<uint8_t> readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open");
    std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw Error(path, "read error");
    return b;
}

// RGB(A) decoded with `stride` bytes per pixel -> `channels` output channels.
void convert(const uint8_t* src, int stride, Image& img) {
    const size_t n = size_t(img.rows * img.cols);
    img.pixels.resize(n * size_t(img.channels));
    for (size_t k = 0; k < n; ++k) {
        const uint8_t* p = src + k * size_t(stride);
        if (img.channels == 1) // BT.601 luma in 16-bit fixed point, rounded
            img.pixels[k] = uint8_t((uint32_t(p[0]) * 19595 + uint32_t(p[1]) * 38470 + uint32_t(p[2]) * 7471 + 0x8000) >> 16);
        else
            std::copy(p, p + 3, img.pixels.begin() + ptrdiff_t(3 * k));
    }
}

Image decodePng(const std::string& path, const std::vector<uint8_t>& file, int channels) {
    png_image png{};
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&png, file.data(), file.size()))
        throw Error(path, std::string("PNG: ") + png.message);
    struct Free {
        png_image* p;
        ~Free() { png_image_free(p); }
    } guard{&png};
    checkSize(path, png.height, png.width);
    // RGBA keeps the stored colour values of translucent pixels; alpha is then dropped, as
    // PIL's convert("RGB") does, rather than composited.
    png.format = PNG_FORMAT_RGBA;
    // Not zero-filled: the pages of a large image whose data turns out short are never touched.
    const auto rgba = std::make_unique_for_overwrite<uint8_t[]>(PNG_IMAGE_SIZE(png));
    if (!png_image_finish_read(&png, nullptr, rgba.get(), 0, nullptr)) throw Error(path, std::string("PNG: ") + png.message);
    Image img{png.height, png.width, channels, {}};
    convert(rgba.get(), 4, img);
    return img;
}

struct JpegErrors {
    jpeg_error_mgr mgr;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

void onJpegError(j_common_ptr c) {
    auto* e = reinterpret_cast<JpegErrors*>(c->err);
    c->err->format_message(c, e->message);
    std::longjmp(e->jump, 1);
}

// libjpeg prints warnings to stderr and decodes on. A file that ends early is an error, as in PIL
// (else a 119-byte file declaring 36 megapixels is "decoded" as grey for seconds); the other
// warnings (extraneous bytes before a marker, ...) are recoverable and stay quiet.
void onJpegMessage(j_common_ptr c, int level) {
    if (level < 0 && c->err->msg_code == JWRN_JPEG_EOF) onJpegError(c);
}

// libjpeg reports fatal errors through longjmp: nothing with a destructor may be created between
// setjmp and the calls that can jump, so the output buffer is sized by the caller-visible `rgb`
// only after the header is read and before decoding starts.
bool decodeJpegRgb(const std::vector<uint8_t>& file, std::unique_ptr<uint8_t[]>& rgb, JDIMENSION& w, JDIMENSION& h,
                   JpegErrors& err, const std::string& path) {
    jpeg_decompress_struct d;
    d.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = onJpegError;
    err.mgr.emit_message = onJpegMessage;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&d);
        return false;
    }
    jpeg_create_decompress(&d);
    jpeg_mem_src(&d, file.data(), static_cast<unsigned long>(file.size()));
    jpeg_read_header(&d, TRUE);
    // Before jpeg_start_decompress, which for a progressive file allocates the coefficients of
    // the whole image (fuzzing: 35656 x 18447 declared in 371 bytes took over 2 GB).
    if (d.image_width == 0 || d.image_height == 0 || uint64_t(d.image_width) * d.image_height > kMaxPixels) {
        const uint64_t w0 = d.image_width, h0 = d.image_height;
        jpeg_destroy_decompress(&d);
        checkSize(path, h0, w0);
    }
    if (uint64_t(d.image_width) * d.image_height > kMaxJpegPixelsPerByte * file.size()) {
        std::snprintf(err.message, sizeof err.message,
                      "%u x %u pixels cannot come from a file of %zu bytes (at most %llu per byte): truncated or corrupt",
                      unsigned(d.image_width), unsigned(d.image_height), file.size(), (unsigned long long)kMaxJpegPixelsPerByte);
        jpeg_destroy_decompress(&d);
        return false;
    }
    d.out_color_space = JCS_RGB;
    jpeg_start_decompress(&d);
    w = d.output_width;
    h = d.output_height;
    if (d.output_components != 3 || w == 0 || h == 0 || uint64_t(w) * h > kMaxPixels) {
        jpeg_destroy_decompress(&d);
        checkSize(path, h, w);
        std::snprintf(err.message, sizeof err.message, "unexpected %d output components", d.output_components);
        return false;
    }
    rgb = std::make_unique_for_overwrite<uint8_t[]>(size_t(w) * h * 3); // touched only as rows arrive
    while (d.output_scanline < d.output_height) {
        JSAMPROW row = rgb.get() + size_t(d.output_scanline) * w * 3;
        jpeg_read_scanlines(&d, &row, 1);
    }
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);
    return true;
}

Image decodeJpeg(const std::string& path, const std::vector<uint8_t>& file, int channels) {
    JpegErrors err{};
    std::unique_ptr<uint8_t[]> rgb;
    JDIMENSION w = 0, h = 0;
    if (!decodeJpegRgb(file, rgb, w, h, err, path)) throw Error(path, std::string("JPEG: ") + err.message);
    Image img{int64_t(h), int64_t(w), channels, {}};
    convert(rgb.get(), 3, img);
    return img;
}

} // namespace

Image decodeImage(const std::string& path, int channels) {
    if (channels != 1 && channels != 3)
        throw Error(path, "images decode to 1 (grey) or 3 (RGB) channels, the model wants " + std::to_string(channels));
    const auto file = readFile(path);
    if (file.size() >= 8 && png_sig_cmp(file.data(), 0, 8) == 0) return decodePng(path, file, channels);
    if (file.size() >= 3 && file[0] == 0xFF && file[1] == 0xD8 && file[2] == 0xFF) return decodeJpeg(path, file, channels);
    throw Error(path, "neither a PNG nor a JPEG file (unknown signature at offset 0)");
}

Image resizeBilinear(const Image& src, int64_t rows, int64_t cols) {
    if (rows == src.rows && cols == src.cols) return src;
    Image out{rows, cols, src.channels, std::vector<uint8_t>(size_t(rows * cols * src.channels))};
    // Source coordinate of an output pixel centre, and its two neighbours with weights.
    struct Tap {
        int64_t a, b;
        float w;
    };
    const auto taps = [](int64_t outN, int64_t inN) {
        std::vector<Tap> t(static_cast<size_t>(outN));
        const double scale = double(inN) / double(outN);
        for (int64_t o = 0; o < outN; ++o) {
            const double x = std::clamp((double(o) + 0.5) * scale - 0.5, 0.0, double(inN - 1));
            const int64_t a = int64_t(std::floor(x));
            t[size_t(o)] = {a, std::min(a + 1, inN - 1), float(x - double(a))};
        }
        return t;
    };
    const auto ty = taps(rows, src.rows), tx = taps(cols, src.cols);
    const int64_t C = src.channels;
    const auto at = [&](int64_t r, int64_t c, int64_t ch) { return float(src.pixels[size_t((r * src.cols + c) * C + ch)]); };
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c)
            for (int64_t ch = 0; ch < C; ++ch) {
                const Tap& y = ty[size_t(r)];
                const Tap& x = tx[size_t(c)];
                const float top = at(y.a, x.a, ch) * (1 - x.w) + at(y.a, x.b, ch) * x.w;
                const float bottom = at(y.b, x.a, ch) * (1 - x.w) + at(y.b, x.b, ch) * x.w;
                out.pixels[size_t((r * cols + c) * C + ch)] = uint8_t(std::lround(std::clamp(top * (1 - y.w) + bottom * y.w, 0.f, 255.f)));
            }
    return out;
}

} // namespace qb
