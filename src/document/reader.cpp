#include "document/reader.h"

#include <cmath>
#include <ctime>
#include <exception>

#include "core/log.h"
#include "document/mrz_confidence.h"
#include "document/mrz_reader.h"
#include "document/pdf417.h"

namespace idmatch::document {

namespace {

struct SideRead {
  std::vector<DocumentFields> reads;
  int barcode_orientation = 0;
  int mrz_orientation = 0;
};

// Both readers on one side. Library exceptions end that reader only.
SideRead ReadSide(const cv::Mat& bgr, std::string_view today) {
  SideRead side;
  try {
    if (auto barcode = ReadPdf417(bgr); barcode.ok()) {
      if (auto record = ParseAamva(barcode->bytes); record.ok()) {
        side.reads.push_back(FromAamva(*record));
        side.barcode_orientation = barcode->orientation;
      }
    }
  } catch (const std::exception& e) {
    IDMATCH_LOG_ERROR(std::string("PDF417 reading failed: ") + e.what());
  }
  try {
    if (auto mrz = ReadMrz(bgr, today); mrz.ok()) {
      DocumentFields fields = FromMrz(mrz->mrz);
      const MrzFieldConfidence assessed = AssessMrzFields(mrz->mrz, mrz->cell_margins, mrz->runner_up);
      fields.field_confidence = assessed.confidence;
      fields.uncertain_fields = assessed.uncertain;
      for (const auto& f : assessed.uncertain) fields.warnings.push_back(f + " may be misread (MRZ_FIELD_UNCERTAIN)");
      side.reads.push_back(std::move(fields));
      side.mrz_orientation = static_cast<int>(std::lround(mrz->orientation_degrees)) % 360;
    }
  } catch (const std::exception& e) {
    IDMATCH_LOG_ERROR(std::string("MRZ reading failed: ") + e.what());
  }
  return side;
}

// MRZ with valid check digits first, then a barcode, then the rest.
int Rank(const DocumentFields& f) { return f.source == DocumentSource::kMrz ? (f.mrz_checks_valid ? 0 : 2) : 1; }

}  // namespace

Result<DocumentRead> ReadDocument(const std::vector<cv::Mat>& sides, std::string_view today, int minimum_age) {
  DocumentRead out;
  std::vector<DocumentFields> reads;
  for (const auto& bgr : sides) {
    SideRead side = ReadSide(bgr, today);
    for (auto& r : side.reads) {
      if (r.source == DocumentSource::kPdf417) out.barcode_orientation = side.barcode_orientation;
      if (r.source == DocumentSource::kMrz) out.mrz_orientation = side.mrz_orientation;
      reads.push_back(std::move(r));
    }
  }
  if (reads.empty()) {
    return Status(ErrorCode::kDocumentNotRead,
                  "no PDF417 barcode or machine-readable zone could be read on the document");
  }
  std::stable_sort(reads.begin(), reads.end(),
                   [](const DocumentFields& a, const DocumentFields& b) { return Rank(a) < Rank(b); });
  out.fields = reads.front();
  out.other_reads.assign(reads.begin() + 1, reads.end());
  out.checks = CheckDocument(out.fields, today, minimum_age);
  if (auto consistency = CheckConsistency(reads)) out.checks.push_back(*consistency);
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
