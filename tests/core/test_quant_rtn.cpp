// RTN over every scheme of the table on deterministic and adversarial data. Error bounds are in
// steps of each weight's own group or block (its stored fp16 scale): uniform rounding gives about
// 1/sqrt(12) = 0.289 of a step RMS and at most half a step. Hand-built cases check the integer
// layout bytes and the clipping search against arithmetic done by hand.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/quant/rtn.h"
#include "core/util/error.h"
#include "core/util/parallel.h"
#include "test_support.h"

using namespace qb;
using namespace qb::quant;

namespace {

struct Dataset {
    std::string name;
    bool smooth; ///< values spread over the range (the RMS bound applies)
    std::function<float(size_t, std::mt19937&)> gen;
};

std::vector<Dataset> datasets() {
    return {
        {"uniform", true, [](size_t, std::mt19937& r) { return std::uniform_real_distribution<float>(-1, 1)(r); }},
        {"gaussian", true, [](size_t, std::mt19937& r) { return std::normal_distribution<float>(0, 0.02f)(r); }},
        {"outliers", false,
         [](size_t i, std::mt19937& r) { return i % 41 == 3 ? 1e4f : std::normal_distribution<float>(0, 1)(r); }},
        {"constant", false, [](size_t, std::mt19937&) { return 0.37f; }},
        {"negative_constant", false, [](size_t, std::mt19937&) { return -2.5f; }},
        {"zeros", false, [](size_t, std::mt19937&) { return 0.0f; }},
        {"denormals", false, [](size_t i, std::mt19937&) { return float(int(i % 7) - 3) * 1e-41f; }},
        {"tiny", false, [](size_t i, std::mt19937&) { return float(int(i % 32) - 16) * 1e-38f; }},
        {"alternating", false, [](size_t i, std::mt19937&) { return i % 2 ? 1.0f : -1.0f; }},
        {"row_scales", false,
         [](size_t i, std::mt19937& r) { return std::ldexp(std::uniform_real_distribution<float>(-1, 1)(r), int(i / 64) % 9 - 4); }},
        {"small", false, [](size_t, std::mt19937& r) { return std::uniform_real_distribution<float>(-1e-6f, 1e-6f)(r); }},
    };
}

uint16_t halfAt(const std::vector<uint8_t>& b, size_t at) {
    uint16_t h;
    std::memcpy(&h, b.data() + at, 2);
    return h;
}

// The step of element i: its group's scale (integer layout: fp16 scales first, or after the
// super-scale the scale codes, LSB-first) or |d| of its block.
double stepOf(const QuantizedTensor& q, size_t i) {
    const Scheme& s = *q.scheme;
    if (s.kind == SchemeKind::Integer) {
        const size_t len = s.granularity == Granularity::Tensor ? size_t(q.rows * q.cols)
                           : s.granularity == Granularity::Channel ? size_t(q.cols)
                                                                   : size_t(s.group);
        if (s.scaleBits != 16) {
            uint32_t code = 0;
            for (int b = 0; b < s.scaleBits; ++b) {
                const size_t bit = (i / len) * size_t(s.scaleBits) + size_t(b);
                code |= uint32_t((q.bytes[2 + bit / 8] >> (bit % 8)) & 1u) << b;
            }
            return double(code) * halfToFloat(halfAt(q.bytes, 0));
        }
        return halfToFloat(halfAt(q.bytes, 2 * (i / len)));
    }
    if (s.storage == DType::Q6_K) { // d at byte 208, int8 scale per 16 weights at 192
        const size_t at = (i / 256) * 210;
        return std::fabs(halfToFloat(halfAt(q.bytes, at + 208)) * float(int8_t(q.bytes[at + 192 + (i % 256) / 16])));
    }
    if (s.storage == DType::Q4_K) { // d at 0; 6-bit scale of sub-block j (32 weights) per ggml-common.h
        const size_t at = (i / 256) * 144;
        const uint8_t* sc = q.bytes.data() + at + 4;
        const size_t j = (i % 256) / 32;
        const int scale = j < 4 ? sc[j] & 63 : (sc[j + 4] & 0x0f) | (sc[j - 4] >> 6) << 4;
        return halfToFloat(halfAt(q.bytes, at)) * float(scale);
    }
    return std::fabs(halfToFloat(halfAt(q.bytes, (i / 32) * size_t(traits(s.storage).blockBytes))));
}

struct Errors {
    double rmsSteps = 0;   ///< sqrt(mean((err/step)^2)) over elements with a nonzero step
    double worstExcess = 0; ///< max of |err| - allowed(i); <= 0 when every element is within bounds
    double sse = 0;
};

// Allowed |err|: `slack` steps, plus the fp16 rounding of the scale seen from the largest code
// (2^bits * 2^-11 steps; ggml encodes with the f32 scale), plus the rounding of Q4_1/Q5_1's fp16
// min (2^-11 of the largest weight), plus 2^bits fp16 subnormal quanta for scales near zero.
Errors measure(const QuantizedTensor& q, const std::vector<float>& w, double slack) {
    const auto y = dequantize(q);
    Errors e;
    double amax = 0;
    for (float v : w) amax = std::max(amax, double(std::fabs(v)));
    const double codes = std::ldexp(1.0, q.scheme->bits);
    size_t counted = 0;
    for (size_t i = 0; i < w.size(); ++i) {
        const double err = std::fabs(double(w[i]) - y[i]);
        e.sse += err * err;
        if (q.scheme->kind == SchemeKind::Float) {
            const double allowed = q.scheme->storage == DType::F32 ? 0 : std::ldexp(std::fabs(w[i]), -11) + 0x1p-25;
            e.worstExcess = std::max(e.worstExcess, err - allowed);
            continue;
        }
        const double step = stepOf(q, i);
        const double allowed = step * (slack + codes * 0x1p-11) + amax * 0x1p-11 + codes * 0x1p-25;
        e.worstExcess = std::max(e.worstExcess, err - allowed);
        if (step > 0) {
            e.rmsSteps += (err / step) * (err / step);
            ++counted;
        }
    }
    e.rmsSteps = counted ? std::sqrt(e.rmsSteps / double(counted)) : 0;
    return e;
}

// Q4_0, Q5_0 and Q6_K put levels -2^(b-1)..2^(b-1)-1 times |d| with the largest magnitude at the
// long end, so the other end is a step short: up to a whole step there, and about 0.315 of a step
// RMS on uniform data ((15/16)/12 + (1/16)(1/3) = 0.099 for Q4_0).
bool centred(const Scheme& s) {
    return s.storage == DType::Q4_0 || s.storage == DType::Q5_0 || s.storage == DType::Q6_K;
}

} // namespace

