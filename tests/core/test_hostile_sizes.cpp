// Inputs that declare absurd sizes (a 2^40-element tensor, a 1 TB safetensors header, a GGUF of
// 2^31 tensors, a plan of a million entries, JSON nested 100 000 deep): each must be refused with
// its clear qb::Error within bounded time and memory. Each runs in a death-test child whose address
// space is capped at 512 MB above what it already maps (setrlimit RLIMIT_AS) and which SIGALRM
// kills after 10 s; the child prints the error and exits 0, and the test matches that text.
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>

#include "core/datasets/image_decode.h"
#include "core/datasets/npy_file.h"
#include "core/formats/gguf_reader.h"
#include "core/formats/hf_config.h"
#include "core/formats/onnx_reader.h"
#include "core/formats/safetensors_reader.h"
#include "core/quant/plan.h"
#include "core/tokenizer/hf_tokenizer_json.h"
#include "core/util/error.h"
#include "test_support.h"

namespace {

constexpr long kHeadroomBytes = 512L << 20;
constexpr unsigned kSeconds = 10;

long mappedBytes() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0;
    statm >> pages;
    return pages * ::sysconf(_SC_PAGESIZE);
}

// Death-test body: caps memory and time, runs `read`, prints its qb::Error and exits 0.
void refusedWithinLimits(const std::function<void()>& read) {
    const rlim_t cap = rlim_t(mappedBytes() + kHeadroomBytes);
    const rlimit limit{cap, cap};
    if (::setrlimit(RLIMIT_AS, &limit) != 0) std::_Exit(3);
    ::alarm(kSeconds);
    try {
        read();
        std::fprintf(stderr, "accepted\n");
        std::_Exit(1);
    } catch (const qb::Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        std::_Exit(0);
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "out of memory\n");
        std::_Exit(2);
    }
}

std::string write(const qb::test::TempDir& dir, const std::string& name, const std::string& bytes) {
    const std::string path = dir.file(name);
    qb::test::writeAll(path, bytes.data(), bytes.size());
    return path;
}

template <typename T>
std::string le(T v) {
    return std::string(reinterpret_cast<const char*>(&v), sizeof v);
}

std::string nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

class HostileSizes : public ::testing::Test {
protected:
    void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
    qb::test::TempDir dir;
};

TEST_F(HostileSizes, SafetensorsTensorOf2To40Elements) {
    const std::string header = R"({"w":{"dtype":"F32","shape":[1048576,1048576],"data_offsets":[0,4398046511104]}})";
    const auto path = write(dir, "huge-tensor.safetensors", le(uint64_t(header.size())) + header + std::string(64, '\0'));
    EXPECT_EXIT(refusedWithinLimits([&] { qb::readSafetensors(path); }), testing::ExitedWithCode(0),
                "tensor 'w': data_offsets \\[0, 4398046511104\\) lie past the end of the data \\(64 bytes after the header\\)");
}

TEST_F(HostileSizes, SafetensorsHeaderOf1TB) {
    const auto path = write(dir, "huge-header.safetensors", le(uint64_t(1) << 40) + "{}");
    EXPECT_EXIT(refusedWithinLimits([&] { qb::readSafetensors(path); }), testing::ExitedWithCode(0),
                "header length 1099511627776 \\(offset 0\\) runs past the end of the file \\(10 bytes\\)");
}

TEST_F(HostileSizes, SafetensorsHeaderNested100000Deep) {
    // The offset counts from the start of the header text (file offset 8).
    const std::string header = R"({"__metadata__":{"x":)" + nested(100000) + "}}";
    const auto path = write(dir, "deep.safetensors", le(uint64_t(header.size())) + header);
    EXPECT_EXIT(refusedWithinLimits([&] { qb::readSafetensors(path); }), testing::ExitedWithCode(0),
                "JSON nests deeper than 256 levels at offset 275 \\(line 1, column 276\\)");
}

TEST_F(HostileSizes, GgufOf2To31Tensors) {
    const auto path = write(dir, "many-tensors.gguf", "GGUF" + le(uint32_t(3)) + le(uint64_t(1) << 31) + le(uint64_t(0)));
    EXPECT_EXIT(refusedWithinLimits([&] { qb::readGguf(path); }), testing::ExitedWithCode(0),
                "tensor count 2147483648 is more than the file could hold");
}

TEST_F(HostileSizes, GgufTensorOf2To40Elements) {
    // One f32 tensor [2^20, 2^20] at offset 0 of the (32-aligned) data section, which is empty.
    std::string f = "GGUF" + le(uint32_t(3)) + le(uint64_t(1)) + le(uint64_t(0));
    f += le(uint64_t(1)) + "w" + le(uint32_t(2)) + le(uint64_t(1) << 20) + le(uint64_t(1) << 20) + le(uint32_t(0)) + le(uint64_t(0));
    f.resize((f.size() + 31) / 32 * 32, '\0');
    const auto path = write(dir, "huge-tensor.gguf", f);
    EXPECT_EXIT(refusedWithinLimits([&] { qb::readGguf(path); }), testing::ExitedWithCode(0),
                "tensor 'w': data \\[96\\+0, \\+4398046511104 bytes\\) lies past the end of the file \\(96 bytes\\)");
}

