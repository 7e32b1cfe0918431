// idmatch liveness FRAMES... --challenge left,right: judges a capture offline,
// as POST /v1/liveness/challenges/{id} does for a served challenge.
#include <cstdio>
#include <iostream>

#include "api/json.h"
#include "cli.h"
#include "liveness/challenge.h"
#include "request/request.h"

namespace idmatch::cli {

namespace {

constexpr const char* kUsage =
    "usage: idmatch liveness FRAME FRAME... --challenge ACTIONS [--timestamps MS,MS,...] [--interval-ms N] "
    "[--json]\n  ACTIONS: comma separated turn_left (left), turn_right (right), look_up (up), blink, "
    "move_closer (closer)";

}  // namespace

int RunLiveness(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 2, WithSettingFlags({"--challenge", "--timestamps", "--interval-ms"}), {"--json"});
  if (!args.ok()) return Fail(args.status(), false);
  const bool json = args->Has("--json");
  const auto challenge = args->Get("--challenge");
  if (args->positional.empty() || !challenge) return Fail(Status(ErrorCode::kInvalidArgument, kUsage), json);
  std::string error;
  CaptureRequest request;
  request.actions = liveness::ParseChallenge(*challenge, error);
  if (request.actions.empty()) return Fail(Status(ErrorCode::kInvalidArgument, "--challenge: " + error), json);
  std::vector<std::string> frames;
  for (const auto& path : args->positional) {
    auto bytes = ReadFile(path);
    if (!bytes.ok()) return Fail(bytes.status(), json);
    frames.push_back(std::move(bytes).value());
  }
  for (const auto& f : frames) request.frames.push_back(f);
  if (auto times = args->Get("--timestamps")) {
    auto parsed = request::ParseTimestamps(*times);
    if (!parsed.ok())
      return Fail(Status(ErrorCode::kInvalidArgument, "--timestamps: " + parsed.status().message()), json);
    request.timestamps_ms = std::move(parsed).value();
  } else {
    // Frames taken at a steady rate: 150 ms apart unless told otherwise.
    int64_t interval = 150;
    if (auto v = args->Get("--interval-ms")) {
      if (v->empty() || v->find_first_not_of("0123456789") != std::string::npos || v->size() > 6) {
        return Fail(Status(ErrorCode::kInvalidArgument, "--interval-ms: a whole number of milliseconds"), json);
      }
      interval = std::stoll(*v);
    }
    for (size_t i = 0; i < frames.size(); ++i) request.timestamps_ms.push_back(static_cast<int64_t>(i) * interval);
  }
  auto engine = MakeEngine(*args, /*exhaustive_detection=*/false);
  if (!engine.ok()) return Fail(engine.status(), json);
  auto r = (*engine)->AssessCapture(request);
  if (!r.ok()) return Fail(r.status(), json);
  if (json) {
    std::cout << api::Dump(api::ToJson(*r), 2) << "\n";
    return 0;
  }
  std::printf("%s (score %.1f) for the challenge %s, %zu frames in %.0f ms\n", r->live ? "LIVE" : "NOT LIVE", r->score,
              liveness::ChallengeText(request.actions).c_str(), frames.size(), r->total_ms);
  for (const auto& c : r->checks) {
    if (!c.assessed) {
      std::printf("  %-16s not assessed: %s\n", c.name.c_str(), c.detail.c_str());
      continue;
    }
    std::printf("  %-16s %s  %.3f %s (bar %.3f)%s%s\n", c.name.c_str(), c.passed ? "pass" : "FAIL", c.value,
                c.unit.c_str(), c.threshold, c.passed ? "" : "  ",
                c.passed ? "" : (c.reason + ": " + c.detail).c_str());
  }
  for (size_t i = 0; i < r->frames.size(); ++i) {
    const auto& f = r->frames[i];
    std::printf("  frame %2zu: %d face(s)", i + 1, f.faces);
    if (f.faces > 0) std::printf(", yaw %5.1f, pitch %5.1f, eyes %.2f", f.yaw, f.pitch, f.eyes_open);
    if (!f.action.empty()) std::printf("  <- %s", f.action.c_str());
    std::printf("\n");
  }
  return 0;
}

}  // namespace idmatch::cli
