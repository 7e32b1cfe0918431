#include "document/aamva.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>

#include "document/aamva_fields.h"
#include "document/aamva_magstripe.h"
#include "document/aamva_tables.h"

namespace idmatch::document {
namespace {

Status Bad(std::string what) {
  std::string msg = "not a readable AAMVA record: ";
  return Status(ErrorCode::kInvalidArgument, msg.append(what));
}

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool Alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool Alnum(char c) { return Alpha(c) || (c >= '0' && c <= '9'); }
bool Separator(char c) { return c == '\n' || c == '\r' || c == '\x1e'; }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Printable ASCII as is, everything else as \xNN (for warnings about raw bytes).
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

struct Header {
  std::string file_type;
  std::string iin;
  int version = 0;
  int jurisdiction_version = 0;
  std::vector<AamvaSubfile> subfiles;
  size_t end = 0;  // offset (in the record from the file type's '@') where the designators end
};

// The header read from `p` (just after the file type) with or without the
// jurisdiction version field. nullopt, with `why`, when it does not fit.
std::optional<Header> ReadHeaderLayout(std::string_view s, size_t p, bool with_jurisdiction_version, std::string& why) {
  Header h;
  auto take = [&](size_t n, const char* what) -> std::optional<std::string> {
    if (p + n > s.size()) {
      why = std::string("the header ends before the ") + what;
      return std::nullopt;
    }
    std::string v(s.substr(p, n));
    if (!Digits(v)) {
      why = std::string("the ") + what + " '" + Visible(v) + "' is not numeric";
      return std::nullopt;
    }
    p += n;
    return v;
  };
  auto iin = take(6, "issuer identification number");
  if (!iin) return std::nullopt;
  h.iin = *iin;
  auto version = take(2, "AAMVA version");
  if (!version) return std::nullopt;
  h.version = std::atoi(version->c_str());
  if (with_jurisdiction_version) {
    auto jv = take(2, "jurisdiction version");
    if (!jv) return std::nullopt;
    h.jurisdiction_version = std::atoi(jv->c_str());
  }
  auto entries = take(2, "number of entries");
  if (!entries) return std::nullopt;
  const int count = std::atoi(entries->c_str());
  if (count < 1) {
    why = "the header declares no subfiles";
    return std::nullopt;
  }
  for (int i = 0; i < count; ++i) {
    if (p + 10 > s.size()) {
      why = "the header ends inside subfile designator " + std::to_string(i + 1);
      return std::nullopt;
    }
    AamvaSubfile f;
    f.type = Upper(s.substr(p, 2));
    const std::string_view offset = s.substr(p + 2, 4), length = s.substr(p + 6, 4);
    if (!Alpha(f.type[0]) || !Alnum(f.type[1]) || !Digits(offset) || !Digits(length)) {
      why = "subfile designator " + std::to_string(i + 1) + " '" + Visible(s.substr(p, 10)) + "' is malformed";
      return std::nullopt;
    }
    f.offset = std::atoi(std::string(offset).c_str());
    f.length = std::atoi(std::string(length).c_str());
    h.subfiles.push_back(f);
    p += 10;
  }
  h.end = p;
  return h;
}

// The header, trying both layouts version 1 cards use (with and without the
// jurisdiction version that versions 2+ always carry).
Result<Header> ReadHeader(std::string_view s, AamvaRecord& r) {
  const std::string head = Upper(s.substr(0, std::min<size_t>(s.size(), 40)));
  size_t type_at = std::string::npos, type_len = 0;
  for (const char* type : {"ANSI", "AAMVA", "AMVA"}) {
    const size_t at = head.find(type);
    if (at != std::string::npos && at < type_at) {
      type_at = at;
      type_len = std::string_view(type).size();
    }
  }
  if (type_at == std::string::npos) return Bad("no 'ANSI' file type in the header");
  std::string file_type = head.substr(type_at, type_len);
  if (file_type == "AMVA") {
    r.warnings.push_back("file type 'AMVA' read as 'AAMVA'");
    file_type = "AAMVA";
  }
  if (s.empty() || s[0] != '@') {
    r.warnings.push_back("no '@' compliance indicator");
  } else if (s.substr(1, type_at - 1) != "\n\x1e\r") {
    r.warnings.push_back("header separators are '" + Visible(s.substr(1, type_at - 1)) + "' instead of LF, RS, CR");
  }
  size_t p = type_at + type_len;
  if (p < s.size() && s[p] == ' ') ++p;
  // Versions 2+ carry the jurisdiction version; version 1 cards differ.
  const bool v1 = p + 8 <= s.size() && s.substr(p + 6, 2) <= "01";
  std::string why_first, why_second;
  auto h = ReadHeaderLayout(s, p, !v1, why_first);
  if (!h) {
    h = ReadHeaderLayout(s, p, v1, why_second);
    if (!h) return Bad(why_first);
    r.warnings.push_back(v1 ? "version 1 header carries a jurisdiction version" : "header has no jurisdiction version");
  }
  h->file_type = file_type;
  return *h;
}

// Where a subfile starts: at its declared offset when the subfile type is
// there, else the first place after the header where the type is followed by
// an element id (bad offsets are common). npos when absent.
size_t LocateSubfile(const std::string& upper, const AamvaSubfile& f, size_t header_end) {
  auto starts_here = [&](size_t at) {
    if (at < header_end || at + 5 > upper.size() || upper.compare(at, 2, f.type) != 0) return false;
    const char lead = upper[at + 2];
    const bool lead_ok = f.type[0] == 'Z' ? lead == 'Z' : (lead == 'D' || lead == 'P');
    return lead_ok && Alpha(upper[at + 3]) && Alnum(upper[at + 4]);
  };
  if (starts_here(size_t(f.offset))) return size_t(f.offset);
  for (size_t at = upper.find(f.type, header_end); at != std::string::npos; at = upper.find(f.type, at + 1)) {
    if (starts_here(at)) return at;
  }
  return std::string::npos;
}

// Some cards start the first subfile's elements right after the header,
// without its two-letter type ("...DL00290198DAAREGULAR..."): the offset of
// that first element, or npos.
size_t UnprefixedFirstSubfile(std::string_view s, size_t header_end) {
  size_t at = header_end;
  while (at < s.size() && (Separator(s[at]) || s[at] == ' ')) ++at;
  if (at + 3 > s.size() || !IsAamvaElementId(Upper(s.substr(at, 3)))) return std::string_view::npos;
  return at;
}

// Element ids that versions 4+ no longer define: in a record of those
// versions they are not split points (a name such as "MCDANIEL" holds "DAN").
bool RetiredAfterVersion3(std::string_view id) {
  static const std::set<std::string_view> kRetired = {"DAA", "DAB", "DAE", "DAF", "DAL", "DAM", "DAN", "DAO", "DAP",
                                                      "DAR", "DAS", "DAT", "DAV", "DBE", "DBF", "DBI", "DBJ", "DBK",
                                                      "DBL", "DBM", "DBO", "DBP", "DBQ", "DBR", "DCT"};
  return kRetired.count(id) > 0;
}

// The elements nearly every card carries. Any other id, met inside running
// text, splits only after a non-letter: "ENGLAND,ADAM" holds version 1's
// rarely used DAM (residence street 2), "MCDANIEL" holds DAN.
bool CommonElement(std::string_view id) {
  static const std::set<std::string_view> kCommon = {"DAA", "DAB", "DAC", "DAD", "DAG", "DAH", "DAI", "DAJ", "DAK",
                                                     "DAQ", "DAR", "DAS", "DAT", "DAU", "DAW", "DAY", "DAZ", "DBA",
                                                     "DBB", "DBC", "DBD", "DBH", "DCA", "DCB", "DCD", "DCF", "DCG",
                                                     "DCH", "DCK", "DCS", "DCT", "DCU", "DDE", "DDF", "DDG", "DDK"};
  return kCommon.count(id) > 0;
}

void AddElement(const std::string& subfile, std::string_view id, std::string_view value, AamvaRecord& r) {
  const std::string key = subfile + "." + Upper(id);
  if (r.elements.count(key)) {
    r.warnings.push_back("element " + Upper(id) + " appears twice in subfile " + subfile + "; the first is kept");
    return;
  }
  r.elements.emplace(key, CleanAamvaValue(value));
}

// Elements one per line (LF, CR, CRLF or RS ends a line).
void SplitSeparated(std::string_view body, const std::string& subfile, AamvaRecord& r) {
  size_t i = 0;
  while (i < body.size()) {
    size_t end = i;
    while (end < body.size() && !Separator(body[end])) ++end;
    std::string_view piece = body.substr(i, end - i);
    i = end + 1;
    while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    if (piece.size() < 3) continue;
    if (!Alpha(piece[0]) || !Alnum(piece[1]) || !Alnum(piece[2])) {
      r.warnings.push_back("unreadable element '" + Visible(piece.substr(0, 8)) + "' in subfile " + subfile +
                           " skipped");
      continue;
    }
    AddElement(subfile, piece.substr(0, 3), piece.substr(3), r);
  }
}

// Elements with their separators lost ("DAQ123DCSDOE..."): each known element
// id, seen once, after at least one character of the previous value, starts
// the next element. Jurisdiction subfiles' ids are the subfile letter pair
// ("ZCZCA...": ZCA, ZCB...).
void SplitConcatenated(std::string_view body, const std::string& subfile, int version, AamvaRecord& r) {
  const bool jurisdiction = subfile[0] == 'Z';
  auto is_id = [&](std::string_view id) {
    const std::string u = Upper(id);
    if (jurisdiction) return u[0] == 'Z' && u[1] == subfile[1] && Alpha(u[2]);
    return IsAamvaElementId(u) && !(version >= 4 && RetiredAfterVersion3(u));
  };
  if (body.size() < 3 || !is_id(body.substr(0, 3))) return;
  std::set<std::string> seen;
  auto splits_at = [&](size_t at) {
    const std::string id = Upper(body.substr(at, 3));
    if (!is_id(id) || seen.count(id)) return false;
    return jurisdiction || CommonElement(id) || !Alpha(body[at - 1]);
  };
  size_t start = 0;
  while (start < body.size()) {
    const std::string id = Upper(body.substr(start, 3));
    seen.insert(id);
    size_t next = start + 4;
    while (next + 3 <= body.size() && !splits_at(next)) ++next;
    if (next + 3 > body.size()) next = body.size();
    AddElement(subfile, id, body.substr(std::min(start + 3, body.size()), next - std::min(start + 3, next)), r);
    start = next;
  }
}

void ReadElements(std::string_view body, const std::string& subfile, int version, AamvaRecord& r) {
  size_t content_end = body.size();
  while (content_end > 0 && (Separator(body[content_end - 1]) || body[content_end - 1] == ' ')) --content_end;
  const std::string_view content = body.substr(0, content_end);
  if (std::any_of(content.begin(), content.end(), Separator)) {
    SplitSeparated(body, subfile, r);
    return;
  }
  SplitConcatenated(content, subfile, version, r);
  if (content.size() > 16) {
    r.warnings.push_back("subfile " + subfile + " has no element separators; split at the standard's element ids");
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
  // The record starts at '@', or at the file type when a scanner dropped it.
  const std::string lead = Upper(data.substr(0, std::min<size_t>(data.size(), 48)));
  size_t at = data.find('@');
  if (at == std::string_view::npos || at > 16) {
    at = std::min({lead.find("ANSI"), lead.find("AAMVA"), lead.find("AMVA")});
    if (at == std::string::npos && LooksLikeAamvaMagstripe(data)) return ParseAamvaMagstripe(data);
    if (at == std::string::npos) return Bad("it does not start with the '@' compliance indicator");
  }
  const std::string_view s = data.substr(at);
  auto header = ReadHeader(s, r);
  if (!header.ok()) return header.status();
  r.file_type = header->file_type;
  r.iin = header->iin;
  r.version = header->version;
  r.jurisdiction_version = header->jurisdiction_version;
  r.subfiles = header->subfiles;
  if (r.version > 10) r.warnings.push_back("AAMVA version " + std::to_string(r.version) + " read as version 10");

  // Each subfile's region (from its type prefix) and where its elements start.
  struct Region {
    size_t begin;
    size_t elements;
    const AamvaSubfile* subfile;
    bool operator<(const Region& o) const { return begin < o.begin; }
  };
  const std::string upper = Upper(s);
  std::vector<Region> regions;
  for (const auto& f : r.subfiles) {
    const size_t begin = LocateSubfile(upper, f, header->end);
    if (begin != std::string::npos) {
      if (begin != size_t(f.offset)) {
        r.warnings.push_back("subfile " + f.type + " found at offset " + std::to_string(begin) + ", not " +
                             std::to_string(f.offset));
      }
      regions.push_back({begin, begin + 2, &f});
      continue;
    }
    const size_t unprefixed = &f == &r.subfiles.front() ? UnprefixedFirstSubfile(s, header->end) : std::string::npos;
    if (unprefixed != std::string::npos) {
      r.warnings.push_back("subfile " + f.type + " starts without its type after the header");
      regions.push_back({unprefixed, unprefixed, &f});
      continue;
    }
    r.warnings.push_back("subfile " + f.type + " declared at offset " + std::to_string(f.offset) + " is missing");
  }
  std::sort(regions.begin(), regions.end());
  for (size_t i = 0; i < regions.size(); ++i) {
    const size_t begin = regions[i].elements;
    const size_t end = i + 1 < regions.size() ? regions[i + 1].begin : s.size();
    if (end > begin) ReadElements(s.substr(begin, end - begin), regions[i].subfile->type, r.version, r);
  }
  for (const char* type : {"DL", "ID"}) {
    const std::string prefix = std::string(type) + ".";
    if (std::any_of(r.elements.begin(), r.elements.end(),
                    [&](const auto& e) { return e.first.rfind(prefix, 0) == 0; })) {
      r.document_type = type;
      break;
    }
  }
  if (r.document_type.empty()) return Bad("it has no DL or ID subfile with data elements");
  FillAamvaFields(r);
  return r;
}

}  // namespace idmatch::document
