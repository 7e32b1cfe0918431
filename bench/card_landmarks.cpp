// Issue 20's diagnostic: on a photographed card's small portrait, how far are
// the five alignment points the pipeline finds from where the face's points
// really are, and how much card-vs-selfie accuracy does that cost?
//
// "True" points: the landmark network's points on the face photo itself (LFW,
// eyes ~40 px apart) mapped into the capture by the card factory's exact
// geometry (CardCapture::face_to_photo). For each size, over the cards found
// upright with the eyes' midpoint on the printed portrait (card_portrait_sizes
// tests the face box's centre; it also counts turned cards), it prints
// the point error (mean distance of the five points, in units of the true eye
// distance: median and 90th percentile) and TAR at FMR 1e-3 and FNMR at the
// threshold (80) of the card's embedding made from
//   found    the points Compare uses (re-embedded here: "same" gives how often
//            it reproduces Compare's embedding, cosine > 0.999)
//   true     the true points
//   jitter   the landmark network run on the detector box and on six moved
//            copies of it (+-5% along each axis, +-5% in size), points averaged
//   flat     the found points, but cropped from the card flattened by its true
//            outline at 1.5x the photo's pixel density, bicubic (at 1x the
//            second resampling blurs: TAR@1e-3 at 100 px 0.916 against
//            0.925): what undoing the tilt's perspective is worth
// each against every other photo as the selfie (embedded as Compare does).
//
// A second line per size splits "found" and "flat" by the card's tilt
// (under / from 12.5 degrees, half the factory's range).
//
// Usage: card_landmarks [--sizes 70,85,100,120] [--limit N]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "document/card_locate.h"
#include "eval/all_vs_all.h"
#include "face/embedder.h"
#include "face/landmarker.h"
#include "face/onnx_model.h"
#include "idmatch/engine.h"
#include "lfw_dev.h"
#include "models/model_lock.h"
#include "support/card_capture.h"
#include "support/image_factory.h"

namespace {

using idmatch::face::Landmarks5;

struct Options {
  std::vector<double> sizes = {70, 85, 100, 120};
  size_t limit = 600;
};

bool Parse(int argc, char** argv, Options& o) {
  if (argc % 2 == 0) return false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--sizes") {
      o.sizes = idmatch::bench::ParseNumberList(value);
    } else if (flag == "--limit") {
      o.limit = std::strtoul(value.c_str(), nullptr, 10);
    } else {
      return false;
    }
  }
  return !o.sizes.empty() && o.limit > 1;
}

Landmarks5 PointsOf(const idmatch::Face& face) {
  Landmarks5 p;
  for (size_t k = 0; k < 5; ++k) p[k] = {face.landmarks[k].x, face.landmarks[k].y};
  return p;
}

// Mean distance between corresponding points over the true eye distance.
double PointError(const Landmarks5& found, const Landmarks5& truth) {
  double sum = 0;
  for (size_t k = 0; k < 5; ++k) sum += cv::norm(found[k] - truth[k]);
  return sum / 5 / idmatch::face::EyeDistance(truth);
}

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(q * double(v.size())))];
}

