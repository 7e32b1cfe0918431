#include "attacks.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "image_factory.h"

namespace idmatch::testing {
namespace {

// Re-photographing: a slight perspective tilt, lens blur, sensor noise.
cv::Mat Recapture(const cv::Mat& img, cv::RNG& rng, double blur_sigma) {
  const float w = float(img.cols), h = float(img.rows);
  const float j = 0.03f * std::min(w, h);
  const cv::Point2f from[4] = {{0, 0}, {w, 0}, {w, h}, {0, h}};
  const cv::Point2f to[4] = {{float(rng.uniform(0.0, double(j))), float(rng.uniform(0.0, double(j)))},
                             {w - float(rng.uniform(0.0, double(j))), float(rng.uniform(0.0, double(j)))},
                             {w - float(rng.uniform(0.0, double(j))), h - float(rng.uniform(0.0, double(j)))},
                             {float(rng.uniform(0.0, double(j))), h - float(rng.uniform(0.0, double(j)))}};
  cv::Mat out;
  cv::warpPerspective(img, out, cv::getPerspectiveTransform(from, to), img.size(), cv::INTER_LINEAR,
                      cv::BORDER_REPLICATE);
  if (blur_sigma > 0) cv::GaussianBlur(out, out, cv::Size(), blur_sigma);
  cv::Mat noise(out.size(), CV_16SC3);
  rng.fill(noise, cv::RNG::NORMAL, 0, 3);
  cv::Mat sum;
  out.convertTo(sum, CV_16SC3);
  sum += noise;
  sum.convertTo(out, CV_8UC3);
  return out;
}

// Amplitude-modulated halftone: each channel thresholded against a rotated
// cosine screen (the dot pattern of offset and inkjet prints), then mixed
// with the smooth image as ink spreads on paper.
cv::Mat Halftone(const cv::Mat& bgr, double period) {
  cv::Mat out = bgr.clone();
  const double angles[3] = {0.26, 1.31, 0.79};  // per-channel screen angles (15, 75, 45 degrees)
  for (int y = 0; y < bgr.rows; ++y) {
    for (int x = 0; x < bgr.cols; ++x) {
      cv::Vec3b& p = out.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c) {
        const double u = x * std::cos(angles[c]) + y * std::sin(angles[c]);
        const double v = -x * std::sin(angles[c]) + y * std::cos(angles[c]);
        const double screen = 0.5 + 0.25 * (std::cos(2 * CV_PI * u / period) + std::cos(2 * CV_PI * v / period));
        const double ink = 1.0 - p[c] / 255.0;
        const double dot = ink > screen ? 0.0 : 1.0;
        p[c] = cv::saturate_cast<uchar>(255.0 * (0.55 * dot + 0.45 * (1.0 - ink)));
      }
    }
  }
  return out;
}

cv::Mat PrintAttack(const cv::Mat& selfie, cv::RNG& rng) {
  const double period = std::max(3.0, selfie.cols / 300.0);
  cv::Mat printed = Halftone(selfie, period);
  // Paper: limited dynamic range (ink black ~35, paper white ~235), a warm
  // tint, and fibre texture (low-frequency blotches plus fine grain).
  printed.convertTo(printed, CV_32FC3, 200.0 / 255.0, 35.0);
  cv::Mat blotch(selfie.rows / 16 + 1, selfie.cols / 16 + 1, CV_32F);
  rng.fill(blotch, cv::RNG::NORMAL, 0, 6);
  cv::resize(blotch, blotch, selfie.size(), 0, 0, cv::INTER_CUBIC);
  cv::Mat grain(selfie.size(), CV_32F);
  rng.fill(grain, cv::RNG::NORMAL, 0, 5);
  cv::Mat texture = blotch + grain, texture3;
  cv::merge(std::vector<cv::Mat>{texture, texture, texture}, texture3);
  printed += texture3;
  printed = printed.mul(cv::Scalar(0.93, 0.98, 1.0));
  printed.convertTo(printed, CV_8UC3);
  return Recapture(printed, rng, 0.6);
}

cv::Mat ScreenAttack(const cv::Mat& selfie, cv::RNG& rng) {
  // Show the photo on a display whose pixel pitch is not the camera's: each
  // display pixel is 3 subpixel stripes (R, G, B) with dark gaps.
  const int pitch = 3;
  const double display_px = std::max(1.0, selfie.cols / 640.0);  // display pixels much coarser than the camera's
  cv::Mat small;
  cv::resize(selfie, small, cv::Size(), 1.0 / (display_px * pitch) * pitch, 1.0 / (display_px * pitch) * pitch,
             cv::INTER_AREA);
  cv::Mat panel(small.rows * pitch, small.cols * pitch, CV_8UC3, cv::Scalar(0, 0, 0));
  for (int y = 0; y < small.rows; ++y) {
    for (int x = 0; x < small.cols; ++x) {
      const cv::Vec3b p = small.at<cv::Vec3b>(y, x);
      for (int sy = 0; sy < pitch - 1; ++sy) {  // last row: gap between pixel rows
        for (int c = 0; c < 3; ++c) {
          panel.at<cv::Vec3b>(y * pitch + sy, x * pitch + (2 - c))[c] = p[c];  // B G R stripes left to right
        }
      }
    }
  }
  // Re-capture at a slightly different scale and angle: the camera's optics
  // soften the stripes a little, its sensor grid samples them and aliases
  // them into moire.
  cv::GaussianBlur(panel, panel, cv::Size(), 0.7);
  cv::Mat shown;
  const cv::Point2f c(panel.cols / 2.0f, panel.rows / 2.0f);
  cv::Mat m = cv::getRotationMatrix2D(c, rng.uniform(-3.0, 3.0), double(selfie.cols) / panel.cols * 1.04);
  m.at<double>(0, 2) += selfie.cols / 2.0 - c.x;
  m.at<double>(1, 2) += selfie.rows / 2.0 - c.y;
  cv::warpAffine(panel, shown, m, selfie.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  // Displays are bright and blue-shifted; add a broad specular glare.
  // One channel per stripe and a dark row: the panel averages 2/9 of the
  // original per channel; a display's backlight and the camera's exposure
  // bring it back up (4x, clipping where the display is bright).
  shown.convertTo(shown, CV_32FC3, 4.0, 8);
  shown = shown.mul(cv::Scalar(1.08, 1.0, 0.94));
  cv::Mat glare(selfie.size(), CV_32F, cv::Scalar(0));
  const cv::Point centre(int(rng.uniform(0.2, 0.8) * selfie.cols), int(rng.uniform(0.1, 0.4) * selfie.rows));
  cv::circle(glare, centre, selfie.cols / 5, cv::Scalar(70), cv::FILLED);
  cv::GaussianBlur(glare, glare, cv::Size(), selfie.cols / 12.0);
  cv::Mat glare3;
  cv::merge(std::vector<cv::Mat>{glare, glare, glare}, glare3);
  shown += glare3;
  shown.convertTo(shown, CV_8UC3);
  return Recapture(shown, rng, 0.4);
}

cv::Mat PhoneFrameAttack(const cv::Mat& selfie, cv::RNG& rng) {
  // A plain wall with a little shading, a phone (black bezel, rounded
  // corners) filling ~70% of the height, the selfie on its screen.
  cv::Mat scene(selfie.size(), CV_8UC3, cv::Scalar(170, 178, 186));
  cv::Mat shade(selfie.size(), CV_32F);
  for (int y = 0; y < shade.rows; ++y) shade.row(y).setTo(0.85 + 0.3 * y / shade.rows);
  cv::Mat shade3;
  cv::merge(std::vector<cv::Mat>{shade, shade, shade}, shade3);
  scene.convertTo(scene, CV_32FC3);
  scene = scene.mul(shade3);
  scene.convertTo(scene, CV_8UC3);
  const int phone_h = int(selfie.rows * 0.72);
  const int phone_w = std::min(int(phone_h * 0.5), int(selfie.cols * 0.8));
  const cv::Point tl(int(rng.uniform(0.15, 0.35) * (selfie.cols - phone_w)) + (selfie.cols - phone_w) / 3,
                     (selfie.rows - phone_h) / 2);
  const cv::Rect phone(tl, cv::Size(phone_w, phone_h));
  const int r = phone_w / 8;
  cv::rectangle(scene, cv::Rect(phone.x + r, phone.y, phone.width - 2 * r, phone.height), cv::Scalar(15, 15, 15),
                cv::FILLED);
  cv::rectangle(scene, cv::Rect(phone.x, phone.y + r, phone.width, phone.height - 2 * r), cv::Scalar(15, 15, 15),
                cv::FILLED);
  for (const cv::Point& c : {cv::Point(phone.x + r, phone.y + r), cv::Point(phone.br().x - r, phone.y + r),
                             cv::Point(phone.x + r, phone.br().y - r), cv::Point(phone.br().x - r, phone.br().y - r)}) {
    cv::circle(scene, c, r, cv::Scalar(15, 15, 15), cv::FILLED, cv::LINE_AA);
  }
  const int bezel = std::max(3, phone_w / 20);
  const cv::Rect screen(phone.x + bezel, phone.y + 3 * bezel, phone.width - 2 * bezel, phone.height - 6 * bezel);
  // The selfie, centre-cropped to the screen's aspect ratio.
  cv::Mat content = CentreCrop(selfie, screen.size());
  content.convertTo(content, -1, 1.05, 12);
  content.copyTo(scene(screen));
  return Recapture(scene, rng, 0.5);
}

}  // namespace

const std::vector<AttackInfo>& Attacks() {
  static const std::vector<AttackInfo> kAll = {
      {Attack::kPrint, "print"},
      {Attack::kScreen, "screen"},
      {Attack::kPhoneFrame, "phone_frame"},
  };
  return kAll;
}

cv::Mat MakeAttack(const cv::Mat& selfie, Attack kind, unsigned seed) {
  cv::RNG rng(seed);
  switch (kind) {
    case Attack::kPrint: return PrintAttack(selfie, rng);
    case Attack::kScreen: return ScreenAttack(selfie, rng);
    case Attack::kPhoneFrame: return PhoneFrameAttack(selfie, rng);
  }
  return selfie.clone();
}

}  // namespace idmatch::testing
