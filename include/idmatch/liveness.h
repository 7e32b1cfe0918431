// Challenge-response liveness (issue 18): the person in front of the camera
// follows a short random sequence of actions (turn the head left, right, look
// up, blink, move closer) while the client captures ~8-20 frames; the engine
// judges the frames against the actions. The checks and their thresholds are
// in src/liveness/capture_checks.h; how the thresholds were chosen and the
// error rates they carry are in docs/quality.md ("Challenge-response
// liveness"). One-time challenges and their expiry are the server's business
// (src/server/challenge_store.h); the engine only judges frames.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace idmatch {

// Directions are the person's own: "turn left" is their left, which in an
// unmirrored camera frame moves the nose towards the image's right.
enum class ChallengeAction { kTurnLeft, kTurnRight, kLookUp, kBlink, kMoveCloser };
std::string_view ChallengeActionName(ChallengeAction action);  // "turn_left", ...
std::optional<ChallengeAction> ParseChallengeAction(std::string_view name);
// "turn your head to your left", for the capture page and the CLI.
std::string_view ChallengeActionWords(ChallengeAction action);

// The capture rules a challenge states and the judge enforces.
struct CaptureRules {
  int min_frames = 6;   // fewer: TOO_FEW_FRAMES
  int max_frames = 24;  // more: the request is refused (bounded work per request)
  // Shortest side of a frame, pixels: below it the landmarks are too coarse
  // for the 3-D check (a 25-degree turn of a face 60 px wide moves its nose
  // by a few pixels).
  int min_frame_side = 240;
  // Pixels of one frame, at most: a camera frame from the page is <= 1920x1080
  // (2.1 MP); 4 MP leaves room for 2560x1440 and bounds a capture's decoding
  // (24 frames) well inside request_timeout_s, where the whole-image limit
  // (max_image_pixels, 50 MP) would not. Larger: IMAGE_DIMENSIONS_TOO_LARGE, frame named.
  int64_t max_frame_pixels = 4'000'000;
  int frames_per_action = 4;  // the client's guide: frames captured during each action
  // Capture duration limits, milliseconds between the first and last frame.
  int64_t min_duration_ms = 400;
  int64_t max_duration_ms = 60'000;
};

struct CaptureRequest {
  std::vector<ChallengeAction> actions;  // in the order they were asked for
  std::vector<std::string_view> frames;  // encoded images in capture order
  std::vector<int64_t> timestamps_ms;    // capture time of each frame
};

// One check of a capture, like a quality measure: a value in a unit, judged
// against a threshold; a check that could not be assessed neither passes nor
// fails the capture on its own (the decision needs the checks listed as
// required in docs/quality.md).
struct CaptureCheck {
  std::string name;       // "frames", "timestamps", "one_face", "same_person", "challenge", "depth", "passive"
  bool assessed = false;  // false: not enough usable frames to say
  bool passed = false;
  bool required = true;  // decides the capture (the passive model does not, by default)
  float value = 0;       // in `unit`
  float threshold = 0;   // the bar `value` was judged against
  std::string unit;      // "frames", "ms", "similarity", "actions", "inter-ocular", "score"
  std::string reason;    // failure code when not passed, e.g. PLANAR_MOTION
  std::string detail;    // plain words for a person, e.g. which action was not seen
};

// What the judge saw in one frame.
struct CaptureFrame {
  int faces = 0;               // faces found
  float yaw = 0;               // degrees, fr_pose's sign (see docs/quality.md)
  float pitch = 0;             // degrees
  float eyes_open = -1;        // mean P(open) of both eyes; -1 when not assessed
  float eye_distance = 0;      // pixels between the eye centres
  float passive_score = -1;    // 100 * P(live) of the passive model; -1 when not assessed
  float similarity = -1;       // to the reference frame, 0..100; -1 when not computed
  float planar_residual = -1;  // against the reference frame, inter-ocular units; -1 when not computed
  std::string action;          // the challenged action this frame shows, "" for none
};

struct CaptureResult {
  bool live = false;
  // 0..100: how far the weakest required check is past its bar (50 at the
  // bar, 100 well past it); a summary for ranking, the checks decide.
  float score = 0;
  std::vector<CaptureCheck> checks;
  std::vector<std::string> reasons;  // failure codes of the failed checks, in check order
  std::vector<CaptureFrame> frames;
  int reference_frame = -1;  // the frame the others are compared with (the first with one face)
  int best_frame = -1;       // the most frontal frame with one face: the one to match against an ID photo
  double total_ms = 0;
};

}  // namespace idmatch