TEST(QuantRtn, EverySchemeEveryDataset) {
    for (const auto& ds : datasets()) {
        for (int64_t cols : {256, 128, 96}) { // 128: Q6_K falls back to f16; 96: g64, g128 to per-channel
            const int64_t rows = 4;
            std::mt19937 rng(99);
            std::vector<float> w(size_t(rows * cols));
            for (size_t i = 0; i < w.size(); ++i) w[i] = ds.gen(i, rng);
            for (const auto& s : schemes()) {
                SCOPED_TRACE(s.name + " on " + ds.name + " cols " + std::to_string(cols));
                RtnOptions plain;
                plain.clipSearch = false;
                const auto q = quantizeRtn(s, w, rows, cols, "w", plain);
                EXPECT_EQ(q.scheme, &resolve(s, cols));
                EXPECT_EQ(q.bytes.size(), *sizeBytes(*q.scheme, rows, cols));
                const double slack = centred(*q.scheme) ? 1.0 : 0.5;
                const Errors e = measure(q, w, slack);
                EXPECT_LE(e.worstExcess, 0.0);
                if (ds.smooth) EXPECT_LE(e.rmsSteps, centred(*q.scheme) ? 0.33 : 0.32);

                // The search includes the min-max scale (and for Q4_K/Q6_K keeps the plain block
                // where that is better), so it can only lower the squared error.
                const auto c = quantizeRtn(s, w, rows, cols, "w");
                const Errors ec = measure(c, w, 1e9);
                EXPECT_LE(ec.sse, e.sse * (1 + 1e-12) + 1e-30);
            }
        }
    }
}

