// OCR of one upright MRZ line: splits it into ICAO's fixed-pitch character
// cells and scores each cell against every OCR-B glyph template (compiled
// in, mrz_glyphs.h).
//
// Thread contract: thread-safe (the templates are built once, read-only).
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace idmatch::document {

// The symbols the scores refer to, in score order ("<0123456789A...Z").
const std::string& MrzCellSymbols();

// For each of `characters` cells of an upright line image (dark text on
// light), its correlation (-1..1) with each symbol of MrzCellSymbols(). Empty
// when the line does not split into that many cells (a wrong count gives a
// pitch far from the glyphs' size).
std::vector<std::vector<double>> ReadMrzCells(const cv::Mat& line, int characters);

}  // namespace idmatch::document
