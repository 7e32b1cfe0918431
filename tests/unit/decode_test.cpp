// Decoding every supported format, EXIF orientation, and hostile input.
#include "image/decode.h"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/base64.h"
#include "image/probe.h"
#include "support/image_factory.h"

namespace idmatch::image {
namespace {

using idmatch::testing::EncodeWith;
using idmatch::testing::TestPattern;

double MeanAbsDiff(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size() || a.type() != b.type()) return 1e9;
  return cv::norm(a, b, cv::NORM_L1) / double(a.total() * a.channels());
}

struct FormatCase {
  std::string name;
  std::string expected_format;
  std::function<std::string(const cv::Mat&)> encode;
  double tolerance;  // mean absolute error allowed, 0..255
};

void PrintTo(const FormatCase& c, std::ostream* os) { *os << c.name; }

class FormatTest : public ::testing::TestWithParam<FormatCase> {};

TEST_P(FormatTest, DecodesToBgrCloseToTheOriginal) {
  const cv::Mat original = TestPattern(160, 120);
  const std::string bytes = GetParam().encode(original);
  auto decoded = DecodeImage(bytes, ImageLimits{});
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->info.format, GetParam().expected_format);
  EXPECT_EQ(decoded->bgr.type(), CV_8UC3);
  EXPECT_EQ(decoded->info.width, 160);
  EXPECT_EQ(decoded->info.height, 120);
  EXPECT_LT(MeanAbsDiff(decoded->bgr, original), GetParam().tolerance);
}

cv::Mat Grey(const cv::Mat& bgr) {
  cv::Mat g;
  cv::cvtColor(bgr, g, cv::COLOR_BGR2GRAY);
  return g;
}

INSTANTIATE_TEST_SUITE_P(
    AllFormats, FormatTest,
    ::testing::Values(FormatCase{"jpeg_baseline", "jpeg",
                                 [](const cv::Mat& m) {
                                   return EncodeWith(m, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 95});
                                 },
                                 6},
                      FormatCase{"jpeg_progressive", "jpeg",
                                 [](const cv::Mat& m) {
                                   return EncodeWith(m, ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
                                 },
                                 6},
                      FormatCase{"jpeg_cmyk", "jpeg", [](const cv::Mat& m) { return testing::EncodeCmykJpeg(m); }, 8},
                      FormatCase{"png8", "png", [](const cv::Mat& m) { return EncodeWith(m, ".png"); }, 0.01},
                      FormatCase{"png16", "png",
                                 [](const cv::Mat& m) {
                                   cv::Mat m16;
                                   m.convertTo(m16, CV_16U, 257.0);
                                   return EncodeWith(m16, ".png");
                                 },
                                 0.01},
                      FormatCase{"png_palette", "png", [](const cv::Mat& m) { return testing::EncodePalettePng(m); },
                                 16},
                      FormatCase{"webp", "webp",
                                 [](const cv::Mat& m) {
                                   return EncodeWith(m, ".webp", {cv::IMWRITE_WEBP_QUALITY, 95});
                                 },
                                 6},
                      FormatCase{"webp_lossless", "webp",
                                 [](const cv::Mat& m) {
                                   return EncodeWith(m, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101});
                                 },
                                 0.01},
                      FormatCase{"bmp", "bmp", [](const cv::Mat& m) { return EncodeWith(m, ".bmp"); }, 0.01},
                      FormatCase{"tiff", "tiff", [](const cv::Mat& m) { return EncodeWith(m, ".tiff"); }, 0.01},
                      FormatCase{"heic", "heif", [](const cv::Mat& m) { return testing::EncodeHeic(m); }, 8}),
    [](const auto& info) { return info.param.name; });

TEST(Decode, GreyJpegBecomesThreeEqualChannels) {
  const cv::Mat grey = Grey(TestPattern(64, 48));
  auto decoded = DecodeImage(EncodeWith(grey, ".jpg"), ImageLimits{});
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  std::vector<cv::Mat> ch;
  cv::split(decoded->bgr, ch);
  EXPECT_EQ(cv::norm(ch[0], ch[1], cv::NORM_INF), 0);
  EXPECT_LT(MeanAbsDiff(ch[0], grey), 3);
}

