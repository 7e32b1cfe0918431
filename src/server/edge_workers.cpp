#include "server/edge_workers.h"

#include <malloc.h>

#include <cctype>

namespace idmatch::server {
namespace {

constexpr size_t kTrimAfterBytes = 4 * 1024 * 1024;  // requests larger than this are followed by malloc_trim

thread_local EdgeRequest* current_request = nullptr;

// Whether the response head says Connection: close.
bool SaysClose(const std::string& response) {
  const size_t end = response.find("\r\n\r\n");
  std::string head = response.substr(0, end == std::string::npos ? response.size() : end);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return head.find("\r\nconnection: close") != std::string::npos;
}

}  // namespace

EdgeRequest* CurrentEdgeRequest() { return current_request; }

void EdgeWorkers::Start(int count) {
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

void EdgeWorkers::Submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  work_ready_.notify_one();
}

std::vector<EdgeWorkers::Done> EdgeWorkers::TakeDone() {
  std::vector<Done> ready;
  std::lock_guard lock(mutex_);
  ready.swap(done_);
  return ready;
}

void EdgeWorkers::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  work_ready_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void EdgeWorkers::WorkerLoop() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    if (job.request->budget.cancelled) continue;  // the client left while it waited
    std::string response;
    {
      current_request = job.request.get();
      ScopedWorkBudget budget(&job.request->budget);
      response = serve_(job.raw, *job.request, job.close);
      current_request = nullptr;
    }
    job.request.reset();
    const bool large = job.raw.size() > kTrimAfterBytes;
    job.raw = std::string();
    const bool close = job.close || (!response.empty() && SaysClose(response));
    {
      std::lock_guard lock(mutex_);
      done_.push_back(Done{job.conn, std::move(response), close});
    }
    wake_();
    // A large body and its copies were freed into this worker's malloc
    // arena, where glibc keeps them resident (one body per worker, up to
    // http_threads of them); give the pages back. Measured by the hostile
    // suite: the attacks' peak RSS 83 MiB above the warm working set
    // without, ~45 MiB with. A fixed M_MMAP_THRESHOLD did the same but
    // doubled the JSON parse of every large body (page faults).
    if (large) malloc_trim(0);
  }
}

}  // namespace idmatch::server
