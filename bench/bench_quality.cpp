// Benchmark: the time of every quality measure per face and of liveness per
// selfie, on the primary faces of real photos (models loaded, faces detected
// once beforehand; one thread, as one worker runs them).
// Usage: bench_quality [ITERATIONS] (default 20 per photo, after 3 warm-up runs).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "bench_util.h"
#include "face/detector.h"
#include "face/landmarker.h"
#include "liveness/passive_liveness.h"
#include "models/model_lock.h"
#include "quality/assessor.h"
#include "quality/measures.h"

using namespace idmatch;

namespace {

template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) {
    std::fprintf(stderr, "bench_quality: %s\n", r.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  cv::setNumThreads(1);
  const auto& lock = models::EmbeddedModelLock();
  const std::string dir = models::ResolveModelDir("");
  auto load = [&](const char* role) { return Must(face::OnnxModel::Load(dir, lock, role)); };
  auto detector = Must(face::FaceDetector::Create(load("detector")));
  auto landmarker = Must(face::Landmarker::Create(load("landmarks")));
  const auto pose_model = load("pose"), eye_model = load("eyes");
  auto pose = Must(quality::HeadPoseModel::Create(pose_model));
  auto eyes = Must(quality::EyeStateModel::Create(eye_model));
  auto assessor = Must(quality::QualityAssessor::Create(pose_model, eye_model, false));
  auto assessor_net = Must(quality::QualityAssessor::Create(pose_model, eye_model, true));
  auto live = Must(liveness::LivenessModel::Create(load("liveness")));

  std::map<std::string, std::vector<double>> ms;
  bool warm = false;
  auto time = [&](const std::string& name, const std::function<void()>& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    if (warm)
      ms[name].push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  };
  int faces = 0;
  for (const char* name : {"img1.jpg", "img2.jpg", "img10.jpg", "img17.jpg", "img30.jpg", "img54.jpg"}) {
    const cv::Mat img = cv::imread(bench::PhotoDir() + "/" + name);
    if (img.empty()) continue;
    const auto boxes = detector.Detect(img, DetectorOptions{});
    if (boxes.empty()) continue;
    ++faces;
    const auto points = landmarker.Predict(img, boxes[0].box);
    for (int i = 0; i < iterations + 3; ++i) {
      warm = i >= 3;  // the first runs of each photo warm caches and are not counted
      std::optional<quality::FaceSession> s;
      time("session (align, grey)", [&] { s.emplace(quality::BuildFaceSession(img, boxes[0].box, points)); });
      time("sharpness", [&] { (void)quality::BlurIndex(*s); });
      time("exposure", [&] { (void)quality::MeanLuma(*s); });
      time("contrast", [&] { (void)quality::MichelsonContrast(*s); });
      time("in_frame", [&] { (void)quality::FractionInFrame(*s); });
      time("head pose, network", [&] { (void)pose.Estimate(*s); });
      time("head pose, landmarks", [&] { (void)quality::HeadPoseFromLandmarks(points); });
      time("eyes_open", [&] { (void)eyes.OpenProbability(*s); });
      time("= all, pose: cascade", [&] { (void)assessor.Assess(img, boxes[0].box, points); });
      time("= all, pose: network", [&] { (void)assessor_net.Assess(img, boxes[0].box, points); });
      time("liveness", [&] { (void)live.Classify(img, boxes[0].box); });
    }
  }
  std::printf("idmatch bench_quality: %d photos x %d iterations, 1 OpenCV thread\n", faces, iterations);
  for (auto& [name, v] : ms) {
    std::sort(v.begin(), v.end());
    std::printf("  %-24s min %6.2f  median %6.2f  max %6.2f ms\n", name.c_str(), v.front(), v[v.size() / 2], v.back());
  }
  return 0;
}
