// Turns untrusted bytes into an 8-bit BGR image, refusing hostile input before
// any pixel is decoded (byte limit, declared-size limit, truncation).
//
// Thread contract: pure functions, safe from any thread.
#pragma once

#include <opencv2/core/mat.hpp>
#include <string_view>

#include "idmatch/config.h"
#include "idmatch/status.h"
#include "idmatch/types.h"

namespace idmatch::image {

struct DecodedImage {
  cv::Mat bgr;  // CV_8UC3, EXIF orientation applied
  ImageInfo info;
};

Result<DecodedImage> DecodeImage(std::string_view bytes, const ImageLimits& limits);

// Applies EXIF orientation 1..8 (TIFF/EXIF 2.3 tag 0x0112) so the result is
// upright. Values outside 1..8 leave the image unchanged.
cv::Mat ApplyExifOrientation(const cv::Mat& stored, int orientation);

}  // namespace idmatch::image