// The landmark network's points averaged over the box and six moved copies.
Landmarks5 JitteredBoxPoints(idmatch::face::Landmarker& landmarker, const cv::Mat& bgr, const idmatch::Box& b) {
  const cv::Rect2f box(b.x, b.y, b.width, b.height);
  std::vector<cv::Rect2f> boxes = {box};
  for (const float d : {-0.05f, 0.05f}) {
    boxes.emplace_back(box.x + d * box.width, box.y, box.width, box.height);
    boxes.emplace_back(box.x, box.y + d * box.height, box.width, box.height);
    const float s = 1 + d;
    boxes.emplace_back(box.x + box.width * (1 - s) / 2, box.y + box.height * (1 - s) / 2, box.width * s,
                       box.height * s);
  }
  Landmarks5 mean{};
  for (const auto& moved : boxes) {
    const Landmarks5 p = idmatch::face::ToFivePoints(landmarker.Predict(bgr, moved));
    for (size_t k = 0; k < 5; ++k) mean[k] += p[k] * (1.0f / float(boxes.size()));
  }
  return mean;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!Parse(argc, argv, o)) {
    std::fprintf(stderr, "usage: card_landmarks [--sizes 70,85,100,120] [--limit N]\n");
    return 2;
  }
  const auto lfw = idmatch::bench::LoadLfwDev("card_landmarks");
  if (!lfw) return 77;
  const auto images = idmatch::bench::SelectRepeatedIdentities(lfw->images, o.limit, 6);
  const size_t n = images.size();
  idmatch::EngineConfig config;
  auto engine = idmatch::Engine::Create(config);
  if (!engine.ok()) {
    std::fprintf(stderr, "card_landmarks: %s\n", engine.status().ToString().c_str());
    return 1;
  }
  const idmatch::Engine& e = **engine;
  if (e.model_profile() != idmatch::ModelProfile::kDefault) return 1;
  const std::string model_dir = idmatch::models::ResolveModelDir(config.model_dir);
  const auto& lock = idmatch::models::EmbeddedModelLock();
  auto embedder_model = idmatch::face::OnnxModel::Load(model_dir, lock, "embedder");
  auto landmark_model = idmatch::face::OnnxModel::Load(model_dir, lock, "landmarks");
  if (!embedder_model.ok() || !landmark_model.ok()) {
    std::fprintf(stderr, "card_landmarks: the models did not load\n");
    return 1;
  }
  const int threads = std::max(1, e.config().workers);
  std::vector<idmatch::face::ArcFaceEmbedder> embedders;
  std::vector<idmatch::face::Landmarker> landmarkers;
  for (int t = 0; t < threads; ++t) {
    auto em = idmatch::face::ArcFaceEmbedder::Create(*embedder_model);
    auto lm = idmatch::face::Landmarker::Create(*landmark_model);
    if (!em.ok() || !lm.ok()) return 1;
    embedders.push_back(std::move(em).value());
    landmarkers.push_back(std::move(lm).value());
  }
  auto parallel = [&](const std::function<void(size_t, int)>& work) { idmatch::bench::ParallelFor(n, threads, work); };

  std::vector<std::string> identities(n);
  for (size_t i = 0; i < n; ++i) identities[i] = images[i].identity;
  std::vector<idmatch::FaceTemplate> photos(n);
  std::vector<cv::Mat> decoded(n);
  std::vector<char> has_photo(n, 0);
  parallel([&](size_t i, int) {
    const std::string bytes = idmatch::testing::ReadFileOrEmpty(lfw->root + images[i].file);
    decoded[i] = cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data())),
                              cv::IMREAD_COLOR);
    if (auto p = e.Embed(bytes, idmatch::ImageRole::kSource); p.ok()) {
      photos[i] = std::move(*p);
      has_photo[i] = 1;
    }
  });
  const double threshold = e.default_threshold();
  std::printf("%zu images; point error = mean of the five points' distances / true eye distance\n", n);
  std::printf("%6s %6s %6s %9s %9s %6s %18s %18s %18s %18s\n", "height", "cards", "eye_px", "err_med", "err_p90",
              "same", "found TAR/FNMR", "true TAR/FNMR", "jitter TAR/FNMR", "flat TAR/FNMR");
  constexpr int kVariants = 4;
  for (const double height : o.sizes) {
    std::vector<std::array<std::vector<float>, kVariants>> cards(n);
    std::vector<char> usable(n, 0), same(n, 0), tilted(n, 0);
    std::vector<double> error(n, 0), jitter_error(n, 0), eyes(n, 0);
    parallel([&](size_t i, int t) {
      if (!has_photo[i]) return;
      const auto capture = idmatch::testing::CaptureCard(decoded[i], height, static_cast<unsigned>(i));
      auto c = e.EmbedDocument(capture.jpeg);
      if (!c.ok() || c->image.upright_rotation != 0) return;
      const Landmarks5 found = PointsOf(c->face);
      const cv::Point2f centre = (found[0] + found[1]) * 0.5f;
      const std::vector<cv::Point2f> quad(capture.portrait_corners.begin(), capture.portrait_corners.end());
      if (cv::pointPolygonTest(quad, centre, false) < 0) return;  // the ghost or the print, not the portrait
      Landmarks5 truth;
      const Landmarks5 on_photo = PointsOf(photos[i].face);
      for (size_t k = 0; k < 5; ++k) truth[k] = idmatch::testing::FacePointInCapture(capture, on_photo[k]);
      const cv::Mat bgr = cv::imdecode(
          cv::Mat(1, int(capture.jpeg.size()), CV_8U, const_cast<char*>(capture.jpeg.data())), cv::IMREAD_COLOR);
      const Landmarks5 jittered = JitteredBoxPoints(landmarkers[t], bgr, c->face.box);
      auto embed = [&](const Landmarks5& points) {
        idmatch::face::FacePoints p;
        p.landmarks = points;
        return embedders[t].Embed(bgr, p, false);
      };
      // The card flattened by its true outline at 1.5x the photo's pixel
      // density (bicubic; eyes stay under the embedder's small-face 32 px at 100 px),
      // so the crop is not blurred much by a second resampling.
      const auto rectified = idmatch::document::Rectify(bgr, capture.card_corners);
      const cv::Matx33d to_flat = cv::Matx33d(1.5, 0, 0.25, 0, 1.5, 0.25, 0, 0, 1) * rectified.to_photo.inv();
      cv::Mat flat;
      cv::warpPerspective(bgr, flat, cv::Mat(to_flat),
                          cv::Size(rectified.image.cols * 3 / 2, rectified.image.rows * 3 / 2), cv::INTER_CUBIC);
      idmatch::face::FacePoints on_flat;
      for (size_t k = 0; k < 5; ++k) {
        const cv::Vec3d q = to_flat * cv::Vec3d(found[k].x, found[k].y, 1);
        on_flat.landmarks[k] = {float(q[0] / q[2]), float(q[1] / q[2])};
      }
      cards[i] = {embed(found), embed(truth), embed(jittered), embedders[t].Embed(flat, on_flat, false)};
      tilted[i] = capture.conditions.tilt_degrees >= 12.5 ? 1 : 0;
      same[i] = idmatch::face::Cosine(cards[i][0], c->embedding) > 0.999f ? 1 : 0;
      error[i] = PointError(found, truth);
      jitter_error[i] = PointError(jittered, truth);
      eyes[i] = idmatch::face::EyeDistance(truth);
      usable[i] = 1;
    });
    std::vector<double> errors, jitter_errors, eye_list;
    size_t usable_count = 0, same_count = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!usable[i]) continue;
      ++usable_count;
      same_count += same[i] ? 1 : 0;
      errors.push_back(error[i]);
      jitter_errors.push_back(jitter_error[i]);
      eye_list.push_back(eyes[i]);
    }
    std::printf("%6.0f %6zu %6.1f %4.3f/%4.3f %4.3f/%4.3f %5.1f%%", height, usable_count, Quantile(eye_list, 0.5),
                Quantile(errors, 0.5), Quantile(jitter_errors, 0.5), Quantile(errors, 0.9),
                Quantile(jitter_errors, 0.9), 100.0 * double(same_count) / double(std::max<size_t>(usable_count, 1)));
    // TAR at FMR 1e-3 and FNMR at the threshold of variant `v` among the cards `only` accepts.
    auto figures = [&](int v, const std::function<bool(size_t)>& only) {
      idmatch::eval::ScoreSets scores;
      std::vector<idmatch::FaceTemplate> as_cards(n);
      for (size_t j = 0; j < n; ++j) as_cards[j].embedding = cards[j][v];
      for (size_t i = 0; i < n; ++i) {
        if (!has_photo[i]) continue;
        for (size_t j = 0; j < n; ++j) {
          if (j == i || !usable[j] || !only(j)) continue;
          const float s = e.Similarity(photos[i], as_cards[j]);
          (identities[i] == identities[j] ? scores.genuine : scores.impostor).push_back(s);
        }
      }
      const auto r = idmatch::eval::ComputeErrorReport(scores, threshold);
      std::printf("   %8.4f/%6.2f%%", idmatch::bench::TarAtFmr(r, 1e-3), 100 * r.fnmr_at_threshold);
    };
    for (int v = 0; v < kVariants; ++v) figures(v, [](size_t) { return true; });
    std::printf("\n%6.0f %-37s", height, "  tilt < 12.5 | >= 12.5 (found, flat):");
    for (const int v : {0, 3}) {
      for (const char tilt : {0, 1}) figures(v, [&, tilt](size_t j) { return tilted[j] == tilt; });
    }
    std::printf("\n");
    std::fflush(stdout);
  }
  return 0;
}