TEST(Decode, PngAlphaIsCompositedOverWhite) {
  cv::Mat bgra(32, 32, CV_8UC4, cv::Scalar(0, 0, 0, 0));           // fully transparent black
  bgra(cv::Rect(0, 0, 16, 32)).setTo(cv::Scalar(0, 0, 255, 255));  // opaque red left half
  auto decoded = DecodeImage(EncodeWith(bgra, ".png"), ImageLimits{});
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->bgr.at<cv::Vec3b>(5, 25), cv::Vec3b(255, 255, 255));
  EXPECT_EQ(decoded->bgr.at<cv::Vec3b>(5, 5), cv::Vec3b(0, 0, 255));
}

// Where the stored pixel (x, y) of a W x H image lands when displayed, per
// the EXIF 2.3 definition of each orientation value (written independently
// of the implementation's OpenCV calls).
cv::Point DisplayedPosition(int orientation, int x, int y, int w, int h) {
  switch (orientation) {
    case 2: return {w - 1 - x, y};
    case 3: return {w - 1 - x, h - 1 - y};
    case 4: return {x, h - 1 - y};
    case 5: return {y, x};
    case 6: return {h - 1 - y, x};
    case 7: return {h - 1 - y, w - 1 - x};
    case 8: return {y, w - 1 - x};
    default: return {x, y};
  }
}

class ExifOrientationTest : public ::testing::TestWithParam<std::tuple<int, bool>> {};

TEST_P(ExifOrientationTest, StoredPixelsAreTurnedUpright) {
  const auto [orientation, big_endian] = GetParam();
  const cv::Mat stored = TestPattern(64, 40);
  const std::string jpeg = testing::WithExifOrientation(EncodeWith(stored, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 100}),
                                                        orientation, big_endian);
  auto header = ProbeImage(jpeg);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->exif_orientation, orientation);
  auto decoded = DecodeImage(jpeg, ImageLimits{});
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  const bool swapped = orientation >= 5;
  ASSERT_EQ(decoded->bgr.cols, swapped ? 40 : 64);
  ASSERT_EQ(decoded->bgr.rows, swapped ? 64 : 40);
  // Compare at the marker block and a few pixels: the decoded image at the
  // displayed position must hold the stored pixel (JPEG-lossy tolerance).
  for (auto [x, y] : {std::pair{2, 2}, {60, 3}, {5, 37}, {50, 30}, {32, 20}}) {
    const cv::Point d = DisplayedPosition(orientation, x, y, 64, 40);
    const cv::Vec3b a = stored.at<cv::Vec3b>(y, x);
    const cv::Vec3b b = decoded->bgr.at<cv::Vec3b>(d);
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(a[c], b[c], 24) << "orientation " << orientation << " at " << x << "," << y;
  }
}

INSTANTIATE_TEST_SUITE_P(AllOrientations, ExifOrientationTest,
                         ::testing::Combine(::testing::Range(1, 9), ::testing::Bool()));

TEST(DecodeLimits, RefusesMoreBytesThanTheLimit) {
  ImageLimits limits;
  limits.max_bytes = 2048;
  const std::string big = EncodeWith(TestPattern(300, 300), ".png");
  ASSERT_GT(big.size(), 2048u);
  auto r = DecodeImage(big, limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kImageTooLarge);
}

