#include "idmatch/engine.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <opencv2/core.hpp>

#include "core/log.h"
#include "document/reader.h"
#include "face/blazeface.h"
#include "face/embedder.h"
#include "models/model_lock.h"
#include "pipeline/analyze.h"
#include "pipeline/profile.h"
#include "pipeline/task_runner.h"
#include "pipeline/verdict.h"
#include "quality/scoring.h"

namespace idmatch {

namespace {

using Clock = std::chrono::steady_clock;

// Module boundary: a library exception becomes kInternal with the detail in
// the log only, never in the client's message.
Result<pipeline::ImageAnalysis> SafeAnalyze(std::string_view bytes, const EngineConfig& config,
                                            pipeline::AnalyzeOptions options, ImageRole role,
                                            pipeline::WorkerPool& pool) {
  options.flip = config.flip_augment == FlipAugment::kBoth ||
                 (config.flip_augment == FlipAugment::kTargetOnly && role == ImageRole::kTarget);
  options.quality = options.quality && config.assess_quality;
  try {
    return pipeline::AnalyzeImage(bytes, config, options, pool);
  } catch (const std::exception& e) {
    IDMATCH_LOG_ERROR(std::string("image analysis failed: ") + e.what());
  } catch (...) {
    IDMATCH_LOG_ERROR("image analysis failed with a non-standard exception");
  }
  return Status(ErrorCode::kInternal, "the image could not be processed because of an internal error");
}

// The verified model files a profile needs, by lock role.
using LoadedModels = std::map<std::string, face::OnnxModel, std::less<>>;

Result<LoadedModels> LoadModels(const std::string& dir, const models::ModelLock& lock, pipeline::ProfileModels uses) {
  std::vector<std::string> roles{"landmarks", "pose", "eyes", "liveness"};
  roles.push_back(uses.blazeface ? "detector_blazeface" : "detector");
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
  return pipeline::FaceModels{std::move(detector).value(), std::move(l).value(), std::move(embedders),
                              std::move(q).value(), std::move(lv).value()};
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
const std::string& Engine::model_versions() const { return impl_->versions; }
double Engine::model_load_ms() const { return impl_->load_ms; }

Result<DetectResult> Engine::Detect(std::string_view image_bytes, const DetectOptions& options) const {
  pipeline::AnalyzeOptions what;
  what.quality = true;
  auto analysis = SafeAnalyze(image_bytes, impl_->config, what, ImageRole::kTarget, *impl_->pool);
  if (!analysis.ok()) return analysis.status();
  const auto level = quality::LevelFor(options.quality_filter, quality::FaceRole::kImage);
  for (auto& f : analysis->faces) {
    if (f.quality.assessed) quality::Judge(f.quality, level, quality::FaceRole::kImage);
  }
  return DetectResult{analysis->info, std::move(analysis->faces), analysis->timings,
                      std::string(ModelProfileName(impl_->config.model_profile))};
}

Result<FaceTemplate> Engine::Embed(std::string_view image_bytes, ImageRole role) const {
  pipeline::AnalyzeOptions what;
  what.embed = pipeline::EmbedWhich::kPrimary;
  auto analysis = SafeAnalyze(image_bytes, impl_->config, what, role, *impl_->pool);
  if (!analysis.ok()) return analysis.status();
  if (analysis->faces.empty()) return Status(ErrorCode::kNoFaceInSource, "no face was found in the image");
  FaceTemplate t;
  t.image = analysis->info;
  t.face = analysis->faces[0];
  t.embedding = std::move(analysis->embeddings[0]);
  t.faces_found = static_cast<int>(analysis->faces.size());
  t.model_profile = std::string(ModelProfileName(impl_->config.model_profile));
  t.timings = analysis->timings;
  return t;
}

Result<Liveness> Engine::AssessLiveness(std::string_view image_bytes) const {
  pipeline::AnalyzeOptions what;
  what.liveness = true;
  auto analysis = SafeAnalyze(image_bytes, impl_->config, what, ImageRole::kSource, *impl_->pool);
  if (!analysis.ok()) return analysis.status();
  if (analysis->faces.empty()) return Status(ErrorCode::kNoFaceInSource, "no face was found in the image");
  return pipeline::DecideLiveness(analysis->liveness, true, impl_->config.liveness.threshold);
}

float Engine::Similarity(const FaceTemplate& a, const FaceTemplate& b) const {
  return pipeline::ProfileSimilarity(impl_->config.model_profile, a.embedding, b.embedding);
}

ModelProfile Engine::model_profile() const { return impl_->config.model_profile; }

Result<CompareResult> Engine::Compare(std::string_view source_bytes, std::string_view target_bytes,
                                      const CompareOptions& options) const {
  const auto start = Clock::now();
  const float threshold = options.similarity_threshold.value_or(impl_->config.match_threshold);
  if (!(threshold >= 0.0f && threshold <= 100.0f)) {
    return Status(ErrorCode::kInvalidArgument, "similarity_threshold must be between 0 and 100");
  }
  pipeline::AnalyzeOptions source_what, target_what;
  source_what.embed = pipeline::EmbedWhich::kPrimary;
  source_what.quality = target_what.quality = true;
  source_what.liveness = options.liveness.value_or(impl_->config.liveness.enabled);
  target_what.embed = pipeline::EmbedWhich::kAll;
  target_what.try_rotations = true;
  target_what.find_small_faces = true;
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
  if (source->faces.empty())
    return Status(ErrorCode::kNoFaceInSource, "no face was found in the source (selfie) image");
  if (target->faces.empty())
    return Status(ErrorCode::kNoFaceInTarget, "no face was found in the target (ID document) image");

  // Quality: judge every face, refuse an unusable selfie, drop unusable document faces.
  auto usable = pipeline::JudgeQuality(*source, *target, options.quality_filter);
  if (!usable.ok()) return usable.status();

  const ModelProfile profile = impl_->config.model_profile;
  CompareResult r;
  r.model_profile = std::string(ModelProfileName(profile));
  r.threshold = threshold;
  r.quality_filter = QualityFilterName(options.quality_filter);
  r.source_image = source->info;
  r.target_image = target->info;
  r.source_face = source->faces[0];
  r.source_other_faces.assign(source->faces.begin() + 1, source->faces.end());
  const auto& probe = source->embeddings[0];
  std::vector<size_t> order(usable->begin(), usable->end());  // target index of each r.target_faces entry
  for (size_t i = 0; i < target->faces.size(); ++i) {
    if (std::find(usable->begin(), usable->end(), i) == usable->end()) order.push_back(i);
  }
  for (size_t k = 0; k < order.size(); ++k) {
    const size_t i = order[k];
    const bool excluded = k >= usable->size();
    r.target_faces.push_back({target->faces[i], pipeline::ProfileSimilarity(profile, probe, target->embeddings[i]),
                              excluded, k == 0 ? "portrait" : "other"});
  }
  r.cosine = face::Cosine(probe, target->embeddings[order[0]]);
  r.target_embedding = target->embeddings[order[0]];
  r.source_embedding = probe;
  // Ghost portraits: smaller copies of the portrait's face (same person at the
  // engine's threshold). Reported, never matched against.
  const float portrait_height = r.target_faces[0].face.box.height;
  bool ghost_found = false;
  for (size_t k = 1; k < order.size(); ++k) {
    const float same = pipeline::ProfileSimilarity(profile, r.target_embedding, target->embeddings[order[k]]);
    if (r.target_faces[k].face.box.height < 0.75f * portrait_height && same >= impl_->config.match_threshold) {
      r.target_faces[k].role = "ghost";
      ghost_found = true;
    }
  }
  r.similarity = r.target_faces[0].similarity;
  r.document_requested = target_what.read_document;
  r.document = std::move(target->document);
  r.liveness = pipeline::DecideLiveness(source->liveness, source_what.liveness, impl_->config.liveness.threshold);
  const bool similar = r.similarity >= threshold;
  r.match = similar && (r.liveness.live || !r.liveness.assessed);
  if (source->faces.size() > 1) r.reasons.push_back("MULTIPLE_FACES_IN_SOURCE");
  if (ghost_found) r.reasons.push_back("GHOST_PORTRAIT_FOUND");
  const auto others = std::count_if(r.target_faces.begin() + 1, r.target_faces.end(),
                                    [](const FaceMatch& m) { return m.role == "other"; });
  if (others > 0) r.reasons.push_back("MULTIPLE_FACES_IN_TARGET");
  if (r.target_image.upright_rotation != 0) r.reasons.push_back("TARGET_TURNED");
  if (usable->size() < target->faces.size()) r.reasons.push_back("TARGET_FACES_EXCLUDED_BY_QUALITY");
  // With quality_filter NONE failed measures are advice, not refusals.
  for (const auto& reason : r.source_face.quality.reasons) r.reasons.push_back(reason);
  for (const auto& reason : r.target_faces[0].face.quality.reasons) r.reasons.push_back(reason);
  if (r.liveness.reason != "LIVE" && r.liveness.reason != "LIVENESS_DISABLED") r.reasons.push_back(r.liveness.reason);
  if (r.document) {
    for (const auto& check : r.document->checks) {
      if (check.assessed && !check.passed) r.reasons.push_back(check.reason);
    }
  } else if (r.document_requested) {
    r.reasons.push_back("DOCUMENT_NOT_READ");
  }
  r.reasons.push_back(similar ? "SIMILARITY_ABOVE_THRESHOLD" : "SIMILARITY_BELOW_THRESHOLD");
  r.timings.source = source->timings;
  r.timings.target = target->timings;
  r.timings.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return r;
}

}  // namespace idmatch
