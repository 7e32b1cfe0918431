// The document readers against documents nobody here made:
// ../shared/testdata/documents/ (IDMATCH_SHARED_DIR): AAMVA payloads from
// public parser test suites with the fields those suites expect, MRZ strings
// with their expected outcomes, and real MRZ photos with ground-truth lines
// (each folder's SOURCE.md). Counts ratchet in document_dev.expect; a test
// whose data is absent says so and skips.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api/json.h"
#include "core/utf8.h"
#include "document/aamva.h"
#include "document/fields.h"
#include "document/mrz.h"
#include "document/mrz_reader.h"
#include "document/reader.h"
#include "image/decode.h"
#include "support/document_factory.h"
#include "support/image_factory.h"
#include "support/ratchet.h"

namespace idmatch::document {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kToday = "2026-12-01";

fs::path DevDir(const char* folder) { return fs::path(testing::SharedDir()) / "testdata" / "documents" / folder; }

std::string ReadBytes(const fs::path& p) { return testing::ReadFileOrEmpty(p.string()); }

void Ratchet(const std::string& key, int measured) { testing::CheckRatchet("document_dev.expect", key, measured); }

std::string Alnum(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(c));
  }
  return out;
}

std::string NoDashes(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}

bool StartsWithWords(const std::string& all, const std::string& first) {
  return all == first || all.rfind(first + " ", 0) == 0;
}

bool HasWord(const std::string& all, const std::string& word) {
  std::istringstream in(all);
  for (std::string w; in >> w;) {
    if (w == word) return true;
  }
  return false;
}

// One expected field of a parser test suite against our reading, by the
// suite's own convention (SOURCE.md: compare meaning, not spelling). Returns
// false for a key we do not map (not counted).
bool CompareField(const std::string& key, const std::string& want, const DocumentFields& f, bool& equal,
                  std::string& ours) {
  auto raw = [&](const char* id) {
    auto it = f.raw.find(f.type + "." + id);
    return it == f.raw.end() ? std::string() : it->second;
  };
  const std::string sex_word = f.sex == "M" ? "MALE" : f.sex == "F" ? "FEMALE" : f.sex;
  struct Rule {
    const char* key;
    std::string ours;
    bool (*same)(const std::string& want, const std::string& ours);
  };
  auto exact = [](const std::string& w, const std::string& o) { return w == o; };
  auto date = [](const std::string& w, const std::string& o) { return NoDashes(w) == NoDashes(o); };
  auto first = [](const std::string& w, const std::string& o) { return StartsWithWords(o, w); };
  auto word = [](const std::string& w, const std::string& o) { return HasWord(o, w); };
  auto zip5 = [](const std::string& w, const std::string& o) { return o.substr(0, 5) == w; };
  auto number = [](const std::string& w, const std::string& o) { return Alnum(w) == Alnum(o); };
  const Rule rules[] = {
      // aamvajs
      {"address", f.street, exact},
      {"birthday", f.birth_date, date},
      {"expiration_date", f.expiry_date, date},
      {"name.first", f.given_names, first},
      {"name.last", f.family_name, exact},
      {"postal_code", f.postal_code, zip5},
      {"sex", want.size() > 1 ? sex_word : f.sex, exact},
      {"state", f.jurisdiction, exact},
      {"id", f.document_number, number},
      // parse-usdl
      {"addressCity", f.city, exact},
      {"addressPostalCode", f.postal_code, exact},
      {"addressState", f.jurisdiction, exact},
      {"addressStreet", f.street, exact},
      {"dateOfBirth", f.birth_date, date},
      {"dateOfExpiry", f.expiry_date, date},
      {"dateOfIssue", f.issue_date, date},
      {"documentDiscriminator", f.raw.count(f.type + ".DCF") ? raw("DCF") : "", exact},
      {"documentNumber", f.document_number, exact},
      {"eyeColor", f.raw.count(f.type + ".DAY") ? raw("DAY") : "", exact},
      {"firstName", f.given_names, first},
      {"middleName", f.given_names, word},
      {"lastName", f.family_name, exact},
      {"height", f.raw.count(f.type + ".DAU") ? raw("DAU") : "", exact},
      {"issuer", f.issuing_country, exact},
  };
  for (const auto& rule : rules) {
    if (key != rule.key) continue;
    ours = rule.ours;
    equal = rule.same(want, ours);
    return true;
  }
  return false;
}