TEST(DecodeLimits, RefusesDecompressionBombFromTheHeaderAlone) {
  // A real 1x1 PNG whose IHDR is rewritten to claim 60000 x 60000 (3.6 GP).
  std::string png = EncodeWith(TestPattern(16, 16), ".png");
  const unsigned char claim[8] = {0x00, 0x00, 0xEA, 0x60, 0x00, 0x00, 0xEA, 0x60};
  png.replace(16, 8, reinterpret_cast<const char*>(claim), 8);
  auto r = DecodeImage(png, ImageLimits{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kImageDimensionsTooLarge);
}

TEST(DecodeLimits, RefusesJpegDeclaringTooManyPixels) {
  ImageLimits limits;
  limits.max_pixels = 100 * 100;
  auto r = DecodeImage(EncodeWith(TestPattern(200, 100), ".jpg"), limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kImageDimensionsTooLarge);
}

TEST(DecodeLimits, RefusesTinyImages) {
  auto r = DecodeImage(EncodeWith(TestPattern(8, 8), ".png"), ImageLimits{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kImageTooSmall);
}

TEST(DecodeHostile, EmptyInput) {
  auto r = DecodeImage("", ImageLimits{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kImageEmpty);
}

TEST(DecodeHostile, TextIsNotAnImage) {
  auto r = DecodeImage("this is certainly not an image, just some text", ImageLimits{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnsupportedImageFormat);
}

TEST(DecodeHostile, GifIsUnsupported) {
  auto r = DecodeImage(std::string("GIF89a\x10\x00\x10\x00\x80\x00\x00", 13), ImageLimits{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnsupportedImageFormat);
}

class TruncationTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TruncationTest, EveryCutIsRefusedWithoutCrashing) {
  const cv::Mat img = TestPattern(96, 64);
  const std::string full = GetParam() == ".heic" ? testing::EncodeHeic(img) : EncodeWith(img, GetParam());
  ASSERT_TRUE(DecodeImage(full, ImageLimits{}).ok());
  // Cut at many points; every cut must be refused with an input error code.
  for (size_t cut = 1; cut < full.size(); cut += std::max<size_t>(1, full.size() / 97)) {
    auto r = DecodeImage(std::string_view(full).substr(0, cut), ImageLimits{});
    if (r.ok()) {
      ADD_FAILURE() << GetParam() << " cut at " << cut << " of " << full.size() << " decoded";
      continue;
    }
    const ErrorCode c = r.status().code();
    EXPECT_TRUE(c == ErrorCode::kImageTruncated || c == ErrorCode::kImageCorrupt || c == ErrorCode::kImageTooSmall ||
                c == ErrorCode::kUnsupportedImageFormat)
        << GetParam() << " cut at " << cut << ": " << r.status().ToString();
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, TruncationTest, ::testing::Values(".jpg", ".png", ".webp", ".bmp", ".tiff", ".heic"),
                         [](const auto& info) { return info.param.substr(1); });

// Found by fuzz/run.sh: a RIFF/WEBP file whose VP8L header libwebp rejects,
// with "DICM" at offset 128. cv::imdecode passed it to GDCM (DICOM), which
// asked for 2 GB. WebP is now decoded by libwebp itself and nothing that GDCM
// would claim reaches cv::imdecode.
TEST(DecodeHostile, WebpThatAlsoLooksLikeDicomIsRefusedCheaply) {
  auto bytes = base64::DecodeField(
      "UklGRqoAAABXRUJQVlA4TJ0AAAAvH8CAOwEAYGEAAGuI6H/uAiAI/98eYvz7HwAGRW0bJkOLnAIxGMxWOgoGHlsBFGguczcNBtRp+jguhpun0gI0"
      "2pz2eA5GwVitGyB9k20y2uz28h3Oy31fABRbARRoLnM3DQbUafo4Loabp9JESUNNAgAAAC8fwIA7AQBgYQAAa4jof+4CIAj/3x5i/PsfAAZFbRsm"
      "Q/5/4/9ysqCRqQDgHwA=",
      "fuzz");
  ASSERT_TRUE(bytes.ok());
  ASSERT_EQ(bytes->substr(128, 4), "DICM");
  auto r = DecodeImage(*bytes, ImageLimits{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kImageCorrupt);
  // The same guard for the formats cv::imdecode still reads: a PNG carrying "DICM" at 128.
  std::string png = testing::EncodeWith(testing::TestPattern(64, 48), ".png");
  ASSERT_GT(png.size(), 132u);
  png.replace(128, 4, "DICM");
  EXPECT_EQ(DecodeImage(png, ImageLimits{}).status().code(), ErrorCode::kImageCorrupt);
}

TEST(DecodeHostile, TruncatedJpegSaysTruncated) {
  const std::string full = EncodeWith(TestPattern(200, 150), ".jpg");
  auto r = DecodeImage(std::string_view(full).substr(0, full.size() * 2 / 3), ImageLimits{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kImageTruncated);
  EXPECT_NE(r.status().message().find("truncated"), std::string::npos);
}

TEST(DecodeHostile, RandomBytesBehindValidMagicNeverCrash) {
  cv::RNG rng(1234);
  const std::vector<std::string> magics = {"\xFF\xD8\xFF",
                                           "\x89PNG\r\n\x1A\n",
                                           "RIFF\x20\x00\x00\x00WEBPVP8 ",
                                           "BM",
                                           std::string("II*\0", 4),
                                           std::string("\0\0\0\x18"
                                                       "ftypheic",
                                                       12)};
  for (const auto& magic : magics) {
    for (int i = 0; i < 50; ++i) {
      std::string data = magic;
      const int n = rng.uniform(0, 400);
      for (int k = 0; k < n; ++k) data += static_cast<char>(rng.uniform(0, 256));
      auto r = DecodeImage(data, ImageLimits{});
      if (r.ok()) {
        EXPECT_EQ(r->bgr.type(), CV_8UC3);  // a lucky valid image is fine; a crash is not
      }
    }
  }
}

}  // namespace
}  // namespace idmatch::image
