// ggml block encoders against the format: hand-built blocks whose values sit exactly on a block's
// grid must give the bytes worked out by hand from ggml-common.h and the reference quantizer rules
// (Q8_0: d = amax/127, q = roundf(x/d); Q4_0/Q5_0: d = (value of largest magnitude)/-8 or /-16,
// q = trunc(x/d + 8.5 or 16.5) capped at 15/31; Q4_1/Q5_1: d = (max-min)/15 or /31, m = min,
// q = trunc((x-m)/d + 0.5)), and must decode back through the existing decoders. The AVX2 encoders
// must write the same bytes as the reference on random and adversarial data.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "core/domain/scheme.h"
#include "core/formats/model_reader.h"
#include "core/quant/ggml_quantize.h"
#include "core/tensor/dtype.h"
#include "core/util/cpu_features.h"
#include "test_support.h"

using namespace qb;
using namespace qb::quant;

namespace {

uint16_t halfAt(const std::vector<uint8_t>& b, size_t at) {
    uint16_t h;
    std::memcpy(&h, b.data() + at, 2);
    return h;
}

std::vector<uint8_t> encode(DType t, const std::vector<float>& x) {
    std::vector<uint8_t> b(size_t(traits(t).blockBytes) * x.size() / size_t(traits(t).blockElems));
    ggmlQuantizeRef(t)(x.data(), b.data(), int64_t(x.size()));
    return b;
}

std::vector<float> decode(DType t, const std::vector<uint8_t>& b, size_t n) {
    std::vector<float> y(n);
    traits(t).toFloat(b.data(), y.data(), int64_t(n));
    return y;
}

} // namespace

TEST(QuantGgml, Q8_0ExactBlock) {
    // x = (j-16)/4 with x[31] = 127/4: amax 31.75, d = 0.25 (half 0x3400), codes j-16 and 127.
    std::vector<float> x(32);
    for (int j = 0; j < 32; ++j) x[j] = float(j - 16) * 0.25f;
    x[31] = 127 * 0.25f;
    const auto b = encode(DType::Q8_0, x);
    ASSERT_EQ(b.size(), 34u);
    EXPECT_EQ(halfAt(b, 0), 0x3400);
    for (int j = 0; j < 31; ++j) EXPECT_EQ(int8_t(b[2 + j]), j - 16) << j;
    EXPECT_EQ(int8_t(b[33]), 127);
    EXPECT_EQ(decode(DType::Q8_0, b, 32), x);
}

TEST(QuantGgml, Q8_0RoundsHalvesAwayFromZero) {
    // amax 127 -> d = 1, so codes are roundf(x): 2.5 -> 3, -2.5 -> -3, 0.5 -> 1, -0.5 -> -1, 0.49 -> 0.
    std::vector<float> x(32, 0.0f);
    x[0] = 127;
    x[1] = 2.5f;
    x[2] = -2.5f;
    x[3] = 0.5f;
    x[4] = -0.5f;
    x[5] = 0.49f;
    x[6] = -127;
    const auto b = encode(DType::Q8_0, x);
    EXPECT_EQ(halfAt(b, 0), 0x3c00);
    const int expect[] = {127, 3, -3, 1, -1, 0, -127};
    for (int j = 0; j < 7; ++j) EXPECT_EQ(int8_t(b[2 + j]), expect[j]) << j;
}

