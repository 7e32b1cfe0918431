// MRZ parsing on the ICAO 9303 specimens (Parts 4-7: the "Anna Maria
// Eriksson" documents of Utopia) and on OCR-damaged copies of them.
#include "document/mrz.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "document/fields.h"
#include "document/mrz_confidence.h"

namespace idmatch::document {
namespace {

constexpr const char* kToday = "2026-11-24";
constexpr const char* kTd3 =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
constexpr const char* kTd1 =
    "I<UTOD231458907<<<<<<<<<<<<<<<\n"
    "7408122F1204159UTO<<<<<<<<<<<6\n"
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<";
constexpr const char* kTd2 =
    "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
    "D231458907UTO7408122F1204159<<<<<<<6";
constexpr const char* kMrvA =
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L8988901C4XXX4009078F96121096ZE184226B<<<<<<";
constexpr const char* kMrvB =
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
    "L8988901C4XXX4009078F9612109<<<<<<<<";

Mrz MustParse(const std::string& text) {
  auto m = ParseMrz(text, kToday);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? *m : Mrz{};
}

TEST(MrzCheckDigit, IcaoWorkedExamples) {
  EXPECT_EQ(MrzCheckDigit("520727"), 3);  // 9303 Part 3, 4.9 example
  EXPECT_EQ(MrzCheckDigit("L898902C3"), 6);
  EXPECT_EQ(MrzCheckDigit("<<<<<"), 0);
  EXPECT_EQ(MrzCheckDigit("AB!"), -1);
}

TEST(Mrz, Td3PassportSpecimen) {
  const Mrz m = MustParse(kTd3);
  EXPECT_EQ(m.format, MrzFormat::kTd3);
  EXPECT_EQ(m.document_code, "P");
  EXPECT_EQ(m.issuing_state, "UTO");
  EXPECT_EQ(m.surname, "ERIKSSON");
  EXPECT_EQ(m.given_names, "ANNA MARIA");
  EXPECT_EQ(m.document_number, "L898902C3");
  EXPECT_EQ(m.nationality, "UTO");
  EXPECT_EQ(m.birth_date.iso, "1974-08-12");
  EXPECT_EQ(m.sex, "F");
  EXPECT_EQ(m.expiry_date.iso, "2012-04-15");
  EXPECT_EQ(m.optional_data, "ZE184226B");
  EXPECT_TRUE(m.all_checks_valid());
  EXPECT_EQ(m.checks.size(), 5u);  // number, birth, expiry, optional, composite
  EXPECT_TRUE(m.repairs.empty());
}

TEST(Mrz, Td1IdCardSpecimen) {
  const Mrz m = MustParse(kTd1);
  EXPECT_EQ(m.format, MrzFormat::kTd1);
  EXPECT_EQ(m.document_code, "I");
  EXPECT_EQ(m.document_number, "D23145890");
  EXPECT_EQ(m.birth_date.iso, "1974-08-12");
  EXPECT_EQ(m.expiry_date.iso, "2012-04-15");
  EXPECT_EQ(m.surname, "ERIKSSON");
  EXPECT_EQ(m.given_names, "ANNA MARIA");
  EXPECT_TRUE(m.all_checks_valid());
}

TEST(Mrz, Td2AndVisaSpecimens) {
  const Mrz td2 = MustParse(kTd2);
  EXPECT_EQ(td2.format, MrzFormat::kTd2);
  EXPECT_EQ(td2.document_number, "D23145890");
  EXPECT_TRUE(td2.all_checks_valid());
  const Mrz a = MustParse(kMrvA);
  EXPECT_EQ(a.format, MrzFormat::kMrvA);
  EXPECT_EQ(a.document_number, "L8988901C");
  EXPECT_EQ(a.nationality, "XXX");
  EXPECT_EQ(a.birth_date.iso, "1940-09-07");
  EXPECT_EQ(a.expiry_date.iso, "1996-12-10");  // more than 50 years ahead as 2096: last century
  EXPECT_TRUE(a.all_checks_valid());
  EXPECT_EQ(a.checks.size(), 3u);  // visas have no composite
  const Mrz b = MustParse(kMrvB);
  EXPECT_EQ(b.format, MrzFormat::kMrvB);
  EXPECT_TRUE(b.all_checks_valid());
}

TEST(Mrz, RepairsLookAlikesByFieldTypeAndSaysSo) {
  std::string text = kTd3;
  const size_t birth = text.find("7408122");
  text[birth + 2] = 'O';                               // 74O8122: O in a numeric field
  text.replace(text.find("ERIKSSON"), 8, "ER1KSS0N");  // digits in the name
  const Mrz m = MustParse(text);
  EXPECT_EQ(m.birth_date.iso, "1974-08-12");
  EXPECT_EQ(m.surname, "ERIKSSON");
  EXPECT_TRUE(m.all_checks_valid());
  ASSERT_EQ(m.repairs.size(), 3u);
  EXPECT_EQ(m.repairs[0].reason, "field is alphabetic");
  EXPECT_EQ(m.repairs[2].from, 'O');
  EXPECT_EQ(m.repairs[2].to, '0');
  EXPECT_EQ(m.repairs[2].reason, "field is numeric");
}

TEST(Mrz, RepairsTheDocumentNumberOnlyWhenTheCheckDigitDecides) {
  std::string text = kTd3;
  const size_t number = text.find("L898902C3");
  text[number + 5] = 'O';  // L8989O2C3: O or 0 are both plausible in an alphanumeric field
  const Mrz m = MustParse(text);
  EXPECT_EQ(m.document_number, "L898902C3");
  EXPECT_TRUE(m.all_checks_valid());
  ASSERT_EQ(m.repairs.size(), 1u);
  EXPECT_EQ(m.repairs[0].reason, "check digit");
  EXPECT_EQ(m.repairs[0].line, 1);
  EXPECT_EQ(m.repairs[0].column, 5);
}

TEST(Mrz, ReportsFailedChecksWithoutGuessing) {
  std::string text = kTd3;
  text[text.find("1204159") + 4] = '5';  // expiry 120455: invalid date, and the check fails
  const Mrz m = MustParse(text);
  EXPECT_FALSE(m.all_checks_valid());
  bool expiry_failed = false, composite_failed = false;
  for (const auto& c : m.checks) {
    expiry_failed |= c.field == "expiry_date" && !c.valid;
    composite_failed |= c.field == "composite" && !c.valid;
  }
  EXPECT_TRUE(expiry_failed);
  EXPECT_TRUE(composite_failed);
  EXPECT_EQ(m.expiry_date.iso, "");  // 55 April does not exist
}

TEST(Mrz, ToleratesOcrNoise) {
  // Lower case, spaces, a chevron for '<', and two dropped trailing fillers.
  std::string text =
      "p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<\xC2\xAB\n"
      "L898902C36 UTO7408122F1204159ZE184226B<<<<<10\n";
  const Mrz m = MustParse(text);
  EXPECT_TRUE(m.all_checks_valid());
  EXPECT_EQ(m.lines[0], "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
}

TEST(Mrz, Td1LongDocumentNumberContinuesInTheOptionalData) {
  // 9303-5 4.2.4: a 12-character number, its check digit after it, '<' at 14.
  const std::string number = "D23145890123";
  const char check = static_cast<char>('0' + MrzCheckDigit(number));
  std::string line1 = "I<UTO" + number.substr(0, 9) + "<" + number.substr(9) + check;
  line1.resize(30, '<');
  const Mrz m = MustParse(line1 + "\n7408122F1204159UTO<<<<<<<<<<<0\nERIKSSON<<ANNA<MARIA<<<<<<<<<<");
  EXPECT_EQ(m.document_number, number);
  EXPECT_TRUE(m.checks[0].valid);
  // A filler-led optional field is not a number continuation (found by the fuzzer).
  EXPECT_TRUE(
      ParseMrz("I<UTOD23145890<<<AB<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<<<<<<<<<<<<<<<<", kToday)
          .ok());
}

TEST(Mrz, RejectsWhatIsNotAnMrz) {
  EXPECT_EQ(ParseMrz("", kToday).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseMrz("HELLO\nWORLD", kToday).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseMrz(std::string(kTd3) + "\nEXTRA", kToday).status().code(), ErrorCode::kInvalidArgument);
  std::string bad_sex = kTd3;
  bad_sex[bad_sex.find("2F12") + 1] = 'Q';
  EXPECT_EQ(ParseMrz(bad_sex, kToday).status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace idmatch::document

namespace idmatch::document {
namespace {

TEST(DocumentChecks, ExpiryAgeAndCheckDigitsFromAnMrz) {
  auto m = ParseMrz(
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
      "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
      "2026-11-24");
  ASSERT_TRUE(m.ok());
  const DocumentFields f = FromMrz(*m);
  EXPECT_EQ(f.source, DocumentSource::kMrz);
  EXPECT_EQ(f.document_number, "L898902C3");
  const auto checks = CheckDocument(f, "2026-11-24", 18);
  ASSERT_EQ(checks.size(), 4u);
  EXPECT_EQ(checks[0].reason, Reason::kDocumentExpired);         // 2012-04-15
  EXPECT_TRUE(checks[1].passed);                                 // born 1974
  EXPECT_TRUE(checks[2].passed);                                 // every check digit
  EXPECT_EQ(checks[3].kind, DocumentCheckKind::kFieldsCertain);  // MRZ text has no OCR margins: not assessed
  EXPECT_FALSE(checks[3].assessed);
  // An OCR read with a doubtful field fails it with MRZ_FIELD_UNCERTAIN.
  DocumentFields doubtful = f;
  doubtful.field_confidence = {{"family_name", 0.3f}};
  doubtful.uncertain_fields = {"family_name"};
  const auto doubtful_checks = CheckDocument(doubtful, "2026-11-24", 18);
  EXPECT_TRUE(doubtful_checks[3].assessed);
  EXPECT_FALSE(doubtful_checks[3].passed);
  EXPECT_EQ(doubtful_checks[3].reason, Reason::kMrzFieldUncertain);
  // Age turns on the birthday itself, not a day earlier.
  DocumentFields young;
  young.birth_date = "2008-11-24";
  EXPECT_TRUE(CheckDocument(young, "2026-11-24", 18)[1].passed);
  EXPECT_FALSE(CheckDocument(young, "2026-11-23", 18)[1].passed);
  EXPECT_FALSE(CheckDocument(young, "2026-11-23", 18)[0].assessed);  // no expiry date: not assessed
}

// The French identity card (1988-2021): 2 x 36, not ICAO, its own checks.
TEST(Mrz, FrenchIdentityCard) {
  auto m = ParseMrz("IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<\n9409923102854CORINNE<<<<<<<6512068F4", "2026-11-24");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->format, MrzFormat::kFrenchId);
  EXPECT_EQ(m->surname, "BERTHIER");
  EXPECT_EQ(m->given_names, "CORINNE");
  EXPECT_EQ(m->document_number, "940992310285");
  EXPECT_EQ(m->birth_date.iso, "1965-12-06");
  EXPECT_EQ(m->sex, "F");
  EXPECT_TRUE(m->all_checks_valid());
  auto altered = ParseMrz("IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<\n9409923102854CORINNE<<<<<<<6512078F4", "2026-11-24");
  ASSERT_TRUE(altered.ok());
  EXPECT_FALSE(altered->all_checks_valid());  // birth date changed: its check and the composite fail
}

// Field confidence from OCR margins: clear glyphs make unprotected fields
// certain; a doubtful name letter makes the name uncertain; a check digit
// that validates the O-for-0 reading too cannot vouch for the number.
TEST(MrzConfidence, CheckDigitsSettleOnlyWhatTheyDiscriminate) {
  auto m = ParseMrz(
      "P<ESTMAENNIK<<MARI<LIIS<<<<<<<<<<<<<<<<<<<<<\n"
      "KB00000003EST7501229F1205226475012200100<<02",
      "2026-11-24");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_TRUE(m->all_checks_valid());
  std::vector<std::vector<float>> margins{std::vector<float>(44, 0.3f), std::vector<float>(44, 0.3f)};
  std::vector<std::string> runner_up{std::string(44, 'X'), std::string(44, 'X')};
  auto clear = AssessMrzFields(*m, margins, runner_up);
  EXPECT_TRUE(clear.uncertain.empty());
  EXPECT_FLOAT_EQ(clear.confidence.at("family_name"), 1.0f);
  // The E of MAENNIK nearly an F: the family name is in doubt.
  margins[0][7] = 0.01f;
  runner_up[0][7] = 'F';
  auto name = AssessMrzFields(*m, margins, runner_up);
  ASSERT_EQ(name.uncertain.size(), 1u);
  EXPECT_EQ(name.uncertain[0], "family_name");
  EXPECT_LT(name.confidence.at("family_name"), 0.5f);
  // Five zeros each nearly an O: KB00OOOOO validates like KB0000000.
  margins[0][7] = 0.3f;
  for (int c = 4; c < 9; ++c) {
    margins[1][size_t(c)] = 0.01f;
    runner_up[1][size_t(c)] = 'O';
  }
  auto number = AssessMrzFields(*m, margins, runner_up);
  EXPECT_NE(std::find(number.uncertain.begin(), number.uncertain.end(), "document_number"), number.uncertain.end());
  // One doubtful digit: any single swap breaks the check, so it still settles the number.
  for (int c = 4; c < 8; ++c) margins[1][size_t(c)] = 0.3f;
  auto one = AssessMrzFields(*m, margins, runner_up);
  EXPECT_FLOAT_EQ(one.confidence.at("document_number"), 1.0f);
}

// '?' is an OCR's "could not read": refused, never guessed as a filler.
TEST(Mrz, UnreadableCharacterIsRefusedNotGuessed) {
  auto m = ParseMrz("IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02\n1710GV?123451ROBERTA<<<<<<<9112311F2", "2026-11-24");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("line 2, column 7"), std::string::npos) << m.status().message();
}

}  // namespace
}  // namespace idmatch::document
