#include "core/util/byte_size.h"

#include <cctype>
#include <cmath>
#include <string>

namespace qb {

std::optional<uint64_t> parseByteSize(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    const std::string number(text.substr(0, i));
    if (number.empty() || number.find('.') != number.rfind('.') || number == ".") return std::nullopt;
    std::string unit(text.substr(i));
    for (char& c : unit) c = char(std::toupper(static_cast<unsigned char>(c)));
    if (unit.ends_with("IB")) unit.resize(unit.size() - 2);
    else if (unit.size() > 1 && unit.ends_with("B")) unit.pop_back();
    int shift = 0;
    if (unit.empty() || unit == "B") shift = 0;
    else if (unit == "K") shift = 10;
    else if (unit == "M") shift = 20;
    else if (unit == "G") shift = 30;
    else if (unit == "T") shift = 40;
    else return std::nullopt;
    const double bytes = std::stod(number) * std::ldexp(1.0, shift);
    if (!(bytes <= std::ldexp(1.0, 63))) return std::nullopt;
    return uint64_t(std::llround(bytes));
}

} // namespace qb
