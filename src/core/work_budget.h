// The time a request's work may take and whether its client still waits:
// set per thread by whoever runs a request (the HTTP edge's workers), carried
// into helper threads by the engine's task runner, and checked by the
// pipeline between stages (decode, detection, landmarks, each turn and card,
// embeddings). A stage in progress runs to its end; the next one does not
// start once the deadline has passed or the client has gone.
//
// Thread contract: a WorkBudget is shared read-only between the threads of
// one request; `cancelled` is the only field written after it is set.
#pragma once

#include <atomic>
#include <chrono>
#include <exception>

#include "idmatch/status.h"

namespace idmatch {

struct WorkBudget {
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::atomic<bool> cancelled{false};  // the client disconnected
};

// The calling thread's budget, or null (no limit: the CLI, tests, benches).
const WorkBudget* CurrentWorkBudget();

// Makes `budget` the calling thread's budget until the scope ends (then the
// previous one again). Null means none.
class ScopedWorkBudget {
 public:
  explicit ScopedWorkBudget(const WorkBudget* budget);
  ~ScopedWorkBudget();
  ScopedWorkBudget(const ScopedWorkBudget&) = delete;
  ScopedWorkBudget& operator=(const ScopedWorkBudget&) = delete;

 private:
  const WorkBudget* previous_;
};

// Ok, or kDeadlineExceeded (the deadline passed, or the client has gone).
Status CheckWorkBudget();

// Thrown by ThrowIfOverBudget; the engine's module boundary turns it back
// into its Status (pipeline code between stages has no Status to return).
class WorkBudgetExceeded : public std::exception {
 public:
  explicit WorkBudgetExceeded(Status s) : status_(std::move(s)) {}
  const char* what() const noexcept override { return "work budget exceeded"; }
  const Status& status() const { return status_; }

 private:
  Status status_;
};

// Throws WorkBudgetExceeded when CheckWorkBudget() fails.
void ThrowIfOverBudget();

}  // namespace idmatch
