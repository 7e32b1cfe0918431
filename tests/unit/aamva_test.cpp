// AAMVA DL/ID records built the way the standard lays them out (header,
// designators with offsets and lengths, subfiles), then damaged the ways real
// cards are.
#include "document/aamva.h"

#include <gtest/gtest.h>

#include "support/document_factory.h"

namespace idmatch::document {
namespace {

using testing::AamvaRecordText;

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

}  // namespace
}  // namespace idmatch::document
