#include "liveness/challenge.h"

#include <algorithm>
#include <array>
#include <random>

namespace idmatch {

namespace {

struct ActionRow {
  ChallengeAction action;
  std::string_view name;
  std::string_view words;
};

constexpr std::array<ActionRow, 5> kActions{{
    {ChallengeAction::kTurnLeft, "turn_left", "turn your head to your left"},
    {ChallengeAction::kTurnRight, "turn_right", "turn your head to your right"},
    {ChallengeAction::kLookUp, "look_up", "look up"},
    {ChallengeAction::kBlink, "blink", "blink"},
    {ChallengeAction::kMoveCloser, "move_closer", "move closer to the camera"},
}};

}  // namespace

std::string_view ChallengeActionName(ChallengeAction action) { return kActions[static_cast<size_t>(action)].name; }
std::string_view ChallengeActionWords(ChallengeAction action) { return kActions[static_cast<size_t>(action)].words; }

std::optional<ChallengeAction> ParseChallengeAction(std::string_view name) {
  for (const auto& row : kActions) {
    if (row.name == name) return row.action;
  }
  // The CLI's short forms.
  if (name == "left") return ChallengeAction::kTurnLeft;
  if (name == "right") return ChallengeAction::kTurnRight;
  if (name == "up") return ChallengeAction::kLookUp;
  if (name == "closer") return ChallengeAction::kMoveCloser;
  return std::nullopt;
}

namespace liveness {

std::vector<ChallengeAction> RandomChallenge() {
  std::random_device os;  // getrandom(2) on Linux
  std::vector<ChallengeAction> rest = {ChallengeAction::kTurnLeft, ChallengeAction::kTurnRight,
                                       ChallengeAction::kLookUp, ChallengeAction::kBlink, ChallengeAction::kMoveCloser};
  std::vector<ChallengeAction> out;
  out.push_back(os() % 2 ? ChallengeAction::kTurnLeft : ChallengeAction::kTurnRight);
  rest.erase(std::find(rest.begin(), rest.end(), out[0]));
  const size_t count = 2 + os() % 2;
  while (out.size() < count) {
    const size_t k = os() % rest.size();
    out.push_back(rest[k]);
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(k));
  }
  return out;
}

std::vector<ChallengeAction> ParseChallenge(std::string_view list, std::string& error) {
  std::vector<ChallengeAction> out;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    const std::string_view name = list.substr(start, comma - start);
    const auto action = ParseChallengeAction(name);
    if (!action) {
      error = "unknown action '" + std::string(name) + "' (turn_left, turn_right, look_up, blink, move_closer)";
      return {};
    }
    if (std::find(out.begin(), out.end(), *action) != out.end()) {
      error = "the action '" + std::string(name) + "' is asked for twice";
      return {};
    }
    out.push_back(*action);
    start = comma + 1;
  }
  if (out.empty() || out.size() > kActions.size()) {
    error = "a challenge has 1 to 5 actions";
    return {};
  }
  return out;
}

std::string ChallengeText(const std::vector<ChallengeAction>& actions) {
  std::string s;
  for (auto a : actions) {
    if (!s.empty()) s += ',';
    s += ChallengeActionName(a);
  }
  return s;
}

}  // namespace liveness
}  // namespace idmatch
