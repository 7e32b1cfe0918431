#include <opencv2/core.hpp>

#include "core/log.h"
#include "document/reader.h"
#include "idmatch/document.h"
#include "image/decode.h"

namespace idmatch {

Result<DocumentRead> ReadDocument(const std::vector<std::string_view>& sides, const DocumentReadOptions& options) {
  if (sides.empty()) return Status(ErrorCode::kInvalidArgument, "a document read needs at least one image");
  if (options.minimum_age < 0 || options.minimum_age > 150)
    return Status(ErrorCode::kInvalidArgument, "minimum age must be 0..150");
  // Module boundary: a library exception becomes kInternal, its text in the log only.
  try {
    std::vector<cv::Mat> images;
    for (const auto bytes : sides) {
      auto image = image::DecodeImage(bytes, options.limits);
      if (!image.ok()) return image.status();
      images.push_back(std::move(image->bgr));
    }
    const std::string today = options.today.empty() ? document::TodayUtc() : options.today;
    return document::ReadDocument(images, today, options.minimum_age);
  } catch (const std::exception& e) {
    IDMATCH_LOG_ERROR(std::string("document read failed: ") + e.what());
  } catch (...) {
    IDMATCH_LOG_ERROR("document read failed with a non-standard exception");
  }
  return Status(ErrorCode::kInternal, "the document could not be read because of an internal error");
}

}  // namespace idmatch
