// Synthetic ID document fronts the tests make from real face photos: an ID-1
// licence front with the photo as its main portrait and a small ghost copy,
// optionally with a PDF417 code, then photographed on a table.
#pragma once

#include <opencv2/core.hpp>

namespace idmatch::testing {

struct LicenceFrontLayout {
  cv::Rect portrait;  // where the main portrait is on the card, card pixels
  cv::Rect ghost;     // where the ghost portrait is
};

// A 1012x638 (ID-1 at ~300 dpi) licence front: header text, the face photo's
// centre cropped to 3:4 as the main portrait (280x373 px), a ghost copy
// (grey, faded, 84x112 px), printed fields. With a non-empty `symbol` the card
// widens and carries it on the right (a front with a barcode, as on some
// ID cards). `layout` (optional) receives where the portraits went.
cv::Mat LicenceFront(const cv::Mat& face_photo, const cv::Mat& symbol = cv::Mat(),
                     LicenceFrontLayout* layout = nullptr);

}  // namespace idmatch::testing
