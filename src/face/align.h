// Similarity-transform alignment of a face to the ArcFace 112x112 template.
//
// Thread contract: pure functions, safe from any thread.
#pragma once

#include <array>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace idmatch::face {

// ArcFace template (insightface), 112x112: left eye, right eye, nose tip,
// left mouth corner, right mouth corner. Source: ../shared/MODELS.md.
inline constexpr std::array<std::array<float, 2>, 5> kArcFaceTemplate = {
    {{38.2946f, 51.6963f}, {73.5318f, 51.5014f}, {56.0252f, 71.7366f}, {41.5493f, 92.3655f}, {70.7299f, 92.2041f}}};
inline constexpr int kAlignedSize = 112;

// Least-squares similarity transform (rotation, uniform scale, translation; no
// reflection) mapping `from` onto `to` (Umeyama 1991, closed form for 2-D).
// Requires: at least two distinct points. Returns a 2x3 matrix.
cv::Matx23d EstimateSimilarity(const std::array<cv::Point2f, 5>& from, const std::array<cv::Point2f, 5>& to);

struct AlignedFace {
  cv::Mat crop;           // 112x112 BGR (AlignFace)
  cv::Matx23d transform;  // image -> crop
  float residual = 0;     // mean landmark-to-template distance, crop pixels
};

// Warps the face to the template. Faces much larger than 112 px are first
// reduced with area averaging so the warp does not alias (a plain bilinear
// warp at 1/8 scale samples 1 pixel in 64).
// `interpolation` is the warp's when it enlarges or keeps the scale
// (cv::INTER_LINEAR by default; the embedder enlarges small faces bicubically).
AlignedFace AlignFace(const cv::Mat& bgr, const std::array<cv::Point2f, 5>& landmarks,
                      int interpolation = cv::INTER_LINEAR);

// The same warp onto the template scaled by `template_scale` (crop side
// round(112 * scale)); the quality checks use it to look at a face at (up to)
// twice the embedder's resolution without ever upscaling it.
AlignedFace AlignFaceScaled(const cv::Mat& bgr, const std::array<cv::Point2f, 5>& landmarks, double template_scale,
                            int interpolation = cv::INTER_LINEAR);
std::array<cv::Point2f, 5> TemplatePoints();

// warpAffine of `bgr` by `m` (image -> crop) into `size`; when `m` shrinks by
// more than 2x, the crop's footprint is first area-reduced so the warp samples
// every pixel (used by AlignFace and the dlib crop).
cv::Mat WarpWithoutAliasing(const cv::Mat& bgr, const cv::Matx23d& m, cv::Size size,
                            int interpolation = cv::INTER_LINEAR);

// AlignFace's residual without warping any pixels.
float AlignResidual(const std::array<cv::Point2f, 5>& landmarks);

}  // namespace idmatch::face
