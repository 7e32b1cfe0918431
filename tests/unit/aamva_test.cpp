// AAMVA DL/ID records built the way the standard lays them out (header,
// designators with offsets and lengths, subfiles), then damaged the ways real
// cards are.
#include "document/aamva.h"

#include <gtest/gtest.h>

#include "core/utf8.h"
#include "support/document_factory.h"

namespace idmatch::document {
namespace {

using testing::AamvaRecordText;
using namespace std::string_literals;

std::string Build(int version, const std::vector<testing::AamvaSubfile>& subfiles, const std::string& iin = "636014") {
  return AamvaRecordText(version, subfiles, iin);
}

const std::vector<std::string>& kCalifornia = testing::SampleLicenceElements();

TEST(Aamva, UsLicenceVersion10) {
  auto r = ParseAamva(Build(10, {{"DL", kCalifornia}, {"ZC", {"ZCAEYES BRO", "ZCBCORRECTIVE LENSES"}}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->file_type, "ANSI");
  EXPECT_EQ(r->iin, "636014");
  EXPECT_EQ(r->version, 10);
  EXPECT_EQ(r->subfiles.size(), 2u);
  EXPECT_EQ(r->document_type, "DL");
  EXPECT_EQ(r->family_name, "SAMPLE");
  EXPECT_EQ(r->given_names, "ALEXANDER JOSEPH");
  EXPECT_EQ(r->birth_date, "1977-08-31");  // MMDDCCYY on US cards
  EXPECT_EQ(r->expiry_date, "2027-08-31");
  EXPECT_EQ(r->issue_date, "2020-01-01");
  EXPECT_EQ(r->customer_id, "D1234562");
  EXPECT_EQ(r->sex, "M");
  EXPECT_EQ(r->height, "070 IN");
  EXPECT_EQ(r->postal_code, "958350000");  // trailing spaces trimmed
  EXPECT_EQ(r->country, "USA");
  EXPECT_EQ(r->document_discriminator, "83D9BN217QO983B1");
  EXPECT_EQ(r->elements.at("ZC.ZCB"), "CORRECTIVE LENSES");  // unknown elements kept raw
  EXPECT_TRUE(r->warnings.empty());
}

TEST(Aamva, CanadianDatesAreYearFirst) {
  auto r = ParseAamva(Build(
      8,
      {{"DL",
        {"DAQA1234-56789-01234", "DCSTREMBLAY", "DACMARIE", "DBB19800215", "DBA20290215", "DBC2", "DCGCAN", "DAJQC"}}},
      "636044"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->birth_date, "1980-02-15");
  EXPECT_EQ(r->expiry_date, "2029-02-15");
  EXPECT_EQ(r->sex, "F");
}

TEST(Aamva, Version1UsesFullNameAndYearFirstDates) {
  auto r = ParseAamva(Build(1, {{"DL", {"DAQ1234567", "DAAPUBLIC,JOHN,Q", "DBB19700101", "DBA20100101", "DBCM"}}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(r->family_name, "PUBLIC");
  EXPECT_EQ(r->given_names, "JOHN Q");
  EXPECT_EQ(r->birth_date, "1970-01-01");
  EXPECT_EQ(r->sex, "M");
}

TEST(Aamva, IdCardAndGivenNamesElement) {
  auto r = ParseAamva(Build(3, {{"ID", {"DAQ987", "DCSDOE", "DCTJANE,ANN", "DBB02291988", "DCGUSA"}}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->document_type, "ID");
  EXPECT_EQ(r->given_names, "JANE ANN");
  EXPECT_EQ(r->birth_date, "1988-02-29");  // a leap day
}

TEST(Aamva, ToleratesRealWorldDeviationsAndSaysWhich) {
  std::string data = Build(9, {{"DL", kCalifornia}});
  data.erase(2, 1);                             // no record separator
  data.replace(data.find("DL0"), 6, "DL9999");  // offset points nowhere
  for (const char* id : {"DCS", "DAC"}) {       // lower-case element ids
    const size_t at = data.find(id);
    data[at] = char(std::tolower(data[at]));
    data[at + 1] = char(std::tolower(data[at + 1]));
    data[at + 2] = char(std::tolower(data[at + 2]));
  }
  auto r = ParseAamva("  " + data);  // leading whitespace from a scanner
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->family_name, "SAMPLE");
  EXPECT_EQ(r->given_names, "ALEXANDER JOSEPH");
  EXPECT_EQ(r->birth_date, "1977-08-31");
  ASSERT_EQ(r->warnings.size(), 2u);
  EXPECT_NE(r->warnings[0].find("separators"), std::string::npos);
  EXPECT_NE(r->warnings[1].find("offset"), std::string::npos);
}

TEST(Aamva, MalformedDatesAndSexAreWarningsNotGuesses) {
  auto r = ParseAamva(Build(10, {{"DL", {"DAQ1", "DCSX", "DBB13452020", "DBC7", "DCGUSA"}}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->birth_date, "");
  EXPECT_EQ(r->sex, "");
  EXPECT_EQ(r->warnings.size(), 2u);
  EXPECT_EQ(AamvaDate("02302020", false), "");  // 30 February
  EXPECT_EQ(AamvaDate("20200230", true), "");
  EXPECT_EQ(AamvaDate("0101202", false), "");
}

TEST(Aamva, RejectsWhatIsNotAnAamvaRecord) {
  for (const std::string& bad :
       {std::string(""), std::string("hello"), std::string("@\n\x1e\rANSI 63601"),
        std::string("@\n\x1e\rANSI 6360141000X1DL00410278"), std::string("@\n\x1e\rANSI 636014100001DL00410002DL\r")}) {
    auto r = ParseAamva(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("AAMVA"), std::string::npos);
  }
}

// Version 1 headers: "AAMVA" (and the misprint "AMVA") file types, with and
// without the jurisdiction version field, and no "DL" before the elements.
TEST(Aamva, VersionOneHeaderForms) {
  const std::string body = "DAQK1234\nDAAJOHNSON,JACK,,3RD\nDBB19910209\nDBA20170209\nDBC1\r";
  for (const std::string& head :
       {std::string("@\n\x1e\rAAMVA6360030101DL00290192DL"), std::string("@AMVA 6360030101DL00290192"),
        std::string("@\n\x1e\rANSI 636003010101DL00310192DL"), std::string("ANSI 6360030101DL00290192DL")}) {
    auto r = ParseAamva(head + body);
    ASSERT_TRUE(r.ok()) << head << ": " << r.status().ToString();
    EXPECT_EQ(r->version, 1) << head;
    EXPECT_EQ(r->family_name, "JOHNSON") << head;
    EXPECT_EQ(r->given_names, "JACK") << head;
    EXPECT_EQ(r->name_suffix, "3RD") << head;
    EXPECT_EQ(r->birth_date, "1991-02-09") << head;  // CCYYMMDD in version 1
    EXPECT_EQ(r->state, "MD") << head;               // from the IIN: the record has no DAJ
    EXPECT_EQ(r->country, "USA") << head;
  }
}

// Version 1's single name element, both ways cards wrote it, and a family
// name with a trailing comma (versions 2-3).
TEST(Aamva, SingleNameElementsAreSplitTheWayTheyAreMeant) {
  auto commas = ParseAamva(Build(1, {{"DL", {"DAQ1", "DAATESTER,JOHN,PAUL"}}}));
  ASSERT_TRUE(commas.ok());
  EXPECT_EQ(commas->family_name, "TESTER");
  EXPECT_EQ(commas->given_names, "JOHN PAUL");
  auto spaces = ParseAamva(Build(1, {{"DL", {"DAQ1", "DAAJOHN P SMITH"}}}));
  ASSERT_TRUE(spaces.ok());
  EXPECT_EQ(spaces->family_name, "SMITH");
  EXPECT_EQ(spaces->given_names, "JOHN P");
  auto v3 = ParseAamva(Build(3, {{"DL", {"DAQ1", "DCSPUBLIC,", "DCTJOHN,QUINCY"}}}));
  ASSERT_TRUE(v3.ok());
  EXPECT_EQ(v3->family_name, "PUBLIC");
  EXPECT_EQ(v3->given_names, "JOHN QUINCY");
}

// Latin-1 bytes (an accented name) become UTF-8; padding and control bytes go.
TEST(Aamva, LegacyBytesBecomeUtf8AndPaddingIsStripped) {
  auto r = ParseAamva(
      Build(10, {{"DL", {"DAQD1234562\x1c\x00  "s, "DCSM\xdcLLER", "DACJOS\xc9", "DBB08311977", "DCGUSA", "DDET"}}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->family_name, "M\xc3\x9cLLER");
  EXPECT_EQ(r->given_names, "JOS\xc3\x89");
  EXPECT_EQ(r->customer_id, "D1234562");
  ASSERT_EQ(r->truncated.size(), 1u);
  EXPECT_EQ(r->truncated[0], "family_name");
}

// Elements whose separators were lost are split at the standard's ids; a
// rarely used id inside a name ("ADAM" holds DAM) is not a split point.
TEST(Aamva, ElementsWithoutSeparatorsAreSplitAtKnownIds) {
  auto r = ParseAamva(
      "@ANSI 6360300102DL00390184ZM02230047DLDAQP039023005DAAENGLAND,ADAM,N,DAG200 MAIN ST #114DAIKANSAS "
      "CITYDAJMODAK64105      DAU510DBA20180126DBB19820126DBCMZMZMAJACKSONZMB111");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->customer_id, "P039023005");
  EXPECT_EQ(r->family_name, "ENGLAND");
  EXPECT_EQ(r->given_names, "ADAM N");
  EXPECT_EQ(r->street, "200 MAIN ST #114");
  EXPECT_EQ(r->city, "KANSAS CITY");
  EXPECT_EQ(r->postal_code, "64105");
  EXPECT_EQ(r->birth_date, "1982-01-26");
  EXPECT_EQ(r->sex, "M");
  EXPECT_EQ(r->elements.at("ZM.ZMA"), "JACKSON");  // the jurisdiction subfile ends the DL one
}

// The magnetic-stripe form (tracks 1-3), as aamvajs's Texas fixture.
TEST(Aamva, MagneticStripeTracks) {
  auto r = ParseAamva(
      "%TXAUSTIN^DOE$JOHN^12345 SHERBOURNE ST^?;63601538774194=150819810101?#\" 78729      C               "
      "1505130BLKBLK?");  // as in winfinit/aamvajs test/TX.js
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->file_type, "MAGSTRIPE");
  EXPECT_EQ(r->iin, "636015");
  EXPECT_EQ(r->state, "TX");
  EXPECT_EQ(r->country, "USA");  // from the IIN
  EXPECT_EQ(r->family_name, "DOE");
  EXPECT_EQ(r->given_names, "JOHN");
  EXPECT_EQ(r->city, "AUSTIN");
  EXPECT_EQ(r->street, "12345 SHERBOURNE ST");
  EXPECT_EQ(r->customer_id, "38774194");
  EXPECT_EQ(r->birth_date, "1981-01-01");
  EXPECT_EQ(r->expiry_date, "2015-08-31");  // YYMM: the month's last day
  EXPECT_EQ(r->postal_code, "78729");
  EXPECT_EQ(r->sex, "M");
  EXPECT_EQ(r->height, "505");
  EXPECT_EQ(r->eye_colour, "BLK");
  // A birth date of non-UTF-8 bytes (found by fuzz_aamva): the warning that
  // quotes it is UTF-8 too.
  auto bad_date = ParseAamva("%TXAUSTIN^DOE$JOHN^12345 ST^?;63601538774194=15081981\xcd\xce\xcf\xce?");
  ASSERT_TRUE(bad_date.ok());
  EXPECT_EQ(bad_date->birth_date, "");
  for (const auto& w : bad_date->warnings) EXPECT_TRUE(utf8::IsValid(w)) << w;
  auto no_track2 = ParseAamva("%TXAUSTIN^DOE$JOHN^12345 SHERBOURNE ST^?");
  ASSERT_FALSE(no_track2.ok());
  EXPECT_NE(no_track2.status().message().find("track 2"), std::string::npos);
}

}  // namespace
}  // namespace idmatch::document
