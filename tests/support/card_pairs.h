// The ID-card-vs-selfie pair set the tests and bench/profile_eval build from
// the deepface photos: the target photo's face printed as the portrait of a
// synthetic licence front (with its ghost copy), the card photographed on a
// table (perspective, rotation, soft focus, glare, JPEG), and paired with the
// source photo as the selfie: genuine when the deepface pair is.
#pragma once

#include <opencv2/core.hpp>
#include <string>

namespace idmatch::testing {

// JPEG (q90) bytes of `face_photo` printed on a licence front and
// photographed (PhotographCard). Deterministic for a seed.
std::string CardPhotoJpeg(const cv::Mat& face_photo, unsigned seed);

}  // namespace idmatch::testing
