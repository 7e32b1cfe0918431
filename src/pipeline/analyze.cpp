#include "pipeline/analyze.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "core/work_budget.h"
#include "document/card_locate.h"
#include "document/reader.h"
#include "face/align.h"
#include "face/blazeface.h"
#include "image/decode.h"
#include "pipeline/face_select.h"
#include "pipeline/resolution_match.h"
#include "quality/scoring.h"

namespace idmatch::pipeline {
namespace {

using Clock = std::chrono::steady_clock;
double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Face ToPublicFace(const face::DetectedBox& d, const face::Landmarks5& five) {
  Face f;
  f.box = {d.box.x, d.box.y, d.box.width, d.box.height};
  f.detection_score = d.score;
  for (size_t i = 0; i < five.size(); ++i) f.landmarks[i] = {five[i].x, five[i].y};
  return f;
}

face::Landmarks5 ToCv(const Face& f) {
  face::Landmarks5 out;
  for (size_t i = 0; i < out.size(); ++i) out[i] = {f.landmarks[i].x, f.landmarks[i].y};
  return out;
}

// BlazeFace's keypoints place the dlib crop better than fr_landmark's points
// once the face is at least this many pixels tall in the detector's 256 px
// input; on smaller faces they are too coarse (a 42 px card portrait found on
// the 4x tiles: genuine 52.9 / impostor 40.4 with them, 72.8 / 1.4 without).
// Scan of the threshold with bench/profile_eval (open profile, margin on
// deepface / photographed cards): always 14.44 / 10.14, 20 px 14.44 / 10.14,
// 28 px 14.44 / 13.82, 40 px 14.44 / 16.12, 60 px 14.44 / 16.12, never
// 11.17 / 10.91. 40 is where the plateau starts. docs/accuracy.md.
constexpr float kMinKeypointFaceHeight = 40.0f;

// Eyes, nose and mouth centre from BlazeFace's keypoints as five points (the
// mouth centre stands for both corners: the dlib crop uses only their mean).
face::Landmarks5 BlazeFacePoints(const face::DetectedBox& d) {
  const auto& k = d.keypoints;
  return {k[face::kBfRightEye], k[face::kBfLeftEye], k[face::kBfNose], k[face::kBfMouth], k[face::kBfMouth]};
}

// Detection, landmarks, quality, liveness and embeddings under one model lease.
void AnalyzeFaces(const cv::Mat& bgr, const EngineConfig& config, const AnalyzeOptions& options, WorkerPool& pool,
                  ImageAnalysis& out) {
  auto models = pool.Acquire();
  ThrowIfOverBudget();  // the wait for a model set may have used the request's time
  auto t = Clock::now();
  DetectorOptions detector = config.detector;
  if (options.find_small_faces) detector.always_run_levels = std::max(detector.always_run_levels, 1);
  auto boxes = models->detector->Detect(bgr, detector);
  if (boxes.empty() && options.second_look && models->card_detector) {
    boxes = models->card_detector->Detect(bgr, detector);
  }
  if (boxes.size() > static_cast<size_t>(config.max_faces)) boxes.resize(config.max_faces);  // strongest kept
  out.timings.detect_ms = MsSince(t);
  ThrowIfOverBudget();

  t = Clock::now();
  std::vector<face::Landmarks68> points;
  for (const auto& b : boxes) {
    points.push_back(models->landmarker->Predict(bgr, b.box));
    out.faces.push_back(ToPublicFace(b, face::ToFivePoints(points.back())));
    out.faces.back().greyscale = MedianChroma(bgr, b.box) < kGreyscaleFaceChroma;
  }
  out.timings.landmarks_ms = MsSince(t);

  const auto choice = ChoosePrimary(out.faces, bgr.cols, bgr.rows, config.detector.primary_score_margin);
  const int primary = choice.index;
  out.primary_runner_up = choice.runner_up;
  if (primary > 0) {
    std::rotate(out.faces.begin(), out.faces.begin() + primary, out.faces.begin() + primary + 1);
    std::rotate(points.begin(), points.begin() + primary, points.begin() + primary + 1);
    std::rotate(boxes.begin(), boxes.begin() + primary, boxes.begin() + primary + 1);
  }

  if (options.quality) {
    t = Clock::now();
    for (size_t i = 0; i < out.faces.size(); ++i) {
      out.faces[i].quality = models->quality.Assess(bgr, boxes[i].box, points[i]);
    }
    out.timings.quality_ms = MsSince(t);
  }
  if (options.capture_frame && !boxes.empty()) {
    out.primary_points = points[0];
    out.primary_motion = models->quality.Observe(bgr, boxes[0].box, points[0]);
  }
  if (options.liveness && !boxes.empty()) {
    t = Clock::now();
    out.liveness = models->liveness.Classify(bgr, boxes[0].box);
    out.timings.liveness_ms = MsSince(t);
  }

  ThrowIfOverBudget();
  t = Clock::now();
  out.embeddings.resize(out.faces.size());
  std::vector<size_t> wanted;
  std::vector<face::FacePoints> crop_points(out.faces.size());  // where each embedder's crop goes
  for (size_t i = 0; i < out.faces.size(); ++i) {
    crop_points[i].landmarks = ToCv(out.faces[i]);
    // How well a similarity maps the points to the template (cheap).
    out.faces[i].alignment_residual = face::AlignResidual(crop_points[i].landmarks);
    if (boxes[i].keypoints.size() == face::kBfCount && boxes[i].input_height >= kMinKeypointFaceHeight) {
      crop_points[i].detector = BlazeFacePoints(boxes[i]);
    }
    if (options.embed == EmbedWhich::kAll || (options.embed == EmbedWhich::kPrimary && i == 0)) wanted.push_back(i);
  }
  // One job per (face, embedder); a face's embedding is its parts in
  // embedder order.
  const size_t per_face = models->embedders.size();
  std::vector<std::pair<size_t, size_t>> jobs;
  for (size_t i : wanted) {
    for (size_t e = 0; e < per_face; ++e) jobs.emplace_back(i, e);
  }
  std::vector<std::vector<float>> parts(jobs.size());
  auto run_job = [&](FaceModels& m, size_t k) {
    const auto [i, e] = jobs[k];
    parts[k] = m.embedders[e]->Embed(bgr, crop_points[i], options.flip);
  };
  // Two or more network passes (a document's portrait and ghost, or the two
  // embedders of the fusion profile): when another model set is idle at this
  // moment (the other image of a compare is done, the service is not under
  // load), a helper thread runs every second pass with it. It never waits for
  // a set: waiting for one measured slower (bench_compare), and under load
  // nothing changes.
  std::unique_ptr<WorkerPool::Lease> spare = jobs.size() >= 2 ? pool.TryAcquire() : nullptr;
  std::thread helper;
  if (spare) {
    helper = std::thread([&] {
      for (size_t k = 1; k < jobs.size(); k += 2) run_job(**spare, k);
    });
  }
  for (size_t k = 0; k < jobs.size(); k += spare ? 2 : 1) run_job(*models, k);
  if (helper.joinable()) helper.join();
  for (size_t k = 0; k < jobs.size(); ++k) {
    auto& embedding = out.embeddings[jobs[k].first];
    embedding.insert(embedding.end(), parts[k].begin(), parts[k].end());
  }
  out.timings.embed_ms = MsSince(t);
  if (options.keep_image) {
    out.analysed_image = bgr;
    out.crop_points = std::move(crop_points);
  }
}

// A point of the image turned by `rotation` degrees clockwise, in the
// unturned image of `size`.
Point Unturned(Point p, int rotation, cv::Size size) {
  switch (rotation) {
    case 90: return {p.y, float(size.height - 1) - p.x};
    case 180: return {float(size.width - 1) - p.x, float(size.height - 1) - p.y};
    case 270: return {float(size.width - 1) - p.y, p.x};
    default: return p;
  }
}

// The face stands upright. A document turned sideways or upside down gives
// faces the detector still finds, but the landmark network, trained on
// upright faces, then returns an upright-looking but squeezed point set:
// upright faces have boxes about as tall as wide or taller, eyes at least a
// fifth of the box width apart on a line within 40 degrees of horizontal,
// and eyes above the mouth.
bool LooksUpright(const Face& f) {
  const Point& le = f.landmarks[kLeftEye];
  const Point& re = f.landmarks[kRightEye];
  const float eyes_y = (le.y + re.y) / 2, mouth_y = (f.landmarks[kMouthLeft].y + f.landmarks[kMouthRight].y) / 2;
  const float dx = re.x - le.x, dy = re.y - le.y;
  return f.box.height >= 0.9f * f.box.width && dx >= 0.2f * f.box.width &&
         std::fabs(dy) < std::tan(40.0f * 3.14159265f / 180.0f) * dx && eyes_y < mouth_y;
}

// Faces found in a transformed copy of an image (turned, or a card flattened
// out of it) moved back into the image by `to_image`: landmarks point by
// point, boxes as the bounding box of their four mapped corners.
template <typename PointMap>
void MapFaces(std::vector<Face>& faces, const PointMap& to_image) {
  for (auto& f : faces) {
    const Point corners[4] = {to_image(Point{f.box.x, f.box.y}), to_image(Point{f.box.x + f.box.width, f.box.y}),
                              to_image(Point{f.box.x + f.box.width, f.box.y + f.box.height}),
                              to_image(Point{f.box.x, f.box.y + f.box.height})};
    float x0 = corners[0].x, x1 = x0, y0 = corners[0].y, y1 = y0;
    for (const auto& c : corners) {
      x0 = std::min(x0, c.x), x1 = std::max(x1, c.x), y0 = std::min(y0, c.y), y1 = std::max(y1, c.y);
    }
    f.box = {x0, y0, x1 - x0, y1 - y0};
    for (auto& l : f.landmarks) l = to_image(l);
  }
}

void MapFacesBack(std::vector<Face>& faces, int rotation, cv::Size size) {
  MapFaces(faces, [&](Point p) { return Unturned(p, rotation, size); });
}

// The eye-state network's open-eyes probability for the face, -1 when not
// assessed. Trained on upright eyes, it reads an upside-down face's eyes as
// closed (0.005 against 1.0 on the generated licence), which is what tells a
// face upside down from one upright when the landmarks cannot.
double EyesOpen(const Face& f) {
  const size_t eyes = quality::Index(quality::Measure::kEyesOpen);
  if (f.quality.measures.size() > eyes && f.quality.measures[eyes].assessed) return f.quality.measures[eyes].value;
  return -1;
}

// Eyes not assessed (quality measures off) count as open: without the eye
// network only the landmark geometry can judge.
bool Upright(const ImageAnalysis& a) {
  const double eyes = EyesOpen(a.faces[0]);
  return LooksUpright(a.faces[0]) && (eyes < 0 || eyes >= 0.5);
}

struct TurnedAnalysis {
  ImageAnalysis analysis;  // faces mapped back to the unturned image
  bool upright = false;    // Upright() of the primary face, judged in the turned frame
  double eyes_open = -1;
};

// Faces of `bgr` turned `degrees` (90, 180, 270) clockwise, mapped back to
// `bgr`'s coordinates; nullopt when none was found.
std::optional<TurnedAnalysis> AnalyzeTurned(const cv::Mat& bgr, int degrees, const EngineConfig& config,
                                            const AnalyzeOptions& options, WorkerPool& pool, double& detect_ms) {
  const cv::RotateFlags code = degrees == 90    ? cv::ROTATE_90_CLOCKWISE
                               : degrees == 180 ? cv::ROTATE_180
                                                : cv::ROTATE_90_COUNTERCLOCKWISE;
  cv::Mat turned;
  cv::rotate(bgr, turned, code);
  ImageAnalysis attempt;
  AnalyzeFaces(turned, config, options, pool, attempt);
  detect_ms += attempt.timings.detect_ms;  // every attempt counts
  if (attempt.faces.empty()) return std::nullopt;
  TurnedAnalysis out;
  out.upright = Upright(attempt);
  out.eyes_open = EyesOpen(attempt.faces[0]);
  MapFacesBack(attempt.faces, degrees, bgr.size());
  attempt.info.upright_rotation = degrees;
  out.analysis = std::move(attempt);
  return out;
}

// `out` takes the turned analysis' faces, their embeddings and stage times.
void Adopt(ImageAnalysis&& attempt, double detect_ms, ImageAnalysis& out) {
  out.faces = std::move(attempt.faces);
  out.embeddings = std::move(attempt.embeddings);
  out.liveness = attempt.liveness;
  out.info.upright_rotation = attempt.info.upright_rotation;
  out.analysed_image = attempt.analysed_image;
  out.crop_points = std::move(attempt.crop_points);
  const double decode_ms = out.timings.decode_ms, document_ms = out.timings.document_ms;
  out.timings = attempt.timings;
  out.timings.decode_ms = decode_ms;
  out.timings.document_ms = document_ms;
  out.timings.detect_ms = detect_ms;
}

// How far the document was turned clockwise from upright, to the nearest 90
// degrees, by its barcode or MRZ (text orientation is unambiguous; a face
// upside down is not: the landmark network returns upright-looking points).
int DocumentTurn(const DocumentRead& read) {
  const int degrees = read.fields.source == DocumentSource::kPdf417 ? read.barcode_orientation : read.mrz_orientation;
  return ((degrees + 45) / 90 * 90) % 360;
}

}  // namespace

// Faces of `bgr` the right way up: turned by the document's `turn` when it
// has one; otherwise as it is unless no face or no upright face is found,
// then the turn whose primary face stands upright with the most open-looking
// eyes. Faces are in `bgr`'s coordinates; decode and document times are kept.
void AnalyzeOriented(const cv::Mat& bgr, int turn, const EngineConfig& config, const AnalyzeOptions& options,
                     WorkerPool& pool, ImageAnalysis& out) {
  double detect_ms = 0;
  if (options.try_rotations && turn != 0) {
    if (auto turned = AnalyzeTurned(bgr, 360 - turn, config, options, pool, detect_ms)) {
      Adopt(std::move(turned->analysis), detect_ms, out);
      return;
    }
  }
  AnalyzeFaces(bgr, config, options, pool, out);
  detect_ms += out.timings.detect_ms;
  if (options.try_rotations && (out.faces.empty() || !Upright(out))) {
    // A face whose landmarks stand upright but whose eyes read closed stays a
    // candidate: on small faces (eyes 13-20 px apart) the eye-state crop is
    // mostly interpolation and reads closed, and a sideways turn must then
    // beat it (bench/card_portrait_sizes: 3.5% of 85 px portraits were
    // turned sideways before). An upside-down face still loses to its 180
    // degree turn, whose eyes read open.
    const double unturned_eyes = !out.faces.empty() && LooksUpright(out.faces[0]) ? EyesOpen(out.faces[0]) : -2;
    std::optional<TurnedAnalysis> best;
    for (const int degrees : {90, 180, 270}) {
      auto turned = AnalyzeTurned(bgr, degrees, config, options, pool, detect_ms);
      if (turned && turned->upright && turned->eyes_open > unturned_eyes &&
          (!best || turned->eyes_open > best->eyes_open)) {
        best = std::move(turned);
      }
    }
    if (best) {
      Adopt(std::move(best->analysis), detect_ms, out);
      return;
    }
  }
  out.timings.detect_ms = detect_ms;
}

// Faces found on a flattened card, mapped into the photo by `to_photo`.
void MapFacesToPhoto(std::vector<Face>& faces, const cv::Matx33d& to_photo) {
  MapFaces(faces, [&](Point p) {
    const cv::Vec3d q = to_photo * cv::Vec3d(p.x, p.y, 1.0);
    return Point{float(q[0] / q[2]), float(q[1] / q[2])};
  });
}

// The first card outline whose flattened content shows a face, adopted into
// `out` with its faces mapped back into the photo.
void AnalyzeCards(const cv::Mat& bgr, const EngineConfig& config, const AnalyzeOptions& options, WorkerPool& pool,
                  ImageAnalysis& out) {
  const auto start = Clock::now();
  const auto quads = document::FindCardQuads(bgr);
  out.card_found = !quads.empty();
  for (const auto& quad : quads) {
    const auto card = document::Rectify(bgr, quad);
    ImageAnalysis on_card;
    AnalyzeOptions on_card_options = options;
    on_card_options.second_look = true;
    AnalyzeOriented(card.image, 0, config, on_card_options, pool, on_card);
    if (on_card.faces.empty()) continue;
    MapFacesToPhoto(on_card.faces, card.to_photo);
    // Finding the card and its faces counts as detection; the card's other
    // stages keep their own times.
    const ImageTimings& c = on_card.timings;
    const double detect_ms =
        out.timings.detect_ms + MsSince(start) - (c.landmarks_ms + c.quality_ms + c.liveness_ms + c.embed_ms);
    Adopt(std::move(on_card), detect_ms, out);
    return;
  }
  out.timings.detect_ms += MsSince(start);
}

Result<ImageAnalysis> AnalyzeImage(std::string_view bytes, const EngineConfig& config, const AnalyzeOptions& options,
                                   WorkerPool& pool) {
  ImageAnalysis out;
  auto t = Clock::now();
  auto decoded = image::DecodeImage(bytes, config.limits);
  if (!decoded.ok()) return decoded.status();
  out.info = decoded->info;
  out.timings.decode_ms = MsSince(t);
  ThrowIfOverBudget();
  const cv::Mat& bgr = decoded->bgr;
  // The document first: its orientation tells which way up the portrait is.
  if (options.read_document) {
    t = Clock::now();
    auto read = document::ReadDocument(bgr, options.document_today, config.document.minimum_age);
    if (read.ok()) out.document = std::move(read).value();
    out.timings.document_ms = MsSince(t);
  }
  AnalyzeOriented(bgr, out.document ? DocumentTurn(*out.document) : 0, config, options, pool, out);
  if (out.faces.empty() && options.find_cards) AnalyzeCards(bgr, config, options, pool, out);
  return out;
}
}  // namespace idmatch::pipeline
