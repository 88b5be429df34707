// One error type for every failure the user should see: "<file or object>: <what is wrong>".
#pragma once
#include <stdexcept>
#include <string>

namespace qb {

class Error : public std::runtime_error {
public:
    Error(const std::string& where, const std::string& what)
        : std::runtime_error(where + ": " + what), where_(where) {}
    /// The file or object the error is about (the part before the first ": ").
    const std::string& where() const { return where_; }

private:
    std::string where_;
};

} // namespace qb
