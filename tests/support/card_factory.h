// Synthetic ID document fronts the tests make from real face photos: an ID-1
// licence front with the photo as its main portrait and a small ghost copy,
// optionally with a PDF417 code, then photographed on a table.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace idmatch::testing {

struct LicenceFrontLayout {
  cv::Rect portrait;  // where the main portrait is on the card, card pixels
  cv::Rect ghost;     // where the ghost portrait is
};

// A 1012x638 (ID-1 at ~300 dpi) licence front: header text, the face photo's
// centre cropped to 3:4 as the main portrait (280x373 px), a ghost copy
// (grey, 70% over the background, 126x168 px), printed fields. With a non-empty `symbol` the card
// widens and carries it on the right (a front with a barcode, as on some
// ID cards). `layout` (optional) receives where the portraits went.
cv::Mat LicenceFront(const cv::Mat& face_photo, const cv::Mat& symbol = cv::Mat(),
                     LicenceFrontLayout* layout = nullptr);

// Where Debian's fonts-ocr-b puts OCR-B (ICAO 9303's MRZ font).
inline constexpr const char* kOcrBFont = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";
bool OcrBFontAvailable();

// A document with an MRZ printed in OCR-B at ICAO's 10 characters per inch:
// `lines` (2x44 TD3 or 2x36 TD2: a passport data page, 125x88 mm; 3x30 TD1:
// an ID-1 card back, 85.6x54 mm) at `px_per_mm` (default 12: a card or page
// filling a 1500 px wide frame), on a light security background with some
// printed text and, when `face_photo` is given, a portrait.
cv::Mat MrzDocument(const std::vector<std::string>& lines, const cv::Mat& face_photo = cv::Mat(),
                    double px_per_mm = 12.0);

}  // namespace idmatch::testing
