// Builds test images in every supported encoding with real encoders
// (libjpeg, libpng, libheif via OpenCV or directly), so decoder tests never
// depend on binary fixtures.
#pragma once

#include <map>
#include <opencv2/core.hpp>
#include <string>

namespace idmatch::testing {

// A deterministic, asymmetric colour test pattern (gradients plus a marker
// block in the top-left corner) so orientation mistakes are visible.
cv::Mat TestPattern(int width, int height);

std::string EncodeWith(const cv::Mat& image, const std::string& ext, const std::vector<int>& params = {});
// The image as a JPEG of `quality` would decode (compression artefacts only).
cv::Mat JpegRoundTrip(const cv::Mat& image, int quality);
// The centre of `photo` cropped to `size`'s aspect ratio and resized to it.
cv::Mat CentreCrop(const cv::Mat& photo, cv::Size size);
// The part of a `photo`-sized image that CentreCrop(photo, size) keeps.
cv::Rect CentreCropRect(cv::Size photo, cv::Size size);
std::string EncodeCmykJpeg(const cv::Mat& bgr);
std::string EncodePalettePng(const cv::Mat& bgr);
std::string EncodeHeic(const cv::Mat& bgr);
// Inserts an EXIF APP1 segment with IFD0 Orientation = `orientation` right
// after the SOI marker of a JPEG.
std::string WithExifOrientation(const std::string& jpeg, int orientation, bool big_endian = false);

// Directory of the shared test data (../shared next to the repository unless
// IDMATCH_SHARED_DIR says otherwise).
std::string SharedDir();
std::string ReadFileOrEmpty(const std::string& path);

// A sidecar expectations file of tests/samples/ ("# comment" lines; other
// lines "<key words...> <count>"): key words joined by one space -> count.
std::map<std::string, int> ReadExpectations(const std::string& name);

}  // namespace idmatch::testing