TEST(QuantRtn, IntegerLayoutBytesByHand) {
    // int4 per-tensor symmetric on (i-7)/2, i = 0..14, plus 0: amax 3.5, scale 3.5/7 = 0.5
    // (half 0x3800); codes q + 8 = i + 1 (and 8 for the trailing 0), two per byte, low nibble first.
    std::vector<float> w(16);
    for (int i = 0; i < 15; ++i) w[i] = float(i - 7) * 0.5f;
    w[15] = 0;
    RtnOptions plain;
    plain.clipSearch = false;
    auto q = quantizeRtn(scheme("int4_tensor_sym"), w, 1, 16, "w", plain);
    ASSERT_EQ(q.bytes.size(), 2u + 8u);
    EXPECT_EQ(halfAt(q.bytes, 0), 0x3800);
    for (int b = 0; b < 8; ++b) {
        const int lo = 2 * b + 1, hi = 2 * b + 1 < 15 ? 2 * b + 2 : 8;
        EXPECT_EQ(q.bytes[2 + b], uint8_t(lo | hi << 4)) << b;
    }
    EXPECT_EQ(dequantize(q), w);

    // int2 per-channel asymmetric on rows {0,1,2,3} and {-3,-2,-1,0}: scales 1 (0x3c00), zero points
    // 0 and 3 packed as 2-bit fields (0 | 3<<2 = 0x0c), codes 0,1,2,3 in both rows -> 0xe4 0xe4.
    w = {0, 1, 2, 3, -3, -2, -1, 0};
    q = quantizeRtn(scheme("int2_channel_asym"), w, 2, 4, "w", plain);
    ASSERT_EQ(q.bytes.size(), 4u + 1u + 2u);
    EXPECT_EQ(halfAt(q.bytes, 0), 0x3c00);
    EXPECT_EQ(halfAt(q.bytes, 2), 0x3c00);
    EXPECT_EQ(q.bytes[4], 0x0c);
    EXPECT_EQ(q.bytes[5], 0xe4);
    EXPECT_EQ(q.bytes[6], 0xe4);
    EXPECT_EQ(dequantize(q), w);
}

TEST(QuantRtn, ClipSearchFindsTheMseScaleByHand) {
    // int2 symmetric (levels -s, 0, s) on 31 ones and one 2. Min-max: s = 2, the ones round to 0
    // (0.5 ties to even): SSE 31. Shrinking by f: s = 2f, SSE(f) = 31(1-2f)^2 + (2-2f)^2, least at
    // f = 132/256; on the 0.01 grid f = 0.52 wins (0.9712 vs 0.9728 at 0.51 and 0.9952 at 0.53),
    // s = 1.04 -> half 1 + 41/1024 (0x3c29). Every code is q = +1 -> u = 3 -> bytes 0xff.
    std::vector<float> w(32, 1.0f);
    w[7] = 2.0f;
    const auto q = quantizeRtn(scheme("int2_g32_sym"), w, 1, 32, "w");
    ASSERT_EQ(q.bytes.size(), 2u + 8u);
    EXPECT_EQ(halfAt(q.bytes, 0), 0x3c29);
    for (int b = 2; b < 10; ++b) EXPECT_EQ(q.bytes[b], 0xff) << b;
    RtnOptions plain;
    plain.clipSearch = false;
    EXPECT_EQ(halfAt(quantizeRtn(scheme("int2_g32_sym"), w, 1, 32, "w", plain).bytes, 0), 0x4000);
}

