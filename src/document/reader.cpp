#include "document/reader.h"

#include <ctime>

#include "document/pdf417.h"

namespace idmatch::document {

Result<DocumentRead> ReadDocument(const cv::Mat& bgr, std::string_view today, int minimum_age) {
  auto barcode = ReadPdf417(bgr);
  if (!barcode.ok()) {
    return Status(ErrorCode::kDocumentNotRead,
                  "no PDF417 barcode was found on the document (reading the MRZ from photos is not available yet)");
  }
  auto record = ParseAamva(barcode->bytes);
  if (!record.ok()) return record.status();
  DocumentRead out;
  out.fields = FromAamva(*record);
  out.checks = CheckDocument(out.fields, today, minimum_age);
  out.barcode_orientation = barcode->orientation;
  return out;
}

std::string TodayUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace idmatch::document
