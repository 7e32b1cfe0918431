// Face embedders behind one interface. Each one crops the face the way its
// network was trained (the crop geometry decides accuracy: docs/accuracy.md)
// from the five alignment points, embeds it and L2-normalises the result.
//
// Thread contract: one embedder per worker thread (it owns a cv::dnn::Net).
#pragma once

#include <array>
#include <opencv2/core.hpp>
#include <optional>
#include <vector>

#include "face/onnx_model.h"

namespace idmatch::face {

// Left eye, right eye, nose tip, left and right mouth corner, image pixels
// (left = the image's left).
using Landmarks5 = std::array<cv::Point2f, 5>;

// Where a face's points came from: the landmark network's five points, and the
// detector's own keypoints when it has them (BlazeFace).
struct FacePoints {
  Landmarks5 landmarks;
  std::optional<Landmarks5> detector;
  // Resolution matching (issue 20): > 0 brings the crop's detail down to that
  // of a face whose eyes are this many image pixels apart (a small printed ID
  // portrait) before embedding; 0 embeds the face as it is.
  double match_eye_distance = 0;
  // Print-look matching (issue 20): the crops are turned to greyscale before
  // embedding, as a greyscale ID portrait shows the face.
  bool match_greyscale = false;
};

// Eye-centre distance of `points`, image pixels.
double EyeDistance(const Landmarks5& points);

// `crop` (a face whose eyes are `crop_eye_distance` crop pixels apart) with
// its detail reduced to a face whose eyes are `eye_distance` pixels apart:
// area-reduced by eye_distance / crop_eye_distance, then enlarged back
// bilinearly, which is what aligning a face that small does. Unchanged when
// the crop has no more detail than that.
cv::Mat ReduceDetail(const cv::Mat& crop, double crop_eye_distance, double eye_distance);

// `crop` as three equal channels of its luminance (BT.601), when `greyscale`.
cv::Mat LookGrey(const cv::Mat& crop, bool greyscale);

class FaceEmbedder {
 public:
  virtual ~FaceEmbedder() = default;
  // L2-normalised embedding of the face at `points` in `bgr`. With
  // `flip_augment` the mirrored crop's embedding is added before normalising
  // (test-time augmentation; docs/accuracy.md).
  virtual std::vector<float> Embed(const cv::Mat& bgr, const FacePoints& points, bool flip_augment) = 0;
  virtual int dim() const = 0;
};

// fr_feature (default profile): 512-D, ArcFace-style, on the 112x112 ArcFace
// template crop (face/align.h).
//
// A small face (eyes under kSmallFaceEyeDistance image pixels apart: a card
// portrait photographed from arm's length) is enlarged onto the template
// bicubically and embedded as the mean of seven placements, its landmarks as
// found and moved by +-4% in scale and +-6% of the eye distance up, down,
// left and right (JitteredPlacements): on 15-20 px eyes the landmark
// network's points are off by about a pixel, and the mean is steadier than
// any one placement. Measured on the card factory (docs/accuracy.md, "Small
// ID portraits"): FNMR at 80 falls by 1.6-4.7 points for 50-140 px
// portraits and FMR at 80 stays under 3.4e-5 in every size.
//
// Every crop is embedded in greyscale (three equal channels of its BT.601
// luminance; kEmbeddingRevision 3): a printed ID portrait's colours are the
// print's, not the skin's (halftone, quantised, dye-sublimation casts,
// laser-engraved grey), and a selfie's depend on the light. Measured on
// lfw-dev all-vs-all against colour crops (docs/accuracy.md, "Greyscale
// embedding"): FNMR at 80 (FMR 1e-4) 1.78% -> 1.34%, TAR at FMR 1e-4 0.982
// -> 0.987; its impostor tail beyond 1e-4 is heavier, which scale version 4
// was refitted on.
class ArcFaceEmbedder final : public FaceEmbedder {
 public:
  static constexpr int kDim = 512;
  // Image pixels between the eyes below which a face counts as small: the
  // template's eyes are 35.2 px apart, so such a face is enlarged by more
  // than 1.1x, and FNMR against eye distance leaves its plateau below 32 px
  // (docs/accuracy.md, "When to retake").
  static constexpr double kSmallFaceEyeDistance = 32.0;

  static Result<ArcFaceEmbedder> Create(const OnnxModel& model);
  std::vector<float> Embed(const cv::Mat& bgr, const FacePoints& points, bool flip_augment) override;
  int dim() const override { return kDim; }

 private:
  // The normalised mean embedding of several aligned 112x112 crops of one face.
  std::vector<float> EmbedCrops(std::vector<cv::Mat> crops, bool flip_augment);

  WorkerNet net_;
};

// dlib's face recognition ResNet v1 (open profile): 128-D, on face-api's
// 150x150 crop (DlibCrop) placed by the detector's keypoints when there are
// any: on BlazeFace boxes they beat fr_landmark's points (deepface pairs, d'
// 5.88 against 5.67; docs/accuracy.md).
class DlibEmbedder final : public FaceEmbedder {
 public:
  static constexpr int kDim = 128;
  static constexpr int kInputSize = 150;

  static Result<DlibEmbedder> Create(const OnnxModel& model);
  std::vector<float> Embed(const cv::Mat& bgr, const FacePoints& points, bool flip_augment) override;
  int dim() const override { return kDim; }

 private:
  WorkerNet net_;
};

// face-api's crop for the dlib network: a square of side mean(eye-to-mouth-
// centre distance) / 0.45 with the centroid of the two eyes and the mouth
// centre at (0.5, 0.43) of the square, turned so the eyes are level, resized
// to 150x150 (area-reduced when the face is large). The eye levelling is ours
// (face-api crops axis-aligned): d' 5.53 against 5.46 on the deepface pairs.
cv::Mat DlibCrop(const cv::Mat& bgr, const Landmarks5& points);

// Runs `net` on the crops and, with `flip_augment`, their mirrors in one
// batch and returns the L2-normalised sum of the L2-normalised outputs.
std::vector<float> EmbedBatch(WorkerNet& net, std::vector<cv::Mat> crops, bool flip_augment, double scale,
                              const cv::Scalar& mean_rgb, int dim);

// The face's five points as found, then moved by +-4% in scale about their
// centroid and by +-6% of the eye distance along each axis (7 placements).
std::vector<Landmarks5> JitteredPlacements(const Landmarks5& points);

// Cosine similarity of two vectors of equal size (0 when sizes differ).
float Cosine(const std::vector<float>& a, const std::vector<float>& b);

}  // namespace idmatch::face
