#include "quality/face_session.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "face/align.h"

namespace idmatch::quality {

cv::Rect FaceSession::CropRegion(float x0, float y0, float x1, float y1) const {
  const double s = crop_scale;
  const cv::Rect r(cv::Point(int(std::floor(x0 * s)), int(std::floor(y0 * s))),
                   cv::Point(int(std::ceil(x1 * s)), int(std::ceil(y1 * s))));
  return r & cv::Rect(0, 0, crop.cols, crop.rows);
}

FaceSession BuildFaceSession(const cv::Mat& bgr, const cv::Rect2f& box, const face::Landmarks68& points) {
  FaceSession s{bgr, box, points, face::ToFivePoints(points), 0.0, 1.0, cv::Matx23d(), cv::Mat(), cv::Mat()};
  s.eye_distance = cv::norm(s.five[1] - s.five[0]);
  s.crop_scale = std::clamp(s.eye_distance / kTemplateEyeDistance, 0.25, kMaxCropScale);
  const auto aligned = face::AlignFaceScaled(bgr, s.five, s.crop_scale);
  s.to_crop = aligned.transform;
  s.crop = aligned.crop;
  cv::cvtColor(s.crop, s.crop_grey, cv::COLOR_BGR2GRAY);
  return s;
}

}  // namespace idmatch::quality
