// Writes small valid images of every accepted format into a directory, as the
// fuzzer's seed corpus.
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  cv::Mat img(24, 32, CV_8UC3);
  for (int y = 0; y < img.rows; ++y)
    for (int x = 0; x < img.cols; ++x) img.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(8 * x), uchar(10 * y), uchar(x ^ y));
  cv::Mat img16;
  img.convertTo(img16, CV_16U, 257.0);
  const std::vector<std::tuple<std::string, cv::Mat, std::vector<int>>> seeds = {
      {"seed.jpg", img, {}},  {"seed-progressive.jpg", img, {cv::IMWRITE_JPEG_PROGRESSIVE, 1}},
      {"seed.png", img, {}},  {"seed16.png", img16, {}},
      {"seed.webp", img, {}}, {"seed-lossless.webp", img, {cv::IMWRITE_WEBP_QUALITY, 101}},
      {"seed.bmp", img, {}},  {"seed.tiff", img, {}},
  };
  for (const auto& [name, mat, params] : seeds) {
    std::vector<uchar> buf;
    const std::string ext = name.substr(name.rfind('.'));
    if (!cv::imencode(ext, mat, buf, params)) return 1;
    std::ofstream(std::string(argv[1]) + "/" + name, std::ios::binary)
        .write(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
  }
  return 0;
}
