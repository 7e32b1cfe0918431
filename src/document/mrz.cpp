#include "document/mrz.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

#include "document/mrz_layout.h"

namespace idmatch::document {
namespace {

// OCR confusions between letters and digits (the ICAO 9303 OCR-B glyphs that
// engines mix up most), in both directions.
constexpr std::array<std::pair<char, char>, 9> kDigitForLetter = {
    {{'O', '0'}, {'Q', '0'}, {'D', '0'}, {'I', '1'}, {'L', '1'}, {'Z', '2'}, {'S', '5'}, {'G', '6'}, {'B', '8'}}};
constexpr std::array<std::pair<char, char>, 6> kLetterForDigit = {
    {{'0', 'O'}, {'1', 'I'}, {'2', 'Z'}, {'5', 'S'}, {'6', 'G'}, {'8', 'B'}}};

char Swap(char c, bool to_digit) {
  if (to_digit) {
    for (auto [l, d] : kDigitForLetter) {
      if (c == l) return d;
    }
  } else {
    for (auto [d, l] : kLetterForDigit) {
      if (c == d) return l;
    }
  }
  return c;
}

int Value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c == '<') return 0;
  return -1;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Splits into lines of MRZ characters: spaces dropped, lower case folded, any
// other character (including multi-byte UTF-8 such as a chevron) read as '<'.
// '?' - what OCR engines write for a character they could not read - is not
// guessed: `unreadable` receives its position and the caller refuses the text.
std::vector<std::string> Normalise(std::string_view text, std::vector<MrzRepair>& repairs, int* unreadable_line,
                                   int* unreadable_column) {
  std::vector<std::string> lines(1);
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '?' && *unreadable_line < 0) {
      *unreadable_line = static_cast<int>(lines.size()) - 1;
      *unreadable_column = static_cast<int>(lines.back().size());
    }
    if (c == '\n' || c == '\r') {
      if (!lines.back().empty()) lines.emplace_back();
      continue;
    }
    if (c == ' ' || c == '\t') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<unsigned char>(c - 'a' + 'A');
    if (Value(static_cast<char>(c)) < 0) {
      if (c >= 0x80) {
        while (i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) ++i;
      }
      repairs.push_back({static_cast<int>(lines.size()) - 1, static_cast<int>(lines.back().size()),
                         static_cast<char>(c < 0x80 ? c : '?'), '<', "filler"});
      c = '<';
    }
    lines.back().push_back(static_cast<char>(c));
  }
  if (lines.back().empty()) lines.pop_back();
  return lines;
}

std::string Trim(std::string_view s) {
  size_t end = s.size();
  while (end > 0 && s[end - 1] == '<') --end;
  size_t begin = 0;
  while (begin < end && s[begin] == '<') ++begin;
  return std::string(s.substr(begin, end - begin));
}

