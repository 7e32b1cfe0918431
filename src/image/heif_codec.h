// HEIC/HEIF (and AVIF) through Debian's libheif. libheif applies the file's
// rotation/mirror transforms (irot/imir) while decoding.
//
// Thread contract: each call builds its own libheif context; safe from any thread.
#pragma once

#include <opencv2/core/mat.hpp>
#include <string_view>
#include <utility>

#include "idmatch/status.h"

namespace idmatch::image {

// Width and height of the primary image, read from the container without
// decoding pixels. kImageCorrupt / kImageTruncated when libheif rejects it.
Result<std::pair<int, int>> ProbeHeif(std::string_view bytes);

// Decodes the primary image to 8-bit BGR.
Result<cv::Mat> DecodeHeif(std::string_view bytes);

}  // namespace idmatch::image
