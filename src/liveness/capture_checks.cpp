#include "liveness/capture_checks.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "idmatch/vocabulary.h"
#include "liveness/motion_checks.h"

namespace idmatch::liveness {

namespace {

std::string Code(CaptureReason reason) { return std::string(CaptureReasonCode(reason)); }

// A check's contribution to the score: 50 at its bar, 0 or 100 at `span`
// below or above it (binary checks pass with 100 and fail with 0).
float Margin(float value, float threshold, float span) {
  return std::clamp(50.0f + 50.0f * (value - threshold) / span, 0.0f, 100.0f);
}

CaptureCheck Check(std::string name, std::string unit, float value, float threshold, bool passed, std::string reason,
                   std::string detail = {}) {
  CaptureCheck c;
  c.name = std::move(name);
  c.assessed = true;
  c.passed = passed;
  c.value = value;
  c.threshold = threshold;
  c.unit = std::move(unit);
  if (!passed) {
    c.reason = std::move(reason);
    c.detail = std::move(detail);
  }
  return c;
}

CaptureCheck NotAssessed(std::string name, std::string unit, std::string detail) {
  CaptureCheck c;
  c.name = std::move(name);
  c.unit = std::move(unit);
  c.detail = std::move(detail);
  return c;
}

// A frame with one face that counts (others, if any, are small and far).
bool Usable(const FrameObservation& o, const CaptureThresholds& t) {
  return o.faces == 1 || (o.faces > 1 && o.other_face_ratio < t.other_face_ratio);
}

// Turns and looking up: the actions whose order a replay would betray.
bool Directed(ChallengeAction a) { return a != ChallengeAction::kBlink && a != ChallengeAction::kMoveCloser; }

// Whether frame `f` shows `action` relative to the reference frame `r`.
bool Shows(ChallengeAction action, const FrameObservation& f, const FrameObservation& r, const CaptureThresholds& t) {
  const float towards_left = kYawSignOfPersonsLeft * (f.yaw - r.yaw);
  switch (action) {
    case ChallengeAction::kTurnLeft: return towards_left >= t.turn_yaw_deg;
    case ChallengeAction::kTurnRight: return -towards_left >= t.turn_yaw_deg;
    case ChallengeAction::kLookUp: return f.pitch - r.pitch >= t.look_up_pitch_deg;
    case ChallengeAction::kBlink: return f.eyes_open && *f.eyes_open < t.eyes_closed;
    case ChallengeAction::kMoveCloser: return r.eye_distance > 0 && f.eye_distance >= t.closer_ratio * r.eye_distance;
  }
  return false;
}

struct OrderOutcome {
  size_t done = 0;     // actions seen in order
  std::string detail;  // why the order failed, in words
};

// Walks the frames once. A frame is credited to the next asked action when
// it shows that action and no other action still to come; a frame showing
// the next action together with a later one (turned and looking up at once)
// is ambiguous and skipped; a frame showing only a later action fails the
// order (a replay of frames captured for another challenge). Only the
// directed actions (turns, looking up) are held to that: a spontaneous blink
// or a lean towards the camera before their turn is ignored (people do both
// unasked), and a blink counts only after a frame with open eyes since the
// previous action.
OrderOutcome FollowActions(const std::vector<FrameObservation>& frames, int reference,
                           const std::vector<ChallengeAction>& actions, const CaptureThresholds& t,
                           std::vector<CaptureFrame>& out) {
  OrderOutcome o;
  const auto& ref = frames[reference];
  bool eyes_seen_open = false;
  auto credit = [&](size_t i, ChallengeAction a) {
    out[i].action = std::string(ChallengeActionName(a));
    ++o.done;
  };
  for (size_t i = reference + 1; i < frames.size() && o.done < actions.size(); ++i) {
    const auto& f = frames[i];
    if (!Usable(f, t)) continue;
    const ChallengeAction next = actions[o.done];
    const bool open = f.eyes_open && *f.eyes_open >= t.eyes_open;
    std::vector<ChallengeAction> later;  // asked, still to come, shown by this frame
    for (size_t k = o.done + 1; k < actions.size(); ++k) {
      if (Directed(actions[k]) && Shows(actions[k], f, ref, t)) later.push_back(actions[k]);
    }
    if (next == ChallengeAction::kBlink) {
      if (eyes_seen_open && Shows(next, f, ref, t)) {
        credit(i, next);
        continue;
      }
      eyes_seen_open |= open;
    } else if (Shows(next, f, ref, t)) {
      if (later.empty()) {
        credit(i, next);
        eyes_seen_open = open;
      }
      continue;  // credited, or ambiguous
    }
    if (!later.empty()) {
      o.detail =
          std::string(ChallengeActionName(later[0])) + " was done before " + std::string(ChallengeActionName(next));
      return o;
    }
  }
  if (o.done < actions.size()) {
    o.detail = std::string(ChallengeActionName(actions[o.done])) + " was not seen";
  }
  return o;
}

}  // namespace

CaptureResult JudgeCapture(const std::vector<FrameObservation>& observations, const std::vector<int64_t>& timestamps_ms,
                           const std::vector<ChallengeAction>& actions, const CaptureRules& rules,
                           const CaptureThresholds& t, const SimilarityFn& similarity) {
  CaptureResult r;
  const size_t n = observations.size();
  r.frames.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const auto& o = observations[i];
    auto& f = r.frames[i];
    f.faces = o.faces;
    if (o.faces == 0) continue;
    f.yaw = o.yaw;
    f.pitch = o.pitch;
    f.eyes_open = o.eyes_open.value_or(-1.0f);
    f.eye_distance = static_cast<float>(o.eye_distance);
    f.passive_score = o.passive_live.value_or(-1.0f);
  }
  std::vector<float> scores;  // per required check, Margin()

