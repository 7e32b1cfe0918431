#include "card_capture.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "card_factory.h"
#include "image_factory.h"

namespace idmatch::testing {
namespace {

constexpr double kPi = 3.14159265358979;
// A phone's main camera: focal length about the frame's width in pixels
// (a ~65 degree horizontal field of view).
constexpr double kFocalPixels = 1280;

// The fraction of a unit halftone cell within squared distance t of its
// centre (a round dot of radius sqrt(t), clipped by the cell's edges once it
// passes them): the dot grows in this order, so a cell whose pixels are
// inked where CellAreaWithin(d^2) < coverage carries exactly that coverage
// (round dots in the highlights, round holes in the shadows; the Euclidean
// spot function of AM screening).
double CellAreaWithin(double t) {
  if (t <= 0.25) return kPi * t;
  if (t >= 0.5) return 1.0;
  const double r = std::sqrt(t);
  const double segment = t * std::acos(0.5 / r) - 0.5 * std::sqrt(t - 0.25);  // beyond one edge
  return kPi * t - 4 * segment;
}

// Amplitude-modulated screen, one channel: `ink` (0..1 coverage) becomes dots
// on a grid of `cell` card pixels rotated by `angle` radians. The dots are
// rendered at 16 points across a cell (4x4 per card pixel at 75 lpi: a 1200
// dpi printer on the 300 dpi card) and each card pixel keeps the fraction
// inked, as the card's pixel integrates the printed dots' reflectance. Measured: after a blur that
// hides the screen, the print's colour is the photo's within ~0.7 Lab units
// on LFW faces at 75 lpi (point-sampled circles with radius sqrt(ink / pi)
// had shifted it by 8-16, mostly to blue: the 0-degree screen's dot grew in
// 1/16-cell steps; tests/unit/card_capture_test.cpp).
void Screen(const cv::Mat& ink, cv::Mat& out, double cell, double angle) {
  const int sub = std::clamp(static_cast<int>(std::ceil(16 / cell)), 4, 16);  // points per card pixel, each way
  static const std::vector<float> area = [] {  // CellAreaWithin on [0, 0.5] in 4096 steps
    std::vector<float> table(4097);
    for (size_t i = 0; i < table.size(); ++i) table[i] = static_cast<float>(CellAreaWithin(0.5 * i / 4096.0));
    return table;
  }();
  out.create(ink.size(), CV_32F);
  const double c = std::cos(angle) / cell, s = std::sin(angle) / cell;
  for (int y = 0; y < ink.rows; ++y) {
    for (int x = 0; x < ink.cols; ++x) {
      const float coverage = ink.at<float>(y, x);
      int inked = 0;
      for (int sy = 0; sy < sub; ++sy) {
        for (int sx = 0; sx < sub; ++sx) {
          const double px = x + (sx + 0.5) / sub - 0.5, py = y + (sy + 0.5) / sub - 0.5;
          const double u = px * c + py * s, v = -px * s + py * c;
          const double du = u - std::floor(u) - 0.5, dv = v - std::floor(v) - 0.5;
          const double t = du * du + dv * dv;  // 0..0.5
          inked += area[static_cast<size_t>(t * 2 * 4096 + 0.5)] < coverage ? 1 : 0;
        }
      }
      out.at<float>(y, x) = static_cast<float>(inked) / static_cast<float>(sub * sub);
    }
  }
}

// CMY halftone with `cell` px cells (4 at 300 dpi = 75 lpi), the usual screen angles.
cv::Mat Halftone(const cv::Mat& bgr, double cell) {
  cv::Mat f;
  bgr.convertTo(f, CV_32F, 1.0 / 255);
  std::vector<cv::Mat> ch;
  cv::split(f, ch);
  const double angles[3] = {0.0, 75.0, 15.0};  // yellow (B), magenta (G), cyan (R), degrees
  for (int i = 0; i < 3; ++i) {
    cv::Mat ink = 1.0 - ch[i], dots;
    Screen(ink, dots, cell, angles[i] * kPi / 180);
    ch[i] = 1.0 - dots;
  }
  cv::Mat merged, out;
  cv::merge(ch, merged);
  merged.convertTo(out, CV_8U, 255);
  cv::GaussianBlur(out, out, cv::Size(), 0.6);  // ink spread
  return out;
}

// Greyscale with a 4x4 Bayer ordered dither to 4 levels, as laser engraving
// builds tone from burn density.
cv::Mat LaserEngrave(const cv::Mat& bgr) {
  static const int bayer[4][4] = {{0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}};
  cv::Mat grey;
  cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  const double step = 255.0 / 3;
  for (int y = 0; y < grey.rows; ++y) {
    for (int x = 0; x < grey.cols; ++x) {
      const double v = grey.at<uchar>(y, x) / step;
      const double threshold = (bayer[y % 4][x % 4] + 0.5) / 16;
      const double level = std::floor(v) + ((v - std::floor(v)) > threshold ? 1 : 0);
      grey.at<uchar>(y, x) = cv::saturate_cast<uchar>(level * step);
    }
  }
  cv::GaussianBlur(grey, grey, cv::Size(), 0.5);
  cv::Mat out;
  cv::cvtColor(grey, out, cv::COLOR_GRAY2BGR);
  return out;
}

// Floyd-Steinberg error diffusion to `levels` values per channel.
cv::Mat Quantise(const cv::Mat& bgr, int levels) {
  cv::Mat f;
  bgr.convertTo(f, CV_32FC3);
  const float step = 255.0f / float(levels - 1);
  for (int y = 0; y < f.rows; ++y) {
    for (int x = 0; x < f.cols; ++x) {
      cv::Vec3f& p = f.at<cv::Vec3f>(y, x);
      cv::Vec3f error;
      for (int c = 0; c < 3; ++c) {
        const float q = std::clamp(std::round(p[c] / step) * step, 0.0f, 255.0f);
        error[c] = p[c] - q;
        p[c] = q;
      }
      if (x + 1 < f.cols) f.at<cv::Vec3f>(y, x + 1) += error * (7.0f / 16);
      if (y + 1 < f.rows) {
        if (x > 0) f.at<cv::Vec3f>(y + 1, x - 1) += error * (3.0f / 16);
        f.at<cv::Vec3f>(y + 1, x) += error * (5.0f / 16);
        if (x + 1 < f.cols) f.at<cv::Vec3f>(y + 1, x + 1) += error * (1.0f / 16);
      }
    }
  }
  cv::Mat out;
  f.convertTo(out, CV_8UC3);
  return out;
}

}  // namespace

cv::Mat PrintPortrait(const cv::Mat& portrait, PrintStyle style, const CardPrintOptions& options) {
  cv::Mat out;
  switch (style) {
    case PrintStyle::kDyeSublimation: cv::GaussianBlur(portrait, out, cv::Size(), 1.0); return out;
    case PrintStyle::kHalftone: return Halftone(portrait, 300.0 / options.halftone_lpi);
    case PrintStyle::kLaserEngraved: return LaserEngrave(portrait);
    case PrintStyle::kQuantised:
      out = Quantise(portrait, 6);
      cv::GaussianBlur(out, out, cv::Size(), 0.5);
      return out;
  }
  return portrait.clone();
}

namespace {

// Thin wavy security lines over the portrait (card pixels).
void Guilloche(cv::Mat& region, cv::RNG& rng) {
  cv::Mat lines = region.clone();
  const cv::Scalar colour(rng.uniform(150, 230), rng.uniform(120, 200), rng.uniform(150, 230));
  const int count = rng.uniform(8, 16);
  const double phase = rng.uniform(0.0, 2 * kPi);
  for (int k = 0; k < count; ++k) {
    std::vector<cv::Point> curve;
    const double y0 = region.rows * (k + 0.5) / count;
    for (int x = 0; x < region.cols; x += 2) {
      curve.emplace_back(x, int(y0 + 10 * std::sin(x * 0.04 + phase + k)));
    }
    cv::polylines(lines, curve, false, colour, 1, cv::LINE_AA);
  }
  cv::addWeighted(lines, 0.5, region, 0.5, 0, region);
}

// The card's corners after tilting it by `tilt` radians about an in-plane
// axis at `axis` radians, rotating it by `rotation` in the image plane and
// projecting it through a pinhole at kFocalPixels, centred on `centre`;
// `size` is the card's size in photo pixels when it faces the camera.
std::array<cv::Point2f, 4> ProjectCorners(cv::Size2d size, cv::Point2d centre, double tilt, double axis,
                                          double rotation) {
  std::array<cv::Point2f, 4> out;
  const double hw = size.width / 2, hh = size.height / 2;
  const double corners[4][2] = {{-hw, -hh}, {hw, -hh}, {hw, hh}, {-hw, hh}};
  const double ax = std::cos(axis), ay = std::sin(axis);
  for (int i = 0; i < 4; ++i) {
    const double x = corners[i][0] * std::cos(rotation) - corners[i][1] * std::sin(rotation);
    const double y = corners[i][0] * std::sin(rotation) + corners[i][1] * std::cos(rotation);
    // Distance from the tilt axis (in the plane), which moves out of it.
    const double along = x * ax + y * ay, across = -x * ay + y * ax;
    const double z = kFocalPixels + across * std::sin(tilt);
    const double a2 = across * std::cos(tilt);
    const double px = along * ax - a2 * ay, py = along * ay + a2 * ax;
    out[i] = cv::Point2f(float(centre.x + kFocalPixels * px / z), float(centre.y + kFocalPixels * py / z));
  }
  return out;
}

}  // namespace

const char* PrintStyleName(PrintStyle style) {
  switch (style) {
    case PrintStyle::kDyeSublimation: return "dye_sublimation";
    case PrintStyle::kHalftone: return "halftone";
    case PrintStyle::kLaserEngraved: return "laser_engraved";
    case PrintStyle::kQuantised: return "quantised";
  }
  return "?";
}

CardCapture CaptureCard(const cv::Mat& face_photo, double portrait_height, unsigned seed,
                        const CardPrintOptions& print) {
  cv::RNG rng(seed * 2654435761u + 17);
  CardCapture capture;
  CardCaptureConditions& c = capture.conditions;
  // From a double: a fresh cv::RNG's first integer is always even (its
  // multiplier is even), so uniform(0, 4) gave only dye sublimation and
  // laser engraving.
  c.print = static_cast<PrintStyle>(std::min(3, int(rng.uniform(0.0, 4.0))));
  c.guilloche = rng.uniform(0.0, 1.0) < 0.4;
  c.glare = rng.uniform(0.0, 1.0) < 0.3;
  c.tilt_degrees = rng.uniform(0.0, 25.0);
  c.rotation_degrees = rng.uniform(-12.0, 12.0);
  c.defocus_sigma = rng.uniform(0.3, 1.0);
  c.jpeg_quality = rng.uniform(75, 93);
  portrait_height = std::clamp(portrait_height, kMinCapturePortrait, kMaxCapturePortrait);
  capture.portrait_height = portrait_height;

  // ID portraits are framed as ICAO 9303 asks (the head 70-80% of the
  // portrait's height); an LFW photo's head is ~45% of its height, centred,
  // so the centre 60% x 80% of it is framed like an ID portrait.
  const cv::Rect head_and_shoulders(int(face_photo.cols * 0.2), int(face_photo.rows * 0.1), int(face_photo.cols * 0.6),
                                    int(face_photo.rows * 0.8));
  LicenceFrontLayout layout;
  cv::Mat card = LicenceFront(face_photo(head_and_shoulders), cv::Mat(), &layout);
  cv::Mat portrait = card(layout.portrait);
  PrintPortrait(portrait, c.print, print).copyTo(portrait);
  if (c.guilloche) Guilloche(portrait, rng);

  // Shrink the card with area averaging to about its size in the photo (the
  // lens integrates light the same way), then warp it into place.
  const double scale = portrait_height / layout.portrait.height;
  cv::Mat small;
  cv::resize(card, small, cv::Size(), scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
  const cv::Size2d size(small.cols, small.rows);
  const double margin_x = std::max(0.0, (kCardCaptureWidth - size.width * 1.15) / 2);
  const double margin_y = std::max(0.0, (kCardCaptureHeight - size.height * 1.3) / 2);
  const cv::Point2d centre(kCardCaptureWidth / 2.0 + rng.uniform(-margin_x, margin_x + 1e-9),
                           kCardCaptureHeight / 2.0 + rng.uniform(-margin_y, margin_y + 1e-9));
  const auto to =
      ProjectCorners(size, centre, c.tilt_degrees * kPi / 180, rng.uniform(0.0, kPi), c.rotation_degrees * kPi / 180);
  const cv::Point2f from[4] = {
      {0, 0}, {float(size.width), 0}, {float(size.width), float(size.height)}, {0, float(size.height)}};
  const cv::Mat m = cv::getPerspectiveTransform(from, to.data());
  capture.card_corners = to;

  const cv::Size frame(kCardCaptureWidth, kCardCaptureHeight);
  const cv::Scalar table(rng.uniform(40, 140), rng.uniform(50, 150), rng.uniform(60, 170));
  cv::Mat photo(frame, CV_8UC3);
  rng.fill(photo, cv::RNG::NORMAL, table, cv::Scalar::all(10));  // the seeded RNG, not cv::theRNG()
  cv::GaussianBlur(photo, photo, cv::Size(), 2.0);
  cv::Mat warped, mask;
  cv::warpPerspective(small, warped, m, frame, cv::INTER_LINEAR);
  cv::warpPerspective(cv::Mat(small.size(), CV_8U, cv::Scalar(255)), mask, m, frame, cv::INTER_LINEAR);
  warped.copyTo(photo, mask);
  {
    const cv::Rect2f r(layout.portrait);
    std::vector<cv::Point2f> p = {r.tl(), {r.x + r.width, r.y}, r.br(), {r.x, r.y + r.height}};
    for (auto& q : p) q *= float(scale);
    cv::perspectiveTransform(p, p, m);
    std::copy(p.begin(), p.end(), capture.portrait_corners.begin());
  }
  {
    // Face photo -> card (CentreCrop's area resize of the framed part), card
    // -> the reduced card (cv::resize), then the camera's homography; each
    // resize maps pixel centres: x' = (x + 0.5) * f - 0.5.
    const cv::Rect crop = CentreCropRect(head_and_shoulders.size(), layout.portrait.size());
    const double fx = double(layout.portrait.width) / crop.width, fy = double(layout.portrait.height) / crop.height;
    const double ox = head_and_shoulders.x + crop.x, oy = head_and_shoulders.y + crop.y;
    const cv::Matx33d to_card(fx, 0, (0.5 - ox) * fx - 0.5 + layout.portrait.x, 0, fy,
                              (0.5 - oy) * fy - 0.5 + layout.portrait.y, 0, 0, 1);
    const double sx = double(small.cols) / card.cols, sy = double(small.rows) / card.rows;
    const cv::Matx33d to_small(sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5, 0, 0, 1);
    capture.face_to_photo = cv::Matx33d(m) * to_small * to_card;
  }
  if (c.glare) {
    // A light patch about half the portrait's height, somewhere over it.
    std::vector<cv::Point2f> p = {{float(layout.portrait.x + layout.portrait.width * rng.uniform(0.2, 0.8)),
                                   float(layout.portrait.y + layout.portrait.height * rng.uniform(0.2, 0.8))}};
    for (auto& q : p) q *= float(scale);
    cv::perspectiveTransform(p, p, m);
    const double r = portrait_height * rng.uniform(0.25, 0.5);
    cv::Mat glare(frame, CV_8UC3, cv::Scalar::all(0));
    cv::ellipse(glare, p[0], cv::Size2d(r, r * 0.5), rng.uniform(0, 180), 0, 360, cv::Scalar::all(rng.uniform(60, 140)),
                cv::FILLED);
    cv::GaussianBlur(glare, glare, cv::Size(), std::max(1.0, r * 0.4));
    photo += glare;
  }
  cv::GaussianBlur(photo, photo, cv::Size(), c.defocus_sigma);
  cv::Mat noise(frame, CV_16SC3);
  rng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(3));
  cv::Mat noisy;
  photo.convertTo(noisy, CV_16SC3);
  noisy += noise;
  noisy.convertTo(photo, CV_8UC3);
  std::vector<uchar> bytes;
  cv::imencode(".jpg", photo, bytes, {cv::IMWRITE_JPEG_QUALITY, c.jpeg_quality});
  capture.jpeg.assign(bytes.begin(), bytes.end());
  return capture;
}

cv::Point2f FacePointInCapture(const CardCapture& capture, cv::Point2f point) {
  const cv::Vec3d q = capture.face_to_photo * cv::Vec3d(point.x, point.y, 1);
  return {float(q[0] / q[2]), float(q[1] / q[2])};
}

}  // namespace idmatch::testing
