// Small helpers over the HDF5 C API: owning handles, quiet error handling that turns HDF5's error
// stack into text for qb::Error, and string attributes as Keras and h5py write them.
#pragma once
#include <hdf5.h>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace qb::h5 {

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class Id {
public:
    using Closer = herr_t (*)(hid_t);
    Id() = default;
    Id(hid_t id, Closer close) : id_(id), close_(close) {}
    ~Id() { reset(); }
    Id(Id&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = H5I_INVALID_HID; }
    Id& operator=(Id&& o) noexcept {
        if (this != &o) {
            reset();
            id_ = o.id_;
            close_ = o.close_;
            o.id_ = H5I_INVALID_HID;
        }
        return *this;
    }
    Id(const Id&) = delete;
    Id& operator=(const Id&) = delete;

    hid_t get() const { return id_; }
    bool valid() const { return id_ >= 0; }
    explicit operator bool() const { return valid(); }

private:
    void reset() {
        if (id_ >= 0 && close_) close_(id_);
        id_ = H5I_INVALID_HID;
    }
    hid_t id_ = H5I_INVALID_HID;
    Closer close_ = nullptr;
};

/// While alive, HDF5 prints nothing to stderr for errors on this thread (HDF5 is built
/// thread-safe on Debian, so the setting is per thread); the previous handler is restored after.
class QuietErrors {
public:
    QuietErrors();
    ~QuietErrors();
    QuietErrors(const QuietErrors&) = delete;
    QuietErrors& operator=(const QuietErrors&) = delete;

private:
    H5E_auto2_t func_ = nullptr;
    void* data_ = nullptr;
};

/// The innermost message on this thread's HDF5 error stack (the root cause), or "" if empty.
/// Call right after the failing HDF5 function: the next API call clears the stack.
std::string lastError();

/// True if `obj` has an attribute called `name`.
bool hasAttribute(hid_t obj, const std::string& name);

/// A string attribute (fixed-length or variable-length, scalar or one element). Returns nullopt
/// if absent; throws qb::Error(file, "<what>: ...") if it exists but is not a string.
std::optional<std::string> stringAttribute(const std::string& file, hid_t obj, const std::string& name,
                                           const std::string& what);

/// A list-of-strings attribute. An empty non-string array (h5py writes `[]` as an empty float64
/// array) is an empty list. Returns nullopt if absent.
std::optional<std::vector<std::string>> stringListAttribute(const std::string& file, hid_t obj,
                                                            const std::string& name, const std::string& what);

/// Names of the links directly under a group that lead to objects of `type`, in name order.
std::vector<std::string> childNames(const std::string& file, hid_t group, H5O_type_t type,
                                    const std::string& what);

/// Paths (relative to `group`) of every dataset below it, recursively, in name order.
std::vector<std::string> datasetsBelow(const std::string& file, hid_t group, const std::string& what);

/// Checks every global heap collection ("GCOL", where variable-length strings live) in the raw
/// file bytes against the file format's layout. HDF5 1.10 walks a collection without bounds
/// checks, so one object size near 2^64 makes it loop forever while reading a string attribute;
/// this must run before H5Fopen. Returns what is wrong and where, or nullopt. (A weight blob that
/// happens to contain a collection-like header could be refused; that is astronomically rare.)
/// Pages of a MappedFile's bytes are released behind the scan (the peak stays small).
std::optional<std::string> corruptGlobalHeap(std::span<const std::byte> file);

} // namespace qb::h5
