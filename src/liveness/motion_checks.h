// Geometry for a guided liveness capture (issue 18, not yet served): did the
// face move as a head moves, or as a flat picture moves? A printed photo or a
// phone screen moved, tilted or turned in front of a camera is a plane: one
// homography maps every one of its points from frame to frame. A head that
// turns is not: its nose tip moves against its outline (parallax). These are
// pure functions over the 68 landmarks of each frame; the thresholds that
// turn them into decisions are to be chosen on captured sequences
// (docs/quality.md says which exist).
//
// Thread contract: pure functions.
#pragma once

#include <vector>

#include "face/landmarker.h"

namespace idmatch::liveness {

// The distance between the eye centres (means of iBUG points 36-41 and
// 42-47), the unit of the residuals below.
double InterOcular(const face::Landmarks68& points);

// How far `frame` is from a plane's motion: the RMS distance between its
// points and the reference's points mapped by the least-squares homography
// fitted to all 68 pairs, in units of the reference's inter-ocular distance.
// A picture moved in 3-D gives the landmark noise; a head turning by yaw or
// pitch gives more. Returns -1 when the points are degenerate.
double PlanarResidual(const face::Landmarks68& reference, const face::Landmarks68& frame);

// The largest PlanarResidual of any frame against the first; 0 for fewer
// than two frames.
double MaxPlanarResidual(const std::vector<face::Landmarks68>& frames);

// A yaw proxy from landmarks alone: where the nose tip (30) sits between the
// jaw ends (0 and 16), -1 at the jaw end of the image's left, 0 centred, +1
// at the other end. A picture turned as a whole moves it only by perspective
// (0.06 for one turned 25 degrees at arm's length in the unit test), a head
// turned as much by 0.2 and more.
double NoseOffset(const face::Landmarks68& points);

}  // namespace idmatch::liveness
