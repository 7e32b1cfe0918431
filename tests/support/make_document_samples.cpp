// Writes generated licence-back photos for tests/cli/document_test.sh:
//   licence.jpg  a valid US licence (adult, not expired), photographed on a table
//   expired.jpg  an expired licence of a 16-year-old, photographed on a table
//   passport.jpg a TD3 passport page (ICAO's specimen holder), on a table
// and, given a face photo, licence-front.jpg: a licence front with that face
// as portrait and ghost and the valid licence's barcode, on a table, and
// licence-front-turned.jpg: the same photo turned 90 degrees clockwise; given
// a second face photo, small-card-other.jpg: that face on a licence
// photographed from afar (a 60 px portrait, tests/support/card_capture.h).
// Usage: make_document_samples OUT_DIR [FACE_PHOTO [OTHER_FACE_PHOTO]]
#include <cstdio>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>

#include "support/card_capture.h"
#include "support/card_factory.h"
#include "support/document_factory.h"
#include "support/mrz_factory.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) return 2;
  using namespace idmatch::testing;
  const std::string dir = argv[1];
  const std::string licence = AamvaRecordText(10, {{"DL", SampleLicenceElements()}});
  const std::string expired = AamvaRecordText(
      10, {{"DL", {"DAQY7654321", "DCSYOUNG", "DACPAT", "DBB03152010", "DBA03152024", "DBC9", "DCGUSA", "DAJWA"}}});
  const bool ok = cv::imwrite(dir + "/licence.jpg", CardOnATable(Pdf417Image(licence, 3), 1)) &&
                  cv::imwrite(dir + "/expired.jpg", CardOnATable(Pdf417Image(expired, 3), 2));
  if (!ok || !OcrBFontAvailable()) return 1;
  if (!cv::imwrite(dir + "/passport.jpg", PhotographCard(MrzDocument(Td3Lines(SampleMrzIdentities()[0])), 4))) {
    return 1;
  }
  if (argc == 4) {
    // Another person's card photographed from afar: a 60 px portrait.
    const cv::Mat other = cv::imread(argv[3], cv::IMREAD_COLOR);
    if (other.empty()) return 1;
    const std::string jpeg = CaptureCard(other, 60, 2).jpeg;
    std::FILE* f = std::fopen((dir + "/small-card-other.jpg").c_str(), "wb");
    if (f == nullptr || std::fwrite(jpeg.data(), 1, jpeg.size(), f) != jpeg.size()) return 1;
    std::fclose(f);
  }
  if (argc >= 3) {
    const cv::Mat face = cv::imread(argv[2], cv::IMREAD_COLOR);
    if (face.empty()) return 1;
    const cv::Mat front = PhotographCard(LicenceFront(face, Pdf417Image(licence, 2)), 3);
    cv::Mat turned;
    cv::rotate(front, turned, cv::ROTATE_90_CLOCKWISE);
    if (!cv::imwrite(dir + "/licence-front.jpg", front) || !cv::imwrite(dir + "/licence-front-turned.jpg", turned)) {
      return 1;
    }
  }
  return 0;
}
