// WebP through libwebp directly, not cv::imdecode: OpenCV picks its decoder
// by signature, and a RIFF/WEBP file whose bitstream header it rejects falls
// through to other decoders (the fuzzer found one that GDCM, OpenCV's DICOM
// reader, took for a DICOM file and tried to allocate 2 GB for).
#pragma once

#include <opencv2/core.hpp>
#include <string_view>

#include "idmatch/status.h"

namespace idmatch::image {

// BGR, or BGRA when the image has alpha (8 bits per channel). Animated WebP
// is not supported. kImageCorrupt when the bitstream cannot be decoded.
Result<cv::Mat> DecodeWebp(std::string_view bytes);

}  // namespace idmatch::image
