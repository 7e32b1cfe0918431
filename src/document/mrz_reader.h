// Reads the MRZ of a passport, ID card or visa from a photo: locates the band
// (mrz_locate.h), cuts each line upright, splits it into ICAO's fixed-pitch
// character cells and classifies each cell against OCR-B glyph templates
// compiled into the binary (mrz_glyphs.h), then parses and repairs the text
// with the check digits (mrz.h). docs/document.md says why this is not
// Tesseract.
//
// Thread contract: thread-safe (the templates are built once, read-only).
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "document/mrz.h"
#include "idmatch/status.h"

namespace idmatch::document {

struct MrzRead {
  Mrz mrz;                             // parsed, after repairs
  std::vector<std::string> ocr_lines;  // as classified, before the parser's repairs
  double orientation_degrees = 0;      // how far the MRZ was turned clockwise from upright, 0..360
  double mean_confidence = 0;          // mean template correlation of the cells, 0..1
  // Per line, per cell: the final character's correlation minus the best
  // other character its position allows (negative where a check digit chose
  // a character that did not score best). mrz_confidence.h uses them.
  std::vector<std::vector<float>> cell_margins;
  // Per line, per cell: that best other character (same geometry as ocr_lines).
  std::vector<std::string> runner_up;
};

// kNotFound when no MRZ-like band is in the photo; kInvalidArgument when a
// band was found but no reading of it parses as an MRZ.
Result<MrzRead> ReadMrz(const cv::Mat& bgr, std::string_view today);

// One upright line image (dark text on light, as CutLine makes it) read as
// `characters` fixed-pitch cells. Exposed for tests. `confidence` receives
// the mean correlation of the cells when not null.
std::string ReadMrzLine(const cv::Mat& line, int characters, double* confidence = nullptr);

}  // namespace idmatch::document