std::string Spaced(std::string_view s) {
  std::string out;
  for (char c : Trim(s)) {
    if (c == '<') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

bool LeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

MrzDate ToDate(const std::string& yymmdd, std::string_view today, bool birth) {
  MrzDate d{yymmdd, ""};
  for (char c : yymmdd) {
    if (!IsDigit(c)) return d;
  }
  const int yy = std::atoi(yymmdd.substr(0, 2).c_str()), mm = std::atoi(yymmdd.substr(2, 2).c_str()),
            dd = std::atoi(yymmdd.substr(4, 2).c_str());
  const int this_year = today.size() >= 4 ? std::atoi(std::string(today.substr(0, 4)).c_str()) : 2026;
  const std::string today_mmdd =
      today.size() >= 10 ? std::string(today.substr(5, 2)) + std::string(today.substr(8, 2)) : "1231";
  int year = 2000 + yy;
  if (birth) {
    // Never in the future.
    if (year > this_year || (year == this_year && yymmdd.substr(2) > today_mmdd)) year -= 100;
  } else if (year > this_year + 50) {
    year -= 100;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mm < 1 || mm > 12 || dd < 1 || dd > kDays[mm - 1] + (mm == 2 && LeapYear(year) ? 1 : 0)) return d;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, mm, dd);
  d.iso = buf;
  return d;
}

// Letters where digits belong and digits where letters belong.
void RepairByKind(const MrzLayout& layout, std::vector<std::string>& lines, std::vector<MrzRepair>& repairs) {
  for (const MrzField& f : layout.fields) {
    for (int i = f.start; i < f.start + f.length; ++i) {
      char& c = lines[f.line][i];
      char to = c;
      if (f.kind == MrzFieldKind::kNumeric || f.kind == MrzFieldKind::kCheck) {
        if (!IsDigit(c) && c != '<') to = Swap(c, true);
      } else if (f.kind == MrzFieldKind::kAlpha) {
        if (IsDigit(c)) to = Swap(c, false);
      } else if (f.kind == MrzFieldKind::kSex) {
        if (c == '0') to = '<';  // never a sex code; the '<' filler misread
      }
      if (to != c) {
        repairs.push_back(
            {f.line, i, c, to, f.kind == MrzFieldKind::kAlpha ? "field is alphabetic" : "field is numeric"});
        c = to;
      }
    }
  }
}

// An alphanumeric field whose check digit fails: try swapping one, then two,
// look-alike characters; repair only when exactly one variant validates.
void RepairByCheckDigit(std::string& line, int line_index, int start, int length, int check_at,
                        std::vector<MrzRepair>& repairs) {
  const char check = line[check_at];
  if (!IsDigit(check)) return;
  auto valid = [&](const std::string& s) {
    return MrzCheckDigit(std::string_view(s).substr(start, length)) == check - '0';
  };
  if (valid(line)) return;
  auto alternative = [](char c) {
    const char d = Swap(c, true);
    return d != c ? d : Swap(c, false);
  };
  std::vector<int> ambiguous;
  for (int i = start; i < start + length; ++i) {
    if (alternative(line[i]) != line[i]) ambiguous.push_back(i);
  }
  std::vector<std::vector<int>> found;
  for (size_t a = 0; a < ambiguous.size(); ++a) {
    std::string t = line;
    t[ambiguous[a]] = alternative(t[ambiguous[a]]);
    if (valid(t)) found.push_back({ambiguous[a]});
  }
  if (found.empty()) {
    for (size_t a = 0; a < ambiguous.size(); ++a) {
      for (size_t b = a + 1; b < ambiguous.size(); ++b) {
        std::string t = line;
        t[ambiguous[a]] = alternative(t[ambiguous[a]]);
        t[ambiguous[b]] = alternative(t[ambiguous[b]]);
        if (valid(t)) found.push_back({ambiguous[a], ambiguous[b]});
      }
    }
  }
  if (found.size() != 1) return;  // none or ambiguous: leave it failing
  for (int i : found[0]) {
    repairs.push_back({line_index, i, line[i], alternative(line[i]), "check digit"});
    line[i] = alternative(line[i]);
  }
}

MrzCheck Check(const char* field, std::string_view data, char found) {
  const int expected = MrzCheckDigit(data);
  MrzCheck c{field, false, expected < 0 ? '?' : static_cast<char>('0' + expected), found};
  c.valid = expected >= 0 && found == c.expected;
  return c;
}

}  // namespace

std::string_view MrzFormatName(MrzFormat f) {
  switch (f) {
    case MrzFormat::kTd1: return "TD1";
    case MrzFormat::kTd2: return "TD2";
    case MrzFormat::kTd3: return "TD3";
    case MrzFormat::kMrvA: return "MRV-A";
    case MrzFormat::kMrvB: return "MRV-B";
    case MrzFormat::kFrenchId: return "FR-ID";
  }
  return "TD3";
}

bool Mrz::all_checks_valid() const {
  for (const auto& c : checks) {
    if (!c.valid) return false;
  }
  return !checks.empty();
}

int MrzCheckDigit(std::string_view field) {
  static constexpr int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    const int v = Value(field[i]);
    if (v < 0) return -1;
    sum += v * kWeights[i % 3];
  }
  return sum % 10;
}