std::vector<fs::path> Files(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0 &&
        name.find(".expected.") == std::string::npos) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every payload parses or is refused with a Status (never an exception), every
// string of a read is valid UTF-8 and serialises strictly, and every field the
// source suite expects is equal.
TEST(DocumentDev, AamvaPayloadsParseWithTheirSuitesExpectedFields) {
  const fs::path dir = DevDir("aamva-payloads");
  if (!fs::exists(dir)) GTEST_SKIP() << "no AAMVA dev payloads at " << dir << " (set IDMATCH_SHARED_DIR)";
  int parsed = 0, payloads = 0, fields = 0, equal_fields = 0;
  for (const auto& path : Files(dir, ".txt")) {
    ++payloads;
    const std::string name = path.stem().string();
    const std::string bytes = ReadBytes(path);
    auto record = ParseAamva(bytes);
    json expected = json::object();
    const fs::path sidecar = dir / (name + ".expected.json");
    if (fs::exists(sidecar)) expected = json::parse(ReadBytes(sidecar)).value("expected", json::object());
    if (!record.ok()) {
      std::printf("[ aamva ] %-45s not read: %s\n", name.c_str(), record.status().message().c_str());
      EXPECT_TRUE(expected.empty()) << name << ": its suite expects fields but it was refused";
      continue;
    }
    ++parsed;
    const DocumentFields f = FromAamva(*record);
    DocumentRead read;
    read.fields = f;
    const json out = api::ToJson(read);
    EXPECT_NO_THROW((void)out.dump()) << name << ": a string is not valid UTF-8";
    for (const auto& [key, value] : f.raw) EXPECT_TRUE(utf8::IsValid(key) && utf8::IsValid(value)) << name;
    std::string mismatches;
    for (const auto& [key, value] : expected.items()) {
      if (!value.is_string()) continue;
      bool same = false;
      std::string ours;
      if (!CompareField(key, value.get<std::string>(), f, same, ours)) continue;
      ++fields;
      equal_fields += same;
      if (!same) mismatches += " " + key + "='" + value.get<std::string>() + "' ours '" + ours + "';";
    }
    std::printf("[ aamva ] %-45s v%d %s %s, %s | %s\n", name.c_str(), record->version, record->state.c_str(),
                f.family_name.c_str(), f.given_names.c_str(), mismatches.empty() ? "ok" : mismatches.c_str());
    EXPECT_TRUE(mismatches.empty()) << name << ":" << mismatches;
  }
  std::printf("[ aamva ] %d of %d payloads parsed; %d of %d expected fields equal\n", parsed, payloads, equal_fields,
              fields);
  Ratchet("aamva parsed", parsed);
  Ratchet("aamva fields_equal", equal_fields);
}

// The same payloads as clean PDF417 symbols through the whole reader.
TEST(DocumentDev, AamvaPayloadsAsPdf417AreReadEndToEnd) {
  const fs::path dir = DevDir("aamva-payloads");
  if (!fs::exists(dir)) GTEST_SKIP() << "no AAMVA dev payloads at " << dir << " (set IDMATCH_SHARED_DIR)";
  int read = 0, parseable = 0;
  for (const auto& path : Files(dir, ".txt")) {
    const std::string bytes = ReadBytes(path);
    if (!ParseAamva(bytes).ok()) continue;  // magnetic-stripe texts and the like: not a barcode record
    ++parseable;
    auto doc = ReadDocument(testing::Pdf417Image(bytes, 3), kToday, 18);
    read += doc.ok() && doc->fields.source == DocumentSource::kPdf417;
    if (doc.ok()) {
      EXPECT_NO_THROW((void)api::ToJson(*doc).dump()) << path;
    }
  }
  std::printf("[ aamva ] %d of %d parseable payloads read from clean PDF417\n", read, parseable);
  Ratchet("aamva pdf417_read", read);
}

