#include "document/aamva.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace idmatch::document {
namespace {

Status Bad(std::string what) {
  std::string msg = "not a readable AAMVA record: ";
  return Status(ErrorCode::kInvalidArgument, msg.append(what));
}

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string Visible(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    char buf[8];
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  return out;
}

// Elements of one subfile body: one per line (LF, CR or RS ends a line).
void ReadElements(std::string_view body, const std::string& subfile, AamvaRecord& r) {
  size_t i = 0;
  while (i < body.size()) {
    size_t end = body.find_first_of("\n\r\x1e", i);
    if (end == std::string_view::npos) end = body.size();
    const std::string piece = Trim(body.substr(i, end - i));
    i = end + 1;
    if (piece.size() < 3) continue;
    const std::string id = Upper(piece.substr(0, 3));
    if (!std::isalpha(static_cast<unsigned char>(id[0]))) continue;
    r.elements.emplace(subfile + "." + id, Trim(piece.substr(3)));
  }
}

}  // namespace

std::string AamvaDate(std::string_view raw, bool year_first) {
  if (raw.size() != 8 || !Digits(raw)) return "";
  const int year = std::atoi(std::string(year_first ? raw.substr(0, 4) : raw.substr(4, 4)).c_str());
  const int month = std::atoi(std::string(year_first ? raw.substr(4, 2) : raw.substr(0, 2)).c_str());
  const int day = std::atoi(std::string(year_first ? raw.substr(6, 2) : raw.substr(2, 2)).c_str());
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1850 || year > 2200 || month < 1 || month > 12 || day < 1 ||
      day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) {
    return "";
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Result<AamvaRecord> ParseAamva(std::string_view data) {
  AamvaRecord r;
  const size_t at = data.find('@');
  if (at == std::string_view::npos || at > 16) return Bad("it does not start with the '@' compliance indicator");
  const std::string_view s = data.substr(at);
  const std::string head = Upper(s.substr(0, std::min<size_t>(s.size(), 24)));
  size_t type_at = head.find("ANSI");
  r.file_type = "ANSI";
  if (type_at == std::string::npos) {
    type_at = head.find("AAMVA");
    r.file_type = "AAMVA";
  }
  if (type_at == std::string::npos) return Bad("no 'ANSI' file type in the header");
  if (s.substr(1, type_at - 1) != "\n\x1e\r") {
    r.warnings.push_back("header separators are '" + Visible(s.substr(1, type_at - 1)) + "' instead of LF, RS, CR");
  }
  size_t p = type_at + r.file_type.size();
  if (p < s.size() && s[p] == ' ') ++p;
  auto take = [&](size_t n, const char* what) -> Result<std::string> {
    if (p + n > s.size()) return Bad(std::string("the header ends before the ") + what);
    std::string v(s.substr(p, n));
    if (!Digits(v)) return Bad(std::string("the ") + what + " '" + Visible(v) + "' is not numeric");
    p += n;
    return v;
  };
  auto iin = take(6, "issuer identification number");
  if (!iin.ok()) return iin.status();
  r.iin = *iin;
  auto version = take(2, "AAMVA version");
  if (!version.ok()) return version.status();
  r.version = std::atoi(version->c_str());
  if (r.version > 10) r.warnings.push_back("AAMVA version " + *version + " is newer than 10; read as version 10");
  if (r.version >= 2) {
    auto jv = take(2, "jurisdiction version");
    if (!jv.ok()) return jv.status();
    r.jurisdiction_version = std::atoi(jv->c_str());
  }
  auto entries = take(2, "number of entries");
  if (!entries.ok()) return entries.status();
  const int count = std::atoi(entries->c_str());
  if (count < 1) return Bad("the header declares no subfiles");
  for (int i = 0; i < count; ++i) {
    if (p + 10 > s.size()) return Bad("the header ends inside subfile designator " + std::to_string(i + 1));
    AamvaSubfile f;
    f.type = Upper(s.substr(p, 2));
    const std::string offset(s.substr(p + 2, 4)), length(s.substr(p + 6, 4));
    if (!std::isalpha(static_cast<unsigned char>(f.type[0])) || !Digits(offset) || !Digits(length)) {
      return Bad("subfile designator " + std::to_string(i + 1) + " '" + Visible(s.substr(p, 10)) + "' is malformed");
    }
    f.offset = std::atoi(offset.c_str());
    f.length = std::atoi(length.c_str());
    r.subfiles.push_back(f);
    p += 10;
  }
  const size_t header_end = p;
  for (const auto& f : r.subfiles) {
    size_t begin = static_cast<size_t>(f.offset);
    const bool declared_ok = begin >= header_end && begin + 2 <= s.size() && Upper(s.substr(begin, 2)) == f.type;
    if (!declared_ok) {
      // Bad offsets are common: find the subfile type followed by an element id.
      size_t found = header_end;
      const std::string upper = Upper(s);
      while ((found = upper.find(f.type, found)) != std::string::npos) {
        if (found + 5 <= upper.size() && std::isalpha(static_cast<unsigned char>(upper[found + 2])) &&
            std::isalpha(static_cast<unsigned char>(upper[found + 3]))) {
          break;
        }
        ++found;
      }
      if (found == std::string::npos) {
        r.warnings.push_back("subfile " + f.type + " declared at offset " + std::to_string(f.offset) + " is missing");
        continue;
      }
      r.warnings.push_back("subfile " + f.type + " found at offset " + std::to_string(found) + ", not " +
                           std::to_string(f.offset));
      begin = found;
    }
    size_t end = std::min(s.size(), begin + static_cast<size_t>(std::max(f.length, 2)));
    // A too-short declared length is also common: read to the segment terminator.
    const size_t terminator = s.find('\r', begin + 2);
    if (terminator != std::string_view::npos && terminator > end) end = terminator;
    ReadElements(s.substr(begin + 2, end - begin - 2), f.type, r);
  }
  for (const char* type : {"DL", "ID"}) {
    if (std::any_of(r.elements.begin(), r.elements.end(), [&](const auto& e) { return e.first.rfind(type, 0) == 0; })) {
      r.document_type = type;
      break;
    }
  }
  if (r.document_type.empty()) return Bad("it has no DL or ID subfile with data elements");
  auto get = [&](const char* id) {
    auto it = r.elements.find(r.document_type + "." + id);
    return it == r.elements.end() ? std::string() : it->second;
  };
  r.family_name = get("DCS");
  r.middle_names = get("DAD");
  r.given_names = get("DAC");
  if (r.given_names.empty()) {
    r.given_names = get("DCT");  // versions 1-3: all given names in one element
    std::replace(r.given_names.begin(), r.given_names.end(), ',', ' ');
  } else if (!r.middle_names.empty()) {
    r.given_names += " " + r.middle_names;
  }
  if (r.family_name.empty() && !get("DAA").empty()) {  // version 1: "FAMILY,GIVEN,MIDDLE"
    const std::string full = get("DAA");
    const size_t comma = full.find(',');
    r.family_name = full.substr(0, comma);
    if (comma != std::string::npos && r.given_names.empty()) {
      r.given_names = full.substr(comma + 1);
      std::replace(r.given_names.begin(), r.given_names.end(), ',', ' ');
    }
  }
  r.customer_id = get("DAQ");
  r.eye_colour = get("DAY");
  r.height = get("DAU");
  r.street = get("DAG");
  r.city = get("DAI");
  r.state = get("DAJ");
  r.postal_code = get("DAK");
  r.country = Upper(get("DCG"));
  r.document_discriminator = get("DCF");
  const std::string sex = Upper(get("DBC"));
  if (sex == "1" || sex == "M") {
    r.sex = "M";
  } else if (sex == "2" || sex == "F") {
    r.sex = "F";
  } else if (sex == "9" || sex == "X") {
    r.sex = "X";
  } else if (!sex.empty()) {
    r.warnings.push_back("DBC (sex) '" + sex + "' is not 1, 2 or 9");
  }
  // Dates: CCYYMMDD in version 1 and on Canadian cards, MMDDCCYY on US cards.
  // Without DCG, the order that gives a real date wins (both: US order).
  for (auto [id, out] : {std::pair{"DBB", &r.birth_date}, {"DBA", &r.expiry_date}, {"DBD", &r.issue_date}}) {
    const std::string raw = get(id);
    if (raw.empty()) continue;
    if (r.version <= 1 || r.country == "CAN") {
      *out = AamvaDate(raw, true);
    } else if (r.country == "USA") {
      *out = AamvaDate(raw, false);
    } else {
      *out = AamvaDate(raw, false);
      if (out->empty()) *out = AamvaDate(raw, true);
    }
    if (out->empty()) r.warnings.push_back(std::string(id) + " '" + raw + "' is not a date");
  }
  return r;
}

}  // namespace idmatch::document
