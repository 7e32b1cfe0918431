// Image bombs around the pixel limits, built byte by byte: headers whose
// dimensions a naive probe reads differently from the decoder, and JPEGs
// whose decoding work far exceeds what their size suggests. Each must be
// refused by the probe, before any decoder runs, in milliseconds.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "image/decode.h"
#include "image/probe.h"
#include "support/image_factory.h"

namespace idmatch::image {
namespace {

using idmatch::testing::EncodeWith;
using idmatch::testing::TestPattern;

void Put16(std::string& s, size_t at, uint32_t v) {
  s[at] = char(v & 0xFF);
  s[at + 1] = char((v >> 8) & 0xFF);
}
void Put32(std::string& s, size_t at, uint32_t v) {
  Put16(s, at, v & 0xFFFF);
  Put16(s, at + 2, v >> 16);
}

struct TiffEntry {
  uint16_t tag, type;
  uint32_t count, value;
};

// A little-endian TIFF: one IFD per page (entries as given), pages chained,
// then `extra` bytes (where LONG8 values point).
std::string Tiff(const std::vector<std::vector<TiffEntry>>& pages, const std::string& extra = "", bool loop = false) {
  std::string s("II*\0\0\0\0\0", 8);
  std::vector<size_t> starts;
  for (const auto& page : pages) {
    starts.push_back(s.size());
    std::string ifd(2 + page.size() * 12 + 4, '\0');
    Put16(ifd, 0, uint16_t(page.size()));
    for (size_t i = 0; i < page.size(); ++i) {
      Put16(ifd, 2 + i * 12, page[i].tag);
      Put16(ifd, 4 + i * 12, page[i].type);
      Put32(ifd, 6 + i * 12, page[i].count);
      Put32(ifd, 10 + i * 12, page[i].value);
    }
    s += ifd;
  }
  Put32(s, 4, uint32_t(starts[0]));
  for (size_t p = 0; p + 1 < starts.size(); ++p) {
    Put32(s, starts[p] + 2 + pages[p].size() * 12, uint32_t(starts[p + 1]));
  }
  if (loop) Put32(s, starts.back() + 2 + pages.back().size() * 12, uint32_t(starts[0]));
  return s + extra + std::string(64, '\0');
}

TEST(ImageBombs, TiffLong8DimensionsAreReadAsTheDecoderReadsThem) {
  // Width and height as LONG8 (type 16): the 4-byte field holds an offset
  // (here 134 and 142), the values there are 30000.
  std::string extra(16, '\0');
  Put32(extra, 0, 30000);
  Put32(extra, 8, 30000);
  const size_t at = 8 + 2 + 2 * 12 + 4;
  const std::string tiff = Tiff({{{256, 16, 1, uint32_t(at)}, {257, 16, 1, uint32_t(at + 8)}}}, extra);
  auto header = ProbeImage(tiff);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->width, 30000);
  EXPECT_EQ(header->height, 30000);
  auto r = DecodeImage(tiff, ImageLimits{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kImageDimensionsTooLarge);
}

TEST(ImageBombs, EveryTiffPageIsCheckedAndOddTagsAreRefused) {
  // A small first page and a huge second one.
  const std::string two_pages = Tiff({{{256, 3, 1, 100}, {257, 3, 1, 100}}, {{256, 4, 1, 40000}, {257, 4, 1, 3000}}});
  auto header = ProbeImage(two_pages);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->width, 40000);
  auto r = DecodeImage(two_pages, ImageLimits{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kImageDimensionsTooLarge);
  // A chain that returns to its first page; a width as a RATIONAL; two widths.
  for (const std::string& bad :
       {Tiff({{{256, 3, 1, 100}, {257, 3, 1, 100}}, {{256, 3, 1, 100}, {257, 3, 1, 100}}}, "", true),
        Tiff({{{256, 5, 1, 8}, {257, 3, 1, 100}}}), Tiff({{{256, 3, 2, 100}, {257, 3, 1, 100}}})}) {
    auto refused = ProbeImage(bad);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), ErrorCode::kImageCorrupt) << refused.status().message();
  }
}

// A JPEG whose header is a real 16x16 image's, with its scan data replaced.
std::string JpegWithScans(int scans, int width, int height, size_t bytes_per_scan) {
  const std::string real = EncodeWith(TestPattern(16, 16), ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  const size_t sos = real.find("\xFF\xDA");
  std::string header = real.substr(0, sos);
  const size_t sof = header.find("\xFF\xC2");
  header[sof + 5] = char(height >> 8);
  header[sof + 6] = char(height & 0xFF);
  header[sof + 7] = char(width >> 8);
  header[sof + 8] = char(width & 0xFF);
  const std::string sos_segment = real.substr(sos, 2 + ((uint8_t(real[sos + 2]) << 8) | uint8_t(real[sos + 3])));
  std::string out = header;
  for (int i = 0; i < scans; ++i) out += sos_segment + std::string(bytes_per_scan, '\x55');
  return out + "\xFF\xD9";
}

TEST(ImageBombs, JpegScanCountAndDataFloorAreEnforcedBeforeDecoding) {
  // Thousands of empty progressive scans (decoded for 54 s before). The
  // probe itself refuses, so no decoder ever runs on it.
  const std::string scans = JpegWithScans(3000, 2000, 2000, 100);
  EXPECT_FALSE(ProbeImage(scans).ok());
  auto many = DecodeImage(scans, ImageLimits{});
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.status().code(), ErrorCode::kImageCorrupt);
  EXPECT_NE(many.status().message().find("scans"), std::string::npos);
  // 7000x7000 declared on a few kilobytes (7.9 s of corrupt-data warnings before).
  const std::string thin_bytes = JpegWithScans(2, 7000, 7000, 2000);
  EXPECT_FALSE(ProbeImage(thin_bytes).ok());
  auto thin = DecodeImage(thin_bytes, ImageLimits{});
  ASSERT_FALSE(thin.ok());
  EXPECT_EQ(thin.status().code(), ErrorCode::kImageTruncated);
  // A real progressive JPEG passes both rules.
  auto real = DecodeImage(EncodeWith(TestPattern(640, 480), ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1}), ImageLimits{});
  EXPECT_TRUE(real.ok()) << real.status().ToString();
}

}  // namespace
}  // namespace idmatch::image