// MRZ strings from public MRZ-reader test suites: ICAO formats parse with
// the suites' check-digit outcome (recomputed in the case file) and fields.
TEST(DocumentDev, MrzTextCasesParseWithTheirExpectedOutcome) {
  const fs::path file = DevDir("mrz-text") / "cases.json";
  if (!fs::exists(file)) GTEST_SKIP() << "no MRZ text cases at " << file << " (set IDMATCH_SHARED_DIR)";
  const json cases = json::parse(ReadBytes(file));
  int icao = 0, outcome_agrees = 0, fields = 0, equal_fields = 0;
  for (const auto& c : cases) {
    std::string text;
    for (const auto& line : c["lines"]) text += line.get<std::string>() + "\n";
    auto parsed = ParseMrz(text, kToday);  // any input: a value or a Status, never a crash
    const std::string format = c["recomputed_format"].is_string() ? c["recomputed_format"].get<std::string>() : "";
    // The French identity card is no ICAO format: its outcome is the suite's own.
    const bool french = c["expected_format"] == "FRENCH_NATIONAL_ID";
    if (format != "TD1" && format != "TD2" && format != "TD3" && format != "MRVA" && format != "MRVB" && !french) {
      continue;
    }
    ++icao;
    const json& outcome = french ? c["expected_valid"] : c["recomputed_check_digits_ok"];
    const bool valid = outcome.is_boolean() && outcome.get<bool>();
    if (french && parsed.ok()) {
      EXPECT_EQ(parsed->format, MrzFormat::kFrenchId) << c["name"];
    }
    const bool ours = parsed.ok() && parsed->all_checks_valid();
    outcome_agrees += ours == valid;
    EXPECT_EQ(ours, valid) << c["name"] << " " << c["source"] << ": " << (parsed.ok() ? "" : parsed.status().message());
    if (!parsed.ok()) continue;
    const Mrz& m = *parsed;
    auto spaced = [](std::string s) { return s; };
    const std::map<std::string, std::string> ours_by_key = {{"documentCode", m.document_code},
                                                            {"issuingState", m.issuing_state},
                                                            {"lastName", spaced(m.surname)},
                                                            {"firstName", m.given_names},
                                                            {"documentNumber", m.document_number},
                                                            {"nationality", m.nationality},
                                                            {"birthDate", m.birth_date.raw},
                                                            {"expirationDate", m.expiry_date.raw},
                                                            {"sex", m.sex == "M"   ? "male"
                                                                    : m.sex == "F" ? "female"
                                                                                   : "nonspecified"}};
    for (const auto& [key, value] : c["expected_fields"].items()) {
      auto it = ours_by_key.find(key);
      if (it == ours_by_key.end() || !value.is_string()) continue;
      ++fields;
      // cheminfo's French "documentNumber" is the card number's 5-digit
      // sequence; we return the whole 12-character number as printed.
      const std::string& want = value.get<std::string>();
      const bool same = it->second == want || (french && key == "documentNumber" && it->second.size() == 12 &&
                                               it->second.compare(7, 5, want) == 0);
      equal_fields += same;
      EXPECT_TRUE(same) << c["name"] << " " << key << ": expected '" << want << "', ours '" << it->second << "'";
    }
  }
  std::printf(
      "[ mrz text ] %d ICAO and French ID cases: check-digit outcome agrees on %d; %d of %d expected fields equal\n",
      icao, outcome_agrees, equal_fields, fields);
  Ratchet("mrz_text outcome_agrees", outcome_agrees);
  Ratchet("mrz_text fields_equal", equal_fields);
}

// manifest.csv: file,source,mrz_lines ('|'-joined),mrz_format,check_digits_ok,gt_basis.
std::vector<std::pair<std::string, std::string>> MrzPhotoManifest(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(ReadBytes(dir / "manifest.csv"));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream row(line);
    for (std::string col; std::getline(row, col, ',');) cols.push_back(col);
    if (cols.size() >= 3) out.emplace_back(cols[0], cols[2]);
  }
  return out;
}