TEST(QuantRtn, ClipSearchHelpsHeavyTails) {
    // Laplace-like weights (difference of two exponentials) at 4 bits per channel: the min-max
    // scale wastes levels on the tails, so the searched scale must cut the squared error.
    std::mt19937 rng(5);
    std::exponential_distribution<float> ex(1.0f);
    std::vector<float> w(8 * 512);
    for (auto& v : w) v = ex(rng) - ex(rng);
    RtnOptions plain;
    plain.clipSearch = false;
    for (const char* name : {"int4_channel_sym", "int4_channel_asym", "int3_g128_sym"}) {
        const auto base = measure(quantizeRtn(scheme(name), w, 8, 512, "w", plain), w, 1e9);
        const auto searched = measure(quantizeRtn(scheme(name), w, 8, 512, "w"), w, 1e9);
        EXPECT_LT(searched.sse, 0.9 * base.sse) << name;
    }
}

TEST(QuantRtn, NonFiniteWeightsAreRejectedWithTheirIndex) {
    for (const auto& s : schemes()) {
        for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity()}) {
            std::vector<float> w(4 * 32, 0.5f);
            w[37] = bad;
            try {
                quantizeRtn(s, w, 4, 32, "blk.0.ffn_up.weight");
                ADD_FAILURE() << s.name << " accepted " << bad;
            } catch (const Error& e) {
                const std::string msg = e.what();
                EXPECT_EQ(e.where(), "blk.0.ffn_up.weight");
                EXPECT_NE(msg.find("weight 37 (row 1, column 5)"), std::string::npos) << msg;
                EXPECT_NE(msg.find(std::isnan(bad) ? "NaN" : "infinite"), std::string::npos) << msg;
            }
        }
    }
}

TEST(QuantRtn, ScalesBeyondFp16AreRejected) {
    // 3e5 needs d = 3e5/127 = 2362 in Q8_0 (fits) but s = 3e5 in int2 sym (> 65504), and f16
    // cannot hold 3e5 itself.
    std::vector<float> w(32, 1.0f);
    w[3] = 3e5f;
    EXPECT_NO_THROW(quantizeRtn(scheme("q8_0"), w, 1, 32, "w"));
    EXPECT_THROW(quantizeRtn(scheme("int2_g32_sym"), w, 1, 32, "w"), Error);
    EXPECT_THROW(quantizeRtn(scheme("f16"), w, 1, 32, "w"), Error);
    // Q4_1 stores the min in fp16: -3e5 does not fit.
    w[3] = -3e5f;
    EXPECT_THROW(quantizeRtn(scheme("q4_1"), w, 1, 32, "w"), Error);
    w[3] = 3e38f; // Q8_0: d = 2.4e36
    EXPECT_THROW(quantizeRtn(scheme("q8_0"), w, 1, 32, "w"), Error);
}

TEST(QuantRtn, ShapeMustMatchTheData) {
    std::vector<float> w(10, 0.0f);
    EXPECT_THROW(quantizeRtn(scheme("int8_tensor_sym"), w, 3, 4, "w"), Error);
    EXPECT_THROW(quantizeRtn(scheme("int8_tensor_sym"), w, -2, -5, "w"), Error);
    EXPECT_THROW(quantizeRtn(scheme("int8_tensor_sym"), w, std::numeric_limits<int64_t>::max(), 4, "w"), Error);
    EXPECT_TRUE(quantizeRtn(scheme("q4_0"), {}, 0, 32, "w").bytes.empty());
}

TEST(QuantRtn, ThreadCountDoesNotChangeTheBytes) {
    std::mt19937 rng(3);
    std::normal_distribution<float> nd(0.0f, 0.05f);
    std::vector<float> w(64 * 512);
    for (auto& v : w) v = nd(rng);
    for (const char* name : {"int3_channel_asym", "int4_g32_sym", "int5_tensor_asym", "q4_0", "q4_k", "q6_k"}) {
        setThreadCount(1);
        const auto one = quantizeRtn(scheme(name), w, 64, 512, "w");
        setThreadCount(4);
        const auto four = quantizeRtn(scheme(name), w, 64, 512, "w");
        EXPECT_EQ(one.bytes, four.bytes) << name;
    }
    setThreadCount(0);
}