  // frames: enough of them.
  const bool enough = static_cast<int>(n) >= rules.min_frames;
  r.checks.push_back(Check("frames", "frames", static_cast<float>(n), static_cast<float>(rules.min_frames), enough,
                           Code(CaptureReason::kTooFewFrames), "fewer frames than the capture rules ask for"));
  scores.push_back(enough ? 100 : 0);

  // timestamps: strictly increasing, over a plausible duration.
  bool increasing = true;
  for (size_t i = 1; i < timestamps_ms.size(); ++i) increasing &= timestamps_ms[i] > timestamps_ms[i - 1];
  const int64_t duration = timestamps_ms.empty() ? 0 : timestamps_ms.back() - timestamps_ms.front();
  const bool plausible = increasing && duration >= rules.min_duration_ms && duration <= rules.max_duration_ms;
  r.checks.push_back(Check("timestamps", "ms", static_cast<float>(duration), static_cast<float>(rules.min_duration_ms),
                           plausible, Code(CaptureReason::kTimestampsImplausible),
                           increasing ? "the capture lasted too short or too long a time"
                                      : "the capture times do not increase frame after frame"));
  scores.push_back(plausible ? 100 : 0);

  // distinct_frames: no frame sent twice.
  std::set<std::string> digests;
  size_t repeated = 0;
  for (const auto& o : observations) repeated += digests.insert(o.digest).second ? 0 : 1;
  r.checks.push_back(Check("distinct_frames", "frames", static_cast<float>(repeated), 0, repeated == 0,
                           Code(CaptureReason::kFramesRepeated), "the same frame was sent more than once"));
  scores.push_back(repeated == 0 ? 100 : 0);

  // one_face: exactly one face, in nearly every frame.
  size_t faceless = 0, crowded = 0;
  for (const auto& o : observations) {
    faceless += o.faces == 0;
    crowded += o.faces > 1 && !Usable(o, t);
  }
  const bool one_face = crowded == 0 && n > 0 && faceless <= t.max_faceless_share * n && faceless < n;
  r.checks.push_back(
      Check("one_face", "frames", static_cast<float>(faceless + crowded), 0, one_face,
            Code(crowded ? CaptureReason::kMultipleFaces : CaptureReason::kFaceLost),
            crowded ? "more than one face was seen in a frame" : "the face was lost in too many frames"));
  scores.push_back(one_face ? 100 : 0);

  // The reference: the first frame with exactly one face; the best frame for
  // matching: the most frontal one.
  for (size_t i = 0; i < n; ++i) {
    if (!Usable(observations[i], t)) continue;
    if (r.reference_frame < 0) r.reference_frame = static_cast<int>(i);
    const auto& o = observations[i];
    const auto& best = observations[std::max(r.best_frame, 0)];
    auto off_frontal = [](const FrameObservation& f) { return std::hypot(f.yaw, f.pitch - kFrontalPitch); };
    if (r.best_frame < 0 || off_frontal(o) < off_frontal(best)) {
      r.best_frame = static_cast<int>(i);
    }
  }
  const int ref = r.reference_frame;
  const char* kNoReference = "no frame shows one face";

