#include "capture_factory.h"

#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace idmatch::testing {

namespace {

std::string Jpeg(const cv::Mat& image) {
  std::vector<uchar> buf;
  cv::imencode(".jpg", image, buf, {cv::IMWRITE_JPEG_QUALITY, 90});
  return std::string(buf.begin(), buf.end());
}

void AddNoise(cv::Mat& image, cv::RNG& rng, double sigma) {
  cv::Mat noise(image.size(), CV_16SC3), sum;
  rng.fill(noise, cv::RNG::NORMAL, 0, sigma);
  image.convertTo(sum, CV_16SC3);
  sum += noise;
  sum.convertTo(image, CV_8UC3);
}

constexpr int64_t kFrameIntervalMs = 150;

}  // namespace

cv::Mat HandJitter(const cv::Mat& image, unsigned seed) {
  cv::RNG rng(seed);
  const cv::Point2f centre(image.cols * 0.5f, image.rows * 0.5f);
  cv::Mat m = cv::getRotationMatrix2D(centre, rng.uniform(-2.0, 2.0), rng.uniform(0.98, 1.02));
  m.at<double>(0, 2) += rng.uniform(-0.02, 0.02) * image.cols;
  m.at<double>(1, 2) += rng.uniform(-0.02, 0.02) * image.rows;
  cv::Mat out;
  cv::warpAffine(image, out, m, image.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  AddNoise(out, rng, 2.0);
  return out;
}

cv::Mat PictureInFrame(const cv::Mat& picture, cv::Size frame, double yaw_deg, double pitch_deg, double fill,
                       unsigned seed) {
  cv::RNG rng(seed);
  const double f = frame.width;  // focal length, pixels
  // The picture's corners in camera space at distance z, filling `fill` of
  // the frame's height when facing the camera.
  const double z = 1.0;
  const double half_h = 0.5 * fill * frame.height / f * z;
  const double half_w = half_h * picture.cols / picture.rows;
  const double yaw = yaw_deg * CV_PI / 180, pitch = pitch_deg * CV_PI / 180;
  const cv::Matx33d turn =
      cv::Matx33d(std::cos(yaw), 0, std::sin(yaw), 0, 1, 0, -std::sin(yaw), 0, std::cos(yaw)) *
      cv::Matx33d(1, 0, 0, 0, std::cos(pitch), -std::sin(pitch), 0, std::sin(pitch), std::cos(pitch));
  const cv::Point2f from[4] = {
      {0, 0}, {float(picture.cols), 0}, {float(picture.cols), float(picture.rows)}, {0, float(picture.rows)}};
  const cv::Vec3d corners[4] = {{-half_w, -half_h, 0}, {half_w, -half_h, 0}, {half_w, half_h, 0}, {-half_w, half_h, 0}};
  cv::Point2f to[4];
  for (int i = 0; i < 4; ++i) {
    const cv::Vec3d p = turn * corners[i] + cv::Vec3d(0, 0, z);
    to[i] = cv::Point2f(float(f * p[0] / p[2] + frame.width * 0.5), float(f * p[1] / p[2] + frame.height * 0.5));
  }
  cv::Mat out(frame, CV_8UC3, cv::Scalar(150 + rng.uniform(-30, 30), 150 + rng.uniform(-30, 30), 150));
  cv::warpPerspective(picture, out, cv::getPerspectiveTransform(from, to), frame, cv::INTER_LINEAR,
                      cv::BORDER_TRANSPARENT);
  AddNoise(out, rng, 3.0);
  return out;
}

CaptureFrames BonaFideCapture(const std::vector<cv::Mat>& poses, unsigned seed, int copies) {
  CaptureFrames c;
  auto add = [&](const cv::Mat& image) {
    c.timestamps_ms.push_back(static_cast<int64_t>(c.frames.size()) * kFrameIntervalMs);
    c.frames.push_back(Jpeg(HandJitter(image, seed + static_cast<unsigned>(c.frames.size()))));
  };
  for (const auto& pose : poses) {
    for (int k = 0; k < copies; ++k) add(pose);
  }
  add(poses.front());
  return c;
}

CaptureFrames PlanarAttackCapture(const cv::Mat& photo, Attack kind, const std::vector<PicturePose>& poses,
                                  unsigned seed) {
  const cv::Mat picture = MakeAttack(photo, kind, seed);
  const cv::Size frame(photo.cols * 3 / 2, photo.rows * 3 / 2);
  CaptureFrames c;
  cv::RNG rng(seed);
  auto add = [&](const PicturePose& pose) {
    c.timestamps_ms.push_back(static_cast<int64_t>(c.frames.size()) * kFrameIntervalMs);
    const double wobble = rng.uniform(-3.0, 3.0);  // a hand does not hold an angle exactly
    c.frames.push_back(
        Jpeg(PictureInFrame(picture, frame, pose.yaw_deg + wobble, pose.pitch_deg - wobble,
                            pose.fill * rng.uniform(0.97, 1.03), seed + static_cast<unsigned>(c.frames.size()))));
  };
  for (const auto& pose : poses) {
    add(pose);
    add(pose);
  }
  add(poses.front());
  return c;
}

}  // namespace idmatch::testing
