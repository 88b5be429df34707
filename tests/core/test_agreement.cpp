// Label-free agreement metrics against values computed independently with numpy:
// /usr/bin/python3 -c "import numpy as np
//   def ls(x): x=np.array(x,float); return x-x.max()-np.log(np.exp(x-x.max()).sum())
//   r=[[1,1],[1,2]]; c=[[1+np.log(3),1],[2,1]]
//   print([(np.exp(ls(a))*(ls(a)-ls(b))).sum() for a,b in zip(r,c)])        # 0.143841036, 0.462117157
//   R=np.array(r,float); C=np.array(c,float)
//   print(10*np.log10((R**2).sum()/((R-C)**2).sum()))                        # 3.39005992
//   print(np.mean([a@b/np.linalg.norm(a)/np.linalg.norm(b) for a,b in zip(R,C)]))"  # 0.871256770
// Row 1 by hand: softmax(1,1) = (.5,.5), softmax(1+ln3,1) = (.75,.25): KL = .5*ln(4/3).
#include <cmath>
#include <limits>

#include "core/eval/agreement.h"
#include "core/util/error.h"
#include "test_support.h"

namespace {

TEST(Agreement, LogitsAgainstNumpy) {
    const float ln3 = std::log(3.f);
    const std::vector<float> ref{1.f, 1.f, 1.f, 2.f}, cand{1.f + ln3, 1.f, 2.f, 1.f};
    const auto a = qb::compareOutputs(ref, cand, 2);
    EXPECT_EQ(a.kind, qb::OutputKind::Logits);
    EXPECT_EQ(a.samples, 2);
    EXPECT_NEAR(a.kl, 0.30297909674295015, 1e-6);
    EXPECT_DOUBLE_EQ(a.top1Agreement, 0.5); // row 1: both argmax 0 (tie -> lowest); row 2: 1 vs 0
    EXPECT_NEAR(a.sqnrDb, 3.3900599190803153, 1e-5);
    EXPECT_NEAR(a.cosine, 0.871256769830606, 1e-6);
}

TEST(Agreement, ProbabilitiesAndLogProbabilitiesAreDetected) {
    const std::vector<float> p{0.5f, 0.5f}, q{0.75f, 0.25f};
    const auto a = qb::compareOutputs(p, q, 1 + 1);
    EXPECT_EQ(a.kind, qb::OutputKind::Probabilities);
    EXPECT_NEAR(a.kl, 0.5 * std::log(4.0 / 3.0), 1e-7);
    const std::vector<float> lp{std::log(0.5f), std::log(0.5f)}, lq{std::log(0.75f), std::log(0.25f)};
    const auto b = qb::compareOutputs(lp, lq, 2);
    EXPECT_EQ(b.kind, qb::OutputKind::LogProbabilities);
    EXPECT_NEAR(b.kl, 0.5 * std::log(4.0 / 3.0), 1e-7);
    // Forced as logits, the same probabilities give softmax(.5,.5) vs softmax(.75,.25):
    // KL = .5*ln(.5/q0) + .5*ln(.5/q1) with q = softmax(.75,.25) = (0.622459, 0.377541).
    const auto c = qb::compareOutputs(p, q, 2, qb::OutputKind::Logits);
    EXPECT_NEAR(c.kl, 0.5 * std::log(0.5 / 0.6224593312018546) + 0.5 * std::log(0.5 / 0.3775406687981454), 1e-7);
}

TEST(Agreement, IdenticalRunsAndBadSizes) {
    const std::vector<float> v{0.1f, -2.f, 3.f, 0.f, 0.f, 0.f};
    const auto a = qb::compareOutputs(v, v, 3);
    EXPECT_EQ(a.kl, 0.0);
    EXPECT_EQ(a.top1Agreement, 1.0);
    EXPECT_EQ(a.sqnrDb, std::numeric_limits<double>::infinity());
    EXPECT_NEAR(a.cosine, 1.0, 1e-12); // the zero row counts as agreeing
    EXPECT_THROW(qb::compareOutputs(v, std::vector<float>(5), 3), qb::Error);
    EXPECT_THROW(qb::compareOutputs(v, v, 4), qb::Error);
}

} // namespace