// Real MRZ photos: how many are read exactly, and - the rule that matters -
// no field that differs from the ground truth is reported as certain: it is
// either right or listed in uncertain_fields (MRZ_FIELD_UNCERTAIN).
TEST(DocumentDev, MrzPhotosAreReadOrTheirDoubtfulFieldsFlagged) {
  const fs::path dir = DevDir("mrz-photos");
  if (!fs::exists(dir / "manifest.csv")) GTEST_SKIP() << "no MRZ photos at " << dir << " (set IDMATCH_SHARED_DIR)";
  int photos = 0, found = 0, exact = 0, wrong_certain = 0, uncertain = 0;
  for (const auto& [file, joined] : MrzPhotoManifest(dir)) {
    ++photos;
    std::string truth_text = joined;
    std::replace(truth_text.begin(), truth_text.end(), '|', '\n');
    auto image = image::DecodeImage(ReadBytes(dir / file), ImageLimits{});
    ASSERT_TRUE(image.ok()) << file;
    auto read = ReadDocument(image->bgr, kToday, 18);
    const DocumentFields* mrz = nullptr;
    if (read.ok()) {
      if (read->fields.source == DocumentSource::kMrz) mrz = &read->fields;
      for (const auto& o : read->other_reads) mrz = mrz ? mrz : (o.source == DocumentSource::kMrz ? &o : nullptr);
    }
    if (!mrz) {
      std::printf("[ mrz photo ] %-40s MRZ not read\n", file.c_str());
      continue;
    }
    ++found;
    std::string lines;
    for (const auto& [key, value] : mrz->raw) lines += (lines.empty() ? "" : "|") + value;
    exact += lines == joined;
    uncertain += !mrz->uncertain_fields.empty();
    std::string wrong;
    auto truth = ParseMrz(truth_text, kToday);
    if (truth.ok()) {
      const DocumentFields t = FromMrz(*truth);
      const std::pair<const char*, std::pair<std::string, std::string>> compared[] = {
          {"family_name", {t.family_name, mrz->family_name}},
          {"given_names", {t.given_names, mrz->given_names}},
          {"document_number", {t.document_number, mrz->document_number}},
          {"birth_date", {t.birth_date, mrz->birth_date}},
          {"expiry_date", {t.expiry_date, mrz->expiry_date}},
          {"sex", {t.sex, mrz->sex}},
          {"issuing_country", {t.issuing_country, mrz->issuing_country}},
          {"type", {t.type, mrz->type}}};
      for (const auto& [field, values] : compared) {
        if (values.first == values.second) continue;
        const auto& u = mrz->uncertain_fields;
        const bool flagged = std::find(u.begin(), u.end(), field) != u.end();
        if (!flagged) {
          ++wrong_certain;
          wrong += std::string(" ") + field + "='" + values.second + "' (truth '" + values.first + "')";
        }
      }
    } else {
      // A layout our parser does not know: the whole read must not be certain.
      if (lines != joined && mrz->uncertain_fields.empty() && mrz->mrz_checks_valid) {
        ++wrong_certain;
        wrong = " a misread with every check passed";
      }
    }
    std::string flagged;
    for (const auto& f : mrz->uncertain_fields) flagged += " " + f;
    std::printf("[ mrz photo ] %-40s %s uncertain:%s%s\n", file.c_str(), lines == joined ? "exact" : lines.c_str(),
                flagged.empty() ? " none" : flagged.c_str(),
                wrong.empty() ? "" : (" WRONG AS CERTAIN:" + wrong).c_str());
  }
  std::printf(
      "[ mrz photo ] %d photos: MRZ read on %d, exactly on %d, %d with uncertain fields, %d wrong fields "
      "reported as certain\n",
      photos, found, exact, uncertain, wrong_certain);
  EXPECT_EQ(wrong_certain, 0) << "a misread field was reported as certain";
  Ratchet("mrz_photos found", found);
  Ratchet("mrz_photos exact", exact);
}

}  // namespace
}  // namespace idmatch::document
