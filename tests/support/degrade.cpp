#include "degrade.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace idmatch::testing {

const std::vector<DegradationInfo>& Degradations() {
  static const std::vector<DegradationInfo> kAll = {
      {Degradation::kGaussianBlur, "gaussian_blur", "sharpness", {0.5, 1, 1.5, 2, 3, 4}, 3},
      {Degradation::kMotionBlur, "motion_blur", "sharpness", {2, 4, 6, 9, 12, 16}, 12},
      {Degradation::kDarken, "darken", "exposure", {0.7, 0.5, 0.35, 0.25, 0.15, 0.08}, 0.15},
      {Degradation::kOverexpose, "overexpose", "exposure", {1.3, 1.6, 2.0, 2.5, 3.2, 4.0}, 2.5},
      {Degradation::kLowContrast, "low_contrast", "contrast", {0.7, 0.5, 0.35, 0.25, 0.15, 0.08}, 0.25},
      {Degradation::kDownscale, "downscale", "face_size", {40, 30, 20, 14, 10, 7}, 10},
      {Degradation::kRotate, "rotate", "head_roll", {5, 10, 20, 30, 40, 50}, 40},
      {Degradation::kCrop, "crop", "in_frame", {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, 0.3},
  };
  return kAll;
}

cv::Mat Degrade(const cv::Mat& image, Degradation kind, double strength, const cv::Rect2f& face, double eye_px) {
  const double crop_px = std::max(eye_px, 1.0) / 35.24;  // image pixels per embedder-crop pixel
  cv::Mat out;
  switch (kind) {
    case Degradation::kGaussianBlur: cv::GaussianBlur(image, out, cv::Size(), strength * crop_px); return out;
    case Degradation::kMotionBlur: {
      const int len = std::max(1, int(std::lround(strength * crop_px)));
      cv::Mat kernel = cv::Mat::ones(1, len, CV_32F) / float(len);
      cv::filter2D(image, out, -1, kernel);
      return out;
    }
    case Degradation::kDarken:
    case Degradation::kOverexpose:
      image.convertTo(out, -1, strength, 0);  // saturates at 0/255
      return out;
    case Degradation::kLowContrast: {
      const cv::Rect r = cv::Rect(face) & cv::Rect(0, 0, image.cols, image.rows);
      const cv::Scalar m = cv::mean(image(r));
      image.convertTo(out, CV_32F);
      out = (out - m) * strength + m;
      out.convertTo(out, CV_8U);
      return out;
    }
    case Degradation::kDownscale: {
      const double s = std::min(1.0, strength / std::max(eye_px, 1.0));
      cv::resize(image, out, cv::Size(), s, s, cv::INTER_AREA);
      return out;
    }
    case Degradation::kRotate: {
      const cv::Point2f c(image.cols / 2.0f, image.rows / 2.0f);
      cv::Mat m = cv::getRotationMatrix2D(c, strength, 1.0);
      const cv::Rect2f bounds = cv::RotatedRect(c, image.size(), float(strength)).boundingRect2f();
      m.at<double>(0, 2) += bounds.width / 2.0 - c.x;
      m.at<double>(1, 2) += bounds.height / 2.0 - c.y;
      cv::warpAffine(image, out, m, bounds.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
      return out;
    }
    case Degradation::kCrop: {
      const int x0 = std::clamp(int(face.x + strength * face.width), 0, image.cols - 1);
      return image(cv::Rect(x0, 0, image.cols - x0, image.rows)).clone();
    }
  }
  return image.clone();
}

}  // namespace idmatch::testing
