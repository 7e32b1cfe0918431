// MRZ character sets per position and the barcode-vs-MRZ consistency check.
#include <gtest/gtest.h>

#include "document/fields.h"
#include "document/mrz_charset.h"
#include "support/mrz_factory.h"

namespace idmatch::document {
namespace {

TEST(MrzCharsets, EveryPositionOfTheSpecimensIsAllowedByItsCharset) {
  // Every character of well-formed lines of each format fits its position's set.
  for (const auto& id : testing::SampleMrzIdentities()) {
    for (const auto& lines : {testing::Td3Lines(id), testing::Td2Lines(id), testing::Td1Lines(id)}) {
      const int width = static_cast<int>(lines[0].size());
      for (size_t l = 0; l < lines.size(); ++l) {
        for (size_t c = 0; c < lines[l].size(); ++c) {
          EXPECT_TRUE(MrzCharsetAllows(MrzPositionCharset(width, int(l), int(c)), lines[l][c]))
              << "width " << width << " line " << l << " column " << c << " '" << lines[l][c] << "'";
        }
      }
    }
  }
}

TEST(MrzCharsets, DatesAreDigitsNamesAreLettersNumbersAreBoth) {
  EXPECT_EQ(MrzPositionCharset(44, 1, 13), MrzCharset::kDigit);  // birth date
  EXPECT_EQ(MrzPositionCharset(44, 1, 20), MrzCharset::kSex);
  EXPECT_EQ(MrzPositionCharset(44, 0, 10), MrzCharset::kAlpha);  // name
  EXPECT_EQ(MrzPositionCharset(44, 1, 3), MrzCharset::kAlnum);   // document number
  EXPECT_EQ(MrzPositionCharset(30, 1, 0), MrzCharset::kDigit);   // TD1 birth date
  EXPECT_EQ(MrzPositionCharset(30, 2, 0), MrzCharset::kAlpha);   // TD1 name line
  EXPECT_FALSE(MrzCharsetAllows(MrzCharset::kDigit, 'O'));
  EXPECT_FALSE(MrzCharsetAllows(MrzCharset::kAlpha, '0'));
  EXPECT_TRUE(MrzCharsetAllows(MrzCharset::kSex, '<'));
  EXPECT_FALSE(MrzCharsetAllows(MrzCharset::kSex, 'Q'));
}

DocumentFields Read(DocumentSource source, const std::string& number, const std::string& family,
                    const std::string& birth, const std::string& expiry) {
  DocumentFields f;
  f.source = source;
  f.document_number = number;
  f.family_name = family;
  f.birth_date = birth;
  f.expiry_date = expiry;
  return f;
}

TEST(DocumentConsistency, BarcodeAndMrzMustAgree) {
  const auto barcode = Read(DocumentSource::kPdf417, "D-123 456", "O'NEIL-GARCIA", "1990-12-25", "2030-12-25");
  // The MRZ spells the number without separators and truncates long names.
  const auto mrz = Read(DocumentSource::kMrz, "D123456<", "O NEIL GARC", "1990-12-25", "2030-12-25");
  auto same = CheckConsistency({barcode, mrz});
  ASSERT_TRUE(same.has_value());
  EXPECT_TRUE(same->assessed);
  EXPECT_TRUE(same->passed);
  for (const auto& other : {Read(DocumentSource::kMrz, "D123457", "ONEIL", "1990-12-25", "2030-12-25"),
                            Read(DocumentSource::kMrz, "D123456", "ONEIL", "1990-12-24", "2030-12-25"),
                            Read(DocumentSource::kMrz, "D123456", "ONEIL", "1990-12-25", "2031-12-25"),
                            Read(DocumentSource::kMrz, "D123456", "SMITH", "1990-12-25", "2030-12-25")}) {
    auto differs = CheckConsistency({barcode, other});
    ASSERT_TRUE(differs.has_value());
    EXPECT_FALSE(differs->passed) << other.document_number << " " << other.family_name << " " << other.birth_date;
    EXPECT_EQ(differs->reason, Reason::kBarcodeMrzMismatch);
  }
  // A missing field is not a disagreement; one source alone is not assessed.
  EXPECT_TRUE(CheckConsistency({barcode, Read(DocumentSource::kMrz, "", "ONEIL", "", "")})->passed);
  EXPECT_FALSE(CheckConsistency({barcode}).has_value());
  EXPECT_FALSE(CheckConsistency({mrz, mrz}).has_value());
}

}  // namespace
}  // namespace idmatch::document