Result<Mrz> ParseMrz(std::string_view text, std::string_view today) {
  Mrz m;
  int unreadable_line = -1, unreadable_column = -1;
  std::vector<std::string> lines = Normalise(text, m.repairs, &unreadable_line, &unreadable_column);
  if (unreadable_line >= 0) {
    return Status(ErrorCode::kInvalidArgument, "the MRZ holds an unreadable character '?' at line " +
                                                   std::to_string(unreadable_line + 1) + ", column " +
                                                   std::to_string(unreadable_column + 1));
  }
  if (lines.size() != 2 && lines.size() != 3) {
    return Status(ErrorCode::kInvalidArgument,
                  "an MRZ has 2 or 3 lines, this text has " + std::to_string(lines.size()));
  }
  size_t longest = 0;
  for (const auto& l : lines) longest = std::max(longest, l.size());
  // OCR drops trailing fillers more often than anything else: up to 3 may be restored.
  auto fits = [&](size_t width) {
    for (const auto& l : lines) {
      if (l.size() > width || l.size() + 3 < width) return false;
    }
    return true;
  };
  if (lines.size() == 3 && fits(30)) {
    m.format = MrzFormat::kTd1;
  } else if (lines.size() == 2 && fits(44)) {
    m.format = lines[0][0] == 'V' ? MrzFormat::kMrvA : MrzFormat::kTd3;
  } else if (lines.size() == 2 && fits(36)) {
    m.format = lines[0].rfind("IDFRA", 0) == 0 ? MrzFormat::kFrenchId
               : lines[0][0] == 'V'            ? MrzFormat::kMrvB
                                               : MrzFormat::kTd2;
  } else {
    return Status(ErrorCode::kInvalidArgument,
                  "MRZ lines must be 3x30 (TD1), 2x36 (TD2, MRV-B) or 2x44 (TD3, "
                  "MRV-A) characters; the longest line here has " +
                      std::to_string(longest));
  }
  const MrzLayout layout = MrzLayoutFor(m.format);
  for (size_t i = 0; i < lines.size(); ++i) {
    while (static_cast<int>(lines[i].size()) < layout.width) {
      m.repairs.push_back({static_cast<int>(i), static_cast<int>(lines[i].size()), ' ', '<', "filler"});
      lines[i].push_back('<');
    }
  }
  RepairByKind(layout, lines, m.repairs);
  std::string& l1 = lines[0];
  std::string& l2 = lines[1];
  m.document_code = Trim(std::string_view(l1).substr(0, 2));
  m.issuing_state = Trim(std::string_view(l1).substr(2, 3));

  if (m.format == MrzFormat::kTd1) {
    RepairByCheckDigit(l1, 0, 5, 9, 14, m.repairs);
    std::string number = l1.substr(5, 9);
    char number_check = l1[14];
    std::string optional = l1.substr(15, 15);
    const size_t end = optional.find('<');
    const std::string rest = optional.substr(0, end);
    if (l1[14] == '<' && rest.size() >= 2) {
      // A long document number continues in the optional data; its check
      // digit is the last character before the first filler there.
      number += rest.substr(0, rest.size() - 1);
      number_check = rest.back();
      optional = end == std::string::npos ? "" : optional.substr(end);
    }
    m.document_number = Trim(number);
    MrzCheck number_checked = Check("document_number", number, number_check);
    if (!number_checked.valid && l1[14] == '<' && rest.size() >= 2) {
      // Issuers differ on a long number's check digit: over the number alone
      // (ICAO 9303-5 4.2.4, e.g. Portugal) or over the whole span with the
      // filler at position 15 (e.g. Belgium). Either validates.
      const std::string span = l1.substr(5, 10) + rest.substr(0, rest.size() - 1);
      if (MrzCheck with_filler = Check("document_number", span, number_check); with_filler.valid) {
        number_checked = with_filler;
      }
    }
    m.checks.push_back(number_checked);
    m.optional_data = Trim(optional);
    m.birth_date = ToDate(l2.substr(0, 6), today, true);
    m.checks.push_back(Check("birth_date", l2.substr(0, 6), l2[6]));
    m.sex = l2[7] == '<' ? "X" : std::string(1, l2[7]);
    m.expiry_date = ToDate(l2.substr(8, 6), today, false);
    m.checks.push_back(Check("expiry_date", l2.substr(8, 6), l2[14]));
    m.nationality = Trim(std::string_view(l2).substr(15, 3));
    m.optional_data_2 = Trim(std::string_view(l2).substr(18, 11));
    m.checks.push_back(
        Check("composite", l1.substr(5, 25) + l2.substr(0, 7) + l2.substr(8, 7) + l2.substr(18, 11), l2[29]));
    const std::string& names = lines[2];
    const size_t split = names.find("<<");
    m.surname = Spaced(names.substr(0, split));
    m.given_names = split == std::string::npos ? "" : Spaced(names.substr(split + 2));
  } else if (m.format == MrzFormat::kFrenchId) {
    RepairByCheckDigit(l2, 1, 0, 12, 12, m.repairs);
    m.surname = Spaced(std::string_view(l1).substr(5, 25));
    m.given_names = Spaced(std::string_view(l2).substr(13, 14));
    m.document_number = l2.substr(0, 12);  // issued YYMM, office, sequence
    m.checks.push_back(Check("document_number", l2.substr(0, 12), l2[12]));
    m.nationality = "FRA";
    m.optional_data = Trim(std::string_view(l1).substr(30, 6));  // administrative code
    m.birth_date = ToDate(l2.substr(27, 6), today, true);
    m.checks.push_back(Check("birth_date", l2.substr(27, 6), l2[33]));
    m.sex = l2[34] == '<' ? "X" : std::string(1, l2[34]);
    m.checks.push_back(Check("composite", l1 + l2.substr(0, 35), l2[35]));
  } else {
    const int w = layout.width;
    const bool composite = m.format == MrzFormat::kTd2 || m.format == MrzFormat::kTd3;
    RepairByCheckDigit(l2, 1, 0, 9, 9, m.repairs);
    if (m.format == MrzFormat::kTd3) RepairByCheckDigit(l2, 1, 28, 14, 42, m.repairs);
    const std::string names = l1.substr(5);
    const size_t split = names.find("<<");
    m.surname = Spaced(names.substr(0, split));
    m.given_names = split == std::string::npos ? "" : Spaced(names.substr(split + 2));
    m.document_number = Trim(std::string_view(l2).substr(0, 9));
    m.checks.push_back(Check("document_number", l2.substr(0, 9), l2[9]));
    m.nationality = Trim(std::string_view(l2).substr(10, 3));
    m.birth_date = ToDate(l2.substr(13, 6), today, true);
    m.checks.push_back(Check("birth_date", l2.substr(13, 6), l2[19]));
    m.sex = l2[20] == '<' ? "X" : std::string(1, l2[20]);
    m.expiry_date = ToDate(l2.substr(21, 6), today, false);
    m.checks.push_back(Check("expiry_date", l2.substr(21, 6), l2[27]));
    const int optional_end = m.format == MrzFormat::kTd3 ? 42 : (composite ? w - 1 : w);
    m.optional_data = Trim(std::string_view(l2).substr(28, optional_end - 28));
    if (m.format == MrzFormat::kTd3) {
      MrzCheck c = Check("optional_data", l2.substr(28, 14), l2[42]);
      if (m.optional_data.empty() && l2[42] == '<') c.valid = true;  // an empty field may carry '<' (9303-4 4.2.2)
      m.checks.push_back(c);
    }
    if (composite) {
      m.checks.push_back(
          Check("composite", l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, w - 1 - 21), l2[w - 1]));
    }
  }
  for (char c : m.sex) {
    if (c != 'M' && c != 'F' && c != 'X') {
      return Status(ErrorCode::kInvalidArgument, "the MRZ sex field holds '" + m.sex + "', not M, F or <");
    }
  }
  m.lines = std::move(lines);
  return m;
}

}  // namespace idmatch::document