TEST(QuantGgml, Q4_0ExactBlockBothSigns) {
    // x[j] = ((j%16) - 8)/2: the first value of largest magnitude is -4, so d = -4/-8 = 0.5 (0x3800)
    // and the codes are j%16: byte j = j | j<<4.
    std::vector<float> x(32);
    for (int j = 0; j < 32; ++j) x[j] = float(j % 16 - 8) * 0.5f;
    auto b = encode(DType::Q4_0, x);
    ASSERT_EQ(b.size(), 18u);
    EXPECT_EQ(halfAt(b, 0), 0x3800);
    for (int j = 0; j < 16; ++j) EXPECT_EQ(b[2 + j], uint8_t(j | j << 4)) << j;
    EXPECT_EQ(decode(DType::Q4_0, b, 32), x);

    // Negated: the largest magnitude is +4, so d = 4/-8 = -0.5 (0xb800) and x = (8 - j%16)/2 =
    // (q - 8) * -0.5 again gives codes q = j%16.
    for (auto& v : x) v = -v;
    b = encode(DType::Q4_0, x);
    EXPECT_EQ(halfAt(b, 0), 0xb800);
    for (int j = 0; j < 16; ++j) EXPECT_EQ(b[2 + j], uint8_t(j | j << 4)) << j;
    EXPECT_EQ(decode(DType::Q4_0, b, 32), x);
}

TEST(QuantGgml, Q4_0RoundsHalvesUp) {
    // max -8 -> d = 1: x + 8.5 truncated, so 0.5 -> code 9 (value 1) and -0.5 -> code 8 (value 0).
    std::vector<float> x(32, 0.0f);
    x[0] = -8;
    x[1] = 0.5f;
    x[2] = -0.5f;
    x[3] = 7.4f;  // 15.9 -> 15
    x[17] = 1.5f; // high nibble of byte 1: 10 -> code 10
    const auto b = encode(DType::Q4_0, x);
    EXPECT_EQ(halfAt(b, 0), 0x3c00);
    EXPECT_EQ(b[2], 0x80);        // element 0 -> 0, element 16 (0) -> 8
    EXPECT_EQ(b[3], 9 | 10 << 4); // element 1 -> 9, element 17 -> 10
    EXPECT_EQ(b[4], 8 | 8 << 4);
    EXPECT_EQ(b[5], 15 | 8 << 4);
}

TEST(QuantGgml, Q4_1ExactBlock) {
    // x = 1 + (j%16)/4: min 1 (0x3c00), d = 3.75/15 = 0.25 (0x3400), codes j%16.
    std::vector<float> x(32);
    for (int j = 0; j < 32; ++j) x[j] = 1.0f + float(j % 16) * 0.25f;
    const auto b = encode(DType::Q4_1, x);
    ASSERT_EQ(b.size(), 20u);
    EXPECT_EQ(halfAt(b, 0), 0x3400);
    EXPECT_EQ(halfAt(b, 2), 0x3c00);
    for (int j = 0; j < 16; ++j) EXPECT_EQ(b[4 + j], uint8_t(j | j << 4)) << j;
    EXPECT_EQ(decode(DType::Q4_1, b, 32), x);
}

TEST(QuantGgml, Q5_0ExactBlock) {
    // x = (j-16)/2: first largest magnitude -8, d = 0.5; codes j: low nibbles j&15 (byte j holds
    // elements j and j+16), fifth bits set for elements 16..31 -> qh = 0xffff0000.
    std::vector<float> x(32);
    for (int j = 0; j < 32; ++j) x[j] = float(j - 16) * 0.5f;
    const auto b = encode(DType::Q5_0, x);
    ASSERT_EQ(b.size(), 22u);
    EXPECT_EQ(halfAt(b, 0), 0x3800);
    uint32_t qh;
    std::memcpy(&qh, b.data() + 2, 4);
    EXPECT_EQ(qh, 0xffff0000u);
    for (int j = 0; j < 16; ++j) EXPECT_EQ(b[6 + j], uint8_t(j | j << 4)) << j;
    EXPECT_EQ(decode(DType::Q5_0, b, 32), x);
}

