#include "face/embedder.h"

#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "face/align.h"

namespace idmatch::face {

std::vector<float> EmbedBatch(WorkerNet& net, std::vector<cv::Mat> crops, bool flip_augment, double scale,
                              const cv::Scalar& mean_rgb, int dim) {
  if (flip_augment) {
    const size_t n = crops.size();
    for (size_t i = 0; i < n; ++i) {
      cv::Mat flipped;
      cv::flip(crops[i], flipped, 1);
      crops.push_back(flipped);
    }
  }
  // One forward pass for every crop; RGB (swapRB), (x - mean) * scale.
  const cv::Mat blob = cv::dnn::blobFromImages(crops, scale, cv::Size(), mean_rgb, /*swapRB=*/true);
  const auto outs = net.Run(blob);
  const cv::Mat rows = outs[0].reshape(1, static_cast<int>(crops.size()));
  cv::Mat sum = cv::Mat::zeros(1, dim, CV_32F);
  for (int i = 0; i < rows.rows; ++i) {
    cv::Mat unit;
    cv::normalize(rows.row(i), unit);
    sum += unit;
  }
  cv::normalize(sum, sum);
  return std::vector<float>(sum.begin<float>(), sum.end<float>());
}

std::vector<Landmarks5> JitteredPlacements(const Landmarks5& points) {
  const double eyes = EyeDistance(points);
  cv::Point2f centre(0, 0);
  for (const auto& p : points) centre += p * 0.2f;
  std::vector<Landmarks5> out{points};
  struct Move {
    double scale, dx, dy;  // dx, dy in eye distances
  };
  for (const Move m :
       {Move{1.04, 0, 0}, Move{0.96, 0, 0}, Move{1, 0.06, 0}, Move{1, -0.06, 0}, Move{1, 0, 0.06}, Move{1, 0, -0.06}}) {
    Landmarks5 moved = points;
    const cv::Point2f shift(float(m.dx * eyes), float(m.dy * eyes));
    for (auto& p : moved) p = centre + (p - centre) * float(m.scale) + shift;
    out.push_back(moved);
  }
  return out;
}

Result<ArcFaceEmbedder> ArcFaceEmbedder::Create(const OnnxModel& model) {
  auto net = model.ForWorker({1, 3, kAlignedSize, kAlignedSize});
  if (!net.ok()) return net.status();
  ArcFaceEmbedder e;
  e.net_ = std::move(net).value();
  return e;
}

std::vector<float> ArcFaceEmbedder::EmbedCrops(std::vector<cv::Mat> crops, bool flip_augment) {
  // (x - 127) / 128 on RGB, as in the package's fr_feature.js.
  return EmbedBatch(net_, std::move(crops), flip_augment, 1.0 / 128.0, cv::Scalar::all(127.0), kDim);
}

cv::Mat LookGrey(const cv::Mat& crop, bool greyscale) {
  if (!greyscale) return crop;
  cv::Mat grey, out;
  cv::cvtColor(crop, grey, cv::COLOR_BGR2GRAY);
  cv::cvtColor(grey, out, cv::COLOR_GRAY2BGR);
  return out;
}

double EyeDistance(const Landmarks5& points) {
  return std::hypot(points[1].x - points[0].x, points[1].y - points[0].y);
}

cv::Mat ReduceDetail(const cv::Mat& crop, double crop_eye_distance, double eye_distance) {
  const double factor = eye_distance / crop_eye_distance;
  if (!(factor > 0) || factor >= 1) return crop;
  cv::Mat small, out;
  const cv::Size reduced(std::max(1, int(std::lround(crop.cols * factor))),
                         std::max(1, int(std::lround(crop.rows * factor))));
  cv::resize(crop, small, reduced, 0, 0, cv::INTER_AREA);
  cv::resize(small, out, crop.size(), 0, 0, cv::INTER_LINEAR);
  return out;
}

std::vector<float> ArcFaceEmbedder::Embed(const cv::Mat& bgr, const FacePoints& points, bool flip_augment) {
  const double eyes = EyeDistance(points.landmarks);
  const bool small = eyes < kSmallFaceEyeDistance;
  const auto placements = small ? JitteredPlacements(points.landmarks) : std::vector<Landmarks5>{points.landmarks};
  const bool reduce = points.match_eye_distance > 0 && points.match_eye_distance < eyes;
  const double template_eyes = kArcFaceTemplate[1][0] - kArcFaceTemplate[0][0];  // 35.24 crop px
  std::vector<cv::Mat> crops;
  for (const auto& placed : placements) {
    cv::Mat crop = AlignFace(bgr, placed, small ? cv::INTER_CUBIC : cv::INTER_LINEAR).crop;
    // Always greyscale (the class comment), so points.match_greyscale has
    // nothing left to do here.
    crops.push_back(LookGrey(reduce ? ReduceDetail(crop, template_eyes, points.match_eye_distance) : crop, true));
  }
  return EmbedCrops(std::move(crops), flip_augment);
}

namespace {

// DlibCrop's square side in image pixels: mean(eye-to-mouth-centre) / 0.45.
double DlibCropSide(const Landmarks5& p) {
  const cv::Point2f mouth = (p[3] + p[4]) * 0.5f;
  const auto dist = [](cv::Point2f a, cv::Point2f b) { return std::hypot(a.x - b.x, a.y - b.y); };
  return std::max(1.0, (dist(p[0], mouth) + dist(p[1], mouth)) / 2.0 / 0.45);
}

}  // namespace

cv::Mat DlibCrop(const cv::Mat& bgr, const Landmarks5& p) {
  const cv::Point2f le = p[0], re = p[1];
  const cv::Point2f mouth = (p[3] + p[4]) * 0.5f;
  const double side = DlibCropSide(p);
  const cv::Point2f centroid = (le + re + mouth) * (1.0f / 3.0f);
  const double angle = std::atan2(re.y - le.y, re.x - le.x);
  const double s = DlibEmbedder::kInputSize / side;
  // Rotate by -angle about the centroid, scale, and put the centroid at
  // (0.5, 0.43) of the crop.
  const double c = std::cos(-angle) * s, n = std::sin(-angle) * s;
  const double tx = 0.5 * DlibEmbedder::kInputSize - (c * centroid.x - n * centroid.y);
  const double ty = 0.43 * DlibEmbedder::kInputSize - (n * centroid.x + c * centroid.y);
  const cv::Matx23d m(c, -n, tx, n, c, ty);
  return WarpWithoutAliasing(bgr, m, cv::Size(DlibEmbedder::kInputSize, DlibEmbedder::kInputSize));
}

Result<DlibEmbedder> DlibEmbedder::Create(const OnnxModel& model) {
  auto net = model.ForWorker({1, 3, kInputSize, kInputSize});
  if (!net.ok()) return net.status();
  DlibEmbedder e;
  e.net_ = std::move(net).value();
  return e;
}

std::vector<float> DlibEmbedder::Embed(const cv::Mat& bgr, const FacePoints& points, bool flip_augment) {
  // face-api's normalisation: RGB, (x - [122.782, 117.001, 104.298]) / 256.
  const Landmarks5& placed = points.detector.value_or(points.landmarks);
  cv::Mat crop = DlibCrop(bgr, placed);
  const double eyes = EyeDistance(placed);
  if (points.match_eye_distance > 0 && points.match_eye_distance < eyes) {
    crop = ReduceDetail(crop, eyes * kInputSize / DlibCropSide(placed), points.match_eye_distance);
  }
  crop = LookGrey(crop, points.match_greyscale);
  return EmbedBatch(net_, {crop}, flip_augment, 1.0 / 256.0, cv::Scalar(122.782, 117.001, 104.298), kDim);
}

float Cosine(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size() || a.empty()) return 0.0f;
  double dot = 0, na = 0, nb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
  }
  if (na <= 0 || nb <= 0) return 0.0f;
  return static_cast<float>(dot / std::sqrt(na * nb));
}

}  // namespace idmatch::face
