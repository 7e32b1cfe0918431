#include "document/aamva_fields.h"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

#include "core/utf8.h"
#include "document/aamva_tables.h"

namespace idmatch::document {
namespace {

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string Join(const std::vector<std::string>& parts, size_t begin = 0, size_t end = std::string::npos) {
  std::string out;
  for (size_t i = begin; i < std::min(end, parts.size()); ++i) {
    if (parts[i].empty()) continue;
    if (!out.empty()) out += ' ';
    out += parts[i];
  }
  return out;
}

// A name element without the commas some cards put after it ("PUBLIC,").
std::string NamePart(std::string s) {
  while (!s.empty() && (s.back() == ',' || s.back() == ' ')) s.pop_back();
  while (!s.empty() && (s.front() == ',' || s.front() == ' ')) s.erase(s.begin());
  return s;
}

// Given names written with commas ("JOHN,QUINCY"): space separated.
std::string GivenNames(const std::string& s) {
  std::string spaced = s;
  std::replace(spaced.begin(), spaced.end(), ',', ' ');
  return Join(Words(spaced));
}

bool IsSuffix(const std::string& word) {
  static const char* const kSuffixes[] = {"JR", "JR.", "SR", "SR.", "II", "III", "IV", "V", "2ND", "3RD", "4TH"};
  const std::string u = Upper(word);
  return std::any_of(std::begin(kSuffixes), std::end(kSuffixes), [&](const char* s) { return u == s; });
}

// Version 1's single name element: "LAST,FIRST,MIDDLE,SUFFIX" (AAMVA 2000's
// comma-delimited form) or, on cards that used spaces, "FIRST MIDDLE LAST".
void SplitFullName(const std::string& full, AamvaRecord& r) {
  std::string family, given, suffix;
  if (full.find(',') != std::string::npos) {
    std::vector<std::string> parts;
    std::stringstream in(full);
    for (std::string p; std::getline(in, p, ',');) parts.push_back(Join(Words(p)));
    family = parts.empty() ? "" : parts[0];
    if (parts.size() >= 4 && IsSuffix(parts[3])) {
      suffix = parts[3];
      parts.resize(3);
    }
    given = Join(parts, 1);
  } else {
    auto words = Words(full);
    if (words.size() >= 2 && IsSuffix(words.back())) {
      suffix = words.back();
      words.pop_back();
    }
    if (words.size() >= 2) {
      family = words.back();
      given = Join(words, 0, words.size() - 1);
      r.warnings.push_back("DAA has no commas: read as FIRST MIDDLE LAST");
    } else {
      family = Join(words);
    }
  }
  if (r.family_name.empty()) r.family_name = family;
  if (r.given_names.empty()) r.given_names = given;
  if (r.name_suffix.empty()) r.name_suffix = suffix;
}

const std::string& Element(const AamvaRecord& r, const char* id);

void FillDates(AamvaRecord& r) {
  // CCYYMMDD in version 1 and on Canadian cards, MMDDCCYY on US cards of
  // versions 2+; the other order is tried when the expected one is no date.
  const bool year_first = r.version <= 1 || r.country == "CAN";
  for (auto [id, out] : {std::pair{"DBB", &r.birth_date}, {"DBA", &r.expiry_date}, {"DBD", &r.issue_date}}) {
    const std::string& raw = Element(r, id);
    if (raw.empty()) continue;
    *out = AamvaDate(raw, year_first);
    if (out->empty()) {
      *out = AamvaDate(raw, !year_first);
      if (!out->empty()) {
        r.warnings.push_back(std::string(id) + " '" + raw + "' read as " + (year_first ? "MMDDCCYY" : "CCYYMMDD"));
      }
    }
    if (out->empty()) r.warnings.push_back(std::string(id) + " '" + raw + "' is not a date");
  }
}

// DBC: 1/2/9 (the standard), or the letters some cards print; "" otherwise.
std::string SexCode(const std::string& dbc) {
  if (dbc == "1" || dbc == "M" || dbc == "MALE") return "M";
  if (dbc == "2" || dbc == "F" || dbc == "FEMALE") return "F";
  if (dbc == "9" || dbc == "X") return "X";
  return "";
}

const std::string& Element(const AamvaRecord& r, const char* id) {
  static const std::string kEmpty;
  auto it = r.elements.find(r.document_type + "." + id);
  return it == r.elements.end() ? kEmpty : it->second;
}

}  // namespace

std::string CleanAamvaValue(std::string_view raw) {
  const std::string text = utf8::FromLegacyBytes(raw);
  std::string out;
  bool space = false;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      space = space || c == '\t';
      continue;
    }
    if (c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

void FillAamvaFields(AamvaRecord& r) {
  auto get = [&](const char* id) -> const std::string& { return Element(r, id); };
  r.family_name = NamePart(get("DCS"));
  if (r.family_name.empty()) r.family_name = NamePart(get("DAB"));  // version 1
  r.middle_names = GivenNames(get("DAD"));
  r.given_names = GivenNames(NamePart(get("DAC")));
  if (r.given_names.empty()) {
    r.given_names = GivenNames(get("DCT"));  // versions 2-3: every given name in one element
  } else if (!r.middle_names.empty()) {
    r.given_names += " " + r.middle_names;
  }
  r.name_suffix = !get("DCU").empty() ? get("DCU") : get("DAE");
  if ((r.family_name.empty() || r.given_names.empty()) && !get("DAA").empty()) SplitFullName(get("DAA"), r);
  for (auto [id, field] : {std::pair{"DDE", "family_name"}, {"DDF", "given_names"}, {"DDG", "middle_names"}}) {
    if (Upper(get(id)) == "T") {
      r.truncated.push_back(field);
      r.warnings.push_back(std::string(field) + " is truncated on the card (" + id + "=T)");
    }
  }
  // Version 1's unique customer identifier when the licence number is absent.
  r.customer_id = !get("DAQ").empty() ? get("DAQ") : get("DBJ");
  r.eye_colour = get("DAY");
  r.height = get("DAU");
  r.street = get("DAG");
  r.city = get("DAI");
  r.postal_code = get("DAK");
  while (!r.postal_code.empty() && (r.postal_code.back() == '-' || r.postal_code.back() == ' ')) {
    r.postal_code.pop_back();
  }
  r.document_discriminator = get("DCF");
  const AamvaIssuer issuer = AamvaIssuerOf(r.iin);
  const std::string state = Upper(get("DAJ")), country = Upper(get("DCG"));
  r.state = !state.empty() ? state : std::string(issuer.jurisdiction.begin(), issuer.jurisdiction.end());
  r.country = !country.empty() ? country : std::string(issuer.country.begin(), issuer.country.end());
  const std::string sex = Upper(get("DBC"));
  r.sex = SexCode(sex);
  if (r.sex.empty() && !sex.empty()) r.warnings.push_back("DBC (sex) '" + sex + "' is not 1, 2 or 9");
  FillDates(r);
  for (auto& w : r.warnings) w = utf8::Sanitize(w);  // every string of a record is UTF-8
}

}  // namespace idmatch::document
