// Challenge-response liveness on captures built from lfw-dev (issue 18,
// tests/support/capture_factory.h): per identity, a challenge its photos can
// show (two turns, a turn and looking up, or a turn and moving closer); the
// bona fide capture is the person's photos at those poses; the attacks are
// (1) a print and (2) a screen of the frontal photo held and turned as the
// challenge asks, (3) the bona fide frames replayed in another order, (4) the
// challenge done by a second person after the first one's start. ISO/IEC
// 30107-3 figures with counts: BPCER, APCER per species, which check stopped
// each attack; the depth check's threshold swept on the calibration half of
// the identities (even position in the list) and reported on the held-out
// half (odd). Also the time per capture of 12 frames.
//
// Usage: challenge_eval [identities=246]. Figures in docs/quality.md.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "idmatch/engine.h"
#include "lfw_dev.h"
#include "liveness/capture_checks.h"
#include "liveness/challenge.h"
#include "support/capture_factory.h"

using namespace idmatch;

namespace {

struct Photo {
  std::string path;
  cv::Mat image;
  float yaw = 0, pitch = 0;
  bool one_face = false;
};

struct Outcome {
  std::string species;
  bool calibration = false;
  CaptureResult result;
};

const CaptureCheck* FindCheck(const CaptureResult& r, const std::string& name) {
  for (const auto& c : r.checks) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// Live at depth threshold `t`: every other required check passed and depth >= t.
bool LiveAt(const CaptureResult& r, double t) {
  for (const auto& c : r.checks) {
    if (c.name == "passive") continue;
    if (c.name == "depth") {
      if (!c.assessed || c.value < t) return false;
    } else if (!c.passed) {
      return false;
    }
  }
  return true;
}

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * (v.size() - 1) + 0.5))];
}

