// Finds the machine-readable zone in a photo: its two or three text lines as
// rotated rectangles, and cuts each line out upright at a normalised height.
//
// Thread contract: pure functions.
#pragma once

#include <opencv2/core.hpp>
#include <vector>

namespace idmatch::document {

// One MRZ candidate: its lines top to bottom (as the band lies in the
// photo; a band upside down comes out bottom to top), in `grey`'s pixels.
struct MrzBand {
  std::vector<cv::RotatedRect> lines;
  double angle_degrees = 0;  // direction of the lines, -90..90 (0 = horizontal, left to right)
};

// Candidate bands, most MRZ-like first: 2 or 3 long, parallel, evenly spaced
// text lines of similar length (local-mean ink, character-sized marks joined
// along the lines; vertical lines too, for cards photographed sideways).
std::vector<MrzBand> LocateMrzBands(const cv::Mat& grey);

// The line cut out of `grey` upright (rotated by `angle_degrees` plus
// `flip` * 180), scaled so the line's text is `text_height` pixels high,
// with margins of one text height around it.
cv::Mat CutLine(const cv::Mat& grey, const cv::RotatedRect& line, double angle_degrees, bool flip, int text_height);

}  // namespace idmatch::document
