// Finds and decodes the PDF417 barcode on a photographed card back with
// Debian's zxing-cpp (1.4): any rotation, dark-on-light and light-on-dark.
//
// Thread contract: pure function (zxing-cpp keeps no state between reads).
#pragma once

#include <opencv2/core.hpp>
#include <string>

#include "idmatch/status.h"

namespace idmatch::document {

struct Pdf417Read {
  std::string bytes;      // the symbol's data, byte for byte (AAMVA uses LF/RS/CR separators)
  int orientation = 0;    // degrees the symbol is rotated in the photo
  bool inverted = false;  // light bars on a dark ground
};

// kNotFound when the photo holds no readable PDF417 symbol.
Result<Pdf417Read> ReadPdf417(const cv::Mat& bgr);

}  // namespace idmatch::document