TEST(QuantGgml, Q5_1ExactBlock) {
    // x = -2 + j/8: min -2 (0xc000), d = 3.875/31 = 0.125 (0x3000), codes j.
    std::vector<float> x(32);
    for (int j = 0; j < 32; ++j) x[j] = -2.0f + float(j) * 0.125f;
    const auto b = encode(DType::Q5_1, x);
    ASSERT_EQ(b.size(), 24u);
    EXPECT_EQ(halfAt(b, 0), 0x3000);
    EXPECT_EQ(halfAt(b, 2), 0xc000);
    uint32_t qh;
    std::memcpy(&qh, b.data() + 4, 4);
    EXPECT_EQ(qh, 0xffff0000u);
    for (int j = 0; j < 16; ++j) EXPECT_EQ(b[8 + j], uint8_t(j | j << 4)) << j;
    EXPECT_EQ(decode(DType::Q5_1, b, 32), x);
}

TEST(QuantGgml, Q6_KExactBlock) {
    // Q6_K (ggml-common.h): {u8 ql[128], u8 qh[64], i8 scales[16], half d}, value d*scales[e/16]*(q-32).
    // Codes q_e = 7e mod 64, except q = 0 (value -8) at the start of every 16-weight sub-block, so
    // each sub-block wants step -8/-32 = 0.25; d = 0.25/-128 = -2^-9 (half 0x9800), scales -128
    // (0x80), and x = (q - 32)/4 reproduces exactly.
    std::vector<float> x(256);
    std::vector<int> q(256);
    for (int e = 0; e < 256; ++e) {
        q[e] = e % 16 == 0 ? 0 : (7 * e) % 64;
        x[e] = float(q[e] - 32) * 0.25f;
    }
    const auto b = encode(DType::Q6_K, x);
    ASSERT_EQ(b.size(), 210u);
    EXPECT_EQ(halfAt(b, 208), 0x9800);
    for (int j = 0; j < 16; ++j) EXPECT_EQ(b[192 + j], 0x80) << j;
    // Element 128h + 32g + l: low nibble in ql[64h + l + 32(g&1)] (high nibble when g >= 2), top two
    // bits at bit 2g of qh[32h + l]. e = 1: q 7 -> ql[1] low nibble 7. e = 37 (g 1, l 5): q 259%64 = 3
    // -> ql[37] low nibble 3. e = 70 (g 2, l 6): q 490%64 = 42 = 0b10'1010 -> ql[6] high nibble 10,
    // qh[6] bits 4..5 = 2. e = 198 (h 1, g 2, l 6): q 1386%64 = 42 -> ql[70] high nibble 10,
    // qh[38] bits 4..5 = 2.
    EXPECT_EQ(b[1] & 0x0f, 7);
    EXPECT_EQ(b[37] & 0x0f, 3);
    EXPECT_EQ(b[6] >> 4, 10);
    EXPECT_EQ((b[128 + 6] >> 4) & 3, 2);
    EXPECT_EQ(b[70] >> 4, 10);
    EXPECT_EQ((b[128 + 38] >> 4) & 3, 2);
    EXPECT_EQ(decode(DType::Q6_K, b, 256), x);
}

TEST(QuantGgml, Q4_KExactBlock) {
    // Q4_K (ggml-common.h): {half d, half dmin, u8 scales[12], u8 qs[128]}; sub-block j of 32 has
    // value d*sc_j*q - dmin*m_j. x = -63/64 + q*63/256 with q = (5e+j) mod 16 and q = 0 and 15 in
    // every sub-block: min -63/64 -> dmin = (63/64)/63 = 1/64 (half 0x2400), m = 63; span
    // 15*63/256 -> d = (63/256)/63 = 1/256 (half 0x1c00), sc = 63. All six-bit fields are 63, so
    // every scale byte is 0xff. Byte 32k+l holds sub-block 2k (low nibble) and 2k+1 (high nibble)
    // at position l.
    std::vector<float> x(256);
    std::vector<int> q(256);
    for (int e = 0; e < 256; ++e) {
        q[e] = e % 32 == 0 ? 0 : e % 32 == 1 ? 15 : (5 * e + e / 32) % 16;
        x[e] = -63.0f / 64 + float(q[e]) * 63.0f / 256;
    }
    const auto b = encode(DType::Q4_K, x);
    ASSERT_EQ(b.size(), 144u);
    EXPECT_EQ(halfAt(b, 0), 0x1c00);
    EXPECT_EQ(halfAt(b, 2), 0x2400);
    for (int k = 4; k < 16; ++k) EXPECT_EQ(b[k], 0xff) << k;
    for (int e = 0; e < 256; ++e) {
        const int j = e / 32;
        EXPECT_EQ((b[16 + 32 * (j / 2) + e % 32] >> (j % 2 ? 4 : 0)) & 15, q[e]) << e;
    }
    EXPECT_EQ(decode(DType::Q4_K, b, 256), x);
}

