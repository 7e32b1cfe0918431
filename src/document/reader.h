// Reads one photo of an ID document: the PDF417/AAMVA barcode for now (MRZ
// reading from photos is still to come, docs/document.md), then the checks.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "document/fields.h"

namespace idmatch::document {

using idmatch::DocumentRead;

// kDocumentNotRead when the photo holds nothing readable; kInvalidArgument
// when a barcode was read but is not an AAMVA record.
Result<DocumentRead> ReadDocument(const cv::Mat& bgr, std::string_view today, int minimum_age);

// Today's date in UTC, YYYY-MM-DD.
std::string TodayUtc();

}  // namespace idmatch::document
