#include "image/decode.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include "image/heif_codec.h"
#include "image/probe.h"
#include "image/webp_codec.h"

namespace idmatch::image {
namespace {

std::string Mib(size_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MiB"; }

Status CheckDeclaredSize(const ImageHeader& h, const ImageLimits& limits) {
  const int64_t pixels = int64_t(h.width) * int64_t(h.height);
  if (h.width > limits.max_side || h.height > limits.max_side || pixels > limits.max_pixels) {
    return Status(ErrorCode::kImageDimensionsTooLarge,
                  "the image declares " + std::to_string(h.width) + "x" + std::to_string(h.height) +
                      " pixels; the limit is " + std::to_string(limits.max_pixels / 1000000) + " megapixels and " +
                      std::to_string(limits.max_side) + " pixels per side");
  }
  if (h.width < limits.min_side || h.height < limits.min_side) {
    return Status(ErrorCode::kImageTooSmall, "the image is " + std::to_string(h.width) + "x" +
                                                 std::to_string(h.height) + " pixels; at least " +
                                                 std::to_string(limits.min_side) + " per side are needed");
  }
  return Status::Ok();
}

// Any depth/channel layout OpenCV hands back -> 8-bit BGR. Transparent pixels
// are composited over white, the way a viewer shows them.
cv::Mat ToBgr8(const cv::Mat& in) {
  cv::Mat img = in;
  if (img.depth() == CV_16U) {
    img.convertTo(img, CV_8U, 1.0 / 257.0);
  } else if (img.depth() == CV_32F) {
    img.convertTo(img, CV_8U, 255.0);
  } else if (img.depth() != CV_8U) {
    img.convertTo(img, CV_8U);
  }
  if (img.channels() == 1) {
    cv::Mat bgr;
    cv::cvtColor(img, bgr, cv::COLOR_GRAY2BGR);
    return bgr;
  }
  if (img.channels() == 4) {
    cv::Mat bgr(img.size(), CV_8UC3);
    for (int y = 0; y < img.rows; ++y) {
      const auto* s = img.ptr<cv::Vec4b>(y);
      auto* d = bgr.ptr<cv::Vec3b>(y);
      for (int x = 0; x < img.cols; ++x) {
        const int a = s[x][3];
        for (int c = 0; c < 3; ++c) d[x][c] = static_cast<uchar>((s[x][c] * a + 255 * (255 - a) + 127) / 255);
      }
    }
    return bgr;
  }
  return img;
}

}  // namespace

cv::Mat ApplyExifOrientation(const cv::Mat& stored, int orientation) {
  cv::Mat out;
  switch (orientation) {
    case 2: cv::flip(stored, out, 1); break;                          // mirror horizontal
    case 3: cv::rotate(stored, out, cv::ROTATE_180); break;           // rotate 180
    case 4: cv::flip(stored, out, 0); break;                          // mirror vertical
    case 5: cv::transpose(stored, out); break;                        // mirror along main diagonal
    case 6: cv::rotate(stored, out, cv::ROTATE_90_CLOCKWISE); break;  // rotate 90 CW
    case 7:
      cv::transpose(stored, out);
      cv::flip(out, out, -1);
      break;                                                                 // mirror along anti-diagonal
    case 8: cv::rotate(stored, out, cv::ROTATE_90_COUNTERCLOCKWISE); break;  // rotate 90 CCW
    default: out = stored; break;
  }
  return out;
}

Result<DecodedImage> DecodeImage(std::string_view bytes, const ImageLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return Status(ErrorCode::kImageTooLarge,
                  "the image is " + std::to_string(bytes.size()) + " bytes; the limit is " + Mib(limits.max_bytes));
  }
  auto header = ProbeImage(bytes);
  if (!header.ok()) return header.status();
  if (Status s = CheckDeclaredSize(*header, limits); !s.ok()) return s;

  DecodedImage out;
  out.info.format = std::string(FormatName(header->format));
  out.info.exif_orientation = header->exif_orientation;
  if (header->format == ImageFormat::kHeif) {
    auto heif = DecodeHeif(bytes);
    if (!heif.ok()) return heif.status();
    out.bgr = std::move(heif).value();
  } else if (header->format == ImageFormat::kWebp) {
    auto webp = DecodeWebp(bytes);
    if (!webp.ok()) return webp.status();
    out.bgr = ApplyExifOrientation(ToBgr8(*webp), header->exif_orientation);
  } else {
    // cv::imdecode chooses a decoder by signature, not by our probe: never let
    // bytes that OpenCV's DICOM reader (GDCM) would also claim reach it
    // ("DICM" at offset 128), whatever the header says they are.
    if (bytes.size() >= 132 && bytes.substr(128, 4) == "DICM") {
      return Status(ErrorCode::kImageCorrupt, "the " + out.info.format + " data could not be decoded");
    }
    // JPEG through IMREAD_COLOR (handles grey and CMYK); other formats keep
    // depth and alpha so ToBgr8 can scale 16-bit data and composite alpha.
    const int flags = header->format == ImageFormat::kJpeg ? (cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION)
                                                           : cv::IMREAD_UNCHANGED;
    cv::Mat raw;
    try {
      const cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
      raw = cv::imdecode(buf, flags);
    } catch (const cv::Exception&) {
      raw.release();  // OpenCV throws on some corrupt streams; report it as corrupt below.
    }
    if (raw.empty()) {
      return Status(ErrorCode::kImageCorrupt, "the " + out.info.format + " data could not be decoded");
    }
    out.bgr = ApplyExifOrientation(ToBgr8(raw), header->exif_orientation);
  }
  if (out.bgr.empty() || out.bgr.type() != CV_8UC3) {
    return Status(ErrorCode::kImageCorrupt, "the " + out.info.format + " data could not be decoded");
  }
  out.info.width = out.bgr.cols;
  out.info.height = out.bgr.rows;
  return out;
}

}  // namespace idmatch::image