  // same_person: every frame's face against the reference's.
  if (ref >= 0 && !observations[ref].embedding.empty()) {
    float lowest = 100;
    for (size_t i = 0; i < n; ++i) {
      const auto& o = observations[i];
      if (!Usable(o, t) || o.embedding.empty() || static_cast<int>(i) == ref) continue;
      r.frames[i].similarity = similarity(observations[ref].embedding, o.embedding);
      lowest = std::min(lowest, r.frames[i].similarity);
    }
    r.frames[ref].similarity = 100;
    const bool same = lowest >= t.same_person_similarity;
    r.checks.push_back(Check("same_person", "similarity", lowest, t.same_person_similarity, same,
                             Code(CaptureReason::kFaceChanged),
                             "the face changed to another person's during the capture"));
    scores.push_back(Margin(lowest, t.same_person_similarity, 20));
  } else {
    r.checks.push_back(NotAssessed("same_person", "similarity", kNoReference));
    scores.push_back(0);
  }

  // challenge: the capture starts facing the camera, then the actions in the
  // asked order. A start turned as far as a turn counts is no start: every
  // action is measured from it (bench/challenge_eval: a print whose first
  // frame read 17 degrees "turned" back to 0 and passed for a turn).
  if (ref >= 0) {
    auto order = FollowActions(observations, ref, actions, t, r.frames);
    const auto& start = observations[ref];
    if (std::fabs(start.yaw) >= t.turn_yaw_deg || std::fabs(start.pitch - kFrontalPitch) >= t.turn_yaw_deg) {
      order.done = 0;
      order.detail = "the capture did not start facing the camera";
      for (auto& f : r.frames) f.action.clear();
    }
    const bool followed = order.done == actions.size();
    r.checks.push_back(Check("challenge", "actions", static_cast<float>(order.done), static_cast<float>(actions.size()),
                             followed, Code(CaptureReason::kChallengeNotFollowed), order.detail));
    scores.push_back(followed ? 100 : 0);
  } else {
    r.checks.push_back(NotAssessed("challenge", "actions", kNoReference));
    scores.push_back(0);
  }

  // depth: the second-largest planar residual against the reference, so one
  // frame with misplaced landmarks does not make a plane look like a head.
  std::vector<double> residuals;
  if (ref >= 0) {
    for (size_t i = 0; i < n; ++i) {
      if (!Usable(observations[i], t) || static_cast<int>(i) == ref) continue;
      const double e = PlanarResidual(observations[ref].points, observations[i].points);
      if (e < 0) continue;
      r.frames[i].planar_residual = static_cast<float>(e);
      residuals.push_back(e);
    }
  }
  if (residuals.size() >= 2) {
    std::sort(residuals.rbegin(), residuals.rend());
    const float depth = static_cast<float>(residuals[1]);
    const bool deep = depth >= t.planar_residual;
    r.checks.push_back(Check("depth", "inter-ocular", depth, t.planar_residual, deep,
                             Code(CaptureReason::kPlanarMotion),
                             "the face moved as a flat picture moves, not as a head turns"));
    scores.push_back(Margin(depth, t.planar_residual, t.planar_residual));
  } else {
    r.checks.push_back(NotAssessed("depth", "inter-ocular", "fewer than three frames show one face"));
    scores.push_back(0);
  }

  // passive: the median of the passive model's scores.
  std::vector<float> passive;
  for (const auto& o : observations) {
    if (Usable(o, t) && o.passive_live) passive.push_back(*o.passive_live);
  }
  if (!passive.empty()) {
    std::nth_element(passive.begin(), passive.begin() + passive.size() / 2, passive.end());
    const float median = passive[passive.size() / 2];
    const bool live = median >= t.passive_threshold;
    r.checks.push_back(Check("passive", "score", median, t.passive_threshold, live,
                             std::string(ReasonCode(Reason::kSpoofSuspectedRecapture)),
                             "the frames look like a photo of a screen or a print"));
    if (t.passive_required) scores.push_back(Margin(median, t.passive_threshold, 50));
  } else {
    r.checks.push_back(NotAssessed("passive", "score", "the passive model could not assess any frame"));
    if (t.passive_required) scores.push_back(0);
  }

  r.live = true;
  for (auto& c : r.checks) {
    c.required = c.name != "passive" || t.passive_required;
    const bool required = c.required;
    if (required && !c.passed) {
      r.live = false;
      // A required check with nothing to judge: the face was not seen.
      const std::string reason = c.reason.empty() ? Code(CaptureReason::kFaceLost) : c.reason;
      if (std::find(r.reasons.begin(), r.reasons.end(), reason) == r.reasons.end()) r.reasons.push_back(reason);
    }
    if (!required && c.assessed && !c.passed) r.reasons.push_back(c.reason);  // reported, not deciding
  }
  r.score = scores.empty() ? 0 : *std::min_element(scores.begin(), scores.end());
  if (!r.live) r.score = std::min(r.score, 49.0f);
  return r;
}

}  // namespace idmatch::liveness
