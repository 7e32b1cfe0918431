// Capture degradations applied to real photos, for the quality tests and
// bench/quality_curves. Strengths are relative to the face so that the same
// strength means the same thing on a 60 px and a 600 px face: `eye_px` is the
// face's eye-centre distance; one "crop pixel" is eye_px / 35.24 image pixels
// (the embedder's 112x112 crop).
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace idmatch::testing {

enum class Degradation {
  kGaussianBlur,  // strength: sigma, crop pixels
  kMotionBlur,    // strength: horizontal streak length, crop pixels
  kDarken,        // strength: gain (0..1) applied to linear-ish 8-bit values
  kOverexpose,    // strength: gain (> 1), values clip at 255
  kLowContrast,   // strength: k, pixels pulled to the face mean: m + k (v - m)
  kDownscale,     // strength: resulting eye distance, image pixels
  kRotate,        // strength: degrees counter-clockwise (whole image, canvas grows)
  kCrop,          // strength: fraction of the face box width cut off at the left
};

struct DegradationInfo {
  Degradation kind;
  std::string name;               // "gaussian_blur", ...
  std::string measure;            // the quality measure it must trip
  std::vector<double> strengths;  // mild -> severe, as reported in docs/quality.md
  double test_strength;           // a clearly bad capture, used by the tests
};
const std::vector<DegradationInfo>& Degradations();

// `face` is the primary face's box and eye distance in `image`.
cv::Mat Degrade(const cv::Mat& image, Degradation kind, double strength, const cv::Rect2f& face, double eye_px);

}  // namespace idmatch::testing
