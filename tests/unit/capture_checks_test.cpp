// The challenge-response judge on synthetic observations: a rigid head that
// turns as asked (tests/unit/synthetic_head.h) is live; the same captures with
// one thing wrong fail with that thing's reason.
#include "liveness/capture_checks.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "liveness/challenge.h"
#include "liveness/motion_checks.h"
#include "synthetic_head.h"

namespace idmatch::liveness {
namespace {

// One frame: the head (or the flat picture) at `yaw`/`pitch` degrees as the
// camera sees it, with pose readings as fr_pose gives them (person's left is
// negative yaw), eyes open, a face embedding `who`.
FrameObservation Frame(double yaw, double pitch, int who = 0, bool flat = false, double eyes = 0.99,
                       unsigned seed = 1) {
  static const auto head = Head();
  static const auto picture = Picture();
  FrameObservation o;
  o.faces = 1;
  o.points = Project(flat ? picture : head, yaw, pitch, 0.5, seed);
  o.yaw = static_cast<float>(flat ? 0 : -yaw);  // Project's +yaw turns the head to its left
  o.pitch = static_cast<float>(kFrontalPitch + (flat ? 0 : pitch));
  o.eyes_open = static_cast<float>(eyes);
  o.eye_distance = InterOcular(o.points);
  o.passive_live = 90;
  o.embedding = std::vector<float>(4, 0.0f);
  o.embedding[who] = 1;
  o.digest = std::to_string(seed) + "/" + std::to_string(yaw) + "/" + std::to_string(pitch) + "/" +
             std::to_string(eyes) + "/" + std::to_string(who);
  return o;
}

float Cosine100(const std::vector<float>& a, const std::vector<float>& b) {
  float dot = 0;
  for (size_t i = 0; i < a.size(); ++i) dot += a[i] * b[i];
  return 100 * dot;
}

std::vector<int64_t> Times(size_t n) {
  std::vector<int64_t> t;
  for (size_t i = 0; i < n; ++i) t.push_back(static_cast<int64_t>(i) * 150);
  return t;
}

CaptureResult Judge(const std::vector<FrameObservation>& frames, const std::vector<ChallengeAction>& actions) {
  return JudgeCapture(frames, Times(frames.size()), actions, CaptureRules{}, CaptureThresholds{}, Cosine100);
}

const CaptureCheck& Find(const CaptureResult& r, const std::string& name) {
  return *std::find_if(r.checks.begin(), r.checks.end(), [&](const CaptureCheck& c) { return c.name == name; });
}

bool Has(const CaptureResult& r, const std::string& reason) {
  return std::find(r.reasons.begin(), r.reasons.end(), reason) != r.reasons.end();
}

const std::vector<ChallengeAction> kLeftThenRight = {ChallengeAction::kTurnLeft, ChallengeAction::kTurnRight};

// Start facing the camera, turn left (Project's +yaw), back, turn right, back.
std::vector<FrameObservation> LeftThenRight(bool flat = false, int second_person_from = 99) {
  const std::vector<std::pair<double, double>> poses = {{0, 0}, {2, 1},   {25, 0},  {28, 2},
                                                        {3, 0}, {-26, 1}, {-29, 0}, {0, 1}};
  std::vector<FrameObservation> f;
  for (size_t i = 0; i < poses.size(); ++i) {
    f.push_back(Frame(poses[i].first, poses[i].second, static_cast<int>(i) >= second_person_from ? 1 : 0, flat, 0.99,
                      static_cast<unsigned>(i + 1)));
  }
  if (flat) {
    // A picture turned reads as a turned head to a fooled pose estimator.
    for (size_t i = 0; i < poses.size(); ++i) f[i].yaw = static_cast<float>(-poses[i].first);
  }
  return f;
}

TEST(CaptureChecks, AHeadFollowingTheChallengeIsLive) {
  const auto r = Judge(LeftThenRight(), kLeftThenRight);
  EXPECT_TRUE(r.live);
  EXPECT_TRUE(r.reasons.empty());
  EXPECT_GE(r.score, 50);
  for (const auto& c : r.checks) EXPECT_TRUE(c.passed) << c.name << " " << c.detail;
  EXPECT_EQ(r.reference_frame, 0);
  EXPECT_EQ(r.frames[2].action, "turn_left");
  EXPECT_EQ(r.frames[5].action, "turn_right");
  EXPECT_GT(Find(r, "depth").value, CaptureThresholds{}.planar_residual);
}

TEST(CaptureChecks, TheWrongOrderIsNotFollowed) {
  const auto r = Judge(LeftThenRight(), {ChallengeAction::kTurnRight, ChallengeAction::kTurnLeft});
  EXPECT_FALSE(r.live);
  EXPECT_TRUE(Has(r, "CHALLENGE_NOT_FOLLOWED"));
  EXPECT_EQ(Find(r, "challenge").detail, "turn_left was done before turn_right");
  EXPECT_LT(r.score, 50);
}

TEST(CaptureChecks, AnActionNeverSeenIsNamed) {
  const auto r = Judge(LeftThenRight(), {ChallengeAction::kTurnLeft, ChallengeAction::kLookUp});
  EXPECT_FALSE(r.live);
  EXPECT_EQ(Find(r, "challenge").detail, "look_up was not seen");
}

TEST(CaptureChecks, AFlatPictureTurnedIsPlanarEvenWhenThePoseIsFooled) {
  const auto r = Judge(LeftThenRight(/*flat=*/true), kLeftThenRight);
  EXPECT_FALSE(r.live);
  EXPECT_TRUE(Find(r, "challenge").passed);  // the fooled pose estimator follows
  EXPECT_TRUE(Has(r, "PLANAR_MOTION"));
  EXPECT_LT(Find(r, "depth").value, CaptureThresholds{}.planar_residual);
}

TEST(CaptureChecks, ASecondPersonTakingOverIsAFaceChange) {
  const auto r = Judge(LeftThenRight(false, /*second_person_from=*/5), kLeftThenRight);
  EXPECT_FALSE(r.live);
  EXPECT_TRUE(Has(r, "FACE_CHANGED"));
  EXPECT_FLOAT_EQ(r.frames[5].similarity, 0);
}

TEST(CaptureChecks, TheCaptureMustStartFacingTheCamera) {
  auto frames = LeftThenRight();
  frames[0].yaw = 18;  // started turned: every action is measured from here
  const auto r = Judge(frames, kLeftThenRight);
  EXPECT_FALSE(r.live);
  EXPECT_EQ(Find(r, "challenge").detail, "the capture did not start facing the camera");
}

TEST(CaptureChecks, FramesTimesAndRepeats) {
  auto frames = LeftThenRight();
  frames.resize(5);
  EXPECT_TRUE(Has(Judge(frames, {ChallengeAction::kTurnLeft}), "TOO_FEW_FRAMES"));

  frames = LeftThenRight();
  auto times = Times(frames.size());
  std::swap(times[3], times[4]);
  auto r = JudgeCapture(frames, times, kLeftThenRight, CaptureRules{}, CaptureThresholds{}, Cosine100);
  EXPECT_TRUE(Has(r, "TIMESTAMPS_IMPLAUSIBLE"));
  EXPECT_EQ(Find(r, "timestamps").detail, "the capture times do not increase frame after frame");
  times = Times(frames.size());
  for (auto& t : times) t /= 10;  // 8 frames in 105 ms: not a person doing two turns
  r = JudgeCapture(frames, times, kLeftThenRight, CaptureRules{}, CaptureThresholds{}, Cosine100);
  EXPECT_TRUE(Has(r, "TIMESTAMPS_IMPLAUSIBLE"));

  frames[3].digest = frames[2].digest;
  EXPECT_TRUE(Has(Judge(frames, kLeftThenRight), "FRAMES_REPEATED"));
}

TEST(CaptureChecks, FacesLostOrCrowded) {
  auto frames = LeftThenRight();
  frames[1].faces = 0;  // one frame without a face is tolerated
  EXPECT_TRUE(Judge(frames, kLeftThenRight).live);
  frames[3].faces = 0;
  frames[6].faces = 0;  // three of eight: too many
  EXPECT_TRUE(Has(Judge(frames, kLeftThenRight), "FACE_LOST"));

  frames = LeftThenRight();
  frames[4].faces = 2;
  frames[4].other_face_ratio = 0.2;  // a face far behind: tolerated
  EXPECT_TRUE(Judge(frames, kLeftThenRight).live);
  frames[4].other_face_ratio = 0.9;  // a second person beside the user
  EXPECT_TRUE(Has(Judge(frames, kLeftThenRight), "MULTIPLE_FACES"));

  for (auto& f : frames) f.faces = 0;
  const auto r = Judge(frames, kLeftThenRight);
  EXPECT_FALSE(r.live);
  EXPECT_EQ(r.reference_frame, -1);
  EXPECT_FALSE(Find(r, "depth").assessed);
}

TEST(CaptureChecks, ABlinkCountsAfterOpenEyesAndASpontaneousOneIsIgnored) {
  // Start, a spontaneous blink, turn left, eyes open, the asked blink.
  std::vector<FrameObservation> f = {Frame(0, 0, 0, false, 0.99, 1),  Frame(1, 0, 0, false, 0.05, 2),
                                     Frame(25, 0, 0, false, 0.99, 3), Frame(27, 0, 0, false, 0.99, 4),
                                     Frame(2, 0, 0, false, 0.98, 5),  Frame(1, 0, 0, false, 0.1, 6),
                                     Frame(0, 1, 0, false, 0.97, 7)};
  auto r = Judge(f, {ChallengeAction::kTurnLeft, ChallengeAction::kBlink});
  EXPECT_TRUE(r.live) << Find(r, "challenge").detail;
  EXPECT_EQ(r.frames[5].action, "blink");
  // Without the blink after the turn: not followed.
  f[5].eyes_open = 0.97f;
  r = Judge(f, {ChallengeAction::kTurnLeft, ChallengeAction::kBlink});
  EXPECT_EQ(Find(r, "challenge").detail, "blink was not seen");
}

TEST(CaptureChecks, MovingCloserAndLookingUp) {
  std::vector<FrameObservation> f = {Frame(0, 0, 0, false, 0.99, 1),  Frame(1, 0, 0, false, 0.99, 2),
                                     Frame(0, 18, 0, false, 0.99, 3), Frame(0, 20, 0, false, 0.99, 4),
                                     Frame(1, 0, 0, false, 0.99, 5),  Frame(0, 1, 0, false, 0.99, 6),
                                     Frame(0, 0, 0, false, 0.99, 7)};
  f[5].eye_distance *= 1.3;  // nearer the camera
  f[6].eye_distance *= 1.35;
  const auto r = Judge(f, {ChallengeAction::kLookUp, ChallengeAction::kMoveCloser});
  EXPECT_TRUE(Find(r, "challenge").passed) << Find(r, "challenge").detail;
  EXPECT_EQ(r.frames[2].action, "look_up");
  EXPECT_EQ(r.frames[5].action, "move_closer");
}

TEST(CaptureChecks, AFrameShowingTwoAskedActionsAtOnceIsNotCredited) {
  // Turned left and looking up in the same frames, never one alone.
  std::vector<FrameObservation> f;
  for (unsigned i = 0; i < 7; ++i) f.push_back(Frame(i == 0 ? 0 : 25, i == 0 ? 0 : 20, 0, false, 0.99, i + 1));
  const auto r = Judge(f, {ChallengeAction::kTurnLeft, ChallengeAction::kLookUp});
  EXPECT_FALSE(Find(r, "challenge").passed);
}

TEST(CaptureChecks, ThePassiveModelDecidesOnlyWhenRequired) {
  auto frames = LeftThenRight();
  for (auto& f : frames) f.passive_live = 10;
  auto r = Judge(frames, kLeftThenRight);
  EXPECT_TRUE(r.live);  // reported, not deciding
  EXPECT_TRUE(Has(r, "SPOOF_SUSPECTED_RECAPTURE"));
  CaptureThresholds strict;
  strict.passive_required = true;
  r = JudgeCapture(frames, Times(frames.size()), kLeftThenRight, CaptureRules{}, strict, Cosine100);
  EXPECT_FALSE(r.live);
}

TEST(Challenge, RandomChallengesStartWithATurnAndNeverRepeatAnAction) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto c = RandomChallenge();
    ASSERT_TRUE(c.size() == 2 || c.size() == 3);
    EXPECT_TRUE(c[0] == ChallengeAction::kTurnLeft || c[0] == ChallengeAction::kTurnRight);
    EXPECT_EQ(std::set<ChallengeAction>(c.begin(), c.end()).size(), c.size());
    seen.insert(ChallengeText(c));
  }
  EXPECT_GE(seen.size(), 20u) << "of the 32 possible challenges";
}

TEST(Challenge, ParsedFromNamesAndShortForms) {
  std::string error;
  EXPECT_EQ(ParseChallenge("left,right", error), kLeftThenRight);
  EXPECT_EQ(ChallengeText(ParseChallenge("turn_left,blink,closer", error)), "turn_left,blink,move_closer");
  EXPECT_TRUE(ParseChallenge("left,left", error).empty());
  EXPECT_EQ(error, "the action 'left' is asked for twice");
  EXPECT_TRUE(ParseChallenge("left,jump", error).empty());
  EXPECT_NE(error.find("unknown action 'jump'"), std::string::npos);
  EXPECT_TRUE(ParseChallenge("", error).empty());
}

}  // namespace
}  // namespace idmatch::liveness
