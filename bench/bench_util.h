// Shared helpers of the benchmarks.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

namespace idmatch::bench {

// A photo resized to about `megapixels` and re-encoded as JPEG quality 90.
inline std::string JpegAt(const std::string& path, double megapixels) {
  cv::Mat img = cv::imread(path, cv::IMREAD_COLOR);
  if (img.empty()) return "";
  const double s = std::sqrt(megapixels * 1e6 / (double(img.cols) * img.rows));
  cv::resize(img, img, cv::Size(), s, s, s < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
  std::vector<uchar> buf;
  cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, 90});
  return std::string(buf.begin(), buf.end());
}

// The deepface photo folder: $IDMATCH_SHARED_DIR or ../shared next to the repository.
inline std::string PhotoDir() {
  const char* env = std::getenv("IDMATCH_SHARED_DIR");
  return std::string(env && *env ? env : IDMATCH_SOURCE_DIR "/../shared") + "/testdata/faces/deepface";
}

}  // namespace idmatch::bench