TEST(QuantGgml, RoundTripWithinAStep) {
    // Every element decodes within half a step of its input, except the far end of the centred
    // formats' grid (levels -8..7 or -16..15 times |d|), which is a step short: within one step.
    std::mt19937 rng(7);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    std::vector<float> x(32 * 64);
    double amax = 0;
    for (auto& v : x) {
        v = nd(rng);
        amax = std::max(amax, double(std::fabs(v)));
    }
    for (DType t : {DType::Q8_0, DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1}) {
        const auto b = encode(t, x);
        const auto y = decode(t, b, x.size());
        const double slack = (t == DType::Q4_0 || t == DType::Q5_0) ? 1.0 : 0.5;
        const double codes = t == DType::Q8_0 ? 128 : (t == DType::Q4_0 || t == DType::Q4_1) ? 16 : 32;
        for (size_t i = 0; i < x.size(); ++i) {
            const size_t blk = i / 32;
            const double d = std::fabs(halfToFloat(halfAt(b, blk * size_t(traits(t).blockBytes))));
            // Codes come from the f32 d, values from its fp16 rounding (relative error <= 2^-11), so
            // the largest codes move by up to codes * 2^-11 steps; m's rounding adds 2^-11 |m|.
            const double allowed = d * (slack + codes * 0x1p-11) + 0x1p-11 * amax;
            ASSERT_LE(std::fabs(double(x[i]) - y[i]), allowed) << dtypeName(t) << " " << i;
        }
    }
}

namespace {

// Random and adversarial rows for comparing encoders, 32 * 16 values each.
std::vector<std::vector<float>> adversarialRows() {
    std::vector<std::vector<float>> rows;
    std::mt19937 rng(1234);
    const size_t n = 32 * 16;
    auto make = [&](auto gen) {
        std::vector<float> v(n);
        for (size_t i = 0; i < n; ++i) v[i] = gen(i);
        rows.push_back(std::move(v));
    };
    std::normal_distribution<float> nd(0.0f, 0.02f);
    std::uniform_real_distribution<float> ud(-1.0f, 1.0f);
    make([&](size_t) { return nd(rng); });
    make([&](size_t) { return ud(rng); });
    make([&](size_t i) { return i % 37 == 0 ? 1e4f : nd(rng); });                   // outliers
    make([&](size_t) { return 0.3f; });                                              // constant
    make([&](size_t) { return -0.3f; });
    make([&](size_t) { return 0.0f; });                                              // zeros
    make([&](size_t i) { return i % 2 ? -0.0f : 0.0f; });
    make([&](size_t i) { return float(int(i % 7) - 3) * 1e-41f; });                 // denormals
    make([&](size_t i) { return i % 5 == 0 ? std::numeric_limits<float>::denorm_min() : 0.0f; });
    make([&](size_t i) { return float(int(i % 32) - 16) * 1e-38f; });                // 1/d overflows
    make([&](size_t i) { return i % 2 ? 1.0f : -1.0f; });                           // +-amax ties
    make([&](size_t i) { return i % 32 == 31 ? 1.0f : (i % 32 == 5 ? -1.0f : 0.1f); });
    make([&](size_t i) { return (float(int(i % 32)) - 15.5f) * 0.5f; });             // halves
    make([&](size_t i) { return (float(int(i % 32)) + 0.5f) * (i % 64 < 32 ? 1.0f : -1.0f); });
    make([&](size_t i) { return float(i % 255) - 127.0f; });
    // Exact ties: d = 1 in Q8_0 (amax 127) and in Q4_0 (first largest magnitude -8).
    make([&](size_t i) { return i % 32 == 0 ? 127.0f : float(int(i % 32) - 16) + 0.5f; });
    make([&](size_t i) { return i % 32 == 0 ? -8.0f : float(int(i % 16) - 8) + 0.5f; });
    make([&](size_t) { return ud(rng) * 3e5f; });                                   // scale beyond fp16
    make([&](size_t) { return ud(rng) * 1e-6f; });                                  // fp16-subnormal scale
    return rows;
}

} // namespace