CaptureRequest Request(const testing::CaptureFrames& c, const std::vector<ChallengeAction>& actions) {
  CaptureRequest r;
  r.actions = actions;
  for (const auto& f : c.frames) r.frames.push_back(f);
  r.timestamps_ms = c.timestamps_ms;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t wanted = argc > 1 ? std::stoul(argv[1]) : 246;
  auto lfw = bench::LoadLfwDev("challenge_eval");
  if (!lfw) return 77;
  std::map<std::string, std::vector<Photo>> by_person;
  for (const auto& im : lfw->images) by_person[im.identity].push_back(Photo{lfw->root + im.file, {}, 0, 0, false});
  std::vector<std::string> people;
  for (const auto& [name, photos] : by_person) {
    if (photos.size() >= 3) people.push_back(name);
  }
  if (people.size() > wanted) people.resize(wanted);
  auto engine = Engine::Create(EngineConfig{});
  if (!engine.ok()) {
    std::fprintf(stderr, "challenge_eval: %s\n", engine.status().ToString().c_str());
    return 1;
  }
  const Engine& e = **engine;

  // Every photo's pose, two threads.
  std::vector<Photo*> all;
  for (const auto& name : people) {
    for (auto& p : by_person[name]) all.push_back(&p);
  }
  auto observe = [&](size_t first) {
    for (size_t i = first; i < all.size(); i += 2) {
      Photo& p = *all[i];
      p.image = cv::imread(p.path);
      if (p.image.empty()) continue;
      // lfw-dev photos are 150x150; a capture frame has 240 px or more on its
      // shorter side. Upscaled 2x (no detail added: landmarks are noisier than
      // in a real 640x480 frame, which makes the depth check's job harder).
      cv::resize(p.image, p.image, cv::Size(), 2.0, 2.0, cv::INTER_CUBIC);
      std::vector<uchar> buf;
      cv::imencode(".jpg", p.image, buf, {cv::IMWRITE_JPEG_QUALITY, 95});
      const std::string bytes(buf.begin(), buf.end());
      auto r = e.AssessCapture(CaptureRequest{{ChallengeAction::kTurnLeft}, {bytes}, {0}});
      if (!r.ok()) std::fprintf(stderr, "%s: %s\n", p.path.c_str(), r.status().ToString().c_str());
      if (!r.ok() || r->frames[0].faces != 1) continue;
      p.one_face = true;
      p.yaw = r->frames[0].yaw;
      p.pitch = r->frames[0].pitch;
    }
  };
  std::thread helper(observe, 1);
  observe(0);
  helper.join();
  std::vector<double> yaws, pitches;
  for (const Photo* p : all) {
    if (!p->one_face) continue;
    yaws.push_back(p->yaw);
    pitches.push_back(p->pitch);
  }
  std::printf(
      "photos: %zu of %zu people with >= 3 photos, %zu with one face; yaw p5/p50/p95 %.1f/%.1f/%.1f, "
      "pitch %.1f/%.1f/%.1f degrees\n",
      all.size(), people.size(), yaws.size(), Quantile(yaws, 0.05), Quantile(yaws, 0.5), Quantile(yaws, 0.95),
      Quantile(pitches, 0.05), Quantile(pitches, 0.5), Quantile(pitches, 0.95));

  // Per person: the most frontal photo and the poses its other photos show.
  const liveness::CaptureThresholds t;
  const float margin = 5;  // degrees past the action thresholds a pose photo must show
  struct Plan {
    std::string person;
    std::vector<ChallengeAction> actions;
    std::vector<const Photo*> poses;  // start, then one per action
  };
  std::vector<Plan> plans;
  for (const auto& name : people) {
    const auto& photos = by_person[name];
    const Photo* start = nullptr;
    for (const auto& p : photos) {
      if (!p.one_face) continue;
      auto off = [](const Photo& q) { return std::hypot(q.yaw, q.pitch - liveness::kFrontalPitch); };
      if (!start || off(p) < off(*start)) start = &p;
    }
    if (!start || std::hypot(start->yaw, start->pitch - liveness::kFrontalPitch) > 12) continue;
    const Photo *left = nullptr, *right = nullptr, *up = nullptr;
    for (const auto& p : photos) {
      if (!p.one_face || &p == start) continue;
      const float towards_left = liveness::kYawSignOfPersonsLeft * (p.yaw - start->yaw);
      // A pose photo shows its action only (a person asked to turn does not
      // also look up): the other action's measure stays under its bar.
      const bool turned = std::fabs(towards_left) >= t.turn_yaw_deg,
                 raised = p.pitch - start->pitch >= t.look_up_pitch_deg;
      if (p.pitch - start->pitch >= t.look_up_pitch_deg + margin && !turned && (!up || p.pitch > up->pitch)) up = &p;
      if (raised) continue;
      if (towards_left >= t.turn_yaw_deg + margin &&
          (!left || p.yaw * liveness::kYawSignOfPersonsLeft > left->yaw * liveness::kYawSignOfPersonsLeft)) {
        left = &p;
      }
      if (-towards_left >= t.turn_yaw_deg + margin &&
          (!right || p.yaw * liveness::kYawSignOfPersonsLeft < right->yaw * liveness::kYawSignOfPersonsLeft)) {
        right = &p;
      }
    }
    Plan plan{name, {}, {start}};
    if (left && right) {
      const bool left_first = plans.size() % 2 == 0;
      plan.actions = left_first ? std::vector{ChallengeAction::kTurnLeft, ChallengeAction::kTurnRight}
                                : std::vector{ChallengeAction::kTurnRight, ChallengeAction::kTurnLeft};
      plan.poses.push_back(left_first ? left : right);
      plan.poses.push_back(left_first ? right : left);
    } else if (left || right) {
      plan.actions = {left ? ChallengeAction::kTurnLeft : ChallengeAction::kTurnRight};
      plan.poses.push_back(left ? left : right);
      if (up) {
        plan.actions.push_back(ChallengeAction::kLookUp);
        plan.poses.push_back(up);
      } else {
        plan.actions.push_back(ChallengeAction::kMoveCloser);
        plan.poses.push_back(nullptr);  // the start photo, closer
      }
    } else {
      continue;
    }
    plans.push_back(plan);
  }
  for (size_t i = 0; i < std::min<size_t>(plans.size(), 6); ++i) {
    std::printf("  plan %s: %s;", plans[i].person.c_str(), liveness::ChallengeText(plans[i].actions).c_str());
    for (const Photo* p : plans[i].poses) {
      if (p)
        std::printf(" %s (yaw %.0f, pitch %.0f)", p->path.substr(p->path.rfind('/') + 1).c_str(), p->yaw, p->pitch);
    }
    std::printf("\n");
  }
  std::printf("challenges: %zu people have a frontal photo and a turn of >= %.0f degrees\n", plans.size(),
              t.turn_yaw_deg + margin);

  auto image_of = [](const Plan& plan, size_t k) {
    if (plan.poses[k]) return plan.poses[k]->image;
    const cv::Mat& s = plan.poses[0]->image;  // moving closer: the start photo 1.35x larger, same frame
    cv::Mat big, out;
    cv::resize(s, big, cv::Size(), 1.35, 1.35, cv::INTER_CUBIC);
    big(cv::Rect((big.cols - s.cols) / 2, (big.rows - s.rows) / 2, s.cols, s.rows)).copyTo(out);
    return out;
  };
  auto picture_pose = [](ChallengeAction a) {
    // The attacker turns the picture the way the head would turn (the far
    // side of the face is foreshortened) and holds it closer to "move closer".
    switch (a) {
      case ChallengeAction::kTurnLeft: return testing::PicturePose{-35, 0, 0.8};
      case ChallengeAction::kTurnRight: return testing::PicturePose{35, 0, 0.8};
      case ChallengeAction::kLookUp: return testing::PicturePose{0, -30, 0.8};
      case ChallengeAction::kBlink: return testing::PicturePose{0, 0, 0.8};
      case ChallengeAction::kMoveCloser: return testing::PicturePose{0, 0, 1.05};
    }
    return testing::PicturePose{};
  };

  std::vector<Outcome> outcomes;
  std::vector<double> ms;
  for (size_t i = 0; i < plans.size(); ++i) {
    const Plan& plan = plans[i];
    const bool calibration = i % 2 == 0;
    const unsigned seed = static_cast<unsigned>(1000 + i);
    auto judge = [&](const std::string& species, const testing::CaptureFrames& c) {
      auto r = e.AssessCapture(Request(c, plan.actions));
      if (!r.ok()) {
        std::fprintf(stderr, "%s %s: %s\n", plan.person.c_str(), species.c_str(), r.status().ToString().c_str());
        return;
      }
      if (species == "bona_fide") ms.push_back(r->total_ms);
      if ((species == "bona_fide") != r->live) {
        std::printf("  %s %s live=%d:", species.c_str(), plan.person.c_str(), r->live);
        for (const auto& c : r->checks) {
          if (!c.passed) std::printf(" [%s %.3f %s]", c.name.c_str(), c.value, c.detail.c_str());
        }
        std::printf(" poses:");
        for (const auto& f : r->frames) std::printf(" %.0f/%.0f%s", f.yaw, f.pitch, f.action.empty() ? "" : "*");
        std::printf("\n");
      }
      outcomes.push_back(Outcome{species, calibration, std::move(r).value()});
    };
    std::vector<cv::Mat> poses;
    for (size_t k = 0; k < plan.poses.size(); ++k) poses.push_back(image_of(plan, k));
    judge("bona_fide", testing::BonaFideCapture(poses, seed));
    std::vector<testing::PicturePose> held{testing::PicturePose{}};
    for (auto a : plan.actions) held.push_back(picture_pose(a));
    judge("print", testing::PlanarAttackCapture(poses[0], testing::Attack::kPrint, held, seed));
    judge("screen", testing::PlanarAttackCapture(poses[0], testing::Attack::kScreen, held, seed));
    std::vector<cv::Mat> swapped = {poses[0]};
    for (size_t k = poses.size() - 1; k >= 1; --k) swapped.push_back(poses[k]);
    if (plan.actions[1] != ChallengeAction::kMoveCloser)
      judge("replay_reordered", testing::BonaFideCapture(swapped, seed));
    // A second person doing the actions: the next plan with the same actions.
    for (size_t j = 1; j < plans.size(); ++j) {
      const Plan& other = plans[(i + j) % plans.size()];
      if (other.actions != plan.actions || other.person == plan.person) continue;
      std::vector<cv::Mat> mixed = {poses[0]};
      for (size_t k = 1; k < other.poses.size(); ++k) mixed.push_back(image_of(other, k));
      judge("two_people", testing::BonaFideCapture(mixed, seed));
      break;
    }
  }

  // Error rates at the engine's thresholds, both halves.
  std::map<std::string, std::pair<int, int>> live;  // species -> (live, total)
  std::map<std::string, std::map<std::string, int>> reasons;
  for (const auto& o : outcomes) {
    auto& [l, n] = live[o.species];
    l += o.result.live;
    ++n;
    for (const auto& r : o.result.reasons) ++reasons[o.species][r];
  }
  std::printf("\nat the engine's thresholds (depth %.3f, same person %.0f), all identities:\n", t.planar_residual,
              t.same_person_similarity);
  for (const auto& [species, ln] : live) {
    const bool bona = species == "bona_fide";
    std::printf("  %-17s %s %5.1f%%  (%d of %d)  reasons:", species.c_str(), bona ? "BPCER" : "APCER",
                100.0 * (bona ? ln.second - ln.first : ln.first) / ln.second, bona ? ln.second - ln.first : ln.first,
                ln.second);
    for (const auto& [r, k] : reasons[species]) std::printf(" %s %d", r.c_str(), k);
    std::printf("\n");
  }

  // The depth check: distributions and a sweep, calibration half vs held-out.
  std::map<std::string, std::vector<double>> depth;
  for (const auto& o : outcomes) {
    const auto* c = FindCheck(o.result, "depth");
    if (c && c->assessed) depth[o.species].push_back(c->value);
  }
  std::map<std::string, std::vector<double>> same;
  for (const auto& o : outcomes) {
    const auto* c = FindCheck(o.result, "same_person");
    if (c && c->assessed) same[o.species].push_back(c->value);
  }
  std::printf("\nsame person (lowest similarity to the start frame): p1 / p5 / median / p95 / p99\n");
  for (const auto& [species, v] : same) {
    std::printf("  %-17s %.1f / %.1f / %.1f / %.1f / %.1f  (n %zu)\n", species.c_str(), Quantile(v, 0.01),
                Quantile(v, 0.05), Quantile(v, 0.5), Quantile(v, 0.95), Quantile(v, 0.99), v.size());
  }
  std::printf("\ndepth (second-largest planar residual, inter-ocular units): p1 / p5 / median / p95 / p99\n");
  for (const auto& [species, v] : depth) {
    std::printf("  %-17s %.4f / %.4f / %.4f / %.4f / %.4f  (n %zu)\n", species.c_str(), Quantile(v, 0.01),
                Quantile(v, 0.05), Quantile(v, 0.5), Quantile(v, 0.95), Quantile(v, 0.99), v.size());
  }
  std::printf(
      "\ndepth threshold sweep: BPCER | APCER print | APCER screen with the other checks as judged;"
      "\n  then the depth check alone (as if pose were fooled): BPCER | APCER print | APCER screen\n");
  for (double th : {0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05, 0.06, 0.08}) {
    for (int half = 0; half < 2; ++half) {
      std::map<std::string, std::pair<int, int>> c, alone;
      for (const auto& o : outcomes) {
        if (o.calibration != (half == 0)) continue;
        auto& [l, n] = c[o.species];
        l += LiveAt(o.result, th);
        ++n;
        const auto* d = FindCheck(o.result, "depth");
        if (!d || !d->assessed) continue;
        auto& [la, na] = alone[o.species];
        la += d->value >= th;
        ++na;
      }
      auto rate = [](std::map<std::string, std::pair<int, int>>& m, const std::string& s, bool bona) {
        const auto [l, n] = m[s];
        return n ? 100.0 * (bona ? n - l : l) / n : NAN;
      };
      std::printf("  %.3f %-10s %5.1f%% | %5.1f%% | %5.1f%%    alone %5.1f%% | %5.1f%% | %5.1f%%\n", th,
                  half == 0 ? "calib" : "held-out", rate(c, "bona_fide", true), rate(c, "print", false),
                  rate(c, "screen", false), rate(alone, "bona_fide", true), rate(alone, "print", false),
                  rate(alone, "screen", false));
    }
  }
  std::printf("\nbona fide capture time (%zu captures of 7 frames): median %.0f ms\n", ms.size(), Quantile(ms, 0.5));

  // 12 frames, the target.
  std::vector<double> ms12;
  for (size_t i = 0; i < std::min<size_t>(plans.size(), 10); ++i) {
    std::vector<cv::Mat> poses;
    for (size_t k = 0; k < plans[i].poses.size(); ++k) poses.push_back(image_of(plans[i], k));
    const auto c = testing::BonaFideCapture(poses, 7, 4);  // 3 poses x 4 + 1 = 13: drop the last
    auto req = Request(c, plans[i].actions);
    req.frames.resize(12);
    req.timestamps_ms.resize(12);
    auto r = e.AssessCapture(req);
    if (r.ok()) ms12.push_back(r->total_ms);
  }
  std::printf("12-frame capture time (%zu captures, 250x250 frames): median %.0f ms, max %.0f ms\n", ms12.size(),
              Quantile(ms12, 0.5), Quantile(ms12, 1.0));
  return 0;
}
