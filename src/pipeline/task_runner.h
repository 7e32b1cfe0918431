// A fixed set of long-lived threads that run submitted tasks in order. The
// engine uses it to analyse a compare's second image in parallel: a fresh
// std::async thread per request measured 14 ms slower per image in the server
// (cold thread-local state in the decoders and OpenCV), see docs/performance.md.
//
// Thread contract: Submit() is thread-safe. Tasks must not wait on other
// tasks of the same runner (the engine's tasks only lease a model set).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "core/work_budget.h"

namespace idmatch::pipeline {

class TaskRunner {
 public:
  explicit TaskRunner(int threads) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
  }
  ~TaskRunner() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }
  TaskRunner(const TaskRunner&) = delete;
  TaskRunner& operator=(const TaskRunner&) = delete;

  template <typename F>
  auto Submit(F fn) -> std::future<decltype(fn())> {
    auto task = std::make_shared<std::packaged_task<decltype(fn())()>>(std::move(fn));
    auto result = task->get_future();
    {
      std::lock_guard lock(mutex_);
      // The submitting request's work budget goes with the task.
      queue_.emplace_back([task, budget = CurrentWorkBudget()] {
        ScopedWorkBudget scope(budget);
        (*task)();
      });
    }
    wake_.notify_one();
    return result;
  }

 private:
  void Loop() {
    while (true) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping and drained
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      job();
    }
  }

  std::vector<std::thread> threads_;
  std::deque<std::function<void()>> queue_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace idmatch::pipeline
