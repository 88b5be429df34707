// The calibration windows' hidden states between decoder blocks ([tokens, dim] fp32 per window),
// held in memory or, when they exceed the memory budget, in an unnamed temporary file
// (O_TMPFILE: the kernel removes it when the store closes, on error, cancel or kill -9 alike) and
// read back one window at a time. Both give the same floats, so the result does not depend on
// where the states were kept.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace qb::quant {

class HiddenStates {
public:
    /// In memory when spillDir is empty; otherwise in a temporary file in spillDir. Throws
    /// qb::Error(spillDir, ...) when the file cannot be created there.
    explicit HiddenStates(const std::string& spillDir = {});
    ~HiddenStates();
    HiddenStates(const HiddenStates&) = delete;
    HiddenStates& operator=(const HiddenStates&) = delete;

    /// Adds a window's states; throws qb::Error naming the file on a failed write (a full disk).
    void append(const std::vector<float>& x);
    size_t windows() const { return sizes_.size(); }
    /// Window w's states into x (resized).
    void read(size_t w, std::vector<float>& x) const;
    /// Replaces window w's states by x, of the same size.
    void write(size_t w, const std::vector<float>& x);

    bool spilled() const { return fd_ >= 0; }
    /// Bytes of all windows' states, wherever they are.
    uint64_t bytes() const { return total_ * sizeof(float); }

private:
    std::string dir_;
    int fd_ = -1;
    std::vector<std::vector<float>> memory_;
    std::vector<uint64_t> offsets_, sizes_; ///< in floats
    uint64_t total_ = 0;
};

} // namespace qb::quant
