#include "idmatch/engine.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <opencv2/core.hpp>

#include "core/log.h"
#include "core/work_budget.h"
#include "document/reader.h"
#include "face/blazeface.h"
#include "face/embedder.h"
#include "models/model_lock.h"
#include "pipeline/analyze.h"
#include "pipeline/capture.h"
#include "pipeline/profile.h"
#include "pipeline/resolution_match.h"
#include "pipeline/task_runner.h"
#include "pipeline/verdict.h"
#include "quality/scoring.h"

namespace idmatch {

namespace {

using Clock = std::chrono::steady_clock;

// Test-time flip augmentation for an image in `role`.
bool FlipFor(const EngineConfig& config, ImageRole role) {
  return config.flip_augment == FlipAugment::kBoth ||
         (config.flip_augment == FlipAugment::kTargetOnly && role == ImageRole::kTarget);
}

// Module boundary: a library exception becomes kInternal with the detail in
// the log only, never in the client's message.
Result<pipeline::ImageAnalysis> SafeAnalyze(std::string_view bytes, const EngineConfig& config,
                                            pipeline::AnalyzeOptions options, ImageRole role,
                                            pipeline::WorkerPool& pool) {
  options.flip = FlipFor(config, role);
  options.quality = options.quality && config.assess_quality;
  try {
    return pipeline::AnalyzeImage(bytes, config, options, pool);
  } catch (const WorkBudgetExceeded& e) {
    return e.status();  // the deadline passed or the client left between stages
  } catch (const std::exception& e) {
    IDMATCH_LOG_ERROR(std::string("image analysis failed: ") + e.what());
  } catch (...) {
    IDMATCH_LOG_ERROR("image analysis failed with a non-standard exception");
  }
  return Status(ErrorCode::kInternal, "the image could not be processed because of an internal error");
}

// What Compare asks of the ID document photo: every face embedded, a turned
// document turned upright, small faces (the ghost) searched for, and the card
// outline searched when the whole photo shows no face.
pipeline::AnalyzeOptions CompareTargetOptions() {
  pipeline::AnalyzeOptions what;
  what.embed = pipeline::EmbedWhich::kAll;
  what.quality = true;
  what.try_rotations = true;
  what.find_small_faces = true;
  what.find_cards = true;
  return what;
}

// The primary face's template, analysed with `what` (embedding the primary
// at least), re-embedded at the portrait's `look` when that asks for it.
Result<FaceTemplate> EmbedPrimary(std::string_view image_bytes, ImageRole role, pipeline::AnalyzeOptions what,
                                  const pipeline::PortraitLook& look, const EngineConfig& config,
                                  pipeline::WorkerPool& pool) {
  if (what.embed == pipeline::EmbedWhich::kNone) what.embed = pipeline::EmbedWhich::kPrimary;
  auto analysis = SafeAnalyze(image_bytes, config, what, role, pool);
  if (!analysis.ok()) return analysis.status();
  if (analysis->faces.empty()) return Status(ErrorCode::kNoFaceInSource, "no face was found in the image");
  pipeline::ReembedPrimaryAt(*analysis, look, FlipFor(config, role), pool);
  FaceTemplate t;
  t.image = analysis->info;
  t.face = analysis->faces[0];
  t.embedding = std::move(analysis->embeddings[0]);
  t.faces_found = static_cast<int>(analysis->faces.size());
  t.model_profile = std::string(ModelProfileName(config.model_profile));
  t.timings = analysis->timings;
  return t;
}

// The verified model files a profile needs, by lock role.
using LoadedModels = std::map<std::string, face::OnnxModel, std::less<>>;

Result<LoadedModels> LoadModels(const std::string& dir, const models::ModelLock& lock, pipeline::ProfileModels uses) {
  // BlazeFace in every profile: the card search's second look (FaceModels::card_detector).
  std::vector<std::string> roles{"landmarks", "pose", "eyes", "liveness", "detector_blazeface"};
  if (!uses.blazeface) roles.push_back("detector");
  if (uses.arcface) roles.push_back("embedder");
  if (uses.dlib) roles.push_back("embedder_dlib");
  LoadedModels loaded;
  for (const auto& role : roles) {
    auto m = face::OnnxModel::Load(dir, lock, role);
    if (!m.ok()) return m.status();
    loaded.emplace(role, std::move(m).value());
  }
  return loaded;
}

// The created model moved to the heap as its interface type `Base`.
template <typename Base, typename T>
Result<std::unique_ptr<Base>> Boxed(Result<T> r) {
  if (!r.ok()) return r.status();
  return std::unique_ptr<Base>(std::make_unique<T>(std::move(r).value()));
}

Result<pipeline::FaceModels> CreateWorker(const LoadedModels& m, pipeline::ProfileModels uses,
                                          const EngineConfig& config) {
  auto detector = uses.blazeface ? Boxed<face::Detector>(face::BlazeFaceDetector::Create(m.at("detector_blazeface")))
                                 : Boxed<face::Detector>(face::FaceDetector::Create(m.at("detector")));
  if (!detector.ok()) return detector.status();
  auto card_detector = Boxed<face::Detector>(face::BlazeFaceDetector::Create(m.at("detector_blazeface")));
  if (!card_detector.ok()) return card_detector.status();
  std::vector<std::unique_ptr<face::FaceEmbedder>> embedders;
  if (uses.arcface) {
    auto e = Boxed<face::FaceEmbedder>(face::ArcFaceEmbedder::Create(m.at("embedder")));
    if (!e.ok()) return e.status();
    embedders.push_back(std::move(e).value());
  }
  if (uses.dlib) {
    auto e = Boxed<face::FaceEmbedder>(face::DlibEmbedder::Create(m.at("embedder_dlib")));
    if (!e.ok()) return e.status();
    embedders.push_back(std::move(e).value());
  }
  auto l = Boxed<face::FaceLandmarker>(face::Landmarker::Create(m.at("landmarks")));
  if (!l.ok()) return l.status();
  auto q = quality::QualityAssessor::Create(m.at("pose"), m.at("eyes"), config.head_pose == HeadPoseMethod::kNetwork);
  if (!q.ok()) return q.status();
  auto lv = liveness::LivenessModel::Create(m.at("liveness"));
  if (!lv.ok()) return lv.status();
  return pipeline::FaceModels{std::move(detector).value(), std::move(card_detector).value(),
                              std::move(l).value(),        std::move(embedders),
                              std::move(q).value(),        std::move(lv).value()};
}

// "npm-package@version" of the packages whose models the profile loaded.
std::string PackageVersions(const models::ModelLock& lock, const LoadedModels& loaded) {
  std::string out;
  for (const auto& p : lock.packages) {
    const bool used = std::any_of(loaded.begin(), loaded.end(),
                                  [&](const auto& entry) { return entry.second.spec().package == p.name; });
    if (used) out += (out.empty() ? "" : ",") + p.name + "@" + p.version;
  }
  return out;
}

}  // namespace

struct Engine::Impl {
  EngineConfig config;
  std::unique_ptr<pipeline::WorkerPool> pool;
  std::unique_ptr<pipeline::TaskRunner> helpers;  // run the second image of a compare
  std::string versions;
  double load_ms = 0;
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Create(const EngineConfig& config) {
  const auto start = Clock::now();
  if (Status s = config.Validate(); !s.ok()) return s;
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  if (impl->config.match_threshold == 0.0f) impl->config.match_threshold = DefaultMatchThreshold(config.model_profile);
  if (config.opencv_threads > 0) cv::setNumThreads(config.opencv_threads);

  const auto& lock = models::EmbeddedModelLock();
  const std::string dir = models::ResolveModelDir(config.model_dir);
  const auto uses = pipeline::ModelsOf(config.model_profile);
  auto models = LoadModels(dir, lock, uses);
  if (!models.ok()) return models.status();
  std::vector<pipeline::FaceModels> workers;
  for (int i = 0; i < config.workers; ++i) {
    auto w = CreateWorker(*models, uses, config);
    if (!w.ok()) return w.status();
    workers.push_back(std::move(w).value());
  }
  impl->pool = std::make_unique<pipeline::WorkerPool>(std::move(workers));
  impl->helpers = std::make_unique<pipeline::TaskRunner>(config.workers);
  impl->versions = PackageVersions(lock, *models);
  impl->load_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

const EngineConfig& Engine::config() const { return impl_->config; }
float Engine::default_threshold() const { return impl_->config.match_threshold; }
bool Engine::MatchesGreyscalePortraits() const { return pipeline::GreyscaleMatchingApplies(impl_->config); }
const std::string& Engine::model_versions() const { return impl_->versions; }
double Engine::model_load_ms() const { return impl_->load_ms; }

Result<DetectResult> Engine::Detect(std::string_view image_bytes, const DetectOptions& options) const {
  pipeline::AnalyzeOptions what;
  what.quality = true;
  auto analysis = SafeAnalyze(image_bytes, impl_->config, what, ImageRole::kTarget, *impl_->pool);
  if (!analysis.ok()) return analysis.status();
  const auto level = quality::LevelFor(options.quality_filter, FaceSide::kImage);
  for (auto& f : analysis->faces) {
    if (f.quality.assessed) quality::Judge(f.quality, level, FaceSide::kImage);
  }
  return DetectResult{analysis->info, std::move(analysis->faces), analysis->timings,
                      std::string(ModelProfileName(impl_->config.model_profile))};
}

Result<FaceTemplate> Engine::Embed(std::string_view image_bytes, ImageRole role) const {
  return EmbedAtResolution(image_bytes, role, 0);
}

Result<FaceTemplate> Engine::EmbedAtResolution(std::string_view image_bytes, ImageRole role,
                                               double portrait_eye_distance) const {
  pipeline::AnalyzeOptions what;
  what.keep_image = portrait_eye_distance > 0;
  return EmbedPrimary(image_bytes, role, what, pipeline::PortraitLook{.eye_distance = portrait_eye_distance},
                      impl_->config, *impl_->pool);
}

Result<FaceTemplate> Engine::EmbedForPortrait(std::string_view image_bytes, const Face& portrait) const {
  const EngineConfig& config = impl_->config;
  const pipeline::PortraitLook look{.eye_distance = config.resolution_matching ? EyeDistance(portrait) : 0,
                                    .greyscale = pipeline::GreyscaleMatchingApplies(config) && portrait.greyscale};
  pipeline::AnalyzeOptions what;
  what.keep_image = look.eye_distance > 0 || look.greyscale;
  return EmbedPrimary(image_bytes, ImageRole::kSource, what, look, config, *impl_->pool);
}

Result<FaceTemplate> Engine::EmbedDocument(std::string_view image_bytes) const {
  return EmbedPrimary(image_bytes, ImageRole::kTarget, CompareTargetOptions(), {}, impl_->config, *impl_->pool);
}

Result<Liveness> Engine::AssessLiveness(std::string_view image_bytes) const {
  pipeline::AnalyzeOptions what;
  what.liveness = true;
  auto analysis = SafeAnalyze(image_bytes, impl_->config, what, ImageRole::kSource, *impl_->pool);
  if (!analysis.ok()) return analysis.status();
  if (analysis->faces.empty()) return Status(ErrorCode::kNoFaceInSource, "no face was found in the image");
  return pipeline::DecideLiveness(analysis->liveness, true, impl_->config.liveness.threshold);
}

Result<CaptureResult> Engine::AssessCapture(const CaptureRequest& request) const {
  static const CaptureRules kRules;
  // A frame is decoded under the capture's own pixel bound (checked from the
  // header, before any pixel is decoded).
  EngineConfig frame_config = impl_->config;
  frame_config.limits.max_pixels = std::min(frame_config.limits.max_pixels, kRules.max_frame_pixels);
  const pipeline::CaptureSetup setup{
      .config = impl_->config,
      .rules = kRules,
      .analyze =
          [this, &frame_config](std::string_view bytes, const pipeline::AnalyzeOptions& what) {
            return SafeAnalyze(bytes, frame_config, what, ImageRole::kSource, *impl_->pool);
          },
      .helpers = *impl_->helpers};
  return pipeline::AssessCapture(request, setup);
}

Result<DocumentRead> Engine::ReadDocument(const std::vector<std::string_view>& sides) const {
  return idmatch::ReadDocument(
      sides, DocumentReadOptions{
                 .limits = impl_->config.limits, .minimum_age = impl_->config.document.minimum_age, .today = {}});
}

float Engine::Similarity(const FaceTemplate& a, const FaceTemplate& b) const {
  return pipeline::ProfileSimilarity(impl_->config.model_profile, a.embedding, b.embedding);
}

Engine::ModelCosines Engine::PerModelCosines(const FaceTemplate& a, const FaceTemplate& b) const {
  const auto c = pipeline::SplitCosines(impl_->config.model_profile, a.embedding, b.embedding);
  return ModelCosines{c.arcface, c.dlib};
}

ModelProfile Engine::model_profile() const { return impl_->config.model_profile; }

Result<CompareResult> Engine::Compare(std::string_view source_bytes, std::string_view target_bytes,
                                      const CompareOptions& options) const {
  const auto start = Clock::now();
  auto threshold = options.similarity_threshold ? Result<SimilarityThreshold>(*options.similarity_threshold)
                                                : SimilarityThreshold::Make(impl_->config.match_threshold);
  if (!threshold.ok()) return threshold.status();
  pipeline::AnalyzeOptions source_what, target_what = CompareTargetOptions();
  source_what.embed = pipeline::EmbedWhich::kPrimary;
  source_what.quality = true;
  source_what.liveness = options.liveness.value_or(impl_->config.liveness.enabled);
  source_what.keep_image = impl_->config.resolution_matching || pipeline::GreyscaleMatchingApplies(impl_->config);
  target_what.read_document = options.read_document.value_or(impl_->config.document.read_in_compare);
  if (target_what.read_document) target_what.document_today = document::TodayUtc();
  // The two images are independent: analyse the target on a helper thread
  // (it takes its own model lease) while this thread does the source.
  auto target_future = impl_->helpers->Submit(
      [&] { return SafeAnalyze(target_bytes, impl_->config, target_what, ImageRole::kTarget, *impl_->pool); });
  auto source = SafeAnalyze(source_bytes, impl_->config, source_what, ImageRole::kSource, *impl_->pool);
  auto target = target_future.get();
  if (!source.ok()) return source.status();
  if (!target.ok()) return target.status();
  pipeline::ReembedPrimaryAt(*source, pipeline::LookToMatch(*source, *target, impl_->config),
                             FlipFor(impl_->config, ImageRole::kSource), *impl_->pool);
  const ImageTimings source_timings = source->timings, target_timings = target->timings;
  auto r = pipeline::Decide(std::move(source).value(), std::move(target).value(),
                            pipeline::DecisionOptions{.profile = impl_->config.model_profile,
                                                      .threshold = *threshold,
                                                      .ghost_same_person = impl_->config.match_threshold,
                                                      .quality_filter = options.quality_filter,
                                                      .liveness_requested = source_what.liveness,
                                                      .liveness_threshold = impl_->config.liveness.threshold,
                                                      .document_requested = target_what.read_document});
  if (!r.ok()) return r.status();
  r->timings.source = source_timings;
  r->timings.target = target_timings;
  r->timings.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return r;
}

}  // namespace idmatch
