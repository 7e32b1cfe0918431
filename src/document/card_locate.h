// Finds ID cards and document pages in a photo by their outline, so a
// portrait too small for the face detector in the whole photo can be looked
// for on the card alone (issue 20: a card photographed from arm's length).
//
// Thread contract: pure functions.
#pragma once

#include <array>
#include <opencv2/core.hpp>
#include <vector>

namespace idmatch::document {

// Corners in image pixels: top-left, top-right, bottom-right, bottom-left as
// they appear in the photo (the card itself may be turned).
using Quad = std::array<cv::Point2f, 4>;

// Outlines of card-like quadrilaterals (convex, 0.2% to 90% of the image,
// long side 1.15-2.3x the short one: ID-1 cards are 1.586, passport pages
// 1.42, plus perspective), largest first, at most `max_quads`.
std::vector<Quad> FindCardQuads(const cv::Mat& bgr, size_t max_quads = 3);

// The quad's content warped flat at the photo's own pixel density (its
// width and height are the mean lengths of opposite sides), and the
// homography from the flat card back to the photo.
struct RectifiedCard {
  cv::Mat image;
  cv::Matx33d to_photo;
};
RectifiedCard Rectify(const cv::Mat& bgr, const Quad& quad);

}  // namespace idmatch::document
