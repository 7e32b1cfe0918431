#include "image/webp_codec.h"

#include <webp/decode.h>

#include <cstdint>

namespace idmatch::image {

Result<cv::Mat> DecodeWebp(std::string_view bytes) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  WebPBitstreamFeatures features;
  if (WebPGetFeatures(data, bytes.size(), &features) != VP8_STATUS_OK || features.width <= 0 || features.height <= 0) {
    return Status(ErrorCode::kImageCorrupt, "the webp data could not be decoded");
  }
  if (features.has_animation) {
    return Status(ErrorCode::kUnsupportedImageFormat, "animated WebP is not supported; send a still image");
  }
  const int channels = features.has_alpha ? 4 : 3;
  cv::Mat out(features.height, features.width, channels == 4 ? CV_8UC4 : CV_8UC3);
  const size_t stride = out.step[0];
  const uint8_t* ok = channels == 4 ? WebPDecodeBGRAInto(data, bytes.size(), out.data, stride * out.rows, int(stride))
                                    : WebPDecodeBGRInto(data, bytes.size(), out.data, stride * out.rows, int(stride));
  if (ok == nullptr) return Status(ErrorCode::kImageCorrupt, "the webp data could not be decoded");
  return out;
}

}  // namespace idmatch::image
