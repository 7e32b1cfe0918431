// Portrait look matching (pipeline/resolution_match.h): when a face counts as
// greyscale, and what the selfie is matched to under each switch.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "face/embedder.h"
#include "pipeline/resolution_match.h"

namespace idmatch::pipeline {
namespace {

const cv::Rect2f kWholeBox(0, 0, 100, 100);

TEST(MedianChroma, GreyIsZeroAndSkinIsColoured) {
  EXPECT_EQ(MedianChroma(cv::Mat(100, 100, CV_8UC3, cv::Scalar::all(128)), kWholeBox), 0.0);
  // A light skin tone (BGR): well above the greyscale bar.
  EXPECT_GT(MedianChroma(cv::Mat(100, 100, CV_8UC3, cv::Scalar(150, 170, 215)), kWholeBox), 2 * kGreyscaleFaceChroma);
  // A grey print under a slightly warm light stays under it.
  EXPECT_LT(MedianChroma(cv::Mat(100, 100, CV_8UC3, cv::Scalar(120, 124, 128)), kWholeBox), kGreyscaleFaceChroma);
}

TEST(MedianChroma, LooksOnlyAtTheMiddleOfTheBox) {
  // Colour in the outer 20% on every side (hair, background) does not count.
  cv::Mat image(100, 100, CV_8UC3, cv::Scalar(30, 60, 200));
  image(cv::Rect(20, 20, 60, 60)).setTo(cv::Scalar::all(90));
  EXPECT_EQ(MedianChroma(image, kWholeBox), 0.0);
  EXPECT_EQ(MedianChroma(image, cv::Rect2f(500, 500, 10, 10)), 0.0);  // outside the image
}

TEST(LookGrey, GivesEqualChannelsOnlyWhenAsked) {
  const cv::Mat colour(8, 8, CV_8UC3, cv::Scalar(30, 60, 200));
  EXPECT_EQ(face::LookGrey(colour, false).data, colour.data);
  const cv::Mat grey = face::LookGrey(colour, true);
  const cv::Vec3b p = grey.at<cv::Vec3b>(3, 3);
  EXPECT_EQ(p[0], p[1]);
  EXPECT_EQ(p[1], p[2]);
}

ImageAnalysis WithFace(bool greyscale, float eye_distance) {
  ImageAnalysis a;
  Face f;
  f.greyscale = greyscale;
  f.landmarks[kLeftEye] = {100, 100};
  f.landmarks[kRightEye] = {100 + eye_distance, 100};
  a.faces.push_back(f);
  return a;
}

TEST(LookToMatch, GreyscaleOnlyForAColourSelfieAgainstAGreyPortrait) {
  EngineConfig config;                         // greyscale_matching on, resolution_matching off by default
  config.model_profile = ModelProfile::kOpen;  // dlib sees colour
  EXPECT_TRUE(LookToMatch(WithFace(false, 60), WithFace(true, 15), config).greyscale);
  EXPECT_FALSE(LookToMatch(WithFace(true, 60), WithFace(true, 15), config).greyscale);    // already grey
  EXPECT_FALSE(LookToMatch(WithFace(false, 60), WithFace(false, 15), config).greyscale);  // colour portrait
  EXPECT_FALSE(LookToMatch(WithFace(false, 60), ImageAnalysis{}, config).greyscale);      // no portrait
  EXPECT_EQ(LookToMatch(WithFace(false, 60), WithFace(true, 15), config).eye_distance, 0.0);
  config.resolution_matching = true;
  EXPECT_FLOAT_EQ(LookToMatch(WithFace(false, 60), WithFace(true, 15), config).eye_distance, 15.0f);
  config.greyscale_matching = false;
  EXPECT_FALSE(LookToMatch(WithFace(false, 60), WithFace(true, 15), config).greyscale);
}

TEST(LookToMatch, GreyscaleOnlyWhereAnEmbedderSeesColour) {
  EngineConfig config;
  for (const auto profile : {ModelProfile::kDefault, ModelProfile::kOpen, ModelProfile::kFusion}) {
    config.model_profile = profile;
    // fr_feature embeds in greyscale already; dlib (open, fusion) does not.
    const bool expected = profile != ModelProfile::kDefault;
    EXPECT_EQ(GreyscaleMatchingApplies(config), expected) << ModelProfileName(profile);
    EXPECT_EQ(LookToMatch(WithFace(false, 60), WithFace(true, 15), config).greyscale, expected);
  }
}

}  // namespace
}  // namespace idmatch::pipeline
