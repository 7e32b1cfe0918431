// The liveness challenge routes (issue 18, docs/api.md "Liveness
// challenges"): issue a one-time challenge, judge its capture once, read a
// challenge's state and decision back (the customer's backend checks the
// decision by id rather than trusting what a browser reports).
#include <ctime>

#include "api/json.h"
#include "core/iso_time.h"
#include "liveness/challenge.h"
#include "request/request.h"
#include "server/http_server_impl.h"

namespace idmatch::server {

using json = nlohmann::json;

namespace {

// "lc_" and 128 random bits: not guessable, so an id is a capability.
std::string NewChallengeId() { return RandomHexId("lc_", 16); }

json ActionsJson(const std::vector<ChallengeAction>& actions) {
  json names = json::array(), words = json::array();
  for (auto a : actions) {
    names.push_back(ChallengeActionName(a));
    words.push_back(ChallengeActionWords(a));
  }
  return json{{"actions", names}, {"instructions", words}};
}

json RulesJson(const CaptureRules& r) {
  return json{{"start", "face the camera, then do each action in order and come back to face the camera"},
              {"min_frames", r.min_frames},
              {"max_frames", r.max_frames},
              {"frames_per_action", r.frames_per_action},
              {"min_frame_side", r.min_frame_side},
              {"max_frame_pixels", r.max_frame_pixels},
              {"min_duration_ms", r.min_duration_ms},
              {"max_duration_ms", r.max_duration_ms}};
}

// The stored record as the key's owner sees it: the export's JSON without
// key_id, with the actions in words.
json OwnerChallengeJson(const store::ChallengeRecord& r) {
  json out = store::ChallengeRecordJson(r);
  out.erase("key_id");
  std::string error;
  out["instructions"] = ActionsJson(liveness::ParseChallenge(r.actions, error))["instructions"];
  return out;
}

}  // namespace

void HttpServer::Impl::HandleChallengeCreate(const httplib::Request&, httplib::Response& res, Exchange& ex) {
  store::ChallengeRecord r;
  r.id = NewChallengeId();
  if (r.id.empty()) return SendError(ex, res, Status(ErrorCode::kUnavailable, "no random source"));
  const std::time_t now = std::time(nullptr);
  const auto actions = liveness::RandomChallenge();
  r.key_id = ex.key_id;
  r.actions = liveness::ChallengeText(actions);
  r.created_at = IsoUtc(now);
  r.expires_at = IsoUtc(now + config.liveness_challenge_ttl_s);
  if (Status s = store->challenges().Create(r); !s.ok()) return SendError(ex, res, s);
  json out = ActionsJson(actions);
  out["id"] = r.id;
  out["expires_at"] = r.expires_at;
  out["expires_in_s"] = config.liveness_challenge_ttl_s;
  out["capture"] = RulesJson(CaptureRules{});
  out["submit"] = "/v1/liveness/challenges/" + r.id;
  out["request_id"] = ex.request_id;
  SendJson(ex, res, out, 201);
}

// The challenge `id` as this key may see it: kNotFound for another key's
// (an admin key sees every one).
Result<store::ChallengeRecord> HttpServer::Impl::VisibleChallenge(const std::string& id, const Exchange& ex) {
  auto r = store->challenges().Get(id);
  if (!r.ok()) return r.status();
  if (config.auth && ex.key_role != store::KeyRole::kAdmin && r->key_id != ex.key_id) {
    return Status(ErrorCode::kNotFound, "no liveness challenge with id " + id);
  }
  return r;
}

void HttpServer::Impl::HandleChallengeGet(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
  auto r = VisibleChallenge(req.matches.size() > 1 ? std::string(req.matches[1]) : "", ex);
  if (!r.ok()) return SendError(ex, res, r.status());
  SendJson(ex, res, OwnerChallengeJson(*r));
}

void HttpServer::Impl::HandleChallengeAnswer(const httplib::Request& req, httplib::Response& res, Exchange& ex) {
  const auto start = std::chrono::steady_clock::now();
  const CaptureRules rules;
  // A malformed body is refused before the challenge is looked at: it does
  // not use the challenge up.
  auto upload = request::ParseCaptureRequest(HttpBody(req), static_cast<size_t>(rules.max_frames));
  if (!upload.ok()) return SendError(ex, res, upload.status());
  auto challenge = VisibleChallenge(req.matches.size() > 1 ? std::string(req.matches[1]) : "", ex);
  if (!challenge.ok()) return SendError(ex, res, challenge.status());
  auto expired = [&] {
    return Status(ErrorCode::kChallengeExpired, "this challenge expired at " + challenge->expires_at);
  };
  if (challenge->answered_at) {
    if (challenge->outcome == "expired") return SendError(ex, res, expired());
    return SendError(ex, res, Status(ErrorCode::kChallengeReused, "this challenge was already answered"));
  }
  store::ChallengeRecord answer = *challenge;
  answer.answered_at = NowUtc();
  if (*answer.answered_at >= challenge->expires_at) {
    answer.outcome = "expired";
    if (auto done = store->challenges().Answer(answer); !done.ok()) return SendError(ex, res, done.status());
    return SendError(ex, res, expired());
  }
  std::string error;
  CaptureRequest capture;
  capture.actions = liveness::ParseChallenge(challenge->actions, error);
  if (capture.actions.empty()) return SendError(ex, res, Status(ErrorCode::kInternal, "stored challenge unreadable"));
  for (const auto& f : upload->frames) capture.frames.push_back(f);
  capture.timestamps_ms = upload->timestamps_ms;

  AdmissionSlot slot(metrics, config.max_inflight);
  if (!slot.admitted()) return SendError(ex, res, OverloadedStatus());
  RunningMark running(metrics);
  auto judged = engine->AssessCapture(capture);
  // An unreadable frame or ID photo is the client's to fix: the challenge
  // stays unanswered.
  if (!judged.ok()) return SendError(ex, res, judged.status());
  metrics.ObserveStage("liveness_capture", judged->total_ms);
  json out = api::ToJson(*judged);
  if (!upload->id_photo.empty() && judged->best_frame >= 0) {
    CompareOptions options;
    options.liveness = false;  // the capture is the liveness evidence
    auto matched = engine->Compare(upload->frames[judged->best_frame], upload->id_photo, options);
    if (!matched.ok()) return SendError(ex, res, matched.status());
    json m = api::ToV1CompareJson(*matched);
    out["match"] = json{{"match", m["match"]},         {"similarity", m["similarity"]},
                        {"threshold", m["threshold"]}, {"false_match_rate", m["false_match_rate"]},
                        {"retake", m["retake"]},       {"reasons", m["reasons"]},
                        {"frame", judged->best_frame}};
    answer.similarity = matched->similarity;
    answer.match = matched->match;
  }
  answer.outcome = "judged";
  answer.live = judged->live;
  answer.score = judged->score;
  answer.reasons_json = api::Dump(json(judged->reasons));
  answer.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  // The one-time rule, atomic in the database: a concurrent answer that got
  // there first wins and this one is refused, its decision not given.
  auto first = store->challenges().Answer(answer);
  if (!first.ok()) return SendError(ex, res, first.status());
  if (!*first) return SendError(ex, res, Status(ErrorCode::kChallengeReused, "this challenge was already answered"));
  out["id"] = challenge->id;
  out["actions"] = ActionsJson(capture.actions)["actions"];
  out["request_id"] = ex.request_id;
  SendJson(ex, res, out);
}

}  // namespace idmatch::server
