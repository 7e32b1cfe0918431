#include "document/aamva_magstripe.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/utf8.h"
#include "document/aamva_fields.h"
#include "document/aamva_tables.h"

namespace idmatch::document {
namespace {

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The text up to `stop` (not included) or `max` characters, advancing `at`
// past the stop character when it was found.
std::string_view Field(std::string_view s, size_t& at, char stop, size_t max) {
  if (at >= s.size()) return {};
  const size_t end = std::min({s.find(stop, at), s.find('?', at), at + max, s.size()});
  std::string_view out = s.substr(at, end - at);
  at = end < s.size() && s[end] == stop ? end + 1 : end;
  return out;
}

// Fixed-width field of track 3.
std::string_view Fixed(std::string_view s, size_t& at, size_t width) {
  if (at >= s.size()) return {};
  std::string_view out = s.substr(at, std::min(width, s.size() - at));
  const size_t stop = out.find('?');
  if (stop != std::string_view::npos) out = out.substr(0, stop);
  at += width;
  return out;
}

size_t Track2Start(std::string_view data) {
  for (size_t at = data.find(';'); at != std::string_view::npos; at = data.find(';', at + 1)) {
    const std::string_view iin = data.substr(at + 1, 6);
    if (Digits(iin) && iin.size() == 6 && (iin.substr(0, 3) == "636" || iin.substr(0, 3) == "604")) return at;
  }
  return std::string_view::npos;
}

std::string LastDayOf(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, kDays[month - 1] + (month == 2 && leap ? 1 : 0));
  return buf;
}

}  // namespace

bool LooksLikeAamvaMagstripe(std::string_view data) {
  const size_t percent = data.find('%');
  const bool track1 =
      percent != std::string_view::npos && percent < 8 && data.find('^', percent) != std::string_view::npos;
  return track1 || Track2Start(data) != std::string_view::npos;
}

Result<AamvaRecord> ParseAamvaMagstripe(std::string_view data) {
  AamvaRecord r;
  r.file_type = "MAGSTRIPE";
  r.document_type = "DL";
  auto put = [&](const char* name, std::string_view raw) {
    const std::string value = CleanAamvaValue(raw);
    if (!value.empty()) r.elements.emplace(std::string("MS.") + name, value);
  };
  const size_t t2 = Track2Start(data);
  if (t2 == std::string_view::npos) {
    return Status(ErrorCode::kInvalidArgument, "not a readable AAMVA record: a magnetic stripe without track 2");
  }
  const size_t percent = data.find('%');
  if (percent != std::string_view::npos && percent < t2) {
    size_t at = percent + 1;
    put("STATE", Fixed(data, at, 2));
    put("CITY", Field(data, at, '^', 13));
    put("NAME", Field(data, at, '^', 35));
    put("ADDRESS", Field(data, at, '^', 77));
  }
  size_t at = t2 + 1;
  r.iin = std::string(data.substr(at, 6));
  at += 6;
  put("NUMBER", Field(data, at, '=', 13));
  const std::string_view expiry = Fixed(data, at, 4), birth = Fixed(data, at, 8);
  put("EXPIRY", expiry);
  put("BIRTH", birth);
  put("NUMBER_OVERFLOW", Field(data, at, '=', 5));
  const size_t t3 = data.find('#', at);
  if (t3 != std::string_view::npos) {
    size_t p = t3 + 3;  // after the '#' sentinel, the CDS and jurisdiction versions
    for (auto [name, width] : {std::pair{"POSTAL_CODE", 11},
                               {"CLASS", 2},
                               {"RESTRICTIONS", 10},
                               {"ENDORSEMENTS", 4},
                               {"SEX", 1},
                               {"HEIGHT", 3},
                               {"WEIGHT", 3},
                               {"HAIR", 3},
                               {"EYES", 3}}) {
      put(name, Fixed(data, p, size_t(width)));
    }
  }
  auto get = [&](const char* name) {
    auto it = r.elements.find(std::string("MS.") + name);
    return it == r.elements.end() ? std::string() : it->second;
  };
  // Name: FAMILY$GIVEN$MIDDLE.
  std::string name = get("NAME"), parts[3];
  for (int i = 0, from = 0; i < 3; ++i) {
    const size_t dollar = name.find('$', size_t(from));
    parts[i] = name.substr(size_t(from), dollar == std::string::npos ? std::string::npos : dollar - size_t(from));
    if (dollar == std::string::npos) break;
    from = int(dollar) + 1;
  }
  r.family_name = parts[0];
  r.given_names = parts[1];
  r.middle_names = parts[2];
  if (!r.middle_names.empty()) r.given_names += (r.given_names.empty() ? "" : " ") + r.middle_names;
  r.customer_id = get("NUMBER") + get("NUMBER_OVERFLOW");
  const std::string address = get("ADDRESS");
  r.street = address.substr(0, address.find('$'));
  r.city = get("CITY");
  r.postal_code = get("POSTAL_CODE");
  r.height = get("HEIGHT");
  r.eye_colour = get("EYES");
  const std::string sex = get("SEX");
  r.sex = sex == "1" ? "M" : sex == "2" ? "F" : "";
  const AamvaIssuer issuer = AamvaIssuerOf(r.iin);
  r.state = !get("STATE").empty() ? get("STATE") : std::string(issuer.jurisdiction.begin(), issuer.jurisdiction.end());
  r.country = std::string(issuer.country.begin(), issuer.country.end());
  r.birth_date = AamvaDate(birth, true);
  if (!birth.empty() && r.birth_date.empty()) r.warnings.push_back("birth date '" + get("BIRTH") + "' is not a date");
  // Expiry YYMM: MM 77 never expires, 88 the last day of the birth month, 99
  // the birthday, in year YY; else the last day of month MM.
  if (Digits(expiry) && expiry.size() == 4) {
    const int year = 2000 + std::atoi(std::string(expiry.substr(0, 2)).c_str());
    const int month = std::atoi(std::string(expiry.substr(2, 2)).c_str());
    if (month == 77) {
      r.warnings.push_back("expiry 77: the licence does not expire");
    } else if ((month == 88 || month == 99) && r.birth_date.size() == 10) {
      const int birth_month = std::atoi(r.birth_date.substr(5, 2).c_str());
      r.expiry_date = month == 88 ? LastDayOf(year, birth_month) : std::to_string(year) + r.birth_date.substr(4);
    } else if (month >= 1 && month <= 12) {
      r.expiry_date = LastDayOf(year, month);
      r.warnings.push_back("expiry given as YYMM only: read as the month's last day");
    }
  }
  r.warnings.push_back("magnetic-stripe tracks, not a PDF417 record");
  for (auto& w : r.warnings) w = utf8::Sanitize(w);  // every string of a record is UTF-8
  return r;
}

}  // namespace idmatch::document