// The K-quant scale search on real weights (every stories260K tensor, flattened into 256-weight
// blocks): never worse than the plain encoding in any block, clearly better over all of them.
TEST(QuantGgml, KQuantSearchBeatsPlainOnRealWeights) {
    const Model m = openModel(test::model("gguf/stories260K.gguf"));
    for (const DType t : {DType::Q4_K, DType::Q6_K}) {
        double plain = 0, searched = 0;
        int64_t blocks = 0;
        for (const auto& tensor : m.tensors) {
            if (!tensor.quantizable) continue;
            std::vector<float> x = toFloat(tensor);
            x.resize(x.size() / 256 * 256);
            if (x.empty()) continue;
            std::vector<uint8_t> a(size_t(traits(t).blockBytes) * x.size() / 256), b(a.size());
            ggmlQuantizeRef(t)(x.data(), a.data(), int64_t(x.size()));
            ggmlQuantizeSearch(t)(x.data(), b.data(), int64_t(x.size()));
            const auto ya = decode(t, a, x.size()), yb = decode(t, b, x.size());
            for (size_t blk = 0; blk < x.size() / 256; ++blk, ++blocks) {
                double ea = 0, eb = 0;
                for (size_t i = 256 * blk; i < 256 * (blk + 1); ++i) {
                    ea += (double(ya[i]) - x[i]) * (double(ya[i]) - x[i]);
                    eb += (double(yb[i]) - x[i]) * (double(yb[i]) - x[i]);
                }
                EXPECT_LE(eb, ea) << dtypeName(t) << " " << tensor.name << " block " << blk;
                plain += ea;
                searched += eb;
            }
        }
        std::printf("%s on %lld real blocks: squared error %.4g (search) vs %.4g (plain), %.3f\n", std::string(dtypeName(t)).c_str(),
                    static_cast<long long>(blocks), searched, plain, searched / plain);
        EXPECT_GT(blocks, 100);
        EXPECT_LT(searched, 0.9 * plain) << dtypeName(t);
    }
}

TEST(QuantGgml, FastEncodersMatchReferenceExactly) {
    if (!cpuFeatures().f16c) GTEST_SKIP() << "no AVX2/F16C";
    for (DType t : {DType::Q8_0, DType::Q4_0}) {
        ASSERT_NE(ggmlQuantizeFast(t), ggmlQuantizeRef(t));
        int row = 0;
        for (const auto& x : adversarialRows()) {
            // 16 blocks, and 15 so that the fast path's blocks-at-a-time loop leaves a tail.
            for (const size_t n : {x.size(), x.size() - 32}) {
                const size_t bytes = size_t(traits(t).blockBytes) * n / 32;
                std::vector<uint8_t> ref(bytes, 0xaa), fast(bytes, 0x55);
                ggmlQuantizeRef(t)(x.data(), ref.data(), int64_t(n));
                ggmlQuantizeFast(t)(x.data(), fast.data(), int64_t(n));
                EXPECT_EQ(ref, fast) << dtypeName(t) << " row " << row << ", " << n << " values";
            }
            ++row;
        }
    }
}

