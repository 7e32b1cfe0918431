// Writes generated licence-back photos for tests/cli/document_test.sh:
//   licence.jpg  a valid US licence (adult, not expired), photographed on a table
//   expired.jpg  an expired licence of a 16-year-old, photographed on a table
// Usage: make_document_samples OUT_DIR
#include <opencv2/imgcodecs.hpp>
#include <string>

#include "support/document_factory.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  using namespace idmatch::testing;
  const std::string dir = argv[1];
  const std::string licence = AamvaRecordText(10, {{"DL", SampleLicenceElements()}});
  const std::string expired = AamvaRecordText(
      10, {{"DL", {"DAQY7654321", "DCSYOUNG", "DACPAT", "DBB03152010", "DBA03152024", "DBC9", "DCGUSA", "DAJWA"}}});
  const bool ok = cv::imwrite(dir + "/licence.jpg", CardOnATable(Pdf417Image(licence, 3), 1)) &&
                  cv::imwrite(dir + "/expired.jpg", CardOnATable(Pdf417Image(expired, 3), 2));
  return ok ? 0 : 1;
}
