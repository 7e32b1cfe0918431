#include "image/heif_codec.h"

#include <libheif/heif.h>

#include <memory>
#include <opencv2/imgproc.hpp>
#include <string>

namespace idmatch::image {
namespace {

struct ContextDeleter {
  void operator()(heif_context* c) const { heif_context_free(c); }
};
struct HandleDeleter {
  void operator()(heif_image_handle* h) const { heif_image_handle_release(h); }
};
struct ImageDeleter {
  void operator()(heif_image* i) const { heif_image_release(i); }
};
using ContextPtr = std::unique_ptr<heif_context, ContextDeleter>;
using HandlePtr = std::unique_ptr<heif_image_handle, HandleDeleter>;
using ImagePtr = std::unique_ptr<heif_image, ImageDeleter>;

Status FromHeifError(const heif_error& err, std::string_view stage) {
  // libheif's own message stays out of client text; the category is enough.
  const ErrorCode code = err.code == heif_error_Invalid_input && err.subcode == heif_suberror_End_of_data
                             ? ErrorCode::kImageTruncated
                             : ErrorCode::kImageCorrupt;
  if (err.code == heif_error_Unsupported_feature || err.code == heif_error_Unsupported_filetype) {
    return Status(ErrorCode::kUnsupportedImageFormat,
                  "the HEIF file uses a feature this server cannot decode (" + std::string(stage) + ")");
  }
  return Status(code, code == ErrorCode::kImageTruncated ? "HEIF data ends early (the file is truncated)"
                                                         : "HEIF data is invalid (" + std::string(stage) + ")");
}

Result<std::pair<ContextPtr, HandlePtr>> Open(std::string_view bytes) {
  ContextPtr ctx(heif_context_alloc());
  if (!ctx) return Status(ErrorCode::kInternal, "libheif context allocation failed");
  heif_error err = heif_context_read_from_memory_without_copy(ctx.get(), bytes.data(), bytes.size(), nullptr);
  if (err.code != heif_error_Ok) return FromHeifError(err, "container");
  heif_image_handle* raw = nullptr;
  err = heif_context_get_primary_image_handle(ctx.get(), &raw);
  if (err.code != heif_error_Ok) return FromHeifError(err, "primary image");
  HandlePtr handle(raw);
  return std::make_pair(std::move(ctx), std::move(handle));
}

}  // namespace

Result<std::pair<int, int>> ProbeHeif(std::string_view bytes) {
  auto opened = Open(bytes);
  if (!opened.ok()) return opened.status();
  const int w = heif_image_handle_get_width(opened->second.get());
  const int h = heif_image_handle_get_height(opened->second.get());
  if (w <= 0 || h <= 0) return Status(ErrorCode::kImageCorrupt, "HEIF image has no size");
  return std::make_pair(w, h);
}

Result<cv::Mat> DecodeHeif(std::string_view bytes) {
  auto opened = Open(bytes);
  if (!opened.ok()) return opened.status();
  heif_image* raw = nullptr;
  heif_error err =
      heif_decode_image(opened->second.get(), &raw, heif_colorspace_RGB, heif_chroma_interleaved_RGB, nullptr);
  if (err.code != heif_error_Ok) return FromHeifError(err, "pixel data");
  ImagePtr img(raw);
  int stride = 0;
  const uint8_t* data = heif_image_get_plane_readonly(img.get(), heif_channel_interleaved, &stride);
  const int w = heif_image_get_width(img.get(), heif_channel_interleaved);
  const int h = heif_image_get_height(img.get(), heif_channel_interleaved);
  if (data == nullptr || w <= 0 || h <= 0) return Status(ErrorCode::kImageCorrupt, "HEIF image has no pixels");
  const cv::Mat rgb(h, w, CV_8UC3, const_cast<uint8_t*>(data), static_cast<size_t>(stride));
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);  // copies out of libheif's buffer
  return bgr;
}

}  // namespace idmatch::image
