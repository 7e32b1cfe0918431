// A fixed set of per-worker model instances. A caller blocks in Acquire()
// only while holding no lease (a second lease is only ever taken with
// TryAcquire, which never waits), so leases cannot deadlock.
//
// Thread contract: Acquire() is thread-safe; a Lease is used by one thread.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "face/detector.h"
#include "face/embedder.h"
#include "face/landmarker.h"
#include "liveness/passive_liveness.h"
#include "quality/assessor.h"

namespace idmatch::pipeline {

// One worker's models for the configured profile (pipeline/profile.h).
struct FaceModels {
  std::unique_ptr<face::Detector> detector;
  // BlazeFace, the card search's second look: on a flattened card whose
  // portrait the profile's detector misses (docs/accuracy.md, "Small ID
  // portraits"). Every profile loads it.
  std::unique_ptr<face::Detector> card_detector;
  std::unique_ptr<face::FaceLandmarker> landmarker;  // 68 points: quality measures and alignment
  // The profile's embedders in embedding order; each embedding is their
  // outputs concatenated.
  std::vector<std::unique_ptr<face::FaceEmbedder>> embedders;
  quality::QualityAssessor quality;
  liveness::LivenessModel liveness;
};

class WorkerPool {
 public:
  class Lease {
   public:
    Lease(WorkerPool& pool, FaceModels* models) : pool_(pool), models_(models) {}
    ~Lease() { pool_.Release(models_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    FaceModels& operator*() { return *models_; }
    FaceModels* operator->() { return models_; }

   private:
    WorkerPool& pool_;
    FaceModels* models_;
  };

  explicit WorkerPool(std::vector<FaceModels> workers) : workers_(std::move(workers)) {
    for (auto& w : workers_) free_.push_back(&w);
  }

  // A free model set, or nullptr at once when none is free (never waits).
  std::unique_ptr<Lease> TryAcquire() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) return nullptr;
    FaceModels* m = free_.back();
    free_.pop_back();
    return std::make_unique<Lease>(*this, m);
  }

  // Blocks until a model set is free.
  Lease Acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !free_.empty(); });
    FaceModels* m = free_.back();
    free_.pop_back();
    return Lease(*this, m);
  }

 private:
  void Release(FaceModels* m) {
    {
      std::lock_guard lock(mutex_);
      free_.push_back(m);
    }
    available_.notify_one();
  }

  std::vector<FaceModels> workers_;
  std::vector<FaceModels*> free_;
  std::mutex mutex_;
  std::condition_variable available_;
};

}  // namespace idmatch::pipeline