// The format table: one row per ggml type with the byte counts of ggml-common.h, the dtype
// traits' decoder, and an encoder for every GGML scheme the scheme table offers.
TEST(QuantGgml, FormatTableRowsAgreeWithTheFormatAndTheSchemes) {
    const std::pair<DType, int64_t> bytes[] = {{DType::Q4_0, 18}, {DType::Q4_1, 20}, {DType::Q5_0, 22}, {DType::Q5_1, 24},
                                               {DType::Q8_0, 34}, {DType::Q8_1, 36}, {DType::Q2_K, 84}, {DType::Q3_K, 110},
                                               {DType::Q4_K, 144}, {DType::Q5_K, 176}, {DType::Q6_K, 210}, {DType::Q8_K, 292}};
    ASSERT_EQ(ggmlFormats().size(), std::size(bytes));
    for (const auto& [t, n] : bytes) {
        const GgmlFormat* f = ggmlFormat(t);
        ASSERT_NE(f, nullptr) << dtypeName(t);
        EXPECT_EQ(f->blockBytes, n) << f->name;
        EXPECT_EQ(traits(t).blockBytes, n) << f->name;
        EXPECT_EQ(f->blockElems, f->name.ends_with("_k") ? 256 : 32) << f->name;
        EXPECT_EQ(f->decode, traits(t).toFloat) << f->name;
        EXPECT_EQ(f->name, dtypeName(t));
        EXPECT_EQ(ggmlQuantizeRef(t), f->encode);
        EXPECT_EQ(ggmlQuantizeSearch(t), f->encodeSearch);
        if (!f->encodeAvx2) EXPECT_EQ(ggmlQuantizeFast(t), f->encode) << f->name;
    }
    EXPECT_EQ(ggmlFormat(DType::F16), nullptr);
    EXPECT_EQ(ggmlQuantizeFast(DType::F32), nullptr);
    int ggmlSchemes = 0;
    for (const Scheme& s : schemes()) {
        if (s.kind != SchemeKind::Ggml) continue;
        ++ggmlSchemes;
        ASSERT_NE(ggmlFormat(s.storage), nullptr) << s.name;
        EXPECT_NE(ggmlFormat(s.storage)->encode, nullptr) << s.name;
    }
    EXPECT_EQ(ggmlSchemes, 7);
}

// Blocks are built whole and copied out: a destination at an odd address gets the same bytes.
TEST(QuantGgml, EncodersWriteToUnalignedDestinations) {
    std::mt19937 rng(7);
    std::normal_distribution<float> dist(0.f, 0.1f);
    std::vector<float> x(512);
    for (float& v : x) v = dist(rng);
    for (const GgmlFormat& f : ggmlFormats()) {
        for (QuantizeRowFn fn : {f.encode, f.encodeSearch, f.encodeAvx2 && cpuFeatures().f16c ? f.encodeAvx2 : nullptr}) {
            if (!fn) continue;
            const size_t n = size_t(f.blockBytes) * x.size() / size_t(f.blockElems);
            std::vector<uint8_t> aligned(n), shifted(n + 1);
            fn(x.data(), aligned.data(), int64_t(x.size()));
            fn(x.data(), shifted.data() + 1, int64_t(x.size()));
            EXPECT_TRUE(std::equal(aligned.begin(), aligned.end(), shifted.begin() + 1)) << f.name;
            std::vector<float> a(x.size()), b(x.size());
            f.decode(aligned.data(), a.data(), int64_t(x.size()));
            f.decode(shifted.data() + 1, b.data(), int64_t(x.size()));
            EXPECT_EQ(a, b) << f.name;
            double err = 0, energy = 0;
            for (size_t i = 0; i < x.size(); ++i) err += (a[i] - x[i]) * (a[i] - x[i]), energy += x[i] * x[i];
            EXPECT_LT(err, 0.02 * energy) << f.name; // 4 bits and more: SQNR above 17 dB
        }
    }
}