// Protobuf varint and length-delimited fields, enough for a ModelProto by hand.
std::string varint(uint64_t v) {
    std::string s;
    do {
        s += char((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return s;
}
std::string field(int number, const std::string& bytes) { return varint(uint64_t(number) << 3 | 2) + varint(bytes.size()) + bytes; }
std::string field(int number, uint64_t value) { return varint(uint64_t(number) << 3) + varint(value); }

TEST_F(HostileSizes, OnnxInitializerOf2To40Elements) {
    // TensorProto: dims 1 (x2), data_type 2 = 1 (float), name 8, raw_data 9 of 4 bytes.
    const std::string tensor = field(1, uint64_t(1) << 20) + field(1, uint64_t(1) << 20) + field(2, uint64_t(1)) +
                               field(8, std::string("w")) + field(9, std::string(4, '\0'));
    const std::string model = field(1, uint64_t(7)) + field(7, field(5, tensor)); // ir_version, graph.initializer
    const auto path = write(dir, "huge-tensor.onnx", model);
    EXPECT_EXIT(refusedWithinLimits([&] { qb::readOnnx(path); }), testing::ExitedWithCode(0),
                "tensor 'w': raw_data holds 4 bytes but shape \\[1048576,1048576\\] of f32 needs 4398046511104");
}

TEST_F(HostileSizes, NpyOf2To40Elements) {
    std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1048576, 1048576), }";
    dict.resize(117, ' ');
    dict += '\n';
    const auto path = write(dir, "huge.npy", std::string("\x93NUMPY\x01\x00", 8) + le(uint16_t(dict.size())) + dict + std::string(16, '\0'));
    EXPECT_EXIT(refusedWithinLimits([&] { qb::readNpy(path); }), testing::ExitedWithCode(0),
                "shape and dtype '<f4' need 4398046511104 data bytes, the file holds 16 \\(offset 128\\)");
}

TEST_F(HostileSizes, PngOf2To32Pixels) {
    // 65536 x 65536 RGB with no pixel data: the size check refuses it before anything is allocated.
    const auto be = [](uint32_t v) { return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)}; };
    const auto chunk = [&](const std::string& typeAndData) {
        uint32_t crc = 0xffffffffu;
        for (const char c : typeAndData) {
            crc ^= uint8_t(c);
            for (int k = 0; k < 8; ++k) crc = crc & 1 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
        }
        return be(uint32_t(typeAndData.size() - 4)) + typeAndData + be(~crc);
    };
    const std::string ihdr = chunk("IHDR" + be(65536) + be(65536) + std::string("\x08\x02\x00\x00\x00", 5));
    const std::string idat = chunk(std::string("IDAT\x78\x9c\x03\x00\x00\x00\x00\x01", 12)); // an empty zlib stream
    const auto path = write(dir, "huge.png", std::string("\x89PNG\r\n\x1a\n", 8) + ihdr + idat + chunk("IEND"));
    EXPECT_EXIT(refusedWithinLimits([&] { qb::decodeImage(path, 3); }), testing::ExitedWithCode(0),
                "image size 65536x65536 is empty or larger than 67108864 pixels");
}

TEST_F(HostileSizes, PlanOfAMillionEntries) {
    std::string text = R"({"default": {"bits": 4}, "layers": {)";
    for (int i = 0; i < 1000000; ++i) text += (i ? "," : "") + std::string("\"blk.") + std::to_string(i) + ".*\": {\"bits\": 8}";
    text += "}}";
    const auto path = write(dir, "plan.json", text);
    EXPECT_EXIT(refusedWithinLimits([&] { qb::quant::readPlan(path); }), testing::ExitedWithCode(0),
                "a JSON object has more than 20000 members at offset 528925 \\(line 1, column 528926\\)");
}

TEST_F(HostileSizes, PlanNested100000Deep) {
    const auto path = write(dir, "plan.json", R"({"default": {"bits": )" + nested(100000) + "}}");
    EXPECT_EXIT(refusedWithinLimits([&] { qb::quant::readPlan(path); }), testing::ExitedWithCode(0),
                "JSON nests deeper than 256 levels at offset 275 \\(line 1, column 276\\)");
}

TEST_F(HostileSizes, ConfigJsonNested100000Deep) {
    const auto path = write(dir, "config.json", R"({"model_type": "bert", "x": )" + nested(100000) + "}");
    EXPECT_EXIT(refusedWithinLimits([&] { qb::readHfConfig(path); }), testing::ExitedWithCode(0),
                "JSON nests deeper than 256 levels at offset 283 \\(line 1, column 284\\)");
}

TEST_F(HostileSizes, TokenizerJsonNested100000Deep) {
    std::string decoder;
    for (int i = 0; i < 100000; ++i) decoder += R"({"type": "Sequence", "decoders": [)";
    const auto path = write(dir, "tokenizer.json", R"({"decoder": )" + decoder);
    EXPECT_EXIT(refusedWithinLimits([&] { qb::readHfTokenizerJson(path); }), testing::ExitedWithCode(0),
                "JSON nests deeper than 256 levels at offset 4363 \\(line 1, column 4364\\)");
}

} // namespace
