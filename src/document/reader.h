// Reads photos of one ID document (front and/or back): the PDF417/AAMVA
// barcode and the ICAO 9303 MRZ on every side, picks the primary read, and
// runs the checks (expiry, minimum age, MRZ check digits, and barcode-vs-MRZ
// consistency when both were read).
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "document/fields.h"

namespace idmatch::document {

using idmatch::DocumentRead;

// kDocumentNotRead when no side holds anything readable. Never throws: a
// reader that fails inside a library counts as "not read" (logged).
Result<DocumentRead> ReadDocument(const std::vector<cv::Mat>& sides, std::string_view today, int minimum_age);
inline Result<DocumentRead> ReadDocument(const cv::Mat& bgr, std::string_view today, int minimum_age) {
  return ReadDocument(std::vector<cv::Mat>{bgr}, today, minimum_age);
}

// Today's date in UTC, YYYY-MM-DD.
std::string TodayUtc();

}  // namespace idmatch::document
