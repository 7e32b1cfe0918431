#include "pipeline/task_runner.h"

#include <gtest/gtest.h>

#include <atomic>

namespace idmatch::pipeline {
namespace {

TEST(TaskRunner, RunsTasksAndReturnsTheirResults) {
  TaskRunner runner(2);
  std::vector<std::future<int>> results;
  for (int i = 0; i < 50; ++i) results.push_back(runner.Submit([i] { return i * i; }));
  for (int i = 0; i < 50; ++i) EXPECT_EQ(results[i].get(), i * i);
}

TEST(TaskRunner, DestructorFinishesQueuedWork) {
  std::atomic<int> done{0};
  {
    TaskRunner runner(1);
    for (int i = 0; i < 20; ++i) {
      (void)runner.Submit([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return ++done;
      });
    }
  }
  EXPECT_EQ(done.load(), 20);
}

}  // namespace
}  // namespace idmatch::pipeline
