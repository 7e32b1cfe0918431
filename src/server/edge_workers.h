// The edge's workers (server/edge.h): complete requests go in from the
// event loop, answers come back to it. Each request is served under its own
// work budget (core/work_budget.h); one whose client left while it waited is
// skipped. The loop is woken (the `wake` callback) whenever an answer is
// ready and collects the answers with TakeDone.
//
// Thread contract: Submit, TakeDone and Stop from the loop thread (Submit
// and TakeDone are also safe from any thread); the serve hook runs on the
// workers.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "server/edge.h"

namespace idmatch::server {

class EdgeWorkers {
 public:
  struct Job {
    uint64_t conn = 0;  // the edge's connection id, handed back with the answer
    std::string raw;    // the complete request (head and body)
    std::shared_ptr<EdgeRequest> request;
    bool close = false;  // the answer must say Connection: close
  };
  struct Done {
    uint64_t conn = 0;
    std::string response;  // "" when the serve hook wrote none: drop the connection
    bool close = false;    // close after writing (asked for, or the answer says so)
  };
  using Serve = std::function<std::string(std::string_view raw_request, EdgeRequest&, bool close)>;

  EdgeWorkers(Serve serve, std::function<void()> wake) : serve_(std::move(serve)), wake_(std::move(wake)) {}
  ~EdgeWorkers() { Stop(); }
  EdgeWorkers(const EdgeWorkers&) = delete;
  EdgeWorkers& operator=(const EdgeWorkers&) = delete;

  void Start(int count);
  void Submit(Job job);
  // The answers ready since the last call, in the order they were finished.
  std::vector<Done> TakeDone();
  // Serves the jobs still queued, then joins the workers.
  void Stop();

 private:
  void WorkerLoop();

  Serve serve_;
  std::function<void()> wake_;
  std::mutex mutex_;  // jobs_, done_, stop_
  std::condition_variable work_ready_;
  std::deque<Job> jobs_;
  std::vector<Done> done_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace idmatch::server
