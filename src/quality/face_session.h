// What the quality measures of one face share, computed once (the OFIQ
// "session"): the image, the face's box and landmarks, and a canonical crop.
//
// Thread contract: built and read by one thread.
#pragma once

#include <opencv2/core.hpp>

#include "face/landmarker.h"

namespace idmatch::quality {

// The crop is the ArcFace template at the embedder's own scale (112x112,
// 35.2 px between the eye centres), so sharpness is judged where matching
// happens; a smaller face is never upscaled but judged at its own
// resolution (its size is face_size's business, not sharpness'). At 2x
// (224 px) the blur index saturated by sigma 1 crop px while matching was
// still unaffected (bench/quality_curves).
inline constexpr double kMaxCropScale = 1.0;
// Eye-centre distance in the unscaled 112x112 ArcFace template, pixels.
inline constexpr double kTemplateEyeDistance = 35.24;

struct FaceSession {
  const cv::Mat& bgr;  // the whole decoded image
  cv::Rect2f box;      // detector box, image pixels
  face::Landmarks68 points;
  face::Landmarks5 five;
  double eye_distance = 0;  // pixels between the eye centres, in the image
  double crop_scale = 1;    // template scale of `crop` (crop side = 112 * crop_scale)
  cv::Matx23d to_crop;      // image -> crop
  cv::Mat crop;             // BGR, aligned
  cv::Mat crop_grey;        // the same, grey

  // A rectangle given in unscaled 112x112 template coordinates, in crop pixels.
  cv::Rect CropRegion(float x0, float y0, float x1, float y1) const;
};

FaceSession BuildFaceSession(const cv::Mat& bgr, const cv::Rect2f& box, const face::Landmarks68& points);

}  // namespace idmatch::quality
