// PDF417/AAMVA read rates on barcodes the test writes itself (zxing-cpp's
// writer) and then degrades the ways photos of licence backs are degraded.
// Minimum read counts per degradation come from the sidecar document.expect.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "document/aamva.h"
#include "document/pdf417.h"
#include "support/degrade.h"
#include "support/document_factory.h"
#include "support/image_factory.h"
#include "support/ratchet.h"

namespace idmatch::document {
namespace {

// The symbol's quiet zone is white, so the rotation's replicated border is white too.
cv::Mat Rotate(const cv::Mat& img, double degrees) {
  return testing::Degrade(img, testing::Degradation::kRotate, degrees, cv::Rect2f(), 1.0);
}

TEST(Pdf417Samples, ReadRatesPerDegradation) {
  const std::vector<std::vector<std::string>> people = {
      testing::SampleLicenceElements(),
      {"DAQF987654321", "DCSO'NEIL-GARCIA", "DACMARY", "DADANN", "DBB12251990", "DBA12252030", "DBC2", "DCGUSA",
       "DAJNY", "DAG45 W 34TH ST", "DAINEW YORK", "DAK100010000", "DCF0123456789ABC", "DAYGRN", "DAU065 IN"},
      {"DAQA1234-56789-01234", "DCSTREMBLAY", "DACJEAN", "DBB19800215", "DBA20290215", "DBC1", "DCGCAN", "DAJQC",
       "DAYBLU", "DAU180 CM"},
      {"DAQ99999999", "DCSLEE", "DACKIM", "DBB07041976", "DBA07042026", "DBC9", "DCGUSA", "DAJTX"}};
  using Degrade = std::function<cv::Mat(const cv::Mat&, unsigned)>;
  const std::vector<std::pair<std::string, Degrade>> degradations = {
      {"clean", [](const cv::Mat& s, unsigned) { return s.clone(); }},
      {"rotate_90", [](const cv::Mat& s, unsigned) { return Rotate(s, 90); }},
      {"rotate_180", [](const cv::Mat& s, unsigned) { return Rotate(s, 180); }},
      {"rotate_270", [](const cv::Mat& s, unsigned) { return Rotate(s, 270); }},
      {"rotate_12", [](const cv::Mat& s, unsigned) { return Rotate(s, 12); }},
      {"blur",
       [](const cv::Mat& s, unsigned) {
         cv::Mat b;
         cv::GaussianBlur(s, b, cv::Size(), 1.2);
         return b;
       }},
      {"jpeg_q35", [](const cv::Mat& s, unsigned) { return testing::JpegRoundTrip(s, 35); }},
      {"inverted",
       [](const cv::Mat& s, unsigned) {
         cv::Mat i;
         cv::bitwise_not(s, i);
         return i;
       }},
      {"photo_on_table", [](const cv::Mat& s, unsigned seed) { return testing::CardOnATable(s, seed); }},
  };
  for (const auto& [name, degrade] : degradations) {
    int read = 0;
    for (size_t p = 0; p < people.size(); ++p) {
      const bool canadian = p == 2;
      const std::string record =
          testing::AamvaRecordText(canadian ? 8 : 10, {{"DL", people[p]}}, canadian ? "636044" : "636014");
      const cv::Mat image = degrade(testing::Pdf417Image(record, 3), unsigned(p + 1));
      if (const char* dump = std::getenv("IDMATCH_DUMP_DIR"))
        cv::imwrite(std::string(dump) + "/" + name + ".jpg", image);
      auto barcode = ReadPdf417(image);
      if (!barcode.ok()) continue;
      auto parsed = ParseAamva(barcode->bytes);
      read += barcode->bytes == record && parsed.ok() && !parsed->family_name.empty();
    }
    std::printf("[ pdf417 ] %-15s read %d of %zu\n", name.c_str(), read, people.size());
    testing::CheckRatchet("document.expect", "pdf417 " + name, read);
  }
}

}  // namespace
}  // namespace idmatch::document
