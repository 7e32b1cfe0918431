// Liveness captures built from still photos, for the challenge-response
// tests and bench (issue 18). A bona fide capture is a sequence of real
// photos of one person at the poses a challenge asks for, each shown twice
// with a small hand-held camera motion; a planar attack is one picture (a
// print or a screen, tests/support/attacks.h) held in front of the camera and
// turned, tilted and moved the way the challenge asks. Both are stand-ins:
// real captures are video frames of one moment, where these bona fide frames
// come from different days (expression and lighting change too), so they
// say how the checks behave on real head geometry, not what a real BPCER is
// (docs/quality.md says so).
#pragma once

#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "support/attacks.h"

namespace idmatch::testing {

struct CaptureFrames {
  std::vector<std::string> frames;  // JPEG
  std::vector<int64_t> timestamps_ms;
};

// `image` moved as a hand-held camera moves between two frames: shifted by up
// to 2% of its size, scaled by up to 2%, rolled by up to 2 degrees.
cv::Mat HandJitter(const cv::Mat& image, unsigned seed);

// `picture` as a flat object in front of a pinhole camera (focal length = the
// frame's width, ~53 degrees of view), turned by `yaw_deg` about its vertical
// axis and `pitch_deg` about its horizontal one, filling `fill` of the frame's
// height, on a plain wall; sensor noise added.
cv::Mat PictureInFrame(const cv::Mat& picture, cv::Size frame, double yaw_deg, double pitch_deg, double fill,
                       unsigned seed);

// Frames in order: `poses[0]` `copies` times (the start, facing the camera),
// then every further pose `copies` times, then `poses[0]` once more (back to
// the camera). Timestamps 150 ms apart.
CaptureFrames BonaFideCapture(const std::vector<cv::Mat>& poses, unsigned seed, int copies = 2);

// How the attacker holds the picture for one pose: turned about its vertical
// axis (yaw) and its horizontal one (pitch), degrees, and how much of the
// frame's height it fills (more = held closer).
struct PicturePose {
  double yaw_deg = 0;
  double pitch_deg = 0;
  double fill = 0.8;
};

// The picture held in each of `poses` (the first is the start, facing the
// camera), each twice, then the start again: the planar attack on the
// challenge those poses mimic. The picture is degraded once as `kind`.
CaptureFrames PlanarAttackCapture(const cv::Mat& photo, Attack kind, const std::vector<PicturePose>& poses,
                                  unsigned seed);

}  // namespace idmatch::testing
