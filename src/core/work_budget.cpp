#include "core/work_budget.h"

namespace idmatch {
namespace {
thread_local const WorkBudget* current_budget = nullptr;
}  // namespace

const WorkBudget* CurrentWorkBudget() { return current_budget; }

ScopedWorkBudget::ScopedWorkBudget(const WorkBudget* budget) : previous_(current_budget) { current_budget = budget; }
ScopedWorkBudget::~ScopedWorkBudget() { current_budget = previous_; }

Status CheckWorkBudget() {
  const WorkBudget* b = current_budget;
  if (b == nullptr) return Status::Ok();
  if (b->cancelled.load(std::memory_order_relaxed)) {
    return Status(ErrorCode::kDeadlineExceeded, "the client disconnected; the request's work was stopped");
  }
  if (std::chrono::steady_clock::now() > b->deadline) {
    return Status(ErrorCode::kDeadlineExceeded, "the request took longer than the server's time limit for one request");
  }
  return Status::Ok();
}

void ThrowIfOverBudget() {
  if (Status s = CheckWorkBudget(); !s.ok()) throw WorkBudgetExceeded(std::move(s));
}

}  // namespace idmatch
