// MRZ read rates on documents the test renders itself (OCR-B from Debian's
// fonts-ocr-b at ICAO's pitch on a security background) and then degrades
// the ways photos of passports and ID cards are degraded. A read counts when
// every line comes out exactly as printed (after the parser's repairs) and
// every check digit validates. Minimum counts: the sidecar mrz.expect.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "document/mrz_reader.h"
#include "document/reader.h"
#include "support/card_factory.h"
#include "support/degrade.h"
#include "support/document_factory.h"
#include "support/image_factory.h"
#include "support/mrz_factory.h"
#include "support/ratchet.h"

namespace idmatch::document {
namespace {

struct Sample {
  std::string name;
  std::vector<std::string> lines;
};

std::vector<Sample> Samples() {
  const auto& ids = testing::SampleMrzIdentities();
  return {{"td3-eriksson", testing::Td3Lines(ids[0])}, {"td3-mustermann", testing::Td3Lines(ids[1])},
          {"td3-obrien", testing::Td3Lines(ids[4])},   {"td1-martin", testing::Td1Lines(ids[2])},
          {"td1-debruijn", testing::Td1Lines(ids[3])}, {"td1-garcia", testing::Td1Lines(ids[5])},
          {"td2-martin", testing::Td2Lines(ids[2])},   {"td2-garcia", testing::Td2Lines(ids[5])}};
}

cv::Mat Rotate(const cv::Mat& img, double degrees) {
  return testing::Degrade(img, testing::Degradation::kRotate, degrees, cv::Rect2f(), 1.0);
}

using Render = std::function<cv::Mat(const Sample&, unsigned)>;

cv::Mat Doc(const Sample& s, double px_per_mm = 12.0) { return testing::MrzDocument(s.lines, cv::Mat(), px_per_mm); }

const std::vector<std::pair<std::string, Render>>& Degradations() {
  static const std::vector<std::pair<std::string, Render>> kAll = {
      {"clean", [](const Sample& s, unsigned) { return Doc(s); }},
      {"rotate_90", [](const Sample& s, unsigned) { return Rotate(Doc(s), 90); }},
      {"rotate_180", [](const Sample& s, unsigned) { return Rotate(Doc(s), 180); }},
      {"rotate_270", [](const Sample& s, unsigned) { return Rotate(Doc(s), 270); }},
      {"rotate_7", [](const Sample& s, unsigned) { return Rotate(Doc(s), 7); }},
      {"blur",
       [](const Sample& s, unsigned) {
         cv::Mat b;
         cv::GaussianBlur(Doc(s), b, cv::Size(), 1.5);
         return b;
       }},
      {"noise",
       [](const Sample& s, unsigned seed) {
         cv::Mat d = Doc(s), n(d.size(), CV_16SC3);
         cv::RNG(seed).fill(n, cv::RNG::NORMAL, 0, 14);
         cv::Mat out;
         d.convertTo(out, CV_16SC3);
         out += n;
         out.convertTo(out, CV_8UC3);
         return out;
       }},
      {"jpeg_q40", [](const Sample& s, unsigned) { return testing::JpegRoundTrip(Doc(s), 40); }},
      {"small_6px_per_mm", [](const Sample& s, unsigned) { return Doc(s, 6.0); }},
      {"photo_on_table", [](const Sample& s, unsigned seed) { return testing::PhotographCard(Doc(s), seed); }},
  };
  return kAll;
}

TEST(MrzSamples, ReadRatesPerDegradation) {
  if (!testing::OcrBFontAvailable()) GTEST_SKIP() << "OCR-B font not installed: " << testing::kOcrBFont;
  const auto samples = Samples();
  for (const auto& [name, render] : Degradations()) {
    int read = 0;
    for (size_t i = 0; i < samples.size(); ++i) {
      const cv::Mat image = render(samples[i], unsigned(i + 1));
      if (const char* dump = std::getenv("IDMATCH_DUMP_DIR")) {
        cv::imwrite(std::string(dump) + "/mrz-" + name + "-" + samples[i].name + ".png", image);
      }
      auto r = ReadMrz(image, "2026-11-24");
      const bool ok = r.ok() && r->mrz.lines == samples[i].lines && r->mrz.all_checks_valid();
      read += ok;
      if (!ok && std::getenv("IDMATCH_MRZ_DEBUG")) {
        std::printf("  miss %s %s: %s\n", name.c_str(), samples[i].name.c_str(),
                    r.ok() ? (r->ocr_lines[0] + " | " + r->ocr_lines[1]).c_str() : r.status().ToString().c_str());
      }
    }
    std::printf("[ mrz ] %-18s read %d of %zu\n", name.c_str(), read, samples.size());
    testing::CheckRatchet("mrz.expect", "mrz " + name, read);
  }
}

// A TD1 card's two sides: the MRZ on one, an AAMVA barcode on the other. Read
// together they are one document, primary from the MRZ, checked for agreement.
TEST(MrzSamples, FrontAndBackAreReadAsOneDocumentAndCompared) {
  if (!testing::OcrBFontAvailable()) GTEST_SKIP() << "OCR-B font not installed: " << testing::kOcrBFont;
  testing::MrzIdentity id = testing::SampleMrzIdentities()[2];  // MARTIN JEAN PIERRE, X4RTBPFW4, 1990-01-01
  const cv::Mat mrz_side = testing::PhotographCard(testing::MrzDocument(testing::Td1Lines(id)), 7);
  auto barcode_side = [&](const std::string& number) {
    const std::string record =
        testing::AamvaRecordText(10, {{"ID",
                                       {"DAQ" + number, "DCSMARTIN", "DACJEAN", "DADPIERRE", "DBB01011990",
                                        "DBA01012030", "DBC1", "DCGUSA", "DAJNY"}}});
    return testing::CardOnATable(testing::Pdf417Image(record, 3), 8);
  };
  auto same = ReadDocument(std::vector<cv::Mat>{mrz_side, barcode_side("X4RTBPFW4")}, "2026-11-24", 18);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same->fields.source, DocumentSource::kMrz);
  EXPECT_EQ(same->fields.family_name, "MARTIN");
  EXPECT_EQ(same->fields.birth_date, "1990-01-01");
  ASSERT_EQ(same->other_reads.size(), 1u);
  EXPECT_EQ(same->other_reads[0].source, DocumentSource::kPdf417);
  ASSERT_EQ(same->checks.back().kind, DocumentCheckKind::kBarcodeMrzConsistent);
  EXPECT_TRUE(same->checks.back().passed);
  auto altered = ReadDocument(std::vector<cv::Mat>{mrz_side, barcode_side("X4RTBPFW5")}, "2026-11-24", 18);
  ASSERT_TRUE(altered.ok());
  ASSERT_EQ(altered->checks.back().kind, DocumentCheckKind::kBarcodeMrzConsistent);
  EXPECT_FALSE(altered->checks.back().passed);
  EXPECT_EQ(altered->checks.back().reason, Reason::kBarcodeMrzMismatch);
}

}  // namespace
}  // namespace idmatch::document
