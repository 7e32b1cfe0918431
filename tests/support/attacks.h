// Presentation attacks the tests generate from real selfies (ISO/IEC 30107
// "presentation attack instruments"), for the liveness evaluation. They are
// crude stand-ins for real attacks: the APCER they give is a floor on what a
// real attacker achieves, never a security claim (docs/quality.md).
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace idmatch::testing {

enum class Attack {
  kPrint,       // halftone print on textured paper, re-photographed
  kScreen,      // shown on an RGB-stripe display, re-photographed (moire, glare)
  kPhoneFrame,  // the photo on a phone held up in front of a wall, bezel visible
};

struct AttackInfo {
  Attack kind;
  std::string name;  // "print", "screen", "phone_frame"
};
const std::vector<AttackInfo>& Attacks();

// Deterministic for a given `seed`; the output has the input's size.
cv::Mat MakeAttack(const cv::Mat& selfie, Attack kind, unsigned seed);

}  // namespace idmatch::testing
