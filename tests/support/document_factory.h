// Document test data the tests make themselves: AAMVA records laid out as
// the standard says, and PDF417 symbols of them written by zxing-cpp.
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <utility>
#include <vector>

namespace idmatch::testing {

using AamvaSubfile = std::pair<std::string, std::vector<std::string>>;  // type, "DAQ..." elements

// "@" LF RS CR "ANSI " IIN version [jurisdiction version] entries, designators
// with correct offsets and lengths, then the subfiles (elements LF-separated,
// each subfile CR-terminated).
std::string AamvaRecordText(int version, const std::vector<AamvaSubfile>& subfiles, const std::string& iin = "636014");

// A sample California licence's DL elements (AAMVA 2020 annex-style values).
const std::vector<std::string>& SampleLicenceElements();

// The PDF417 symbol of `bytes` (ISO 8859-1, byte for byte), black on white,
// `module_px` pixels per module, with a quiet zone.
cv::Mat Pdf417Image(const std::string& bytes, int module_px);

// The card's back on a table: a 1920x1080 photo, the card (barcode on a
// pale ID-1 card) a little rotated and in perspective, soft focus, a glare
// spot, JPEG q85. Deterministic for a seed.
cv::Mat CardOnATable(const cv::Mat& symbol, unsigned seed);

// Any card image photographed as CardOnATable does: 1920x1080, the card
// filling most of the frame, rotated a little, in perspective, soft focus,
// glare, JPEG q85.
cv::Mat PhotographCard(const cv::Mat& card, unsigned seed);

}  // namespace idmatch::testing
