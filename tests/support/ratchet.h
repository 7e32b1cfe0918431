// Ratcheted counts of the sample tests: a measured count against its line in
// tests/samples/<sidecar>. Below the line fails the test; above it prints a
// reminder to raise the line, so an improvement is locked in, not lost.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "support/image_factory.h"

namespace idmatch::testing {

inline void CheckRatchet(const std::string& sidecar, const std::string& key, int measured) {
  const auto expect = ReadExpectations(sidecar);
  auto it = expect.find(key);
  ASSERT_NE(it, expect.end()) << sidecar << " has no line for " << key;
  EXPECT_GE(measured, it->second) << key << " fell below its ratchet in tests/samples/" << sidecar;
  if (measured > it->second) {
    std::printf("[ ratchet ] %s improved: %d > %d: raise it in tests/samples/%s\n", key.c_str(), measured, it->second,
                sidecar.c_str());
  }
}

}  // namespace idmatch::testing
