// The actions a challenge asks for: their names and words, and a random
// challenge. Unpredictable order is what stops a replay of a recorded
// capture, so the order comes from the operating system's random source.
//
// Thread contract: thread-safe.
#pragma once

#include <vector>

#include "idmatch/liveness.h"

namespace idmatch::liveness {

// 2 or 3 different actions; the first is a turn (left or right), so the depth
// check always has a turn to measure: 2 first turns x (4 + 4 x 3) = 32
// challenges, so a capture recorded for one fits another 1 time in 32.
std::vector<ChallengeAction> RandomChallenge();

// "turn_left,blink" -> actions; empty with `error` set on an unknown name,
// a repeated action or a count outside 1..5.
std::vector<ChallengeAction> ParseChallenge(std::string_view list, std::string& error);
std::string ChallengeText(const std::vector<ChallengeAction>& actions);  // "turn_left,blink"

}  // namespace idmatch::liveness