TEST(QuantRtn, DequantizeChecksTheBytes) {
    std::vector<float> w(64, 0.5f);
    auto q = quantizeRtn(scheme("int4_g32_asym"), w, 2, 32, "w");
    q.bytes.pop_back();
    EXPECT_THROW(dequantize(q), Error);
    q.scheme = nullptr;
    EXPECT_THROW(dequantize(q), Error);
}

// A matrix read a few rows at a time quantizes to the bytes of the whole matrix, for every
// scheme, with and without the clip search, and no read asks for more rows than one part (eight
// for an integer scheme, whose parts start on a byte of codes; all for a per-tensor grid).
TEST(QuantRtn, RowsReadInPartsGiveTheWholeMatrixBytes) {
    std::mt19937 rng(17);
    std::student_t_distribution<float> heavy(4.0f);
    for (int64_t cols : {256, 96, 20}) { // 96: g64, g128 fall back; 20: a row is not 8 codes
        const int64_t rows = 37;
        std::vector<float> w(size_t(rows * cols));
        for (float& v : w) v = halfToFloat(floatToHalf(0.02f * heavy(rng))); // an fp16 checkpoint's values
        for (const auto& s : schemes()) {
            for (const bool search : {true, false}) {
                SCOPED_TRACE(s.name + " cols " + std::to_string(cols) + (search ? " searched" : ""));
                RtnOptions opt;
                opt.clipSearch = search;
                std::string refused;
                QuantizedTensor whole;
                try {
                    whole = quantizeRtn(s, w, rows, cols, "w", opt);
                } catch (const Error& e) {
                    refused = e.what(); // a ggml row of 20 weights
                }
                int64_t most = 0, reads = 0;
                const auto read = [&](int64_t begin, int64_t end, std::span<float> out) {
                    ASSERT_EQ(out.size(), size_t((end - begin) * cols));
                    std::copy(w.begin() + begin * cols, w.begin() + end * cols, out.begin());
                    most = std::max(most, end - begin);
                    ++reads;
                };
                if (!refused.empty()) {
                    EXPECT_THROW(quantizeRtnRows(s, read, rows, cols, "w", opt, uint64_t(3 * cols)), Error) << refused;
                    continue;
                }
                const QuantizedTensor parts = quantizeRtnRows(s, read, rows, cols, "w", opt, uint64_t(3 * cols));
                EXPECT_EQ(parts.scheme, whole.scheme);
                EXPECT_EQ(parts.bytes, whole.bytes);
                const Scheme& used = *whole.scheme;
                const bool tensorGrid = used.kind == SchemeKind::Integer && used.granularity == Granularity::Tensor;
                EXPECT_EQ(most, tensorGrid ? rows : used.kind == SchemeKind::Integer ? 8 : 3);
                const bool twice = used.kind == SchemeKind::Integer && used.scaleBits != 16;
                EXPECT_EQ(reads, (tensorGrid ? 1 : (rows + most - 1) / most) * (twice ? 2 : 1));
            }
        }
    }
}

// An error in a later part names the weight by its index in the whole matrix, as quantizeRtn does.
TEST(QuantRtn, RowsReadInPartsNameABadWeightByItsIndex) {
    std::vector<float> w(40 * 32, 0.25f);
    w[33 * 32 + 5] = std::numeric_limits<float>::quiet_NaN();
    const auto read = [&](int64_t begin, int64_t end, std::span<float> out) {
        std::copy(w.begin() + begin * 32, w.begin() + end * 32, out.begin());
    };
    for (const char* name : {"int4_g32_sym", "int8_g32_sym_s8", "q4_k", "f16"}) {
        const Scheme& s = scheme(name);
        std::string whole, parts;
        try {
            quantizeRtn(s, w, 40, 32, "blk.3.ffn_down.weight");
        } catch (const Error& e) {
            whole = e.what();
        }
        try {
            quantizeRtnRows(s, read, 40, 32, "blk.3.ffn_down.weight", {}, 64);
        } catch (const Error& e) {
            parts = e.what();
        }
        EXPECT_NE(whole.find("weight 1061 (row 33, column 5) is NaN"), std::string::npos) << name << ": " << whole;
        EXPECT_EQ(parts, whole) << name;
    }
}
